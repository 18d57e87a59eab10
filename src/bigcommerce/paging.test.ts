import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearSecrets } from '../log/redact.js';
import { BigCommerceClient } from './client.js';
import { BigCommerceResponseError, InvalidRecordError } from './errors.js';
import { chunk, Paged, type Page } from './paging.js';

const BASE = 'https://api.bc.test';
const HASH = 'pg1';
const V3 = `/stores/${HASH}/v3`;
const V2 = `/stores/${HASH}/v2`;

function client(): BigCommerceClient {
  return new BigCommerceClient({
    storeHash: HASH,
    accessToken: 'paging-test-token',
    baseUrl: BASE,
    schedulerOptions: { policy: { maxAttempts: 1, timeScale: 0.001 } },
  });
}

const brand = (id: number): Record<string, unknown> => ({
  id,
  name: `Brand ${id}`,
  page_title: '',
  custom_url: { url: `/b${id}/`, is_customized: false },
});
const brands = (from: number, n: number): Record<string, unknown>[] =>
  Array.from({ length: n }, (_, i) => brand(from + i));

function offsetMeta(
  current: number,
  totalPages: number,
  total: number,
  next = current < totalPages,
): Record<string, unknown> {
  return {
    pagination: {
      total,
      count: 0,
      per_page: 250,
      current_page: current,
      total_pages: totalPages,
      links: { current: `?page=${current}&limit=250`, ...(next ? { next: `?page=${current + 1}&limit=250` } : {}) },
    },
  };
}

const customer = (id: number): Record<string, unknown> => ({
  id,
  email: `c${id}@example.com`,
  first_name: 'C',
  last_name: `${id}`,
  customer_group_id: 0,
  date_created: '2024-01-01T00:00:00Z',
  date_modified: '2024-01-02T00:00:00Z',
  addresses: [],
});
const customers = (from: number, n: number): Record<string, unknown>[] =>
  Array.from({ length: n }, (_, i) => customer(from + i));

const currency = (id: number): Record<string, unknown> => ({
  id,
  currency_code: `C${id}`,
  currency_exchange_rate: '1.0000000000',
  is_default: id === 1,
  enabled: true,
});

async function collect<T>(paged: AsyncIterable<Page<T>>): Promise<Page<T>[]> {
  const out: Page<T>[] = [];
  for await (const p of paged) out.push(p);
  return out;
}

/** Records each query string the fake API received, in order. */
let seen: string[] = [];
function track(path: string): (uri: string) => void {
  return (uri) => {
    seen.push(uri.slice(path.length));
  };
}

beforeEach(() => {
  seen = [];
  nock.disableNetConnect();
});

afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  clearSecrets();
  expect(pending).toEqual([]);
});

describe('v3 offset pages', () => {
  it('walks page=1..total_pages at limit 250 and stops at current_page >= total_pages', async () => {
    const path = `${V3}/catalog/brands`;
    const scope = nock(BASE);
    for (let page = 1; page <= 3; page++) {
      scope
        .get(path)
        .query({ page: String(page), limit: '250' })
        .reply((uri) => {
          track(path)(uri);
          return [200, { data: brands((page - 1) * 250 + 1, page < 3 ? 250 : 17), meta: offsetMeta(page, 3, 517) }];
        });
    }
    const pages = await collect(client().brands());
    expect(seen).toEqual(['?page=1&limit=250', '?page=2&limit=250', '?page=3&limit=250']);
    expect(pages.map((p) => p.records.length)).toEqual([250, 250, 17]);
    expect(pages.map((p) => p.index)).toEqual([1, 2, 3]);
    expect(pages[0]?.total).toBe(517);
    expect(pages.flatMap((p) => p.records).at(-1)?.id).toBe(517);
  });

  it('stops when links.next is missing even if total_pages says more', async () => {
    nock(BASE)
      .get(`${V3}/catalog/brands`)
      .query(true)
      .reply(200, { data: brands(1, 250), meta: offsetMeta(1, 5, 1250, false) });
    const pages = await collect(client().brands());
    expect(pages).toHaveLength(1);
  });

  it('a response without pagination meta is one page', async () => {
    nock(BASE)
      .get(`${V3}/catalog/trees`)
      .query(true)
      .reply(200, { data: [{ id: 1, name: 'Default', channels: [1] }], meta: {} });
    const pages = await collect(client().categoryTrees());
    expect(pages.map((p) => p.records)).toEqual([[{ id: 1, name: 'Default', channels: [1] }]]);
  });

  it('streams: the next page is requested only when the consumer asks for it', async () => {
    let calls = 0;
    const path = `${V3}/catalog/brands`;
    nock(BASE)
      .get(path)
      .query(true)
      .times(2)
      .reply((uri) => {
        calls++;
        const page = Number(new URL(uri, BASE).searchParams.get('page'));
        return [200, { data: brands(page * 1000, 250), meta: offsetMeta(page, 2, 500) }];
      });
    const iter = client().brands()[Symbol.asyncIterator]();
    await iter.next();
    expect(calls).toBe(1);
    await iter.next();
    expect(calls).toBe(2);
    expect((await iter.next()).done).toBe(true);
  });

  it('a body that is not {data: []} is a BigCommerceResponseError', async () => {
    nock(BASE)
      .get(`${V3}/catalog/brands`)
      .query(true)
      .reply(200, [brand(1)]);
    await expect(collect(client().brands())).rejects.toBeInstanceOf(BigCommerceResponseError);
  });
});

