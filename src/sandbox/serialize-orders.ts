/**
 * Orders → BigCommerce JSON: v2 orders and sub-resources (orders.v2.oas2.yml: RFC 2822 dates,
 * money as 4-decimal strings, sub-resources as `{url, resource}` links unless included) and v3
 * transactions and refunds (orders.v3.yml: ISO dates, money as numbers).
 */
import { iso8601, rfc2822 } from './dates.js';
import { applyBp, money2, money4, rate10 } from './money.js';
import type { OrderLineRec, OrderRec, OrderShippingRec, RefundRec, TransactionRec } from './model.js';
import { lineAmounts, orderTotals, paymentStatusFor, shippingAmounts } from './order-math.js';
import type { SerializeCtx } from './serialize-catalog.js';

type Json = Record<string, unknown>;

const SHIPPING_TAX_CLASS = 2;
const WRAPPING_TAX_CLASS = 3;

function v2Url(ctx: SerializeCtx, resource: string): { url: string; resource: string } {
  return { url: `${ctx.baseUrl}/stores/${ctx.storeHash}/v2${resource}`, resource };
}

export interface OrderIncludes {
  consignments: boolean;
  consignmentLineItems: boolean;
  /** `consignment_structure=object`; without it consignments come as a one-element array */
  consignmentObject: boolean;
  fees: boolean;
}

export const NO_ORDER_INCLUDES: OrderIncludes = {
  consignments: false,
  consignmentLineItems: false,
  consignmentObject: false,
  fees: false,
};

export function orderJson(ctx: SerializeCtx, o: OrderRec, inc: OrderIncludes = NO_ORDER_INCLUDES): Json {
  const t = orderTotals(o);
  const store = ctx.store;
  const storeDefault = store.defaultCurrency();
  const txCurrency = store.currency(o.currencyCode) ?? storeDefault;
  // The display currency only differs for storefront orders shown in a display-only currency;
  // every amount is still in the transactional currency (default_currency_code).
  const display = o.displayCurrencyCode ? (store.currency(o.displayCurrencyCode) ?? txCurrency) : txCurrency;
  const out: Json = {
    id: o.id,
    customer_id: o.customerId,
    date_created: rfc2822(o.dateCreated),
    date_modified: rfc2822(o.dateModified),
    date_shipped: o.dateShipped === null ? '' : rfc2822(o.dateShipped),
    status_id: o.statusId,
    status: store.statusLabel(o.statusId),
    subtotal_ex_tax: money4(t.subtotalEx),
    subtotal_inc_tax: money4(t.subtotalInc),
    subtotal_tax: money4(t.subtotalTax),
    base_shipping_cost: money4(t.shippingEx),
    shipping_cost_ex_tax: money4(t.shippingEx),
    shipping_cost_inc_tax: money4(t.shippingInc),
    shipping_cost_tax: money4(t.shippingTax),
    shipping_cost_tax_class_id: SHIPPING_TAX_CLASS,
    base_handling_cost: money4(t.handlingEx),
    handling_cost_ex_tax: money4(t.handlingEx),
    handling_cost_inc_tax: money4(t.handlingInc),
    handling_cost_tax: money4(t.handlingTax),
    handling_cost_tax_class_id: SHIPPING_TAX_CLASS,
    base_wrapping_cost: money4(t.wrappingEx),
    wrapping_cost_ex_tax: money4(t.wrappingEx),
    wrapping_cost_inc_tax: money4(t.wrappingInc),
    wrapping_cost_tax: money4(t.wrappingTax),
    wrapping_cost_tax_class_id: WRAPPING_TAX_CLASS,
    total_ex_tax: money4(t.totalEx),
    total_inc_tax: money4(t.totalInc),
    total_tax: money4(t.totalTax),
    is_tax_inclusive_pricing: o.taxInclusive ?? false,
    items_total: t.itemsTotal,
    items_shipped: t.itemsShipped,
    payment_method: o.paymentMethod,
    payment_provider_id: o.paymentProviderId,
    payment_status: paymentStatusFor(o),
    // The spec documents refunded_amount as always 0; refunds are read from the v3 refunds API.
    refunded_amount: money4(0),
    order_is_digital: o.lines.length > 0 && o.lines.every((l) => l.type === 'digital'),
    store_credit_amount: money4(o.storeCreditAmount),
    gift_certificate_amount: money4(o.giftCertificateAmount),
    ip_address: o.ipAddress,
    ip_address_v6: '',
    geoip_country: o.geoipCountry,
    geoip_country_iso2: o.geoipCountryIso2,
    currency_id: display.id,
    currency_code: display.code,
    currency_exchange_rate: rate10(display === txCurrency ? 1 : display.rate / txCurrency.rate),
    default_currency_id: txCurrency.id,
    default_currency_code: txCurrency.code,
    staff_notes: o.staffNotes,
    customer_message: o.customerMessage,
    discount_amount: money4(t.discount),
    coupon_discount: money4(t.couponDiscount),
    shipping_address_count: o.shipping.length,
    is_deleted: o.isDeleted,
    ebay_order_id: '0',
    cart_id: o.cartId,
    billing_address: { ...orderAddressJson(o.billing), form_fields: [] },
    is_email_opt_in: o.isEmailOptIn,
    credit_card_type: null,
    order_source: o.orderSource,
    channel_id: o.channelId,
    external_source: o.externalSource,
    products: v2Url(ctx, `/orders/${o.id}/products`),
    // BigCommerce's own link spells the resource without the underscore; both paths answer.
    shipping_addresses: v2Url(ctx, `/orders/${o.id}/shippingaddresses`),
    coupons: v2Url(ctx, `/orders/${o.id}/coupons`),
    external_id: o.externalId,
    external_merchant_id: null,
    tax_provider_id: 'BasicTaxProvider',
    store_default_currency_code: storeDefault.code,
    store_default_to_transactional_exchange_rate: rate10(txCurrency.rate / storeDefault.rate),
    custom_status: store.statusLabel(o.statusId),
    customer_locale: o.customerLocale,
    external_order_id: o.externalOrderId,
  };
  if (inc.consignments || inc.consignmentLineItems) {
    const c = consignmentsJson(ctx, o, inc.consignmentLineItems);
    out.consignments = inc.consignmentObject ? c : [c];
  }
  if (inc.fees) out.fees = [];
  return out;
}

