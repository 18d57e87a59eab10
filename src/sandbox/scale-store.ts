/**
 * The scale store: a large store generated from a seed, for benchmarks and paging tests. The
 * same seed and sizes always give the same store, byte for byte.
 *
 * Memory stays small at any size: the catalog and customers are built compactly on first use,
 * and orders are never stored at all — each is generated from (seed, id) when requested, and
 * list filters run on a cheap "head" (dates, status, customer) computed by hash. Only orders
 * a test changes are kept. Orders derive from the catalog and customers *as generated*, so
 * a product renamed by a test does not change an order generated afterwards.
 */
import { buildProduct, stockRow, type IdSequences, type ProductSpec } from './catalog-builder.js';
import type {
  AddressRec,
  BrandRec,
  CategoryRec,
  CustomerRec,
  LocationRec,
  OrderAddressRec,
  OrderLineRec,
  OrderRec,
  ProductRec,
  StockRec,
  VariantRec,
} from './model.js';
import { buildOrder, type LineSpec, type OrderSpec, type PaymentKind } from './order-builder.js';
import { lineAmounts, orderTotals } from './order-math.js';
import { applyRefund, buildRefund, type RefundRequest } from './refunds.js';
import { hash32, Rng, unit } from './rng.js';
import type { OrderData, OrderHead, RefundIndexEntry, StoreSeed } from './store.js';
import { listSource, type RecordSource } from './table.js';

export interface ScaleOptions {
  products?: number;
  /** variants per product (1 = simple products) */
  variants?: number;
  customers?: number;
  orders?: number;
  seed?: number;
}

export const DEFAULT_SCALE: Required<ScaleOptions> = {
  products: 2000,
  variants: 5,
  customers: 5000,
  orders: 10000,
  seed: 1,
};

export const SCALE_BASE_TIME = Date.UTC(2025, 5, 1, 0, 0, 0);
const DAY = 86_400_000;
/** share of orders with refunds */
export const REFUND_RATE = 0.05;

// salts for the independent random streams
const S_PRODUCT = 11;
const S_CUSTOMER = 12;
const S_ORDER = 13;
const S_HEAD = 14;

const COLORS = ['Black', 'White', 'Navy', 'Red', 'Green', 'Grey', 'Blue', 'Olive', 'Sand', 'Pink'];
const SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const NOUNS = [
  'Shirt',
  'Jacket',
  'Mug',
  'Lamp',
  'Towel',
  'Chair',
  'Vase',
  'Scarf',
  'Boots',
  'Bowl',
  'Skillet',
  'Planter',
  'Blanket',
  'Backpack',
  'Candle',
];
const ADJECTIVES = [
  'Classic',
  'Modern',
  'Rustic',
  'Organic',
  'Vintage',
  'Deluxe',
  'Compact',
  'Handmade',
  'Everyday',
  'Premium',
  'Nordic',
  'Coastal',
];
const FIRST = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'Chloé',
  'Jürgen',
  'Sofía',
  'Kenji',
  'Aisha',
  'Mateo',
  'Ingrid',
  'Olu',
  'Priya',
  'Wei',
];
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'García',
  'Miller',
  'Davis',
  'Müller',
  'Rossi',
  'Nguyen',
  'Kowalski',
  'Dubois',
  'Tanaka',
  "O'Brien",
  'Silva',
  'Andersson',
  'Okafor',
];
const PLACES: Array<{
  city: string;
  state: string;
  zip: string;
  cc: string;
  country: string;
  taxBp: number;
  currency: string;
}> = [
  { city: 'Austin', state: 'Texas', zip: '78701', cc: 'US', country: 'United States', taxBp: 825, currency: 'USD' },
  {
    city: 'San Diego',
    state: 'California',
    zip: '92101',
    cc: 'US',
    country: 'United States',
    taxBp: 775,
    currency: 'USD',
  },
  { city: 'Buffalo', state: 'New York', zip: '14201', cc: 'US', country: 'United States', taxBp: 875, currency: 'USD' },
  { city: 'Portland', state: 'Oregon', zip: '97201', cc: 'US', country: 'United States', taxBp: 0, currency: 'USD' },
  {
    city: 'Chicago',
    state: 'Illinois',
    zip: '60601',
    cc: 'US',
    country: 'United States',
    taxBp: 1025,
    currency: 'USD',
  },
  { city: 'Toronto', state: 'Ontario', zip: 'M5V 2T6', cc: 'CA', country: 'Canada', taxBp: 1300, currency: 'USD' },
  { city: 'Hamburg', state: 'Hamburg', zip: '20095', cc: 'DE', country: 'Germany', taxBp: 1900, currency: 'EUR' },
  {
    city: 'Lyon',
    state: 'Auvergne-Rhône-Alpes',
    zip: '69002',
    cc: 'FR',
    country: 'France',
    taxBp: 2000,
    currency: 'EUR',
  },
  {
    city: 'Manchester',
    state: 'England',
    zip: 'M1 1AE',
    cc: 'GB',
    country: 'United Kingdom',
    taxBp: 2000,
    currency: 'USD',
  },
];
const STATUS_WEIGHTS: Array<[number, number]> = [
  [10, 40],
  [2, 18],
  [11, 10],
  [9, 5],
  [3, 3],
  [1, 3],
  [0, 3],
  [5, 4],
  [6, 2],
  [7, 4],
  [8, 2],
  [12, 2],
  [13, 1],
  [4, 0],
  [14, 0],
];
const STATUS_TOTAL = STATUS_WEIGHTS.reduce((n, [, w]) => n + w, 0);

