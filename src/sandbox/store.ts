/**
 * The live data of one sandbox store, and the helpers tests and benchmarks use to change it the
 * way a merchant or shopper would (each bumps `date_modified` like the platform does, so an
 * incremental sync must pick the change up). Derived numbers — inventory levels, order totals,
 * payment status — are computed when read, never stored.
 */
import { floorToSecond } from './dates.js';
import {
  categoryEvent,
  customerEvent,
  inventoryEvent,
  orderEvent,
  orderStatusEvent,
  productEvent,
  refundEvent,
  shipmentEvent,
  skuEvent,
  type StoreEvent,
  type StoreEventListener,
} from './events.js';
import { HookRegistry } from './hooks.js';
import type {
  BrandRec,
  CategoryRec,
  CurrencyRec,
  CustomerGroupRec,
  CustomerRec,
  LocationRec,
  OrderRec,
  ProductRec,
  RefundRec,
  ShipmentRec,
  StockRec,
  TaxClassRec,
  TreeRec,
  VariantRec,
} from './model.js';
import { applyRefund, buildRefund, RefundError, type RefundRequest } from './refunds.js';
import { applyShipment, buildShipment, ShipmentError, type ShipmentRequest } from './shipments.js';
import { orderStatuses, type OrderStatusRec } from './reference-data.js';
import { buildOrder, type LineSpec, type OrderSpec } from './order-builder.js';
import { listSource, Table, type RecordSource } from './table.js';

export { RefundError, ShipmentError, type RefundRequest, type ShipmentRequest };

export interface StoreProfile {
  name: string;
  domain: string;
  address: string;
  country: string;
  countryCode: string;
  phone: string;
  adminEmail: string;
  orderEmail: string;
  firstName: string;
  lastName: string;
  timezone: { name: string; rawOffset: number; dstOffset: number };
  language: string;
  weightUnits: string;
  dimensionUnits: string;
  isPriceEnteredWithTax: boolean;
  planName: string;
  planLevel: string;
  industry: string;
  storeId: number;
}

/** The filterable part of an order, cheap to compute for every order of a generated store. */
export interface OrderHead {
  id: number;
  customerId: number;
  statusId: number;
  dateCreated: number;
  dateModified: number;
  channelId: number;
  isDeleted: boolean;
}

export interface RefundIndexEntry {
  id: number;
  orderId: number;
  created: number;
}

export interface CatalogData {
  products: RecordSource<ProductRec>;
  variants: RecordSource<VariantRec>;
  /** per variant id, one entry per location in `StoreSeed.locations` order */
  stock: Map<number, StockRec[]>;
}

export interface OrderData {
  orders: RecordSource<OrderRec, OrderHead>;
  /** every refund of every order, ascending by id */
  refunds: RefundIndexEntry[];
}

/** What a store builder (sample or scale) hands over; the big parts are built on first use. */
export interface StoreSeed {
  kind: 'sample' | 'scale';
  profile: StoreProfile;
  /** "now" of the generated history; records are dated before it */
  baseTime: number;
  currencies: CurrencyRec[];
  taxClasses: TaxClassRec[];
  customerGroups: CustomerGroupRec[];
  statusLabels?: Record<number, string>;
  trees: TreeRec[];
  categories: CategoryRec[];
  brands: BrandRec[];
  locations: LocationRec[];
  catalog: () => CatalogData;
  customers: () => RecordSource<CustomerRec>;
  orders: (store: SandboxStore) => OrderData;
}

/** What createOrder needs: the lines; everything else has a default. */
export type NewOrder = Partial<Omit<OrderSpec, 'id' | 'createdAt' | 'modifiedAt' | 'lines'>> & {
  lines: LineSpec[];
};

const TEST_ADDRESS: OrderSpec['billing'] = {
  firstName: 'Test',
  lastName: 'Buyer',
  company: '',
  street1: '1 Sandbox Street',
  street2: '',
  city: 'Austin',
  state: 'Texas',
  zip: '78701',
  country: 'United States',
  countryIso2: 'US',
  phone: '',
  email: 'buyer@example.com',
};

