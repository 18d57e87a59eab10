/**
 * The sandbox's internal records. They are compact on purpose — money in cents, dates in epoch
 * ms, no derived fields — and become BigCommerce's wire shapes only when a response is built
 * (see serialize-*.ts). Derived values (order totals, inventory levels, calculated prices) are
 * computed at that point, so a test that mutates a record can never leave them inconsistent.
 */
import type { Cents } from './money.js';

export type InventoryTracking = 'none' | 'product' | 'variant';

export interface CurrencyRec {
  id: number;
  code: string;
  name: string;
  /** rate from the store's default currency */
  rate: number;
  isDefault: boolean;
  /** false = display-only: shoppers see prices in it but cannot pay in it */
  isTransactional: boolean;
  enabled: boolean;
  token: string;
  tokenLocation: 'left' | 'right';
  decimalToken: string;
  thousandsToken: string;
  countryIso2: string;
  defaultForCountryCodes: string[];
  lastUpdated: number;
}

export interface TaxClassRec {
  id: number;
  name: string;
  createdAt: number;
  updatedAt: number;
}

export interface CustomerGroupRec {
  id: number;
  name: string;
  isDefault: boolean;
  isGroupForGuests: boolean;
  categoryAccess: { type: 'all' | 'specific' | 'none'; categories: number[] };
  discountRules: Array<{
    type: 'all' | 'category' | 'product' | 'price_list';
    method: 'percent' | 'fixed' | 'price';
    amount: string;
    category_id?: number;
    product_id?: number;
    price_list_id?: number;
  }>;
  dateCreated: number;
  dateModified: number;
}

export interface CategoryRec {
  id: number;
  /** 0 for a root; may name a category that does not exist (an orphan) */
  parentId: number;
  treeId: number;
  uuid: string;
  name: string;
  description: string;
  sortOrder: number;
  isVisible: boolean;
  pageTitle: string;
  metaKeywords: string[];
  /** served by the sandbox when set */
  imageFile: string | null;
  urlPath: string;
  defaultProductSort: 'use_store_settings' | 'featured' | 'newest' | 'best_selling' | 'alpha_asc';
  views: number;
}

export interface TreeRec {
  id: number;
  name: string;
  channels: number[];
}

export interface BrandRec {
  id: number;
  name: string;
  pageTitle: string;
  metaKeywords: string[];
  metaDescription: string;
  searchKeywords: string;
  imageFile: string | null;
  urlPath: string;
}

export interface OptionValueRec {
  id: number;
  label: string;
  sortOrder: number;
  isDefault: boolean;
  /** swatch colours */
  colors?: string[];
}

/** A variant option: its values span the product's variants (SKUs). */
export interface OptionRec {
  id: number;
  productId: number;
  /** the shared option's name in the control panel */
  name: string;
  displayName: string;
  type: 'radio_buttons' | 'rectangles' | 'dropdown' | 'swatch';
  sortOrder: number;
  values: OptionValueRec[];
}

export interface ModifierValueRec extends OptionValueRec {
  priceAdjuster: { kind: 'relative' | 'percentage'; value: number } | null;
}

/** A modifier: a choice on the product page that never creates a SKU. */
export interface ModifierRec {
  id: number;
  productId: number;
  name: string;
  displayName: string;
  type: 'text' | 'checkbox' | 'dropdown' | 'date' | 'multi_line_text' | 'numbers_only_text';
  required: boolean;
  sortOrder: number;
  defaultValue: string;
  checkboxLabel: string;
  textMaxLength: number | null;
  values: ModifierValueRec[];
}

export interface ImageRec {
  id: number;
  productId: number;
  isThumbnail: boolean;
  sortOrder: number;
  description: string;
  /** file name under the sandbox's image route; the extension decides PNG or JPEG */
  file: string;
  dateModified: number;
}

export interface CustomFieldRec {
  id: number;
  name: string;
  value: string;
}

export interface BulkPricingRuleRec {
  id: number;
  quantityMin: number;
  quantityMax: number;
  type: 'price' | 'percent' | 'fixed';
  amount: number;
}

export interface VariantRec {
  id: number;
  productId: number;
  sku: string;
  /** null for the base variant of a simple product */
  skuId: number | null;
  /** null = inherits the product's value */
  price: Cents | null;
  salePrice: Cents | null;
  retailPrice: Cents | null;
  costPrice: Cents | null;
  weight: number | null;
  upc: string;
  mpn: string;
  gtin: string;
  binPickingNumber: string;
  /** option value ids, one per option of the product */
  optionValueIds: number[];
  imageFile: string | null;
  purchasingDisabled: boolean;
  purchasingDisabledMessage: string;
  inventoryWarningLevel: number;
}

