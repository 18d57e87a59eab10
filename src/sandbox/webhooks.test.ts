/**
 * The sandbox sends webhooks as BigCommerce does: changes made through its API or its helpers
 * reach a local receiver (node:http on 127.0.0.1) as the documented callback body, with the
 * hook's custom headers; failures are retried on the schedule given, and a hook that keeps
 * failing is deactivated.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SPEC_DIR } from '../../test/support/openapi.js';
import { BcWebhookEvent, eventTarget } from '../bigcommerce/webhook-events.js';
import { startSandbox, type SandboxHandle, type SandboxOptions } from './index.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A receiver that records what it gets and answers with the next status of `script` (then 200). */
async function receiver(script: number[] = []): Promise<{ url: string; got: Received[]; server: Server }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      got.push({ headers: req.headers, body: JSON.parse(text) as Record<string, unknown> });
      res.writeHead(script.shift() ?? 200);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`, got, server };
}

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function sandbox(opts: SandboxOptions = {}): Promise<SandboxHandle> {
  const sb = await startSandbox({ allowHttpHooks: true, webhooks: { retryDelaysMs: [20, 20, 20] }, ...opts });
  cleanup.push(() => sb.close());
  return sb;
}

async function listen(script?: number[]) {
  const r = await receiver(script);
  cleanup.push(() => new Promise<void>((done) => r.server.close(() => done())));
  return r;
}

async function api(sb: SandboxHandle, method: string, path: string, body?: unknown) {
  const res = await fetch(`${sb.url}/stores/${sb.storeHash}${path}`, {
    method,
    headers: {
      'X-Auth-Token': sb.accessToken,
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text === '' ? undefined : JSON.parse(text)) as Record<string, unknown> };
}

async function hook(sb: SandboxHandle, scope: string, destination: string, headers?: Record<string, string>) {
  const r = await api(sb, 'POST', '/v3/hooks', { scope, destination, is_active: true, headers });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body.data as { id: number }).id;
}

const scopes = (got: Received[]) => got.map((g) => g.body.scope);

const documented = (name: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(join(SPEC_DIR, '..', 'docs', 'webhooks', 'callbacks', 'data', `${name}.json`), 'utf8'),
  ) as Record<string, unknown>;

describe('sandbox webhook delivery', () => {
  it('sends an order status change made through the API as the documented body, with the hook’s headers', async () => {
    const sb = await sandbox();
    const rx = await listen();
    await hook(sb, 'store/order/*', rx.url, { 'X-BC-Odoo-Secret': 'shh' });
    const put = await api(sb, 'PUT', '/v2/orders/136', { status_id: 9 });
    expect(put.status).toBe(200);
    await sb.webhooks.idle();

    expect(scopes(rx.got)).toEqual(['store/order/updated', 'store/order/statusUpdated']);
    const status = rx.got[1] as Received;
    expect(status.headers['content-type']).toBe('application/json');
    expect(status.headers['x-bc-odoo-secret']).toBe('shh');
    const sample = documented('store_order_statusUpdated');
    expect(Object.keys(status.body).sort()).toEqual(Object.keys(sample).sort());
    expect(status.body).toMatchObject({
      scope: 'store/order/statusUpdated',
      store_id: String(sb.store.profile.storeId),
      producer: `stores/${sb.storeHash}`,
      data: { type: 'order', id: 136, status: { previous_status_id: 11, new_status_id: 9 } },
    });
    expect(status.body.hash).toMatch(/^[0-9a-f]{40}$/);
    expect(Number.isInteger(status.body.created_at)).toBe(true);
    // what bc-odoo's receiver reads of it
    expect(eventTarget(BcWebhookEvent.parse(status.body))).toEqual({ kind: 'import', entity: 'orders', id: 136 });
  });

  it('never holds up the API call: the change is answered while the receiver is still busy', async () => {
    const sb = await sandbox();
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    const slow = createServer((req, res) => {
      req.resume();
      void held.then(() => res.end());
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise<void>((done) => slow.close(() => done())));
    await hook(sb, 'store/order/*', `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`);
    expect((await api(sb, 'PUT', '/v2/orders/136', { status_id: 9 })).status).toBe(200);
    expect(sb.webhooks.webhookStats().pending).toBe(2);
    release();
    await sb.webhooks.idle();
    expect(sb.webhooks.webhookStats()).toMatchObject({ delivered: 2, pending: 0 });
  });

  it('fires the scopes of each change to the hooks whose scope covers them (wildcards), and no other', async () => {
    const sb = await sandbox();
    const orders = await listen();
    const products = await listen();
    const categories = await listen();
    const customers = await listen();
    await hook(sb, 'store/order/*', orders.url);
    await hook(sb, 'store/product/*', products.url);
    await hook(sb, 'store/sku/*', products.url);
    await hook(sb, 'store/category/*', categories.url);
    await hook(sb, 'store/customer/created', customers.url);

    const order = sb.store.createOrder({ lines: [{ product: 111, qty: 2 }] });
    await api(sb, 'POST', `/v2/orders/136/shipments`, {
      order_address_id: 36,
      items: [{ order_product_id: 53, quantity: 1 }],
    });
    sb.store.addRefund(131, { amount: 1 });
    await api(sb, 'PUT', '/v3/inventory/adjustments/absolute', {
      items: [{ location_id: 1, product_id: 107, quantity: 9 }],
    });
    sb.store.touchProduct(101, { name: 'Renamed' });
    sb.store.touchVariant(1001, { upc: '123' });
    const cat = sb.store.createCategory({ name: 'Fresh' });
    sb.store.touchCategory(cat.id, { name: 'Fresher' });
    sb.store.deleteCategory(cat.id);
    const cust = sb.store.createCustomer({ email: 'new@example.com' });
    sb.store.touchCustomer(cust.id, { firstName: 'Ann' });
    await sb.webhooks.idle();

    expect(orders.got.map((g) => [g.body.scope, (g.body.data as { id: number }).id])).toEqual([
      ['store/order/created', order.id],
      ['store/order/updated', 136],
      ['store/order/statusUpdated', 136],
      ['store/order/refund/created', 131],
      ['store/order/updated', 131],
      ['store/order/statusUpdated', 131],
    ]);
    expect(orders.got[3]?.body.data).toMatchObject({ refund: { refund_id: expect.any(Number) } });
    expect(scopes(products.got)).toEqual([
      'store/product/inventory/updated',
      'store/product/updated',
      'store/sku/updated',
    ]);
    expect(products.got[0]?.body.data).toEqual({
      type: 'product',
      id: 107,
      inventory: { product_id: 107, method: 'absolute', value: 9 },
    });
    expect(products.got[2]?.body.data).toMatchObject({ type: 'sku', sku: { product_id: 101, variant_id: 1001 } });
    expect(scopes(categories.got)).toEqual([
      'store/category/created',
      'store/category/updated',
      'store/category/deleted',
    ]);
    // a hook of one exact scope gets that scope only
    expect(scopes(customers.got)).toEqual(['store/customer/created']);
    // the order created is there to read back, as a receiver would
    expect((await api(sb, 'GET', `/v2/orders/${order.id}`)).status).toBe(200);
  });

  it('retries a failed delivery on the schedule with the same hash, then succeeds', async () => {
    const sb = await sandbox();
    const rx = await listen([500, 503]);
    const id = await hook(sb, 'store/category/*', rx.url);
    const body = sb.webhooks.send('store/category/updated', { type: 'category', id: 21 });
    await sb.webhooks.idle();
    expect(rx.got.map((g) => g.body.hash)).toEqual([body.hash, body.hash, body.hash]);
    expect(sb.webhooks.attempts().map((a) => [a.hookId, a.attempt, a.ok, a.status])).toEqual([
      [id, 1, false, 500],
      [id, 2, false, 503],
      [id, 3, true, 200],
    ]);
    expect(sb.webhooks.webhookStats()).toMatchObject({ delivered: 1, failedAttempts: 2, deactivated: [] });
    expect(((await api(sb, 'GET', `/v3/hooks/${id}`)).body.data as { is_active: boolean }).is_active).toBe(true);
  });

  it('deactivates a hook after the set number of failures in a row, and sends nothing more to it', async () => {
    const sb = await sandbox({ allowHttpHooks: true, webhooks: { retryDelaysMs: [10, 10, 10, 10], maxFailures: 3 } });
    const rx = await listen([500, 500, 500]);
    const id = await hook(sb, 'store/product/*', rx.url);
    sb.store.touchProduct(101);
    await sb.webhooks.idle();
    expect(rx.got).toHaveLength(3);
    expect(sb.webhooks.webhookStats()).toMatchObject({ deactivated: [id], abandoned: 1, pending: 0 });
    const h = (await api(sb, 'GET', `/v3/hooks/${id}`)).body.data as { is_active: boolean };
    expect(h.is_active).toBe(false);
    sb.store.touchProduct(101);
    await sb.webhooks.idle();
    expect(rx.got).toHaveLength(3);
    // re-enabled with PUT, as the docs say, it is delivered to again
    await api(sb, 'PUT', `/v3/hooks/${id}`, { is_active: true });
    sb.store.touchProduct(101);
    await sb.webhooks.idle();
    expect(rx.got).toHaveLength(4);
  });

  it('counts a refused connection as a failure and gives up when the schedule is spent', async () => {
    const sb = await sandbox({ allowHttpHooks: true, webhooks: { retryDelaysMs: [5] } });
    const closed = await receiver();
    await new Promise<void>((r) => closed.server.close(() => r()));
    const id = await hook(sb, 'store/order/*', closed.url);
    sb.webhooks.send('store/order/created', { type: 'order', id: 1 });
    await sb.webhooks.idle();
    const tries = sb.webhooks.attempts();
    expect(tries.map((a) => [a.attempt, a.ok, a.error])).toEqual([
      [1, false, 'ECONNREFUSED'],
      [2, false, 'ECONNREFUSED'],
    ]);
    expect(sb.webhooks.webhookStats().deactivated).toEqual([id]);
  });
});
