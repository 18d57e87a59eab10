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
      const errors = await ctx.odoo.searchRead<{ x_bc_refund_id: number; x_bc_order_id: number }>('x_bc_refund', [
        ['x_instance_id', '=', ctx.instanceId], ['x_status', '=', 'error'], ...(opts.ids?.length ? [['x_bc_refund_id', 'in', [...opts.ids]]] : []),
      ], ['x_bc_refund_id', 'x_bc_order_id']);
      const wanted = new Set(errors.map((e) => e.x_bc_refund_id));
      for (const orderIds of chunks([...new Set(errors.map((e) => e.x_bc_order_id))], 50)) {
        for await (const page of ctx.bc.refunds({ orderIds })) {
          for (const e of page.errors) await tally.fail(E, e.recordId ?? '?', e);
          await handle(page.records.filter((r) => wanted.has(r.id)));
        }
      }
      return {};
    }
    const orderIds = opts.orderIds?.length ? opts.orderIds : undefined;
    for await (const page of ctx.bc.refunds({ since: orderIds ? undefined : opts.from, orderIds })) {
      for (const e of page.errors) await tally.fail(E, e.recordId ?? '?', e);
      await handle(opts.ids?.length ? page.records.filter((r) => opts.ids!.includes(r.id)) : page.records);
    }
    if (!orderIds && !opts.ids?.length) {
      // Orders that say "refunded" but whose refunds we have not seen (e.g. older than the cursor).
      const candidates = await ctx.odoo.searchRead<{ x_bc_order_id: number }>('sale.order', [['x_bc_status_id', 'in', [4, 14]], ['x_bc_order_id', '!=', false]], ['x_bc_order_id']);
      const known = new Set((await ctx.odoo.searchRead<{ x_bc_order_id: number }>('x_bc_refund', [['x_instance_id', '=', ctx.instanceId]], ['x_bc_order_id'])).map((r) => r.x_bc_order_id));
      const missing = [...new Set(candidates.map((c) => c.x_bc_order_id).filter((id) => !known.has(id)))];
      for (const ids of chunks(missing, 50)) {
        for await (const page of ctx.bc.refunds({ orderIds: ids })) await handle(page.records);
      }
    }
    return { cursor: newest };
  },
};

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