describe('v3 cursor pages', () => {
  const path = `${V3}/customers`;

  it('starts with limit only, then sends after=<end_cursor>, stopping on a short page', async () => {
    nock(BASE)
      .get(path)
      .query({ include: 'addresses', limit: '250' })
      .reply((uri) => {
        track(path)(uri);
        return [
          200,
          {
            data: customers(1, 250),
            meta: {
              pagination: { total: 600, count: 250, per_page: 250, current_page: 1, total_pages: 3 },
              cursor_pagination: {
                count: 250,
                per_page: 250,
                start_cursor: 'c1',
                end_cursor: 'c250',
                links: { next: '?after=c250&limit=250' },
              },
            },
          },
        ];
      });
    nock(BASE)
      .get(path)
      .query({ include: 'addresses', limit: '250', after: 'c250' })
      .reply((uri) => {
        track(path)(uri);
        return [
          200,
          {
            data: customers(251, 250),
            meta: {
              cursor_pagination: {
                count: 250,
                per_page: 250,
                end_cursor: 'c500',
                links: { next: '?after=c500&limit=250' },
              },
            },
          },
        ];
      });
    nock(BASE)
      .get(path)
      .query({ include: 'addresses', limit: '250', after: 'c500' })
      .reply((uri) => {
        track(path)(uri);
        return [
          200,
          {
            data: customers(501, 100),
            meta: {
              cursor_pagination: {
                count: 100,
                per_page: 250,
                end_cursor: 'c600',
                links: { next: '?after=c600&limit=250' },
              },
            },
          },
        ];
      });
    const pages = await collect(client().customers());
    expect(seen).toEqual([
      '?include=addresses&limit=250',
      '?include=addresses&limit=250&after=c250',
      '?include=addresses&limit=250&after=c500',
    ]);
    expect(pages.map((p) => p.records.length)).toEqual([250, 250, 100]);
  });

  it('stops when there is no next link', async () => {
    nock(BASE)
      .get(path)
      .query(true)
      .reply(200, {
        data: customers(1, 250),
        meta: { cursor_pagination: { count: 250, per_page: 250, end_cursor: 'c250', links: {} } },
      });
    expect(await collect(client().customers())).toHaveLength(1);
  });

  it('without end_cursor follows the next link, and stops on a short page', async () => {
    nock(BASE)
      .get(path)
      .query({ include: 'addresses', limit: '250' })
      .reply(200, {
        data: customers(1, 250),
        meta: { cursor_pagination: { count: 250, per_page: 250, links: { next: '?after=opaque-xyz&limit=250' } } },
      });
    nock(BASE)
      .get(path)
      .query({ include: 'addresses', limit: '250', after: 'opaque-xyz' })
      .reply(200, {
        data: customers(251, 3),
        meta: { cursor_pagination: { count: 3, per_page: 250, links: {} } },
      });
    const pages = await collect(client().customers());
    expect(pages.map((p) => p.records.length)).toEqual([250, 3]);
  });

  it('a server that answers with offset pagination only is walked by page', async () => {
    nock(BASE)
      .get(path)
      .query({ include: 'addresses', limit: '250' })
      .reply(200, {
        data: customers(1, 250),
        meta: offsetMeta(1, 2, 260),
      });
    nock(BASE)
      .get(path)
      .query({ include: 'addresses', limit: '250', page: '2' })
      .reply(200, {
        data: customers(251, 10),
        meta: offsetMeta(2, 2, 260),
      });
    const pages = await collect(client().customers());
    expect(pages.map((p) => p.records.length)).toEqual([250, 10]);
  });

  it('a repeated cursor ends the walk with an error instead of looping', async () => {
    nock(BASE)
      .get(path)
      .query(true)
      .times(2)
      .reply(200, {
        data: customers(1, 250),
        meta: { cursor_pagination: { count: 250, per_page: 250, end_cursor: 'same', links: { next: '?after=same' } } },
      });
    await expect(collect(client().customers())).rejects.toThrow(/repeated/);
  });
});

