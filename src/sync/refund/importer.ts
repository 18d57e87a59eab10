/**
 * Refunds → one x_bc_refund record (`refund_<id>`) and one posted customer credit note each,
 * in the order's currency, linked to the invoice (reversed_entry_id) and the sale order, and —
 * when the invoice was paid — a refund payment in the journal the payment rows choose.
 *
 * Refunds come store-wide from /v3/orders/payment_actions/refunds (created since the cursor),
 * plus, for orders whose BigCommerce fields say "refunded" and that have no refund record yet,
 * from each order's refunds. A refund is processed once: its credit note is claimed first with
 * an external id (`credit_note_<refund id>`, unique in Odoo), so two runs racing on it make
 * one credit note, never two. A refund that cannot be processed yet (order not imported, no
 * invoice, journal missing, more than the invoice) is recorded with status "error" and the
 * reason; `bc-odoo retry refunds` tries those again. Credit notes, posting and payments are
 * batched per page.
 */
import type { BcRefund } from '../../bigcommerce/schemas.js';
import { odooDatetime } from '../../odoo/operation-log.js';
import type { ImportContext } from '../context.js';
import { crashPoint } from '../crash-points.js';
import { serviceProducts } from '../order/products.js';
import { findJournal, matchRow } from '../order/resolve.js';
import { bisect } from '../order/workflow.js';
import type { EntityImporter, EntityRunOptions } from '../run-import.js';
import type { Tally } from '../tally.js';
import { creditLines, type CreditLine, type InvoiceLine } from './mapper.js';

const E = 'refunds';

export const refundImporter: EntityImporter = {
  entity: 'refunds',
  incremental: true,
  async run(ctx, tally, opts) {
    let newest: string | undefined;
    const handle = async (refunds: BcRefund[]) => {
      await processRefunds(ctx, tally, refunds, opts);
      for (const r of refunds) if (!newest || r.created > newest) newest = new Date(r.created).toISOString();
      opts.onProgress?.(tally);
    };
    if (opts.retry) {
      await retryErrors(ctx, tally, await erroredRefunds(ctx, opts.ids), (refunds) =>
        processRefunds(ctx, tally, refunds, opts),
      );
      return {};
    }
    const orderIds = opts.orderIds?.length ? opts.orderIds : undefined;
    for await (const page of ctx.bc.refunds({ since: orderIds ? undefined : opts.from, orderIds })) {
      for (const e of page.errors) await tally.fail(E, e.recordId ?? '?', e);
      await handle(opts.ids?.length ? page.records.filter((r) => opts.ids!.includes(r.id)) : page.records);
    }
    if (!orderIds && !opts.ids?.length) {
      await refundedOrdersWithoutRefunds(ctx, tally, handle);
      // Refunds that waited for their order (or its invoice): retried as soon as it is there.
      const waiting = await refundsNowPossible(ctx, await erroredRefunds(ctx));
      if (!opts.dryRun)
        await retryErrors(ctx, tally, waiting, (refunds) =>
          processRefunds(ctx, tally, refunds, { ...opts, retry: true }),
        );
    }
    return { cursor: newest };
  },
};

/**
 * Orders that say "Refunded" or "Partially Refunded" but whose refunds we have not seen (e.g.
 * older than the cursor): their refunds are read by order. An order whose refunds resource is
 * empty was refunded outside BigCommerce's refund flow (a status set by hand, a refund at the
 * gateway): nothing can be credited, so it is flagged on the sale order and warned about once.
 */
