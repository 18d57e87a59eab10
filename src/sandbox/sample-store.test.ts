/**
 * Sample-store invariants, checked on what the API serves (not on the internal records), and
 * the mutation helpers tests and benchmarks rely on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iso8601 } from './dates.js';
import { startSandbox, type SandboxHandle } from './index.js';
import { RefundError } from './store.js';
import { allPagesV2, allPagesV3, apiGet } from './testing.js';

let sb: SandboxHandle;

beforeAll(async () => {
  sb = await startSandbox({ quota: { requests: 1_000_000, windowMs: 30_000 } });
});

afterAll(async () => {
  await sb?.close();
});

/** "12.3400" → 1234 */
const c = (v: unknown): number => Math.round(Number(v) * 100);

type Order = Record<string, unknown> & { id: number; status_id: number };
type Line = Record<string, unknown> & {
  id: number;
  quantity: number;
  quantity_refunded: number;
  applied_discounts: Array<{ amount: string }>;
};
type Refund = {
  total_amount: number;
  total_tax: number;
  items: Array<{ item_type: string; item_id: number; quantity?: number; requested_amount?: number }>;
};

async function everyOrder(): Promise<Order[]> {
  return [
    ...(await allPagesV2<Order>(sb, '/v2/orders', 250)),
    ...(await allPagesV2<Order>(sb, '/v2/orders?is_deleted=true', 250)),
  ];
}