export interface ProductRec {
  id: number;
  name: string;
  type: 'physical' | 'digital';
  sku: string;
  description: string;
  weight: number;
  width: number;
  depth: number;
  height: number;
  price: Cents;
  costPrice: Cents;
  retailPrice: Cents;
  salePrice: Cents;
  mapPrice: Cents;
  taxClassId: number;
  productTaxCode: string;
  categories: number[];
  /** 0 = none; may name a brand that does not exist */
  brandId: number;
  inventoryTracking: InventoryTracking;
  inventoryWarningLevel: number;
  fixedCostShippingPrice: Cents;
  isFreeShipping: boolean;
  isVisible: boolean;
  isFeatured: boolean;
  relatedProducts: number[];
  warranty: string;
  binPickingNumber: string;
  upc: string;
  mpn: string;
  gtin: string;
  searchKeywords: string;
  availability: 'available' | 'disabled' | 'preorder';
  availabilityDescription: string;
  condition: 'New' | 'Used' | 'Refurbished';
  sortOrder: number;
  pageTitle: string;
  metaKeywords: string[];
  metaDescription: string;
  urlPath: string;
  viewCount: number;
  totalSold: number;
  dateCreated: number;
  dateModified: number;
  /** the simple product's only variant; null for a product with options (BigCommerce's rule) */
  baseVariantId: number | null;
  variantIds: number[];
  options: OptionRec[];
  modifiers: ModifierRec[];
  images: ImageRec[];
  customFields: CustomFieldRec[];
  bulkPricingRules: BulkPricingRuleRec[];
  channels: number[];
}

export interface AddressRec {
  id: number;
  customerId: number;
  firstName: string;
  lastName: string;
  company: string;
  address1: string;
  address2: string;
  city: string;
  stateOrProvince: string;
  postalCode: string;
  countryCode: string;
  country: string;
  phone: string;
  addressType: 'residential' | 'commercial';
}

export interface CustomerRec {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  company: string;
  phone: string;
  notes: string;
  taxExemptCategory: string;
  customerGroupId: number;
  registrationIpAddress: string;
  dateCreated: number;
  dateModified: number;
  addresses: AddressRec[];
  storeCredit: Cents;
  acceptsMarketing: boolean;
  originChannelId: number;
  channelIds: number[];
  forcePasswordReset: boolean;
}

export interface LocationRec {
  id: number;
  code: string;
  label: string;
  description: string;
  typeId: 'PHYSICAL' | 'VIRTUAL';
  enabled: boolean;
  storefrontVisibility: boolean;
  isDefault: boolean;
  address: {
    address1: string;
    address2: string;
    city: string;
    state: string;
    zip: string;
    email: string;
    phone: string;
    countryCode: string;
    lat: number;
    lng: number;
  };
  timeZone: string;
  createdAt: number;
  updatedAt: number;
}

/** stock of one variant at one location */
export interface StockRec {
  onHand: number;
  safetyStock: number;
  warningLevel: number;
  binPickingNumber: string;
}

export interface OrderAddressRec {
  firstName: string;
  lastName: string;
  company: string;
  street1: string;
  street2: string;
  city: string;
  state: string;
  zip: string;
  country: string;
  countryIso2: string;
  phone: string;
  email: string;
}

export interface OrderShippingRec extends OrderAddressRec {
  id: number;
  shippingMethod: string;
  /** shipping cost before tax (with tax when the order's `taxInclusive`) */
  cost: Cents;
  handling: Cents;
  /** the rate shipping and handling are taxed at, when not the order's (0: untaxed shipping) */
  taxBp?: number;
  zoneId: number;
  zoneName: string;
}

export interface OrderLineOptionRec {
  id: number;
  optionId: number;
  productOptionId: number;
  displayName: string;
  displayValue: string;
  value: string;
  type: 'Multiple choice' | 'Swatch' | 'Text field' | 'Checkbox' | 'Date field';
  name: string;
  displayStyle: string;
}

export interface OrderLineRec {
  id: number;
  /** 0 for a custom product; may name a product since deleted from the catalog */
  productId: number;
  variantId: number;
  orderAddressId: number;
  name: string;
  sku: string;
  upc: string;
  brand: string;
  type: 'physical' | 'digital';
  /** unit price before discounts, before tax (with tax when the order's `taxInclusive`) */
  price: Cents;
  /** the line's own rate in basis points (e.g. a reduced rate for books), when not the order's */
  taxBp?: number;
  quantity: number;
  quantityShipped: number;
  quantityRefunded: number;
  costPrice: Cents;
  weight: number;
  wrappingName: string | null;
  /** gift wrapping for the whole line, before tax */
  wrapping: Cents;
  wrappingMessage: string;
  options: OrderLineOptionRec[];
  appliedDiscounts: Array<{
    id: string;
    amount: Cents;
    name: string;
    code: string | null;
    target: 'order' | 'product';
  }>;
}

export interface OrderCouponRec {
  id: number;
  couponId: number;
  code: string;
  /** the coupon's face value as configured (percent or amount) */
  amount: number;
  /** 0 per-item $, 1 per-item %, 2 per-order $, 3 free shipping, 4 free shipping per item, 5 % of total */
  type: 0 | 1 | 2 | 3 | 4 | 5;
  /** what it took off this order, before tax */
  discount: Cents;
}

