/**
 * The client against the sandbox simulator (src/sandbox): every paged resource of the sample
 * store walked end to end with exact counts taken from the sandbox's own data, and a scale
 * store walked under a 150-request quota with a short window, which must pace instead of
 * collecting 429s. The writes are sent to the sandbox and read back, and every body sent is
 * held against the spec's request schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../sandbox/index.js';
import { orderTotals } from '../sandbox/order-math.js';
import { describeErrors, SPEC_DIR, SpecValidator } from '../../test/support/openapi.js';
import { BigCommerceClient } from './client.js';
import { BigCommerceNotFoundError, BigCommerceValidationError, type InvalidRecordError } from './errors.js';
import { fetchTransport } from './http.js';
import { WRITES } from './resources.js';
import type { Page } from './paging.js';

interface Walk<T> {
  records: T[];
  errors: InvalidRecordError[];
  pages: number;
}

async function walk<T>(paged: AsyncIterable<Page<T>>): Promise<Walk<T>> {
  const out: Walk<T> = { records: [], errors: [], pages: 0 };
  for await (const page of paged) {
    out.pages++;
    out.records.push(...page.records);
    out.errors.push(...page.errors);
  }
  return out;
}

function ids(records: readonly { id: number }[]): number[] {
  return records.map((r) => r.id).sort((a, b) => a - b);
}

describe('sample store', () => {
  let sb: SandboxHandle;
  let client: BigCommerceClient;

  beforeAll(async () => {
    sb = await startSandbox({ store: 'sample' });
    client = new BigCommerceClient({ storeHash: sb.storeHash, accessToken: sb.accessToken, baseUrl: sb.url });
  });
  afterAll(async () => {
    await sb?.close();
  });

  it('store and time', async () => {
    const store = await client.getStore();
    expect(store.id).toBe(sb.storeHash);
    expect(store.currency).toBe(sb.store.defaultCurrency().code);
    expect((await client.getTime()).getTime()).toBeGreaterThan(0);
  });

  it('reference data: currencies, order statuses, customer groups, tax classes, locations', async () => {
    const s = sb.store;
    const [currencies, statuses, groups, taxClasses, locations] = await Promise.all([
      walk(client.currencies()),
      walk(client.orderStatuses()),
      walk(client.customerGroups()),
      walk(client.taxClasses()),
      walk(client.locations()),
    ]);
    expect(ids(currencies.records)).toEqual(s.currencies.ids());
    expect(ids(statuses.records)).toEqual(s.orderStatuses.map((x) => x.id).sort((a, b) => a - b));
    expect(ids(groups.records)).toEqual(s.customerGroups.ids());
    expect(ids(taxClasses.records)).toEqual(s.taxClasses.ids());
    expect(ids(locations.records)).toEqual(s.locations.ids());
    for (const w of [currencies, statuses, groups, taxClasses, locations]) expect(w.errors).toEqual([]);
  });

  it('catalog: categories, trees, tree categories, brands, products with their variants', async () => {
    const s = sb.store;
    const categories = await walk(client.categories());
    const trees = await walk(client.categoryTrees());
    const treeCategories = await walk(client.treeCategories());
    const brands = await walk(client.brands());
    const products = await walk(client.products());
    expect(ids(categories.records)).toEqual(s.categories.ids());
    expect(ids(trees.records)).toEqual(s.trees.ids());
    expect(treeCategories.records.map((c) => c.category_id).sort((a, b) => a - b)).toEqual(s.categories.ids());
    expect(ids(brands.records)).toEqual(s.brands.ids());
    expect(ids(products.records)).toEqual(s.products.ids());
    for (const w of [categories, trees, treeCategories, brands, products]) expect(w.errors).toEqual([]);
    // variants come inline (include=variants): one per sandbox variant, none lost
    const variantIds = products.records.flatMap((p) => (p.variants ?? []).map((v) => v.id)).sort((a, b) => a - b);
    expect(variantIds).toEqual(s.variants.ids());
    // the per-product endpoints agree with the inline data
    const p = s.products.all().find((x) => x.variantIds.length > 2);
    expect(p).toBeDefined();
    const perProduct = await walk(client.productVariants(p!.id));
    expect(ids(perProduct.records)).toEqual([...p!.variantIds].sort((a, b) => a - b));
    expect((await walk(client.productOptions(p!.id))).records).toHaveLength(p!.options.length);
    expect((await walk(client.productImages(p!.id))).records).toHaveLength(p!.images.length);
  });

  it('products by ids and by date', async () => {
    const some = sb.store.products.ids().slice(0, 3);
    expect(ids((await walk(client.products({ ids: some }))).records)).toEqual(some);
    const newest = Math.max(...sb.store.products.all().map((p) => p.dateModified));
    const recent = await walk(client.products({ since: new Date(newest) }));
    expect(ids(recent.records)).toEqual(
      sb.store.products
        .all()
        .filter((p) => p.dateModified >= Math.floor(newest / 1000) * 1000)
        .map((p) => p.id),
    );
  });

  it('product id bounds and id ranges: the parts of a split import, together exactly the products', async () => {
    const all = sb.store.products.ids();
    const bounds = await client.productIdBounds();
    expect(bounds).toEqual({ min: Math.min(...all), max: Math.max(...all), count: all.length });
    const mid = Math.floor((bounds!.min + bounds!.max) / 2);
    const low = ids((await walk(client.products({ idRange: { min: bounds!.min, max: mid } }))).records);
    const high = ids((await walk(client.products({ idRange: { min: mid + 1, max: bounds!.max } }))).records);
    expect(low.length).toBeGreaterThan(0);
    expect(high.length).toBeGreaterThan(0);
    expect([...low, ...high]).toEqual([...all].sort((a, b) => a - b));
    expect(await client.productIdBounds({ since: new Date(Date.now() + 86_400_000) })).toBeUndefined();
  });

  it('order id bounds', async () => {
    const live = sb.store.orders
      .all()
      .filter((o) => !o.isDeleted)
      .map((o) => o.id);
    expect(await client.orderIdBounds()).toEqual({ min: Math.min(...live), max: Math.max(...live) });
  });

  it('customers (cursor paging) with their addresses', async () => {
    const s = sb.store;
    const customers = await walk(client.customers());
    expect(ids(customers.records)).toEqual(s.customers.ids());
    expect(customers.errors).toEqual([]);
    const inlineAddresses = customers.records.reduce((n, c) => n + (c.addresses?.length ?? 0), 0);
    const addresses = await walk(client.customerAddresses());
    expect(addresses.records).toHaveLength(inlineAddresses);
  });

  it('orders created through the API (null notes and cart, date_shipped "") read as absent, not as invalid', async () => {
    const { records, errors } = await walk(client.orders({ ids: [125, 131] }));
    expect(errors).toEqual([]);
    for (const { order } of records) {
      expect(order, `order ${order.id}`).toMatchObject({
        order_source: 'external',
        staff_notes: undefined,
        customer_message: undefined,
      });
      expect(order.cart_id).toBeUndefined();
      expect(order.date_shipped).toBeUndefined();
    }
    expect(records.map((d) => d.order.id).sort((a, b) => a - b)).toEqual([125, 131]);
  });

  it('orders with products, shipping addresses, coupons and fees, exactly as the sandbox holds them', async () => {
    const expected = sb.store.orders.all().filter((o) => !o.isDeleted);
    const before = sb.stats().requests;
    const orders = await walk(client.orders({ coupons: 'always' }));
    expect(orders.errors).toEqual([]);
    expect(orders.records.map((d) => d.order.id).sort((a, b) => a - b)).toEqual(
      expected.map((o) => o.id).sort((a, b) => a - b),
    );
    for (const d of orders.records) {
      const o = expected.find((x) => x.id === d.order.id)!;
      expect(d.products.map((p) => p.id).sort((a, b) => a - b)).toEqual(o.lines.map((l) => l.id).sort((a, b) => a - b));
      expect(d.shippingAddresses.map((a) => a.id).sort((a, b) => a - b)).toEqual(
        o.shipping.map((a) => a.id).sort((a, b) => a - b),
      );
      expect(d.coupons).toHaveLength(o.coupons.length);
      expect(d.couponCodes).toEqual(o.coupons.map((c) => c.code));
    }
    // 'always': one page request plus one /coupons per order, plus /products for orders without
    // consignments, plus /taxes for each order with tax (no include carries them)
    const fallbacks = expected.filter(
      (o) => o.shipping.length === 0 && o.lines.some((l) => l.type === 'physical'),
    ).length;
    const taxed = expected.filter((o) => orderTotals(o).totalTax !== 0);
    expect(taxed.length).toBeGreaterThan(0);
    expect(sb.stats().requests - before).toBe(1 + expected.length + fallbacks + taxed.length);
    for (const d of orders.records)
      expect(d.taxes.length > 0, `order ${d.order.id}`).toBe(taxed.some((o) => o.id === d.order.id));

    // the default reads the codes from the lines' applied discounts: not one /coupons request
    const before2 = sb.stats().requests;
    const cheap = await walk(client.orders());
    expect(cheap.errors).toEqual([]);
    expect(sb.stats().requests - before2).toBe(1 + fallbacks + taxed.length);
    expect(cheap.records).toHaveLength(expected.length);
    const couponed = expected.filter((o) => o.coupons.length > 0);
    expect(couponed.length).toBeGreaterThan(0);
    for (const d of cheap.records) {
      const o = expected.find((x) => x.id === d.order.id)!;
      expect(d.coupons).toEqual([]);
      expect(d.couponCodes, `order ${o.id}`).toEqual(o.coupons.map((c) => c.code));
    }
  });

  it('orders by ids, order count, transactions and refunds', async () => {
    const s = sb.store;
    const live = s.orders.all().filter((o) => !o.isDeleted);
    const pick = [live[0]!.id, live[live.length - 1]!.id];
    expect((await walk(client.orders({ ids: pick }))).records.map((d) => d.order.id)).toEqual(pick);
    expect((await client.orderCount()).count).toBe(live.length);

    let transactions = 0;
    for (const o of live) {
      const t = await walk(client.orderTransactions(o.id));
      expect(t.errors).toEqual([]);
      expect(t.records).toHaveLength(o.transactions.length);
      transactions += t.records.length;
    }
    expect(transactions).toBeGreaterThan(0);

    const refunds = await walk(client.refunds());
    expect(refunds.errors).toEqual([]);
    expect(ids(refunds.records)).toEqual(
      s
        .refundEntries()
        .map((r) => r.id)
        .sort((a, b) => a - b),
    );
    const withTwo = live.find((o) => o.refunds.length >= 2);
    if (withTwo) expect((await walk(client.orderRefunds(withTwo.id))).records).toHaveLength(withTwo.refunds.length);
    const byOrder = await walk(client.refunds({ orderIds: [refunds.records[0]!.order_id] }));
    expect(byOrder.records.every((r) => r.order_id === refunds.records[0]!.order_id)).toBe(true);
  });

  it('inventory items: one per variant', async () => {
    const items = await walk(client.inventoryItems());
    expect(items.errors).toEqual([]);
    expect(items.records.map((i) => i.identity.variant_id).sort((a, b) => a - b)).toEqual(sb.store.variants.ids());
  });
});

describe('scale store under a 150-request quota', () => {
  // 150 requests per window as on Standard/Plus, with the 30 s window shortened to 1 s of test time
  const WINDOW_MS = 1_000;
  let sb: SandboxHandle;

  beforeAll(async () => {
    sb = await startSandbox({
      store: 'scale',
      scale: { products: 600, variants: 3, customers: 700, orders: 400, seed: 7 },
      quota: { requests: 150, windowMs: WINDOW_MS },
    });
  });
  afterAll(async () => {
    await sb?.close();
  });

  it('walks everything with exact counts, pacing ahead of the quota instead of hitting 429', async () => {
    const client = new BigCommerceClient({
      storeHash: sb.storeHash,
      accessToken: sb.accessToken,
      baseUrl: sb.url,
      concurrency: 4,
    });
    const s = sb.store;
    const t0 = Date.now();
    const products = await walk(client.products());
    const customers = await walk(client.customers());
    // 'always' makes one request per order: 400 coupon requests, well over two windows' quota
    const orders = await walk(client.orders({ coupons: 'always' }));
    const refunds = await walk(client.refunds());
    const inventory = await walk(client.inventoryItems());

    expect(products.records).toHaveLength(s.products.size);
    expect(products.pages).toBe(Math.ceil(s.products.size / 250));
    expect(customers.records).toHaveLength(s.customers.size);
    expect(orders.records).toHaveLength(s.orders.all().filter((o) => !o.isDeleted).length);
    expect(refunds.records).toHaveLength(s.refundEntries().length);
    expect(inventory.records).toHaveLength(s.variants.size);
    for (const w of [products, customers, orders, refunds, inventory]) expect(w.errors).toEqual([]);

    const elapsed = Date.now() - t0;
    const stats = client.scheduler.stats();
    const served = sb.stats();
    expect(served.requests).toBeGreaterThan(2 * 150);
    // Either the scheduler held requests back, or the machine was too slow to outrun the quota
    // (only under heavy load; on a normal run it pauses about a dozen times).
    expect(stats.pacingWaits > 0 || served.requests <= 150 * Math.ceil(elapsed / WINDOW_MS)).toBe(true);
    // no 429 at all: pacing kept 20% of every window free; and so nothing to recover from
    expect(served.rateLimited).toBe(0);
    expect(stats.rateLimited).toBe(0);
    expect(stats.failed).toBe(0);
    expect(stats.requestsSent).toBe(served.requests);
  }, 60_000);
});

describe('sample store with injected 5xx and header-less 429s', () => {
  let sb: SandboxHandle;

  beforeAll(async () => {
    // a roomy quota so only the faults matter; backoff scaled 1 s → 10 ms
    sb = await startSandbox({
      store: 'sample',
      faults: '5xx=0.15,429=0.1,seed=11',
      quota: { requests: 100_000, windowMs: 30_000 },
    });
  });
  afterAll(async () => {
    await sb?.close();
  });

  it('retries its way to the exact data', async () => {
    const client = new BigCommerceClient({
      storeHash: sb.storeHash,
      accessToken: sb.accessToken,
      baseUrl: sb.url,
      schedulerOptions: { policy: { timeScale: 0.01 } },
    });
    const s = sb.store;
    const products = await walk(client.products());
    const customers = await walk(client.customers());
    const orders = await walk(client.orders({ coupons: 'always' }));
    expect(ids(products.records)).toEqual(s.products.ids());
    expect(ids(customers.records)).toEqual(s.customers.ids());
    expect(orders.records).toHaveLength(s.orders.all().filter((o) => !o.isDeleted).length);
    const stats = client.scheduler.stats();
    expect(sb.stats().faults).toBeGreaterThan(0);
    expect(stats.retries.server_error + stats.retries.overload).toBe(sb.stats().faults);
    expect(stats.failed).toBe(0);
  });
});

describe('writes against the sandbox', () => {
  let sb: SandboxHandle;
  let client: BigCommerceClient;
  /** every body the client sent, to hold against the specs' request schemas */
  const sent: Array<{ method: string; path: string; body: unknown }> = [];

  beforeAll(async () => {
    sb = await startSandbox({ store: 'sample' });
    const transport = fetchTransport();
    client = new BigCommerceClient({
      storeHash: sb.storeHash,
      accessToken: sb.accessToken,
      baseUrl: sb.url,
      transport: (req, signal) => {
        if (req.body !== undefined) sent.push({ method: req.method, path: req.path, body: req.body });
        return transport(req, signal);
      },
    });
  });
  afterAll(async () => {
    await sb?.close();
  });

  it('setInventoryLevels: levels by variant, product and SKU, read back through inventoryItems and products', async () => {
    const res = await client.setInventoryLevels([
      { location_id: 1, variant_id: 1001, quantity: 30 },
      { location_id: 2, product_id: 107, quantity: 4 },
      { location_id: 1, sku: 'OXF-WHI-M', quantity: 2 },
    ]);
    expect(res).toMatchObject({ requests: 1, items: 3 });
    expect(res.transactionIds).toHaveLength(1);
    const stock = await walk(client.inventoryItems({ productIds: [101, 107] }));
    const at = (variantId: number, locationId: number): number | undefined =>
      stock.records
        .find((i) => i.identity.variant_id === variantId)
        ?.locations.find((l) => l.location_id === locationId)?.total_inventory_onhand;
    expect(at(1001, 1)).toBe(30);
    expect(at(1002, 1)).toBe(2);
    expect(at(1036, 2)).toBe(4);
    const product = await client.product(107);
    expect(product.inventory_level).toBe(sb.store.productInventoryLevel(sb.store.products.get(107)!));
  });

  it('setInventoryLevels: 4,500 levels in 3 requests (2,000 each at most)', async () => {
    const variants = sb.store.variants
      .all()
      .filter((v) => sb.store.products.get(v.productId)?.inventoryTracking === 'variant');
    const items = Array.from({ length: 4500 }, (_, i) => ({
      location_id: 1 + (i % 2),
      variant_id: variants[i % variants.length]!.id,
      quantity: i,
    }));
    const before = sb.stats().byPath['/v3/inventory/adjustments/absolute'] ?? 0;
    const res = await client.setInventoryLevels(items);
    // an item named twice keeps its last level, so fewer distinct items than given
    const distinct = new Set(items.map((i) => `${i.variant_id}@${i.location_id}`)).size;
    expect(res.items).toBe(distinct);
    expect(res.requests).toBe(Math.ceil(distinct / 2000));
    expect((sb.stats().byPath['/v3/inventory/adjustments/absolute'] ?? 0) - before).toBe(res.requests);
    const last = items.filter((i) => i.variant_id === variants[0]!.id && i.location_id === 1).at(-1)!;
    expect(sb.store.stockOf(variants[0]!.id)[0]!.onHand).toBe(last.quantity);
  });

  it('adjustInventory: relative differences; a refused one is a validation error and moves nothing', async () => {
    const had = sb.store.stockOf(1001)[1]!.onHand;
    await client.adjustInventory([
      { location_id: 2, variant_id: 1001, quantity: 7 },
      { location_id: 2, variant_id: 1001, quantity: -2 },
    ]);
    expect(sb.store.stockOf(1001)[1]!.onHand).toBe(had + 5);
    const before = sb.store.stockOf(1003)[0]!.onHand;
    const err = await client
      .adjustInventory([{ location_id: 1, variant_id: 1003, quantity: -(before + 1) }])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BigCommerceValidationError);
    expect((err as BigCommerceValidationError).status).toBe(422);
    expect((err as BigCommerceValidationError).outcomeUnknown).toBe(false);
    expect(sb.store.stockOf(1003)[0]!.onHand).toBe(before);
  });

  it('createShipment, then the shipments, the count, one shipment and the order as later reads show them', async () => {
    const s = await client.createShipment(136, {
      orderAddressId: 36,
      items: [
        { orderProductId: 53, quantity: 3 },
        { orderProductId: 54, quantity: 1 },
      ],
      trackingNumber: '1Z999AA10123456784',
      shippingProvider: 'ups',
      comments: 'from Odoo',
    });
    expect(s).toMatchObject({ order_id: 136, order_address_id: 36, tracking_number: '1Z999AA10123456784' });
    const list = await walk(client.orderShipments(136));
    expect(list.records.map((x) => x.id)).toEqual([s.id]);
    expect(await client.orderShipmentCount(136)).toBe(1);
    expect(await client.orderShipment(136, s.id)).toMatchObject({ id: s.id, comments: 'from Odoo' });
    const lines = await walk(client.orderProducts(136));
    expect(lines.records.map((l) => [l.id, l.quantity_shipped])).toEqual([
      [53, 3],
      [54, 1],
    ]);
    const [order] = (await walk(client.orders({ ids: [136] }))).records;
    expect(order?.order).toMatchObject({ status_id: 3, items_shipped: 4 });

    const over = await client
      .createShipment(136, { orderAddressId: 36, items: [{ orderProductId: 54, quantity: 2 }] })
      .catch((e: unknown) => e);
    expect(over).toBeInstanceOf(BigCommerceValidationError);
    expect((over as BigCommerceValidationError).status).toBe(400);
    await client.createShipment(136, { orderAddressId: 36, items: [{ orderProductId: 54, quantity: 1 }] });
    const [shipped] = (await walk(client.orders({ ids: [136] }))).records;
    expect(shipped?.order).toMatchObject({ status_id: 2, items_shipped: 5 });
    await expect(client.orderShipment(136, 1)).rejects.toBeInstanceOf(BigCommerceNotFoundError);
  });

  it('updateOrderStatus: the status and nothing else', async () => {
    const order = await client.updateOrderStatus(128, 9);
    expect(order).toMatchObject({ id: 128, status_id: 9 });
    expect(sb.store.orders.get(128)).toMatchObject({ statusId: 9 });
    expect(sb.store.orders.get(128)!.lines.every((l) => l.quantityShipped === 0)).toBe(true);
    await expect(client.updateOrderStatus(128, 99)).rejects.toBeInstanceOf(BigCommerceValidationError);
  });

  it("every body the client sent follows the spec's request schema", () => {
    const specs = new SpecValidator(SPEC_DIR);
    const byPath = (path: string): { file: string; template: string } => {
      const rel = path.replace(/^\/stores\/[^/]+\/v[23]/, '');
      const w = Object.values(WRITES).find((x) => new RegExp(`^${x.path.replace(/\{\w+\}/g, '[^/]+')}$`).test(rel));
      if (!w) throw new Error(`no write for ${path}`);
      return { file: w.spec, template: w.path };
    };
    expect(sent.length).toBeGreaterThan(8);
    for (const r of sent) {
      const { file, template } = byPath(r.path);
      const v = specs.request(file, template, r.method.toLowerCase());
      if (!v(r.body)) throw new Error(`${r.method} ${r.path}:\n${describeErrors(v.errors, r.body)}`);
    }
  });
});