async function processRefunds(ctx: ImportContext, tally: Tally, refunds: BcRefund[], opts: EntityRunOptions): Promise<void> {
  if (!refunds.length) return;
  // 1. The refund records: new ones are created "pending"; synced ones are done.
  const bound = await ctx.binder.resolve('refund', refunds.map((r) => r.id));
  const existing = bound.size ? await ctx.odoo.read<{ id: number; x_status: string }>('x_bc_refund', [...bound.values()], ['x_status']) : [];
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
    for (const r of todo) (bound.has(String(r.id)) ? tally.updated++ : tally.created++);
    return;
  }
  const orders = await ctx.binder.resolve('order', [...new Set(todo.map((r) => r.order_id))]);
  const soIds = [...new Set(orders.values())];
  const sos = soIds.length ? await ctx.odoo.read<{ id: number; invoice_ids: number[]; currency_id: [number, string]; x_bc_payment_method: string | false }>('sale.order', soIds, ['invoice_ids', 'currency_id', 'x_bc_payment_method']) : [];
  const soById = new Map(sos.map((s) => [s.id, s]));
  const created = await ctx.binder.upsert('refund', 'x_bc_refund', todo.filter((r) => !bound.has(String(r.id))).map((r) => ({
    bcId: r.id,
    values: {
      x_name: `BigCommerce refund ${r.id} (order ${r.order_id})`, x_bc_refund_id: r.id, x_bc_order_id: r.order_id, x_instance_id: ctx.instanceId,
      x_amount: r.total_amount, x_reason: r.reason || false, x_refund_date: odooDatetime(new Date(r.created)), x_status: 'pending',
      x_sale_order_id: orders.get(String(r.order_id)) ?? false, x_currency_id: soById.get(orders.get(String(r.order_id)) ?? 0)?.currency_id[0] ?? false,
    },
  })));
  for (const f of created.failed) await tally.fail(E, f.bcId, f.error);
  const recordOf = (r: BcRefund) => bound.get(String(r.id)) ?? created.created.get(String(r.id));
  const work: Work[] = todo.filter((r) => recordOf(r) !== undefined).map((r) => ({ refund: r, recordId: recordOf(r)!, status: 'pending' }));
  tally.created += created.created.size;

  // 2. Invoices and what was already credited on them.
  const invoiceIds = [...new Set(sos.flatMap((s) => s.invoice_ids))];
  const invoices = invoiceIds.length ? await ctx.odoo.read<{ id: number; state: string; move_type: string; amount_total: number; payment_state: string; journal_id: [number, string]; partner_id: [number, string]; invoice_line_ids: number[]; reversal_move_ids?: number[] }>(
    'account.move', invoiceIds, ['state', 'move_type', 'amount_total', 'payment_state', 'journal_id', 'partner_id', 'invoice_line_ids'],
  ) : [];
  const invById = new Map(invoices.map((i) => [i.id, i]));
  const credited = new Map<number, number>();
  if (invoiceIds.length) {
    for (const c of await ctx.odoo.searchRead<{ reversed_entry_id: [number, string]; amount_total: number }>('account.move', [['move_type', '=', 'out_refund'], ['state', '=', 'posted'], ['reversed_entry_id', 'in', invoiceIds]], ['reversed_entry_id', 'amount_total'])) {
      credited.set(c.reversed_entry_id[0], (credited.get(c.reversed_entry_id[0]) ?? 0) + c.amount_total);
    }
  }
  const lineIds = invoices.flatMap((i) => i.invoice_line_ids);
  const invLines = lineIds.length ? await ctx.odoo.read<{ id: number; move_id: [number, string]; product_id: [number, string] | false; name: string; quantity: number; price_unit: number; tax_ids: number[]; sale_line_ids: number[]; display_type: string }>(
    'account.move.line', lineIds, ['move_id', 'product_id', 'name', 'quantity', 'price_unit', 'tax_ids', 'sale_line_ids', 'display_type'],
  ) : [];
  const saleLineIds = [...new Set(invLines.flatMap((l) => l.sale_line_ids))];
  const saleLineKeys = new Map<number, string>();
  if (saleLineIds.length) {
    for (const d of await ctx.odoo.searchRead<{ name: string; res_id: number }>('ir.model.data', [['module', '=', ctx.binder.module], ['model', '=', 'sale.order.line'], ['res_id', 'in', saleLineIds]], ['name', 'res_id'])) {
      saleLineKeys.set(d.res_id, d.name.replace(/^order_line_/, ''));
    }
  }
  const taxIds = [...new Set(invLines.flatMap((l) => l.tax_ids))];
  const taxRate = new Map((taxIds.length ? await ctx.odoo.read<{ id: number; amount: number; amount_type: string }>('account.tax', taxIds, ['amount', 'amount_type']) : []).map((t) => [t.id, t.amount_type === 'percent' ? t.amount : 0]));
  const services = await serviceProducts(ctx, ctx.instance.orders.placeholderProduct);
  const journals = await ctx.odoo.searchRead<{ id: number; name: string; code: string; type: string }>('account.journal', [['type', 'in', ['bank', 'cash']]], ['name', 'code', 'type'], { order: 'sequence, id' });

  // 3. Plan each credit note, or say why not.
  for (const w of work) {
    const r = w.refund;
    const so = soById.get(orders.get(String(r.order_id)) ?? 0);
    if (!so) { w.status = 'error'; w.error = `order ${r.order_id} is not imported yet: run \`bc-odoo import orders --id ${r.order_id}\`, then \`bc-odoo retry refunds\``; continue; }
    w.saleOrderId = so.id;
    w.currencyId = so.currency_id[0];
    const inv = so.invoice_ids.map((id) => invById.get(id)).find((i) => i && i.move_type === 'out_invoice' && i.state === 'posted');
    if (!inv) { w.status = 'error'; w.error = `order ${r.order_id} has no posted invoice yet (its status in BigCommerce may not call for one); retry once it is invoiced`; continue; }
    w.invoiceId = inv.id;
    const already = credited.get(inv.id) ?? 0;
    if (Math.round((already + r.total_amount) * 100) > Math.round(inv.amount_total * 100)) {
      w.status = 'error'; w.error = `refund of ${r.total_amount.toFixed(2)} would take the credit notes of invoice ${inv.id} to ${(already + r.total_amount).toFixed(2)}, more than its ${inv.amount_total.toFixed(2)}`; continue;
    }
    const row = matchRow(ctx.instance.payments, so.x_bc_payment_method || undefined);
    const journal = findJournal(journals, row.journal);
    if (!journal) { w.status = 'error'; w.error = `journal "${row.journal ?? 'first bank journal'}" from the payment rows does not exist in Odoo: create it, then \`bc-odoo retry refunds\``; continue; }
    w.journalId = journal.id;
    w.paid = ['paid', 'in_payment'].includes(inv.payment_state);
    const lines: InvoiceLine[] = invLines.filter((l) => l.move_id[0] === inv.id && l.display_type === 'product' && l.product_id).map((l) => ({
      productId: (l.product_id as [number, string])[0], name: l.name, quantity: l.quantity, priceUnit: l.price_unit, taxIds: l.tax_ids,
      taxRate: l.tax_ids.reduce((s, t) => s + (taxRate.get(t) ?? 0), 0), bcKey: l.sale_line_ids.map((s) => saleLineKeys.get(s)).find(Boolean),
    }));
    const plan = creditLines(r, lines, inv.amount_total, services.get('adjustment')!);
    if (!plan.ok) { w.status = 'error'; w.error = plan.error; continue; }
    w.lines = plan.lines;
    credited.set(inv.id, already + r.total_amount);
  }

  // 4. Claim, create and post the credit notes (one call each for the page).
  const ready = work.filter((w) => w.lines);
  const claimed = await claim(ctx, ready);
  const toCreate = ready.filter((w) => claimed.has(w.refund.id));
  for (const w of ready.filter((x) => !claimed.has(x.refund.id) && x.status !== 'synced')) { w.status = 'skip'; }
  if (toCreate.length) {
    const invoiceOf = (w: Work) => invById.get(w.invoiceId!)!;
    const moveIds = await ctx.odoo.create('account.move', toCreate.map((w) => ({
      move_type: 'out_refund', partner_id: invoiceOf(w).partner_id[0], currency_id: w.currencyId, journal_id: invoiceOf(w).journal_id[0],
      invoice_date: w.refund.created.slice(0, 10), reversed_entry_id: w.invoiceId, invoice_origin: `BigCommerce order ${w.refund.order_id}`,
      ref: `BigCommerce refund ${w.refund.id}${w.refund.reason ? `: ${w.refund.reason}` : ''}`.slice(0, 200),
      invoice_line_ids: w.lines!.map((l) => [0, 0, { product_id: l.productId, name: l.name, quantity: l.quantity, price_unit: l.priceUnit, tax_ids: [[6, 0, l.taxIds]] }]),
    })));
    toCreate.forEach((w, i) => { w.creditNoteId = moveIds[i]; });
    const imd = await ctx.odoo.searchRead<{ id: number; name: string }>('ir.model.data', [['module', '=', ctx.binder.module], ['name', 'in', toCreate.map((w) => `credit_note_${w.refund.id}`)]], ['name']);
    // Point every claim at its credit note in one call (each claim has its own res_id).
    if (imd.length) {
      const rows = imd.map((d) => [String(d.id), String(toCreate.find((x) => `credit_note_${x.refund.id}` === d.name)!.creditNoteId)]);
      const res = await ctx.odoo.load('ir.model.data', ['.id', 'res_id'], rows);
      if (res.ids === false) throw new Error(`could not record the credit notes on their claims: ${res.messages.map((m) => m.message).join('; ')}`);
    }
    const posted = new Set(await bisect(moveIds, (ids) => ctx.odoo.call('account.move', 'action_post', [ids]), async (id, err) => {
      const w = toCreate.find((x) => x.creditNoteId === id)!;
      w.status = 'error'; w.error = `credit note ${id} could not be posted: ${(err as Error).message}`;
    }));
    for (const w of toCreate) if (posted.has(w.creditNoteId!)) w.status = 'synced';
    // Money back in the journal the payment rows choose, when the invoice had been paid.
    const groups = new Map<string, Work[]>();
    for (const w of toCreate.filter((x) => x.status === 'synced' && x.paid)) {
      const key = `${w.journalId}|${w.currencyId}|${w.refund.created.slice(0, 10)}`;
      groups.set(key, [...(groups.get(key) ?? []), w]);
    }
    for (const g of groups.values()) {
      await bisect(g.map((w) => w.creditNoteId!), async (ids) => {
        const context = { active_model: 'account.move', active_ids: ids };
        const [wiz] = await ctx.odoo.create('account.payment.register', [{ journal_id: g[0]!.journalId, payment_date: g[0]!.refund.created.slice(0, 10), group_payment: false }], { context });
        await ctx.odoo.call('account.payment.register', 'action_create_payments', [[wiz]], {}, { context });
      }, async (id, err) => {
        const w = g.find((x) => x.creditNoteId === id)!;
        await tally.warn(E, w.refund.id, `credit note posted, but the refund payment could not be registered: ${(err as Error).message}`);
      });
    }
  }

  // 5. Record the outcome on each refund record (one batched write).
  const results = work.filter((w) => w.status !== 'skip');
  const res = await ctx.binder.upsert('refund', 'x_bc_refund', results.map((w) => ({
    bcId: w.refund.id,
    values: {
      x_status: w.status === 'synced' ? 'synced' : 'error', x_message: w.error ?? false, x_credit_note_id: w.creditNoteId ?? false,
      x_sale_order_id: w.saleOrderId ?? false, x_currency_id: w.currencyId ?? false,
    },
  })));
  for (const f of res.failed) await tally.fail(E, f.bcId, f.error);
  for (const w of results) {
    if (w.status === 'synced') { if (bound.has(String(w.refund.id))) tally.updated++; }
    else await tally.fail(E, w.refund.id, new Error(w.error ?? 'not processed'), `refund ${w.refund.id} of order ${w.refund.order_id}`);
  }
}

