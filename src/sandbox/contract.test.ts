/**
 * Contract tests: every endpoint the sandbox serves is requested from a running sandbox and
 * its status and body are validated against the response schema of the matching operation in
 * BigCommerce's own OpenAPI documents (../shared/bigcommerce-api/reference), through the
 * validators of test/support/openapi.ts. The writes have their own contract tests
 * (contract-writes.test.ts).
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeErrors, SPEC_DIR, SpecValidator, type ValidateFunction } from '../../test/support/openapi.js';
import { RESOURCES, type ResourceName } from '../bigcommerce/resources.js';
import { startSandbox, type SandboxHandle } from './index.js';

// ---------------------------------------------------------------------------------------------

let sb: SandboxHandle;
let specs: SpecValidator;

beforeAll(async () => {
  if (!existsSync(SPEC_DIR)) {
    throw new Error(
      `BigCommerce OpenAPI specs not found at ${SPEC_DIR} (expected ../shared/bigcommerce-api/reference beside the project root)`,
    );
  }
  specs = new SpecValidator(SPEC_DIR);
  // thousands of requests: a quota this suite cannot exhaust (the 429 test uses its own sandbox)
  sb = await startSandbox({ quota: { requests: 1_000_000, windowMs: 30_000 } });
});

afterAll(async () => {
  await sb?.close();
});

interface Got {
  status: number;
  headers: Headers;
  body: unknown;
}

async function get(path: string, token: string | null = sb.accessToken, hash = sb.storeHash): Promise<Got> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token !== null) headers['X-Auth-Token'] = token;
  const res = await fetch(`${sb.url}/stores/${hash}${path}`, { headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

function expectValid(v: ValidateFunction, body: unknown, what: string): void {
  const ok = v(body);
  if (!ok) throw new Error(`${what} does not match the spec:\n${describeErrors(v.errors, body)}`);
}

function expectRateHeaders(h: Headers): void {
  for (const name of [
    'x-rate-limit-requests-left',
    'x-rate-limit-requests-quota',
    'x-rate-limit-time-reset-ms',
    'x-rate-limit-time-window-ms',
  ]) {
    expect(h.get(name), name).toMatch(/^\d+$/);
  }
}

/** the OpenAPI path of a table resource, with the spec's own parameter names */
function specOf(name: ResourceName): { file: string; path: string } {
  return { file: RESOURCES[name].spec, path: RESOURCES[name].path };
}

/** Requests `path`, checks the status and validates the body against the resource's 200 schema. */
async function check(
  name: ResourceName,
  path: string,
  opts: { specPath?: string; specFile?: string; status?: number; specStatus?: number } = {},
): Promise<Got> {
  const got = await get(path);
  const status = opts.status ?? 200;
  expect(got.status, `${path}: ${JSON.stringify(got.body)?.slice(0, 300)}`).toBe(status);
  expectRateHeaders(got.headers);
  if (status !== 204) {
    const s = specOf(name);
    expectValid(
      specs.response(opts.specFile ?? s.file, opts.specPath ?? s.path, opts.specStatus ?? status),
      got.body,
      `GET ${path}`,
    );
  } else {
    expect(got.body).toBeUndefined();
  }
  return got;
}

/** Follows every page of a v3 offset list, validating each page. */
async function checkAllPagesV3(name: ResourceName, path: string, specPath?: string): Promise<unknown[]> {
  const all: unknown[] = [];
  for (let page = 1; page < 1000; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const got = await check(name, `${path}${sep}page=${page}`, specPath ? { specPath } : {});
    const body = got.body as { data: unknown[]; meta: { pagination: { total_pages: number } } };
    all.push(...body.data);
    if (page >= body.meta.pagination.total_pages) break;
  }
  return all;
}

async function checkAllPagesV2(name: ResourceName, path: string, limit: number, specPath?: string): Promise<unknown[]> {
  const all: unknown[] = [];
  for (let page = 1; page < 1000; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const url = `${path}${sep}page=${page}&limit=${limit}`;
    const probe = await get(url);
    if (probe.status === 204) break;
    const got = await check(name, url, specPath ? { specPath } : {});
    all.push(...(got.body as unknown[]));
  }
  return all;
}

describe('v2 store settings', () => {
  it('GET /v2/store', async () => {
    const got = await check('store', '/v2/store');
    expect((got.body as { id: string }).id).toBe(sb.storeHash);
  });
  it('GET /v2/time', async () => {
    const got = await check('time', '/v2/time');
    expect((got.body as { time: number }).time).toBeGreaterThan(1_600_000_000);
  });
  it('GET /v2/currencies, and 204 past the last page', async () => {
    await check('currencies', '/v2/currencies');
    await check('currencies', '/v2/currencies?page=2', { status: 204 });
  });
  it('GET /v2/order_statuses', async () => {
    const got = await check('orderStatuses', '/v2/order_statuses');
    expect((got.body as unknown[]).length).toBe(15);
  });
  it('GET /v2/tax_classes', async () => {
    await check('taxClasses', '/v2/tax_classes');
  });
  it('GET /v2/customer_groups', async () => {
    await check('customerGroups', '/v2/customer_groups');
  });
});

