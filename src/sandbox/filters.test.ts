/** Filters as BigCommerce applies them, including the date gotchas an incremental sync trips on. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { iso8601 } from './dates.js';
import { startSandbox, type SandboxHandle } from './index.js';
import { SAMPLE_BASE_TIME } from './sample-store.js';
import { allPagesV2, allPagesV3, apiGet } from './testing.js';

let sb: SandboxHandle;
const realNow = Date.now;

beforeAll(async () => {
  sb = await startSandbox({ quota: { requests: 1_000_000, windowMs: 30_000 } });
});

beforeEach(() => {
  sb.store.now = realNow;
});

afterAll(async () => {
  await sb?.close();
});

const ids = (rows: Array<{ id?: unknown }>): number[] => rows.map((r) => r.id as number);
const enc = encodeURIComponent;

async function productIds(query: string): Promise<number[]> {
  return ids(await allPagesV3(sb, `/v3/catalog/products?include_fields=id&${query}`, 250));
}

async function orderIds(query: string): Promise<number[]> {
  return ids(await allPagesV2(sb, `/v2/orders?${query}`, 250));
}

describe('products', () => {
  it('id:in, brand_id, categories:in, is_visible', async () => {
    expect(await productIds('id:in=105,101,999')).toEqual([101, 105]);
    expect(await productIds('brand_id=42')).toEqual([124]);
    expect(await productIds('categories:in=99')).toEqual([126]);
    expect(await productIds('is_visible=false')).toEqual([125]);
  });

  it('date_modified:min is inclusive (two products share the boundary second)', async () => {
    const boundary = sb.store.products.get(101)?.dateModified as number;
    expect(sb.store.products.get(102)?.dateModified).toBe(boundary);
    const got = await productIds(`date_modified:min=${enc(iso8601(boundary))}`);
    expect(got).toContain(101);
    expect(got).toContain(102);
    expect(got).toEqual(
      sb.store.products
        .all()
        .filter((p) => p.dateModified >= boundary)
        .map((p) => p.id),
    );
    const upTo = await productIds(`date_modified:max=${enc(iso8601(boundary - 1000))}`);
    expect(upTo).not.toContain(101);
    expect(upTo.length + got.length).toBe(sb.store.products.size);
  });

  it('a bare date gets the current time of day appended (the documented gotcha)', async () => {
    const boundary = sb.store.products.get(101)?.dateModified as number; // 09:30 UTC
    const day = new Date(boundary).toISOString().slice(0, 10);
    sb.store.now = () => Date.UTC(2030, 0, 1, 8, 0, 0); // 08:00 → the filter means day T08:00
    expect(await productIds(`date_modified:min=${day}`)).toContain(101);
    sb.store.now = () => Date.UTC(2030, 0, 1, 10, 0, 0); // 10:00 → day T10:00, after 09:30
    expect(await productIds(`date_modified:min=${day}`)).not.toContain(101);
    // a full timestamp means what it says
    expect(await productIds(`date_modified:min=${day}T00:00:00Z`)).toContain(101);
  });

  it('sort and direction', async () => {
    const got = await allPagesV3<{ id: number; price: number }>(
      sb,
      '/v3/catalog/products?sort=price&direction=desc&include_fields=price',
      250,
    );
    const prices = got.map((p) => p.price);
    expect(prices).toEqual([...prices].sort((a, b) => b - a));
  });

  it('a malformed date is a 422 and an unknown sort a 422', async () => {
    expect((await apiGet(sb, '/v3/catalog/products?date_modified:min=yesterday')).status).toBe(422);
    expect((await apiGet(sb, '/v3/catalog/products?sort=colour')).status).toBe(422);
  });

  it('exclude_fields drops fields but keeps the id', async () => {
    const r = await apiGet<{ data: Array<Record<string, unknown>> }>(
      sb,
      '/v3/catalog/products?limit=1&exclude_fields=description,id',
    );
    expect(r.body.data[0]).toHaveProperty('id');
    expect(r.body.data[0]).not.toHaveProperty('description');
  });

  it('an edit made after a sync started is found with date_modified:min = sync start', async () => {
    const t = Date.UTC(2030, 0, 1, 12, 0, 0, 400);
    sb.store.now = () => t;
    const since = iso8601(t); // whole seconds, like the platform
    expect(await productIds(`date_modified:min=${enc(since)}`)).toEqual([]);
    sb.store.touchProduct(105, { name: 'Wrap Dress (new season)' });
    sb.store.setStock(111, null, 3);
    expect(await productIds(`date_modified:min=${enc(since)}`)).toEqual([105, 111]);
    const p = await apiGet<{ data: { name: string; date_modified: string } }>(sb, '/v3/catalog/products/105');
    expect(p.body.data).toMatchObject({ name: 'Wrap Dress (new season)', date_modified: '2030-01-01T12:00:00+00:00' });
  });
});

describe('catalog lists', () => {
  it('variants by product_id:in', async () => {
    const got = await allPagesV3<{ product_id: number }>(sb, '/v3/catalog/variants?product_id:in=104,116', 250);
    expect([...new Set(got.map((v) => v.product_id))]).toEqual([104, 116]);
    expect(got).toHaveLength(3 + 2);
  });

  it('categories by id:in and parent_id; tree categories by parent_id:in', async () => {
    expect(ids(await allPagesV3(sb, '/v3/catalog/categories?id:in=21,33,99', 50))).toEqual([21, 33, 99]);
    expect(ids(await allPagesV3(sb, '/v3/catalog/categories?parent_id=20', 50))).toEqual([21, 22, 23]);
    const tree = await allPagesV3<{ category_id: number }>(sb, '/v3/catalog/trees/categories?parent_id:in=31', 50);
    expect(tree.map((c) => c.category_id)).toEqual([33, 34]);
  });

  it('inventory items by product_id:in and location_id:in', async () => {
    const got = await allPagesV3<{ identity: { product_id: number }; locations: Array<{ location_id: number }> }>(
      sb,
      '/v3/inventory/items?product_id:in=101&location_id:in=2',
      100,
    );
    expect(got).toHaveLength(sb.store.products.get(101)?.variantIds.length as number);
    expect(
      got.every((i) => i.identity.product_id === 101 && i.locations.length === 1 && i.locations[0]?.location_id === 2),
    ).toBe(true);
  });
});

describe('customers', () => {
  it('id:in, customer_group_id:in, email:in', async () => {
    expect(ids(await allPagesV3(sb, '/v3/customers?id:in=3,1,25', 50))).toEqual([1, 3, 25]);
    const wholesale = ids(await allPagesV3(sb, '/v3/customers?customer_group_id:in=2', 50));
    expect(wholesale).toEqual(
      sb.store.customers
        .all()
        .filter((c) => c.customerGroupId === 2)
        .map((c) => c.id),
    );
    expect(ids(await allPagesV3(sb, `/v3/customers?email:in=${enc('anna.schmidt@example.de')}`, 50))).toEqual([11]);
  });

  it('date_modified:min (a bare date is midnight here)', async () => {
    const cutoff = SAMPLE_BASE_TIME - 3 * 86_400_000;
    const day = new Date(cutoff).toISOString().slice(0, 10);
    const got = ids(await allPagesV3(sb, `/v3/customers?date_modified:min=${day}`, 50));
    const midnight = Date.parse(`${day}T00:00:00Z`);
    expect(got).toEqual(
      sb.store.customers
        .all()
        .filter((c) => c.dateModified >= midnight)
        .map((c) => c.id),
    );
    expect(got.length).toBeGreaterThan(2);
  });
});

describe('orders', () => {
  it('min_date_modified accepts RFC 2822 and ISO 8601 and is inclusive', async () => {
    const boundary = sb.store.orders.get(133)?.dateModified as number;
    expect(sb.store.orders.get(134)?.dateModified).toBe(boundary);
    const d = new Date(boundary - 4 * 3_600_000); // the same instant written at -04:00
    const pad = (n: number) => String(n).padStart(2, '0');
    const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const rfc = `${days[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} -0400`;
    const iso = `${d.toISOString().slice(0, 19)}.000-04:00`;
    const a = await orderIds(`min_date_modified=${enc(rfc)}`);
    const b = await orderIds(`min_date_modified=${enc(iso)}`);
    expect(a).toEqual(b);
    expect(a).toEqual(expect.arrayContaining([133, 134]));
    expect(a).toEqual(
      sb.store.orders
        .heads()
        .filter((h) => !h.isDeleted && h.dateModified >= boundary)
        .map((h) => h.id),
    );
  });

  it('an unencoded "+" in an ISO offset is not a date (encode your filters)', async () => {
    expect((await apiGet(sb, '/v2/orders?min_date_modified=2025-05-01T00:00:00+00:00')).status).toBe(400);
  });

  it('min/max_date_created, min_id/max_id, status_id, customer_id', async () => {
    const from = SAMPLE_BASE_TIME - 20 * 86_400_000;
    const to = SAMPLE_BASE_TIME - 10 * 86_400_000;
    const got = await orderIds(`min_date_created=${enc(iso8601(from))}&max_date_created=${enc(iso8601(to))}`);
    expect(got).toEqual(
      sb.store.orders
        .heads()
        .filter((h) => !h.isDeleted && h.dateCreated >= from && h.dateCreated <= to)
        .map((h) => h.id),
    );
    expect(await orderIds('min_id=110&max_id=113')).toEqual([110, 111, 112, 113]);
    expect(await orderIds('status_id=0')).toEqual([103, 135]);
    const guests = await orderIds('customer_id=0');
    expect(guests.length).toBeGreaterThanOrEqual(5);
    expect(guests).toEqual(
      sb.store.orders
        .heads()
        .filter((h) => !h.isDeleted && h.customerId === 0)
        .map((h) => h.id),
    );
  });

  it('sort=date_created:desc', async () => {
    const rows = await allPagesV2<{ date_created: string }>(sb, '/v2/orders?sort=date_created:desc', 250);
    const t = rows.map((o) => Date.parse(o.date_created));
    expect(t).toEqual([...t].sort((a, b) => b - a));
  });

  it('archived orders only with is_deleted=true', async () => {
    expect(await orderIds('')).not.toContain(127);
    expect(await orderIds('is_deleted=true')).toEqual([127]);
  });

  it('/orders/count applies the same filters and counts per status', async () => {
    const all = await apiGet<{ count: number; statuses: Array<{ id: number; count: number }> }>(sb, '/v2/orders/count');
    expect(all.body.count).toBe(sb.store.orders.heads().filter((h) => !h.isDeleted).length);
    expect(all.body.statuses.reduce((n, s) => n + s.count, 0)).toBe(all.body.count);
    expect(all.body.statuses.every((s) => s.count > 0)).toBe(true); // every status 0–14 occurs
    const guests = await apiGet<{ count: number }>(sb, '/v2/orders/count?customer_id=0');
    expect(guests.body.count).toBe((await orderIds('customer_id=0')).length);
  });

  it('a malformed date is a 400', async () => {
    expect((await apiGet(sb, '/v2/orders?min_date_modified=last%20week')).status).toBe(400);
  });
});

describe('refunds', () => {
  it('store-wide refunds by created:min/max and order_id:in', async () => {
    const entries = sb.store.refundEntries();
    const mid = entries[Math.floor(entries.length / 2)]?.created as number;
    const after = ids(await allPagesV3(sb, `/v3/orders/payment_actions/refunds?created:min=${enc(iso8601(mid))}`, 50));
    expect(after).toEqual(entries.filter((e) => e.created >= mid).map((e) => e.id));
    const before = ids(await allPagesV3(sb, `/v3/orders/payment_actions/refunds?created:max=${enc(iso8601(mid))}`, 50));
    expect(before).toEqual(entries.filter((e) => e.created <= mid).map((e) => e.id));
    const of112 = await allPagesV3<{ order_id: number }>(
      sb,
      '/v3/orders/payment_actions/refunds?order_id:in=112,999',
      50,
    );
    expect(of112.map((r) => r.order_id)).toEqual([112, 112]);
  });
});