type Sizes = Required<ScaleOptions>;

/** Checks scale sizes (throws with a readable message) and fills in the defaults. */
export function validateScaleOptions(o: ScaleOptions): Required<ScaleOptions> {
  const s = { ...DEFAULT_SCALE, ...o };
  for (const [k, v] of Object.entries(s)) {
    if (!Number.isInteger(v) || v < 0)
      throw new Error(`scale store: ${k} must be a non-negative integer (got ${String(v)})`);
  }
  if (s.products < 1 || s.variants < 1) throw new Error('scale store: products and variants must be at least 1');
  if (s.variants > 60) throw new Error('scale store: at most 60 variants per product');
  return s;
}

// ---- categories, brands, locations (small, eager) ----

function buildCategories(seed: number): CategoryRec[] {
  const out: CategoryRec[] = [];
  const roots = ['Apparel', 'Home', 'Kitchen', 'Garden', 'Outdoor', 'Office', 'Toys', 'Beauty'];
  let id = 1;
  const mk = (parentId: number, name: string, sortOrder: number): CategoryRec => {
    const cid = id++;
    return {
      id: cid,
      parentId,
      treeId: 1,
      uuid: `5ca1e000-0000-4000-8000-${String(cid).padStart(12, '0')}`,
      name,
      description: '',
      sortOrder,
      isVisible: unit(seed, cid, 7) > 0.05,
      pageTitle: '',
      metaKeywords: [],
      imageFile: null,
      urlPath: `/c-${cid}/`,
      defaultProductSort: 'use_store_settings',
      views: cid,
    };
  };
  roots.forEach((r, ri) => {
    const root = mk(0, r, ri);
    out.push(root);
    for (let c = 0; c < 4; c++) {
      const child = mk(root.id, `${r} ${['Basics', 'Essentials', 'Collections', 'Specials'][c]}`, c);
      out.push(child);
      for (let g = 0; g < 3; g++) out.push(mk(child.id, `${child.name} ${['I', 'II', 'III'][g]}`, g));
    }
  });
  out.push({ ...mk(9999, 'Orphaned Category', 99) });
  return out;
}

