/**
 * The products an order or credit note line sells when it is not a catalog product: one
 * service product per kind of amount (shipping, handling, gift wrapping, fees, discounts, and
 * adjustments: an order's to its total, a credit note's rounding) and the placeholder product that stands in for a
 * product BigCommerce no longer has. Made on first use and bound per store (kind `service`),
 * so orders (order/) and refunds (refund/) share them.
 */
import type { ImportContext } from './context.js';

const SERVICES = {
  shipping: ['BigCommerce shipping', 'BC-SHIPPING'],
  handling: ['BigCommerce handling', 'BC-HANDLING'],
  wrapping: ['BigCommerce gift wrapping', 'BC-WRAPPING'],
  fee: ['BigCommerce fee', 'BC-FEE'],
  discount: ['BigCommerce discount', 'BC-DISCOUNT'],
  adjustment: ['BigCommerce total adjustment', 'BC-ADJUSTMENT'],
} as const satisfies Record<string, readonly [name: string, code: string]>;

export type ServiceKey = keyof typeof SERVICES | 'placeholder';

/** The service products (and the placeholder), created on first use; bound per store. */
export async function serviceProducts(ctx: ImportContext, placeholderName: string): Promise<Map<ServiceKey, number>> {
  const keys = [...Object.keys(SERVICES), 'placeholder'] as ServiceKey[];
  const bound = await ctx.binder.resolve('service', keys);
  const missing = keys.filter((k) => !bound.has(k));
  if (missing.length) {
    const res = await ctx.binder.upsert(
      'service',
      'product.product',
      missing.map((k) => {
        const [name, code] = k === 'placeholder' ? [placeholderName, 'BC-DELETED'] : SERVICES[k];
        const type = k === 'placeholder' ? ctx.caps.consumableValue : ctx.caps.serviceValue;
        return {
          bcId: k,
          values: {
            name,
            default_code: code,
            ...type,
            sale_ok: true,
            purchase_ok: false,
            invoice_policy: 'order',
            list_price: 0,
            taxes_id: [[6, 0, []]],
          },
        };
      }),
    );
    if (res.failed.length)
      throw new Error(`could not create the order service products: ${res.failed[0]!.error.message}`);
    for (const [k, v] of res.created) bound.set(k, v);
  }
  return new Map([...bound].map(([k, v]) => [k as ServiceKey, v]));
}
