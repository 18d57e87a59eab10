/**
 * Orders → sale.order (`order_<id>`) with their lines (`order_line_<order product id>`, and
 * `order_line_<order>-shipping` etc.), in the currency and pricelist the payment rows decide
 * (resolve.ts), with a total equal to BigCommerce's total_inc_tax to the cent (mapper.ts), then
 * moved through confirm / invoice / payment / cancel as the status map says (workflow.ts).
 *
 * A page of orders (up to 250) costs a bounded number of Odoo calls: partners and addresses
 * (≈ 8), products (≈ 3, more when some must be imported on the fly), taxes (≤ 2), planning
 * (2), headers and lines (≈ 5), a total check (1), and the workflow (≈ 10, payments one pair
 * of calls per journal, currency and day). Orders whose fingerprint is unchanged cost nothing.
 *
 * Lines are written while the order is a quotation. Once confirmed, a re-import updates only
 * the BigCommerce fields and moves the order forward; its lines stay as they were confirmed.
 */
import type { BcOrderDetails } from '../../bigcommerce/client.js';
import { parseBcDate } from '../../bigcommerce/dates.js';
import { odooDatetime } from '../../odoo/operation-log.js';
import { planChanges, type Mapped } from '../changes.js';
import type { ImportContext } from '../context.js';
import { crashPoint } from '../crash-points.js';
import { commitFingerprints, fingerprint, FINGERPRINT_PENDING } from '../fingerprint.js';
import { companyCurrency, describeCurrencies, ensureCurrencies, storeCurrencyCodes } from '../currencies.js';
import { CursorTracker, failUnreadable } from '../cursor.js';
import { missingDependency, notInBigCommerce, RecordFailure } from '../failure.js';
import type { EntityImporter, EntityRunOptions } from '../run-import.js';
import type { Tally } from '../tally.js';
import { adjustmentLine, orderLines, totalDifference, type OrderLineSpec } from './mapper.js';
import { customerPartners, guestPartners, orderAddresses, PlaceCache } from './partners.js';
import { lineProducts, saleTaxes, serviceProducts, taxKey, type ServiceKey } from './products.js';
import { resolveOrder, type ResolveData } from './resolve.js';
import { advanceOrders, type WorkflowOrder } from './workflow.js';

const E = 'orders';

export const orderImporter: EntityImporter = {
  entity: 'orders',
  incremental: true,
  parks: true,
  fingerprinted: { model: 'sale.order', kind: 'order' },
  async run(ctx, tally, opts) {
    const run = await runData(ctx, !!opts.dryRun);
    const cursor = new CursorTracker(!!opts.from);
    const seen = new Set<number>();
    const pages = ctx.bc.orders({
      since: opts.from,
      ids: opts.ids,
      createdFrom: opts.createdFrom,
      createdTo: opts.createdTo,
    });
    for await (const page of pages) {
      for (const e of page.errors) await failUnreadable(tally, cursor, E, e);
      for (const d of page.records) seen.add(d.order.id);
      await importPage(ctx, tally, run, page.records, opts);
      // Failed orders are parked by the run (run-import.ts) and retried first: no hold.
      for (const d of page.records) cursor.record(parseBcDate(d.order.date_modified)!.toISOString(), false);
      opts.onProgress?.(tally);
    }
    for (const id of opts.ids ?? [])
      if (!seen.has(id)) await tally.fail(E, id, notInBigCommerce(`order ${id} does not exist in BigCommerce`));
    // A walk limited by creation date says nothing about other orders' modifications.
    return { cursor: opts.createdFrom || opts.createdTo ? undefined : cursor.value() };
  },
};

interface RunData {
  resolve: ResolveData;
  places: PlaceCache;
  services?: Map<ServiceKey, number>;
  taxField: string;
}

async function runData(ctx: ImportContext, dryRun: boolean): Promise<RunData> {
  // Odoo as installed has one currency and no pricelist: make the store's usable first.
  if (ctx.instance.odoo.manageCurrencies !== false && !dryRun) {
    const codes = storeCurrencyCodes((await ctx.bc.currencies().all()).records);
    const report = await ensureCurrencies(ctx.odoo, ctx.binder, ctx.store.name, codes);
    for (const line of describeCurrencies(report)) ctx.logger.info(`orders: ${line}`);
  }
  const storePricelist = await ctx.binder.resolveOne('pricelist', 'store');
  const [pricelists, currencies, journals] = await Promise.all([
    ctx.odoo.searchRead<{ id: number; name: string; currency_id: [number, string] }>(
      'product.pricelist',
      [],
      ['name', 'currency_id'],
      { order: 'sequence, id' },
    ),
    ctx.odoo.searchRead<{ name: string }>('res.currency', [], ['name']),
    ctx.odoo.searchRead<{ id: number; name: string; code: string; type: string }>(
      'account.journal',
      [['type', 'in', ['bank', 'cash']]],
      ['name', 'code', 'type'],
      { order: 'sequence, id' },
    ),
  ]);
  return {
    resolve: {
      rows: ctx.instance.payments,
      pricelists: pricelists.map((p) => ({
        id: p.id,
        name: p.name,
        currency: p.currency_id[1],
        storePricelist: p.id === storePricelist,
      })),
      journals,
      activeCurrencies: new Set(currencies.map((c) => c.name)),
      companyCurrency: await companyCurrency(ctx.odoo),
    },
    places: new PlaceCache(),
    taxField: ctx.caps.saleLineTaxField,
  };
}

