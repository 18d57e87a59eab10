/**
 * BigCommerce's webhook callbacks, as bc-odoo reads them: the body every scope shares
 * (`{scope, store_id, data, hash, created_at, producer}`, reference/webhooks.v3.yml and
 * docs/webhooks/callbacks), validated once here, and what each scope asks of bc-odoo — an
 * import by id of one entity. Callbacks are light notifications: bc-odoo follows them with the
 * same GETs as `bc-odoo import <entity> --id`, so nothing of the event's data but ids is trusted.
 *
 * The scopes bc-odoo registers (HOOK_SCOPES) are wildcards per resource; a scope of those it
 * does not act on (order messages, metafields…) is accepted and ignored, never an error.
 */
import { z } from 'zod';

/**
 * The header BigCommerce sends with every callback (set as a custom header when the hook is
 * registered, `webhooks sync`), carrying daemon.webhooks.secret: the receiver admits a callback
 * only when it matches. One name for both sides, so they cannot drift apart.
 */
export const WEBHOOK_SECRET_HEADER = 'X-BC-Odoo-Secret';

/** The hooks bc-odoo keeps registered (`webhooks sync`): one per scope. Brands have no hooks (polled). */
export const HOOK_SCOPES = [
  'store/order/*',
  'store/product/*',
  'store/sku/*',
  'store/customer/*',
  'store/category/*',
] as const;
export type HookScope = (typeof HOOK_SCOPES)[number];

const id = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);

/** A callback body. Unknown keys are kept out; `data` is read per scope by `eventTarget`. */
export const BcWebhookEvent = z.object({
  scope: z.string().regex(/^store\/[A-Za-z0-9_/*.-]+$/),
  store_id: z.union([z.string(), z.number()]).transform(String),
  data: z.record(z.string(), z.unknown()).nullish(),
  hash: z.string().min(1),
  created_at: z.number().int(),
  /** `stores/<store hash>` */
  producer: z.string().regex(/^stores\/[A-Za-z0-9]+$/),
});
export type BcWebhookEvent = z.infer<typeof BcWebhookEvent>;

/** The store hash a callback comes from (`producer`), lower-cased as store hashes compare. */
export function eventStoreHash(e: BcWebhookEvent): string {
  return e.producer.slice('stores/'.length).toLowerCase();
}

export type EventEntity = 'orders' | 'refunds' | 'products' | 'customers' | 'categories' | 'inventory';

/** What a callback asks of bc-odoo: import these ids of this entity (`--id`), or nothing. */
export type EventTarget =
  | { kind: 'import'; entity: EventEntity; id: number }
  /** `--order ID` for refunds: BigCommerce names the order, not only the refund */
  | { kind: 'refunds'; orderId: number }
  | { kind: 'ignore'; why: string };

const dataId = (e: BcWebhookEvent, ...path: string[]): number | undefined => {
  let v: unknown = e.data;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  const r = id.safeParse(v);
  return r.success && r.data > 0 ? r.data : undefined;
};

/**
 * Scope → the import it asks for. Deletions re-import by id too: the importers already handle
 * a record BigCommerce no longer has (released, archived or reported), one code path for all.
 */
export function eventTarget(e: BcWebhookEvent): EventTarget {
  const s = e.scope;
  const need = (entity: EventEntity, v: number | undefined): EventTarget =>
    v ? { kind: 'import', entity, id: v } : { kind: 'ignore', why: `${s} without an id` };
  if (s === 'store/order/refund/created') {
    const orderId = dataId(e, 'id');
    return orderId ? { kind: 'refunds', orderId } : { kind: 'ignore', why: `${s} without an order id` };
  }
  if (/^store\/order\/(created|updated|statusUpdated|archived)$/.test(s)) return need('orders', dataId(e, 'id'));
  if (/^store\/(product|sku)\/inventory\/(updated|order\/updated)$/.test(s))
    return need(
      'inventory',
      dataId(e, 'inventory', 'product_id') ?? (s.includes('/product/') ? dataId(e, 'id') : undefined),
    );
  if (/^store\/product\/(created|updated|deleted)$/.test(s)) return need('products', dataId(e, 'id'));
  if (/^store\/sku\/(created|updated|deleted)$/.test(s)) return need('products', dataId(e, 'sku', 'product_id'));
  if (/^store\/customer\/(created|updated|deleted)$/.test(s)) return need('customers', dataId(e, 'id'));
  if (/^store\/customer\/address\/(created|updated|deleted)$/.test(s))
    return need('customers', dataId(e, 'address', 'customer_id'));
  if (/^store\/category\/(created|updated|deleted)$/.test(s)) return need('categories', dataId(e, 'id'));
  return { kind: 'ignore', why: `${s}: not a scope bc-odoo imports` };
}
