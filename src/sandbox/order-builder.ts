/**
 * Builds order records from short specs, for both the sample and the scale store: line items
 * copied from the catalog as they were at checkout (name, SKU, options, price), discounts
 * allocated to lines so `applied_discounts` add up to the order's discounts, and transactions
 * that match the payment method and status (nothing for Incomplete, an authorization for
 * Awaiting Payment, a purchase for paid orders, a void for cancelled ones).
 */
import type {
  BrandRec,
  OrderAddressRec,
  OrderCouponRec,
  OrderLineOptionRec,
  OrderLineRec,
  OrderRec,
  OrderShippingRec,
  ShipmentRec,
  ProductRec,
  TransactionRec,
  VariantRec,
} from './model.js';
import { toCents, type Cents } from './money.js';
import { orderTotals } from './order-math.js';

export interface CatalogLookup {
  product(id: number): ProductRec | undefined;
  variant(id: number): VariantRec | undefined;
  brand(id: number): BrandRec | undefined;
}

export interface LineSpec {
  product: number;
  /** the variant id; default: the product's base (or first) variant */
  variant?: number;
  qty: number;
  /** unit price override in currency units (e.g. a price list or a manual edit) */
  price?: number;
  /** the line's own tax rate in basis points (e.g. reduced-rate books), when not the order's */
  taxBp?: number;
  /** a line for a product no longer in the catalog, or a custom product (product 0) */
  snapshot?: { name: string; sku: string; price: number };
  wrap?: { name: string; cost: number; message: string };
  /** modifier entries the shopper filled in: [display name, value] */
  text?: Array<[string, string]>;
  /** which shipping address (index) the line ships to */
  address?: number;
  shipped?: number;
}

export type PaymentKind = 'card' | 'paypal' | 'bank' | 'cod' | 'storecredit' | 'manual' | 'test' | 'card+storecredit';

export const PAYMENT_METHOD_NAMES: Record<PaymentKind, string> = {
  card: 'Credit Card',
  paypal: 'PayPal',
  bank: 'Bank Deposit',
  cod: 'Cash on Delivery',
  storecredit: 'Store Credit',
  manual: 'Manual',
  test: 'Test Payment Gateway',
  'card+storecredit': 'Credit Card',
};

export interface OrderSpec {
  id: number;
  customerId: number;
  statusId: number;
  createdAt: number;
  modifiedAt: number;
  currency?: string;
  displayCurrency?: string;
  payment: PaymentKind;
  taxBp: number;
  /** prices, costs and discounts entered with tax (a tax-inclusive store) */
  taxInclusive?: boolean;
  billing: OrderAddressRec;
  shipping: Array<Omit<OrderShippingRec, 'id'>>;
  lines: LineSpec[];
  coupons?: Array<{ code: string; type: OrderCouponRec['type']; amount: number }>;
  /** manual discount, currency units */
  discount?: number;
  customerMessage?: string;
  staffNotes?: string;
  orderSource?: string;
  externalSource?: string | null;
  externalId?: string | null;
  isDeleted?: boolean;
  channelId?: number;
  ipAddress?: string;
  locale?: string;
  /** part paid with store credit, currency units ('card+storecredit') */
  storeCredit?: number;
}

export interface OrderIdSequences {
  line: number;
  address: number;
  coupon: number;
  transaction: number;
  lineOption: number;
}

function lineOptions(p: ProductRec, v: VariantRec | undefined, seq: OrderIdSequences): OrderLineOptionRec[] {
  if (!v) return [];
  return v.optionValueIds.map((valueId) => {
    const opt = p.options.find((o) => o.values.some((x) => x.id === valueId));
    const val = opt?.values.find((x) => x.id === valueId);
    return {
      id: seq.lineOption++,
      optionId: opt?.id ?? 0,
      productOptionId: opt?.id ?? 0,
      displayName: opt?.displayName ?? '',
      displayValue: val?.label ?? '',
      value: String(valueId),
      type: opt?.type === 'swatch' ? 'Swatch' : 'Multiple choice',
      name: opt?.name ?? '',
      displayStyle: opt?.type === 'swatch' ? 'Swatch' : opt?.type === 'dropdown' ? 'Dropdown' : 'Rectangle',
    };
  });
}

