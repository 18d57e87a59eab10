/**
 * Orders: v2 orders and their sub-resources (bare arrays, 204 on an empty page) and the v3
 * transactions and refunds. List filtering runs on order heads, so a 20,000-order generated
 * store only builds the orders of the page being served.
 */
import { RESOURCES } from '../bigcommerce/resources.js';
import { idParam, noContent, ok, type Handler, type RequestCtx, type Reply } from './context.js';
import type { OrderRec } from './model.js';
import { orderTotals } from './order-math.js';
import { offsetPage, v2Page } from './paging.js';
import { ApiError, badFilter, numberFilter } from './query.js';
import { ALL_STATUS_IDS } from './reference-data.js';
import {
  couponJson,
  orderJson,
  orderProductJson,
  refundJson,
  shippingAddressJson,
  transactionJson,
  type OrderIncludes,
} from './serialize-orders.js';
import { orderTaxesJson } from './serialize-taxes.js';
import type { OrderHead } from './store.js';

export const NOT_FOUND_V2 = 'The requested resource was not found.';

/** The order of a v2 path's `order_id`, or v2's 404. */
export function orderOf(ctx: RequestCtx): OrderRec {
  const id = idParam(ctx, 'order_id');
  const o = id === undefined ? undefined : ctx.store.orders.get(id);
  if (!o) throw new ApiError(404, NOT_FOUND_V2);
  return o;
}

function orderOfV3(ctx: RequestCtx): OrderRec {
  const id = idParam(ctx, 'order_id');
  const o = id === undefined ? undefined : ctx.store.orders.get(id);
  if (!o) throw new ApiError(404, `Order ${ctx.params.order_id ?? ''} not found.`);
  return o;
}

function orderIncludes(ctx: RequestCtx): OrderIncludes {
  const inc = new Set(ctx.query.list('include') ?? []);
  return {
    consignments: inc.has('consignments'),
    consignmentLineItems: inc.has('consignments.line_items'),
    consignmentObject: ctx.query.str('consignment_structure') === 'object',
    fees: inc.has('fees'),
  };
}

/** The filters GET /v2/orders and /v2/orders/count share. */
function orderFilter(ctx: RequestCtx): { head: (h: OrderHead) => boolean; full?: (o: OrderRec) => boolean } {
  const q = ctx.query;
  const dateOpts = { bareDate: 'midnight' as const, now: ctx.store.now() };
  const minId = q.int('min_id');
  const maxId = q.int('max_id');
  const customerId = q.int('customer_id');
  const statusId = q.int('status_id');
  const channelId = q.int('channel_id');
  const dcMin = q.date('min_date_created', dateOpts);
  const dcMax = q.date('max_date_created', dateOpts);
  const dmMin = q.date('min_date_modified', dateOpts);
  const dmMax = q.date('max_date_modified', dateOpts);
  const isDeleted = q.bool('is_deleted') ?? false;
  const head = (h: OrderHead): boolean =>
    (minId === undefined || h.id >= minId) &&
    (maxId === undefined || h.id <= maxId) &&
    (customerId === undefined || h.customerId === customerId) &&
    (statusId === undefined || h.statusId === statusId) &&
    (channelId === undefined || h.channelId === channelId) &&
    (dcMin === undefined || h.dateCreated >= dcMin) &&
    (dcMax === undefined || h.dateCreated <= dcMax) &&
    (dmMin === undefined || h.dateModified >= dmMin) &&
    (dmMax === undefined || h.dateModified <= dmMax) &&
    h.isDeleted === isDeleted;

  const email = q.str('email')?.toLowerCase();
  const cartId = q.str('cart_id');
  const paymentMethod = q.str('payment_method');
  const externalOrderId = q.str('external_order_id');
  const minTotal = q.str('min_total');
  const maxTotal = q.str('max_total');
  const toCentsOr = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number.parseFloat(v);
    if (!Number.isFinite(n)) throw badFilter('v2', name, v);
    return Math.round(n * 100);
  };
  const minT = toCentsOr('min_total', minTotal);
  const maxT = toCentsOr('max_total', maxTotal);
  if ([email, cartId, paymentMethod, externalOrderId, minT, maxT].every((x) => x === undefined)) return { head };
  return {
    head,
    full: (o) => {
      const total = minT !== undefined || maxT !== undefined ? orderTotals(o).totalInc : 0;
      return (
        (email === undefined || o.billing.email.toLowerCase() === email) &&
        (cartId === undefined || o.cartId === cartId) &&
        (paymentMethod === undefined || o.paymentMethod === paymentMethod) &&
        (externalOrderId === undefined || o.externalOrderId === externalOrderId) &&
        (minT === undefined || total >= minT) &&
        (maxT === undefined || total <= maxT)
      );
    },
  };
}

const ORDER_SORTS: Record<string, (h: OrderHead) => number> = {
  id: (h) => h.id,
  customer_id: (h) => h.customerId,
  date_created: (h) => h.dateCreated,
  date_modified: (h) => h.dateModified,
  status_id: (h) => h.statusId,
  channel_id: (h) => h.channelId,
  external_id: (h) => h.id,
};

function matchingHeads(ctx: RequestCtx): OrderHead[] {
  const f = orderFilter(ctx);
  const store = ctx.store;
  let heads = store.orders.heads().filter(f.head);
  if (f.full) {
    const full = f.full;
    heads = heads.filter((h) => full(store.orders.get(h.id) as OrderRec));
  }
  return heads;
}