function buildBrands(): BrandRec[] {
  return Array.from({ length: 40 }, (_, i) => ({
    id: i + 1,
    name: `Brand ${String.fromCharCode(65 + (i % 26))}${i >= 26 ? i : ''}`,
    pageTitle: '',
    metaKeywords: [],
    metaDescription: '',
    searchKeywords: '',
    imageFile: i % 3 === 0 ? `brand-${i + 1}.png` : null,
    urlPath: `/brands/brand-${i + 1}.html`,
  }));
}

function buildLocations(): LocationRec[] {
  const base = {
    description: '',
    storefrontVisibility: true,
    timeZone: 'America/Chicago',
    createdAt: SCALE_BASE_TIME - 900 * DAY,
    updatedAt: SCALE_BASE_TIME - 90 * DAY,
  };
  return [
    {
      ...base,
      id: 1,
      code: 'BC-LOCATION-1',
      label: 'Central Warehouse',
      typeId: 'PHYSICAL',
      enabled: true,
      isDefault: true,
      address: {
        address1: '1 Depot Rd',
        address2: '',
        city: 'Dallas',
        state: 'Texas',
        zip: '75201',
        email: 'wh@example.com',
        phone: '214-555-0100',
        countryCode: 'US',
        lat: 32.78,
        lng: -96.8,
      },
    },
    {
      ...base,
      id: 2,
      code: 'EU-HUB',
      label: 'EU Hub',
      typeId: 'PHYSICAL',
      enabled: true,
      isDefault: false,
      timeZone: 'Europe/Berlin',
      address: {
        address1: 'Hafenstraße 1',
        address2: '',
        city: 'Hamburg',
        state: 'Hamburg',
        zip: '20095',
        email: 'eu@example.com',
        phone: '+49 40 5550100',
        countryCode: 'DE',
        lat: 53.55,
        lng: 9.99,
      },
    },
  ];
}

// ---- catalog (eager on first use) ----

function cartesian(a: number, b: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) out.push([i, j]);
  return out;
}

function buildScaleCatalog(
  s: Sizes,
  categoryIds: number[],
): { products: ProductRec[]; variants: VariantRec[]; stock: Map<number, StockRec[]> } {
  const seq: IdSequences = { option: 1, optionValue: 1, variant: 1, skuId: 1, image: 1, customField: 1, bulkRule: 1 };
  const products: ProductRec[] = [];
  const variants: VariantRec[] = [];
  const stock = new Map<number, StockRec[]>();
  const span = 3 * 365 * DAY;
  for (let id = 1; id <= s.products; id++) {
    const rng = new Rng(hash32(s.seed, S_PRODUCT, id));
    const created = SCALE_BASE_TIME - span + Math.floor((span * (id - 1)) / s.products) + rng.int(0, 3600) * 1000;
    const modified = Math.min(SCALE_BASE_TIME - 1000, created + rng.int(0, 400) * DAY + rng.int(0, 86_399) * 1000);
    const name = `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} ${id}`;
    const spec: ProductSpec = {
      id,
      name,
      sku: `SKU-${id}`,
      price: rng.int(500, 50000) / 100,
      categories: rng.sample(categoryIds, rng.int(1, 2)),
      // a few products point at a brand that does not exist
      brand: rng.chance(0.005) ? 999 : rng.int(0, 40),
      tracking: s.variants === 1 ? (rng.chance(0.1) ? 'none' : 'product') : rng.chance(0.1) ? 'none' : 'variant',
      images: Array.from({ length: rng.int(1, 3) }, (_, i) => `p${id}-${i}.${rng.chance(0.5) ? 'jpg' : 'png'}`),
      createdAt: floorS(created),
      modifiedAt: floorS(modified),
      weight: rng.int(1, 50) / 10,
    };
    if (rng.chance(0.2)) spec.customFields = [['Material', rng.pick(['Cotton', 'Wool', 'Steel', 'Oak', 'Ceramic'])]];
    if (rng.chance(0.05)) spec.bulk = [[5, 0, 'percent', 5]];
    if (s.variants > 1) {
      // Two options whose grid is larger than the variant count, so the variants are a sparse pick.
      const colors = Math.min(COLORS.length, Math.max(2, Math.ceil(Math.sqrt(s.variants)) + 1));
      const sizes = Math.min(SIZES.length, Math.max(2, Math.ceil(s.variants / colors) + 1));
      const grid = colors * sizes;
      const all = cartesian(colors, sizes);
      const combos = grid > s.variants ? rng.sample(all, s.variants) : all.slice(0, s.variants);
      if (combos.length < s.variants) throw new Error('scale store: too many variants for the option grid');
      spec.options = [
        { name: 'Color', display: 'Color', type: 'swatch', values: COLORS.slice(0, colors) },
        { name: 'Size', display: 'Size', type: 'rectangles', values: SIZES.slice(0, sizes) },
      ];
      spec.combos = combos;
      const bump = rng.int(1, 5);
      spec.variantPrice = ([, sz]) => (sz === sizes - 1 ? spec.price + bump : undefined);
    }
    const built = buildProduct(spec, seq);
    products.push(built.product);
    variants.push(...built.variants);
    if (built.product.inventoryTracking !== 'none') {
      for (const vid of built.product.variantIds) stock.set(vid, [stockRow(rng.int(0, 60)), stockRow(rng.int(0, 20))]);
    }
  }
  return { products, variants, stock };
}