export function orderAddressJson(a: OrderRec['billing']): Json {
  return {
    first_name: a.firstName,
    last_name: a.lastName,
    company: a.company,
    street_1: a.street1,
    street_2: a.street2,
    city: a.city,
    state: a.state,
    zip: a.zip,
    country: a.country,
    country_iso2: a.countryIso2,
    phone: a.phone,
    email: a.email,
  };
}

export function orderProductJson(o: OrderRec, l: OrderLineRec): Json {
  const a = lineAmounts(l, o);
  const discounts = l.appliedDiscounts.reduce((n, d) => n + d.amount, 0);
  return {
    id: l.id,
    order_id: o.id,
    product_id: l.productId,
    variant_id: l.variantId,
    order_pickup_method_id: 0,
    order_address_id: l.orderAddressId,
    name: l.name,
    name_customer: l.name,
    name_merchant: l.name,
    sku: l.sku,
    upc: l.upc,
    type: l.type,
    base_price: money4(a.priceEx),
    price_ex_tax: money4(a.priceEx),
    price_inc_tax: money4(a.priceInc),
    price_tax: money4(a.priceTax),
    base_total: money4(a.totalEx),
    total_ex_tax: money4(a.totalEx),
    total_inc_tax: money4(a.totalInc),
    // tax-inclusive stores: after the order discount, where total_ex_tax and price_tax are before it
    total_tax: money4(a.totalTaxPaid),
    weight: l.weight.toFixed(4),
    width: '0.0000',
    height: '0.0000',
    depth: '0.0000',
    quantity: l.quantity,
    base_cost_price: money4(l.costPrice),
    cost_price_inc_tax: money4(l.costPrice),
    cost_price_ex_tax: money4(l.costPrice),
    cost_price_tax: money4(0),
    is_refunded: l.quantityRefunded > 0,
    quantity_refunded: l.quantityRefunded,
    refund_amount: money4(0),
    return_id: 0,
    wrapping_id: l.wrappingName ? 1 : 0,
    wrapping_name: l.wrappingName ?? '',
    base_wrapping_cost: money4(a.wrappingEx),
    wrapping_cost_ex_tax: money4(a.wrappingEx),
    wrapping_cost_inc_tax: money4(a.wrappingInc),
    wrapping_cost_tax: money4(a.wrappingTax),
    wrapping_message: l.wrappingMessage,
    quantity_shipped: l.quantityShipped,
    event_name: null,
    event_date: null,
    fixed_shipping_cost: money4(0),
    ebay_item_id: '',
    ebay_transaction_id: '',
    option_set_id: l.options.length > 0 ? 100 + l.productId : null,
    parent_order_product_id: null,
    is_bundled_product: false,
    bin_picking_number: '',
    external_id: null,
    brand: l.brand,
    applied_discounts: l.appliedDiscounts.map((d) => ({
      id: d.id,
      amount: money4(d.amount),
      name: d.name,
      code: d.code,
      target: d.target,
    })),
    product_options: l.options.map((op) => ({
      id: op.id,
      option_id: op.optionId,
      order_product_id: l.id,
      product_option_id: op.productOptionId,
      display_name: op.displayName,
      display_name_customer: op.displayName,
      display_name_merchant: op.displayName,
      display_value: op.displayValue,
      display_value_customer: op.displayValue,
      display_value_merchant: op.displayValue,
      value: op.value,
      type: op.type,
      name: op.name,
      display_style: op.displayStyle,
    })),
    configurable_fields: [],
    gift_certificate_id: null,
    discounted_total_inc_tax: money4(
      o.taxInclusive ? a.totalInc - discounts : a.totalInc - discounts - applyBp(discounts, a.bp),
    ),
  };
}

