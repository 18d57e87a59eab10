/**
 * The BigCommerce client the importers use: typed, validated, paged reads of one store, one
 * method per resource. Requests, paging and validation are the StoreApi's (store-api.ts):
 * every request goes through the store's RequestScheduler (quota, retries, typed errors);
 * paths, paging styles, limits and date formats come from the resource table. An order's
 * sub-resources are assembled in order-details.ts.
 */
import { formatBcDate, sinceFilter } from './dates.js';
import { BigCommerceError, BigCommercePartialWriteError } from './errors.js';
import type { HttpMethod, HttpResponse, Query } from './http.js';
import { orderDetailsPage, type BcOrderDetails, type CouponMode } from './order-details.js';
import { chunk, Paged, rawPages, type Page, type RawPage } from './paging.js';
import { RESOURCES, resourcePath, type ApiVersion } from './resources.js';
import type { RequestScheduler } from './scheduler.js';
import {
  BcAddress,
  BcBrand,
  BcCategory,
  BcCategoryTree,
  BcCoupon,
  BcCurrency,
  BcCustomer,
  BcCustomerGroup,
  BcHook,
  BcHookEnvelope,
  BcImage,
  BcInventoryItem,
  BcInventoryTransaction,
  BcLocation,
  BcOrder,
  BcOrderCount,
  BcOrderFee,
  BcOrderTax,
  BcOrderProduct,
  BcOrderStatus,
  BcProduct,
  BcProductId,
  BcProductOption,
  BcRefund,
  BcShipment,
  BcShipmentCount,
  BcShippingAddress,
  BcStore,
  BcTaxClass,
  BcTime,
  BcTransaction,
  BcTreeCategory,
  BcVariant,
} from './schemas.js';
import { StoreApi, type BigCommerceClientOptions } from './store-api.js';
import {
  absoluteAdjustmentBodies,
  hookBody,
  orderStatusBody,
  relativeAdjustmentBodies,
  shipmentBody,
  type AdjustmentBody,
  type HookInput,
  type InventoryItem,
  type ShipmentInput,
} from './write-requests.js';

export { DEFAULT_BASE_URL, type BigCommerceClientOptions } from './store-api.js';
export type { BcOrderDetails, CouponMode } from './order-details.js';
export type { HookInput, InventoryItem, ShipmentInput } from './write-requests.js';

/** What a batched inventory write did: one transaction id per request. */
export interface InventoryWriteResult {
  readonly requests: number;
  readonly items: number;
  readonly transactionIds: readonly string[];
}

/** Products' default sub-resources. Not options/modifiers: either one caps a page at 10 products. */
export const DEFAULT_PRODUCT_INCLUDE = ['variants', 'images', 'custom_fields', 'primary_image'] as const;
const PAGE_CAPPING_INCLUDES = new Set(['options', 'modifiers']);
const CAPPED_PRODUCT_LIMIT = 10;

export interface ProductsQuery {
  /** modified at or after */
  readonly since?: Date;
  readonly ids?: readonly number[];
  readonly include?: readonly string[];
  /**
   * Page order. Incremental runs walk by date_modified ascending so a cursor can follow them;
   * full walks by id, which a concurrent edit cannot reorder.
   */
  readonly sort?: 'id' | 'date_modified';
  /** only ids in this range, both ends included (a part of a split import) */
  readonly idRange?: { readonly min: number; readonly max: number };
}

export interface CustomersQuery {
  /** modified at or after */
  readonly since?: Date;
  readonly ids?: readonly number[];
  /** default `addresses` */
  readonly include?: readonly string[];
  /**
   * Page order: date_modified ascending (the default when `since` is set) lets a cursor follow
   * the walk; cursor paging keeps that walk stable while customers change (a customer edited
   * mid-walk moves behind the cursor and is read again). 'id' is the API's default order.
   */
  readonly sort?: 'id' | 'date_modified';
}