async function refundedOrdersWithoutRefunds(
  ctx: ImportContext,
  tally: Tally,
  handle: (refunds: BcRefund[]) => Promise<void>,
): Promise<void> {
  const candidates = await ctx.odoo.searchRead<{
    id: number;
    x_bc_order_id: number;
    x_bc_status: string | false;
    x_bc_flag: string | false;
  }>(
    'sale.order',
    [
      ['x_bc_status_id', 'in', [4, 14]],
      ['x_bc_order_id', '!=', false],
    ],
    ['x_bc_order_id', 'x_bc_status', 'x_bc_flag'],
  );
  const known = new Set(
    (
      await ctx.odoo.searchRead<{ x_bc_order_id: number }>(
        'x_bc_refund',
        [['x_instance_id', '=', ctx.instanceId]],
        ['x_bc_order_id'],
      )
    ).map((r) => r.x_bc_order_id),
  );
  const missing = candidates.filter((c) => !known.has(c.x_bc_order_id));
  const withRefunds = new Set<number>();
  for (const ids of chunks([...new Set(missing.map((c) => c.x_bc_order_id))], 50)) {
    for await (const page of ctx.bc.refunds({ orderIds: ids })) {
      for (const r of page.records) withRefunds.add(r.order_id);
      await handle(page.records);
    }
  }
  const anomalies = missing.filter(
    (c) => !withRefunds.has(c.x_bc_order_id) && !(c.x_bc_flag || '').startsWith(NO_REFUND_FLAG),
  );
  for (const c of anomalies) {
    await tally.warn(
      E,
      c.x_bc_order_id,
      `order ${c.x_bc_order_id} is "${c.x_bc_status || 'refunded'}" in BigCommerce, but BigCommerce has no refund for it ` +
        '(refunded outside its refund flow?): nothing was credited in Odoo',
      `BigCommerce order ${c.x_bc_order_id}`,
    );
  }
  if (anomalies.length) {
    await ctx.odoo.write(
      'sale.order',
      anomalies.map((c) => c.id),
      { x_bc_flag: `${NO_REFUND_FLAG}: the status says refunded, BigCommerce has no refund record` },
    );
  }
}

const NO_REFUND_FLAG = 'No refund in BigCommerce';

interface ErroredRefund {
  x_bc_refund_id: number;
  x_bc_order_id: number;
}

async function erroredRefunds(ctx: ImportContext, ids?: readonly number[]): Promise<ErroredRefund[]> {
  return ctx.odoo.searchRead<ErroredRefund>(
    'x_bc_refund',
    [
      ['x_instance_id', '=', ctx.instanceId],
      ['x_status', '=', 'error'],
      ...(ids?.length ? [['x_bc_refund_id', 'in', [...ids]]] : []),
    ],
    ['x_bc_refund_id', 'x_bc_order_id'],
  );
}

/** Errored refunds whose order is now imported and has a posted invoice. */
async function refundsNowPossible(ctx: ImportContext, errors: ErroredRefund[]): Promise<ErroredRefund[]> {
  if (!errors.length) return [];
  const orders = await ctx.binder.resolve('order', [...new Set(errors.map((e) => e.x_bc_order_id))]);
  if (!orders.size) return [];
  const invoiced = await ctx.odoo.searchRead<{ id: number }>(
    'sale.order',
    [
      ['id', 'in', [...orders.values()]],
      ['invoice_ids.move_type', '=', 'out_invoice'],
      ['invoice_ids.state', '=', 'posted'],
    ],
    ['id'],
  );
  const ready = new Set(invoiced.map((o) => o.id));
  return errors.filter((e) => ready.has(orders.get(String(e.x_bc_order_id)) ?? 0));
}

/** Reads the refunds of these errored records' orders again and processes just those refunds. */
async function retryErrors(
  ctx: ImportContext,
  tally: Tally,
  errors: ErroredRefund[],
  process: (refunds: BcRefund[]) => Promise<void>,
): Promise<void> {
  const wanted = new Set(errors.map((e) => e.x_bc_refund_id));
  for (const orderIds of chunks([...new Set(errors.map((e) => e.x_bc_order_id))], 50)) {
    for await (const page of ctx.bc.refunds({ orderIds })) {
      for (const e of page.errors) await tally.fail(E, e.recordId ?? '?', e);
      await process(page.records.filter((r) => wanted.has(r.id)));
    }
  }
}

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

interface Work {
  refund: BcRefund;
  recordId: number;
  status: string;
  error?: string;
  saleOrderId?: number;
  invoiceId?: number;
  currencyId?: number;
  lines?: CreditLine[];
  creditNoteId?: number;
  journalId?: number;
  paid?: boolean;
}