function floorS(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

// ---- customers (eager on first use) ----

function buildScaleCustomers(s: Sizes): CustomerRec[] {
  const out: CustomerRec[] = [];
  const span = 3 * 365 * DAY;
  let addressId = 1;
  for (let id = 1; id <= s.customers; id++) {
    const rng = new Rng(hash32(s.seed, S_CUSTOMER, id));
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    const created = floorS(
      SCALE_BASE_TIME - span + Math.floor((span * (id - 1)) / Math.max(1, s.customers)) + rng.int(0, 3600) * 1000,
    );
    const modified = floorS(
      Math.min(SCALE_BASE_TIME - 1000, created + rng.int(0, 500) * DAY + rng.int(0, 86_399) * 1000),
    );
    const nAddr = rng.chance(0.1) ? 0 : rng.int(1, 3);
    const addresses: AddressRec[] = Array.from({ length: nAddr }, () => {
      const p = rng.pick(PLACES);
      return {
        id: addressId++,
        customerId: id,
        firstName: first,
        lastName: last,
        company: '',
        address1: `${rng.int(1, 999)} ${rng.pick(LAST)} Street`,
        address2: rng.chance(0.2) ? `Apt ${rng.int(1, 40)}` : '',
        city: p.city,
        stateOrProvince: p.state,
        postalCode: p.zip,
        countryCode: p.cc,
        country: p.country,
        phone: rng.chance(0.6) ? `555-01${String(rng.int(0, 99)).padStart(2, '0')}` : '',
        addressType: 'residential',
      };
    });
    const emailOk = !rng.chance(0.01);
    out.push({
      id,
      email: emailOk ? `${ascii(first)}.${ascii(last)}.${id}@example.com` : `${ascii(first)}${id}(at)example.com`,
      firstName: first,
      lastName: last,
      company: rng.chance(0.1) ? `${last} Trading` : '',
      phone: '',
      notes: '',
      taxExemptCategory: '',
      customerGroupId: rng.int(0, 3),
      registrationIpAddress: '',
      dateCreated: created,
      dateModified: modified,
      addresses,
      storeCredit: 0,
      acceptsMarketing: rng.chance(0.5),
      originChannelId: 1,
      channelIds: [1],
      forcePasswordReset: false,
    });
  }
  return out;
}

function ascii(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

// ---- orders (generated per id) ----

type RefundKind = 'none' | 'full' | 'partial' | 'two-partials';

function refundKind(seed: number, id: number): RefundKind {
  const r = unit(seed, S_HEAD, id, 5);
  if (r >= REFUND_RATE) return 'none';
  const k = r / REFUND_RATE;
  return k < 0.4 ? 'full' : k < 0.85 ? 'partial' : 'two-partials';
}

function baseStatus(seed: number, id: number, refunded: boolean): number {
  if (refunded) return unit(seed, S_HEAD, id, 6) < 0.7 ? 10 : 2;
  let r = unit(seed, S_HEAD, id, 2) * STATUS_TOTAL;
  for (const [status, w] of STATUS_WEIGHTS) {
    if (r < w) return status;
    r -= w;
  }
  return 10;
}

interface OrderPlan extends OrderHead {
  refund: RefundKind;
  baseStatusId: number;
  refundTimes: number[];
}

function planOrder(s: Sizes, id: number): OrderPlan {
  const span = 2 * 365 * DAY;
  const created = floorS(
    SCALE_BASE_TIME -
      span +
      Math.floor((span * (id - 1)) / Math.max(1, s.orders)) +
      Math.floor(unit(s.seed, S_HEAD, id, 1) * 3600) * 1000,
  );
  const refund = refundKind(s.seed, id);
  const base = baseStatus(s.seed, id, refund !== 'none');
  let modified = floorS(Math.min(SCALE_BASE_TIME - 1000, created + Math.floor(unit(s.seed, S_HEAD, id, 3) * 20 * DAY)));
  const refundTimes: number[] = [];
  const nRefunds = refund === 'none' ? 0 : refund === 'two-partials' ? 2 : 1;
  for (let k = 0; k < nRefunds; k++) {
    const t = floorS(
      Math.min(
        SCALE_BASE_TIME - 1000,
        modified + (k + 1) * (DAY + Math.floor(unit(s.seed, S_HEAD, id, 10 + k) * 5 * DAY)),
      ),
    );
    refundTimes.push(t);
  }
  if (refundTimes.length > 0) modified = Math.max(modified, ...refundTimes);
  const guest = unit(s.seed, S_HEAD, id, 4) < 0.15 || s.customers === 0;
  return {
    id,
    customerId: guest ? 0 : 1 + (hash32(s.seed, S_HEAD, id, 7) % s.customers),
    statusId: refund === 'none' ? base : refund === 'full' ? 4 : 14,
    baseStatusId: base,
    dateCreated: created,
    dateModified: modified,
    channelId: 1,
    isDeleted: false,
    refund,
    refundTimes,
  };
}

function buildScaleOrders(
  s: Sizes,
  products: ProductRec[],
  variants: Map<number, VariantRec>,
  customers: CustomerRec[],
  brands: BrandRec[],
): OrderData {
  const refunds: RefundIndexEntry[] = [];
  const refundIds = new Map<number, number[]>();
  for (let id = 1; id <= s.orders; id++) {
    const plan = planOrder(s, id);
    if (plan.refund === 'none') continue;
    const ids: number[] = [];
    for (const t of plan.refundTimes) {
      const rid = refunds.length + 1;
      refunds.push({ id: rid, orderId: id, created: t });
      ids.push(rid);
    }
    refundIds.set(id, ids);
  }
  const brandById = new Map(brands.map((b) => [b.id, b]));
  const catalog = {
    product: (id: number) => products[id - 1],
    variant: (id: number) => variants.get(id),
    brand: (id: number) => brandById.get(id),
  };
  const ids = Array.from({ length: s.orders }, (_, i) => i + 1);

  const generate = (id: number): OrderRec | undefined => {
    if (id < 1 || id > s.orders) return undefined;
    const plan = planOrder(s, id);
    const rng = new Rng(hash32(s.seed, S_ORDER, id));
    const customer = plan.customerId === 0 ? undefined : customers[plan.customerId - 1];
    const place = rng.pick(PLACES);
    const cAddr = customer?.addresses[0];
    const billing: OrderAddressRec =
      cAddr && customer
        ? {
            firstName: cAddr.firstName,
            lastName: cAddr.lastName,
            company: cAddr.company,
            street1: cAddr.address1,
            street2: cAddr.address2,
            city: cAddr.city,
            state: cAddr.stateOrProvince,
            zip: cAddr.postalCode,
            country: cAddr.country,
            countryIso2: cAddr.countryCode,
            phone: cAddr.phone,
            email: customer.email,
          }
        : {
            firstName: customer?.firstName ?? rng.pick(FIRST),
            lastName: customer?.lastName ?? rng.pick(LAST),
            company: '',
            street1: `${rng.int(1, 999)} Market St`,
            street2: '',
            city: place.city,
            state: place.state,
            zip: place.zip,
            country: place.country,
            countryIso2: place.cc,
            phone: '',
            email: customer?.email ?? `guest${id}@example.net`,
          };
    const where = PLACES.find((p) => p.cc === billing.countryIso2 && p.state === billing.state) ?? place;
    const lines: LineSpec[] = Array.from({ length: rng.int(1, 4) }, () => {
      const p = products[rng.int(0, products.length - 1)] as ProductRec;
      return { product: p.id, variant: rng.pick(p.variantIds), qty: rng.int(1, 3) };
    });
    const shippedAll = [2, 10, 4, 14].includes(plan.baseStatusId);
    if (shippedAll) for (const l of lines) l.shipped = l.qty;
    const payment: PaymentKind = rng.pick(['card', 'card', 'card', 'paypal', 'bank', 'manual', 'test'] as const);
    const spec: OrderSpec = {
      id,
      customerId: plan.customerId,
      statusId: plan.baseStatusId,
      createdAt: plan.dateCreated,
      modifiedAt:
        plan.refundTimes.length > 0
          ? floorS(Math.min(plan.dateModified, plan.refundTimes[0] as number))
          : plan.dateModified,
      currency: where.currency,
      payment,
      taxBp: where.taxBp,
      billing,
      shipping: [
        {
          ...billing,
          shippingMethod: rng.pick(['UPS Ground', 'USPS Priority Mail', 'DHL Express']),
          cost: rng.int(0, 3000),
          handling: rng.chance(0.1) ? 250 : 0,
          zoneId: 1,
          zoneName: where.country,
        },
      ],
      lines,
      ...(rng.chance(0.1) ? { coupons: [{ code: 'SAVE10', type: 5 as const, amount: 10 }] } : {}),
    };
    const order = buildOrder(spec, catalog, {
      line: id * 10,
      address: id * 4,
      coupon: id * 2,
      transaction: id * 10,
      lineOption: id * 100,
    });
    const rids = refundIds.get(id) ?? [];
    rids.forEach((rid, k) => {
      const t = orderTotals(order);
      const left = t.totalInc - t.refunded;
      const first = order.lines[0] as OrderLineRec;
      // a one-unit product refund, unless discounts make one unit worth more than what is left
      const unitPrice = lineAmounts(first, order.taxRateBp).priceInc;
      const req: RefundRequest =
        plan.refund === 'full'
          ? { amount: left / 100, reason: 'Returned' }
          : k === 0 && unitPrice < left
            ? { items: [{ type: 'PRODUCT', itemId: first.id, quantity: 1 }], reason: 'Damaged item' }
            : { amount: Math.max(1, Math.min(500, Math.floor(left / 2))) / 100, reason: 'Goodwill' };
      applyRefund(
        order,
        buildRefund(
          order,
          req,
          { refundId: rid, paymentId: rid, transactionId: id * 10 + 8 + k },
          plan.refundTimes[k] as number,
        ),
      );
    });
    // the head and the record must agree, or filtered lists would disagree with the records
    order.statusId = plan.statusId;
    order.dateModified = plan.dateModified;
    return order;
  };

  const source: RecordSource<OrderRec, OrderHead> = {
    ids: () => ids,
    get: generate,
    head: (id) => {
      if (id < 1 || id > s.orders) return undefined;
      const { refund: _r, baseStatusId: _b, refundTimes: _t, ...head } = planOrder(s, id);
      return head;
    },
  };
  return { orders: source, refunds };
}

export function scaleStoreSeed(opts: ScaleOptions = {}): StoreSeed {
  const s = validateScaleOptions(opts);
  const categories = buildCategories(s.seed);
  const brands = buildBrands();
  let catalogCache: ReturnType<typeof buildScaleCatalog> | undefined;
  let customerCache: CustomerRec[] | undefined;
  const catalog = () =>
    (catalogCache ??= buildScaleCatalog(
      s,
      categories.filter((c) => c.parentId !== 0).map((c) => c.id),
    ));
  const customers = () => (customerCache ??= buildScaleCustomers(s));
  return {
    kind: 'scale',
    profile: {
      name: `Scale Test Store (seed ${s.seed})`,
      domain: 'scale-store.example',
      address: '1 Depot Rd\nDallas, TX 75201',
      country: 'United States',
      countryCode: 'US',
      phone: '214-555-0100',
      adminEmail: 'admin@scale-store.example',
      orderEmail: 'orders@scale-store.example',
      firstName: 'Sam',
      lastName: 'Scale',
      timezone: { name: 'America/Chicago', rawOffset: -21600, dstOffset: -18000 },
      language: 'en',
      weightUnits: 'kg',
      dimensionUnits: 'Centimeters',
      isPriceEnteredWithTax: false,
      planName: 'Enterprise',
      planLevel: 'Enterprise',
      industry: 'General',
      storeId: 2000000 + s.seed,
    },
    baseTime: SCALE_BASE_TIME,
    currencies: [
      {
        id: 1,
        code: 'USD',
        name: 'US Dollar',
        rate: 1,
        isDefault: true,
        isTransactional: true,
        enabled: true,
        token: '$',
        tokenLocation: 'left',
        decimalToken: '.',
        thousandsToken: ',',
        countryIso2: 'US',
        defaultForCountryCodes: ['US'],
        lastUpdated: SCALE_BASE_TIME - 400 * DAY,
      },
      {
        id: 2,
        code: 'EUR',
        name: 'Euro',
        rate: 0.92,
        isDefault: false,
        isTransactional: true,
        enabled: true,
        token: '€',
        tokenLocation: 'right',
        decimalToken: ',',
        thousandsToken: '.',
        countryIso2: 'EU',
        defaultForCountryCodes: ['DE', 'FR'],
        lastUpdated: SCALE_BASE_TIME - 30 * DAY,
      },
    ],
    taxClasses: [
      {
        id: 1,
        name: 'Non-Taxable Products',
        createdAt: SCALE_BASE_TIME - 900 * DAY,
        updatedAt: SCALE_BASE_TIME - 900 * DAY,
      },
      { id: 2, name: 'Shipping', createdAt: SCALE_BASE_TIME - 900 * DAY, updatedAt: SCALE_BASE_TIME - 900 * DAY },
      { id: 3, name: 'Gift Wrapping', createdAt: SCALE_BASE_TIME - 900 * DAY, updatedAt: SCALE_BASE_TIME - 900 * DAY },
    ],
    customerGroups: [1, 2, 3].map((id) => ({
      id,
      name: ['Retail', 'Wholesale', 'VIP'][id - 1] as string,
      isDefault: id === 1,
      isGroupForGuests: false,
      categoryAccess: { type: 'all' as const, categories: [] },
      discountRules: id === 2 ? [{ type: 'all' as const, method: 'percent' as const, amount: '10.0000' }] : [],
      dateCreated: SCALE_BASE_TIME - 700 * DAY,
      dateModified: SCALE_BASE_TIME - 700 * DAY,
    })),
    trees: [{ id: 1, name: 'Default', channels: [1] }],
    categories,
    brands,
    locations: buildLocations(),
    catalog: () => {
      const c = catalog();
      return { products: listSource(c.products), variants: listSource(c.variants), stock: c.stock };
    },
    customers: () => listSource(customers()),
    orders: () => {
      const c = catalog();
      return buildScaleOrders(s, c.products, new Map(c.variants.map((v) => [v.id, v])), customers(), brands);
    },
  };
}
