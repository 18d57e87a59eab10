/**
 * The lines step of a page: the lines of every order that is still a quotation, written in one
 * batched upsert (`order_line_<key>`), then the lines BigCommerce no longer has removed from
 * the quotations that had been imported before. A confirmed order keeps the lines it was
 * confirmed with. An order with a line Odoo refused fails (and keeps its "pending" header).
 */
import type { ImportContext } from '../context.js';
import { crashPoint } from '../crash-points.js';
import type { Tally } from '../tally.js';
import type { OrderLineSpec } from './mapper.js';
import { failOrder, type WrittenOrder } from './page.js';
import type { OrderProducts } from './products.js';
import { taxKey } from './sale-taxes.js';
import type { RunData } from './run-data.js';

interface LineRecord {
  bcId: string;
  order: WrittenOrder;
  values: Record<string, unknown>;
}

/** Writes the quotations' lines; returns the orders that got through (confirmed ones included). */
export async function writeLines(
  ctx: ImportContext,
  tally: Tally,
  run: RunData,
  products: OrderProducts,
  written: readonly WrittenOrder[],
): Promise<WrittenOrder[]> {
  const quotations = written.filter((o) => o.draft);
  const records = quotations.flatMap((o) => o.lines.map((l, seq) => lineRecord(o, l, seq, run.taxField, products)));
  const res = await ctx.binder.upsert(
    'order_line',
    'sale.order.line',
    records.map((l) => ({ bcId: l.bcId, values: l.values })),
  );
  crashPoint('orders:lines');
  const refused = new Set<number>();
  for (const f of res.failed) {
    const o = records.find((l) => l.bcId === f.bcId)!.order;
    if (refused.has(o.d.order.id)) continue;
    refused.add(o.d.order.id);
    await failOrder(tally, o.d, new Error(`line ${f.bcId}: ${f.error.message}`));
  }
  const kept = new Set([...res.created.values(), ...res.updated.values()]);
  await removeStaleLines(
    ctx,
    quotations.filter((o) => o.existingId !== undefined),
    kept,
  );
  return written.filter((o) => !refused.has(o.d.order.id));
}

/** One sale.order.line: its product (the placeholder for a deleted one, a service product for amounts) and tax. */
function lineRecord(
  o: WrittenOrder,
  l: OrderLineSpec,
  seq: number,
  taxField: string,
  products: OrderProducts,
): LineRecord {
  const { services, lines, taxes } = products;
  const deleted = l.product && lines.deleted.has(l.key);
  const service = l.kind === 'product' ? undefined : services.get(l.kind);
  const productId = l.product ? (deleted ? services.get('placeholder') : lines.byLine.get(l.key)) : service;
  return {
    bcId: l.key,
    order: o,
    values: {
      order_id: o.saleOrderId,
      product_id: productId,
      name: deleted ? `${l.name} [${l.product!.sku}] (deleted in BigCommerce)` : l.name,
      product_uom_qty: l.quantity,
      price_unit: l.priceUnit,
      discount: 0,
      sequence: 10 + seq,
      [taxField]: [[6, 0, l.taxRate ? [taxes.get(taxKey(l))!] : []]], // included or not: mapper.ts
    },
  };
}

/** Lines of re-imported quotations that BigCommerce no longer has. Two calls at most. */
async function removeStaleLines(
  ctx: ImportContext,
  updated: readonly WrittenOrder[],
  kept: Set<number>,
): Promise<void> {
  if (!updated.length) return;
  const current = await ctx.odoo.search('sale.order.line', [['order_id', 'in', updated.map((o) => o.saleOrderId)]]);
  const stale = current.filter((id) => !kept.has(id));
  if (stale.length) await ctx.odoo.unlink('sale.order.line', stale);
}