export class SandboxStore {
  readonly kind: 'sample' | 'scale';
  readonly profile: StoreProfile;
  readonly baseTime: number;
  readonly currencies: Table<CurrencyRec>;
  readonly taxClasses: Table<TaxClassRec>;
  readonly customerGroups: Table<CustomerGroupRec>;
  readonly orderStatuses: OrderStatusRec[];
  readonly trees: Table<TreeRec>;
  readonly categories: Table<CategoryRec>;
  readonly brands: Table<BrandRec>;
  readonly locations: Table<LocationRec>;
  readonly products: Table<ProductRec>;
  readonly variants: Table<VariantRec>;
  readonly customers: Table<CustomerRec>;
  readonly orders: Table<OrderRec, OrderHead>;

  /** the store's clock; tests may replace it to make `date_modified` predictable */
  now: () => number = Date.now;

  /** the webhooks registered through /v3/hooks (hooks.ts); webhooks.ts delivers to them */
  readonly hooks = new HookRegistry(() => this.now());
  private readonly listeners = new Set<StoreEventListener>();

  private catalogData: CatalogData | undefined;
  private orderData: OrderData | undefined;
  private readonly locationIds: number[];
  private idCounter = 900_000_000;

  constructor(private readonly seed: StoreSeed) {
    this.kind = seed.kind;
    this.profile = seed.profile;
    this.baseTime = seed.baseTime;
    this.currencies = new Table(listSource(seed.currencies));
    this.taxClasses = new Table(listSource(seed.taxClasses));
    this.customerGroups = new Table(listSource(seed.customerGroups));
    this.orderStatuses = orderStatuses(seed.statusLabels);
    this.trees = new Table(listSource(seed.trees));
    this.categories = new Table(listSource(seed.categories));
    this.brands = new Table(listSource(seed.brands));
    this.locations = new Table(listSource(seed.locations));
    this.locationIds = seed.locations.map((l) => l.id);
    this.products = new Table(() => this.catalog.products);
    this.variants = new Table(() => this.catalog.variants);
    this.customers = new Table(seed.customers);
    this.orders = new Table(() => this.orderDataNow.orders);
  }

  private get catalog(): CatalogData {
    this.catalogData ??= this.seed.catalog();
    return this.catalogData;
  }

  private get orderDataNow(): OrderData {
    this.orderData ??= this.seed.orders(this);
    return this.orderData;
  }

  /** a timestamp for a change made now (whole seconds, as the platform stores them) */
  stamp(): number {
    return floorToSecond(this.now());
  }

  defaultCurrency(): CurrencyRec {
    return this.currencies.all().find((c) => c.isDefault) as CurrencyRec;
  }

  currency(code: string): CurrencyRec | undefined {
    return this.currencies.all().find((c) => c.code === code);
  }

  statusLabel(statusId: number): string {
    return this.orderStatuses.find((s) => s.id === statusId)?.customLabel ?? '';
  }

  // ---- catalog reads ----

  variantsOf(productId: number): VariantRec[] {
    const p = this.products.get(productId);
    if (!p) return [];
    return p.variantIds.map((id) => this.variants.get(id)).filter((v): v is VariantRec => v !== undefined);
  }

  /** stock of a variant per location, aligned with `locations.all()` */
  stockOf(variantId: number): StockRec[] {
    const s = this.catalog.stock.get(variantId);
    return this.locationIds.map(
      (_, i) => s?.[i] ?? { onHand: 0, safetyStock: 0, warningLevel: 0, binPickingNumber: '' },
    );
  }

  /** on-hand units across enabled locations */
  variantOnHand(variantId: number): number {
    const enabled = this.locations.all().map((l) => l.enabled);
    return this.stockOf(variantId).reduce((n, s, i) => n + (enabled[i] ? s.onHand : 0), 0);
  }

  /** `inventory_level` of a product: where stock lives depends on inventory_tracking */
  productInventoryLevel(p: ProductRec): number {
    if (p.inventoryTracking === 'none') return 0;
    return p.variantIds.reduce((n, id) => n + this.variantOnHand(id), 0);
  }

  variantInventoryLevel(v: VariantRec): number {
    const p = this.products.get(v.productId);
    if (!p || p.inventoryTracking === 'none') return 0;
    if (p.inventoryTracking === 'product' && p.baseVariantId !== v.id) return 0;
    return this.variantOnHand(v.id);
  }

  // ---- order reads ----