function shippingCosts(o: OrderRec, s: OrderShippingRec) {
  const lines = o.lines.filter((l) => l.orderAddressId === s.id);
  return {
    ...shippingAmounts(s, o),
    itemsTotal: lines.reduce((n, l) => n + l.quantity, 0),
    itemsShipped: lines.reduce((n, l) => n + l.quantityShipped, 0),
  };
}

export function shippingAddressJson(ctx: SerializeCtx, o: OrderRec, s: OrderShippingRec): Json {
  const c = shippingCosts(o, s);
  return {
    id: s.id,
    order_id: o.id,
    ...orderAddressJson(s),
    items_total: c.itemsTotal,
    items_shipped: c.itemsShipped,
    shipping_method: s.shippingMethod,
    base_cost: money4(c.costEx),
    cost_ex_tax: money4(c.costEx),
    cost_inc_tax: money4(c.costInc),
    cost_tax: money4(c.costTax),
    cost_tax_class_id: SHIPPING_TAX_CLASS,
    base_handling_cost: money4(c.handlingEx),
    handling_cost_ex_tax: money4(c.handlingEx),
    handling_cost_inc_tax: money4(c.handlingInc),
    handling_cost_tax: money4(c.handlingTax),
    handling_cost_tax_class_id: SHIPPING_TAX_CLASS,
    shipping_zone_id: s.zoneId,
    shipping_zone_name: s.zoneName,
    shipping_quotes: v2Url(ctx, `/orders/${o.id}/shipping_addresses/${s.id}/shipping_quotes`),
    form_fields: [],
  };
}

export function couponJson(o: OrderRec, c: OrderRec['coupons'][number]): Json {
  return {
    id: c.id,
    coupon_id: c.couponId,
    order_id: o.id,
    code: c.code,
    amount: c.amount.toFixed(4),
    type: c.type,
    discount: money2(c.discount),
  };
}