interface Prepared {
  d: BcOrderDetails;
  lines: OrderLineSpec[];
  journalId: number;
  header: Record<string, unknown>;
  item: Mapped;
}

async function importPage(
  ctx: ImportContext,
  tally: Tally,
  run: RunData,
  page: BcOrderDetails[],
  opts: EntityRunOptions,
): Promise<void> {
  const failed = new Set<number>();
  const fail = async (d: BcOrderDetails, err: unknown) => {
    failed.add(d.order.id);
    await tally.fail(E, d.order.id, err, `BigCommerce order ${d.order.id}`);
  };
  const statusMap = ctx.instance.orders.statusMap;
  const orders: BcOrderDetails[] = [];
  for (const d of page) {
    const action = statusMap[d.order.status_id];
    if (!action)
      await fail(
        d,
        new RecordFailure(
          'invalid_data',
          `status_id ${d.order.status_id} (${d.order.status ?? 'unknown'}) has no entry in orders.status_map`,
        ),
      );
    else if (action === 'skip') tally.skipped++;
    else orders.push(d);
  }
  if (!orders.length) return;

  // 1. Plan first on BigCommerce data alone, so unchanged orders cost nothing more.
  const planned = orders.map((d) => ({ d, lines: orderLines(d) }));
  const rough = await planChanges(
    ctx,
    'order',
    'sale.order',
    planned.map(({ d, lines }) => ({
      bcId: d.order.id,
      values: {},
      hash: fingerprint([
        d.order,
        d.products,
        d.shippingAddresses,
        d.couponCodes,
        d.fees,
        lines,
        statusMap[d.order.status_id],
        ctx.instance.payments,
      ]),
    })),
  );
  const changedIds = new Set([...rough.create, ...rough.update].map((x) => Number(x.bcId)));
  const hashOf = new Map([...rough.create, ...rough.update].map((x) => [Number(x.bcId), x.hash]));
  tally.unchanged += rough.unchanged.length;
  const work = planned.filter((p) => changedIds.has(p.d.order.id));
  if (!work.length) return;
  if (opts.dryRun) {
    tally.created += rough.create.length;
    tally.updated += rough.update.length;
    return;
  }
  const existing = new Map(rough.update.map((u) => [Number(u.bcId), u.odooId]));
  const states = existing.size
    ? new Map(
        (await ctx.odoo.read<{ id: number; state: string }>('sale.order', [...existing.values()], ['state'])).map(
          (r) => [r.id, r.state],
        ),
      )
    : new Map<number, string>();
  const isDraft = (orderId: number): boolean => {
    const so = existing.get(orderId);
    return so === undefined || ['draft', 'sent'].includes(states.get(so) ?? 'draft');
  };

  // 2. Partners: customers (on the fly when missing), guests, invoice and delivery contacts.
  run.services ??= await serviceProducts(ctx, ctx.instance.orders.placeholderProduct);
  const customerIds = [...new Set(work.map((w) => w.d.order.customer_id).filter((c) => c > 0))];
  const customers = await customerPartners(ctx, tally, customerIds);
  const guests = await guestPartners(
    ctx,
    run.places,
    work
      .filter((w) => w.d.order.customer_id <= 0 || !customers.has(String(w.d.order.customer_id)))
      .map((w) => ({ orderId: w.d.order.id, billing: w.d.order.billing_address })),
  );
  const partnerOf = (d: BcOrderDetails): number | undefined =>
    (d.order.customer_id > 0 ? customers.get(String(d.order.customer_id)) : undefined) ?? guests.get(d.order.id);
  const addr = await orderAddresses(
    ctx,
    run.places,
    work.flatMap((w) => {
      const parent = partnerOf(w.d);
      if (parent === undefined) return [];
      const ship = w.d.shippingAddresses[0];
      return [
        { orderId: w.d.order.id, parentId: parent, type: 'invoice' as const, address: w.d.order.billing_address },
        ...(ship ? [{ orderId: w.d.order.id, parentId: parent, type: 'delivery' as const, address: ship }] : []),
      ];
    }),
  );

  // 3. Products and taxes for the lines of orders that are (still) quotations.
  const products = await lineProducts(
    ctx,
    tally,
    work.filter((w) => isDraft(w.d.order.id)).flatMap((w) => w.lines),
  );
  const taxes = await saleTaxes(
    ctx,
    work.flatMap((w) => w.lines),
  );

  // 4. Resolve each order: partner, pricelist and journal; total policy.
  const ready: Prepared[] = [];
  for (const w of work) {
    const o = w.d.order;
    const partner = partnerOf(w.d);
    if (partner === undefined) {
      await fail(
        w.d,
        missingDependency(
          `customer ${o.customer_id} could not be imported, and the order has no billing email to make a guest partner from`,
        ),
      );
      continue;
    }
    for (const issue of addr.issues.get(o.id) ?? []) await tally.warn(E, o.id, issue, `BigCommerce order ${o.id}`);
    for (const l of w.lines) {
      const mismatch = products.skuMismatch.get(l.key);
      if (mismatch) await tally.warn(E, o.id, mismatch, `BigCommerce order ${o.id}`);
    }
    const res = resolveOrder({ paymentMethod: o.payment_method, orderCurrency: o.default_currency_code }, run.resolve);
    if (!res.ok) {
      await fail(w.d, new Error(`${res.field}: ${res.error}`));
      continue;
    }
    const broken = w.lines.filter((l) => l.product && products.failed.has(l.key));
    if (broken.length) {
      await fail(w.d, missingDependency(`line ${broken[0]!.product!.sku}: ${products.failed.get(broken[0]!.key)}`));
      continue;
    }
    let lines = w.lines;
    let flag: string | false = false;
    const diff = totalDifference(o, lines);
    if (diff !== 0) {
      const policy = ctx.instance.orders.totalMismatch;
      const note = `Odoo's total would differ from BigCommerce's ${o.total_inc_tax} by ${diff.toFixed(2)} ${o.default_currency_code}`;
      if (policy === 'fail') {
        await fail(w.d, new Error(`total_inc_tax: ${note} (orders.total_mismatch is "fail")`));
        continue;
      }
      await tally.warn(
        E,
        o.id,
        `${note}; ${policy === 'adjust' ? 'an adjustment line was added' : 'kept as a quotation (orders.total_mismatch is "quotation")'}`,
        `BigCommerce order ${o.id}`,
      );
      if (policy === 'adjust') lines = [...lines, adjustmentLine(o, lines)!];
      else flag = note;
    }
    const created = parseBcDate(o.date_created)!;
    const header: Record<string, unknown> = {
      partner_id: partner,
      partner_invoice_id: addr.ids.get(`${o.id}:invoice`) ?? partner,
      partner_shipping_id: addr.ids.get(`${o.id}:delivery`) ?? addr.ids.get(`${o.id}:invoice`) ?? partner,
      pricelist_id: res.pricelistId ?? false,
      client_order_ref: String(o.id),
      origin: `BigCommerce ${ctx.store.name}`,
      date_order: odooDatetime(created),
      note: o.customer_message || false,
      x_bc_order_id: o.id,
      x_bc_status_id: o.status_id,
      x_bc_status: o.status ?? false,
      x_bc_payment_method: o.payment_method || false,
      x_bc_total: Number(o.total_inc_tax),
      x_bc_pricelist_level: res.level,
      x_bc_flag: flag,
    };
    // A confirmed order keeps its partner, pricelist and lines; only the BigCommerce fields move.
    const values = isDraft(o.id)
      ? header
      : Object.fromEntries(Object.entries(header).filter(([k]) => k.startsWith('x_bc_')));
    ready.push({
      d: w.d,
      lines,
      journalId: res.journalId,
      header,
      item: { bcId: o.id, name: `BigCommerce order ${o.id}`, values, hash: flag ? 'flagged' : hashOf.get(o.id)! },
    });
  }

  // 5. Headers, then lines: two batched upserts. The header says "pending" until the lines and
  // the workflow are done (commitFingerprints below): a run killed in between is redone.
  const res = await ctx.binder.upsert(
    'order',
    'sale.order',
    ready.map((r) => ({
      bcId: r.item.bcId,
      values: { ...r.item.values, x_bc_hash: r.item.hash === 'flagged' ? 'flagged' : FINGERPRINT_PENDING },
    })),
  );
  for (const f of res.failed) await fail(ready.find((r) => String(r.d.order.id) === f.bcId)!.d, f.error);
  crashPoint('orders:headers');
  tally.created += res.created.size;
  tally.updated += res.updated.size;
  const soOf = new Map([...res.created, ...res.updated].map(([k, v]) => [Number(k), v]));
  const withLines = ready.filter((r) => soOf.has(r.d.order.id) && isDraft(r.d.order.id));
  const lineRecords = withLines.flatMap((r) =>
    r.lines.map((l, seq) => {
      const service = l.kind === 'product' ? undefined : run.services!.get(l.kind);
      const deleted = l.product && products.deleted.has(l.key);
      const productId = l.product ? (deleted ? run.services!.get('placeholder') : products.byLine.get(l.key)) : service;
      const name = deleted ? `${l.name} [${l.product!.sku}] (deleted in BigCommerce)` : l.name;
      return {
        bcId: l.key,
        order: r,
        values: {
          order_id: soOf.get(r.d.order.id),
          product_id: productId,
          name,
          product_uom_qty: l.quantity,
          price_unit: l.priceUnit,
          discount: 0,
          sequence: 10 + seq,
          [run.taxField]: [[6, 0, l.taxRate ? [taxes.get(taxKey(l.taxRate, l.taxIncluded))!] : []]], // included or not: mapper.ts
        },
      };
    }),
  );
  const lineRes = await ctx.binder.upsert(
    'order_line',
    'sale.order.line',
    lineRecords.map((l) => ({ bcId: l.bcId, values: l.values })),
  );
  crashPoint('orders:lines');
  const badOrders = new Set<number>();
  for (const f of lineRes.failed) {
    const r = lineRecords.find((l) => l.bcId === f.bcId)!.order;
    if (!badOrders.has(r.d.order.id)) {
      badOrders.add(r.d.order.id);
      await fail(r.d, new Error(`line ${f.bcId}: ${f.error.message}`));
    }
  }
  // Lines that no longer exist in BigCommerce (quotations only).
  const updatedDrafts = withLines.filter((r) => existing.has(r.d.order.id)).map((r) => soOf.get(r.d.order.id)!);
  if (updatedDrafts.length) {
    const keep = new Set([...lineRes.created.values(), ...lineRes.updated.values()]);
    const stale = (await ctx.odoo.search('sale.order.line', [['order_id', 'in', updatedDrafts]])).filter(
      (id) => !keep.has(id),
    );
    if (stale.length) await ctx.odoo.call('sale.order.line', 'unlink', [stale]);
  }

  // 6. Check Odoo's totals against BigCommerce's, then move the orders along.
  const good = ready.filter((r) => soOf.has(r.d.order.id) && !badOrders.has(r.d.order.id) && !failed.has(r.d.order.id));
  const totals = good.length
    ? await ctx.odoo.read<{ id: number; amount_total: number; currency_id: [number, string] }>(
        'sale.order',
        good.map((r) => soOf.get(r.d.order.id)!),
        ['amount_total', 'currency_id'],
      )
    : [];
  const totalOf = new Map(totals.map((t) => [t.id, t]));
  const flow: WorkflowOrder[] = [];
  for (const r of good) {
    const so = soOf.get(r.d.order.id)!;
    const t = totalOf.get(so)!;
    const want = Number(r.d.order.total_inc_tax);
    if (isDraft(r.d.order.id) && Math.round(t.amount_total * 100) !== Math.round(want * 100)) {
      const note = `Odoo total ${t.amount_total.toFixed(2)} ≠ BigCommerce total_inc_tax ${want.toFixed(2)} ${t.currency_id[1]}`;
      await ctx.odoo.write('sale.order', [so], { x_bc_flag: note, x_bc_hash: 'flagged' });
      await tally.warn(E, r.d.order.id, `${note}: kept as a quotation and flagged`, r.item.name);
      continue;
    }
    if (r.header.x_bc_flag) continue; // kept as a quotation by the total_mismatch policy
    flow.push({
      bcId: r.d.order.id,
      saleOrderId: so,
      action: statusMap[r.d.order.status_id]!,
      dateOrder: String(r.header.date_order),
      journalId: r.journalId,
      name: r.item.name!,
    });
  }
  const before = tally.mark();
  await advanceOrders(ctx, tally, flow);
  // An order whose workflow step failed keeps "pending", so the next run finishes it.
  for (const id of tally.failedSince(E, before)) failed.add(Number(id));
  const hashOfReady = new Map(ready.map((r) => [r.d.order.id, r.item.hash!]));
  await commitFingerprints(
    ctx.odoo,
    'sale.order',
    new Map(flow.filter((f) => !failed.has(f.bcId)).map((f) => [f.saleOrderId, hashOfReady.get(f.bcId)!])),
  );
}
