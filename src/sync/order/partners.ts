/**
 * The partners an order needs: the customer's (imported on the fly when missing), a guest
 * partner per email for guest checkouts (customer_id 0), and the invoice and delivery
 * addresses as child contacts — deduplicated by content, so a customer who always ships to
 * the same place gets one delivery contact, not one per order.
 */
import { createHash } from 'node:crypto';
import type { BcOrderDetails } from '../../bigcommerce/client.js';
import type { BcBillingAddress, BcShippingAddress } from '../../bigcommerce/schemas.js';
import type { ImportContext } from '../context.js';
import { customerImporter } from '../customer/importer.js';
import { resolvePlace, type OdooState, type PlaceIndex } from '../customer/mapper.js';
import type { Tally } from '../tally.js';

type Addr = Pick<
  BcBillingAddress,
  | 'first_name'
  | 'last_name'
  | 'company'
  | 'street_1'
  | 'street_2'
  | 'city'
  | 'state'
  | 'zip'
  | 'country_iso2'
  | 'phone'
  | 'email'
>;

/** The partners of a page's orders, as the header step reads them. */
export interface OrderPartners {
  /** the order's partner: its customer's, else its guest partner; undefined when neither could be made */
  partnerOf(d: BcOrderDetails): number | undefined;
  /** `<order id>:invoice` and `<order id>:delivery` → the contact made for that address */
  addresses: Map<string, number>;
  /** order id → what could not be placed in its addresses (an unknown country or state) */
  issues: Map<number, string[]>;
}

/**
 * The partners step of a page: the customers' partners (imported on the fly when missing),
 * guest partners for the others, then the invoice and delivery contacts under them. About 8
 * Odoo calls for the page, whatever its size.
 */
export async function orderPartners(
  ctx: ImportContext,
  tally: Tally,
  places: PlaceCache,
  orders: readonly BcOrderDetails[],
): Promise<OrderPartners> {
  const customerIds = [...new Set(orders.map((d) => d.order.customer_id).filter((c) => c > 0))];
  const customers = await customerPartners(ctx, tally, customerIds);
  const guests = await guestPartners(
    ctx,
    places,
    orders
      .filter((d) => d.order.customer_id <= 0 || !customers.has(String(d.order.customer_id)))
      .map((d) => ({ orderId: d.order.id, billing: d.order.billing_address })),
  );
  const partnerOf = (d: BcOrderDetails): number | undefined =>
    (d.order.customer_id > 0 ? customers.get(String(d.order.customer_id)) : undefined) ?? guests.get(d.order.id);
  const contacts = await orderAddresses(
    ctx,
    places,
    orders.flatMap((d) => {
      const parentId = partnerOf(d);
      if (parentId === undefined) return [];
      const ship = d.shippingAddresses[0];
      return [
        { orderId: d.order.id, parentId, type: 'invoice' as const, address: d.order.billing_address },
        ...(ship ? [{ orderId: d.order.id, parentId, type: 'delivery' as const, address: ship }] : []),
      ];
    }),
  );
  return { partnerOf, addresses: contacts.ids, issues: contacts.issues };
}

export const addressKey = (parts: unknown[]): string =>
  createHash('sha1').update(JSON.stringify(parts)).digest('hex').slice(0, 20);

export class PlaceCache implements PlaceIndex {
  countries = new Map<string, number>();
  states = new Map<number, OdooState[]>();
  private loaded = false;
  async ensure(ctx: ImportContext, codes: Iterable<string>): Promise<void> {
    if (!this.loaded) {
      for (const c of await ctx.odoo.searchRead<{ id: number; code: string | false }>('res.country', [], ['code']))
        if (c.code) this.countries.set(c.code.toUpperCase(), c.id);
      this.loaded = true;
    }
    const need = [
      ...new Set(
        [...codes]
          .map((c) => this.countries.get(c.trim().toUpperCase()))
          .filter((x): x is number => x !== undefined && !this.states.has(x)),
      ),
    ];
    if (!need.length) return;
    for (const id of need) this.states.set(id, []);
    const rows = await ctx.odoo.searchRead<{ id: number; name: string; code: string; country_id: [number, string] }>(
      'res.country.state',
      [['country_id', 'in', need]],
      ['name', 'code', 'country_id'],
    );
    for (const r of rows) this.states.get(r.country_id[0])!.push({ id: r.id, name: r.name, code: r.code });
  }
}