async function processRefunds(
  ctx: ImportContext,
  tally: Tally,
  refunds: BcRefund[],
  opts: EntityRunOptions,
): Promise<void> {
  if (!refunds.length) return;
  // 1. The refund records: new ones are created "pending"; synced ones are done.
  const bound = await ctx.binder.resolve(
    'refund',
    refunds.map((r) => r.id),
  );
  const existing = bound.size
    ? await ctx.odoo.read<{ id: number; x_status: string }>('x_bc_refund', [...bound.values()], ['x_status'])
    : [];
  const statusOf = new Map(existing.map((e) => [e.id, e.x_status]));
  const todo = refunds.filter((r) => {
    const id = bound.get(String(r.id));
    if (id === undefined) return true;
    const st = statusOf.get(id);
    return st === 'pending' || (opts.retry && st === 'error');
  });
  tally.unchanged += refunds.length - todo.length;
  if (!todo.length) return;
  if (opts.dryRun) {
    for (const r of todo) bound.has(String(r.id)) ? tally.updated++ : tally.created++;
    return;
  }
  const orders = await ctx.binder.resolve('order', [...new Set(todo.map((r) => r.order_id))]);
  const soIds = [...new Set(orders.values())];
  const sos = soIds.length
    ? await ctx.odoo.read<{
        id: number;
        invoice_ids: number[];
        currency_id: [number, string];
        x_bc_payment_method: string | false;
      }>('sale.order', soIds, ['invoice_ids', 'currency_id', 'x_bc_payment_method'])
    : [];
  const soById = new Map(sos.map((s) => [s.id, s]));
  const created = await ctx.binder.upsert(
    'refund',
    'x_bc_refund',
    todo
      .filter((r) => !bound.has(String(r.id)))
      .map((r) => ({
        bcId: r.id,
        values: {
          x_name: `BigCommerce refund ${r.id} (order ${r.order_id})`,
          x_bc_refund_id: r.id,
          x_bc_order_id: r.order_id,
          x_instance_id: ctx.instanceId,
          x_amount: r.total_amount,
          x_reason: r.reason || false,
          x_refund_date: odooDatetime(new Date(r.created)),
          x_status: 'pending',
          x_sale_order_id: orders.get(String(r.order_id)) ?? false,
          x_currency_id: soById.get(orders.get(String(r.order_id)) ?? 0)?.currency_id[0] ?? false,
        },
      })),
  );
  for (const f of created.failed) await tally.fail(E, f.bcId, f.error);
  const recordOf = (r: BcRefund) => bound.get(String(r.id)) ?? created.created.get(String(r.id));
  const work: Work[] = todo
    .filter((r) => recordOf(r) !== undefined)
    .map((r) => ({ refund: r, recordId: recordOf(r)!, status: 'pending' }));
  tally.created += created.created.size;

  // 2. Invoices and what was already credited on them.
  const invoiceIds = [...new Set(sos.flatMap((s) => s.invoice_ids))];
  const invoices = invoiceIds.length
    ? await ctx.odoo.read<{
        id: number;
        state: string;
        move_type: string;
        amount_total: number;
        payment_state: string;
        journal_id: [number, string];
        partner_id: [number, string];
        invoice_line_ids: number[];
        reversal_move_ids?: number[];
      }>('account.move', invoiceIds, [
        'state',
        'move_type',
        'amount_total',
        'payment_state',
        'journal_id',
        'partner_id',
        'invoice_line_ids',
      ])
    : [];
  const invById = new Map(invoices.map((i) => [i.id, i]));
  const credited = new Map<number, number>();
  // A credit note an earlier, interrupted run made for one of these refunds is that refund's
  // own: it is resumed below, never counted as already credited against the invoice.
  const own = await ownCreditNotes(
    ctx,
    work.map((w) => w.refund.id),
  );
  if (invoiceIds.length) {
    for (const c of await ctx.odoo.searchRead<{ reversed_entry_id: [number, string]; amount_total: number }>(
      'account.move',
      [
        ['move_type', '=', 'out_refund'],
        ['state', '=', 'posted'],
        ['reversed_entry_id', 'in', invoiceIds],
        ['id', 'not in', [...own.values()]],
      ],
      ['reversed_entry_id', 'amount_total'],
    )) {
      credited.set(c.reversed_entry_id[0], (credited.get(c.reversed_entry_id[0]) ?? 0) + c.amount_total);
    }
  }
  const lineIds = invoices.flatMap((i) => i.invoice_line_ids);
  const invLines = lineIds.length
    ? await ctx.odoo.read<{
        id: number;
        move_id: [number, string];
        product_id: [number, string] | false;
        name: string;
        quantity: number;
        price_unit: number;
        tax_ids: number[];
        sale_line_ids: number[];
        display_type: string;
      }>('account.move.line', lineIds, [
        'move_id',
        'product_id',
        'name',
        'quantity',
        'price_unit',
        'tax_ids',
        'sale_line_ids',
        'display_type',
      ])
    : [];
  const saleLineIds = [...new Set(invLines.flatMap((l) => l.sale_line_ids))];
  const saleLineKeys = new Map<number, string>();
  if (saleLineIds.length) {
    for (const d of await ctx.odoo.searchRead<{ name: string; res_id: number }>(
      'ir.model.data',
      [
        ['module', '=', ctx.binder.module],
        ['model', '=', 'sale.order.line'],
        ['res_id', 'in', saleLineIds],
      ],
      ['name', 'res_id'],
    )) {
      saleLineKeys.set(d.res_id, d.name.replace(/^order_line_/, ''));
    }
  }
  const taxIds = [...new Set(invLines.flatMap((l) => l.tax_ids))];
  const taxRows = taxIds.length
    ? await ctx.odoo.read<{ id: number; amount: number; amount_type: string; price_include: boolean }>(
        'account.tax',
        taxIds,
        ['amount', 'amount_type', 'price_include'],
      )
    : [];
  const taxRate = new Map(taxRows.map((t) => [t.id, t.amount_type === 'percent' ? t.amount : 0]));
  // Orders of tax-inclusive stores carry price-included taxes (order/mapper.ts): their credit notes too.
  const taxIncluded = new Set(taxRows.filter((t) => t.price_include).map((t) => t.id));
  const services = await serviceProducts(ctx, ctx.instance.orders.placeholderProduct);
  const journals = await ctx.odoo.searchRead<{ id: number; name: string; code: string; type: string }>(
    'account.journal',
    [['type', 'in', ['bank', 'cash']]],
    ['name', 'code', 'type'],
    { order: 'sequence, id' },
  );

  // 3. Plan each credit note, or say why not.
  for (const w of work) {
    const r = w.refund;
    const so = soById.get(orders.get(String(r.order_id)) ?? 0);
    if (!so) {
      w.status = 'error';
      w.error = `order ${r.order_id} is not imported yet: run \`bc-odoo import orders --id ${r.order_id}\`, then \`bc-odoo retry refunds\``;
      continue;
    }
    w.saleOrderId = so.id;
    w.currencyId = so.currency_id[0];
    const inv = so.invoice_ids
      .map((id) => invById.get(id))
      .find((i) => i && i.move_type === 'out_invoice' && i.state === 'posted');
    if (!inv) {
      w.status = 'error';
      w.error = `order ${r.order_id} has no posted invoice yet (its status in BigCommerce may not call for one); retry once it is invoiced`;
      continue;
    }
    w.invoiceId = inv.id;
    const already = credited.get(inv.id) ?? 0;
    if (Math.round((already + r.total_amount) * 100) > Math.round(inv.amount_total * 100)) {
      w.status = 'error';
      w.error = `refund of ${r.total_amount.toFixed(2)} would take the credit notes of invoice ${inv.id} to ${(already + r.total_amount).toFixed(2)}, more than its ${inv.amount_total.toFixed(2)}`;
      continue;
    }
    const row = matchRow(ctx.instance.payments, so.x_bc_payment_method || undefined);
    const journal = findJournal(journals, row.journal);
    if (!journal) {
      w.status = 'error';
      w.error = `journal "${row.journal ?? 'first bank journal'}" from the payment rows does not exist in Odoo: create it, then \`bc-odoo retry refunds\``;
      continue;
    }
    w.journalId = journal.id;
    w.paid = ['paid', 'in_payment'].includes(inv.payment_state);
    const lines: InvoiceLine[] = invLines
      .filter((l) => l.move_id[0] === inv.id && l.display_type === 'product' && l.product_id)
      .map((l) => ({
        productId: (l.product_id as [number, string])[0],
        name: l.name,
        quantity: l.quantity,
        priceUnit: l.price_unit,
        taxIds: l.tax_ids,
        taxRate: l.tax_ids.reduce((s, t) => s + (taxRate.get(t) ?? 0), 0),
        taxIncluded: l.tax_ids.some((t) => taxIncluded.has(t)),
        bcKey: l.sale_line_ids.map((s) => saleLineKeys.get(s)).find(Boolean),
      }));
    const plan = creditLines(r, lines, inv.amount_total, services.get('adjustment')!);
    if (!plan.ok) {
      w.status = 'error';
      w.error = plan.error;
      continue;
    }
    w.lines = plan.lines;
    credited.set(inv.id, already + r.total_amount);
  }

  // 4. Claim, create and post the credit notes (one call each for the page); credit notes of
  // an interrupted run (claimed, made, maybe not posted or paid) are resumed with them.
  const ready = work.filter((w) => w.lines);
  const claimed = await claim(ctx, ready);
  const toCreate = ready.filter((w) => claimed.has(w.refund.id));
  const resumed = ready.filter((w) => !claimed.has(w.refund.id) && w.creditNoteId !== undefined);
  for (const w of ready.filter((x) => !claimed.has(x.refund.id) && x.creditNoteId === undefined)) {
    w.status = 'skip';
  }
  if (toCreate.length || resumed.length) {
    const invoiceOf = (w: Work) => invById.get(w.invoiceId!)!;
    const moveIds = !toCreate.length
      ? []
      : await ctx.odoo.create(
          'account.move',
          toCreate.map((w) => ({
            move_type: 'out_refund',
            partner_id: invoiceOf(w).partner_id[0],
            currency_id: w.currencyId,
            journal_id: invoiceOf(w).journal_id[0],
            invoice_date: w.refund.created.slice(0, 10),
            reversed_entry_id: w.invoiceId,
            invoice_origin: `BigCommerce order ${w.refund.order_id}`,
            ref: `BigCommerce refund ${w.refund.id}${w.refund.reason ? `: ${w.refund.reason}` : ''}`.slice(0, 200),
            invoice_line_ids: w.lines!.map((l) => [
              0,
              0,
              {
                product_id: l.productId,
                name: l.name,
                quantity: l.quantity,
                price_unit: l.priceUnit,
                tax_ids: [[6, 0, l.taxIds]],
              },
            ]),
          })),
        );
    toCreate.forEach((w, i) => {
      w.creditNoteId = moveIds[i];
    });
    crashPoint('refunds:credit-notes');
    await recordClaims(ctx, toCreate);
    const notes = [...toCreate, ...resumed];
    const state = await creditNoteStates(
      ctx,
      notes.map((w) => w.creditNoteId!),
    );
    const drafts = notes.filter((w) => state.get(w.creditNoteId!)?.state !== 'posted').map((w) => w.creditNoteId!);
    const posted = new Set(
      await bisect(
        drafts,
        (ids) => ctx.odoo.call('account.move', 'action_post', [ids]),
        async (id, err) => {
          const w = notes.find((x) => x.creditNoteId === id)!;
          w.status = 'error';
          w.error = `credit note ${id} could not be posted: ${(err as Error).message}`;
        },
      ),
    );
    for (const w of notes)
      if (posted.has(w.creditNoteId!) || state.get(w.creditNoteId!)?.state === 'posted') w.status = 'synced';
    crashPoint('refunds:post');
    // Money back in the journal the payment rows choose, when the invoice had been paid (and
    // the credit note has no payment yet: a resumed one may have had it before the crash).
    const groups = new Map<string, Work[]>();
    for (const w of notes.filter(
      (x) => x.status === 'synced' && x.paid && (state.get(x.creditNoteId!)?.paymentState ?? 'not_paid') === 'not_paid',
    )) {
      const key = `${w.journalId}|${w.currencyId}|${w.refund.created.slice(0, 10)}`;
      groups.set(key, [...(groups.get(key) ?? []), w]);
    }
    for (const g of groups.values()) {
      await bisect(
        g.map((w) => w.creditNoteId!),
        async (ids) => {
          const context = { active_model: 'account.move', active_ids: ids };
          const [wiz] = await ctx.odoo.create(
            'account.payment.register',
            [{ journal_id: g[0]!.journalId, payment_date: g[0]!.refund.created.slice(0, 10), group_payment: false }],
            { context },
          );
          await ctx.odoo.call('account.payment.register', 'action_create_payments', [[wiz]], {}, { context });
        },
        async (id, err) => {
          const w = g.find((x) => x.creditNoteId === id)!;
          await tally.warn(
            E,
            w.refund.id,
            `credit note posted, but the refund payment could not be registered: ${(err as Error).message}`,
          );
        },
      );
    }
  }

  // 5. Record the outcome on each refund record (one batched write).
  const results = work.filter((w) => w.status !== 'skip');
  const res = await ctx.binder.upsert(
    'refund',
    'x_bc_refund',
    results.map((w) => ({
      bcId: w.refund.id,
      values: {
        x_status: w.status === 'synced' ? 'synced' : 'error',
        x_message: w.error ?? false,
        x_credit_note_id: w.creditNoteId ?? false,
        x_sale_order_id: w.saleOrderId ?? false,
        x_currency_id: w.currencyId ?? false,
      },
    })),
  );
  for (const f of res.failed) await tally.fail(E, f.bcId, f.error);
  for (const w of results) {
    if (w.status === 'synced') {
      if (bound.has(String(w.refund.id))) tally.updated++;
    } else
      await tally.fail(
        E,
        w.refund.id,
        new Error(w.error ?? 'not processed'),
        `refund ${w.refund.id} of order ${w.refund.order_id}`,
      );
  }
}