describe('v3 catalog', () => {
  it('every product page, with every include the table lists (page capped at 10 by options/modifiers)', async () => {
    const include = RESOURCES.products.includes.join(',');
    const all = await checkAllPagesV3('products', `/v3/catalog/products?include=${include}&limit=250`);
    expect(all.length).toBeGreaterThan(30);
    const first = await get(`/v3/catalog/products?include=${include}&limit=250`);
    expect((first.body as { meta: { pagination: { per_page: number } } }).meta.pagination.per_page).toBe(10);
  });
  it('a product page without includes, and with include_fields', async () => {
    await check('products', '/v3/catalog/products?limit=5');
    const got = await check('products', '/v3/catalog/products?limit=5&include_fields=name,price');
    expect(Object.keys((got.body as { data: object[] }).data[0] as object).sort()).toEqual(['id', 'name', 'price']);
  });
  it('a page past the end is an empty 200', async () => {
    const got = await check('products', '/v3/catalog/products?page=99');
    expect((got.body as { data: unknown[] }).data).toEqual([]);
  });
  it('a product by id, with and without includes, and a missing product (404)', async () => {
    const byId = `${RESOURCES.products.path}/{product_id}`;
    await check('products', '/v3/catalog/products/101', { specPath: byId });
    await check(
      'products',
      '/v3/catalog/products/127?include=variants,images,primary_image,custom_fields,bulk_pricing_rules,options,modifiers',
      { specPath: byId },
    );
    await check('products', '/v3/catalog/products/999999', { specPath: byId, status: 404 });
  });
  it('product variants, options, modifiers, images and custom fields of every product', async () => {
    const ids = (
      (await get('/v3/catalog/products?limit=250&include_fields=id')).body as { data: Array<{ id: number }> }
    ).data.map((p) => p.id);
    for (const id of ids) {
      await check('productVariants', `/v3/catalog/products/${id}/variants`);
      await check('productOptions', `/v3/catalog/products/${id}/options`);
      await check('productImages', `/v3/catalog/products/${id}/images`);
      await check('products', `/v3/catalog/products/${id}/modifiers`, {
        specFile: 'catalog/product-modifiers_catalog.v3.yml',
        specPath: '/catalog/products/{product_id}/modifiers',
      });
      await check('products', `/v3/catalog/products/${id}/custom-fields`, {
        specPath: '/catalog/products/{product_id}/custom-fields',
      });
    }
  });
  it('store-wide variants, plain and by product_id:in', async () => {
    await checkAllPagesV3('variants', '/v3/catalog/variants?limit=50');
    await check('variants', '/v3/catalog/variants?product_id:in=101,105');
  });
  it('categories, trees, tree categories and brands', async () => {
    await checkAllPagesV3('categories', '/v3/catalog/categories');
    await check('categoryTrees', '/v3/catalog/trees');
    await checkAllPagesV3('treeCategories', '/v3/catalog/trees/categories?tree_id:in=1');
    await checkAllPagesV3('brands', '/v3/catalog/brands');
  });
});

describe('v3 customers', () => {
  it('the first page carries both meta blocks; cursor pages only cursor_pagination; page= only pagination', async () => {
    const first = await check(
      'customers',
      '/v3/customers?limit=10&include=addresses,storecredit,attributes,formfields',
    );
    const meta = (first.body as { meta: Record<string, { end_cursor?: string }> }).meta;
    expect(Object.keys(meta).sort()).toEqual(['cursor_pagination', 'pagination']);
    const next = await check(
      'customers',
      `/v3/customers?limit=10&include=addresses&after=${meta.cursor_pagination?.end_cursor ?? ''}`,
    );
    expect(Object.keys((next.body as { meta: object }).meta)).toEqual(['cursor_pagination']);
    const paged = await check('customers', '/v3/customers?limit=10&page=2');
    expect(Object.keys((paged.body as { meta: object }).meta)).toEqual(['pagination']);
  });
  it('customer addresses', async () => {
    await checkAllPagesV3('customerAddresses', '/v3/customers/addresses?limit=10');
  });
});

