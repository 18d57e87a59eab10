/**
 * Contract tests of the writes (WRITES in src/bigcommerce/resources.ts): each request body is
 * first checked against the request schema of its operation in BigCommerce's OpenAPI documents,
 * then sent to a running sandbox; the answer's status and body are validated against the
 * operation's response schema, and the write's effect is read back through the read endpoints.
 * Bodies the spec's schema refuses must be refused by the sandbox too; bodies it accepts are
 * accepted unless the spec's text or the store's data says otherwise (each such case named).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeErrors, SPEC_DIR, SpecValidator, type ValidateFunction } from '../../test/support/openapi.js';
import { WRITES } from '../bigcommerce/resources.js';
import { startSandbox, type SandboxHandle } from './index.js';

let sb: SandboxHandle;
let specs: SpecValidator;

beforeAll(async () => {
  specs = new SpecValidator(SPEC_DIR);
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

async function call(
  handle: SandboxHandle,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<Got> {
  const headers: Record<string, string> = { Accept: 'application/json', 'X-Auth-Token': handle.accessToken };
  const init: RequestInit = { method, headers };
  if (body !== undefined) {
    headers['Content-Type'] = contentType;
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const res = await fetch(`${handle.url}/stores/${handle.storeHash}${path}`, init);
  const text = await res.text();
  let parsed: unknown = text === '' ? undefined : text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // a gateway error page (an injected 502) is HTML
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

const get = (path: string): Promise<Got> => call(sb, 'GET', path);

function expectValid(v: ValidateFunction, body: unknown, what: string): void {
  if (!v(body)) throw new Error(`${what} does not match the spec:\n${describeErrors(v.errors, body)}`);
}

function expectRateHeaders(h: Headers): void {
  for (const name of ['x-rate-limit-requests-left', 'x-rate-limit-requests-quota', 'x-rate-limit-time-reset-ms'])
    expect(h.get(name), name).toMatch(/^\d+$/);
}

const INV = WRITES.inventoryAbsolute.spec;
const ORD = WRITES.orderShipmentCreate.spec;
const absoluteRequest = (): ValidateFunction => specs.request(INV, WRITES.inventoryAbsolute.path, 'put');
const relativeRequest = (): ValidateFunction => specs.request(INV, WRITES.inventoryRelative.path, 'post');

/** Sends a body the spec accepts and checks the answer against the spec's response of that status. */
async function write(
  name: keyof typeof WRITES,
  path: string,
  specPath: string,
  body: unknown,
  status: number,
): Promise<Got> {
  const w = WRITES[name];
  expectValid(specs.request(w.spec, specPath, w.method.toLowerCase()), body, `${w.method} ${specPath} request`);
  const got = await call(sb, w.method, path, body);
  expect(got.status, `${w.method} ${path}: ${JSON.stringify(got.body)?.slice(0, 400)}`).toBe(status);
  expectRateHeaders(got.headers);
  if (status < 300) expectValid(specs.response(w.spec, specPath, status, w.method.toLowerCase()), got.body, path);
  return got;
}

async function onHand(variantId: number, locationId: number): Promise<number> {
  const got = await get(`/v3/inventory/items?variant_id:in=${variantId}&location_id:in=${locationId}`);
  const data = (got.body as { data: Array<{ locations: Array<{ total_inventory_onhand: number }> }> }).data;
  return data[0]?.locations[0]?.total_inventory_onhand ?? Number.NaN;
}

async function levels(productId: number): Promise<{ product: number; variants: Record<number, number> }> {
  const p = (await get(`/v3/catalog/products/${productId}?include=variants`)).body as {
    data: { inventory_level: number; variants: Array<{ id: number; inventory_level: number }> };
  };
  return {
    product: p.data.inventory_level,
    variants: Object.fromEntries(p.data.variants.map((v) => [v.id, v.inventory_level])),
  };
}

