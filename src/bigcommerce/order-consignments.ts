/**
 * Reads the products and shipping addresses an order page carries inline
 * (`include=consignments.line_items&consignment_structure=object`), so an order usually costs
 * no sub-request. Pure: it validates what the page holds and never fetches; a line or address
 * that fails its schema comes back as an InvalidRecordError whose issue paths name where in
 * the consignments it sat.
 */
import { InvalidRecordError } from './errors.js';
import { invalidRecord, type RawPage } from './paging.js';
import { type BcOrder, BcOrderConsignments, BcOrderProduct, BcShippingAddress } from './schemas.js';

/**
 * Products and shipping addresses from `include=consignments.line_items`: line items of
 * shipping, pickup, download and gift-certificate consignments are order products; shipping
 * consignments are the shipping addresses (plus order_id, which they lack). `undefined`
 * means "not inline" (links, or no consignments), so the caller fetches them.
 */
export function inlineConsignments(
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