/** The `consignment_structure=object` form: shipping consignments per address, downloads for digital lines. */
function consignmentsJson(ctx: SerializeCtx, o: OrderRec, withLines: boolean): Json {
  const productsLink = [v2Url(ctx, `/orders/${o.id}/products`)];
  const linesOf = (pred: (l: OrderLineRec) => boolean) =>
    withLines ? o.lines.filter(pred).map((l) => orderProductJson(o, l)) : productsLink;
  const digital = o.lines.filter((l) => l.type === 'digital');
  return {
    pickups: [],
    shipping: o.shipping.map((s) => {
      const c = shippingCosts(o, s);
      return {
        id: s.id,
        ...orderAddressJson(s),
        form_fields: [],
        line_items: linesOf((l) => l.orderAddressId === s.id && l.type === 'physical'),
        items_total: c.itemsTotal,
        items_shipped: c.itemsShipped,
        shipping_method: s.shippingMethod,
        base_cost: money2(c.costEx),
        cost_ex_tax: money2(c.costEx),
        cost_inc_tax: money2(c.costInc),
        cost_tax: money2(c.costTax),
        cost_tax_class_id: SHIPPING_TAX_CLASS,
        base_handling_cost: money2(c.handlingEx),
        handling_cost_ex_tax: money2(c.handlingEx),
        handling_cost_inc_tax: money2(c.handlingInc),
        handling_cost_tax: money2(c.handlingTax),
        handling_cost_tax_class_id: SHIPPING_TAX_CLASS,
        shipping_zone_id: s.zoneId,
        shipping_zone_name: s.zoneName,
        shipping_quotes: v2Url(ctx, `/orders/${o.id}/consignments/shipping/${s.id}/shipping_quotes`),
      };
    }),
    downloads:
      digital.length === 0
        ? []
        : [{ recipient_email: o.billing.email, line_items: linesOf((l) => l.type === 'digital') }],
    email: { gift_certificates: [] },
  };
}

export function transactionJson(o: OrderRec, t: TransactionRec): Json {
  const out: Json = {
    id: t.id,
    order_id: String(o.id),
    event: t.event,
    method: t.method,
    amount: money2(t.amount),
    currency: o.currencyCode,
    gateway: t.gateway,
    gateway_transaction_id: t.gatewayTransactionId,
    date_created: iso8601(t.dateCreated),
    test: t.test,
    status: t.status,
    fraud_review: false,
    offline: t.offlineDisplayName === null ? null : { display_name: t.offlineDisplayName },
    custom: t.customPaymentMethod === null ? null : { payment_method: t.customPaymentMethod },
    payment_method_id: t.paymentMethodId,
    payment_instrument_token: null,
    provider_customer_id: null,
    avs_result: t.card
      ? {
          code: 'Y',
          message: 'Street address and 5-digit postal code match',
          street_match: 'Match',
          postal_match: 'Match',
        }
      : { code: '', message: '', street_match: '', postal_match: '' },
    cvv_result: t.card ? { code: 'M', message: 'CVV2 match' } : { code: '', message: '' },
    gift_certificate: null,
    store_credit: t.storeCreditRemaining === null ? null : { remaining_balance: money2(t.storeCreditRemaining) },
    custom_provider_field_result: null,
  };
  if (t.referenceTransactionId !== null) out.reference_transaction_id = t.referenceTransactionId;
  if (t.card) {
    out.credit_card = {
      card_type: t.card.type,
      card_iin: t.card.iin,
      card_last4: t.card.last4,
      card_expiry_month: t.card.expMonth,
      card_expiry_year: t.card.expYear,
    };
  }
  return out;
}

export function refundJson(r: RefundRec): Json {
  return {
    id: r.id,
    order_id: r.orderId,
    user_id: r.userId,
    created: iso8601(r.created),
    reason: r.reason,
    total_amount: money2(r.totalAmount),
    total_tax: money2(r.totalTax),
    uses_merchant_override_values: r.usesMerchantOverrideValues,
    items: r.items.map((i) => {
      const item: Json = { item_type: i.itemType, item_id: i.itemId, reason: i.reason };
      if (i.quantity !== null) item.quantity = i.quantity;
      if (i.requestedAmount !== null) item.requested_amount = money2(i.requestedAmount);
      return item;
    }),
    payments: r.payments.map((p) => ({
      id: p.id,
      provider_id: p.providerId,
      amount: money2(p.amount),
      offline: p.offline,
      is_declined: p.isDeclined,
      declined_message: p.declinedMessage,
      transaction_id: p.transactionId,
    })),
  };
}
