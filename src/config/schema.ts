/**
 * The configuration's shape, validated once at start. YAML keys are snake_case; the
 * compiled config handed to constructors is camelCase and frozen. Objects are strict so
 * that a misspelt key is reported instead of silently ignored.
 */
import { z } from 'zod';

function isHttpUrl(u: string): boolean {
  try {
    const p = new URL(u).protocol;
    return p === 'http:' || p === 'https:';
  } catch {
    return false;
  }
}

const httpUrl = z
  .string()
  .refine(isHttpUrl, 'must be an http:// or https:// URL, e.g. https://api.bigcommerce.com or http://localhost:8069')
  .transform((u) => u.replace(/\/+$/, ''));

const positiveInt = z.number().int().positive();

export const bigcommerceSchema = z.strictObject({
  store_hash: z
    .string()
    .regex(/^[a-z0-9]+$/i, 'must be the store hash from the API path (letters and digits), e.g. abc123'),
  access_token: z.string().min(1, 'is required (the X-Auth-Token of a store API account)'),
  api_base_url: httpUrl.default('https://api.bigcommerce.com'),
  /** concurrent requests to this store */
  concurrency: positiveInt.max(32).default(4),
  /** share of the quota left for the store's other apps */
  quota_headroom: z.number().min(0).max(0.9).default(0.2),
  timeout_ms: positiveInt.default(30_000),
});

export const odooSchema = z.strictObject({
  url: httpUrl,
  db: z.string().min(1, 'is required (the Odoo database name)'),
  username: z.string().min(1, 'is required (the Odoo login)'),
  password: z.string().min(1, 'is required (the password or an API key of that user)'),
  protocol: z.enum(['auto', 'jsonrpc', 'json2']).default('auto'),
  timeout_ms: positiveInt.default(60_000),
});

export const ORDER_ACTIONS = ['skip', 'quotation', 'confirm', 'confirm+invoice', 'confirm+invoice+paid', 'cancel'] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

/**
 * What an order in each BigCommerce status becomes in Odoo, keyed by status id (merchants
 * rename statuses, so labels are never used). Documented in the README.
 */
export const DEFAULT_STATUS_MAP: Readonly<Record<number, OrderAction>> = {
  0: 'skip', // Incomplete: an abandoned checkout
  1: 'quotation', // Pending
  2: 'confirm+invoice+paid', // Shipped
  3: 'confirm+invoice+paid', // Partially Shipped
  4: 'confirm+invoice+paid', // Refunded (the refund becomes a credit note)
  5: 'cancel', // Cancelled
  6: 'cancel', // Declined
  7: 'confirm', // Awaiting Payment
  8: 'confirm+invoice+paid', // Awaiting Pickup
  9: 'confirm+invoice+paid', // Awaiting Shipment
  10: 'confirm+invoice+paid', // Completed
  11: 'confirm+invoice+paid', // Awaiting Fulfillment
  12: 'quotation', // Manual Verification Required
  13: 'confirm+invoice', // Disputed
  14: 'confirm+invoice+paid', // Partially Refunded
};

const statusMapSchema = z
  .record(z.string().regex(/^\d+$/, 'keys are BigCommerce status ids (numbers)'), z.enum(ORDER_ACTIONS, { message: `must be one of ${ORDER_ACTIONS.join(', ')}` }))
  .default({});

export const ordersSchema = z.strictObject({
  /** merged over DEFAULT_STATUS_MAP */
  status_map: statusMapSchema,
  /** when Odoo's total cannot be made equal to BigCommerce's */
  total_mismatch: z.enum(['adjust', 'quotation', 'fail']).default('adjust'),
  /** the product that stands in for lines whose product was deleted in BigCommerce */
  placeholder_product: z.string().min(1).default('BigCommerce deleted product'),
});

export const paymentRowSchema = z.strictObject({
  /** BigCommerce payment_method, compared case-insensitively; omit on the default row */
  method: z.string().min(1).optional(),
  default: z.boolean().default(false),
  /** journal code (e.g. BNK1) or name */
  journal: z.string().min(1, 'is required (a journal code such as BNK1, or its name)'),
  /** pricelist name that overrides the currency-based choice */
  pricelist: z.string().min(1).optional(),
  /** currency code whose pricelist to use */
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO currency code such as EUR').optional(),
});

export const instanceSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must be a short name of letters, digits, "_", "-" or "."'),
    bigcommerce: bigcommerceSchema,
    odoo: odooSchema,
    orders: ordersSchema.default({ status_map: {}, total_mismatch: 'adjust', placeholder_product: 'BigCommerce deleted product' }),
    /** payment-method rows; when absent, one default row using the first bank journal */
    payments: z.array(paymentRowSchema).optional(),
  })
  .superRefine((inst, ctx) => {
    if (!inst.payments) return;
    const defaults = inst.payments.map((p, i) => (p.default ? i : -1)).filter((i) => i >= 0);
    if (defaults.length !== 1) {
      ctx.addIssue({ code: 'custom', path: ['payments'], message: `needs exactly one row with default: true (found ${defaults.length})` });
    }
    const seen = new Map<string, number>();
    inst.payments.forEach((p, i) => {
      if (!p.default && !p.method) ctx.addIssue({ code: 'custom', path: ['payments', i, 'method'], message: 'is required on every row but the default one' });
      if (p.method) {
        const k = p.method.trim().toLowerCase();
        if (seen.has(k)) ctx.addIssue({ code: 'custom', path: ['payments', i, 'method'], message: `"${p.method}" is already mapped by payments[${seen.get(k)}]` });
        seen.set(k, i);
      }
    });
  });

export const fileSchema = z.strictObject({
  log_level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  instances: z.array(instanceSchema).min(1, 'needs at least one store instance'),
});

export type FileConfigInput = z.input<typeof fileSchema>;
export type FileConfig = z.output<typeof fileSchema>;
