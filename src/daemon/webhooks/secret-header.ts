/**
 * The header BigCommerce sends with every callback (set as a custom header when the hook is
 * registered, `webhooks sync`), carrying daemon.webhooks.secret: the receiver admits a callback
 * only when it matches. One name for both sides, so they cannot drift apart.
 */
export const WEBHOOK_SECRET_HEADER = 'X-BC-Odoo-Secret';