  /**
   * A new order, as a checkout or POST /v2/orders makes one: `lines` name products of the
   * catalog; the rest defaults to a guest order awaiting fulfillment (11), paid manually, billed
   * and shipped to a fixed test address at no shipping cost. Fires `store/order/created`.
   */
  createOrder(spec: NewOrder): OrderRec {
    const id = this.orders.nextId();
    const now = this.stamp();
    const billing = spec.billing ?? TEST_ADDRESS;
    // Ids of the order's parts come from one reserved block, apart from every generated one.
    const block = this.idCounter + 1;
    this.idCounter += 10_000;
    const full: OrderSpec = {
      customerId: 0,
      statusId: 11,
      payment: 'manual',
      taxBp: 0,
      shipping: [{ ...billing, shippingMethod: 'Free Shipping', cost: 0, handling: 0, zoneId: 1, zoneName: 'Test' }],
      orderSource: 'external',
      ...spec,
      billing,
      id,
      createdAt: now,
      modifiedAt: now,
    };
    const order = buildOrder(
      full,
      {
        product: (pid) => this.products.get(pid),
        variant: (vid) => this.variants.get(vid),
        brand: (bid) => this.brands.get(bid),
      },
      { line: block, address: block + 2000, coupon: block + 4000, transaction: block + 6000, lineOption: block + 8000 },
    );
    this.orders.insert(order);
    this.emit(orderEvent('created', id));
    return order;
  }

  refundEntries(): readonly RefundIndexEntry[] {
    return this.orderDataNow.refunds;
  }

  // ---- events ----