function buildLine(spec: LineSpec, addressIds: number[], catalog: CatalogLookup, seq: OrderIdSequences): OrderLineRec {
  const id = seq.line++;
  const orderAddressId = addressIds[spec.address ?? 0] ?? 0;
  const base = {
    id,
    orderAddressId,
    quantity: spec.qty,
    quantityShipped: spec.shipped ?? 0,
    quantityRefunded: 0,
    wrappingName: spec.wrap?.name ?? null,
    wrapping: spec.wrap ? toCents(spec.wrap.cost) : 0,
    wrappingMessage: spec.wrap?.message ?? '',
    appliedDiscounts: [],
    ...(spec.taxBp === undefined ? {} : { taxBp: spec.taxBp }),
  };
  if (spec.snapshot) {
    return {
      ...base,
      productId: spec.product,
      variantId: 0,
      name: spec.snapshot.name,
      sku: spec.snapshot.sku,
      upc: '',
      brand: '',
      type: 'physical',
      price: toCents(spec.price ?? spec.snapshot.price),
      costPrice: 0,
      weight: 1,
      options: (spec.text ?? []).map(([name, value]) => textOption(name, value, seq)),
    };
  }
  const p = catalog.product(spec.product);
  if (!p) throw new Error(`order line: no product ${spec.product}`);
  const v = catalog.variant(spec.variant ?? p.baseVariantId ?? p.variantIds[0] ?? 0);
  if (!v || v.productId !== p.id) throw new Error(`order line: product ${p.id} has no variant ${String(spec.variant)}`);
  const listPrice = v.price ?? (p.salePrice > 0 && p.salePrice < p.price ? p.salePrice : p.price);
  return {
    ...base,
    productId: p.id,
    variantId: v.id,
    name: p.name,
    sku: v.sku,
    upc: v.upc,
    brand: catalog.brand(p.brandId)?.name ?? '',
    type: p.type,
    price: spec.price === undefined ? listPrice : toCents(spec.price),
    costPrice: v.costPrice ?? p.costPrice,
    weight: v.weight ?? p.weight,
    options: [...lineOptions(p, v, seq), ...(spec.text ?? []).map(([name, value]) => textOption(name, value, seq))],
  };
}

function textOption(name: string, value: string, seq: OrderIdSequences): OrderLineOptionRec {
  return {
    id: seq.lineOption++,
    optionId: 0,
    productOptionId: 0,
    displayName: name,
    displayValue: value,
    value,
    type: 'Text field',
    name,
    displayStyle: '',
  };
}

/** Spreads `amount` over lines in proportion to their totals, the remainder on the last line. */
function allocate(lines: OrderLineRec[], amount: Cents): Cents[] {
  const totals = lines.map((l) => l.price * l.quantity);
  const sum = totals.reduce((a, b) => a + b, 0);
  const shares = totals.map((t) => (sum === 0 ? 0 : Math.floor((amount * t) / sum)));
  const rest = amount - shares.reduce((a, b) => a + b, 0);
  if (shares.length > 0) shares[shares.length - 1] = (shares.at(-1) as number) + rest;
  return shares;
}

/**
 * The shipments behind the quantities a generated order already has shipped: one per shipping
 * address, as a merchant shipping everything at once would make, so reading an order's
 * shipments agrees with its `items_shipped`. A shipment's id is its first line's id, unique
 * without a sequence of its own (lines of a generated store are built page by page).
 */
function seededShipments(lines: OrderLineRec[], shipping: OrderShippingRec[], at: number): ShipmentRec[] {
  return shipping.flatMap((address) => {
    const shipped = lines.filter((l) => l.orderAddressId === address.id && l.quantityShipped > 0);
    const first = shipped[0];
    if (!first) return [];
    return [
      {
        id: first.id,
        orderAddressId: address.id,
        dateCreated: at,
        trackingNumber: `1ZSB${String(first.id).padStart(12, '0')}`,
        trackingLink: '',
        merchantShippingCost: 0,
        shippingMethod: address.shippingMethod,
        shippingProvider: 'ups',
        trackingCarrier: '',
        comments: '',
        items: shipped.map((l) => ({ orderProductId: l.id, productId: l.productId, quantity: l.quantityShipped })),
      },
    ];
  });
}