/**
 * A claim whose credit note was made but not yet recorded on it (a run killed between the two
 * calls): the credit note is found by its reference and reversed invoice, and the claim is
 * pointed at it, so it is resumed instead of made twice.
 */
async function adoptOrphans(
  ctx: ImportContext,
  ready: Work[],
  taken: { id: number; name: string; res_id: number }[],
): Promise<void> {
  const orphans = taken.filter((t) => !t.res_id);
  if (!orphans.length) return;
  const invoices = [...new Set(ready.map((w) => w.invoiceId).filter((x): x is number => x !== undefined))];
  const notes = await ctx.odoo.searchRead<{ id: number; ref: string | false }>(
    'account.move',
    [
      ['move_type', '=', 'out_refund'],
      ['reversed_entry_id', 'in', invoices],
      ['ref', '=like', 'BigCommerce refund %'],
    ],
    ['ref'],
    { order: 'id' },
  );
  const noteOf = new Map<string, number>();
  for (const n of notes) {
    const m = /^BigCommerce refund (\d+)(?::|$)/.exec(n.ref || '');
    if (m && !noteOf.has(`credit_note_${m[1]}`)) noteOf.set(`credit_note_${m[1]}`, n.id);
  }
  const adopt = orphans.filter((o) => noteOf.has(o.name));
  if (!adopt.length) return;
  const res = await ctx.odoo.load(
    'ir.model.data',
    ['.id', 'res_id'],
    adopt.map((o) => [String(o.id), String(noteOf.get(o.name))]),
  );
  if (res.ids === false)
    throw new Error(`could not record credit notes on their claims: ${res.messages.map((m) => m.message).join('; ')}`);
  for (const o of adopt) o.res_id = noteOf.get(o.name)!;
}