export interface OrdersQuery {
  /** modified at or after */
  readonly since?: Date;
  readonly ids?: readonly number[];
  readonly createdFrom?: Date;
  readonly createdTo?: Date;
  /** only ids in this range, both ends included (a part of a split import) */
  readonly idRange?: { readonly min: number; readonly max: number };
  readonly statusId?: number;
  /**
   * When to spend a request on /orders/{id}/coupons:
   * 'when-discounted' (default) only if coupon_discount ≠ 0 and no product's
   * `applied_discounts` carries a coupon code (they normally do, so this costs nothing);
   * 'always' (one request per order); 'never'.
   * A free-shipping coupon leaves coupon_discount at 0 and discounts no product, so its
   * code is seen only with 'always'.
   */
  readonly coupons?: CouponMode;
}

export class BigCommerceClient {
  readonly storeHash: string;
  readonly scheduler: RequestScheduler;
  private readonly api: StoreApi;

  constructor(opts: BigCommerceClientOptions) {
    this.api = new StoreApi(opts);
    this.storeHash = this.api.storeHash;
    this.scheduler = this.api.scheduler;
  }

  /** One request through the scheduler; resolves with the 2xx response or rejects with a typed error. */
  request(
    method: HttpMethod,
    api: ApiVersion,
    path: string,
    init: { query?: Query; body?: unknown } = {},
  ): Promise<HttpResponse> {
    return this.api.request(method, api, path, init);
  }

  // ------------------------------------------------------------------ store-level

  getStore(): Promise<BcStore> {
    return this.api.getOne('store', BcStore, 'v2', resourcePath('store'));
  }

  /** BigCommerce's clock, to measure skew before choosing an incremental window. */
  async getTime(): Promise<Date> {
    const t = await this.api.getOne('time', BcTime, 'v2', resourcePath('time'));
    return new Date(t.time * 1000);
  }

  currencies(): Paged<BcCurrency> {
    return this.api.list('currencies', BcCurrency);
  }

  orderStatuses(): Paged<BcOrderStatus> {
    return this.api.list('orderStatuses', BcOrderStatus);
  }

  customerGroups(): Paged<BcCustomerGroup> {
    return this.api.list('customerGroups', BcCustomerGroup);
  }

  taxClasses(): Paged<BcTaxClass> {
    return this.api.list('taxClasses', BcTaxClass);
  }

  // ------------------------------------------------------------------ catalog

  /**
   * Products, with variants, images, custom fields and the primary image inline (one
   * request per 250 products). Asking for options or modifiers drops the page to 10
   * products, as BigCommerce enforces; prefer productOptions(id).
   */
  products(q: ProductsQuery = {}): Paged<BcProduct> {
    const include = q.include ?? DEFAULT_PRODUCT_INCLUDE;
    const capped = include.some((i) => PAGE_CAPPING_INCLUDES.has(i));
    const query: Record<string, string | readonly string[]> = {};
    if (include.length > 0) query.include = include;
    if (q.since) Object.assign(query, sinceFilter('products', q.since));
    const sort = q.sort ?? (q.since ? 'date_modified' : undefined);
    if (sort) Object.assign(query, { sort, direction: 'asc' });
    if (q.idRange) Object.assign(query, { 'id:min': String(q.idRange.min), 'id:max': String(q.idRange.max) });
    return this.api.listByIds('products', BcProduct, 'id:in', q.ids, {
      query,
      limit: capped ? CAPPED_PRODUCT_LIMIT : RESOURCES.products.maxLimit,
    });
  }

  /** Every product's id, and nothing else: 250 a page (what archiving after a split import needs). */
  productIds(): Paged<BcProductId> {
    return this.api.list('products', BcProductId, { query: { include_fields: 'id' } });
  }