describe('orders add up to the cent', () => {
  it('subtotal + shipping + handling + wrapping + tax − discounts = total_inc_tax, and every part is consistent', async () => {
    const orders = await everyOrder();
    expect(orders.length).toBe(sb.store.orders.size);
    for (const o of orders) {
      const at = `order ${o.id}`;
      expect(
        c(o.subtotal_ex_tax) +
          c(o.shipping_cost_ex_tax) +
          c(o.handling_cost_ex_tax) +
          c(o.wrapping_cost_ex_tax) +
          c(o.total_tax) -
          c(o.discount_amount) -
          c(o.coupon_discount),
        at,
      ).toBe(c(o.total_inc_tax));
      expect(c(o.total_ex_tax) + c(o.total_tax), at).toBe(c(o.total_inc_tax));
      for (const part of ['subtotal', 'shipping_cost', 'handling_cost', 'wrapping_cost']) {
        expect(c(o[`${part}_ex_tax`]) + c(o[`${part}_tax`]), `${at} ${part}`).toBe(c(o[`${part}_inc_tax`]));
      }
      const lines = (await apiGet<Line[]>(sb, `/v2/orders/${o.id}/products?limit=250`)).body;
      expect(
        lines.reduce((n, l) => n + c(l.total_ex_tax), 0),
        at,
      ).toBe(c(o.subtotal_ex_tax));
      expect(
        lines.reduce((n, l) => n + c(l.total_inc_tax), 0),
        at,
      ).toBe(c(o.subtotal_inc_tax));
      expect(
        lines.reduce((n, l) => n + c(l.wrapping_cost_ex_tax), 0),
        at,
      ).toBe(c(o.wrapping_cost_ex_tax));
      expect(
        lines.reduce((n, l) => n + l.quantity, 0),
        at,
      ).toBe(o.items_total);
      for (const l of lines) {
        expect(c(l.price_ex_tax) * l.quantity, `${at} line ${l.id}`).toBe(c(l.total_ex_tax));
        expect(c(l.price_inc_tax) * l.quantity, `${at} line ${l.id}`).toBe(c(l.total_inc_tax));
      }
      expect(
        lines.flatMap((l) => l.applied_discounts).reduce((n, d) => n + c(d.amount), 0),
        at,
      ).toBe(c(o.discount_amount) + c(o.coupon_discount));
      const addr = await apiGet<Array<Record<string, unknown>>>(sb, `/v2/orders/${o.id}/shipping_addresses`);
      const addresses = addr.status === 204 ? [] : addr.body;
      expect(addresses.length, at).toBe(o.shipping_address_count);
      expect(
        addresses.reduce((n, a) => n + c(a.cost_ex_tax), 0),
        at,
      ).toBe(c(o.shipping_cost_ex_tax));
      expect(
        addresses.reduce((n, a) => n + c(a.handling_cost_inc_tax), 0),
        at,
      ).toBe(c(o.handling_cost_inc_tax));
      const coupons = await apiGet<Array<{ discount: number }>>(sb, `/v2/orders/${o.id}/coupons`);
      expect(
        (coupons.status === 204 ? [] : coupons.body).reduce((n, x) => n + c(x.discount), 0),
        at,
      ).toBe(c(o.coupon_discount));
    }
  });

  it('paid orders were charged their total, in the order currency; refunds never exceed it', async () => {
    for (const o of await everyOrder()) {
      const at = `order ${o.id}`;
      const tx = await apiGet<{ data: Array<{ event: string; status: string; amount: number; currency: string }> }>(
        sb,
        `/v3/orders/${o.id}/transactions`,
      );
      const txs = tx.status === 204 ? [] : tx.body.data;
      const charged = txs
        .filter((t) => (t.event === 'purchase' || t.event === 'capture') && t.status === 'ok')
        .reduce((n, t) => n + c(t.amount), 0);
      if ([2, 3, 4, 8, 9, 10, 11, 13, 14].includes(o.status_id)) expect(charged, at).toBe(c(o.total_inc_tax));
      for (const t of txs) expect(t.currency, at).toBe(o.default_currency_code);

      const refunds = (await apiGet<{ data: Refund[] }>(sb, `/v3/orders/${o.id}/payment_actions/refunds`)).body.data;
      const refunded = refunds.reduce((n, r) => n + c(r.total_amount), 0);
      expect(refunded, at).toBeLessThanOrEqual(c(o.total_inc_tax));
      for (const r of refunds) {
        expect(
          r.items.reduce((n, i) => n + c(i.requested_amount ?? 0), 0),
          at,
        ).toBe(c(r.total_amount));
        expect(c(r.total_tax), at).toBeLessThanOrEqual(c(r.total_amount));
      }
      if (o.status_id === 4) expect(refunded, at).toBe(c(o.total_inc_tax));
      if (o.status_id === 14) {
        expect(refunded, at).toBeGreaterThan(0);
        expect(refunded, at).toBeLessThan(c(o.total_inc_tax));
      }
      if (refunded === 0) expect([4, 14], at).not.toContain(o.status_id);
      expect(
        txs.filter((t) => t.event === 'refund').reduce((n, t) => n + c(t.amount), 0),
        at,
      ).toBe(refunded);
      const lines = (await apiGet<Line[]>(sb, `/v2/orders/${o.id}/products`)).body;
      const qtyRefunded = refunds
        .flatMap((r) => r.items)
        .filter((i) => i.item_type === 'PRODUCT')
        .reduce((n, i) => n + (i.quantity ?? 0), 0);
      expect(
        lines.reduce((n, l) => n + l.quantity_refunded, 0),
        at,
      ).toBe(qtyRefunded);
    }
  });

  it('holds full and partial refunds, item-level ones, and an order with two partials', async () => {
    const all = await allPagesV3<Refund & { order_id: number }>(sb, '/v3/orders/payment_actions/refunds', 250);
    const byOrder = new Map<number, number>();
    for (const r of all) byOrder.set(r.order_id, (byOrder.get(r.order_id) ?? 0) + 1);
    expect(byOrder.get(112)).toBe(2);
    const types = new Set(all.flatMap((r) => r.items.map((i) => i.item_type)));
    expect([...types].sort()).toEqual(['ORDER', 'PRODUCT', 'SHIPPING']);
    const statuses = (await everyOrder()).filter((o) => byOrder.has(o.id)).map((o) => o.status_id);
    expect(statuses).toContain(4);
    expect(statuses).toContain(14);
  });
});