export function buildOrder(spec: OrderSpec, catalog: CatalogLookup, seq: OrderIdSequences): OrderRec {
  const shipping: OrderShippingRec[] = spec.shipping.map((s) => ({ ...s, id: seq.address++ }));
  const lines = spec.lines.map((l) =>
    buildLine(
      l,
      shipping.map((s) => s.id),
      catalog,
      seq,
    ),
  );
  const subtotal = lines.reduce((n, l) => n + l.price * l.quantity, 0);
  const coupons: OrderCouponRec[] = (spec.coupons ?? []).map((c) => ({
    id: seq.coupon++,
    couponId: 10 + ((c.code.length * 7) % 50),
    code: c.code,
    amount: c.amount,
    type: c.type,
    discount:
      c.type === 1 || c.type === 5
        ? Math.round((subtotal * c.amount) / 100)
        : c.type === 0
          ? toCents(c.amount) * lines.reduce((n, l) => n + l.quantity, 0)
          : toCents(c.amount),
  }));
  for (const c of coupons) {
    allocate(lines, c.discount).forEach((share, i) => {
      if (share > 0)
        lines[i]?.appliedDiscounts.push({
          id: `coupon-${c.couponId}`,
          amount: share,
          name: `Coupon ${c.code}`,
          code: c.code,
          target: 'order',
        });
    });
  }
  const manual = toCents(spec.discount ?? 0);
  if (manual > 0) {
    allocate(lines, manual).forEach((share, i) => {
      if (share > 0)
        lines[i]?.appliedDiscounts.push({
          id: 'manual-discount',
          amount: share,
          name: 'Manual Discount',
          code: null,
          target: 'order',
        });
    });
  }
  const shipped = lines.every((l) => l.quantityShipped === l.quantity) && lines.length > 0;
  const order: OrderRec = {
    id: spec.id,
    customerId: spec.customerId,
    statusId: spec.statusId,
    dateCreated: spec.createdAt,
    dateModified: spec.modifiedAt,
    dateShipped: shipped || spec.statusId === 2 || spec.statusId === 3 ? spec.modifiedAt : null,
    channelId: spec.channelId ?? 1,
    cartId: cartIdFor(spec),
    orderSource: spec.orderSource ?? 'www',
    externalSource: spec.externalSource ?? null,
    externalId: spec.externalId ?? null,
    externalOrderId: '',
    isDeleted: spec.isDeleted ?? false,
    currencyCode: spec.currency ?? 'USD',
    displayCurrencyCode: spec.displayCurrency ?? null,
    paymentMethod: spec.statusId === 0 ? '' : PAYMENT_METHOD_NAMES[spec.payment],
    paymentProviderId: '',
    paymentStatus: '',
    taxRateBp: spec.taxBp,
    ...(spec.taxInclusive ? { taxInclusive: true } : {}),
    billing: spec.billing,
    shipping,
    lines,
    coupons,
    discountAmount: manual,
    storeCreditAmount: spec.payment === 'storecredit' ? 0 : toCents(spec.storeCredit ?? 0),
    giftCertificateAmount: 0,
    customerMessage: spec.customerMessage ?? unsetText(spec),
    staffNotes: spec.staffNotes ?? unsetText(spec),
    ipAddress: spec.ipAddress ?? (spec.orderSource === 'manual' ? '' : `203.0.113.${spec.id % 250}`),
    geoipCountry: spec.billing.country,
    geoipCountryIso2: spec.billing.countryIso2,
    isEmailOptIn: spec.id % 3 === 0,
    customerLocale: spec.locale ?? 'en',
    transactions: [],
    refunds: [],
    shipments: seededShipments(lines, shipping, spec.modifiedAt),
  };
  const payment = buildPayment(order, spec, seq);
  order.transactions = payment.transactions;
  order.paymentStatus = payment.status;
  order.paymentProviderId = payment.transactions.find((t) => t.method !== 'store_credit')?.gatewayTransactionId ?? '';
  if (spec.payment === 'storecredit') order.storeCreditAmount = orderTotals(order).totalInc;
  return order;
}

/**
 * Orders created through the API (a marketplace, a POS, an ERP: `order_source` "external")
 * come back from real stores with null where the spec says string — no cart, no notes —
 * while storefront and control-panel orders carry "".
 */
const isApiCreated = (spec: OrderSpec): boolean => spec.orderSource === 'external';

function unsetText(spec: OrderSpec): string | null {
  return isApiCreated(spec) ? null : '';
}

function cartIdFor(spec: OrderSpec): string | null {
  if (isApiCreated(spec)) return null;
  return spec.statusId === 0 || spec.orderSource === 'manual' ? '' : cartUuid(spec.id);
}

export function cartUuid(n: number): string {
  const h = (n * 2654435761) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  return `${hex}-${hex.slice(0, 4)}-4${hex.slice(1, 4)}-a${hex.slice(5, 8)}-${hex}${hex.slice(0, 4)}`;
}

interface Gateway {
  gateway: string;
  method: TransactionRec['method'];
  paymentMethodId: string;
  offline: string | null;
  custom: string | null;
  card: boolean;
  test: boolean;
}