  /**
   * How many products there are (modified at or after `since`) and their lowest and highest
   * id, for splitting an import into id ranges: two one-product pages of ids only (v3 gives the
   * total with either). Undefined when there is no such product.
   */
  async productIdBounds(q: { since?: Date } = {}): Promise<{ min: number; max: number; count: number } | undefined> {
    const fetch = this.api.pageRequest('products');
    const filter = q.since ? sinceFilter('products', q.since) : {};
    const first = async (direction: 'asc' | 'desc'): Promise<{ id?: number; total: number }> => {
      for await (const raw of rawPages(fetch, {
        paging: RESOURCES.products.paging,
        limit: 1,
        query: { ...filter, sort: 'id', direction, include_fields: 'id' },
      })) {
        const id = (raw.items[0] as { id?: unknown } | undefined)?.id;
        return { id: typeof id === 'number' ? id : undefined, total: raw.total ?? 0 };
      }
      return { total: 0 };
    };
    const low = await first('asc');
    if (low.id === undefined || low.total === 0) return undefined;
    const high = await first('desc');
    return high.id === undefined ? undefined : { min: low.id, max: high.id, count: low.total };
  }

  product(id: number, include: readonly string[] = DEFAULT_PRODUCT_INCLUDE): Promise<BcProduct> {
    return this.api.getOne(
      'products',
      BcProduct,
      'v3',
      `${resourcePath('products')}/${encodeURIComponent(id)}`,
      include.length > 0 ? { include } : undefined,
    );
  }

  productVariants(productId: number): Paged<BcVariant> {
    return this.api.list('productVariants', BcVariant, { params: { product_id: productId } });
  }

  productImages(productId: number): Paged<BcImage> {
    return this.api.list('productImages', BcImage, { params: { product_id: productId } });
  }

  productOptions(productId: number): Paged<BcProductOption> {
    return this.api.list('productOptions', BcProductOption, { params: { product_id: productId } });
  }

  categories(q: { ids?: readonly number[] } = {}): Paged<BcCategory> {
    return this.api.listByIds('categories', BcCategory, 'id:in', q.ids);
  }

  categoryTrees(): Paged<BcCategoryTree> {
    return this.api.list('categoryTrees', BcCategoryTree);
  }

  treeCategories(q: { treeIds?: readonly number[] } = {}): Paged<BcTreeCategory> {
    return this.api.listByIds('treeCategories', BcTreeCategory, 'tree_id:in', q.treeIds);
  }

  brands(q: { ids?: readonly number[] } = {}): Paged<BcBrand> {
    return this.api.listByIds('brands', BcBrand, 'id:in', q.ids);
  }

  // ------------------------------------------------------------------ customers

  /** v3 customers with their addresses inline, walked by cursor (stable while customers change). */
  customers(q: CustomersQuery = {}): Paged<BcCustomer> {
    const query: Record<string, string | readonly string[]> = { include: q.include ?? ['addresses'] };
    if (q.since) Object.assign(query, sinceFilter('customers', q.since));
    const sort = q.sort ?? (q.since ? 'date_modified' : 'id');
    // The API's default order is id; customers take `sort=<field>:<direction>` (no `direction`).
    if (sort === 'date_modified') query.sort = 'date_modified:asc';
    return this.api.listByIds('customers', BcCustomer, 'id:in', q.ids, { query });
  }

  /** Store-wide customer addresses (for addresses changed without a customer change). */
  customerAddresses(q: { customerIds?: readonly number[] } = {}): Paged<BcAddress> {
    return this.api.listByIds('customerAddresses', BcAddress, 'customer_id:in', q.customerIds);
  }

  // ------------------------------------------------------------------ orders