describe('PUT /v3/inventory/adjustments/absolute', () => {
  const path = '/v3/inventory/adjustments/absolute';
  const specPath = WRITES.inventoryAbsolute.path;

  it('sets variant, product and SKU items; the counts show in inventory items and catalog levels', async () => {
    const body = {
      reason: 'stock take',
      items: [
        { location_id: 1, variant_id: 1001, quantity: 17 },
        { location_id: 2, variant_id: 1001, quantity: 5 },
        { location_id: 3, variant_id: 1001, quantity: 40 },
        { location_id: 1, product_id: 107, quantity: 9 },
        { location_id: 1, sku: 'OXF-WHI-M', quantity: 0 },
      ],
    };
    const got = await write('inventoryAbsolute', path, specPath, body, 200);
    expect((got.body as { transaction_id: string }).transaction_id).toMatch(/\S/);
    expect(await onHand(1001, 1)).toBe(17);
    expect(await onHand(1001, 2)).toBe(5);
    expect(await onHand(1036, 1)).toBe(9);
    expect(await onHand(1002, 1)).toBe(0);
    const shirt = await levels(101);
    // location 3 is disabled: its 40 do not count towards inventory_level
    expect(shirt.variants[1001]).toBe(22);
    expect(shirt.product).toBe(sb.store.productInventoryLevel(sb.store.products.get(101)!));
    const simple = await levels(107);
    expect(simple.product).toBe(9 + sb.store.stockOf(1036)[1]!.onHand);
    // twice the same request: the same stock (absolute adjustments are idempotent)
    await write('inventoryAbsolute', path, specPath, body, 200);
    expect(await onHand(1001, 1)).toBe(17);
  });

  it('an untracked product takes the count but reads on as untracked, until tracking is turned on', async () => {
    await write(
      'inventoryAbsolute',
      path,
      specPath,
      { items: [{ location_id: 1, product_id: 109, quantity: 12 }] },
      200,
    );
    expect((await levels(109)).product).toBe(0);
    expect(await onHand(1041, 1)).toBe(0);
    sb.store.touchProduct(109, { inventoryTracking: 'product' });
    expect(await onHand(1041, 1)).toBe(12);
    expect((await levels(109)).product).toBe(12);
    sb.store.touchProduct(109, { inventoryTracking: 'none' });
  });

  it("refuses the wrong identity for the tracking mode with the spec's 422, and writes none of the request", async () => {
    const before = await onHand(1003, 1);
    const got = await write(
      'inventoryAbsolute',
      path,
      specPath,
      {
        items: [
          { location_id: 1, variant_id: 1003, quantity: before + 7 },
          { location_id: 1, variant_id: 1036, quantity: 1 },
          { location_id: 1, product_id: 101, quantity: 1 },
          { location_id: 99, variant_id: 1003, quantity: 1 },
          { location_id: 1, variant_id: 1003, quantity: -1 },
          { location_id: 1, variant_id: 1004, quantity: 2_147_483_648 },
        ],
      },
      422,
    );
    expectValid(specs.response(INV, specPath, 422, 'put'), got.body, '422');
    const title = (got.body as { title: string }).title;
    expect(title).toContain('Item with variant_id 1036 is tracked by product, please update stock by product id');
    expect(title).toContain('product_id 101 is tracked by variant');
    expect(title).toContain('Location with id 99');
    expect(title).toContain('negative');
    expect(title).toContain('maximum inventory level');
    expect(await onHand(1003, 1)).toBe(before);
  });

  it('bodies the spec refuses are refused (422, field by field); so are more than 2000 items', async () => {
    const invalid: unknown[] = [
      {},
      { items: [{ variant_id: 1001, quantity: 1 }] },
      { items: [{ location_id: 1, variant_id: 1001, sku: 'OXF-WHI-S', quantity: 1 }] },
      { items: [{ location_id: 1, variant_id: 1001, quantity: '1' }] },
      { items: [{ location_id: 1, quantity: 1 }] },
      { items: [{ location_id: 1, variant_id: 1001, quantity: 1.5 }] },
    ];
    for (const body of invalid) {
      expect(absoluteRequest()(body), JSON.stringify(body)).toBe(false);
      const got = await call(sb, 'PUT', path, body);
      expect(got.status, JSON.stringify(body)).toBe(422);
      expect(got.body).toMatchObject({ status: 422, title: 'Payload contains invalid fields' });
      expect(Object.keys((got.body as { errors: object }).errors).length).toBeGreaterThan(0);
    }
    const many = {
      items: Array.from({ length: WRITES.inventoryAbsolute.maxItems + 1 }, () => ({
        location_id: 1,
        variant_id: 1001,
        quantity: 1,
      })),
    };
    expect(absoluteRequest()(many)).toBe(true); // the limit is in the spec's text, not its schema
    const got = await call(sb, 'PUT', path, many);
    expect(got.status).toBe(422);
    expect(JSON.stringify(got.body)).toContain('at most 2000 items');
    expect(await onHand(1001, 1)).toBe(17);
  });

  it('415 for a body not sent as JSON, 400 for a body that is not JSON', async () => {
    const ok = { items: [{ location_id: 1, variant_id: 1001, quantity: 1 }] };
    expect((await call(sb, 'PUT', path, JSON.stringify(ok), 'text/plain')).status).toBe(415);
    const bad = await call(sb, 'PUT', path, '{"items": [', 'application/json');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ status: 400 });
    expect(await onHand(1001, 1)).toBe(17);
  });
});