describe('what the sample store contains', () => {
  it('sparse variants: products whose variants are fewer than their option combinations', async () => {
    const products = await allPagesV3<{
      id: number;
      options: Array<{ option_values: unknown[] }>;
      variants: unknown[];
    }>(sb, '/v3/catalog/products?include=options,variants', 10);
    const sparse = products.filter(
      (p) => p.options.length > 0 && p.variants.length < p.options.reduce((n, o) => n * o.option_values.length, 1),
    );
    expect(sparse.map((p) => p.id)).toEqual(expect.arrayContaining([101, 104, 105, 115, 133]));
    const oxford = products.find((p) => p.id === 101) as unknown as {
      base_variant_id: null;
      variants: Array<{ price: number | null; sku: string; upc: string }>;
    };
    expect(oxford.base_variant_id).toBeNull();
    expect(oxford.variants.some((v) => v.price !== null)).toBe(true);
    expect(oxford.variants.some((v) => v.price === null)).toBe(true);
    expect(new Set(oxford.variants.map((v) => v.sku)).size).toBe(oxford.variants.length);
    expect(new Set(oxford.variants.map((v) => v.upc)).size).toBe(oxford.variants.length);
  });

  it('modifiers that are not variants, and every inventory_tracking mode', async () => {
    const knife = (
      await apiGet<{ data: { modifiers: unknown[]; variants: unknown[]; base_variant_id: number } }>(
        sb,
        '/v3/catalog/products/113?include=modifiers,variants',
      )
    ).body.data;
    expect(knife.modifiers.length).toBe(2);
    expect(knife.variants.length).toBe(1);
    expect(knife.base_variant_id).toBeGreaterThan(0);
    const tracking = new Set(sb.store.products.all().map((p) => p.inventoryTracking));
    expect([...tracking].sort()).toEqual(['none', 'product', 'variant']);
  });

  it('an orphan category, a missing brand, a product without category or image', async () => {
    const cats = await allPagesV3<{ id: number; parent_id: number }>(sb, '/v3/catalog/categories', 250);
    const catIds = new Set(cats.map((x) => x.id));
    expect(cats.filter((x) => x.parent_id !== 0 && !catIds.has(x.parent_id)).map((x) => x.id)).toEqual([99]);
    // three levels: Apparel > Men > Men's Shirts
    expect(cats.find((x) => x.id === 24)?.parent_id).toBe(21);
    expect(cats.find((x) => x.id === 21)?.parent_id).toBe(20);
    const brandIds = new Set((await allPagesV3<{ id: number }>(sb, '/v3/catalog/brands', 250)).map((b) => b.id));
    const orphans = sb.store.products.all().filter((p) => p.brandId !== 0 && !brandIds.has(p.brandId));
    expect(orphans.map((p) => p.id)).toEqual([124]);
    const bare = (
      await apiGet<{ data: { categories: number[]; primary_image: object } }>(
        sb,
        '/v3/catalog/products/127?include=primary_image',
      )
    ).body.data;
    expect(bare).toMatchObject({ categories: [], primary_image: {} });
  });

  it('customers with and without addresses, an invalid email, an unknown country and state', async () => {
    const customers = await allPagesV3<{
      id: number;
      email: string;
      addresses: Array<{ country_code: string; state_or_province: string }>;
    }>(sb, '/v3/customers?include=addresses', 250);
    expect(customers.some((x) => x.addresses.length === 0)).toBe(true);
    expect(customers.some((x) => x.addresses.length >= 3)).toBe(true);
    expect(customers.filter((x) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(x.email)).map((x) => x.id)).toEqual([13]);
    const arben = customers.find((x) => x.id === 14);
    expect(arben?.addresses.map((a) => a.country_code)).toContain('XK');
    expect(arben?.addresses.map((a) => a.state_or_province)).toContain('Calfornia');
  });

  it('orders in every status, guests, a deleted product, a custom product, several currencies and payment methods', async () => {
    const orders = await everyOrder();
    expect(new Set(orders.map((o) => o.status_id)).size).toBe(15);
    expect(orders.filter((o) => o.customer_id === 0).length).toBeGreaterThanOrEqual(5);
    expect(new Set(orders.map((o) => o.payment_method)).size).toBeGreaterThanOrEqual(6);
    const eur = orders.find((o) => o.id === 106) as Order;
    expect(eur).toMatchObject({
      default_currency_code: 'EUR',
      currency_code: 'EUR',
      store_default_currency_code: 'USD',
      store_default_to_transactional_exchange_rate: '0.9200000000',
    });
    const gbpShown = orders.find((o) => o.id === 118) as Order;
    expect(gbpShown).toMatchObject({ currency_code: 'GBP', default_currency_code: 'USD' });
    const lines = (await apiGet<Array<{ product_id: number; name: string }>>(sb, '/v2/orders/116/products')).body;
    expect(lines.map((l) => l.product_id)).toEqual([199, 0]);
    expect((await apiGet(sb, '/v3/catalog/products/199')).status).toBe(404);
    const handlingWrapping = orders.filter((o) => c(o.handling_cost_ex_tax) > 0 && o.id !== 110);
    expect(handlingWrapping.length).toBeGreaterThan(0);
    expect(c((orders.find((o) => o.id === 110) as Order).wrapping_cost_inc_tax)).toBeGreaterThan(0);
  });

  it('orders created through the API carry the nulls real stores send; storefront orders carry ""', async () => {
    const orders = await everyOrder();
    const external = orders
      .filter((o) => o.order_source === 'external')
      .map((o) => o.id)
      .sort((a, b) => a - b);
    expect(external).toEqual([125, 131]);
    for (const id of external) {
      expect(
        orders.find((o) => o.id === id),
        `order ${id}`,
      ).toMatchObject({
        staff_notes: null,
        customer_message: null,
        cart_id: null,
        date_shipped: '',
        external_source: expect.any(String) as string,
      });
    }
    expect(orders.find((o) => o.id === 110)).toMatchObject({
      staff_notes: '',
      customer_message: 'Please deliver after 5 pm.',
    });
  });

  it('a product without a brand says brand_id 0', async () => {
    const tote = (await apiGet<{ data: { brand_id: number } }>(sb, '/v3/catalog/products/109')).body.data;
    expect(tote.brand_id).toBe(0);
  });

  it('locations and stock: a disabled location does not count towards inventory_level', async () => {
    const items = await allPagesV3<{
      identity: { variant_id: number; product_id: number };
      locations: Array<{ location_id: number; location_enabled: boolean; total_inventory_onhand: number }>;
    }>(sb, '/v3/inventory/items?product_id:in=101', 100);
    const variants = (
      await apiGet<{ data: Array<{ id: number; inventory_level: number }> }>(sb, '/v3/catalog/products/101/variants')
    ).body.data;
    for (const v of variants) {
      const item = items.find((i) => i.identity.variant_id === v.id);
      const enabledSum = item?.locations
        .filter((l) => l.location_enabled)
        .reduce((n, l) => n + l.total_inventory_onhand, 0);
      expect(v.inventory_level).toBe(enabledSum);
    }
    expect(items.some((i) => i.locations.some((l) => !l.location_enabled && l.total_inventory_onhand > 0))).toBe(true);
  });
});

