/**
 * Moves sale orders through Odoo's workflow as their BigCommerce status says: confirm, invoice
 * (Odoo's invoicing wizard, one invoice per order, posted with the BigCommerce date), register
 * payment (Odoo's payment wizard, in the mapped journal), or cancel. Every step looks at the
 * order's state first, so a later import only ever moves an order forward — a second invoice
 * or payment is never made. Each step is one call for the whole page (payments: one per
 * journal, currency and day); a call Odoo refuses is split to find the orders it refuses.
 */
import type { OrderAction } from '../../config/index.js';
import { bisect } from '../../odoo/bisect.js';
import { registerPayments } from '../../odoo/payment-wizard.js';
import type { ImportContext } from '../context.js';
import { crashPoint } from '../crash-points.js';
import { workflowStep } from '../failure.js';
import type { Tally } from '../tally.js';

export interface WorkflowOrder {
  bcId: number;
  saleOrderId: number;
  action: OrderAction;
  /** the status only echoes a delivery exported from Odoo: asking for less than Odoo did is expected, not warned about */
  followsOdooShipment?: boolean;
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
  invoice_payment_term_id: [number, string] | false;
}

const RANK: Record<OrderAction, number> = {
  skip: 0,
  quotation: 0,
  confirm: 1,
  'confirm+invoice': 2,
  'confirm+invoice+paid': 3,
  cancel: -1,
};

/** The orders of a page while they move: an order that fails a step, or is cancelled, leaves. */
interface Flow {
  ctx: ImportContext;
  tally: Tally;
  /** sale.order id → the order */
  orders: Map<number, WorkflowOrder>;
  /** what Odoo says of them, as last read */
  states: Map<number, OrderState>;
}

export async function advanceOrders(ctx: ImportContext, tally: Tally, orders: readonly WorkflowOrder[]): Promise<void> {
  if (!orders.length) return;
  const flow: Flow = { ctx, tally, orders: new Map(orders.map((o) => [o.saleOrderId, o])), states: new Map() };
  await readStates(flow);
  await cancelOrders(flow);
  await noteNeverBack(flow);
  const confirming = await confirmOrders(flow);
  if (!confirming && !moving(flow).some((o) => RANK[o.action] >= 2)) return;
  await readStates(flow);
  await invoiceOrders(flow);
  const moves = await postInvoices(flow);
  await payInvoices(flow, moves);
}

const moving = (flow: Flow): WorkflowOrder[] => [...flow.orders.values()];

async function readStates(flow: Flow): Promise<void> {
  const ids = [...flow.orders.keys()];
  const rows = ids.length
    ? await flow.ctx.odoo.read<OrderState>('sale.order', ids, ['state', 'invoice_status', 'invoice_ids', 'date_order'])
    : [];
  flow.states = new Map(rows.map((r) => [r.id, r]));
}

/** What bisect calls for an order Odoo refused at `step`: failed in the tally, out of the flow. */
function failAt(flow: Flow, step: string): (soId: number, err: unknown) => Promise<void> {
  return async (soId, err) => {
    const o = flow.orders.get(soId)!;
    await flow.tally.fail(
      'orders',
      o.bcId,
      workflowStep(`${step}: ${err instanceof Error ? err.message : String(err)}`, err),
      o.name,
    );
    flow.orders.delete(soId);
  };
}

async function cancelOrders(flow: Flow): Promise<void> {
  const toCancel = moving(flow)
    .filter((o) => o.action === 'cancel' && flow.states.get(o.saleOrderId)?.state !== 'cancel')
    .map((o) => o.saleOrderId);
  await bisect(
    toCancel,
    (ids) =>
      flow.ctx.odoo.callRecords('sale.order', ids, 'action_cancel', {}, { context: { disable_cancel_warning: true } }),
    failAt(flow, 'cancel'),
  );
  for (const id of toCancel) flow.orders.delete(id);
}

/** Orders never move back: a status that now means less than what Odoo already did is noted. */
async function noteNeverBack(flow: Flow): Promise<void> {
  for (const o of moving(flow)) {
    const st = flow.states.get(o.saleOrderId);
    const done = st?.state === 'sale' || st?.state === 'done' ? (st.invoice_ids.length ? 2 : 1) : 0;
    if (st?.state === 'cancel' && RANK[o.action] > 0) {
      await flow.tally.warn(
        'orders',
        o.bcId,
        `order is cancelled in Odoo; BigCommerce status now asks for "${o.action}" — left cancelled, reopen it in Odoo if that is right`,
        o.name,
      );
      flow.orders.delete(o.saleOrderId);
    } else if (RANK[o.action] < done && !o.followsOdooShipment) {
      await flow.tally.warn(
        'orders',
        o.bcId,
        `BigCommerce status now asks for "${o.action}" but the Odoo order is further along; orders are never moved back`,
        o.name,
      );
    }
  }
}