describe('POST /v3/inventory/adjustments/relative', () => {
  const path = '/v3/inventory/adjustments/relative';
  const specPath = WRITES.inventoryRelative.path;

  it('moves stock by the differences (twice in one request adds up)', async () => {
    await write(
      'inventoryAbsolute',
      '/v3/inventory/adjustments/absolute',
      WRITES.inventoryAbsolute.path,
      { items: [{ location_id: 2, variant_id: 1002, quantity: 50 }] },
      200,
    );
    await write(
      'inventoryRelative',
      path,
      specPath,
      {
        reason: 'order shipped elsewhere',
        items: [
          { location_id: 2, variant_id: 1002, quantity: -25 },
          { location_id: 2, sku: 'OXF-WHI-M', quantity: 3 },
        ],
      },
      200,
    );
    expect(await onHand(1002, 2)).toBe(28);
  });

  it('refuses to go below the safety stock, and an item that never had stock, writing nothing', async () => {
    // product 111 keeps a safety stock of 2 at location 1
    const safe = sb.store.stockOf(1043)[0]!;
    expect(safe.safetyStock).toBe(2);
    const got = await write(
      'inventoryRelative',
      path,
      specPath,
      {
        items: [
          { location_id: 2, variant_id: 1002, quantity: -1 },
          { location_id: 1, product_id: 111, quantity: -(safe.onHand - 1) },
          { location_id: 1, product_id: 117, quantity: 1 },
        ],
      },
      422,
    );
    expectValid(specs.response(INV, specPath, 422, 'post'), got.body, '422');
    const title = (got.body as { title: string }).title;
    expect(title).toContain('product_id 111 has insufficient stock');
    expect(title).toContain('Items with identity: [product_id 117] requires absolute adjustment before relative');
    expect(await onHand(1002, 2)).toBe(28);
  });

  it('bodies the spec refuses are refused', async () => {
    for (const body of [{ items: [{ location_id: 1, quantity: 1 }] }, { reason: 'x' }]) {
      expect(relativeRequest()(body)).toBe(false);
      expect((await call(sb, 'POST', path, body)).status).toBe(422);
    }
  });
});