export const listOrders: Handler = (ctx) => {
  const sortRaw = ctx.query.str('sort') ?? 'id:asc';
  const [field = 'id', dir = 'asc'] = sortRaw.split(':');
  const key = ORDER_SORTS[field];
  if (!key || (dir !== 'asc' && dir !== 'desc')) throw badFilter('v2', 'sort', sortRaw);
  const sign = dir === 'desc' ? -1 : 1;
  const heads = matchingHeads(ctx).sort((a, b) => (key(a) - key(b) || a.id - b.id) * sign);
  const page = v2Page(heads, ctx.query, RESOURCES.orders.maxLimit);
  if (!page) return noContent();
  const inc = orderIncludes(ctx);
  return ok(page.map((h) => patched(ctx, orderJson(ctx, ctx.store.orders.get(h.id) as OrderRec, inc))));
};

export const countOrders: Handler = (ctx) => {
  const heads = matchingHeads(ctx);
  const byStatus = new Map<number, number>();
  for (const h of heads) byStatus.set(h.statusId, (byStatus.get(h.statusId) ?? 0) + 1);
  const statuses = ctx.store.orderStatuses
    .filter((s) => ALL_STATUS_IDS.includes(s.id))
    .map((s) => ({
      id: s.id,
      name: s.name,
      system_label: s.name,
      custom_label: s.customLabel,
      system_description: s.description,
      count: byStatus.get(s.id) ?? 0,
      sort_order: s.order,
    }));
  return ok({ statuses, count: heads.length });
};

export const getOrder: Handler = (ctx) => ok(patched(ctx, orderJson(ctx, orderOf(ctx), orderIncludes(ctx))));

/** An order's JSON with the raw fields a test set on it (SandboxStore.patchOrderJson). */
function patched(ctx: RequestCtx, json: Record<string, unknown>): Record<string, unknown> {
  const fields = ctx.store.orderJsonPatches.get(Number(json.id));
  return fields ? { ...json, ...fields } : json;
}

function v2List(ctx: RequestCtx, rows: unknown[], maxLimit: number): Reply {
  const page = v2Page(rows, ctx.query, maxLimit);
  return page ? ok(page) : noContent();
}

export const listOrderProducts: Handler = (ctx) => {
  const o = orderOf(ctx);
  return v2List(
    ctx,
    o.lines.map((l) => orderProductJson(o, l)),
    RESOURCES.orderProducts.maxLimit,
  );
};

export const listOrderShippingAddresses: Handler = (ctx) => {
  const o = orderOf(ctx);
  return v2List(
    ctx,
    o.shipping.map((s) => shippingAddressJson(ctx, o, s)),
    RESOURCES.orderShippingAddresses.maxLimit,
  );
};

export const listOrderCoupons: Handler = (ctx) => {
  const o = orderOf(ctx);
  return v2List(
    ctx,
    o.coupons.map((c) => couponJson(o, c)),
    RESOURCES.orderCoupons.maxLimit,
  );
};

/** The sandbox's orders carry no fees, so this is always the empty answer (204) for a known order. */
export const listOrderFees: Handler = (ctx) => {
  orderOf(ctx);
  return noContent();
};

/** Every tax applied to the order (204 when it has none); `details=true` says to which product or amount. */
export const listOrderTaxes: Handler = (ctx) => {
  const o = orderOf(ctx);
  return v2List(ctx, orderTaxesJson(ctx.store, o, ctx.query.str('details') === 'true'), RESOURCES.orderTaxes.maxLimit);
};

/** 204 when the order has no transactions (e.g. an Incomplete order), as the spec documents. */
export const listOrderTransactions: Handler = (ctx) => {
  const o = orderOfV3(ctx);
  if (o.transactions.length === 0) return noContent();
  const page = offsetPage(o.transactions, ctx.query, RESOURCES.orderTransactions.maxLimit);
  return ok({ data: page.items.map((t) => transactionJson(o, t)), meta: page.meta });
};

export const listOrderRefunds: Handler = (ctx) => {
  const o = orderOfV3(ctx);
  const page = offsetPage(o.refunds, ctx.query, RESOURCES.orderRefunds.maxLimit);
  return ok({ data: page.items.map(refundJson), meta: page.meta });
};

export const listRefunds: Handler = (ctx) => {
  const q = ctx.query;
  const dateOpts = { bareDate: 'midnight' as const, now: ctx.store.now() };
  const orderIds = q.intList('order_id:in');
  const idF = numberFilter(q, 'id');
  const min = q.date('created:min', dateOpts);
  const max = q.date('created:max', dateOpts);
  const entries = ctx.store
    .refundEntries()
    .filter(
      (e) =>
        (!orderIds || orderIds.includes(e.orderId)) &&
        (!idF || idF(e.id)) &&
        (min === undefined || e.created >= min) &&
        (max === undefined || e.created <= max),
    );
  const page = offsetPage(entries, q, RESOURCES.refunds.maxLimit);
  const data = page.items.map((e) => {
    const refund = ctx.store.orders.get(e.orderId)?.refunds.find((r) => r.id === e.id);
    if (!refund) throw new Error(`refund index out of step: refund ${e.id} of order ${e.orderId}`);
    return refundJson(refund);
  });
  return ok({ data, meta: page.meta });
};
