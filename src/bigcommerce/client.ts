/**
 * The BigCommerce client the importers use: typed, validated, paged reads of one store.
 * Every request goes through the store's RequestScheduler (quota, retries, typed errors);
 * paths, paging styles, limits and date formats come from the resource table.
 */
import type { z } from 'zod';
import { silentLogger, type Logger } from '../log/logger.js';
import { registerSecret } from '../log/redact.js';
import { formatBcDate, sinceFilter } from './dates.js';
import { BigCommerceNotFoundError, InvalidRecordError, BigCommerceResponseError } from './errors.js';
import { buildQuery, fetchTransport, type HttpMethod, type HttpResponse, type Query, type Transport } from './http.js';
import {
  chunk,
  invalidRecord,
  Paged,
  rawPages,
  validatePage,
  validatedPages,
  type Page,
  type PageRequest,
  type RawPage,
} from './paging.js';
import { RESOURCES, resourcePath, type ApiVersion, type ResourceName } from './resources.js';
import { RequestScheduler, type SchedulerOptions, type SchedulerRegistry } from './scheduler.js';
import {
  BcAddress,
  BcBrand,
  BcCategory,
  BcCategoryTree,
  BcCoupon,
  BcCurrency,
  BcCustomer,
  BcCustomerGroup,
  BcImage,
  BcInventoryItem,
  BcLocation,
  BcOrder,
  BcOrderConsignments,
  BcOrderCount,
  BcOrderFee,
  BcOrderProduct,
  BcOrderStatus,
  BcProduct,
  BcProductOption,
  BcRefund,
  BcShippingAddress,
  BcStore,
  BcTaxClass,
  BcTime,
  BcTransaction,
  BcTreeCategory,
  BcVariant,
} from './schemas.js';

export const DEFAULT_BASE_URL = 'https://api.bigcommerce.com';

/** Products' default sub-resources. Not options/modifiers: either one caps a page at 10 products. */
export const DEFAULT_PRODUCT_INCLUDE = ['variants', 'images', 'custom_fields', 'primary_image'] as const;
const PAGE_CAPPING_INCLUDES = new Set(['options', 'modifiers']);
const CAPPED_PRODUCT_LIMIT = 10;

export interface BigCommerceClientOptions {
  readonly storeHash: string;
  readonly accessToken: string;
  /** default https://api.bigcommerce.com; the client appends /stores/<hash>/v2|v3 */
  readonly baseUrl?: string;
  /** the store's scheduler; takes precedence over `registry` */
  readonly scheduler?: RequestScheduler;
  /** where to get the store's scheduler, so every client of a store shares one quota budget */
  readonly registry?: SchedulerRegistry;
  /** used only when the client creates the scheduler (its own, or the registry's first for this store) */
  readonly schedulerOptions?: SchedulerOptions;
  /** shorthands for the same schedulerOptions fields (they win over them) */
  readonly timeoutMs?: number;
  readonly concurrency?: number;
  readonly headroom?: number;
  readonly transport?: Transport;
  readonly logger?: Logger;
  /** ids per `:in` filter request (default 100, about 1 KB of URL) */
  readonly idChunkSize?: number;
  /** aborts every request of this client (shutdown) */
  readonly signal?: AbortSignal;
}

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
  readonly statusId?: number;
  /**
   * When to spend a request on /orders/{id}/coupons:
   * 'when-discounted' (default) only if coupon_discount ≠ 0 and no product's
   * `applied_discounts` carries a coupon code (they normally do, so this costs nothing);
   * 'always' (one request per order); 'never'.
   * A free-shipping coupon leaves coupon_discount at 0 and discounts no product, so its
   * code is seen only with 'always'.
   */
  readonly coupons?: 'when-discounted' | 'always' | 'never';
}

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
}

type Sub<T> = { ok: true; value: T } | { ok: false; error: InvalidRecordError };

export class BigCommerceClient {
  readonly storeHash: string;
  readonly scheduler: RequestScheduler;
  private readonly accessToken: string;
  private readonly baseUrl: string;
  private readonly host: string;
  private readonly transport: Transport;
  private readonly logger: Logger;
  private readonly idChunkSize: number;
  private readonly signal: AbortSignal | undefined;