  /** Calls `fn` for every change the store makes (events.ts); returns the unsubscribe. */
  onEvent(fn: StoreEventListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Tells the listeners (the webhook dispatcher) of a change. Every mutation below calls it, so
   * a change made through the API or by a test's helper fires the same webhooks; a test may
   * also fire an event of its own.
   */
  emit(e: StoreEvent): void {
    for (const fn of this.listeners) fn(e);
  }

  // ---- mutations ----

  /** Changes product fields (e.g. `{ name, price }` with price in cents) and bumps date_modified. */
  touchProduct(id: number, changes: Partial<Omit<ProductRec, 'id'>> = {}): ProductRec {
    const p = this.bumpProduct(id, changes);
    this.emit(productEvent('updated', id));
    return p;
  }

  /** date_modified (and fields) without an event: stock and variant changes have their own scopes */
  private bumpProduct(id: number, changes: Partial<Omit<ProductRec, 'id'>> = {}): ProductRec {
    return this.products.update(id, (p) => {
      Object.assign(p, changes);
      p.dateModified = this.stamp();
    });
  }

  /** Changes variant fields; BigCommerce bumps the parent product's date_modified too. */
  touchVariant(id: number, changes: Partial<Omit<VariantRec, 'id' | 'productId'>> = {}): VariantRec {
    const v = this.variants.update(id, (rec) => Object.assign(rec, changes));
    this.bumpProduct(v.productId);
    this.emit(skuEvent('updated', v));
    return v;
  }

  deleteProduct(id: number): boolean {
    const p = this.products.get(id);
    if (!p) return false;
    for (const vid of p.variantIds) this.variants.delete(vid);
    const deleted = this.products.delete(id);
    this.emit(productEvent('deleted', id));
    return deleted;
  }

  touchCategory(id: number, changes: Partial<Omit<CategoryRec, 'id'>> = {}): CategoryRec {
    const c = this.categories.update(id, (rec) => Object.assign(rec, changes));
    this.emit(categoryEvent('updated', id));
    return c;
  }

  /** A new category (defaults for what is not given), as the control panel or POST /catalog/trees/categories makes one. */
  createCategory(fields: Partial<Omit<CategoryRec, 'id'>> & { name: string }): CategoryRec {
    const id = this.categories.nextId();
    const rec: CategoryRec = {
      parentId: 0,
      treeId: this.trees.all()[0]?.id ?? 1,
      uuid: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
      description: '',
      sortOrder: 0,
      isVisible: true,
      pageTitle: '',
      metaKeywords: [],
      imageFile: null,
      urlPath: `/${fields.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id}/`,
      defaultProductSort: 'use_store_settings',
      views: 0,
      ...fields,
      id,
    };
    this.categories.insert(rec);
    this.emit(categoryEvent('created', id));
    return rec;
  }

  deleteCategory(id: number): boolean {
    const deleted = this.categories.delete(id);
    if (deleted) this.emit(categoryEvent('deleted', id));
    return deleted;
  }

  touchCustomer(id: number, changes: Partial<Omit<CustomerRec, 'id'>> = {}): CustomerRec {
    const c = this.customers.update(id, (rec) => {
      Object.assign(rec, changes);
      rec.dateModified = this.stamp();
    });
    this.emit(customerEvent('updated', id));
    return c;
  }

  /** A new customer account (defaults for what is not given), as a storefront sign-up makes one. */
  createCustomer(fields: Partial<Omit<CustomerRec, 'id'>> & { email: string }): CustomerRec {
    const id = this.customers.nextId();
    const now = this.stamp();
    const rec: CustomerRec = {
      firstName: '',
      lastName: '',
      company: '',
      phone: '',
      notes: '',
      taxExemptCategory: '',
      customerGroupId: 0,
      registrationIpAddress: '',
      dateCreated: now,
      dateModified: now,
      addresses: [],
      storeCredit: 0,
      acceptsMarketing: false,
      originChannelId: 1,
      channelIds: [1],
      forcePasswordReset: false,
      ...fields,
      id,
    };
    this.customers.insert(rec);
    this.emit(customerEvent('created', id));
    return rec;
  }

  touchOrder(id: number, changes: Partial<Omit<OrderRec, 'id'>> = {}): OrderRec {
    const before = this.orders.get(id)?.statusId;
    const o = this.orders.update(id, (rec) => {
      Object.assign(rec, changes);
      rec.dateModified = this.stamp();
    });
    this.emitOrderChange(o, before);
    return o;
  }

  /** `store/order/updated` for any change, and `statusUpdated` too when the status moved. */
  private emitOrderChange(o: OrderRec, previousStatus: number | undefined): void {
    this.emit(orderEvent('updated', o.id));
    if (previousStatus !== undefined && previousStatus !== o.statusId)
      this.emit(orderStatusEvent(o.id, previousStatus, o.statusId));
  }

  /**
   * Fields served over an order's JSON as they are, whatever their type: for what real stores
   * send and no record type admits (a broken app, a bad migration). `undefined` clears them.
   * Both set and clear count as a modification of the order.
   */
  readonly orderJsonPatches = new Map<number, Record<string, unknown>>();

  patchOrderJson(id: number, fields: Record<string, unknown> | undefined): void {
    if (fields) this.orderJsonPatches.set(id, fields);
    else this.orderJsonPatches.delete(id);
    this.touchOrder(id);
  }

  /**
   * Sets on-hand stock. `variantId` null means product-level stock (the base variant of a
   * simple product). Stock changes bump the product's date_modified.
   */
  setStock(productId: number, variantId: number | null, quantity: number, locationId?: number): StockRec {
    const p = this.products.get(productId);
    if (!p) throw new Error(`setStock: no product ${productId}`);
    const vid = variantId ?? p.baseVariantId;
    if (vid === null) throw new Error(`setStock: product ${productId} has options; name the variant`);
    if (!p.variantIds.includes(vid)) throw new Error(`setStock: variant ${vid} is not of product ${productId}`);
    const loc = locationId ?? this.locations.all().find((l) => l.isDefault)?.id ?? this.locationIds[0];
    const idx = this.locationIds.indexOf(loc as number);
    if (idx < 0) throw new Error(`setStock: no location ${String(locationId)}`);
    const rows = this.stockOf(vid);
    const row = rows[idx] as StockRec;
    row.onHand = Math.max(0, Math.trunc(quantity));
    this.catalog.stock.set(vid, rows);
    this.bumpProduct(productId);
    this.emitStock(vid, 'absolute', row.onHand);
    return row;
  }

  /** Whether the variant has stock rows at all: an untracked product has none until stock is first set. */
  hasStockRecord(variantId: number): boolean {
    return this.catalog.stock.has(variantId);
  }

  /**
   * Writes on-hand counts the way an inventory adjustment does: the caller has checked every
   * row (inventory-adjust.ts), so all are written or none; each product changed gets one
   * date_modified bump.
   */
  writeStock(
    rows: ReadonlyArray<{ variantId: number; locationId: number; onHand: number }>,
    method: 'absolute' | 'relative' = 'absolute',
  ): void {
    const products = new Set<number>();
    const changes: Array<{ variantId: number; value: number }> = [];
    for (const r of rows) {
      const idx = this.locationIds.indexOf(r.locationId);
      const v = this.variants.get(r.variantId);
      if (idx < 0 || !v) throw new Error(`writeStock: no location ${r.locationId} or variant ${r.variantId}`);
      const stock = this.stockOf(r.variantId);
      const before = (stock[idx] as StockRec).onHand;
      (stock[idx] as StockRec).onHand = r.onHand;
      this.catalog.stock.set(r.variantId, stock);
      products.add(v.productId);
      changes.push({ variantId: r.variantId, value: method === 'absolute' ? r.onHand : r.onHand - before });
    }
    for (const id of products) this.bumpProduct(id);
    for (const c of changes) this.emitStock(c.variantId, method, c.value);
  }

  /** The inventory webhook of one variant's change; none for a product whose stock is not tracked. */
  private emitStock(variantId: number, method: 'absolute' | 'relative', value: number): void {
    const v = this.variants.get(variantId);
    const p = v && this.products.get(v.productId);
    if (!v || !p || p.inventoryTracking === 'none') return;
    this.emit(inventoryEvent(p.inventoryTracking === 'product' ? 'product' : 'variant', v, method, value));
  }

  /**
   * What PUT /v2/orders/{id} with `status_id` does: the status (and date_modified) and nothing
   * else — no items are shipped or unshipped, no payment changes (shipments and refunds do
   * that). Unlike setOrderStatus, a test's shortcut that also fakes what usually goes with a
   * status.
   */
  changeOrderStatus(id: number, statusId: number): OrderRec {
    if (!this.orderStatuses.some((s) => s.id === statusId))
      throw new Error(`changeOrderStatus: unknown status ${statusId}`);
    const before = this.orders.get(id)?.statusId;
    const o = this.orders.update(id, (rec) => {
      rec.statusId = statusId;
      rec.dateModified = this.stamp();
    });
    this.emitOrderChange(o, before);
    return o;
  }

  /** Records a shipment as POST /v2/orders/{id}/shipments does (shipments.ts); throws a ShipmentError. */
  addShipment(orderId: number, req: ShipmentRequest): ShipmentRec {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`addShipment: no order ${orderId}`);
    const shipment = buildShipment(order, req, this.nextId(), this.stamp());
    const o = this.orders.update(orderId, (rec) => applyShipment(rec, shipment));
    this.emit(shipmentEvent(shipment.id, orderId));
    this.emitOrderChange(o, order.statusId);
    return shipment;
  }

