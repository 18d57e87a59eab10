/**
 * The receiver on a real listener (127.0.0.1:0) with fetch: every refusal's status, and an
 * accepted event queued and answered 200 without waiting for anything else.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BcWebhookEvent } from '../../bigcommerce/webhook-events.js';
import { silentLogger } from '../../log/logger.js';
import { type RejectReason, startReceiver, type WebhookReceiver } from './receiver.js';
import { WEBHOOK_SECRET_HEADER } from '../../bigcommerce/webhook-events.js';

const SECRET = 'receiver-test-secret-0123456789';
const EVENT = {
  scope: 'store/order/created',
  store_id: '1025646',
  data: { type: 'order', id: 250 },
  hash: 'f3e1a9c0',
  created_at: 1561479335,
  producer: 'stores/abc123',
};

let rx: WebhookReceiver;
let accepted: { event: BcWebhookEvent; at: number }[];
let rejected: RejectReason[];

beforeEach(async () => {
  accepted = [];
  rejected = [];
  rx = await startReceiver({
    host: '127.0.0.1',
    port: 0,
    path: '/bc/hooks',
    secret: SECRET,
    knownStore: (h) => h === 'abc123',
    accept: (event, at) => accepted.push({ event, at }),
    onReject: (r) => rejected.push(r),
    logger: silentLogger,
    now: () => 42,
  });
});

afterEach(() => rx.close());

function post(body: string | Uint8Array, headers: Record<string, string> = { [WEBHOOK_SECRET_HEADER]: SECRET }) {
  return fetch(rx.url, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } });
}

describe('webhook receiver', () => {
  it('accepts a callback of a configured store: 200, queued with its receipt time', async () => {
    const res = await post(JSON.stringify(EVENT));
    expect(res.status).toBe(200);
    expect(accepted).toEqual([
      { event: expect.objectContaining({ scope: 'store/order/created', hash: 'f3e1a9c0' }), at: 42 },
    ]);
    expect(rejected).toEqual([]);
  });

  it('compares the store hash case-insensitively (producer is read lower-cased)', async () => {
    expect((await post(JSON.stringify({ ...EVENT, producer: 'stores/ABC123' }))).status).toBe(200);
  });

  it.each([
    ['missing', {}],
    ['wrong', { [WEBHOOK_SECRET_HEADER]: `${SECRET}x` }],
    ['empty', { [WEBHOOK_SECRET_HEADER]: '' }],
    ['a prefix of it', { [WEBHOOK_SECRET_HEADER]: SECRET.slice(0, 10) }],
  ])('401 when the secret header is %s', async (_what, headers) => {
    const res = await post(JSON.stringify(EVENT), headers);
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain(SECRET);
    expect(accepted).toEqual([]);
    expect(rejected).toEqual(['unauthorized']);
  });

  it('413 for a body over 64 KiB, declared or not', async () => {
    const big = JSON.stringify({ ...EVENT, data: { id: 1, pad: 'x'.repeat(70 * 1024) } });
    const res = await post(big);
    expect(res.status).toBe(413);
    // streamed without a Content-Length: counted while read, refused past the limit
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(new Uint8Array(8 * 1024).fill(32));
        c.close();
      },
    });
    const streamed = await fetch(rx.url, {
      method: 'POST',
      body: stream,
      headers: { [WEBHOOK_SECRET_HEADER]: SECRET },
      duplex: 'half',
    } as RequestInit).catch((err: unknown) => err);
    // The server may close before the client finished sending: a 413 or a reset, never a 200.
    if (streamed instanceof Response) expect(streamed.status).toBe(413);
    expect(accepted).toEqual([]);
    expect(rejected[0]).toBe('too_large');
  });

  it.each([
    ['not JSON', '{"scope":'],
    ['JSON but no callback', JSON.stringify({ hello: 'world' })],
    ['a callback without hash', JSON.stringify({ ...EVENT, hash: undefined })],
    ['a producer that is no store', JSON.stringify({ ...EVENT, producer: 'apps/1' })],
  ])('400 for %s', async (_what, body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(accepted).toEqual([]);
  });

  it('403 for a store no instance has', async () => {
    const res = await post(JSON.stringify({ ...EVENT, producer: 'stores/zzz999' }));
    expect(res.status).toBe(403);
    expect(rejected).toEqual(['unknown_store']);
  });

  it('404 on other paths, 405 for other methods', async () => {
    const base = rx.url.replace('/bc/hooks', '');
    expect(
      (await fetch(`${base}/other`, { method: 'POST', headers: { [WEBHOOK_SECRET_HEADER]: SECRET } })).status,
    ).toBe(404);
    const get = await fetch(rx.url, { headers: { [WEBHOOK_SECRET_HEADER]: SECRET } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(rejected).toEqual(['not_found', 'method']);
  });

  it('answers 200 even when the query string differs (path alone routes)', async () => {
    const res = await fetch(`${rx.url}?x=1`, {
      method: 'POST',
      body: JSON.stringify(EVENT),
      headers: { [WEBHOOK_SECRET_HEADER]: SECRET },
    });
    expect(res.status).toBe(200);
  });
});