  /**
   * Orders with their products, shipping addresses, coupons and fees, a page at a time.
   *
   * Cost of one page of up to 250 orders:
   *  - 1 request for the page: `include=consignments.line_items,fees&consignment_structure=object`
   *    brings each order's products (as consignment line items) and shipping addresses
   *    (the shipping consignments) and fees inline; without it they are only links;
   *  - coupon codes come from the products' `applied_discounts` (a coupon's entry carries
   *    its `code`), so /coupons, which no include covers, costs a request only for an order
   *    with coupon_discount ≠ 0 whose products carry no code (a store or proxy whose line
   *    items lack them); `coupons: 'always'` makes that one request per order, 'never' none;
   *  - + 1 or 2 requests for an order only when the inline data is missing (a store or proxy
   *    that ignores the include, or an order whose items are in no consignment): then
   *    /products and /shipping_addresses are fetched (and, in the default mode, /coupons
   *    only after /products has shown whether its lines carry the codes).
   * So a typical page of 250 orders costs 1 request, instead of 1 + 3 × 250. Sub-requests
   * of a page run in parallel under the scheduler's cap.
   *
   * Sorted by id (the API's default) rather than date_modified: offset pages over a set
   * sorted by a field that changes during the walk can skip records; with id order a
   * change never moves an order, and new orders only append.
   *
   * `ids` has no `id:in` filter on v2 orders: ids are grouped into min_id/max_id ranges
   * of at most one page's span, and other orders in a range are dropped before any
   * sub-request is spent on them.
   */
  orders(q: OrdersQuery = {}): Paged<BcOrderDetails> {
    const spec = RESOURCES.orders;
    const base: Record<string, string | number> = {
      include: 'consignments.line_items,fees',
      consignment_structure: 'object',
    };
    // Incremental walks follow date_modified so a cursor can trail them; full walks keep the id order.
    if (q.since) Object.assign(base, sinceFilter('orders', q.since), { sort: 'date_modified:asc' });
    if (q.createdFrom) base.min_date_created = formatBcDate(q.createdFrom, spec.dateFilter.format);
    if (q.createdTo) base.max_date_created = formatBcDate(q.createdTo, spec.dateFilter.format);
    if (q.statusId !== undefined) base.status_id = q.statusId;
    if (q.idRange) Object.assign(base, { min_id: q.idRange.min, max_id: q.idRange.max });
    const couponMode = q.coupons ?? 'when-discounted';
    const fetch = this.api.pageRequest('orders');

    // An arrow, so `this` is the client inside the page generator below.
    const enrich = (raw: RawPage): Promise<Page<BcOrderDetails>> => orderDetailsPage(raw, couponMode, this);
    const walk = (query: Query, keep?: ReadonlySet<number>): Paged<BcOrderDetails> =>
      new Paged(async function* (this: void) {
        for await (const raw of rawPages(fetch, { paging: spec.paging, limit: spec.maxLimit, query })) {
          const items = keep ? raw.items.filter((o) => keep.has((o as { id?: number } | null)?.id ?? NaN)) : raw.items;
          if (items.length === 0) continue;
          yield await enrich({ ...raw, items });
        }
      });

    if (q.ids === undefined) return walk(base);
    const ranges = idRanges(q.ids, spec.maxLimit);
    return Paged.concat(ranges.map((r) => walk({ ...base, min_id: r.min, max_id: r.max }, new Set(r.ids))));
  }

  /**
   * The lowest and highest order id (of the orders modified at or after `since`), for
   * splitting an import into id ranges: two one-order pages, no sub-resource read. Undefined
   * when there is no such order.
   */
  async orderIdBounds(q: { since?: Date } = {}): Promise<{ min: number; max: number } | undefined> {
    const fetch = this.api.pageRequest('orders');
    const filter = q.since ? sinceFilter('orders', q.since) : {};
    const first = async (sort: string): Promise<number | undefined> => {
      for await (const raw of rawPages(fetch, {
        paging: RESOURCES.orders.paging,
        limit: 1,
        query: { ...filter, sort },
      })) {
        const id = (raw.items[0] as { id?: unknown } | undefined)?.id;
        return typeof id === 'number' ? id : undefined;
      }
      return undefined;
    };
    const min = await first('id:asc');
    const max = min === undefined ? undefined : await first('id:desc');
    return min === undefined || max === undefined ? undefined : { min, max };
  }

  orderProducts(orderId: number): Paged<BcOrderProduct> {
    return this.api.list('orderProducts', BcOrderProduct, { params: { order_id: orderId } });
  }

  orderShippingAddresses(orderId: number): Paged<BcShippingAddress> {
    return this.api.list('orderShippingAddresses', BcShippingAddress, { params: { order_id: orderId } });
  }

