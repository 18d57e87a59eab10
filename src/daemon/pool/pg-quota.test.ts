/**
 * PgSharedQuota on a real PostgreSQL, in a database of this file's own. Each PgSharedQuota
 * made by createPgSharedQuota has a pg pool of its own, i.e. stands for one daemon of the pool.
 * Every test uses a store hash of its own, so tests share the table but never a row.
 */
import { setMaxListeners } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedQuotaUnavailableError } from '../../bigcommerce/shared-quota.js';
import { throwawayDatabase, type ThrowawayDatabase } from '../../../test/support/pg-database.js';
import { createPgSharedQuota, type PgSharedQuota, type PgSharedQuotaOptions } from './pg-quota.js';

let db: ThrowawayDatabase;
const opened: PgSharedQuota[] = [];

function daemon(opts: PgSharedQuotaOptions = {}): PgSharedQuota {
  const q = createPgSharedQuota(db.url, opts);
  opened.push(q);
  return q;
}

/** Headers as BigCommerce sends them (times in ms). */
function headers(left: number, quota: number, resetMs: number, windowMs = resetMs) {
  return { requestsLeft: left, requestsQuota: quota, timeResetMs: resetMs, timeWindowMs: windowMs };
}

beforeAll(async () => {
  db = await throwawayDatabase('bcodoo_quota_test');
}, 60_000);

afterAll(async () => {
  await Promise.all(opened.map((q) => q.close().catch(() => undefined)));
  await db?.drop();
});

describe('schema', () => {
  it('is created once by daemons starting at the same moment', async () => {
    const starters = [daemon(), daemon(), daemon()];
    await Promise.all(starters.map((q) => q.ensureSchema()));
    await starters[0]!.ensureSchema(); // and again: nothing to do
    expect(await starters[1]!.snapshot('none')).toBeUndefined();
  });
});

describe('take', () => {
  it('reserves one request and decrements what is left', async () => {
    const q = daemon();
    await q.observe('take1', headers(10, 10, 30_000));
    expect(await q.take('take1')).toBe(0);
    expect((await q.snapshot('take1'))?.requestsLeft).toBe(9);
    expect(await q.take('take1')).toBe(0);
    expect(await q.snapshot('take1')).toMatchObject({ quota: 10, requestsLeft: 8, windowMs: 30_000, pausedMs: 0 });
  });

  it('waits once the budget minus the headroom is spent, and resumes after the reset', async () => {
    const q = daemon();
    // quota 10 → 2 kept for other apps: 8 takes go at once, the 9th waits for the window's end
    await q.observe('take2', headers(10, 10, 400));
    for (let i = 0; i < 8; i++) expect(await q.take('take2')).toBe(0);
    expect((await q.snapshot('take2'))?.requestsLeft).toBe(2);
    const t0 = Date.now();
    const waited = await q.take('take2');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(waited).toBeGreaterThanOrEqual(300);
    // the window rolled over to the full quota, and this take spent one of it
    const s = await q.snapshot('take2');
    expect(s?.requestsLeft).toBe(9);
    expect(s?.resetInMs).toBeGreaterThan(300);
  });

  it('the headroom is the pool’s option (0: down to the last request)', async () => {
    const q = daemon({ headroom: 0 });
    await q.observe('take3', headers(3, 10, 30_000));
    for (let i = 0; i < 3; i++) expect(await q.take('take3')).toBe(0);
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('enough')), 200);
    await expect(q.take('take3', ac.signal)).rejects.toThrow('enough');
    expect((await q.snapshot('take3'))?.requestsLeft).toBe(0);
  });

  it('before any headers: lets a few through per probe period, then learns the quota', async () => {
    const q = daemon({ unknownQuota: { requests: 3, windowMs: 300 } });
    for (let i = 0; i < 3; i++) expect(await q.take('probe')).toBe(0);
    expect(await q.snapshot('probe')).toMatchObject({ quota: null, requestsLeft: 0 });
    const t0 = Date.now();
    await q.take('probe'); // the 4th waits for the next probe period
    expect(Date.now() - t0).toBeGreaterThanOrEqual(200);
    // the first answer: from now on the store's numbers rule
    await q.observe('probe', headers(100, 150, 20_000, 30_000));
    expect(await q.take('probe')).toBe(0);
    expect(await q.snapshot('probe')).toMatchObject({ quota: 150, requestsLeft: 99, windowMs: 30_000 });
  });

  it('an abort stops a wait at once with the abort reason', async () => {
    const q = daemon();
    await q.pause('abort', 60_000);
    const ac = new AbortController();
    const t0 = Date.now();
    setTimeout(() => ac.abort(new Error('shutdown')), 100);
    await expect(q.take('abort', ac.signal)).rejects.toThrow('shutdown');
    expect(Date.now() - t0).toBeLessThan(1_000);
  });
});

