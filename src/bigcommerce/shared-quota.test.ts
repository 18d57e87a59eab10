/**
 * RequestScheduler with a SharedQuota: what it asks and tells the pool, and what it does when
 * the pool's store fails. A scripted SharedQuota and a scripted `send` stand in for PostgreSQL
 * and BigCommerce (the real ones: src/daemon/pool/pg-quota*.test.ts).
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import type { HttpResponse } from './http.js';
import type { RateLimitInfo } from './retry-policy.js';
import { RequestScheduler, type SchedulerOptions } from './scheduler.js';
import type { SharedQuota } from './shared-quota.js';

const HASH = 'abc123';
/** 1 s of BigCommerce time = 10 ms of test time */
const SCALE = 0.01;
const INFO = { method: 'GET', path: '/v3/catalog/brands', host: 'api.bc.test' };

interface LogLine {
  level: number;
  msg: string;
}

function logCapture(): { logger: ReturnType<typeof createLogger>; lines: () => LogLine[] } {
  const chunks: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _enc, cb) {
        chunks.push(String(chunk));
        cb();
      },
    }),
  });
  const lines = (): LogLine[] =>
    chunks
      .flatMap((c) => c.split('\n'))
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as LogLine);
  return { logger, lines };
}

function response(status: number, left: number, opts: { quota?: number; resetMs?: number } = {}): HttpResponse {
  return {
    status,
    headers: new Headers({
      'X-Rate-Limit-Requests-Left': String(left),
      'X-Rate-Limit-Requests-Quota': String(opts.quota ?? 150),
      'X-Rate-Limit-Time-Reset-Ms': String(opts.resetMs ?? 15_000),
      'X-Rate-Limit-Time-Window-Ms': '30000',
    }),
    body: { data: [] },
  };
}

/** A SharedQuota that records what it is told; `take` may be replaced per test. */
class ScriptedQuota implements SharedQuota {
  readonly calls: string[] = [];
  readonly observed: RateLimitInfo[] = [];
  readonly pauses: number[] = [];
  takeImpl: (signal?: AbortSignal) => Promise<number> = async () => 0;

  take(storeHash: string, signal?: AbortSignal): Promise<number> {
    this.calls.push(`take ${storeHash}`);
    return this.takeImpl(signal);
  }
  async observe(storeHash: string, rl: RateLimitInfo): Promise<void> {
    this.calls.push(`observe ${storeHash}`);
    this.observed.push(rl);
  }
  async pause(storeHash: string, ms: number): Promise<void> {
    this.calls.push(`pause ${storeHash}`);
    this.pauses.push(ms);
  }
}

function scheduler(shared: SharedQuota, opts: Partial<SchedulerOptions> = {}): RequestScheduler {
  return new RequestScheduler({
    storeHash: HASH,
    sharedQuota: shared,
    random: () => 0,
    timeoutMs: 1_000,
    ...opts,
    policy: { timeScale: SCALE, ...opts.policy },
  });
}