  orderCoupons(orderId: number): Paged<BcCoupon> {
    return this.api.list('orderCoupons', BcCoupon, { params: { order_id: orderId } });
  }

  /** The taxes applied to an order, with the order product each applied to (`details=true`). */
  orderTaxes(orderId: number): Paged<BcOrderTax> {
    return this.api.list('orderTaxes', BcOrderTax, { params: { order_id: orderId }, query: { details: 'true' } });
  }

  orderFees(orderId: number): Paged<BcOrderFee> {
    return this.api.list('orderFees', BcOrderFee, { params: { order_id: orderId } });
  }

  /** Order count, in total and per status (the only total v2 gives). */
  orderCount(q: { since?: Date; statusId?: number } = {}): Promise<BcOrderCount> {
    const query: Record<string, string | number> = {};
    if (q.since) Object.assign(query, sinceFilter('orders', q.since));
    if (q.statusId !== undefined) query.status_id = q.statusId;
    return this.api.getOne('orderCount', BcOrderCount, 'v2', resourcePath('orderCount'), query);
  }

  orderTransactions(orderId: number): Paged<BcTransaction> {
    return this.api.list('orderTransactions', BcTransaction, { params: { order_id: orderId } });
  }

  orderRefunds(orderId: number): Paged<BcRefund> {
    return this.api.list('orderRefunds', BcRefund, { params: { order_id: orderId } });
  }

  /** Store-wide refunds, the authoritative record of what was refunded (created at or after `since`). */
  refunds(q: { since?: Date; orderIds?: readonly number[] } = {}): Paged<BcRefund> {
    const query: Record<string, string> = {};
    if (q.since) Object.assign(query, sinceFilter('refunds', q.since));
    return this.api.listByIds('refunds', BcRefund, 'order_id:in', q.orderIds, { query });
  }

  // ------------------------------------------------------------------ inventory

  /** Location-aware stock, 1000 items a page. */
  inventoryItems(q: { productIds?: readonly number[]; locationIds?: readonly number[] } = {}): Paged<BcInventoryItem> {
    const locationChunks =
      q.locationIds === undefined
        ? [undefined]
        : chunk(
            [...new Set(q.locationIds)].sort((a, b) => a - b),
            this.api.idChunkSize,
          );
    return Paged.concat(
      locationChunks.map((locs) =>
        this.api.listByIds('inventoryItems', BcInventoryItem, 'product_id:in', q.productIds, {
          query: locs === undefined ? {} : { 'location_id:in': locs },
        }),
      ),
    );
  }

  locations(): Paged<BcLocation> {
    return this.api.list('locations', BcLocation);
  }

  // ------------------------------------------------------------------ writes (WRITES in resources.ts)

  /**
   * Sets stock levels (PUT /inventory/adjustments/absolute) in the fewest requests the 2,000-item
   * limit allows, one after the other, as the inventory guide asks. Absolute levels are
   * idempotent, so a timeout or 5xx is retried like a read, and sending the same levels again
   * after a failure is safe. A failure after the first batch is a BigCommercePartialWriteError.
   */
  setInventoryLevels(items: readonly InventoryItem[], opts: { reason?: string } = {}): Promise<InventoryWriteResult> {
    return this.sendAdjustments('inventoryAbsolute', absoluteAdjustmentBodies(items, opts.reason));
  }

  /**
   * Moves stock by differences (POST /inventory/adjustments/relative), batched the same way.
   * Not idempotent: a batch whose outcome is unknown (timeout, 5xx) is not sent again — the
   * error has `outcomeUnknown`; read the levels before deciding.
   */
  adjustInventory(items: readonly InventoryItem[], opts: { reason?: string } = {}): Promise<InventoryWriteResult> {
    return this.sendAdjustments('inventoryRelative', relativeAdjustmentBodies(items, opts.reason));
  }

