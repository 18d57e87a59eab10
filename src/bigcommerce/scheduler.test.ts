import { createServer, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { clearSecrets } from '../log/redact.js';
import { BigCommerceClient } from './client.js';
import {
  BigCommerceAuthError,
  BigCommerceError,
  BigCommerceNetworkError,
  BigCommerceNotFoundError,
  BigCommerceRateLimitError,
  BigCommerceServerError,
  BigCommerceTimeoutError,
  BigCommerceValidationError,
} from './errors.js';
import type { HttpResponse, Transport } from './http.js';
import type { RetryPolicy } from './retry-policy.js';
import { RequestScheduler, SchedulerRegistry, type SchedulerOptions } from './scheduler.js';

const BASE = 'https://api.bc.test';
const HASH = 'abc123';
const TOKEN = 'tok_SECRET_4f9a8b7c6d5e';
const PATH = `/stores/${HASH}/v3/catalog/brands`;
/** 1 s of BigCommerce time = 10 ms of test time */
const SCALE = 0.01;

interface LogLine {
  level: number;
  msg: string;
  reason?: string;
  waitMs?: number;
  attempt?: number;
  status?: number;
  code?: string;
}

let lines: string[] = [];
let errors: unknown[] = [];

function capture(): Writable {
  return new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
}

function logs(): LogLine[] {
  return lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LogLine);
}

function retryLogs(): LogLine[] {
  return logs().filter((l) => l.msg.startsWith('BigCommerce request retry'));
}

function makeClient(
  sched: Partial<SchedulerOptions> & { policy?: Partial<RetryPolicy> } = {},
  transport?: Transport,
): BigCommerceClient {
  const logger = createLogger({ level: 'debug', destination: capture() });
  return new BigCommerceClient({
    storeHash: HASH,
    accessToken: TOKEN,
    baseUrl: BASE,
    logger,
    ...(transport ? { transport } : {}),
    schedulerOptions: {
      random: () => 0,
      timeoutMs: 1_000,
      ...sched,
      policy: { timeScale: SCALE, ...sched.policy },
      logger,
    },
  });
}

/** GET of the brands list; errors are kept so the afterEach can check them for the token. */
async function get(client: BigCommerceClient): Promise<HttpResponse> {
  try {
    return await client.request('GET', 'v3', '/catalog/brands');
  } catch (err) {
    errors.push(err);
    throw err;
  }
}

function quota(
  left: number,
  opts: { quota?: number; resetMs?: number; windowMs?: number } = {},
): Record<string, string> {
  return {
    'X-Rate-Limit-Requests-Left': String(left),
    'X-Rate-Limit-Requests-Quota': String(opts.quota ?? 150),
    'X-Rate-Limit-Time-Reset-Ms': String(opts.resetMs ?? 15_000),
    'X-Rate-Limit-Time-Window-Ms': String(opts.windowMs ?? 30_000),
  };
}

const ok = { data: [], meta: {} };

