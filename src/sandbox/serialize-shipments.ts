/**
 * Shipments → BigCommerce JSON (orders.v2.oas2.yml `orderShipment`): RFC 2822 dates, money as
 * a 4-decimal string, the order's billing address and the shipment's shipping address copied
 * in, and the tracking link BigCommerce makes from provider or carrier and number.
 */
import { rfc2822 } from './dates.js';
import type { OrderRec, ShipmentRec } from './model.js';
import { money4 } from './money.js';
import { orderAddressJson } from './serialize-orders.js';

/** the standard providers of `shipping_provider_standard`, with the names BigCommerce shows */
const PROVIDER_NAMES: Record<string, string> = {
  auspost: 'Australia Post',
  canadapost: 'Canada Post',
  endicia: 'Endicia',
  usps: 'USPS',
  fedex: 'FedEx',
  ups: 'UPS',
  upsready: 'UPS Ready',
  upsonline: 'UPS Online',
  shipperhq: 'ShipperHQ',
  royalmail: 'Royal Mail',
};

const PROVIDER_LINKS: Record<string, (n: string) => string> = {
  usps: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`,
  ups: (n) => `https://www.ups.com/track?tracknum=${n}`,
  upsready: (n) => `https://www.ups.com/track?tracknum=${n}`,
  upsonline: (n) => `https://www.ups.com/track?tracknum=${n}`,
  fedex: (n) => `https://www.fedex.com/fedextrack/?trknbr=${n}`,
  auspost: (n) => `https://auspost.com.au/mypost/track/#/details/${n}`,
  canadapost: (n) => `https://www.canadapost-postescanada.ca/track-reperage/en#/details/${n}`,
  royalmail: (n) => `https://www.royalmail.com/track-your-item#/tracking-results/${n}`,
};

/**
 * "generated_tracking_link": a link to an integrated provider, else an Aftership link for the
 * carrier (or the provider) — empty when a custom `tracking_link` was given or there is no
 * number to track (the spec's three ways of making a link).
 */
function generatedLink(s: ShipmentRec): string {
  if (s.trackingLink !== '' || s.trackingNumber === '') return '';
  const n = encodeURIComponent(s.trackingNumber);
  const direct = PROVIDER_LINKS[s.shippingProvider];
  if (direct) return direct(n);
  const courier = s.trackingCarrier || s.shippingProvider;
  return courier === '' ? '' : `https://track.aftership.com/${encodeURIComponent(courier)}/${n}`;
}

export function shipmentJson(o: OrderRec, s: ShipmentRec): Record<string, unknown> {
  const address = o.shipping.find((a) => a.id === s.orderAddressId);
  return {
    id: s.id,
    order_id: o.id,
    customer_id: o.customerId,
    order_address_id: s.orderAddressId,
    date_created: rfc2822(s.dateCreated),
    tracking_number: s.trackingNumber,
    merchant_shipping_cost: money4(s.merchantShippingCost),
    shipping_method: s.shippingMethod,
    comments: s.comments,
    shipping_provider: s.shippingProvider,
    tracking_carrier: s.trackingCarrier,
    tracking_link: s.trackingLink,
    billing_address: orderAddressJson(o.billing),
    shipping_address: address ? orderAddressJson(address) : {},
    items: s.items.map((i) => ({ order_product_id: i.orderProductId, product_id: i.productId, quantity: i.quantity })),
    shipping_provider_display_name: PROVIDER_NAMES[s.shippingProvider] ?? s.shippingProvider,
    generated_tracking_link: generatedLink(s),
  };
}
