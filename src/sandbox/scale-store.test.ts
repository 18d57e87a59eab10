/** The generated store: deterministic from its seed, the sizes asked for, and light at twice the default size. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { buildStore, DEFAULT_SCALE } from './index.js';
import { orderTotals } from './order-math.js';
import { REFUND_RATE } from './scale-store.js';

const SMALL = { products: 120, variants: 4, customers: 300, orders: 2000, seed: 9 };

function snapshot(store: ReturnType<typeof buildStore>): string {
  return JSON.stringify({
    products: store.products.all(),
    variants: store.variants.all(),
    customers: store.customers.all(),
    orders: store.orders.ids().map((id) => store.orders.get(id)),
    refunds: store.refundEntries(),
    stock: store.variants.ids().map((id) => store.stockOf(id)),
  });
}

describe('scale store', () => {
  it('the same seed and sizes give the same store; another seed another store', () => {
    const a = snapshot(buildStore({ store: 'scale', scale: SMALL }));
    const b = snapshot(buildStore({ store: 'scale', scale: SMALL }));
    expect(a).toBe(b);
    const c = snapshot(buildStore({ store: 'scale', scale: { ...SMALL, seed: 10 } }));
    expect(c).not.toBe(a);
  });

  it('has the sizes asked for, sparse variants, and refunds on about 5% of orders', () => {
    const s = buildStore({ store: 'scale', scale: SMALL });
    expect(s.products.size).toBe(SMALL.products);
    expect(s.variants.size).toBe(SMALL.products * SMALL.variants);
    expect(s.customers.size).toBe(SMALL.customers);
    expect(s.orders.size).toBe(SMALL.orders);
    for (const p of s.products.all()) {
      expect(p.variantIds).toHaveLength(SMALL.variants);
      expect(p.baseVariantId).toBeNull();
      expect(p.options.reduce((n, o) => n * o.values.length, 1)).toBeGreaterThan(SMALL.variants);
      expect(p.images.length).toBeGreaterThan(0);
    }
    const refunded = new Set(s.refundEntries().map((e) => e.orderId));
    expect(refunded.size / SMALL.orders).toBeGreaterThan(REFUND_RATE * 0.6);
    expect(refunded.size / SMALL.orders).toBeLessThan(REFUND_RATE * 1.4);
    expect(s.refundEntries().length).toBeGreaterThan(refunded.size); // some orders have two partials
  });

  it('order heads agree with the generated orders, totals add up, refunds stay within totals', () => {
    const s = buildStore({ store: 'scale', scale: SMALL });
    for (const id of s.orders.ids()) {
      const h = s.orders.head(id);
      const o = s.orders.get(id);
      expect(o).toBeDefined();
      expect({
        customerId: o?.customerId,
        statusId: o?.statusId,
        dateCreated: o?.dateCreated,
        dateModified: o?.dateModified,
      }).toEqual({
        customerId: h?.customerId,
        statusId: h?.statusId,
        dateCreated: h?.dateCreated,
        dateModified: h?.dateModified,
      });
      const t = orderTotals(o!);
      expect(
        t.subtotalEx + t.shippingEx + t.handlingEx + t.wrappingEx + t.totalTax - t.discount - t.couponDiscount,
      ).toBe(t.totalInc);
      expect(t.refunded).toBeLessThanOrEqual(t.totalInc);
      if (o!.statusId === 4) expect(t.refunded).toBe(t.totalInc);
      if (o!.statusId === 14) expect(t.refunded).toBeLessThan(t.totalInc);
    }
  });

  it('orders do not depend on when they are generated: edits to the catalog leave them as built', () => {
    const s = buildStore({ store: 'scale', scale: SMALL });
    const fresh = buildStore({ store: 'scale', scale: SMALL });
    const target = fresh.orders.get(1500)?.lines[0]?.productId as number;
    s.touchProduct(target, { name: 'Renamed after the fact' });
    expect(JSON.stringify(s.orders.get(1500))).toBe(JSON.stringify(fresh.orders.get(1500)));
    expect(s.products.get(target)?.name).toBe('Renamed after the fact');
    expect(fresh.products.get(target)?.name).not.toBe('Renamed after the fact');
  });

  it('edits to a generated order are kept', () => {
    const s = buildStore({ store: 'scale', scale: SMALL });
    const id = s.orders.ids().find((x) => s.orders.head(x)?.statusId === 10) as number;
    s.setOrderStatus(id, 2);
    for (let i = 1; i <= SMALL.orders; i++) s.orders.get(i); // flush the generator cache
    expect(s.orders.get(id)?.statusId).toBe(2);
    expect(s.orders.head(id)?.statusId).toBe(2);
  });

  it('stays light at twice the default size', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    const s = buildStore({
      store: 'scale',
      scale: {
        products: DEFAULT_SCALE.products * 2,
        variants: DEFAULT_SCALE.variants,
        customers: DEFAULT_SCALE.customers * 2,
        orders: DEFAULT_SCALE.orders * 2,
      },
    });
    expect(s.variants.size).toBe(DEFAULT_SCALE.products * 2 * DEFAULT_SCALE.variants);
    let lines = 0;
    for (const id of s.orders.ids()) lines += s.orders.get(id)?.lines.length ?? 0;
    expect(lines).toBeGreaterThan(DEFAULT_SCALE.orders * 2);
    expect(s.customers.size).toBe(DEFAULT_SCALE.customers * 2);
    gc();
    const retainedMb = (process.memoryUsage().heapUsed - before) / 1e6;
    // every order has been generated once, but only the catalog, customers and order heads stay
    expect(retainedMb).toBeLessThan(120);
    expect(s.orders.size).toBe(DEFAULT_SCALE.orders * 2);
  }, 60_000);
});
