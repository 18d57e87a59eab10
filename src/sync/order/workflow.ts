/**
 * Moves sale orders through Odoo's workflow as their BigCommerce status says: confirm, invoice
 * (Odoo's invoicing wizard, one invoice per order, posted with the BigCommerce date), register
 * payment (Odoo's payment wizard, in the mapped journal), or cancel. Every step looks at the
 * order's state first, so a later import only ever moves an order forward — a second invoice
 * or payment is never made. Each step is one call for the whole page (payments: one per
 * journal, currency and day); a call Odoo refuses is split to find the orders it refuses.
 */
import type { OrderAction } from '../../config/index.js';
import { OdooError } from '../../odoo/errors.js';
import type { ImportContext } from '../context.js';
import { crashPoint } from '../crash-points.js';
import { workflowStep } from '../failure.js';
import type { Tally } from '../tally.js';

export interface WorkflowOrder {
  bcId: number;
  saleOrderId: number;
  action: OrderAction;
  /** BigCommerce date_created, as Odoo datetime (UTC) */
  dateOrder: string;
  journalId: number;
  name: string;
}

interface OrderState {
  id: number;
  state: string;
  invoice_status: string;
  invoice_ids: number[];
  date_order: string;
}
interface MoveState {
  id: number;
  state: string;
  payment_state: string;
  currency_id: [number, string];
  move_type: string;
}

const RANK: Record<OrderAction, number> = {
  skip: 0,
  quotation: 0,
  confirm: 1,
  'confirm+invoice': 2,
  'confirm+invoice+paid': 3,
  cancel: -1,
};

/** Runs `fn` on all ids; when Odoo refuses, halves until each refused id is known. */
export async function bisect(
  ids: number[],
  fn: (ids: number[]) => Promise<unknown>,
  onFail: (id: number, err: unknown) => Promise<void>,
): Promise<number[]> {
  if (!ids.length) return [];
  try {
    await fn(ids);
    return ids;
  } catch (err) {
    if (!(err instanceof OdooError) || err.kind === 'transport' || err.kind === 'timeout' || err.kind === 'auth')
      throw err;
    if (ids.length === 1) {
      await onFail(ids[0]!, err);
      return [];
    }
    const mid = Math.ceil(ids.length / 2);
    return [...(await bisect(ids.slice(0, mid), fn, onFail)), ...(await bisect(ids.slice(mid), fn, onFail))];
  }
}