describe('across daemons', () => {
  it('a pause from one daemon holds back the takes of another', async () => {
    const a = daemon();
    const b = daemon();
    await b.observe('pause1', headers(100, 150, 30_000));
    await a.pause('pause1', 400);
    // a shorter pause told later does not shorten it
    await b.pause('pause1', 50);
    const t0 = Date.now();
    const waited = await b.take('pause1');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(waited).toBeGreaterThanOrEqual(300);
    // a pause spends nothing: the take after it is the only one counted
    expect((await a.snapshot('pause1'))?.requestsLeft).toBe(99);
  });

  it('concurrent takes of 3 daemons never hand out more than the budget of a window', async () => {
    // 30 requests, no headroom, a window longer than the test: exactly 30 may go. A take that
    // read `left` and wrote it back in two steps would let several daemons spend the same one.
    const daemons = [daemon({ headroom: 0 }), daemon({ headroom: 0 }), daemon({ headroom: 0 })];
    await daemons[0]!.observe('race', headers(30, 30, 60_000));
    await Promise.all(daemons.map((d) => d.ensureSchema()));
    const ac = new AbortController();
    setMaxListeners(0, ac.signal); // 60 takes listen to it
    let granted = 0;
    const takes = daemons.flatMap((d) =>
      Array.from({ length: 20 }, () =>
        d.take('race', ac.signal).then(() => {
          granted++;
        }),
      ),
    );
    const deadline = Date.now() + 5_000;
    while (granted < 30 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200)); // room for any take that would exceed the budget
    ac.abort(new Error('test over'));
    const outcomes = await Promise.allSettled(takes);
    expect(granted).toBe(30);
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(30);
    expect((await daemons[1]!.snapshot('race'))?.requestsLeft).toBe(0);
  });
});

describe('observe', () => {
  it('within a window believes only a lower left; a response of the next window is believed whole', async () => {
    const q = daemon();
    await q.observe('obs', headers(100, 100, 10_000));
    for (let i = 0; i < 10; i++) await q.take('obs');
    // 95 left on the store: 5 of the pool's 10 are still on their way, so the row's 90 stays
    await q.observe('obs', headers(95, 100, 9_900, 10_000));
    expect((await q.snapshot('obs'))?.requestsLeft).toBe(90);
    // another app spent some: lower, believed
    await q.observe('obs', headers(80, 100, 9_800, 10_000));
    expect((await q.snapshot('obs'))?.requestsLeft).toBe(80);
    // an answer from before the window began (overtaken on the way) changes nothing
    await q.observe('obs', headers(3, 100, 100, 10_000));
    expect((await q.snapshot('obs'))?.requestsLeft).toBe(80);
    // the store's window ends later than ours: the store is already in its next window
    await q.observe('obs', headers(99, 100, 19_000, 10_000));
    const s = await q.snapshot('obs');
    expect(s?.requestsLeft).toBe(99);
    expect(s?.resetInMs).toBeGreaterThan(15_000);
  });

  it('a later reset of the same window corrects the guess a rollover made', async () => {
    const q = daemon();
    await q.observe('late', headers(50, 100, 300, 1_000));
    await new Promise((r) => setTimeout(r, 350));
    await q.take('late'); // rolls over: full quota, window guessed to end 1 000 ms from now
    const guessed = (await q.snapshot('late'))?.resetInMs ?? 0;
    // the store started its window a little later than the rollover
    await q.observe('late', headers(99, 100, guessed + 150, 1_000));
    const s = await q.snapshot('late');
    expect(s?.requestsLeft).toBe(99);
    expect(s?.resetInMs).toBeGreaterThan(guessed + 50);
  });

  it('headers without a quota teach nothing', async () => {
    const q = daemon();
    await q.observe('partial', { retryAfterSeconds: 3 });
    await q.take('partial');
    expect(await q.snapshot('partial')).toMatchObject({ quota: null });
  });
});

describe('database away', () => {
  it('fails fast with a SharedQuotaUnavailableError that shows no password', async () => {
    const port = await closedPort();
    const q = createPgSharedQuota(`postgres://bcodoo:s3cret-pass@127.0.0.1:${port}/nowhere`, {
      statementTimeoutMs: 1_000,
    });
    opened.push(q);
    const t0 = Date.now();
    const err = await q.take('down').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SharedQuotaUnavailableError);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
    expect((err as Error).message).not.toContain('s3cret-pass');
    expect(Date.now() - t0).toBeLessThan(2_000);
    await expect(q.observe('down', headers(1, 2, 3))).rejects.toBeInstanceOf(SharedQuotaUnavailableError);
    await expect(q.pause('down', 10)).rejects.toBeInstanceOf(SharedQuotaUnavailableError);
  });
});

/** A port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
