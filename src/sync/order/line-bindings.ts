/**
 * Which BigCommerce order product an Odoo order line stands for, read from its binding:
 * `order_line_<order product id>`, or `order_line_<order product id>-part<n>` for the parts of
 * a line split to reach BigCommerce's tax to the cent (fit-tax.ts). Shipping, handling,
 * discount and fee lines (`order_line_<order>-shipping`…) stand for none.
 */
import type { ImportContext } from '../context.js';

const PRODUCT_LINE = /^order_line_(\d+)(?:-part\d+)?$/;

export function orderProductOfBinding(name: string): number | undefined {
  const m = PRODUCT_LINE.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** sale.order.line id → its BigCommerce order product id, for these lines, in one read. */
export async function lineOrderProducts(ctx: ImportContext, lineIds: readonly number[]): Promise<Map<number, number>> {
  if (!lineIds.length) return new Map();
  const rows = await ctx.odoo.searchRead<{ name: string; res_id: number }>(
    'ir.model.data',
    [
      ['module', '=', ctx.binder.module],
      ['model', '=', 'sale.order.line'],
      ['res_id', 'in', [...lineIds]],
      ['name', '=like', 'order\\_line\\_%'],
    ],
    ['name', 'res_id'],
  );
  const out = new Map<number, number>();
  for (const r of rows) {
    const op = orderProductOfBinding(r.name);
    if (op !== undefined) out.set(r.res_id, op);
  }
  return out;
}