  private async sendAdjustments(
    name: 'inventoryAbsolute' | 'inventoryRelative',
    bodies: readonly AdjustmentBody[],
  ): Promise<InventoryWriteResult> {
    const transactionIds: string[] = [];
    let written = 0;
    for (const body of bodies) {
      try {
        const res = await this.api.write(name, BcInventoryTransaction, {}, body);
        if (res.transaction_id !== undefined) transactionIds.push(res.transaction_id);
      } catch (err) {
        if (written > 0 && err instanceof BigCommerceError) throw new BigCommercePartialWriteError(err, written);
        throw err;
      }
      written += body.items.length;
    }
    return { requests: bodies.length, items: written, transactionIds };
  }

  /**
   * Ships items of an order (POST /orders/{id}/shipments); BigCommerce then moves the order to
   * Shipped or Partially Shipped. Not idempotent: sent twice it makes two shipments, so after a
   * timeout or 5xx it is not repeated (the error has `outcomeUnknown`): look at
   * orderShipments(orderId) before sending it again.
   */
  createShipment(orderId: number, shipment: ShipmentInput): Promise<BcShipment> {
    return this.api.write('orderShipmentCreate', BcShipment, { order_id: orderId }, shipmentBody(shipment));
  }

  orderShipments(orderId: number): Paged<BcShipment> {
    return this.api.list('orderShipments', BcShipment, { params: { order_id: orderId } });
  }

  orderShipment(orderId: number, shipmentId: number): Promise<BcShipment> {
    const path = `${resourcePath('orderShipments', { order_id: orderId })}/${encodeURIComponent(shipmentId)}`;
    return this.api.getOne('orderShipments', BcShipment, 'v2', path);
  }

  async orderShipmentCount(orderId: number): Promise<number> {
    const path = resourcePath('orderShipmentCount', { order_id: orderId });
    return (await this.api.getOne('orderShipmentCount', BcShipmentCount, 'v2', path)).count;
  }

  // ------------------------------------------------------------------ webhooks

  /** The hooks this API account registered (a hook is visible only to the token that made it). */
  hooks(q: { scope?: string; destination?: string; isActive?: boolean } = {}): Paged<BcHook> {
    const query: Record<string, string> = {};
    if (q.scope !== undefined) query.scope = q.scope;
    if (q.destination !== undefined) query.destination = q.destination;
    if (q.isActive !== undefined) query.is_active = String(q.isActive);
    return this.api.list('hooks', BcHook, { query });
  }

  /**
   * Registers a hook (POST /v3/hooks). Not idempotent: after a timeout or 5xx it is not sent
   * again (`outcomeUnknown`); list the hooks before retrying — a second one with the same scope
   * and destination is refused with a 422.
   */
  createHook(hook: HookInput): Promise<BcHook> {
    return this.api.write('hookCreate', BcHookEnvelope, {}, hookBody(hook));
  }

  /** Changes the fields given (PUT /v3/hooks/{id}): reactivates with `isActive: true`; idempotent. */
  updateHook(id: number, changes: Partial<HookInput>): Promise<BcHook> {
    return this.api.write('hookUpdate', BcHookEnvelope, { webhook_id: id }, hookBody(changes));
  }

  /** Removes a hook (DELETE /v3/hooks/{id}); answers with the hook removed. */
  deleteHook(id: number): Promise<BcHook> {
    return this.api.write('hookDelete', BcHookEnvelope, { webhook_id: id }, undefined);
  }

  /** Changes an order's status and nothing else (PUT /orders/{id} with `status_id`); idempotent. */
  updateOrderStatus(orderId: number, statusId: number): Promise<BcOrder> {
    return this.api.write('orderUpdate', BcOrder, { order_id: orderId }, orderStatusBody(statusId));
  }
}

/** Groups ids into [min, max] ranges no wider than `span`, so each range fits one v2 page. */
export function idRanges(ids: readonly number[], span: number): { min: number; max: number; ids: number[] }[] {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const out: { min: number; max: number; ids: number[] }[] = [];
  for (const id of sorted) {
    const last = out[out.length - 1];
    if (last && id - last.min < span) {
      last.max = id;
      last.ids.push(id);
    } else {
      out.push({ min: id, max: id, ids: [id] });
    }
  }
  return out;
}