describe('v2 orders', () => {
  it('every order, with links only', async () => {
    const all = await checkAllPagesV2('orders', '/v2/orders', 10);
    expect(all.length).toBeGreaterThan(30);
  });
  it('every order with consignments.line_items in the object structure, and its line items as order products', async () => {
    const all = await checkAllPagesV2(
      'orders',
      '/v2/orders?include=consignments.line_items,fees&consignment_structure=object',
      50,
    );
    const orderProduct = specs.component('orders.v2.oas2.yml', 'orderProducts');
    let lines = 0;
    for (const o of all as Array<{
      consignments: { shipping: Array<{ line_items: unknown[] }>; downloads: Array<{ line_items: unknown[] }> };
    }>) {
      for (const c of [...o.consignments.shipping, ...o.consignments.downloads]) {
        for (const li of c.line_items) {
          expectValid(orderProduct, li, 'consignment line item');
          lines++;
        }
      }
    }
    expect(lines).toBeGreaterThan(40);
  });
  it('include=consignments (links for line items)', async () => {
    await check('orders', '/v2/orders?include=consignments&consignment_structure=object&limit=5');
  });
  it('204 past the last page and for a filter matching nothing', async () => {
    await check('orders', '/v2/orders?page=50', { status: 204 });
    await check('orders', '/v2/orders?min_id=999999', { status: 204 });
  });
  it('order taxes: each taxed amount with its rate, class and name; details say which product', async () => {
    const rows = (await get('/v2/orders/100/taxes?details=true')).body as Array<Record<string, unknown>>;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r).toMatchObject({ order_id: 100, name: expect.any(String), class: expect.any(String) });
      expect(['item', 'shipping', 'handling', 'gift-wrapping']).toContain(r.line_item_type);
      if (r.line_item_type === 'item') expect(r.order_product_id).toEqual(expect.any(String));
    }
    const plain = (await get('/v2/orders/100/taxes')).body as Array<Record<string, unknown>>;
    expect(plain[0]).not.toHaveProperty('line_item_type');
    expect((await get('/v2/orders/999999/taxes')).status).toBe(404);
  });
  it('order fees: the sandbox orders have none (204); an unknown order is 404', async () => {
    await check('orderFees', '/v2/orders/100/fees', { status: 204 });
    expect((await get('/v2/orders/999999/fees')).status).toBe(404);
  });
  it('GET /v2/orders/count', async () => {
    const got = await check('orderCount', '/v2/orders/count');
    expect((got.body as { statuses: unknown[] }).statuses).toHaveLength(15);
  });
  it('each order by id, and its products, shipping addresses and coupons (204 when none)', async () => {
    const ids = ((await get('/v2/orders?limit=250')).body as Array<{ id: number }>).map((o) => o.id);
    const byId = `${RESOURCES.orders.path}/{order_id}`;
    for (const id of ids) {
      await check('orders', `/v2/orders/${id}?include=consignments.line_items&consignment_structure=object`, {
        specPath: byId,
      });
      await check('orderProducts', `/v2/orders/${id}/products`);
      const addr = await get(`/v2/orders/${id}/shipping_addresses`);
      await check(
        'orderShippingAddresses',
        `/v2/orders/${id}/shipping_addresses`,
        addr.status === 204 ? { status: 204 } : {},
      );
      const taxes = await get(`/v2/orders/${id}/taxes?details=true`);
      await check('orderTaxes', `/v2/orders/${id}/taxes?details=true`, taxes.status === 204 ? { status: 204 } : {});
      const coupons = await get(`/v2/orders/${id}/coupons`);
      await check('orderCoupons', `/v2/orders/${id}/coupons`, coupons.status === 204 ? { status: 204 } : {});
    }
  });
  it('the shipping-address link BigCommerce gives (`shippingaddresses`) answers too', async () => {
    const order = (await get('/v2/orders/100')).body as { shipping_addresses: { resource: string } };
    await check('orderShippingAddresses', `/v2${order.shipping_addresses.resource}`);
  });
  it('a missing order is 404 in the v2 error shape', async () => {
    const got = await get('/v2/orders/999999');
    expect(got.status).toBe(404);
    expectValid(specs.response('orders.v2.oas2.yml', '/orders/{order_id}', 404), got.body, 'order 404');
    expect(got.body).toEqual([{ status: 404, message: 'The requested resource was not found.' }]);
  });
});