  setOrderStatus(id: number, statusId: number): OrderRec {
    if (!this.orderStatuses.some((s) => s.id === statusId))
      throw new Error(`setOrderStatus: unknown status ${statusId}`);
    const before = this.orders.get(id)?.statusId;
    const changed = this.orders.update(id, (o) => {
      o.statusId = statusId;
      const now = this.stamp();
      if (statusId === 2 || statusId === 10) {
        for (const l of o.lines) l.quantityShipped = l.quantity;
        o.dateShipped ??= now;
      } else if (statusId === 3) {
        const first = o.lines[0];
        if (first) first.quantityShipped = first.quantity;
        o.dateShipped ??= now;
      }
      if (statusId === 5 || statusId === 6) o.paymentStatus = 'void';
      o.dateModified = now;
    });
    this.emitOrderChange(changed, before);
    return changed;
  }

  /**
   * Records a refund the way POST /v3/orders/{id}/payment_actions/refunds would: a refund record,
   * a `refund` transaction, quantities refunded on the lines, and the order moved to Refunded (4)
   * or Partially Refunded (14). Throws a RefundError when the order is unpaid or the refund
   * exceeds what is left to refund.
   */
  addRefund(orderId: number, req: RefundRequest): RefundRec {
    const order = this.orders.get(orderId);
    if (!order) throw new RefundError(`refund of order ${orderId}: no such order`);
    const entries = this.orderDataNow.refunds;
    const built = buildRefund(
      order,
      req,
      {
        refundId: (entries.at(-1)?.id ?? 0) + 1,
        paymentId: this.nextId(),
        transactionId: this.nextId(),
      },
      this.stamp(),
    );
    const o = this.orders.update(orderId, (rec) => {
      applyRefund(rec, built);
      rec.dateModified = built.refund.created;
    });
    entries.push({ id: built.refund.id, orderId, created: built.refund.created });
    this.emit(refundEvent(orderId, built.refund.id));
    this.emitOrderChange(o, order.statusId);
    return built.refund;
  }

  private nextId(): number {
    return ++this.idCounter;
  }
}