/** A port nothing listens on (fetch refuses "bad ports" like 1 or 9 before any socket opens). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

beforeEach(() => {
  lines = [];
  errors = [];
  nock.disableNetConnect();
});

afterEach(() => {
  // Whatever happened in the test, the token is in no log line and no error message.
  for (const l of lines) expect(l).not.toContain(TOKEN);
  for (const e of errors) {
    expect(String((e as Error).message)).not.toContain(TOKEN);
    expect(JSON.stringify(e)).not.toContain(TOKEN);
  }
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  clearSecrets();
  expect(pending).toEqual([]);
});

describe('request basics', () => {
  it('sends the token header, Accept, and the /stores/<hash>/v3 path', async () => {
    const scope = nock(BASE, { reqheaders: { 'x-auth-token': TOKEN, accept: 'application/json' } })
      .get(PATH)
      .reply(200, ok, quota(140));
    const client = makeClient();
    const res = await get(client);
    expect(res.status).toBe(200);
    expect(scope.isDone()).toBe(true);
    expect(client.scheduler.stats()).toMatchObject({ requestsSent: 1, succeeded: 1, quotaLeft: 140, quota: 150 });
  });

  it('reads the rate-limit headers case-insensitively', async () => {
    nock(BASE).get(PATH).reply(200, ok, {
      'x-rate-limit-requests-left': '77',
      'X-RATE-LIMIT-REQUESTS-QUOTA': '450',
      'x-Rate-Limit-Time-Reset-Ms': '100',
    });
    const client = makeClient();
    await get(client);
    expect(client.scheduler.stats()).toMatchObject({ quotaLeft: 77, quota: 450 });
  });
});

describe('pacing before the quota runs out', () => {
  it('does not wait while plenty of quota is left', async () => {
    nock(BASE)
      .get(PATH)
      .times(5)
      .reply(200, ok, quota(100, { resetMs: 100_000 }));
    const client = makeClient();
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) await get(client);
    expect(Date.now() - t0).toBeLessThan(800); // a wait would be 1000 ms
    expect(client.scheduler.stats().pacingWaits).toBe(0);
  });

  it('waits for the window reset once requests-left would drop below the 20% headroom', async () => {
    // quota 10 → 2 kept for other apps. After left=3 one more may go (3-1 = 2), after left=2 none.
    const sent: number[] = [];
    const lefts = [4, 3, 2, 9];
    let i = 0;
    nock(BASE)
      .get(PATH)
      .times(4)
      .reply(() => {
        sent.push(Date.now());
        const left = lefts[i++] ?? 9;
        return [200, ok, quota(left, { quota: 10, resetMs: 50_000, windowMs: 60_000 })];
      });
    const client = makeClient();
    const waits: number[] = [];
    for (let k = 0; k < 4; k++) {
      await get(client);
      waits.push(client.scheduler.stats().pacingWaits);
    }
    // only the 4th request (sent after left=2) was held back
    expect(waits).toEqual([0, 0, 0, 1]);
    const gap = (sent[3] ?? 0) - (sent[2] ?? 0);
    expect(gap).toBeGreaterThanOrEqual(490); // reset 50 000 ms × 0.01
    expect(sent[2]! - sent[0]!).toBeLessThan(400);
    const paced = logs().find((l) => l.msg.includes('quota low'));
    expect(paced).toMatchObject({ level: 20, reason: 'quota_headroom' });
  });

  it('counts requests in flight against the quota left', async () => {
    // left=4, quota 10, reserve 2: with nothing in flight 2 may start (4-0-1, 4-1-1 ≥ 2), the next two wait.
    const starts: number[] = [];
    let first = true;
    const transport: Transport = async () => {
      starts.push(Date.now());
      if (first) {
        first = false;
        return { status: 200, headers: new Headers(quota(4, { quota: 10, resetMs: 50_000 })), body: ok };
      }
      await new Promise((r) => setTimeout(r, 20));
      return { status: 200, headers: new Headers(quota(9, { quota: 10, resetMs: 60_000 })), body: ok };
    };
    const client = makeClient({ concurrency: 4 }, transport);
    await get(client);
    const t0 = Date.now();
    await Promise.all([get(client), get(client), get(client), get(client)]);
    const later = starts.slice(1).map((t) => t - t0);
    expect(later.filter((t) => t < 400)).toHaveLength(2);
    expect(later.filter((t) => t >= 490)).toHaveLength(2);
    expect(client.scheduler.stats().pacingWaits).toBeGreaterThanOrEqual(2);
  });

  it('a custom headroom changes the threshold', async () => {
    nock(BASE)
      .get(PATH)
      .times(3)
      .reply(200, ok, quota(3, { quota: 10, resetMs: 10_000 }));
    const client = makeClient({ headroom: 0 });
    for (let k = 0; k < 3; k++) await get(client);
    expect(client.scheduler.stats().pacingWaits).toBe(0);
  });
});

describe('429', () => {
  it('waits X-Rate-Limit-Time-Reset-Ms then retries the same request', async () => {
    const sent: number[] = [];
    nock(BASE)
      .get(PATH)
      .reply(() => {
        sent.push(Date.now());
        return [429, { status: 429, title: 'Too many requests' }, quota(0, { resetMs: 3_000 })];
      });
    nock(BASE)
      .get(PATH)
      .reply(() => {
        sent.push(Date.now());
        return [200, ok, quota(149)];
      });
    const client = makeClient();
    const res = await get(client);
    expect(res.status).toBe(200);
    expect(sent).toHaveLength(2);
    expect(sent[1]! - sent[0]!).toBeGreaterThanOrEqual(29);
    expect(retryLogs()).toEqual([
      expect.objectContaining({ level: 20, reason: 'rate_limit', status: 429, waitMs: 30, attempt: 1 }),
    ]);
    expect(client.scheduler.stats()).toMatchObject({ requestsSent: 2, rateLimited: 1, retries: { rate_limit: 1 } });
  });

  it('waits the longer of X-Retry-After and the reset time', async () => {
    const sent: number[] = [];
    nock(BASE)
      .get(PATH)
      .reply(() => {
        sent.push(Date.now());
        return [429, {}, { ...quota(0, { resetMs: 1_000 }), 'X-Retry-After': '6' }];
      });
    nock(BASE)
      .get(PATH)
      .reply(() => {
        sent.push(Date.now());
        return [200, ok, quota(149)];
      });
    const client = makeClient();
    await get(client);
    expect(retryLogs()[0]).toMatchObject({ reason: 'rate_limit', waitMs: 60 }); // 6 s, not 1 s
    expect(sent[1]! - sent[0]!).toBeGreaterThanOrEqual(59);
  });

  it('holds back the store’s other requests until the 429 wait is over', async () => {
    const sent: { at: number; n: number }[] = [];
    let n = 0;
    nock(BASE)
      .get(PATH)
      .times(3)
      .reply(() => {
        const k = ++n;
        sent.push({ at: Date.now(), n: k });
        return k === 1 ? [429, {}, quota(0, { resetMs: 5_000 })] : [200, ok, quota(140)];
      });
    const client = makeClient({ concurrency: 1 });
    const t0 = Date.now();
    await Promise.all([get(client), get(client)]);
    // both later requests (the retry and the other one) went after the 50 ms pause
    expect(sent.slice(1).every((s) => s.at - t0 >= 49)).toBe(true);
  });

  it('without headers backs off exponentially (platform overload)', async () => {
    nock(BASE).get(PATH).times(2).reply(429, { title: 'busy' });
    nock(BASE).get(PATH).reply(200, ok);
    const client = makeClient({ random: () => 0.5 });
    await get(client);
    // full jitter: 0.5 × 1000 ms, then 0.5 × 2000 ms, scaled by 0.01
    expect(retryLogs().map((l) => [l.reason, l.waitMs, l.attempt])).toEqual([
      ['overload', 5, 1],
      ['overload', 10, 2],
    ]);
    expect(client.scheduler.stats().retries).toMatchObject({ overload: 2, rate_limit: 0 });
  });

  it('gives up after the rate-limit cap with a BigCommerceRateLimitError', async () => {
    nock(BASE)
      .get(PATH)
      .times(3)
      .reply(429, { title: 'Too many requests' }, quota(0, { resetMs: 100 }));
    const client = makeClient({ policy: { maxRateLimitAttempts: 3 } });
    const err = await get(client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BigCommerceRateLimitError);
    expect(err).toMatchObject({ status: 429, attempts: 3, method: 'GET', path: PATH });
    expect(client.scheduler.stats()).toMatchObject({ requestsSent: 3, rateLimited: 3, failed: 1 });
  });
});

describe('5xx, network errors and timeouts', () => {
  it('503 then 200: retried after a backoff', async () => {
    nock(BASE).get(PATH).reply(503, { title: 'Service Unavailable' });
    nock(BASE).get(PATH).reply(200, ok);
    const client = makeClient({ random: () => 0.5 });
    const res = await get(client);
    expect(res.status).toBe(200);
    expect(retryLogs()).toEqual([
      expect.objectContaining({ reason: 'server_error', status: 503, attempt: 1, waitMs: 5 }),
    ]);
    expect(client.scheduler.stats()).toMatchObject({ requestsSent: 2, retries: { server_error: 1 } });
  });

  it('a network error then 200: retried, with the system code logged', async () => {
    nock(BASE).get(PATH).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    nock(BASE).get(PATH).reply(200, ok);
    const client = makeClient();
    await get(client);
    expect(retryLogs()).toEqual([expect.objectContaining({ reason: 'network', code: 'ECONNRESET', attempt: 1 })]);
    expect(client.scheduler.stats().retries.network).toBe(1);
  });

  it('a timeout then 200: the slow attempt is aborted and retried', async () => {
    nock(BASE).get(PATH).delay(3_000).reply(200, ok);
    nock(BASE)
      .get(PATH)
      .reply(200, { data: [{ id: 1 }], meta: {} });
    const client = makeClient({ timeoutMs: 40 });
    const t0 = Date.now();
    const res = await get(client);
    expect(res.body).toEqual({ data: [{ id: 1 }], meta: {} });
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(retryLogs()).toEqual([expect.objectContaining({ reason: 'timeout', attempt: 1 })]);
    expect(client.scheduler.stats().retries.timeout).toBe(1);
  });

  it('retries are capped: 503 × maxAttempts → BigCommerceServerError', async () => {
    nock(BASE).get(PATH).times(4).reply(503, { title: 'Service Unavailable', detail: 'maintenance' });
    const client = makeClient({ policy: { maxAttempts: 4 } });
    const err = await get(client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BigCommerceServerError);
    expect(err).toMatchObject({
      status: 503,
      attempts: 4,
      body: { title: 'Service Unavailable', detail: 'maintenance' },
    });
    expect((err as Error).message).toContain('after 4 attempts');
    expect(retryLogs()).toHaveLength(3);
  });

  it('network errors past the cap → BigCommerceNetworkError naming host and code', async () => {
    nock(BASE).get(PATH).times(2).replyWithError({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND' });
    const client = makeClient({ policy: { maxAttempts: 2 } });
    const err = await get(client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BigCommerceNetworkError);
    expect(err).toMatchObject({ host: 'api.bc.test', code: 'ENOTFOUND', attempts: 2 });
    expect((err as Error).message).toContain('cannot reach api.bc.test (ENOTFOUND)');
  });

  it('a refused connection is a network error with ECONNREFUSED (real socket)', async () => {
    nock.enableNetConnect('127.0.0.1');
    const port = await closedPort();
    const logger = createLogger({ level: 'debug', destination: capture() });
    const client = new BigCommerceClient({
      storeHash: HASH,
      accessToken: TOKEN,
      baseUrl: `http://127.0.0.1:${port}`,
      logger,
      schedulerOptions: { policy: { maxAttempts: 1 } },
    });
    const err = await get(client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BigCommerceNetworkError);
    expect(err).toMatchObject({ host: `127.0.0.1:${port}`, code: 'ECONNREFUSED' });
  });

  it('an unreachable host is given up after 3 quick tries, each retry a warning naming host and code', async () => {
    nock(BASE).get(PATH).times(3).replyWithError({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND api.bc.test' });
    const client = makeClient({ random: () => 0.999 });
    const err = await get(client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BigCommerceNetworkError);
    expect(err).toMatchObject({ code: 'ENOTFOUND', attempts: 3 });
    const retries = retryLogs();
    expect(retries.map((l) => [l.reason, l.level, l.attempt])).toEqual([
      ['unreachable', 40, 1],
      ['unreachable', 40, 2],
    ]);
    expect(retries[0]!.msg).toContain('cannot reach api.bc.test (ENOTFOUND); attempt 1 of 3');
    expect(client.scheduler.stats().retries.unreachable).toBe(2);
  });

  it('a refused connection on a real socket is given up within seconds (default policy, unscaled)', async () => {
    nock.enableNetConnect('127.0.0.1');
    const port = await closedPort();
    const client = new BigCommerceClient({
      storeHash: HASH,
      accessToken: TOKEN,
      baseUrl: `http://127.0.0.1:${port}`,
      logger: createLogger({ level: 'silent' }),
    });
    const t0 = Date.now();
    const err = await get(client).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ECONNREFUSED', attempts: 3 });
    expect(Date.now() - t0).toBeLessThan(3_000);
  });

  it('timeouts past the cap → BigCommerceTimeoutError', async () => {
    nock(BASE).get(PATH).times(2).delay(300).reply(200, ok);
    const client = makeClient({ timeoutMs: 30, policy: { maxAttempts: 2 } });
    const err = await get(client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BigCommerceTimeoutError);
    expect(err).toMatchObject({ timeoutMs: 30, attempts: 2 });
  });
});

describe('no retry for client errors', () => {
  it.each([
    [404, BigCommerceNotFoundError],
    [422, BigCommerceValidationError],
    [400, BigCommerceValidationError],
    [409, BigCommerceValidationError],
    [501, BigCommerceServerError],
    [505, BigCommerceServerError],
  ])('%i → one request and a typed error', async (status, cls) => {
    let calls = 0;
    nock(BASE)
      .get(PATH)
      .reply(() => {
        calls++;
        return [status, { status, title: `status ${status}`, errors: { name: 'Please provide a name.' } }];
      });
    const client = makeClient();
    const err = await get(client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(cls);
    expect(err).toMatchObject({ status, method: 'GET', path: PATH, attempts: 1 });
    expect(calls).toBe(1);
    expect(retryLogs()).toHaveLength(0);
  });

  it('422 keeps BigCommerce’s error body', async () => {
    nock(BASE)
      .get(PATH)
      .reply(422, {
        status: 422,
        title: 'Missing Required Fields',
        type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes',
        errors: { name: 'Please provide a name.' },
      });
    const err = (await get(makeClient()).catch((e: unknown) => e)) as BigCommerceValidationError;
    expect(err.body).toMatchObject({ title: 'Missing Required Fields', errors: { name: 'Please provide a name.' } });
    expect(err.message).toContain('Missing Required Fields');
    expect(err.message).toContain('name: Please provide a name.');
  });

  it('401 → BigCommerceAuthError whose message never shows the token, even when the server echoes it', async () => {
    nock(BASE)
      .get(PATH)
      .reply(401, { status: 401, title: `Invalid token ${TOKEN}` });
    const err = await get(makeClient()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BigCommerceAuthError);
    expect(err).toBeInstanceOf(BigCommerceError);
    expect((err as Error).message).toContain('401');
    expect((err as Error).message).toContain('access token rejected');
    expect((err as Error).message).not.toContain(TOKEN);
    expect(JSON.stringify((err as BigCommerceAuthError).body)).not.toContain(TOKEN);
  });

  it('403 → BigCommerceAuthError (missing scope)', async () => {
    nock(BASE).get(PATH).reply(403, { status: 403, title: 'You don’t have a required scope to access the endpoint' });
    const err = await get(makeClient()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BigCommerceAuthError);
    expect((err as Error).message).toContain('scope');
  });
});

describe('concurrency and stats', () => {
  it('never has more requests in flight than the concurrency cap', async () => {
    let active = 0;
    let peak = 0;
    const transport: Transport = async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 15));
      active--;
      return { status: 200, headers: new Headers(quota(140)), body: ok };
    };
    const client = makeClient({ concurrency: 3 }, transport);
    const all = Promise.all(Array.from({ length: 10 }, () => get(client)));
    await new Promise((r) => setTimeout(r, 5));
    expect(client.scheduler.stats()).toMatchObject({ queueDepth: 10, inFlight: 3 });
    await all;
    expect(peak).toBe(3);
    expect(client.scheduler.stats()).toMatchObject({ requestsSent: 10, succeeded: 10, queueDepth: 0, inFlight: 0 });
  });

  it('the shutdown signal stops a long wait at once', async () => {
    nock(BASE)
      .get(PATH)
      .reply(429, {}, quota(0, { resetMs: 30_000 }));
    const ac = new AbortController();
    const client = makeClient({ signal: ac.signal, policy: { timeScale: 1 } });
    const t0 = Date.now();
    const p = get(client).catch((e: unknown) => e);
    setTimeout(() => ac.abort(new Error('shutdown')), 30);
    const err = await p;
    expect((err as Error).message).toBe('shutdown');
    expect(Date.now() - t0).toBeLessThan(1_000);
  });
});

describe('SchedulerRegistry', () => {
  it('hands out one scheduler per store and reports stats per store', async () => {
    const reg = new SchedulerRegistry({ concurrency: 2 });
    const a = reg.get('store-a');
    expect(reg.get('store-a')).toBe(a);
    expect(reg.get('store-b')).not.toBe(a);
    const c1 = new BigCommerceClient({ storeHash: 'store-a', accessToken: TOKEN, baseUrl: BASE, registry: reg });
    const c2 = new BigCommerceClient({ storeHash: 'store-a', accessToken: TOKEN, baseUrl: BASE, registry: reg });
    expect(c1.scheduler).toBe(c2.scheduler);
    nock(BASE).get('/stores/store-a/v2/time').times(2).reply(200, { time: 1_700_000_000 }, quota(120));
    await c1.getTime();
    await c2.getTime();
    expect(reg.stats()['store-a']).toMatchObject({ storeHash: 'store-a', requestsSent: 2, quotaLeft: 120 });
    expect(reg.stats()['store-b']).toMatchObject({ requestsSent: 0 });
  });

  it('a scheduler can be used without a client', async () => {
    const s = new RequestScheduler({ concurrency: 1 });
    const res = await s.execute({ method: 'GET', path: '/x', host: 'h' }, async () => ({
      status: 204,
      headers: new Headers(),
      body: undefined,
    }));
    expect(res.status).toBe(204);
  });
});