describe('order shipments', () => {
  const shipments = (id: number): string => `/v2/orders/${id}/shipments`;
  const specList = '/orders/{order_id}/shipments';

  it('every order: its shipments (204 when none) and their count agree with items_shipped', async () => {
    const orders = (await get('/v2/orders?limit=250')).body as Array<{ id: number; items_shipped: number }>;
    let seen = 0;
    for (const o of orders) {
      const list = await get(shipments(o.id));
      const count = await get(`${shipments(o.id)}/count`);
      expectValid(specs.response(ORD, `${specList}/count`, 200), count.body, 'count');
      if (list.status === 204) {
        expect(count.body).toEqual({ count: 0 });
        expect(o.items_shipped).toBe(0);
        continue;
      }
      expect(list.status).toBe(200);
      expectValid(specs.response(ORD, specList, 200), list.body, `shipments of ${o.id}`);
      const rows = list.body as Array<{ id: number; items: Array<{ quantity: number }> }>;
      expect(count.body).toEqual({ count: rows.length });
      expect(rows.flatMap((s) => s.items).reduce((n, i) => n + i.quantity, 0)).toBe(o.items_shipped);
      const one = await get(`${shipments(o.id)}/${rows[0]!.id}`);
      expectValid(specs.response(ORD, `${specList}/{shipment_id}`, 200), one.body, 'one shipment');
      seen++;
    }
    expect(seen).toBeGreaterThan(5);
    expect((await get(`${shipments(100)}/999999999`)).status).toBe(404);
    expect((await get(shipments(999999))).status).toBe(404);
  });

  it('a partial shipment, then the rest: quantities shipped, items_shipped, Partially Shipped then Shipped', async () => {
    // order 136: Awaiting Fulfillment, lines 53 (3) and 54 (2) to address 36
    expect((await get(shipments(136))).status).toBe(204);
    const first = await write(
      'orderShipmentCreate',
      shipments(136),
      specList,
      {
        order_address_id: 36,
        tracking_number: 'EJ958083578US',
        shipping_provider: 'usps',
        comments: 'first box',
        items: [{ order_product_id: 53, quantity: 2 }],
      },
      201,
    );
    expect(first.body).toMatchObject({
      order_id: 136,
      order_address_id: 36,
      tracking_number: 'EJ958083578US',
      shipping_provider_display_name: 'USPS',
      items: [{ order_product_id: 53, quantity: 2 }],
    });
    expect((first.body as { generated_tracking_link: string }).generated_tracking_link).toContain('EJ958083578US');
    let order = (await get('/v2/orders/136')).body as {
      status_id: number;
      items_shipped: number;
      date_shipped: string;
    };
    expect(order).toMatchObject({ status_id: 3, items_shipped: 2 });
    expect(order.date_shipped).not.toBe('');
    const lines = (await get('/v2/orders/136/products')).body as Array<{ id: number; quantity_shipped: number }>;
    expect(lines.map((l) => [l.id, l.quantity_shipped])).toEqual([
      [53, 2],
      [54, 0],
    ]);

    await write(
      'orderShipmentCreate',
      shipments(136),
      specList,
      {
        order_address_id: 36,
        tracking_number: '1Z999',
        tracking_carrier: 'dhl',
        tracking_link: 'https://example.com/track/1Z999',
        items: [
          { order_product_id: 53, quantity: 1 },
          { order_product_id: 54, quantity: 2 },
        ],
      },
      201,
    );
    order = (await get('/v2/orders/136')).body as typeof order;
    expect(order).toMatchObject({ status_id: 2, items_shipped: 5 });
    const list = await get(shipments(136));
    expectValid(specs.response(ORD, specList, 200), list.body, 'list');
    expect(list.body).toHaveLength(2);
    expect(((list.body as unknown[])[1] as { generated_tracking_link: string }).generated_tracking_link).toBe('');
    expect((await get(`${shipments(136)}/count`)).body).toEqual({ count: 2 });
  });

  it("refuses what cannot ship with v2's 400 naming the field, and ships nothing", async () => {
    const cases: Array<[number, unknown, string]> = [
      // order 105: line 9 goes to address 6, not 5
      [105, { order_address_id: 5, items: [{ order_product_id: 9, quantity: 1 }] }, 'order_product_id'],
      [105, { order_address_id: 6, items: [{ order_product_id: 9, quantity: 11 }] }, 'quantity'],
      [
        105,
        {
          order_address_id: 6,
          items: [
            { order_product_id: 9, quantity: 6 },
            { order_product_id: 9, quantity: 5 },
          ],
        },
        'quantity',
      ],
      [105, { order_address_id: 6, items: [{ order_product_id: 4, quantity: 1 }] }, 'order_product_id'],
      [105, { order_address_id: 99, items: [{ order_product_id: 9, quantity: 1 }] }, 'order_address_id'],
      // order 138: line 57 is digital
      [138, { order_address_id: 38, items: [{ order_product_id: 57, quantity: 1 }] }, 'order_product_id'],
    ];
    for (const [orderId, body, field] of cases) {
      expectValid(specs.request(ORD, specList, 'post'), body, 'request');
      const got = await call(sb, 'POST', shipments(orderId), body);
      expect(got.status, JSON.stringify(body)).toBe(400);
      expect(got.body).toEqual([
        { status: 400, message: `The field '${field}' is invalid.`, details: { invalid_reason: expect.any(String) } },
      ]);
    }
    const missing = await call(sb, 'POST', shipments(105), { items: [{ order_product_id: 9, quantity: 1 }] });
    expect(missing.body).toEqual([{ status: 400, message: "The required field 'order_address_id' was not supplied." }]);
    expect((await call(sb, 'POST', shipments(105), { order_address_id: 6 })).status).toBe(400);
    expect((await call(sb, 'POST', shipments(999999), { order_address_id: 6, items: [] })).status).toBe(404);
    const order = (await get('/v2/orders/105')).body as { items_shipped: number; status_id: number };
    expect(order).toMatchObject({ items_shipped: 12, status_id: 3 });
  });

  it("accepts order_address_id as the numeric string of BigCommerce's own example", async () => {
    // the orders guide sends "order_address_id": "128"; the schema says integer
    const body = { order_address_id: '6', items: [{ order_product_id: 10, quantity: 1 }] };
    expect(specs.request(ORD, specList, 'post')(body)).toBe(false);
    const got = await call(sb, 'POST', shipments(105), body);
    expect(got.status).toBe(201);
    expectValid(specs.response(ORD, specList, 201, 'post'), got.body, 'shipment');
  });
});

