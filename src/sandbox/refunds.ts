/**
 * How a refund request turns into a refund record, a `refund` transaction and refunded
 * quantities — pure, so the sample store's historical refunds and `store.addRefund()` follow
 * the same rules: amounts include tax, item ids follow BigCommerce's meaning (order product id
 * for PRODUCT/GIFT_WRAPPING, order address id for SHIPPING/HANDLING, order id for ORDER), and a
 * refund can never take the order past its total.
 */
import { toCents, type Cents } from './money.js';
import type { OrderRec, RefundItemType, RefundRec, TransactionRec } from './model.js';
import { lineAmounts, orderTotals, PAID_STATUSES, shippingAmounts } from './order-math.js';

export interface RefundRequest {
  /** item-level refund: PRODUCT/GIFT_WRAPPING by quantity, SHIPPING/HANDLING by amount (default: all of it), ORDER by amount */
  items?: Array<{ type: RefundItemType; itemId: number; quantity?: number; amount?: number }>;
  /** a tax-exempt order-level amount (an ORDER item), in currency units */
  amount?: number;
  reason?: string;
}

export interface RefundIds {
  refundId: number;
  paymentId: number;
  transactionId: number;
}

export interface BuiltRefund {
  refund: RefundRec;
  transaction: TransactionRec;
  /** order product id → quantity refunded by this refund */
  quantities: Map<number, number>;
  /** the order's status once applied: 4 Refunded or 14 Partially Refunded */
  statusId: 4 | 14;
}

export class RefundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefundError';
  }
}

export function buildRefund(order: OrderRec, req: RefundRequest, ids: RefundIds, created: number): BuiltRefund {
  const fail = (msg: string): never => {
    throw new RefundError(`refund of order ${order.id}: ${msg}`);
  };
  if (!PAID_STATUSES.has(order.statusId)) fail(`the order is not paid (status ${order.statusId})`);
  const reason = req.reason ?? '';
  const items: RefundRec['items'] = [];
  const quantities = new Map<number, number>();
  let total: Cents = 0;
  let tax: Cents = 0;

  for (const it of req.items ?? []) {
    if (it.type === 'PRODUCT' || it.type === 'GIFT_WRAPPING') {
      const line = order.lines.find((l) => l.id === it.itemId) ?? fail(`no order product ${it.itemId}`);
      const a = lineAmounts(line, order);
      if (it.type === 'PRODUCT') {
        const done = line.quantityRefunded + (quantities.get(line.id) ?? 0);
        const qty = it.quantity ?? line.quantity - done;
        if (!Number.isInteger(qty) || qty <= 0 || qty + done > line.quantity)
          fail(`cannot refund ${qty} of order product ${line.id}`);
        quantities.set(line.id, (quantities.get(line.id) ?? 0) + qty);
        total += a.priceInc * qty;
        tax += Math.round(a.priceTax * qty); // tax-inclusive unit taxes have four decimals
        items.push({ itemType: 'PRODUCT', itemId: line.id, quantity: qty, requestedAmount: a.priceInc * qty, reason });
      } else {
        if (line.wrapping === 0) fail(`order product ${line.id} has no gift wrapping`);
        total += a.wrappingInc;
        tax += a.wrappingTax;
        items.push({ itemType: 'GIFT_WRAPPING', itemId: line.id, quantity: 1, requestedAmount: a.wrappingInc, reason });
      }
    } else if (it.type === 'SHIPPING' || it.type === 'HANDLING') {
      const addr = order.shipping.find((s) => s.id === it.itemId) ?? fail(`no order address ${it.itemId}`);
      const c = shippingAmounts(addr, order);
      const [ex, inc] = it.type === 'SHIPPING' ? [c.costEx, c.costInc] : [c.handlingEx, c.handlingInc];
      const amount = it.amount === undefined ? inc : toCents(it.amount);
      if (amount <= 0 || amount > inc) fail(`${it.type} amount must be in (0, ${inc / 100}]`);
      total += amount;
      tax += Math.round((amount * (inc - ex)) / inc);
      items.push({ itemType: it.type, itemId: addr.id, quantity: null, requestedAmount: amount, reason });
    } else if (it.type === 'ORDER') {
      const amount = toCents(it.amount ?? 0);
      if (amount <= 0) fail('an ORDER item needs a positive amount');
      total += amount;
      items.push({ itemType: 'ORDER', itemId: order.id, quantity: null, requestedAmount: amount, reason });
    } else {
      fail(`item type ${it.type} is not supported by the sandbox (its orders have no fees)`);
    }
  }
  if (req.amount !== undefined) {
    const amount = toCents(req.amount);
    if (amount <= 0) fail('the amount must be positive');
    total += amount;
    items.push({ itemType: 'ORDER', itemId: order.id, quantity: null, requestedAmount: amount, reason });
  }
  if (items.length === 0) fail('give items or an amount');

  const t = orderTotals(order);
  const left = t.totalInc - t.refunded;
  if (total > left) fail(`${(total / 100).toFixed(2)} exceeds the ${(left / 100).toFixed(2)} still refundable`);

  const paid = order.transactions.find((x) => (x.event === 'purchase' || x.event === 'capture') && x.status === 'ok');
  const offline = paid === undefined || paid.method === 'offline' || paid.method === 'custom';
  const refund: RefundRec = {
    id: ids.refundId,
    orderId: order.id,
    userId: 0,
    created,
    reason,
    totalAmount: total,
    totalTax: tax,
    usesMerchantOverrideValues: false,
    items,
    payments: [
      {
        id: ids.paymentId,
        providerId: paid?.gateway ?? 'custom',
        amount: total,
        offline,
        isDeclined: false,
        declinedMessage: '',
        transactionId: String(ids.transactionId),
      },
    ],
  };
  const transaction: TransactionRec = {
    id: ids.transactionId,
    event: 'refund',
    method: paid?.method ?? 'custom',
    amount: total,
    gateway: paid?.gateway ?? 'custom',
    gatewayTransactionId: `re_${order.id}_${ids.refundId}`,
    status: 'ok',
    test: paid?.test ?? false,
    dateCreated: created,
    paymentMethodId: paid?.paymentMethodId ?? 'custom',
    referenceTransactionId: paid?.id ?? null,
    offlineDisplayName: paid?.offlineDisplayName ?? null,
    customPaymentMethod: paid?.customPaymentMethod ?? (paid ? null : order.paymentMethod),
    card: paid?.card ?? null,
    storeCreditRemaining: null,
  };
  return { refund, transaction, quantities, statusId: total === left ? 4 : 14 };
}

/** Applies a built refund to the order record (in place). */
export function applyRefund(order: OrderRec, built: BuiltRefund): void {
  order.refunds.push(built.refund);
  order.transactions.push(built.transaction);
  for (const [lineId, qty] of built.quantities) {
    const line = order.lines.find((l) => l.id === lineId);
    if (line) line.quantityRefunded += qty;
  }
  order.statusId = built.statusId;
  if (built.refund.created > order.dateModified) order.dateModified = built.refund.created;
}
