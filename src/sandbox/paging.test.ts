/**
 * Paging exactness: for each paging style, walking every page yields every record exactly once,
 * in order, at any page size — on the sample store and on a generated one whose sizes are not
 * multiples of the page sizes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from './index.js';
import { allPagesCursor, allPagesV2, allPagesV3, apiGet } from './testing.js';

const QUOTA = { requests: 1_000_000, windowMs: 30_000 };
let sample: SandboxHandle;
let scale: SandboxHandle;

beforeAll(async () => {
  sample = await startSandbox({ quota: QUOTA });
  scale = await startSandbox({
    store: 'scale',
    scale: { products: 157, variants: 3, customers: 403, orders: 1009, seed: 5 },
    quota: QUOTA,
  });
});

afterAll(async () => {
  await sample?.close();
  await scale?.close();
});

const ids = (rows: Array<{ id?: unknown }>): number[] => rows.map((r) => r.id as number);
const ascending = (n: number[]): number[] => [...n].sort((a, b) => a - b);

function expectExactlyOnce(got: number[], expected: readonly number[]): void {
  expect(new Set(got).size).toBe(got.length);
  expect(got).toEqual([...expected]);
}

describe('v3 offset paging', () => {
  it.each([1, 3, 7, 50, 250])('products, limit %i: every product once, in id order', async (limit) => {
    const got = ids(await allPagesV3(sample, '/v3/catalog/products?include_fields=id', limit));
    expectExactlyOnce(got, sample.store.products.ids());
  });

  it('include=options caps pages at 10 and still covers every product once', async () => {
    const first = await apiGet<{
      data: unknown[];
      meta: { pagination: { per_page: number; total_pages: number; total: number } };
    }>(sample, '/v3/catalog/products?include=options,modifiers&limit=250');
    expect(first.body.data).toHaveLength(10);
    expect(first.body.meta.pagination.per_page).toBe(10);
    expect(first.body.meta.pagination.total_pages).toBe(Math.ceil(first.body.meta.pagination.total / 10));
    const got = ids(await allPagesV3(sample, '/v3/catalog/products?include=options', 250));
    expectExactlyOnce(got, sample.store.products.ids());
  });

  it('sorted walks (name desc, date_modified asc) are exact too', async () => {
    const byName = await allPagesV3<{ id: number; name: string }>(
      sample,
      '/v3/catalog/products?sort=name&direction=desc&include_fields=name',
      4,
    );
    expect(new Set(ids(byName)).size).toBe(sample.store.products.size);
    const names = byName.map((p) => p.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    const byDate = await allPagesV3<{ id: number; date_modified: string }>(
      sample,
      '/v3/catalog/products?sort=date_modified&direction=asc&include_fields=date_modified',
      6,
    );
    expect(ascending(ids(byDate))).toEqual([...sample.store.products.ids()]);
    const dates = byDate.map((p) => Date.parse(p.date_modified));
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
  });

  it('meta: totals, counts and links (filters kept in the links)', async () => {
    const r = await apiGet<{
      data: unknown[];
      meta: { pagination: Record<string, unknown> & { links: Record<string, string> } };
    }>(sample, '/v3/catalog/products?brand_id=1&limit=3&page=2');
    const p = r.body.meta.pagination;
    const total = sample.store.products.all().filter((x) => x.brandId === 1).length;
    expect(p).toMatchObject({ total, count: 3, per_page: 3, current_page: 2, total_pages: Math.ceil(total / 3) });
    expect(p.links.previous).toBe('?brand_id=1&page=1&limit=3');
    expect(p.links.current).toBe('?brand_id=1&page=2&limit=3');
    expect(p.links.next).toBe('?brand_id=1&page=3&limit=3');
    const last = await apiGet<{ meta: { pagination: { links: Record<string, string> } } }>(
      sample,
      `/v3/catalog/products?brand_id=1&limit=3&page=${Math.ceil(total / 3)}`,
    );
    expect(last.body.meta.pagination.links.next).toBeUndefined();
  });

  it('a limit above the maximum is clamped, and per_page says so', async () => {
    const r = await apiGet<{ meta: { pagination: { per_page: number } } }>(scale, '/v3/catalog/products?limit=1000');
    expect(r.body.meta.pagination.per_page).toBe(250);
    const inv = await apiGet<{ meta: { pagination: { per_page: number } } }>(scale, '/v3/inventory/items?limit=5000');
    expect(inv.body.meta.pagination.per_page).toBe(1000);
  });

  it('page=0 is rejected (422)', async () => {
    expect((await apiGet(sample, '/v3/catalog/products?page=0')).status).toBe(422);
  });

  it.each([
    ['/v3/catalog/products', 50, 'products'],
    ['/v3/catalog/variants', 100, 'variants'],
    ['/v3/catalog/categories', 20, 'categories'],
    ['/v3/catalog/brands', 7, 'brands'],
  ] as const)('scale store %s, limit %i: exact', async (path, limit, table) => {
    const got = ids(await allPagesV3(scale, path, limit));
    expectExactlyOnce(got, scale.store[table].ids());
  });

  it('scale store inventory items (one per variant) and refunds are exact', async () => {
    const items = await allPagesV3<{ identity: { variant_id: number } }>(scale, '/v3/inventory/items', 333);
    expectExactlyOnce(
      items.map((i) => i.identity.variant_id),
      scale.store.variants.ids(),
    );
    const refunds = ids(await allPagesV3(scale, '/v3/orders/payment_actions/refunds', 17));
    expectExactlyOnce(
      refunds,
      scale.store.refundEntries().map((e) => e.id),
    );
  });

  it('customer addresses are exact', async () => {
    const got = ids(await allPagesV3(scale, '/v3/customers/addresses', 64));
    expectExactlyOnce(
      got,
      scale.store.customers
        .all()
        .flatMap((c) => c.addresses.map((a) => a.id))
        .sort((a, b) => a - b),
    );
  });
});

describe('v3 cursor paging (customers)', () => {
  it.each([1, 7, 50, 250])('following end_cursor with limit %i yields every customer once, in order', async (limit) => {
    const got = ids(await allPagesCursor(scale, '/v3/customers', limit));
    expectExactlyOnce(got, scale.store.customers.ids());
  });

  it('walking back with before=start_cursor yields the same records', async () => {
    const limit = 40;
    const all = scale.store.customers.ids();
    // start from the last page: after the cursor of the record before it
    const firstPage = await apiGet<{ meta: { cursor_pagination: { end_cursor: string } } }>(
      scale,
      `/v3/customers?limit=${limit}`,
    );
    let cursor = firstPage.body.meta.cursor_pagination.end_cursor;
    let last:
      | {
          data: Array<{ id: number }>;
          meta: { cursor_pagination: { start_cursor: string; end_cursor: string; links: { next?: string } } };
        }
      | undefined;
    for (;;) {
      const r = await apiGet<NonNullable<typeof last>>(scale, `/v3/customers?limit=${limit}&after=${cursor}`);
      last = r.body;
      if (!r.body.meta.cursor_pagination.links.next) break;
      cursor = r.body.meta.cursor_pagination.end_cursor;
    }
    const back: number[] = ids(last.data);
    let before = last.meta.cursor_pagination.start_cursor;
    for (;;) {
      const r = await apiGet<{
        data: Array<{ id: number }>;
        meta: { cursor_pagination: { start_cursor?: string; links: { previous?: string } } };
      }>(scale, `/v3/customers?limit=${limit}&before=${before}`);
      back.unshift(...ids(r.body.data));
      if (!r.body.meta.cursor_pagination.links.previous || !r.body.meta.cursor_pagination.start_cursor) break;
      before = r.body.meta.cursor_pagination.start_cursor;
    }
    expectExactlyOnce(back, all);
  });

  it('page is ignored once a cursor is given; the blocks follow the cheat-sheet', async () => {
    const first = await apiGet<{ data: Array<{ id: number }>; meta: Record<string, { end_cursor?: string }> }>(
      scale,
      '/v3/customers?limit=5',
    );
    expect(Object.keys(first.body.meta).sort()).toEqual(['cursor_pagination', 'pagination']);
    const after = first.body.meta.cursor_pagination?.end_cursor ?? '';
    const withPage = await apiGet<{ data: Array<{ id: number }> }>(
      scale,
      `/v3/customers?limit=5&page=9&after=${after}`,
    );
    const withoutPage = await apiGet<{ data: Array<{ id: number }> }>(scale, `/v3/customers?limit=5&after=${after}`);
    expect(ids(withPage.body.data)).toEqual(ids(withoutPage.body.data));
    expect(ids(withPage.body.data)[0]).toBe(6);
    const paged = await apiGet<{ meta: object }>(scale, '/v3/customers?limit=5&page=2');
    expect(Object.keys(paged.body.meta)).toEqual(['pagination']);
  });

  it('page= paging is exact as well', async () => {
    const got = ids(await allPagesV3(scale, '/v3/customers', 77));
    expectExactlyOnce(got, scale.store.customers.ids());
  });

  it('a sorted cursor walk (date_modified:asc) is exact and ordered', async () => {
    const rows = await allPagesCursor<{ id: number; date_modified: string }>(
      scale,
      '/v3/customers?sort=date_modified:asc',
      60,
    );
    expect(ascending(ids(rows))).toEqual([...scale.store.customers.ids()]);
    const t = rows.map((r) => Date.parse(r.date_modified));
    expect(t).toEqual([...t].sort((a, b) => a - b));
  });

  it('a record changed mid-walk does not shift the pages after it (cursors name records, not offsets)', async () => {
    const sb = await startSandbox({ quota: QUOTA });
    try {
      const p1 = await apiGet<{ data: Array<{ id: number }>; meta: { cursor_pagination: { end_cursor: string } } }>(
        sb,
        '/v3/customers?limit=5',
      );
      sb.store.customers.delete(2); // a record already read disappears
      const p2 = await apiGet<{ data: Array<{ id: number }> }>(
        sb,
        `/v3/customers?limit=5&after=${p1.body.meta.cursor_pagination.end_cursor}`,
      );
      expect(ids(p2.body.data)).toEqual([6, 7, 8, 9, 10]);
    } finally {
      await sb.close();
    }
  });

  it('a malformed cursor is a 422', async () => {
    expect((await apiGet(scale, '/v3/customers?after=not-a-cursor')).status).toBe(422);
  });
});

describe('v2 paging', () => {
  it.each([1, 4, 50, 250])('orders, limit %i: every order once, then 204', async (limit) => {
    const got = ids(await allPagesV2(sample, '/v2/orders', limit));
    expectExactlyOnce(
      got,
      sample.store.orders
        .heads()
        .filter((h) => !h.isDeleted)
        .map((h) => h.id),
    );
  });

  it('the page after the last is 204 with an empty body, even when the last page is full', async () => {
    const total = sample.store.orders.heads().filter((h) => !h.isDeleted).length;
    const limit = [2, 3, 4, 5, 6, 7].find((l) => total % l === 0) ?? 1;
    const last = await apiGet<unknown[]>(sample, `/v2/orders?limit=${limit}&page=${total / limit}`);
    expect(last.status).toBe(200);
    expect(last.body).toHaveLength(limit);
    const past = await apiGet(sample, `/v2/orders?limit=${limit}&page=${total / limit + 1}`);
    expect(past.status).toBe(204);
    expect(past.body).toBeUndefined();
  });

  it('scale store orders (limit 250, and sorted by date_modified) are exact', async () => {
    const got = ids(await allPagesV2(scale, '/v2/orders', 250));
    expectExactlyOnce(got, scale.store.orders.ids());
    const byDate = await allPagesV2<{ id: number; date_modified: string }>(
      scale,
      '/v2/orders?sort=date_modified:asc',
      97,
    );
    expect(ascending(ids(byDate))).toEqual([...scale.store.orders.ids()]);
    const t = byDate.map((o) => Date.parse(o.date_modified));
    expect(t).toEqual([...t].sort((a, b) => a - b));
  });

  it('order sub-resources page the same way', async () => {
    const lines = await allPagesV2<{ id: number }>(sample, '/v2/orders/105/products', 1);
    expect(ids(lines)).toEqual(sample.store.orders.get(105)?.lines.map((l) => l.id));
  });

  it('v2 limits are clamped at 250 and page=0 is a 400', async () => {
    const r = await apiGet<unknown[]>(scale, '/v2/orders?limit=900');
    expect(r.body).toHaveLength(250);
    expect((await apiGet(scale, '/v2/orders?page=0')).status).toBe(400);
  });
});
