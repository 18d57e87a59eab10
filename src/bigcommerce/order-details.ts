/**
 * Assembles an order's details — products, shipping addresses, coupons, fees and taxes — into one
 * BcOrderDetails, so an importer writes an order whole or not at all. What the page carries
 * inline (order-consignments.ts, `include=fees`) is used as is; a sub-resource is fetched only
 * when the page lacks it, and /coupons only when the products' discounts do not name the
 * coupons (see `OrdersQuery.coupons`). An order with an invalid or vanished part becomes one
 * InvalidRecordError next to the page's valid orders.
 */
import { BigCommerceNotFoundError, InvalidRecordError } from './errors.js';
import { inlineConsignments } from './order-consignments.js';
import { validatePage, type Page, type Paged, type RawPage } from './paging.js';
import {
  BcOrder,
  type BcCoupon,
  type BcOrderFee,
  type BcOrderProduct,
  type BcOrderTax,
  type BcShippingAddress,
} from './schemas.js';

/** An order with the sub-resources an importer needs to write it in one go. */
export interface BcOrderDetails {
  readonly order: BcOrder;
  readonly products: BcOrderProduct[];
  readonly shippingAddresses: BcShippingAddress[];
  /** the /coupons records; empty when they were not fetched (see `OrdersQuery.coupons`) */
  readonly coupons: BcCoupon[];
  /**
   * The order's coupon codes, distinct, in order: from /coupons when it was fetched, otherwise
   * the non-empty `code`s of the products' `applied_discounts` (manual discounts have none).
   */
  readonly couponCodes: readonly string[];
  readonly fees: BcOrderFee[];
  /**
   * The taxes applied to it (/taxes?details=true): rate, class and name per order product or
   * amount. Empty for an order without tax (not fetched) and in hand-built details.
   */
  readonly taxes: BcOrderTax[];
}

/** When to spend a request on /orders/{id}/coupons (see `OrdersQuery.coupons`). */
export type CouponMode = 'when-discounted' | 'always' | 'never';

/** The per-order sub-resources, fetched only when the page did not carry them (the client is one). */
export interface OrderSubResources {
  orderProducts(orderId: number): Paged<BcOrderProduct>;
  orderShippingAddresses(orderId: number): Paged<BcShippingAddress>;
  orderCoupons(orderId: number): Paged<BcCoupon>;
  orderFees(orderId: number): Paged<BcOrderFee>;
  orderTaxes(orderId: number): Paged<BcOrderTax>;
}

type Sub<T> = { ok: true; value: T } | { ok: false; error: InvalidRecordError };

/** Validates a raw page of orders and completes each valid order with its sub-resources. */
export async function orderDetailsPage(
  raw: RawPage,
  couponMode: CouponMode,
  subs: OrderSubResources,
): Promise<Page<BcOrderDetails>> {
  const page = validatePage('orders', BcOrder, raw);
  const results = await Promise.all(page.records.map((order) => orderDetails(order, couponMode, raw, subs)));
  const records: BcOrderDetails[] = [];
  const errors = [...page.errors];
  for (const r of results) {
    if (r.ok) records.push(r.value);
    else errors.push(r.error);
  }
  return { ...page, records, errors };
}

/**
 * One order: read what the page carries inline → stop if that is already invalid → fetch what
 * is missing, in parallel → name the coupons. Only a 404 of a sub-resource is this order's
 * failure; any other error fails the page.
 */