  constructor(opts: BigCommerceClientOptions) {
    if (!/^[A-Za-z0-9_-]+$/.test(opts.storeHash)) throw new Error('storeHash must be a BigCommerce store hash');
    if (!opts.accessToken) throw new Error('accessToken is required');
    // Registered before anything can fail, so no error or log line built later can carry it.
    registerSecret(opts.accessToken);
    this.storeHash = opts.storeHash;
    this.accessToken = opts.accessToken;
    this.baseUrl = (opts.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.host = new URL(this.baseUrl).host;
    this.logger = opts.logger ?? silentLogger;
    const schedulerOptions: SchedulerOptions = {
      logger: this.logger,
      ...opts.schedulerOptions,
      ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
      ...(opts.concurrency === undefined ? {} : { concurrency: opts.concurrency }),
      ...(opts.headroom === undefined ? {} : { headroom: opts.headroom }),
      storeHash: opts.storeHash,
    };
    this.scheduler =
      opts.scheduler ?? opts.registry?.get(opts.storeHash, schedulerOptions) ?? new RequestScheduler(schedulerOptions);
    this.transport = opts.transport ?? fetchTransport();
    this.idChunkSize = opts.idChunkSize ?? 100;
    this.signal = opts.signal;
  }

  // ------------------------------------------------------------------ transport

  /** One request through the scheduler; resolves with the 2xx response or rejects with a typed error. */
  async request(
    method: HttpMethod,
    api: ApiVersion,
    path: string,
    init: { query?: Query; body?: unknown } = {},
  ): Promise<HttpResponse> {
    const rel = `/stores/${this.storeHash}/${api}${path}${buildQuery(init.query)}`;
    const headers: Record<string, string> = {
      'X-Auth-Token': this.accessToken,
      Accept: 'application/json',
    };
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    const req = { method, url: `${this.baseUrl}${rel}`, path: rel, headers, body: init.body };
    return this.scheduler.execute(
      { method, path: rel, host: this.host },
      (signal) => this.transport(req, signal),
      this.signal,
    );
  }

  private pageRequest(name: ResourceName, params: Record<string, string | number> = {}): PageRequest {
    const spec = RESOURCES[name];
    const path = resourcePath(name, params);
    return async (query) => {
      const res = await this.request('GET', spec.api, path, { query });
      return {
        status: res.status,
        body: res.body,
        method: 'GET',
        path: `/stores/${this.storeHash}/${spec.api}${path}${buildQuery(query)}`,
      };
    };
  }

  /** A validated, lazily paged list of a table resource, at the resource's max limit. */
  private list<S extends z.ZodType>(
    name: ResourceName,
    schema: S,
    init: { params?: Record<string, string | number>; query?: Query; limit?: number } = {},
  ): Paged<z.output<S>> {
    const spec = RESOURCES[name];
    const fetch = this.pageRequest(name, init.params);
    return new Paged(() =>
      validatedPages(fetch, {
        paging: spec.paging,
        limit: init.limit ?? spec.maxLimit,
        query: init.query,
        resource: name,
        schema,
      }),
    );
  }

  /** The same list once per chunk of ids under `param` (`id:in`, …), walked one after the other. */
  private listByIds<S extends z.ZodType>(
    name: ResourceName,
    schema: S,
    param: string,
    ids: readonly number[] | undefined,
    init: { query?: Query; limit?: number } = {},
  ): Paged<z.output<S>> {
    if (ids === undefined) return this.list(name, schema, init);
    const unique = [...new Set(ids)].sort((a, b) => a - b);
    return Paged.concat(
      chunk(unique, this.idChunkSize).map((part) =>
        this.list(name, schema, {
          ...init,
          query: { ...init.query, [param]: part },
        }),
      ),
    );
  }

  /** GET of one object, validated; an invalid object throws (there is no page to continue with). */
  private async getOne<S extends z.ZodType>(
    name: string,
    schema: S,
    api: ApiVersion,
    path: string,
    query?: Query,
  ): Promise<z.output<S>> {
    const res = await this.request('GET', api, path, { query });
    const rel = `/stores/${this.storeHash}/${api}${path}${buildQuery(query)}`;
    let body = res.body;
    if (api === 'v3') {
      if (!body || typeof body !== 'object' || !('data' in body)) {
        throw new BigCommerceResponseError(`BigCommerce GET ${rel}: expected {data: {...}}`, {
          method: 'GET',
          path: rel,
          status: res.status,
        });
      }
      body = (body as { data: unknown }).data;
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw invalidRecord(name, body, parsed.error, 'GET', rel);
    return parsed.data;
  }

  // ------------------------------------------------------------------ store-level

  getStore(): Promise<BcStore> {
    return this.getOne('store', BcStore, 'v2', resourcePath('store'));
  }

  /** BigCommerce's clock, to measure skew before choosing an incremental window. */
  async getTime(): Promise<Date> {
    const t = await this.getOne('time', BcTime, 'v2', resourcePath('time'));
    return new Date(t.time * 1000);
  }

  currencies(): Paged<BcCurrency> {
    return this.list('currencies', BcCurrency);
  }

  orderStatuses(): Paged<BcOrderStatus> {
    return this.list('orderStatuses', BcOrderStatus);
  }

  customerGroups(): Paged<BcCustomerGroup> {
    return this.list('customerGroups', BcCustomerGroup);
  }

  taxClasses(): Paged<BcTaxClass> {
    return this.list('taxClasses', BcTaxClass);
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
    return this.listByIds('products', BcProduct, 'id:in', q.ids, {
      query,
      limit: capped ? CAPPED_PRODUCT_LIMIT : RESOURCES.products.maxLimit,
    });
  }

  product(id: number, include: readonly string[] = DEFAULT_PRODUCT_INCLUDE): Promise<BcProduct> {
    return this.getOne(
      'products',
      BcProduct,
      'v3',
      `${resourcePath('products')}/${encodeURIComponent(id)}`,
      include.length > 0 ? { include } : undefined,
    );
  }

  productVariants(productId: number): Paged<BcVariant> {
    return this.list('productVariants', BcVariant, { params: { product_id: productId } });
  }

  productImages(productId: number): Paged<BcImage> {
    return this.list('productImages', BcImage, { params: { product_id: productId } });
  }

  productOptions(productId: number): Paged<BcProductOption> {
    return this.list('productOptions', BcProductOption, { params: { product_id: productId } });
  }

  categories(q: { ids?: readonly number[] } = {}): Paged<BcCategory> {
    return this.listByIds('categories', BcCategory, 'id:in', q.ids);
  }

  categoryTrees(): Paged<BcCategoryTree> {
    return this.list('categoryTrees', BcCategoryTree);
  }

  treeCategories(q: { treeIds?: readonly number[] } = {}): Paged<BcTreeCategory> {
    return this.listByIds('treeCategories', BcTreeCategory, 'tree_id:in', q.treeIds);
  }

  brands(q: { ids?: readonly number[] } = {}): Paged<BcBrand> {
    return this.listByIds('brands', BcBrand, 'id:in', q.ids);
  }

  // ------------------------------------------------------------------ customers

  /** v3 customers with their addresses inline, walked by cursor (stable while customers change). */
  customers(q: CustomersQuery = {}): Paged<BcCustomer> {
    const query: Record<string, string | readonly string[]> = { include: q.include ?? ['addresses'] };
    if (q.since) Object.assign(query, sinceFilter('customers', q.since));
    const sort = q.sort ?? (q.since ? 'date_modified' : 'id');
    // The API's default order is id; customers take `sort=<field>:<direction>` (no `direction`).
    if (sort === 'date_modified') query.sort = 'date_modified:asc';
    return this.listByIds('customers', BcCustomer, 'id:in', q.ids, { query });
  }

  /** Store-wide customer addresses (for addresses changed without a customer change). */
  customerAddresses(q: { customerIds?: readonly number[] } = {}): Paged<BcAddress> {
    return this.listByIds('customerAddresses', BcAddress, 'customer_id:in', q.customerIds);
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
    const couponMode = q.coupons ?? 'when-discounted';
    const fetch = this.pageRequest('orders');

    const walk = (query: Query, keep?: ReadonlySet<number>): Paged<BcOrderDetails> =>
      new Paged(async function* (this: void) {
        for await (const raw of rawPages(fetch, { paging: spec.paging, limit: spec.maxLimit, query })) {
          const items = keep ? raw.items.filter((o) => keep.has((o as { id?: number } | null)?.id ?? NaN)) : raw.items;
          if (items.length === 0) continue;
          yield await enrich({ ...raw, items });
        }
      });
    const enrich = (raw: RawPage): Promise<Page<BcOrderDetails>> => this.enrichOrderPage(raw, couponMode);

    if (q.ids === undefined) return walk(base);
    const ranges = idRanges(q.ids, spec.maxLimit);
    return Paged.concat(ranges.map((r) => walk({ ...base, min_id: r.min, max_id: r.max }, new Set(r.ids))));
  }

  private async enrichOrderPage(
    raw: RawPage,
    couponMode: 'when-discounted' | 'always' | 'never',
  ): Promise<Page<BcOrderDetails>> {
    const page = validatePage('orders', BcOrder, raw);
    const results = await Promise.all(page.records.map((order) => this.orderDetails(order, couponMode, raw)));
    const records: BcOrderDetails[] = [];
    const errors = [...page.errors];
    for (const r of results) {
      if (r.ok) records.push(r.value);
      else errors.push(r.error);
    }
    return { ...page, records, errors };
  }

  private async orderDetails(order: BcOrder, couponMode: string, raw: RawPage): Promise<Sub<BcOrderDetails>> {
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
    // The products' applied discounts name the coupons; /coupons only fills in when they do not.
    // `undefined`: /coupons not fetched.
    const couponsFor = (products: readonly BcOrderProduct[]): Promise<BcCoupon[] | undefined> => {
      const needCoupons =
        couponMode === 'always' ||
        (couponMode === 'when-discounted' && discounted && appliedCouponCodes(products).length === 0);
      return needCoupons ? sub('coupons', () => this.orderCoupons(order.id).all()) : Promise.resolve(undefined);
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
        return Promise.all([sub('products', () => this.orderProducts(order.id).all()), couponsFor([])]);
      }
      const products = await sub('products', () => this.orderProducts(order.id).all());
      // A failed /products makes the order invalid anyway: spend nothing more on it.
      return [products, issues.length > 0 ? undefined : await couponsFor(products)];
    };

    const [[products, fetchedCoupons], shippingAddresses, fees] = await Promise.all([
      productsAndCoupons(),
      needAddresses
        ? sub('shipping_addresses', () => this.orderShippingAddresses(order.id).all())
        : Promise.resolve(inline.addresses ?? []),
      needFees
        ? sub('fees', () => this.orderFees(order.id).all())
        : Promise.resolve(Array.isArray(order.fees) ? order.fees : []),
    ]);

    if (issues.length > 0) return invalid();
    const coupons = fetchedCoupons ?? [];
    const couponCodes = fetchedCoupons ? distinct(fetchedCoupons.map((c) => c.code)) : appliedCouponCodes(products);
    return { ok: true, value: { order, products, shippingAddresses, coupons, couponCodes, fees } };
  }

  orderProducts(orderId: number): Paged<BcOrderProduct> {
    return this.list('orderProducts', BcOrderProduct, { params: { order_id: orderId } });
  }

  orderShippingAddresses(orderId: number): Paged<BcShippingAddress> {
    return this.list('orderShippingAddresses', BcShippingAddress, { params: { order_id: orderId } });
  }

  orderCoupons(orderId: number): Paged<BcCoupon> {
    return this.list('orderCoupons', BcCoupon, { params: { order_id: orderId } });
  }

  orderFees(orderId: number): Paged<BcOrderFee> {
    return this.list('orderFees', BcOrderFee, { params: { order_id: orderId } });
  }

  /** Order count, in total and per status (the only total v2 gives). */
  orderCount(q: { since?: Date; statusId?: number } = {}): Promise<BcOrderCount> {
    const query: Record<string, string | number> = {};
    if (q.since) Object.assign(query, sinceFilter('orders', q.since));
    if (q.statusId !== undefined) query.status_id = q.statusId;
    return this.getOne('orderCount', BcOrderCount, 'v2', resourcePath('orderCount'), query);
  }

  orderTransactions(orderId: number): Paged<BcTransaction> {
    return this.list('orderTransactions', BcTransaction, { params: { order_id: orderId } });
  }

  orderRefunds(orderId: number): Paged<BcRefund> {
    return this.list('orderRefunds', BcRefund, { params: { order_id: orderId } });
  }

  /** Store-wide refunds, the authoritative record of what was refunded (created at or after `since`). */
  refunds(q: { since?: Date; orderIds?: readonly number[] } = {}): Paged<BcRefund> {
    const query: Record<string, string> = {};
    if (q.since) Object.assign(query, sinceFilter('refunds', q.since));
    return this.listByIds('refunds', BcRefund, 'order_id:in', q.orderIds, { query });
  }

  // ------------------------------------------------------------------ inventory

  /** Location-aware stock, 1000 items a page. */
  inventoryItems(q: { productIds?: readonly number[]; locationIds?: readonly number[] } = {}): Paged<BcInventoryItem> {
    const locationChunks =
      q.locationIds === undefined
        ? [undefined]
        : chunk(
            [...new Set(q.locationIds)].sort((a, b) => a - b),
            this.idChunkSize,
          );
    return Paged.concat(
      locationChunks.map((locs) =>
        this.listByIds('inventoryItems', BcInventoryItem, 'product_id:in', q.productIds, {
          query: locs === undefined ? {} : { 'location_id:in': locs },
        }),
      ),
    );
  }

  locations(): Paged<BcLocation> {
    return this.list('locations', BcLocation);
  }
}

/** Non-empty strings, each once, in first-seen order. */
function distinct(codes: readonly (string | null | undefined)[]): string[] {
  return [...new Set(codes.filter((c): c is string => typeof c === 'string' && c !== ''))];
}

/** The coupon codes in the products' applied discounts (a manual discount's code is null). */
function appliedCouponCodes(products: readonly BcOrderProduct[]): string[] {
  return distinct(products.flatMap((p) => (p.applied_discounts ?? []).map((d) => d.code)));
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

/**
 * Products and shipping addresses from `include=consignments.line_items`: line items of
 * shipping, pickup, download and gift-certificate consignments are order products; shipping
 * consignments are the shipping addresses (plus order_id, which they lack). `undefined`
 * means "not inline" (links, or no consignments), so the caller fetches them.
 */
function inlineConsignments(
  order: BcOrder,
  raw: RawPage,
): {
  products: BcOrderProduct[] | undefined;
  addresses: BcShippingAddress[] | undefined;
  errors: InvalidRecordError[];
  /** line items seen, valid or not */
  lineCount: number;
} {
  const c = order.consignments;
  const errors: InvalidRecordError[] = [];
  if (!c || Array.isArray(c) || 'resource' in c)
    return { products: undefined, addresses: undefined, errors, lineCount: 0 };
  const parsed = BcOrderConsignments.safeParse(c);
  if (!parsed.success) {
    errors.push(invalidRecord('orders', order, parsed.error, raw.method, raw.path));
    return { products: [], addresses: [], errors, lineCount: 0 };
  }
  const cons = parsed.data;
  const groups: { path: string; items: unknown[] }[] = [];
  const sources = [
    ['shipping', cons.shipping],
    ['pickups', cons.pickups],
    ['downloads', cons.downloads],
    ['email.gift_certificates', cons.email?.gift_certificates],
  ] as const;
  for (const [name, list] of sources) {
    for (const [i, s] of (list ?? []).entries()) groups.push({ path: `${name}.${i}.line_items`, items: s.line_items });
  }

  const byId = new Map<number, BcOrderProduct>();
  let linksOnly = false;
  let lineCount = 0;
  for (const g of groups) {
    g.items.forEach((item, i) => {
      lineCount++;
      if (item && typeof item === 'object' && 'resource' in item && !('product_id' in item)) {
        linksOnly = true;
        return;
      }
      const p = BcOrderProduct.safeParse(item);
      if (p.success) byId.set(p.data.id, p.data);
      else errors.push(prefixed(invalidRecord('orderProducts', item, p.error, raw.method, raw.path), `${g.path}.${i}`));
    });
  }
  const addresses: BcShippingAddress[] = [];
  cons.shipping?.forEach((s, i) => {
    const { line_items: _items, ...address } = s;
    const a = BcShippingAddress.safeParse({ ...address, order_id: order.id });
    if (a.success) addresses.push(a.data);
    else
      errors.push(prefixed(invalidRecord('orderShippingAddresses', s, a.error, raw.method, raw.path), `shipping.${i}`));
  });
  return { products: linksOnly ? undefined : [...byId.values()], addresses, errors, lineCount };
}

function prefixed(e: InvalidRecordError, prefix: string): InvalidRecordError {
  return new InvalidRecordError({
    resource: e.resource,
    recordId: e.recordId,
    method: e.method,
    path: e.path,
    cause: e.cause,
    issues: e.issues.map((i) => ({ path: i.path ? `${prefix}.${i.path}` : prefix, message: i.message })),
  });
}