describe('PUT /v2/orders/{order_id} (status_id)', () => {
  const specPath = WRITES.orderUpdate.path;

  it('changes the status and nothing else; later reads and filters see it', async () => {
    const before = (await get('/v2/orders/102')).body as Record<string, unknown>;
    const got = await write('orderUpdate', '/v2/orders/102', specPath, { status_id: 9 }, 200);
    expect(got.body).toMatchObject({ id: 102, status_id: 9, status: sb.store.statusLabel(9) });
    const after = (await get('/v2/orders/102')).body as Record<string, unknown>;
    expect(after).toMatchObject({
      status_id: 9,
      items_shipped: before.items_shipped,
      total_inc_tax: before.total_inc_tax,
    });
    expect(after.date_modified).not.toBe('');
    const filtered = (await get('/v2/orders?status_id=9')).body as Array<{ id: number }>;
    expect(filtered.map((o) => o.id)).toContain(102);
  });

  it('refuses an unknown status, any other field, and an unknown order', async () => {
    const bad = await call(sb, 'PUT', '/v2/orders/102', { status_id: 99 });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject([{ status: 400, message: "The field 'status_id' is invalid." }]);
    const other = await call(sb, 'PUT', '/v2/orders/102', { status_id: 10, customer_id: 3 });
    expect(other.status).toBe(400);
    expect(other.body).toMatchObject([{ message: "The field 'customer_id' is invalid." }]);
    expect((await call(sb, 'PUT', '/v2/orders/102', { status_id: '10' })).status).toBe(400);
    expect((await call(sb, 'PUT', '/v2/orders/999999', { status_id: 10 })).status).toBe(404);
    expect(((await get('/v2/orders/102')).body as { status_id: number }).status_id).toBe(9);
  });
});

describe('methods, quota and faults', () => {
  it('a path answers only the methods it has (405 with Allow): nothing else writes', async () => {
    const del = await call(sb, 'DELETE', '/v2/orders/100/shipments');
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET, POST');
    const put = await call(sb, 'PUT', '/v3/catalog/products/101', { name: 'x' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET');
    expect((await call(sb, 'GET', '/v3/inventory/adjustments/absolute')).status).toBe(405);
  });

  it('a write spends quota like a read; a refused one (429, injected 5xx) changes nothing', async () => {
    const tight = await startSandbox({ quota: { requests: 2, windowMs: 60_000 } });
    try {
      const body = { items: [{ location_id: 1, variant_id: 1001, quantity: 3 }] };
      expect((await call(tight, 'PUT', '/v3/inventory/adjustments/absolute', body)).status).toBe(200);
      expect((await call(tight, 'PUT', '/v2/orders/102', { status_id: 9 })).status).toBe(200);
      const limited = await call(tight, 'PUT', '/v3/inventory/adjustments/absolute', {
        items: [{ location_id: 1, variant_id: 1001, quantity: 4 }],
      });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('x-rate-limit-requests-left')).toBe('0');
      expect(tight.store.stockOf(1001)[0]!.onHand).toBe(3);
    } finally {
      await tight.close();
    }
    const faulty = await startSandbox({ faults: '5xx=1,seed=3' });
    try {
      const got = await call(faulty, 'POST', '/v2/orders/136/shipments', {
        order_address_id: 36,
        items: [{ order_product_id: 53, quantity: 1 }],
      });
      expect(got.status).toBeGreaterThanOrEqual(500);
      expect(faulty.store.orders.get(136)!.shipments).toEqual([]);
    } finally {
      await faulty.close();
    }
  });
});