async function orderDetails(
  order: BcOrder,
  couponMode: CouponMode,
  raw: RawPage,
  subs: OrderSubResources,
): Promise<Sub<BcOrderDetails>> {
  const issues: { path: string; message: string }[] = [];
  let cause: unknown;
  const sub = async <T>(
    what: string,
    load: () => Promise<{ records: T[]; errors: InvalidRecordError[] }>,
  ): Promise<T[]> => {
    try {
      const { records, errors } = await load();
      for (const e of errors)
        for (const i of e.issues) issues.push({ path: `${what}.${e.recordId ?? '?'}.${i.path}`, message: i.message });
      return records;
    } catch (err) {
      // The order was listed a moment ago; its sub-resource vanishing is this order's problem, not the run's.
      if (!(err instanceof BigCommerceNotFoundError)) throw err;
      issues.push({ path: what, message: `not found (404) at ${err.path}` });
      cause = err;
      return [];
    }
  };

  const inline = inlineConsignments(order, raw);
  for (const e of inline.errors)
    issues.push(...e.issues.map((i) => ({ path: `consignments.${i.path}`, message: i.message })));
  const invalid = (): Sub<BcOrderDetails> => ({
    ok: false,
    // An order is written whole or not at all: a bad line would make the totals lie.
    error: new InvalidRecordError({
      resource: 'orders',
      recordId: order.id,
      issues,
      method: raw.method,
      path: raw.path,
      cause,
    }),
  });
  // Already unusable: spend no quota on its sub-resources.
  if (issues.length > 0) return invalid();

  const needProducts = inline.products === undefined || (inline.lineCount === 0 && (order.items_total ?? 0) > 0);
  const shippingCount = order.shipping_address_count ?? 0;
  const needAddresses = inline.addresses === undefined || inline.addresses.length < shippingCount;
  const discounted = Number(order.coupon_discount ?? '0') !== 0;
  const needFees = order.fees !== undefined && !Array.isArray(order.fees);
  // No include carries the taxes: one request for each order that has tax, none for the others.
  const needTaxes = Number(order.total_tax ?? '0') !== 0;
  // The products' applied discounts name the coupons; /coupons only fills in when they do not.
  // `undefined`: /coupons not fetched.
  const couponsFor = (products: readonly BcOrderProduct[]): Promise<BcCoupon[] | undefined> => {
    const needCoupons =
      couponMode === 'always' ||
      (couponMode === 'when-discounted' && discounted && appliedCouponCodes(products).length === 0);
    return needCoupons ? sub('coupons', () => subs.orderCoupons(order.id).all()) : Promise.resolve(undefined);
  };
  // With the products inline the coupon decision is known now, so everything runs in
  // parallel; only when /products must be fetched does /coupons (if needed) wait for it.
  const productsAndCoupons = async (): Promise<[BcOrderProduct[], BcCoupon[] | undefined]> => {
    if (!needProducts) {
      const products = inline.products ?? [];
      return [products, await couponsFor(products)];
    }
    if (couponMode !== 'when-discounted' || !discounted) {
      // the decision does not depend on the products
      return Promise.all([sub('products', () => subs.orderProducts(order.id).all()), couponsFor([])]);
    }
    const products = await sub('products', () => subs.orderProducts(order.id).all());
    // A failed /products makes the order invalid anyway: spend nothing more on it.
    return [products, issues.length > 0 ? undefined : await couponsFor(products)];
  };

  const [[products, fetchedCoupons], shippingAddresses, fees, taxes] = await Promise.all([
    productsAndCoupons(),
    needAddresses
      ? sub('shipping_addresses', () => subs.orderShippingAddresses(order.id).all())
      : Promise.resolve(inline.addresses ?? []),
    needFees
      ? sub('fees', () => subs.orderFees(order.id).all())
      : Promise.resolve(Array.isArray(order.fees) ? order.fees : []),
    needTaxes ? sub('taxes', () => subs.orderTaxes(order.id).all()) : Promise.resolve([]),
  ]);

  if (issues.length > 0) return invalid();
  const coupons = fetchedCoupons ?? [];
  const couponCodes = fetchedCoupons ? distinct(fetchedCoupons.map((c) => c.code)) : appliedCouponCodes(products);
  return { ok: true, value: { order, products, shippingAddresses, coupons, couponCodes, fees, taxes } };
}

/** Non-empty strings, each once, in first-seen order. */
function distinct(codes: readonly (string | null | undefined)[]): string[] {
  return [...new Set(codes.filter((c): c is string => typeof c === 'string' && c !== ''))];
}

/** The coupon codes in the products' applied discounts (a manual discount's code is null). */
function appliedCouponCodes(products: readonly BcOrderProduct[]): string[] {
  return distinct(products.flatMap((p) => (p.applied_discounts ?? []).map((d) => d.code)));
}