export interface TransactionRec {
  id: number;
  event: 'purchase' | 'authorization' | 'capture' | 'refund' | 'void' | 'pending' | 'settled';
  method:
    | 'credit_card'
    | 'electronic_wallet'
    | 'store_credit'
    | 'gift_certificate'
    | 'custom'
    | 'offline'
    | 'offsite'
    | 'nonce';
  amount: Cents;
  gateway: string;
  gatewayTransactionId: string;
  status: 'ok' | 'error';
  test: boolean;
  dateCreated: number;
  paymentMethodId: string;
  referenceTransactionId: number | null;
  offlineDisplayName: string | null;
  customPaymentMethod: string | null;
  card: {
    type: 'visa' | 'master' | 'american_express' | 'discover';
    iin: string;
    last4: string;
    expMonth: number;
    expYear: number;
  } | null;
  storeCreditRemaining: Cents | null;
}

export type RefundItemType = 'PRODUCT' | 'GIFT_WRAPPING' | 'SHIPPING' | 'HANDLING' | 'ORDER' | 'FEE';

export interface RefundRec {
  id: number;
  orderId: number;
  userId: number;
  created: number;
  reason: string;
  totalAmount: Cents;
  totalTax: Cents;
  usesMerchantOverrideValues: boolean;
  items: Array<{
    itemType: RefundItemType;
    itemId: number;
    quantity: number | null;
    requestedAmount: Cents | null;
    reason: string;
  }>;
  payments: Array<{
    id: number;
    providerId: string;
    amount: Cents;
    offline: boolean;
    isDeclined: boolean;
    declinedMessage: string;
    transactionId: string;
  }>;
}

/** One shipment of an order (POST /v2/orders/{id}/shipments); its items say how many of which line. */
export interface ShipmentRec {
  id: number;
  /** the order shipping address (OrderShippingRec.id) it went to */
  orderAddressId: number;
  dateCreated: number;
  trackingNumber: string;
  /** a custom link as supplied; '' when BigCommerce generates one */
  trackingLink: string;
  merchantShippingCost: Cents;
  shippingMethod: string;
  shippingProvider: string;
  trackingCarrier: string;
  comments: string;
  items: Array<{ orderProductId: number; productId: number; quantity: number }>;
}

export interface OrderRec {
  id: number;
  /** 0 = guest */
  customerId: number;
  statusId: number;
  dateCreated: number;
  dateModified: number;
  dateShipped: number | null;
  channelId: number;
  /** null on orders created through the API (order_source "external"): there was no cart */
  cartId: string | null;
  orderSource: string;
  externalSource: string | null;
  externalId: string | null;
  externalOrderId: string;
  isDeleted: boolean;
  /** the transactional currency the shopper paid in; all amounts are in it */
  currencyCode: string;
  /** a display-only currency the shopper browsed in (null = the transactional one) */
  displayCurrencyCode: string | null;
  paymentMethod: string;
  paymentProviderId: string;
  /** set explicitly for states totals cannot tell apart (authorized vs captured) */
  paymentStatus: string;
  /** the order's tax rate, in basis points (lines and shipping may have their own: taxBp) */
  taxRateBp: number;
  /**
   * prices, shipping, wrapping and discounts were entered with tax (a store whose
   * is_price_entered_with_tax): ex-tax figures are derived from them (order-math.ts)
   */
  taxInclusive?: boolean;
  billing: OrderAddressRec;
  shipping: OrderShippingRec[];
  lines: OrderLineRec[];
  coupons: OrderCouponRec[];
  /** manual / automatic discounts other than coupons, before tax */
  discountAmount: Cents;
  storeCreditAmount: Cents;
  giftCertificateAmount: Cents;
  /** null, not "", on API-created orders */
  customerMessage: string | null;
  staffNotes: string | null;
  ipAddress: string;
  geoipCountry: string;
  geoipCountryIso2: string;
  isEmailOptIn: boolean;
  customerLocale: string;
  transactions: TransactionRec[];
  refunds: RefundRec[];
  /** every line's quantityShipped is the sum of its shipment items (setOrderStatus aside: a test's shortcut) */
  shipments: ShipmentRec[];
}

/** Order totals in cents, derived from the record (never stored). */
export interface OrderTotals {
  subtotalEx: Cents;
  subtotalInc: Cents;
  subtotalTax: Cents;
  shippingEx: Cents;
  shippingInc: Cents;
  shippingTax: Cents;
  handlingEx: Cents;
  handlingInc: Cents;
  handlingTax: Cents;
  wrappingEx: Cents;
  wrappingInc: Cents;
  wrappingTax: Cents;
  discount: Cents;
  couponDiscount: Cents;
  /** the tax the discounts took off */
  discountTax: Cents;
  totalTax: Cents;
  totalEx: Cents;
  totalInc: Cents;
  itemsTotal: number;
  itemsShipped: number;
  refunded: Cents;
}