export async function advanceOrders(ctx: ImportContext, tally: Tally, orders: readonly WorkflowOrder[]): Promise<void> {
  if (!orders.length) return;
  const bySo = new Map(orders.map((o) => [o.saleOrderId, o]));
  const fail = (step: string) => async (soId: number, err: unknown) => {
    const o = bySo.get(soId)!;
    await tally.fail(
      'orders',
      o.bcId,
      workflowStep(`${step}: ${err instanceof Error ? err.message : String(err)}`, err),
      o.name,
    );
    bySo.delete(soId);
  };
  const read = async (): Promise<Map<number, OrderState>> => {
    const ids = [...bySo.keys()];
    if (!ids.length) return new Map();
    const rows = await ctx.odoo.read<OrderState>('sale.order', ids, [
      'state',
      'invoice_status',
      'invoice_ids',
      'date_order',
    ]);
    return new Map(rows.map((r) => [r.id, r]));
  };
  let states = await read();

  // Cancel.
  const toCancel = [...bySo.values()]
    .filter((o) => o.action === 'cancel' && states.get(o.saleOrderId)?.state !== 'cancel')
    .map((o) => o.saleOrderId);
  await bisect(
    toCancel,
    (ids) => ctx.odoo.call('sale.order', 'action_cancel', [ids], {}, { context: { disable_cancel_warning: true } }),
    fail('cancel'),
  );
  for (const id of toCancel) bySo.delete(id);

  // Orders never move back: a status that now means less than what Odoo already did is noted.
  for (const o of [...bySo.values()]) {
    const st = states.get(o.saleOrderId);
    const done = st?.state === 'sale' || st?.state === 'done' ? (st.invoice_ids.length ? 2 : 1) : 0;
    if (st?.state === 'cancel' && RANK[o.action] > 0) {
      await tally.warn(
        'orders',
        o.bcId,
        `order is cancelled in Odoo; BigCommerce status now asks for "${o.action}" — left cancelled, reopen it in Odoo if that is right`,
        o.name,
      );
      bySo.delete(o.saleOrderId);
    } else if (RANK[o.action] < done) {
      await tally.warn(
        'orders',
        o.bcId,
        `BigCommerce status now asks for "${o.action}" but the Odoo order is further along; orders are never moved back`,
        o.name,
      );
    }
  }

  // Confirm, then give the order back its BigCommerce date (confirming sets it to now).
  const toConfirm = [...bySo.values()]
    .filter((o) => RANK[o.action] >= 1 && ['draft', 'sent'].includes(states.get(o.saleOrderId)?.state ?? ''))
    .map((o) => o.saleOrderId);
  const confirmed = await bisect(
    toConfirm,
    (ids) => ctx.odoo.call('sale.order', 'action_confirm', [ids]),
    fail('confirm'),
  );
  crashPoint('orders:confirm');
  // Also orders confirmed by a run that was killed before it restored their date.
  const redate = [
    ...new Set([
      ...confirmed,
      ...[...bySo.values()]
        .map((o) => o.saleOrderId)
        .filter(
          (id) =>
            ['sale', 'done'].includes(states.get(id)?.state ?? '') &&
            states.get(id)?.date_order !== bySo.get(id)!.dateOrder,
        ),
    ]),
  ];
  if (redate.length) {
    const res = await ctx.odoo.load(
      'sale.order',
      ['.id', 'date_order'],
      redate.map((id) => [String(id), bySo.get(id)!.dateOrder]),
      { context: { tz: 'UTC' } },
    );
    if (res.ids === false)
      throw new Error(`could not restore order dates: ${res.messages.map((m) => m.message).join('; ')}`);
  }
  if (!confirmed.length && !toConfirm.length && ![...bySo.values()].some((o) => RANK[o.action] >= 2)) return;
  states = await read();

  // Invoice: only orders with something left to invoice and no invoice yet.
  const toInvoice = [...bySo.values()]
    .filter(
      (o) =>
        RANK[o.action] >= 2 &&
        states.get(o.saleOrderId)?.state === 'sale' &&
        states.get(o.saleOrderId)?.invoice_status === 'to invoice' &&
        !states.get(o.saleOrderId)?.invoice_ids.length,
    )
    .map((o) => o.saleOrderId);
  const invoiced = await bisect(
    toInvoice,
    async (ids) => {
      const context = { active_model: 'sale.order', active_ids: ids, active_id: ids[0] };
      const [wiz] = await ctx.odoo.create(
        'sale.advance.payment.inv',
        [{ advance_payment_method: 'delivered', consolidated_billing: false, sale_order_ids: [[6, 0, ids]] }],
        { context },
      );
      await ctx.odoo.call('sale.advance.payment.inv', 'create_invoices', [[wiz]], {}, { context });
    },
    fail('invoice'),
  );
  crashPoint('orders:invoice');
  if (invoiced.length) states = await read();
  const draftInvoices = new Map<number, number[]>(); // invoice → its order(s)
  const invoiceIds = [...bySo.values()]
    .filter((o) => RANK[o.action] >= 2)
    .flatMap((o) => states.get(o.saleOrderId)?.invoice_ids ?? []);
  const moves = invoiceIds.length
    ? await ctx.odoo.read<MoveState>('account.move', invoiceIds, ['state', 'payment_state', 'currency_id', 'move_type'])
    : [];
  const moveById = new Map(moves.map((m) => [m.id, m]));
  for (const o of bySo.values()) {
    for (const inv of states.get(o.saleOrderId)?.invoice_ids ?? []) {
      if (moveById.get(inv)?.state === 'draft' && moveById.get(inv)?.move_type === 'out_invoice')
        draftInvoices.set(inv, [o.saleOrderId]);
    }
  }
  // Post with the BigCommerce date: one load sets every invoice's own date, one post for all.
  if (draftInvoices.size) {
    const rows = [...draftInvoices].map(([inv, [so]]) => [String(inv), bySo.get(so!)!.dateOrder.slice(0, 10)]);
    const res = await ctx.odoo.load('account.move', ['.id', 'invoice_date'], rows);
    if (res.ids === false)
      throw new Error(`could not date the invoices: ${res.messages.map((m) => m.message).join('; ')}`);
  }
  const orderOfInvoice = new Map([...draftInvoices].map(([inv, [so]]) => [inv, so!]));
  const posted = await bisect(
    [...draftInvoices.keys()],
    (ids) => ctx.odoo.call('account.move', 'action_post', [ids]),
    async (inv, err) => fail('post invoice')(orderOfInvoice.get(inv)!, err),
  );
  for (const id of posted) moveById.set(id, { ...moveById.get(id)!, state: 'posted' });
  crashPoint('orders:post');

  // Payment: posted, unpaid invoices of orders that are paid in BigCommerce.
  const groups = new Map<string, { journalId: number; day: string; invoices: number[] }>();
  for (const o of bySo.values()) {
    if (RANK[o.action] < 3) continue;
    for (const inv of states.get(o.saleOrderId)?.invoice_ids ?? []) {
      const m = moveById.get(inv);
      if (
        !m ||
        m.state !== 'posted' ||
        m.move_type !== 'out_invoice' ||
        ['paid', 'in_payment', 'reversed'].includes(m.payment_state)
      )
        continue;
      const day = o.dateOrder.slice(0, 10);
      const key = `${o.journalId}|${m.currency_id[0]}|${day}`;
      if (!groups.has(key)) groups.set(key, { journalId: o.journalId, day, invoices: [] });
      groups.get(key)!.invoices.push(inv);
      orderOfInvoice.set(inv, o.saleOrderId);
    }
  }
  for (const g of groups.values()) {
    await bisect(
      g.invoices,
      async (ids) => {
        const context = { active_model: 'account.move', active_ids: ids };
        const [wiz] = await ctx.odoo.create(
          'account.payment.register',
          [{ journal_id: g.journalId, payment_date: g.day, group_payment: false }],
          { context },
        );
        await ctx.odoo.call('account.payment.register', 'action_create_payments', [[wiz]], {}, { context });
      },
      async (inv, err) => fail('register payment')(orderOfInvoice.get(inv)!, err),
    );
  }
}