/** refund id → the credit note an earlier run made for it (its claim points at it). */
async function ownCreditNotes(ctx: ImportContext, refundIds: number[]): Promise<Map<number, number>> {
  if (!refundIds.length) return new Map();
  const rows = await ctx.odoo.searchRead<{ name: string; res_id: number }>(
    'ir.model.data',
    [
      ['module', '=', ctx.binder.module],
      ['name', 'in', refundIds.map((id) => `credit_note_${id}`)],
      ['res_id', '!=', 0],
    ],
    ['name', 'res_id'],
  );
  return new Map(rows.map((r) => [Number(r.name.slice('credit_note_'.length)), r.res_id]));
}

async function creditNoteStates(
  ctx: ImportContext,
  ids: number[],
): Promise<Map<number, { state: string; paymentState: string }>> {
  if (!ids.length) return new Map();
  const rows = await ctx.odoo.read<{ id: number; state: string; payment_state: string }>('account.move', ids, [
    'state',
    'payment_state',
  ]);
  return new Map(rows.map((r) => [r.id, { state: r.state, paymentState: r.payment_state }]));
}

/** Points every new claim at its credit note in one call (each claim has its own res_id). */
async function recordClaims(ctx: ImportContext, made: Work[]): Promise<void> {
  if (!made.length) return;
  const imd = await ctx.odoo.searchRead<{ id: number; name: string }>(
    'ir.model.data',
    [
      ['module', '=', ctx.binder.module],
      ['name', 'in', made.map((w) => `credit_note_${w.refund.id}`)],
    ],
    ['name'],
  );
  if (!imd.length) return;
  const rows = imd.map((d) => [
    String(d.id),
    String(made.find((x) => `credit_note_${x.refund.id}` === d.name)!.creditNoteId),
  ]);
  const res = await ctx.odoo.load('ir.model.data', ['.id', 'res_id'], rows);
  if (res.ids === false)
    throw new Error(
      `could not record the credit notes on their claims: ${res.messages.map((m) => m.message).join('; ')}`,
    );
}