export function addressValues(a: Addr, places: PlaceIndex): { values: Record<string, unknown>; issues: string[] } {
  const place = resolvePlace(places, a.country_iso2 ?? '', a.state ?? '');
  const name =
    [a.first_name, a.last_name]
      .map((s) => s?.trim())
      .filter(Boolean)
      .join(' ') ||
    a.company?.trim() ||
    a.email?.trim() ||
    'Unknown';
  return {
    values: {
      name,
      street: a.street_1 || false,
      street2: a.street_2 || false,
      city: a.city || false,
      zip: a.zip || false,
      country_id: place.country_id,
      state_id: place.state_id,
      phone: a.phone || false,
      email: a.email?.trim() || false,
    },
    issues: place.issues,
  };
}

/** Partners of customers (by BigCommerce id), importing the ones Odoo does not have yet. */
export async function customerPartners(
  ctx: ImportContext,
  tally: Tally,
  customerIds: number[],
): Promise<Map<string, number>> {
  if (!customerIds.length) return new Map();
  let bound = await ctx.binder.resolve('customer', customerIds);
  const missing = customerIds.filter((id) => !bound.has(String(id)));
  if (missing.length) {
    const side = tally.nested('customers');
    await customerImporter.run(ctx, side, { ids: missing });
    for (const [id, f] of side.failedRecords('customers'))
      await tally.warn('orders', id, `customer ${id} could not be imported for its orders: ${f.message}`);
    bound = await ctx.binder.resolve('customer', customerIds);
  }
  return bound;
}

/** One partner per guest email (or per order when there is no email), from the billing address. */
export async function guestPartners(
  ctx: ImportContext,
  places: PlaceCache,
  guests: { orderId: number; billing: BcBillingAddress }[],
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!guests.length) return out;
  await places.ensure(
    ctx,
    guests.map((g) => g.billing.country_iso2 ?? ''),
  );
  const byKey = new Map<string, { values: Record<string, unknown>; orders: number[] }>();
  for (const g of guests) {
    const email = g.billing.email?.trim().toLowerCase();
    const key = email ? addressKey(['guest', email]) : `order${g.orderId}`;
    if (!byKey.has(key))
      byKey.set(key, {
        values: { ...addressValues(g.billing, places).values, customer_rank: 1, comment: 'BigCommerce guest checkout' },
        orders: [],
      });
    byKey.get(key)!.orders.push(g.orderId);
  }
  const existing = await ctx.binder.resolve('guest', [...byKey.keys()]);
  const toCreate = [...byKey].filter(([k]) => !existing.has(k));
  let created = new Map<string, number>();
  if (toCreate.length) {
    const res = await ctx.binder.upsert(
      'guest',
      'res.partner',
      toCreate.map(([k, v]) => ({ bcId: k, values: v.values })),
    );
    created = res.created;
  }
  for (const [k, v] of byKey) {
    const id = existing.get(k) ?? created.get(k);
    if (id !== undefined) for (const o of v.orders) out.set(o, id);
  }
  return out;
}

/** Child contacts for invoice and delivery addresses, shared by every order that uses the same one. */
export async function orderAddresses(
  ctx: ImportContext,
  places: PlaceCache,
  wanted: { orderId: number; parentId: number; type: 'invoice' | 'delivery'; address: Addr | BcShippingAddress }[],
): Promise<{ ids: Map<string, number>; issues: Map<number, string[]> }> {
  const ids = new Map<string, number>();
  const issues = new Map<number, string[]>();
  if (!wanted.length) return { ids, issues };
  await places.ensure(
    ctx,
    wanted.map((w) => w.address.country_iso2 ?? ''),
  );
  const byKey = new Map<string, Record<string, unknown>>();
  for (const w of wanted) {
    const { values, issues: problems } = addressValues(w.address, places);
    if (problems.length)
      issues.set(w.orderId, [...(issues.get(w.orderId) ?? []), ...problems.map((p) => `${w.type} address: ${p}`)]);
    const key = addressKey([w.parentId, w.type, values]);
    byKey.set(key, { ...values, parent_id: w.parentId, type: w.type });
    ids.set(`${w.orderId}:${w.type}`, -1);
    (w as { key?: string }).key = key;
  }
  const existing = await ctx.binder.resolve('order_address', [...byKey.keys()]);
  const toCreate = [...byKey].filter(([k]) => !existing.has(k));
  const created = toCreate.length
    ? (
        await ctx.binder.upsert(
          'order_address',
          'res.partner',
          toCreate.map(([k, v]) => ({ bcId: k, values: v })),
        )
      ).created
    : new Map<string, number>();
  for (const w of wanted) {
    const key = (w as { key?: string }).key!;
    const id = existing.get(key) ?? created.get(key);
    if (id === undefined) ids.delete(`${w.orderId}:${w.type}`);
    else ids.set(`${w.orderId}:${w.type}`, id);
  }
  return { ids, issues };
}
