/**
 * Three daemons, one store: each with its own SchedulerRegistry, BigCommerceClient and
 * PgSharedQuota (its own pg pool), i.e. three processes, hammer the sandbox, whose quota is
 * the store's. With the shared quota they must not collect more 429s than one daemon alone
 * doing the same work. The same three without it are run too, to show what the pool is for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BigCommerceClient } from '../../bigcommerce/client.js';
import { SchedulerRegistry } from '../../bigcommerce/scheduler.js';
import { startSandbox, type SandboxHandle } from '../../sandbox/index.js';
import { throwawayDatabase, type ThrowawayDatabase } from '../../../test/support/pg-database.js';
import { createPgSharedQuota, type PgSharedQuota } from './pg-quota.js';

// 40 requests per 400 ms window (BigCommerce: 150-450 per 30 s); 8 of them kept for other apps
const QUOTA = { requests: 40, windowMs: 400 };
/**
 * Each request spends 20-60 ms on its way in, before the sandbox counts it, as a real store's
 * do: that is when a process's requests in flight are invisible to the others.
 */
const LATENCY = 'latency=20-60,seed=3';
/** requests in flight per daemon: 3 daemons have up to 24 on their way, more than the 8 kept back */
const CONCURRENCY = 8;
/** GETs in all: four windows at least */
const TOTAL = 120;
const DAEMONS = 3;

let db: ThrowawayDatabase;
const sandboxes: SandboxHandle[] = [];
const quotas: PgSharedQuota[] = [];

beforeAll(async () => {
  db = await throwawayDatabase('bcodoo_quota_sandbox_test');
}, 60_000);

afterAll(async () => {
  await Promise.all(quotas.map((q) => q.close()));
  await Promise.all(sandboxes.map((s) => s.close()));
  await db?.drop();
});

/** A sandbox of its own per run: a fresh quota, and a store hash (a quota row) of its own. */
async function sandbox(storeHash: string): Promise<SandboxHandle> {
  const sb = await startSandbox({ store: 'sample', storeHash, quota: QUOTA, faults: LATENCY });
  sandboxes.push(sb);
  return sb;
}

function client(sb: SandboxHandle, registry: SchedulerRegistry): BigCommerceClient {
  return new BigCommerceClient({ storeHash: sb.storeHash, accessToken: sb.accessToken, baseUrl: sb.url, registry });
}

/** `TOTAL` GETs split evenly over the clients, all queued at once (each scheduler runs CONCURRENCY at a time). */
async function hammer(clients: readonly BigCommerceClient[]): Promise<void> {
  const each = Math.ceil(TOTAL / clients.length);
  await Promise.all(clients.flatMap((c) => Array.from({ length: each }, () => c.getTime())));
}

describe('three daemons on one store', () => {
  it('with the shared quota collect no more 429s than one daemon alone', async () => {
    const alone = await sandbox('alone');
    await hammer([client(alone, new SchedulerRegistry({ concurrency: CONCURRENCY }))]);

    const pooled = await sandbox('pooled');
    const daemons = Array.from({ length: DAEMONS }, () => {
      const quota = createPgSharedQuota(db.url);
      quotas.push(quota);
      return client(pooled, new SchedulerRegistry({ concurrency: CONCURRENCY, sharedQuota: quota }));
    });
    const t0 = Date.now();
    await hammer(daemons);
    const pooledMs = Date.now() - t0;

    const unpooled = await sandbox('unpooled');
    await hammer(
      Array.from({ length: DAEMONS }, () => client(unpooled, new SchedulerRegistry({ concurrency: CONCURRENCY }))),
    );

    const [a, p, u] = [alone.stats(), pooled.stats(), unpooled.stats()];
    const rateLimited = { alone: a.rateLimited, pooled: p.rateLimited, unpooled: u.rateLimited };
    console.info(`429s of ${TOTAL} GETs: ${JSON.stringify(rateLimited)}; the pool took ${pooledMs} ms`);
    expect(p.rateLimited).toBeLessThanOrEqual(a.rateLimited);
    expect(p.rateLimited).toBeLessThanOrEqual(1);
    // the scene is one where pacing apart fails (about 15 429s), so the pool's 0 is its doing
    expect(u.rateLimited).toBeGreaterThan(p.rateLimited);
    // every request the sandbox served was one the pool handed out, none went to waste
    expect(p.requests - p.rateLimited).toBe(TOTAL);
    // the pool kept the headroom: 32 requests a window, so the 4th window was reached
    expect(pooledMs).toBeGreaterThan(3 * QUOTA.windowMs);
    for (const d of daemons) expect(d.scheduler.stats().failed).toBe(0);
  }, 30_000);
});