const GATEWAYS: Record<Exclude<PaymentKind, 'card+storecredit'>, Gateway> = {
  card: {
    gateway: 'stripe',
    method: 'credit_card',
    paymentMethodId: 'stripe.card',
    offline: null,
    custom: null,
    card: true,
    test: false,
  },
  paypal: {
    gateway: 'paypalexpress',
    method: 'electronic_wallet',
    paymentMethodId: 'paypalexpress',
    offline: null,
    custom: null,
    card: false,
    test: false,
  },
  bank: {
    gateway: 'bankdeposit',
    method: 'offline',
    paymentMethodId: 'bankdeposit',
    offline: 'Bank Deposit',
    custom: null,
    card: false,
    test: false,
  },
  cod: {
    gateway: 'cod',
    method: 'offline',
    paymentMethodId: 'cod',
    offline: 'Cash on Delivery',
    custom: null,
    card: false,
    test: false,
  },
  storecredit: {
    gateway: 'storecredit',
    method: 'store_credit',
    paymentMethodId: 'storecredit',
    offline: null,
    custom: null,
    card: false,
    test: false,
  },
  manual: {
    gateway: 'custom',
    method: 'custom',
    paymentMethodId: 'custom',
    offline: null,
    custom: 'Manual',
    card: false,
    test: false,
  },
  test: {
    gateway: 'testgateway',
    method: 'credit_card',
    paymentMethodId: 'testgateway',
    offline: null,
    custom: null,
    card: true,
    test: true,
  },
};

const CARDS: NonNullable<TransactionRec['card']>[] = [
  { type: 'visa', iin: '424242', last4: '4242', expMonth: 12, expYear: 2027 },
  { type: 'master', iin: '555555', last4: '4444', expMonth: 6, expYear: 2026 },
  { type: 'american_express', iin: '378282', last4: '0005', expMonth: 3, expYear: 2028 },
];

function buildPayment(
  order: OrderRec,
  spec: OrderSpec,
  seq: OrderIdSequences,
): { transactions: TransactionRec[]; status: string } {
  const status = order.statusId;
  if (status === 0) return { transactions: [], status: '' };
  const total = orderTotals(order).totalInc;
  const tx = (g: Gateway, event: TransactionRec['event'], amount: Cents, ok = true, offsetS = 60): TransactionRec => ({
    id: seq.transaction++,
    event,
    method: g.method,
    amount,
    gateway: g.gateway,
    gatewayTransactionId:
      g.card || g.method === 'electronic_wallet' ? `${g.gateway.slice(0, 2)}_${order.id}_${seq.transaction}` : '',
    status: ok ? 'ok' : 'error',
    test: g.test,
    dateCreated: order.dateCreated + offsetS * 1000,
    paymentMethodId: g.paymentMethodId,
    referenceTransactionId: null,
    offlineDisplayName: g.offline,
    customPaymentMethod: g.custom,
    card: g.card ? (CARDS[order.id % CARDS.length] as NonNullable<TransactionRec['card']>) : null,
    storeCreditRemaining: g.method === 'store_credit' ? 2500 : null,
  });
  const kind = spec.payment === 'card+storecredit' ? 'card' : spec.payment;
  const g = GATEWAYS[kind];
  const credit = spec.payment === 'card+storecredit' ? Math.min(total, toCents(spec.storeCredit ?? 0)) : 0;
  const prefix = credit > 0 ? [tx(GATEWAYS.storecredit, 'purchase', credit, true, 30)] : [];
  const rest = total - credit;
  switch (status) {
    case 1: // Pending: checkout started, nothing charged yet
      return { transactions: [], status: 'pending' };
    case 7: // Awaiting Payment
      return g.method === 'offline'
        ? { transactions: [], status: 'pending' }
        : { transactions: [...prefix, tx(g, 'authorization', rest)], status: 'authorized' };
    case 6: // Declined
      return { transactions: [tx(g, 'purchase', rest, false)], status: 'declined' };
    case 5: {
      // Cancelled: authorized, then voided
      const auth = tx(g, 'authorization', rest);
      const voided = { ...tx(g, 'void', rest, true, 3600), referenceTransactionId: auth.id };
      return { transactions: [auth, voided], status: 'void' };
    }
    case 12: // Manual Verification Required
      return { transactions: [...prefix, tx(g, 'authorization', rest)], status: 'held for review' };
    default: {
      const paid = g.method === 'offline' || g.method === 'custom';
      return { transactions: [...prefix, tx(g, 'purchase', rest)], status: paid ? 'paid' : 'captured' };
    }
  }
}