describe('v3 transactions, refunds, inventory', () => {
  it('transactions of every order (204 when there are none, e.g. Incomplete) and refunds per order', async () => {
    const orders = (await get('/v2/orders?limit=250')).body as Array<{ id: number; status_id: number }>;
    let withTransactions = 0;
    for (const o of orders) {
      const tx = await get(`/v3/orders/${o.id}/transactions`);
      if (tx.status === 204) {
        expect(tx.body).toBeUndefined();
      } else {
        await check('orderTransactions', `/v3/orders/${o.id}/transactions`);
        withTransactions++;
      }
      if (o.status_id === 0) expect(tx.status).toBe(204);
      await check('orderRefunds', `/v3/orders/${o.id}/payment_actions/refunds`);
    }
    expect(withTransactions).toBeGreaterThan(25);
  });
  it('store-wide refunds, with filters', async () => {
    await checkAllPagesV3('refunds', '/v3/orders/payment_actions/refunds?limit=3');
    await check('refunds', '/v3/orders/payment_actions/refunds?order_id:in=112&created:min=2025-01-01T00:00:00Z');
  });
  it('inventory items and locations', async () => {
    await checkAllPagesV3('inventoryItems', '/v3/inventory/items?limit=40');
    await check('inventoryItems', '/v3/inventory/items?product_id:in=101&location_id:in=1,2');
    await check('locations', '/v3/inventory/locations');
  });
});

describe('errors and headers', () => {
  it("401 without or with a wrong token, in each version's error shape", async () => {
    const v3 = await get('/v3/catalog/products', null);
    expect(v3.status).toBe(401);
    // The catalog spec documents the 401 body only as `plain/text`; BigCommerce sends its JSON error.
    expectValid(specs.component('customers.v3.yml', 'ErrorResponse'), v3.body, 'v3 401');
    const v2 = await get('/v2/orders', 'wrong-token');
    expect(v2.status).toBe(401);
    expect(v2.body).toEqual([{ status: 401, message: expect.any(String) as string }]);
  });
  it('404 for an unknown path and for a wrong store hash', async () => {
    const unknown = await get('/v3/catalog/nothing-here');
    expect(unknown.status).toBe(404);
    expectValid(
      specs.response('catalog/products_catalog.v3.yml', '/catalog/products/{product_id}', 404),
      unknown.body,
      'unknown path',
    );
    expectRateHeaders(unknown.headers);
    const store = await get('/v3/catalog/products', sb.accessToken, 'not-my-store');
    expect(store.status).toBe(404);
    expectValid(specs.component('customers.v3.yml', 'ErrorResponse'), store.body, 'wrong store');
  });
  it('429 with the rate headers and X-Retry-After once the quota is spent', async () => {
    const tight = await startSandbox({ quota: { requests: 3, windowMs: 60_000 } });
    try {
      const headers = { 'X-Auth-Token': tight.accessToken };
      const url = `${tight.url}/stores/${tight.storeHash}/v3/catalog/brands`;
      for (let i = 0; i < 3; i++) expect((await fetch(url, { headers })).status).toBe(200);
      const res = await fetch(url, { headers });
      expect(res.status).toBe(429);
      expectRateHeaders(res.headers);
      expect(res.headers.get('x-rate-limit-requests-left')).toBe('0');
      expect(Number(res.headers.get('x-retry-after'))).toBeGreaterThan(0);
      expectValid(specs.component('customers.v3.yml', 'ErrorResponse'), await res.json(), '429 body');
    } finally {
      await tight.close();
    }
  });
});

describe('the validator itself', () => {
  it('rejects what the spec forbids: unknown fields where additionalProperties is false, wrong types, missing link fields', async () => {
    const line = ((await get('/v2/orders/100/products')).body as object[])[0] as Record<string, unknown>;
    const orderProduct = specs.component('orders.v2.oas2.yml', 'orderProducts');
    expect(orderProduct(line)).toBe(true);
    expect(orderProduct({ ...line, surprise: 1 })).toBe(false);
    expect(orderProduct({ ...line, quantity: '1' })).toBe(false);

    const orders = specs.response('orders.v2.oas2.yml', '/orders', 200);
    const order = (
      (await get('/v2/orders?limit=1&include=consignments.line_items&consignment_structure=object')).body as object[]
    )[0] as Record<string, unknown>;
    expect(orders([order])).toBe(true);
    const consignments = order.consignments as { shipping: Array<{ line_items: object[] }> };
    const broken = structuredClone(order) as typeof order & { consignments: typeof consignments };
    (broken.consignments.shipping[0]?.line_items[0] as Record<string, unknown>).surprise = true;
    expect(orders([broken])).toBe(false);
    expect(orders([{ ...order, products: { url: 'x' } }])).toBe(false);

    const product = specs.response('catalog/products_catalog.v3.yml', '/catalog/products/{product_id}', 200);
    const p = (await get('/v3/catalog/products/101')).body as { data: Record<string, unknown> };
    expect(product(p)).toBe(true);
    expect(product({ ...p, data: { ...p.data, price: '59.00' } })).toBe(false);
    expect(product({ ...p, data: { ...p.data, inventory_tracking: 'sometimes' } })).toBe(false);
  });
});