/**
 * Claims each refund's credit note with its external id before making it. ir.model.data is
 * unique on (module, name): a run that finds the name taken leaves that refund to whoever took it.
 */
async function claim(ctx: ImportContext, ready: Work[]): Promise<Set<number>> {
  const mine = new Set<number>();
  if (!ready.length) return mine;
  const names = ready.map((w) => `credit_note_${w.refund.id}`);
  const taken = await ctx.odoo.searchRead<{ name: string; res_id: number; create_date: string }>('ir.model.data', [['module', '=', ctx.binder.module], ['name', 'in', names]], ['name', 'res_id', 'create_date']);
  // A claim with no credit note behind it, older than ten minutes, was left by a crashed run.
  const stale = taken.filter((t) => !t.res_id && Date.now() - new Date(`${t.create_date}Z`).getTime() > 10 * 60_000);
  if (stale.length) await ctx.odoo.call('ir.model.data', 'unlink', [await ctx.odoo.search('ir.model.data', [['module', '=', ctx.binder.module], ['name', 'in', stale.map((s) => s.name)]])]);
  // A claim with a credit note behind it: an earlier run made it and stopped before saying so.
  for (const t of taken.filter((x) => x.res_id)) {
    const w = ready.find((x) => `credit_note_${x.refund.id}` === t.name)!;
    w.creditNoteId = t.res_id;
    w.status = 'synced';
  }
  const busy = new Set(taken.filter((t) => !stale.includes(t)).map((t) => t.name));
  const free = ready.filter((w) => !busy.has(`credit_note_${w.refund.id}`));
  await bisect(free.map((w) => w.refund.id), async (ids) => {
    await ctx.odoo.create('ir.model.data', ids.map((id) => ({ module: ctx.binder.module, name: `credit_note_${id}`, model: 'account.move', res_id: 0, noupdate: true })));
    for (const id of ids) mine.add(id);
  }, async () => undefined);
  return mine;
}