describe('mutation helpers', () => {
  it('setOrderStatus bumps date_modified and ships the lines', async () => {
    sb.store.now = () => Date.UTC(2031, 0, 2, 3, 4, 5);
    sb.store.setOrderStatus(102, 2);
    const o = (await apiGet<Order>(sb, '/v2/orders/102')).body;
    expect(o).toMatchObject({
      status_id: 2,
      status: 'Shipped',
      date_modified: 'Thu, 02 Jan 2031 03:04:05 +0000',
      date_shipped: 'Thu, 02 Jan 2031 03:04:05 +0000',
    });
    expect(o.items_shipped).toBe(o.items_total);
    const since = (
      await allPagesV2<Order>(sb, `/v2/orders?min_date_modified=${encodeURIComponent('2031-01-01T00:00:00Z')}`, 50)
    ).map((x) => x.id);
    expect(since).toEqual([102]);
    expect(() => sb.store.setOrderStatus(102, 99)).toThrow(/unknown status/);
  });

  it('addRefund records a refund, a refund transaction and the new status; it refuses too much or an unpaid order', async () => {
    sb.store.now = () => Date.UTC(2031, 0, 3, 0, 0, 0);
    const line = sb.store.orders.get(131)?.lines[0];
    const refund = sb.store.addRefund(131, {
      items: [{ type: 'PRODUCT', itemId: line?.id as number, quantity: 1 }],
      reason: 'test',
    });
    const o = (await apiGet<Order>(sb, '/v2/orders/131')).body;
    // one unit of the only line, but not the shipping: partially refunded
    expect(o).toMatchObject({ status_id: 14, payment_status: 'partially refunded' });
    const listed = await allPagesV3<{ id: number; created: string }>(
      sb,
      `/v3/orders/payment_actions/refunds?created:min=${encodeURIComponent(iso8601(Date.UTC(2031, 0, 1)))}`,
      50,
    );
    expect(listed.map((r) => r.id)).toEqual([refund.id]);
    const tx = (await apiGet<{ data: Array<{ event: string; amount: number }> }>(sb, '/v3/orders/131/transactions'))
      .body.data;
    expect(tx.at(-1)).toMatchObject({ event: 'refund', amount: refund.totalAmount / 100 });
    expect(() => sb.store.addRefund(131, { amount: 1_000_000 })).toThrow(RefundError);
    expect(() => sb.store.addRefund(104, { amount: 1 })).toThrow(/not paid/);
    expect(() =>
      sb.store.addRefund(131, { items: [{ type: 'PRODUCT', itemId: line?.id as number, quantity: 5 }] }),
    ).toThrow(RefundError);
  });

  it('a partial refund by amount moves a paid order to Partially Refunded (14)', async () => {
    sb.store.addRefund(100, { amount: 10 });
    expect((await apiGet<Order>(sb, '/v2/orders/100')).body).toMatchObject({
      status_id: 14,
      payment_status: 'partially refunded',
    });
  });

  it('setStock changes inventory and bumps the product', async () => {
    sb.store.now = () => Date.UTC(2031, 0, 4, 0, 0, 0);
    const vid = sb.store.products.get(104)?.variantIds[1] as number;
    sb.store.setStock(104, vid, 17, 2);
    const item = (
      await apiGet<{ data: Array<{ locations: Array<{ location_id: number; total_inventory_onhand: number }> }> }>(
        sb,
        `/v3/inventory/items?variant_id:in=${vid}`,
      )
    ).body.data[0];
    expect(item?.locations.find((l) => l.location_id === 2)?.total_inventory_onhand).toBe(17);
    const p = (await apiGet<{ data: { date_modified: string } }>(sb, '/v3/catalog/products/104')).body.data;
    expect(p.date_modified).toBe('2031-01-04T00:00:00+00:00');
    expect(() => sb.store.setStock(104, null, 1)).toThrow(/name the variant/);
  });

  it('touchCustomer, touchVariant and deleteProduct', async () => {
    sb.store.now = () => Date.UTC(2031, 0, 5, 0, 0, 0);
    sb.store.touchCustomer(5, { lastName: 'Chen-Li' });
    const since = await allPagesV3<{ id: number; last_name: string }>(
      sb,
      '/v3/customers?date_modified:min=2031-01-05T00:00:00',
      50,
    );
    expect(since).toEqual([expect.objectContaining({ id: 5, last_name: 'Chen-Li' })]);
    const vid = sb.store.products.get(116)?.variantIds[0] as number;
    sb.store.touchVariant(vid, { price: 3500 });
    expect(
      (await apiGet<{ data: { price: number } }>(sb, `/v3/catalog/products/116/variants?limit=1`)).body.data,
    ).toMatchObject([{ price: 35 }]);
    expect(sb.store.deleteProduct(117)).toBe(true);
    expect((await apiGet(sb, '/v3/catalog/products/117')).status).toBe(404);
    expect(sb.store.products.ids()).not.toContain(117);
  });
});

