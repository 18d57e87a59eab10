/**
 * The header step of a page: each changed order gets its references resolved (partner,
 * pricelist and journal), its total checked against orders.total_mismatch, and its sale.order
 * values mapped (header-mapper.ts) — then all headers are written in one batched upsert.
 *
 * A header is written with the fingerprint "pending" (a flagged one with "flagged"): the real
 * fingerprint is committed only once its lines and workflow are done (finish.ts), so a run
 * killed in between is redone by the next one.
 */
import { crashPoint } from '../crash-points.js';
import type { ImportContext } from '../context.js';
import { missingDependency, RecordFailure } from '../failure.js';
import { FINGERPRINT_PENDING } from '../fingerprint.js';
import type { Tally } from '../tally.js';
import { mapOrderHeader, orderDate } from './header-mapper.js';
import { E, failOrder, orderName, type PlannedOrder, type PreparedOrder, type WrittenOrder } from './page.js';
import type { OrderPartners } from './partners.js';
import type { OrderProducts } from './products.js';
import { resolveOrder } from './resolve.js';
import type { RunData } from './run-data.js';
import { fitTotal } from './totals.js';

/** What the header step reads: the page's partners and products, and the run's pricelists and journals. */
export interface HeaderRefs {
  run: RunData;
  partners: OrderPartners;
  products: OrderProducts;
}

/** The orders whose references all resolved, with their header values; the others fail. */
export async function prepareOrders(
  ctx: ImportContext,
  tally: Tally,
  orders: readonly PlannedOrder[],
  refs: HeaderRefs,
): Promise<PreparedOrder[]> {
  const ready: PreparedOrder[] = [];
  for (const p of orders) {
    const prepared = await prepareOrder(ctx, tally, p, refs);
    if (prepared) ready.push(prepared);
  }
  return ready;
}

async function prepareOrder(
  ctx: ImportContext,
  tally: Tally,
  p: PlannedOrder,
  { run, partners, products }: HeaderRefs,
): Promise<PreparedOrder | undefined> {
  const o = p.d.order;
  const partnerId = partners.partnerOf(p.d);
  if (partnerId === undefined)
    return failOrder(
      tally,
      p.d,
      missingDependency(
        `customer ${o.customer_id} could not be imported, and the order has no billing email to make a guest partner from`,
      ),
    );
  await warnAboutReferences(tally, p, partners, products);
  const res = resolveOrder({ paymentMethod: o.payment_method, orderCurrency: o.default_currency_code }, run.resolve);
  if (!res.ok) return failOrder(tally, p.d, new Error(`${res.field}: ${res.error}`));
  const broken = p.lines.find((l) => l.product && products.lines.failed.has(l.key));
  if (broken)
    return failOrder(
      tally,
      p.d,
      missingDependency(`line ${broken.product!.sku}: ${products.lines.failed.get(broken.key)}`),
    );
  const fit = fitTotal(o, p.lines, ctx.instance.orders.totalMismatch, ctx.taxModel);
  if (!fit.ok) return failOrder(tally, p.d, new RecordFailure('invalid_data', fit.error));
  if (fit.warning) await tally.warn(E, o.id, fit.warning, orderName(p.d));
  const values = mapOrderHeader({
    order: o,
    partnerId,
    invoiceAddressId: partners.addresses.get(`${o.id}:invoice`),
    deliveryAddressId: partners.addresses.get(`${o.id}:delivery`),
    pricelistId: res.pricelistId,
    level: res.level,
    flag: fit.flag,
    storeName: ctx.store.name,
    draft: p.draft,
  });
  return { ...p, lines: fit.lines, values, flag: fit.flag, journalId: res.journalId, dateOrder: orderDate(o) };
}

/** Addresses Odoo could not place, and lines matched by SKU to another product: said, not failed. */
async function warnAboutReferences(
  tally: Tally,
  p: PlannedOrder,
  partners: OrderPartners,
  products: OrderProducts,
): Promise<void> {
  const id = p.d.order.id;
  for (const issue of partners.issues.get(id) ?? []) await tally.warn(E, id, issue, orderName(p.d));
  for (const l of p.lines) {
    const mismatch = products.lines.skuMismatch.get(l.key);
    if (mismatch) await tally.warn(E, id, mismatch, orderName(p.d));
  }
}

/** One batched upsert of the headers; the orders Odoo refused fail. */
export async function writeHeaders(
  ctx: ImportContext,
  tally: Tally,
  ready: readonly PreparedOrder[],
): Promise<WrittenOrder[]> {
  const res = await ctx.binder.upsert(
    'order',
    'sale.order',
    ready.map((r) => ({
      bcId: r.d.order.id,
      values: { ...r.values, x_bc_hash: r.flag ? 'flagged' : FINGERPRINT_PENDING },
    })),
  );
  for (const f of res.failed) await failOrder(tally, ready.find((r) => String(r.d.order.id) === f.bcId)!.d, f.error);
  crashPoint('orders:headers');
  tally.created += res.created.size;
  tally.updated += res.updated.size;
  tally.wrote([...res.created.keys(), ...res.updated.keys()]);
  const saleOrderOf = new Map([...res.created, ...res.updated].map(([bcId, id]) => [Number(bcId), id]));
  return ready.flatMap((r) => {
    const saleOrderId = saleOrderOf.get(r.d.order.id);
    return saleOrderId === undefined ? [] : [{ ...r, saleOrderId }];
  });
}