/** Confirms the quotations that should be, then gives them back their BigCommerce date. True when there were any. */
async function confirmOrders(flow: Flow): Promise<boolean> {
  const { ctx, states } = flow;
  const toConfirm = moving(flow)
    .filter((o) => RANK[o.action] >= 1 && ['draft', 'sent'].includes(states.get(o.saleOrderId)?.state ?? ''))
    .map((o) => o.saleOrderId);
  const confirmed = await bisect(
    toConfirm,
    (ids) => ctx.odoo.callRecords('sale.order', ids, 'action_confirm'),
    failAt(flow, 'confirm'),
  );
  crashPoint('orders:confirm');
  // Confirming sets the date to now; also orders confirmed by a run killed before it restored theirs.
  const redate = [
    ...new Set([
      ...confirmed,
      ...moving(flow)
        .map((o) => o.saleOrderId)
        .filter(
          (id) =>
            ['sale', 'done'].includes(states.get(id)?.state ?? '') &&
            states.get(id)?.date_order !== flow.orders.get(id)!.dateOrder,
        ),
    ]),
  ];
  if (redate.length) {
    const res = await ctx.odoo.load(
      'sale.order',
      ['.id', 'date_order'],
      redate.map((id) => [String(id), flow.orders.get(id)!.dateOrder]),
      { context: { tz: 'UTC' } },
    );
    if (res.ids === false)
      throw new Error(`could not restore order dates: ${res.messages.map((m) => m.message).join('; ')}`);
  }
  return toConfirm.length > 0;
}

/** Invoices (Odoo's wizard) the orders with something left to invoice and no invoice yet. */
async function invoiceOrders(flow: Flow): Promise<void> {
  const { ctx, states } = flow;
  const toInvoice = moving(flow)
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
      await ctx.odoo.callRecords('sale.advance.payment.inv', [wiz!], 'create_invoices', {}, { context });
    },
    failAt(flow, 'invoice'),
  );
  crashPoint('orders:invoice');
  if (invoiced.length) await readStates(flow);
}

/**
 * Posts the orders' draft invoices with the BigCommerce date: one load sets every invoice's own
 * date, one call posts them all. Returns the invoices as they stand after posting.
 */
async function postInvoices(flow: Flow): Promise<Map<number, MoveState>> {
  const { ctx, states } = flow;
  const invoiceIds = moving(flow)
    .filter((o) => RANK[o.action] >= 2)
    .flatMap((o) => states.get(o.saleOrderId)?.invoice_ids ?? []);
  const moves = invoiceIds.length
    ? await ctx.odoo.read<MoveState>('account.move', invoiceIds, [
        'state',
        'payment_state',
        'currency_id',
        'move_type',
        'invoice_payment_term_id',
      ])
    : [];
  const moveById = new Map(moves.map((m) => [m.id, m]));
  const orderOfDraft = new Map<number, number>(); // draft invoice → its order
  for (const o of flow.orders.values()) {
    for (const inv of states.get(o.saleOrderId)?.invoice_ids ?? []) {
      if (moveById.get(inv)?.state === 'draft' && moveById.get(inv)?.move_type === 'out_invoice')
        orderOfDraft.set(inv, o.saleOrderId);
    }
  }
  await dateInvoices(flow, orderOfDraft, moveById);
  const failPost = failAt(flow, 'post invoice');
  const posted = await bisect(
    [...orderOfDraft.keys()],
    (ids) => ctx.odoo.callRecords('account.move', ids, 'action_post'),
    async (inv, err) => failPost(orderOfDraft.get(inv)!, err),
  );
  for (const id of posted) moveById.set(id, { ...moveById.get(id)!, state: 'posted' });
  crashPoint('orders:post');
  return moveById;
}

/**
 * Dates the draft invoices with their order's BigCommerce date. Odoo computes the due date from
 * the invoice date through the payment terms (the sale order's, from the partner); an invoice
 * without terms keeps the due date it was made with (the day of the import), so it is given its
 * invoice date, as Odoo's own "immediate payment" would. One load per kind, two at most.
 */
async function dateInvoices(
  flow: Flow,
  orderOfDraft: ReadonlyMap<number, number>,
  moveById: ReadonlyMap<number, MoveState>,
): Promise<void> {
  const rows = [...orderOfDraft].map(([inv, so]) => ({
    inv,
    day: flow.orders.get(so)!.dateOrder.slice(0, 10),
    termed: !!moveById.get(inv)?.invoice_payment_term_id,
  }));
  const termed = rows.filter((r) => r.termed).map((r) => [String(r.inv), r.day]);
  const immediate = rows.filter((r) => !r.termed).map((r) => [String(r.inv), r.day, r.day]);
  for (const [fields, data] of [
    [['.id', 'invoice_date'], termed],
    [['.id', 'invoice_date', 'invoice_date_due'], immediate],
  ] as const) {
    if (!data.length) continue;
    const res = await flow.ctx.odoo.load('account.move', [...fields], data);
    if (res.ids === false)
      throw new Error(`could not date the invoices: ${res.messages.map((m) => m.message).join('; ')}`);
  }
}

/** Pays the posted, unpaid invoices of orders paid in BigCommerce: one wizard per journal, currency and day. */
async function payInvoices(flow: Flow, moves: ReadonlyMap<number, MoveState>): Promise<void> {
  const groups = new Map<string, { journalId: number; day: string; invoices: number[] }>();
  const orderOfInvoice = new Map<number, number>();
  for (const o of flow.orders.values()) {
    if (RANK[o.action] < 3) continue;
    for (const inv of flow.states.get(o.saleOrderId)?.invoice_ids ?? []) {
      const m = moves.get(inv);
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
  const failPay = failAt(flow, 'register payment');
  for (const g of groups.values()) {
    await bisect(
      g.invoices,
      (ids) => registerPayments(flow.ctx.odoo, { moveIds: ids, journalId: g.journalId, date: g.day }),
      async (inv, err) => failPay(orderOfInvoice.get(inv)!, err),
    );
  }
}