describe('the tax-inclusive sample store (prices entered with tax)', () => {
  let inc: SandboxHandle;
  beforeAll(async () => {
    inc = await startSandbox({ taxInclusive: true, quota: { requests: 1_000_000, windowMs: 30_000 } });
  });
  afterAll(async () => {
    await inc?.close();
  });

  it('says so, and every order adds up: what was entered with tax, less the discounts, is the total; lines carry the tax paid', async () => {
    expect((await apiGet<Record<string, unknown>>(inc, '/v2/store')).body.is_price_entered_with_tax).toBe(true);
    const orders = [
      ...(await allPagesV2<Order>(inc, '/v2/orders', 250)),
      ...(await allPagesV2<Order>(inc, '/v2/orders?is_deleted=true', 250)),
    ];
    expect(orders.length).toBe(inc.store.orders.size);
    for (const o of orders) {
      const at = `order ${o.id}`;
      expect(o.is_tax_inclusive_pricing, at).toBe(true);
      expect(
        c(o.subtotal_inc_tax) +
          c(o.shipping_cost_inc_tax) +
          c(o.handling_cost_inc_tax) +
          c(o.wrapping_cost_inc_tax) -
          c(o.discount_amount) -
          c(o.coupon_discount),
        at,
      ).toBe(c(o.total_inc_tax));
      expect(c(o.total_ex_tax) + c(o.total_tax), at).toBe(c(o.total_inc_tax));
      for (const part of ['subtotal', 'shipping_cost', 'handling_cost', 'wrapping_cost']) {
        expect(c(o[`${part}_ex_tax`]) + c(o[`${part}_tax`]), `${at} ${part}`).toBe(c(o[`${part}_inc_tax`]));
      }
      const lines = (await apiGet<Line[]>(inc, `/v2/orders/${o.id}/products?limit=250`)).body;
      expect(
        lines.reduce((n, l) => n + c(l.total_inc_tax), 0),
        at,
      ).toBe(c(o.subtotal_inc_tax));
      expect(
        lines.reduce((n, l) => n + c(l.total_ex_tax), 0),
        at,
      ).toBe(c(o.subtotal_ex_tax));
      // line total_tax is after the order discount: with shipping, handling and wrapping it is the order's tax
      expect(
        lines.reduce((n, l) => n + c(l.total_tax), 0) +
          c(o.shipping_cost_tax) +
          c(o.handling_cost_tax) +
          c(o.wrapping_cost_tax),
        at,
      ).toBe(c(o.total_tax));
    }
  });

  it('order 137: 250.00 with 5.5 % tax is 236.9668 ex tax; total_ex_tax and price_tax before the discount, total_tax after it', async () => {
    const [line] = (await apiGet<Line[]>(inc, '/v2/orders/137/products')).body;
    expect(line).toMatchObject({
      quantity: 10,
      price_inc_tax: '250.0000',
      price_ex_tax: '236.9668',
      price_tax: '13.0332',
      total_inc_tax: '2500.0000',
      total_ex_tax: '2369.6700',
      total_tax: '125.1200', // (2500 − 100) × 5.5 / 105.5
    });
    const o = (await apiGet<Order>(inc, '/v2/orders/137')).body;
    expect(o).toMatchObject({
      discount_amount: '100.0000',
      shipping_cost_inc_tax: '14.5000',
      handling_cost_inc_tax: '2.5000',
      total_inc_tax: '2417.0000',
    });
  });

  it('orders 136 and 138 carry two tax rates, 20 % and 5.5 %', async () => {
    for (const id of [136, 138]) {
      const lines = (await apiGet<Line[]>(inc, `/v2/orders/${id}/products`)).body;
      const rates = new Set(
        lines.map((l) => Math.round((Number(l.price_inc_tax) / Number(l.price_ex_tax) - 1) * 1000) / 10),
      );
      expect([...rates].sort(), `order ${id}`).toEqual([20, 5.5]);
    }
  });
});

describe('the tax-exclusive sample store: two rates and untaxed shipping on one order (136)', () => {
  it('order 136', async () => {
    const o = (await apiGet<Order>(sb, '/v2/orders/136')).body;
    expect(o).toMatchObject({
      is_tax_inclusive_pricing: false,
      shipping_cost_ex_tax: '6.5000',
      shipping_cost_tax: '0.0000',
    });
    const lines = (await apiGet<Line[]>(sb, '/v2/orders/136/products')).body;
    expect(lines.map((l) => Math.round((Number(l.price_tax) / Number(l.price_ex_tax)) * 1000) / 10)).toEqual([20, 5.5]);
  });
});