describe('scheduler with a shared quota', () => {
  it('takes from the pool before each request and tells it every response, times in its own scale', async () => {
    const shared = new ScriptedQuota();
    const s = scheduler(shared);
    const sent: string[] = [];
    for (let i = 0; i < 2; i++) {
      await s.execute(INFO, async () => {
        sent.push(`send after ${shared.calls.at(-1)}`);
        return response(200, 100 - i, { resetMs: 20_000 });
      });
    }
    expect(shared.calls).toEqual([`take ${HASH}`, `observe ${HASH}`, `take ${HASH}`, `observe ${HASH}`]);
    expect(sent).toEqual([`send after take ${HASH}`, `send after take ${HASH}`]);
    // 20 000 ms of BigCommerce time is 200 ms for a scheduler whose waits are scaled by 0.01
    expect(shared.observed[1]).toEqual({ requestsLeft: 99, requestsQuota: 150, timeResetMs: 200, timeWindowMs: 300 });
  });

  it('a 429 pauses the whole pool for the wait it asked for', async () => {
    const shared = new ScriptedQuota();
    const s = scheduler(shared);
    let n = 0;
    await s.execute(INFO, async () => (n++ === 0 ? response(429, 0, { resetMs: 5_000 }) : response(200, 149)));
    expect(shared.calls).toEqual([
      `take ${HASH}`,
      `observe ${HASH}`,
      `pause ${HASH}`,
      `take ${HASH}`,
      `observe ${HASH}`,
    ]);
    expect(shared.pauses).toEqual([50]); // 5 000 ms × 0.01, no jitter (random 0)
  });

  it('counts the time the pool held a request as pacing', async () => {
    const shared = new ScriptedQuota();
    shared.takeImpl = async () => 120;
    const s = scheduler(shared);
    await s.execute(INFO, async () => response(200, 100));
    expect(s.stats()).toMatchObject({ pacingWaits: 1, pacingWaitMs: 120 });
  });

  it('a request waiting for the pool holds its local slot, so parallel ones cannot pass the same check', async () => {
    // quota 10 keeps 2 back; 4 left → with the slots of requests still waiting for the pool
    // counted, only 2 more may go this window (4-0-1 ≥ 2, 4-1-1 ≥ 2, 4-2-1 < 2)
    const shared = new ScriptedQuota();
    const s = scheduler(shared, { concurrency: 4 });
    await s.execute(INFO, async () => response(200, 4, { quota: 10, resetMs: 100_000 }));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    shared.takeImpl = async () => {
      await gate;
      return 0;
    };
    const ac = new AbortController();
    const runs = Array.from({ length: 4 }, () =>
      s.execute(INFO, async () => response(200, 2, { quota: 10, resetMs: 100_000 }), ac.signal),
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(shared.calls.filter((c) => c.startsWith('take'))).toHaveLength(1 + 2);
    release();
    await new Promise((r) => setTimeout(r, 50));
    ac.abort(new Error('test over'));
    const outcomes = await Promise.allSettled(runs);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(2);
  });

  it('a grant that arrives during a 429 pause is given up: the request waits for the pause', async () => {
    const shared = new ScriptedQuota();
    const s = scheduler(shared, { concurrency: 2 });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let takes = 0;
    shared.takeImpl = async () => {
      if (++takes === 2) await gate; // the second request waits for the pool until the 429 came
      return 0;
    };
    let pausedAt = 0;
    const sentAt: number[] = [];
    let first = true;
    const a = s.execute(INFO, async () => {
      if (!first) return response(200, 100);
      first = false;
      pausedAt = Date.now();
      setTimeout(release, 10);
      return response(429, 0, { resetMs: 40_000 }); // 400 ms for this scheduler
    });
    const b = s.execute(INFO, async () => {
      sentAt.push(Date.now());
      return response(200, 100);
    });
    await Promise.all([a, b]);
    expect(sentAt[0]! - pausedAt).toBeGreaterThanOrEqual(350);
  });
});

describe('shared quota unavailable', () => {
  it('paces alone for a while, with one warning, and asks the pool again afterwards', async () => {
    const { logger, lines } = logCapture();
    const shared = new ScriptedQuota();
    shared.takeImpl = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    };
    // fallback: 30 s × 0.01 = 300 ms
    const s = scheduler(shared, { logger });
    for (let i = 0; i < 3; i++) await s.execute(INFO, async () => response(200, 100));
    expect(s.stats()).toMatchObject({ succeeded: 3, failed: 0 });
    // asked once; meanwhile neither asked nor told
    expect(shared.calls).toEqual([`take ${HASH}`]);
    const warns = lines().filter((l) => l.level === 40);
    expect(warns.map((l) => l.msg)).toEqual([
      'shared BigCommerce quota unavailable: pacing on this process alone meanwhile',
    ]);

    await new Promise((r) => setTimeout(r, 320));
    await s.execute(INFO, async () => response(200, 100));
    expect(shared.calls).toEqual([`take ${HASH}`, `take ${HASH}`]);
    // still down: no second warning for the same outage
    expect(lines().filter((l) => l.level === 40)).toHaveLength(1);

    shared.takeImpl = async () => 0;
    await new Promise((r) => setTimeout(r, 320));
    await s.execute(INFO, async () => response(200, 100));
    expect(shared.calls.slice(2)).toEqual([`take ${HASH}`, `observe ${HASH}`]);
    expect(lines().some((l) => l.level === 30 && l.msg === 'shared BigCommerce quota reachable again')).toBe(true);
  });

  it('a failing observe or pause switches to local pacing too, without failing the request', async () => {
    const { logger, lines } = logCapture();
    const shared = new ScriptedQuota();
    shared.observe = async () => {
      throw new Error('statement timeout');
    };
    const s = scheduler(shared, { logger });
    await s.execute(INFO, async () => response(200, 100));
    await s.execute(INFO, async () => response(200, 99));
    expect(shared.calls).toEqual([`take ${HASH}`]);
    expect(lines().filter((l) => l.level === 40)).toHaveLength(1);
  });

  it('an abort while waiting for the pool rejects with the abort reason, not a fallback', async () => {
    const { logger, lines } = logCapture();
    const shared = new ScriptedQuota();
    shared.takeImpl = (signal) =>
      new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
    const ac = new AbortController();
    const s = scheduler(shared, { logger, signal: ac.signal });
    const run = s.execute(INFO, async () => response(200, 100));
    setTimeout(() => ac.abort(new Error('shutdown')), 20);
    await expect(run).rejects.toThrow('shutdown');
    expect(lines().filter((l) => l.level === 40)).toEqual([]);
    expect(s.stats()).toMatchObject({ requestsSent: 0, inFlight: 0 });
  });

  it('needs the store hash', () => {
    expect(() => new RequestScheduler({ sharedQuota: new ScriptedQuota() })).toThrow(RangeError);
  });
});
