/**
 * The client's writes on a scripted transport (STYLE 13): the exact requests sent, and which
 * failures are retried — an idempotent write like a read, a write that is not idempotent only
 * after an answer saying it was not carried out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets } from '../log/redact.js';
import { BigCommerceClient } from './client.js';
import { BigCommercePartialWriteError, BigCommerceServerError, BigCommerceTimeoutError } from './errors.js';
import type { HttpRequest, HttpResponse, Transport } from './http.js';

type Step = { status: number; body?: unknown; headers?: Record<string, string> } | 'timeout';

function scripted(steps: Step[]): { transport: Transport; sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  const transport: Transport = (req, signal) => {
    sent.push(req);
    const step = steps.shift();
    if (step === undefined) throw new Error(`unscripted request ${req.method} ${req.path}`);
    if (step === 'timeout')
      return new Promise<HttpResponse>((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(new Error('aborted')));
      });
    return Promise.resolve({ status: step.status, headers: new Headers(step.headers), body: step.body });
  };
  return { transport, sent };
}

function client(transport: Transport): BigCommerceClient {
  return new BigCommerceClient({
    storeHash: 'wr1',
    accessToken: 'writes-test-token',
    baseUrl: 'https://api.bc.test',
    transport,
    timeoutMs: 20,
    schedulerOptions: { policy: { timeScale: 0.0001 }, random: () => 0.5 },
  });
}

const shipment = {
  id: 9,
  order_id: 136,
  order_address_id: 36,
  date_created: 'Mon, 11 Mar 2019 17:22:08 +0000',
  items: [{ order_product_id: 53, product_id: 101, quantity: 2 }],
};
const input = { orderAddressId: 36, items: [{ orderProductId: 53, quantity: 2 }] };

afterEach(() => clearSecrets());

describe('createShipment (POST, not idempotent)', () => {
  it('sends the spec body once with Content-Type and returns the validated shipment', async () => {
    const { transport, sent } = scripted([{ status: 201, body: shipment }]);
    const s = await client(transport).createShipment(136, { ...input, trackingNumber: 'EJ1' });
    expect(s).toMatchObject({ id: 9, order_address_id: 36, items: [{ order_product_id: 53, quantity: 2 }] });
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /stores/wr1/v2/orders/136/shipments']);
    expect(sent[0]?.headers['Content-Type']).toBe('application/json');
    expect(sent[0]?.body).toEqual({
      order_address_id: 36,
      items: [{ order_product_id: 53, quantity: 2 }],
      tracking_number: 'EJ1',
    });
  });

  it('is not repeated after a timeout: one request, a timeout error with outcomeUnknown', async () => {
    const { transport, sent } = scripted(['timeout', { status: 201, body: shipment }]);
    const err = await client(transport)
      .createShipment(136, input)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BigCommerceTimeoutError);
    expect((err as BigCommerceTimeoutError).outcomeUnknown).toBe(true);
    expect((err as Error).message).toContain('may have been carried out');
    expect(sent).toHaveLength(1);
  });

  it('is not repeated after a 502 or 503', async () => {
    for (const status of [502, 503]) {
      const { transport, sent } = scripted([{ status }, { status: 201, body: shipment }]);
      const err = await client(transport)
        .createShipment(136, input)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BigCommerceServerError);
      expect((err as BigCommerceServerError).outcomeUnknown).toBe(true);
      expect(sent).toHaveLength(1);
    }
  });

  it('is repeated after a 429, which says it was refused', async () => {
    const { transport, sent } = scripted([
      { status: 429, headers: { 'X-Rate-Limit-Time-Reset-Ms': '10', 'X-Rate-Limit-Requests-Left': '0' } },
      { status: 201, body: shipment },
    ]);
    await expect(client(transport).createShipment(136, input)).resolves.toMatchObject({ id: 9 });
    expect(sent).toHaveLength(2);
  });
});

describe('setInventoryLevels (PUT, idempotent) and adjustInventory (POST)', () => {
  const items = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ location_id: 1, variant_id: i + 1, quantity: 5 }));

  it('2,001 levels: two requests, one after the other; a timeout on one is retried', async () => {
    const { transport, sent } = scripted([
      { status: 200, body: { transaction_id: 'a' } },
      'timeout',
      { status: 200, body: { transaction_id: 'b' } },
    ]);
    const res = await client(transport).setInventoryLevels(items(2001), { reason: 'sync' });
    expect(res).toEqual({ requests: 2, items: 2001, transactionIds: ['a', 'b'] });
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      'PUT /stores/wr1/v3/inventory/adjustments/absolute',
      'PUT /stores/wr1/v3/inventory/adjustments/absolute',
      'PUT /stores/wr1/v3/inventory/adjustments/absolute',
    ]);
    expect((sent[0]!.body as { items: unknown[] }).items).toHaveLength(2000);
    expect(sent[2]?.body).toEqual({ reason: 'sync', items: [{ location_id: 1, variant_id: 2001, quantity: 5 }] });
  });

  it('relative differences are not repeated after a 500; a failure after the first batch says what was written', async () => {
    const { transport, sent } = scripted([{ status: 200, body: { transaction_id: 'a' } }, { status: 500 }]);
    const err = await client(transport)
      .adjustInventory(items(2001))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BigCommercePartialWriteError);
    expect((err as BigCommercePartialWriteError).itemsWritten).toBe(2000);
    expect((err as BigCommercePartialWriteError).outcomeUnknown).toBe(true);
    expect(sent.map((r) => r.method)).toEqual(['POST', 'POST']);
  });
});

describe('updateOrderStatus (PUT, idempotent)', () => {
  it('sends only status_id and is retried after a 503', async () => {
    const order = {
      id: 102,
      status_id: 9,
      customer_id: 0,
      date_created: 'Mon, 11 Mar 2019 17:22:08 +0000',
      date_modified: 'Mon, 11 Mar 2019 17:22:08 +0000',
      subtotal_ex_tax: '1.0000',
      subtotal_inc_tax: '1.0000',
      total_ex_tax: '1.0000',
      total_inc_tax: '1.0000',
      currency_code: 'USD',
      default_currency_code: 'USD',
      billing_address: {
        first_name: 'A',
        last_name: 'B',
        street_1: 'x',
        city: 'y',
        zip: '1',
        country: 'US',
        country_iso2: 'US',
      },
    };
    const { transport, sent } = scripted([{ status: 503 }, { status: 200, body: order }]);
    const res = await client(transport).updateOrderStatus(102, 9);
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      'PUT /stores/wr1/v2/orders/102',
      'PUT /stores/wr1/v2/orders/102',
    ]);
    expect(sent[1]?.body).toEqual({ status_id: 9 });
    expect(res).toMatchObject({ id: 102, status_id: 9 });
  });
});