describe('v2 pages', () => {
  const path = `${V2}/currencies`;

  it('walks page/limit and stops on HTTP 204', async () => {
    nock(BASE)
      .get(path)
      .query({ page: '1', limit: '250' })
      .reply(
        200,
        Array.from({ length: 250 }, (_, i) => currency(i + 1)),
      );
    nock(BASE).get(path).query({ page: '2', limit: '250' }).reply(204);
    const pages = await collect(client().currencies());
    expect(pages.map((p) => p.records.length)).toEqual([250]);
  });

  it('stops on an empty array', async () => {
    nock(BASE)
      .get(path)
      .query({ page: '1', limit: '250' })
      .reply(
        200,
        Array.from({ length: 250 }, (_, i) => currency(i + 1)),
      );
    nock(BASE).get(path).query({ page: '2', limit: '250' }).reply(200, []);
    expect((await collect(client().currencies())).map((p) => p.records.length)).toEqual([250]);
  });

  it('stops after a short page without asking for the next one', async () => {
    nock(BASE)
      .get(path)
      .query({ page: '1', limit: '250' })
      .reply(200, [currency(1), currency(2)]);
    expect((await collect(client().currencies())).map((p) => p.records.length)).toEqual([2]);
  });

  it('204 on the first page is an empty list', async () => {
    nock(BASE).get(path).query(true).reply(204);
    expect(await collect(client().currencies())).toEqual([]);
  });

  it('a non-array body is a BigCommerceResponseError', async () => {
    nock(BASE).get(path).query(true).reply(200, { data: [] });
    await expect(collect(client().currencies())).rejects.toBeInstanceOf(BigCommerceResponseError);
  });
});

describe('validation per page', () => {
  it('yields valid records and reports each invalid one with its id and issue paths', async () => {
    nock(BASE)
      .get(`${V3}/catalog/brands`)
      .query(true)
      .reply(200, {
        data: [brand(1), { id: 2, name: ['not', 'text'] }, brand(3), { name: 'no id' }],
        meta: offsetMeta(1, 1, 4),
      });
    const [page] = await collect(client().brands());
    expect(page?.records.map((r) => r.id)).toEqual([1, 3]);
    expect(page?.errors).toHaveLength(2);
    const [e1, e2] = page?.errors ?? [];
    expect(e1).toBeInstanceOf(InvalidRecordError);
    expect(e1).toMatchObject({ resource: 'brands', recordId: 2, issues: [{ path: 'name' }] });
    expect(e1?.path).toContain('/catalog/brands?page=1&limit=250');
    expect(e2).toMatchObject({ recordId: undefined, issues: [{ path: 'id' }] });
  });

  it('records(onInvalid) streams records and hands every invalid one to the callback', async () => {
    nock(BASE)
      .get(`${V3}/catalog/brands`)
      .query(true)
      .reply(200, {
        data: [brand(1), { id: 2 }, brand(3)],
        meta: offsetMeta(1, 1, 3),
      });
    const invalid: InvalidRecordError[] = [];
    const ids: number[] = [];
    for await (const b of client()
      .brands()
      .records((e) => {
        invalid.push(e);
      }))
      ids.push(b.id);
    expect(ids).toEqual([1, 3]);
    expect(invalid.map((e) => e.recordId)).toEqual([2]);
  });

  it('extra fields pass through', async () => {
    nock(BASE)
      .get(`${V3}/catalog/brands`)
      .query(true)
      .reply(200, { data: [{ ...brand(1), brand_new_field: 'x' }], meta: {} });
    const { records } = await client().brands().all();
    expect(records[0]).toMatchObject({ id: 1, brand_new_field: 'x' });
  });
});

describe('helpers', () => {
  it('chunk', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });

  it('Paged.concat walks parts in order, lazily', async () => {
    let started = 0;
    const part = (n: number): Paged<number> =>
      new Paged(async function* () {
        started++;
        yield { records: [n], errors: [], index: 1, path: `/p${n}` };
      });
    const all = Paged.concat([part(1), part(2)]);
    expect(started).toBe(0);
    expect((await all.all()).records).toEqual([1, 2]);
  });
});