/**
 * Claims each refund's credit note with its external id before making it. ir.model.data is
 * unique on (module, name): a run that finds the name taken leaves that refund to whoever took it.
 */
async function claim(ctx: ImportContext, ready: Work[]): Promise<Set<number>> {
  const mine = new Set<number>();
  if (!ready.length) return mine;
  const names = ready.map((w) => `credit_note_${w.refund.id}`);
  const taken = await ctx.odoo.searchRead<{ id: number; name: string; res_id: number; create_date: string }>(
    'ir.model.data',
    [
      ['module', '=', ctx.binder.module],
      ['name', 'in', names],
    ],
    ['name', 'res_id', 'create_date'],
  );
  await adoptOrphans(ctx, ready, taken);
  // A claim with no credit note behind it, older than ten minutes, was left by a crashed run.
  const stale = taken.filter((t) => !t.res_id && Date.now() - new Date(`${t.create_date}Z`).getTime() > 10 * 60_000);
  if (stale.length)
    await ctx.odoo.call('ir.model.data', 'unlink', [
      await ctx.odoo.search('ir.model.data', [
        ['module', '=', ctx.binder.module],
        ['name', 'in', stale.map((s) => s.name)],
      ]),
    ]);
  // A claim with a credit note behind it: an earlier run made it and stopped before saying so
  // (and maybe before posting it or registering its payment): resumed by the caller.
  for (const t of taken.filter((x) => x.res_id)) {
    const w = ready.find((x) => `credit_note_${x.refund.id}` === t.name)!;
    w.creditNoteId = t.res_id;
  }
  const busy = new Set(taken.filter((t) => !stale.includes(t)).map((t) => t.name));
  const free = ready.filter((w) => !busy.has(`credit_note_${w.refund.id}`));
  await bisect(
    free.map((w) => w.refund.id),
    async (ids) => {
      await ctx.odoo.create(
        'ir.model.data',
        ids.map((id) => ({
          module: ctx.binder.module,
          name: `credit_note_${id}`,
          model: 'account.move',
          res_id: 0,
          noupdate: true,
        })),
      );
      for (const id of ids) mine.add(id);
    },
    async () => undefined,
  );
  return mine;
}
