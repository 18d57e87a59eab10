/**
 * The pool's BigCommerce request budget, one row per store in the queue database (where
 * pg-boss lives), so every daemon of the pool spends one quota instead of one each
 * (src/bigcommerce/shared-quota.ts says why and what happens when this database is away).
 *
 * The row mirrors RequestScheduler's quota state, with one difference that makes it work
 * across processes: `requests_left` is what the store's window has left *minus every request
 * the pool took since*. A take decrements it, so no process needs to know what the others have
 * in flight, and a crashed process leaks nothing. Each take is one atomic statement (the row
 * is locked by INSERT … ON CONFLICT DO UPDATE), so two processes can never both spend the last
 * request. Times are the database's (now()), so machines with skewed clocks agree.
 *
 * Until a response has told the quota, a store is probed: `unknownQuota.requests` takes per
 * `unknownQuota.windowMs` (BigCommerce's smallest quota, 150 per 30 s, keeps 30 for other apps,
 * far above the default 5 per 0.5 s while the first answers are on their way). The cap is per
 * period rather than per request in flight, so a process that dies mid-request blocks nothing.
 */
import pg from 'pg';
import { abortReason, sleep } from '../../bigcommerce/abortable.js';
import type { SharedQuota } from '../../bigcommerce/shared-quota.js';
import { SharedQuotaUnavailableError } from '../../bigcommerce/shared-quota.js';
import type { RateLimitInfo } from '../../bigcommerce/retry-policy.js';
import { silentLogger, type Logger } from '../../log/logger.js';
import { registerSecret, urlCredentials } from '../../log/redact.js';

/** The pool's schema in the queue database (pg-boss keeps to its own). */
export const POOL_SCHEMA = 'bc_odoo_pool';
/**
 * Advisory lock held around the pool's DDL ("bcodoo" in ASCII), so daemons starting at once do
 * not race CREATE SCHEMA / CREATE TABLE IF NOT EXISTS into a unique violation. Other DDL in
 * POOL_SCHEMA should take the same lock.
 */
export const POOL_DDL_LOCK = 0x62636f646f6fn;

const TABLE = `${POOL_SCHEMA}.quota`;

const DDL = `
CREATE SCHEMA IF NOT EXISTS ${POOL_SCHEMA};
CREATE TABLE IF NOT EXISTS ${TABLE} (
  store_hash text PRIMARY KEY,
  -- X-Rate-Limit-Requests-Quota; NULL until a response said it (the store is probed meanwhile)
  quota integer,
  -- what the window has left, minus what the pool took since
  requests_left integer,
  window_ms integer,
  -- end of the current window (of the probe period while quota is NULL)
  reset_at timestamptz,
  -- after a 429 nobody sends before this
  paused_until timestamptz,
  -- the answer of the last take, for its RETURNING (which sees only the new row): 0 = granted, else ms to wait
  take_wait_ms integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);`;

/** A number of ms (a float8 parameter) as an interval. */
const MS = "* interval '1 millisecond'";

/**
 * $1 store, $2 headroom, $3 probe requests, $4 probe period (ms). Rolls the window over when
 * reset_at passed (full quota, or a new probe period while the quota is unknown), then either
 * reserves one request or answers how long to wait: a pause, or the window's end when one more
 * request would eat into the headroom (the same reserve as RequestScheduler's).
 */
export const TAKE_SQL = `
INSERT INTO ${TABLE} AS q (store_hash, requests_left, reset_at)
VALUES ($1, $3::int - 1, now() + $4::float8 ${MS})
ON CONFLICT (store_hash) DO UPDATE SET (requests_left, reset_at, take_wait_ms, updated_at) = (
  SELECT CASE WHEN d.wait_ms = 0 THEN s.left_now - 1 ELSE s.left_now END, s.reset_now, d.wait_ms, now()
  FROM (SELECT q.reset_at IS NULL OR now() >= q.reset_at AS rolled) r
  CROSS JOIN LATERAL (
    SELECT
      CASE WHEN NOT r.rolled THEN coalesce(q.requests_left, 0)
           WHEN q.quota IS NULL THEN $3::int
           ELSE q.quota END AS left_now,
      CASE WHEN NOT r.rolled THEN q.reset_at
           WHEN q.quota IS NULL THEN now() + $4::float8 ${MS}
           ELSE now() + q.window_ms ${MS} END AS reset_now,
      CASE WHEN q.quota IS NULL THEN 0
           ELSE greatest(0, least(ceil(q.quota * $2::float8), q.quota - 1)) END AS reserve
  ) s
  CROSS JOIN LATERAL (
    SELECT (CASE
      WHEN q.paused_until > now() THEN ceil(extract(epoch FROM q.paused_until - now()) * 1000)
      WHEN s.reset_now IS NOT NULL AND s.left_now - 1 < s.reserve
        THEN greatest(1, ceil(extract(epoch FROM s.reset_now - now()) * 1000))
      ELSE 0 END)::int AS wait_ms
  ) d
)
RETURNING q.take_wait_ms AS wait_ms`;

/**
 * $1 store, $2 quota, $3 window (ms), $4 left, $5 reset (ms); any but $1 may be NULL.
 * As RequestScheduler.observe: a new window (ours ended, or the store was probed) believes the
 * response; within a window only a lower `left` is believed. Because the row's `left` already
 * counts requests still on their way, a response usually shows *more* left than the row; its
 * reset time still corrects ours, which a rollover guessed as now() + window before the store
 * started its window. The response's window end `e` tells which window it speaks of: about ours
 * (within half a window of reset_at) → lower left and later reset believed; half a window or more
 * later → the store is in its next window already (believed whole); earlier → an old response
 * that lost a race (ignored).
 */
export const OBSERVE_SQL = `
INSERT INTO ${TABLE} AS q (store_hash, quota, window_ms, requests_left, reset_at)
VALUES ($1, $2::int, $3::int,
  CASE WHEN $2::int IS NOT NULL THEN $4::int END,
  CASE WHEN $2::int IS NOT NULL AND $4::int IS NOT NULL THEN now() + $5::float8 ${MS} END)
ON CONFLICT (store_hash) DO UPDATE SET (quota, window_ms, requests_left, reset_at, updated_at) = (
  SELECT c.k, c.w,
    CASE c.kind WHEN 'new' THEN $4::int WHEN 'same' THEN least(q.requests_left, $4::int) ELSE q.requests_left END,
    CASE c.kind WHEN 'new' THEN coalesce(c.e, q.reset_at) WHEN 'same' THEN greatest(q.reset_at, c.e) ELSE q.reset_at END,
    now()
  FROM (
    SELECT v.k, v.w, v.e, CASE
      WHEN $4::int IS NULL OR v.k IS NULL THEN 'keep'
      WHEN q.quota IS NULL OR q.requests_left IS NULL OR q.reset_at IS NULL OR now() >= q.reset_at THEN 'new'
      WHEN v.e >= q.reset_at + (v.w / 2.0)::float8 ${MS} THEN 'new'
      WHEN v.e <= q.reset_at - (v.w / 2.0)::float8 ${MS} THEN 'keep'
      ELSE 'same' END AS kind
    FROM (SELECT coalesce($2::int, q.quota) AS k, coalesce($3::int, q.window_ms) AS w,
                 now() + $5::float8 ${MS} AS e) v
  ) c
)`;

/** $1 store, $2 ms. A pause only ever grows: the longest 429 wait any process was told wins. */
export const PAUSE_SQL = `
INSERT INTO ${TABLE} AS q (store_hash, paused_until)
VALUES ($1, now() + $2::float8 ${MS})
ON CONFLICT (store_hash) DO UPDATE
SET paused_until = greatest(q.paused_until, EXCLUDED.paused_until), updated_at = now()`;

const SNAPSHOT_SQL = `
SELECT quota, requests_left, window_ms,
  ceil(extract(epoch FROM reset_at - now()) * 1000)::int AS reset_in_ms,
  greatest(0, ceil(extract(epoch FROM paused_until - now()) * 1000))::int AS paused_ms
FROM ${TABLE} WHERE store_hash = $1`;

export interface PgSharedQuotaOptions {
  /** share of the quota left to the store's other apps; use the schedulers' headroom (default 0.2) */
  readonly headroom?: number;
  /** takes per period while a store's quota is unknown (default 5 per 500 ms) */
  readonly unknownQuota?: { readonly requests: number; readonly windowMs: number };
  /** connections to the queue database (default 4: one per request slot of a default scheduler) */
  readonly maxConnections?: number;
  /**
   * Longest a statement, or the wait for a connection, may take (ms, default 5 000): past it
   * the call fails and the scheduler paces alone for a while instead of hanging.
   */
  readonly statementTimeoutMs?: number;
  readonly logger?: Logger;
}

/**
 * The headroom a pool's budget keeps back: the largest any of its instances asks for (a
 * daemon and a command run by hand beside the pool both use it).
 */
export function poolHeadroom(
  instances: readonly { readonly bigcommerce: { readonly quotaHeadroom: number } }[],
): number {
  return Math.max(...instances.map((i) => i.bigcommerce.quotaHeadroom));
}

/** The row of a store as the database sees it now; for metrics and tests. */
export interface QuotaSnapshot {
  readonly quota: number | null;
  readonly requestsLeft: number | null;
  readonly windowMs: number | null;
  /** ms until the window (or probe period) ends; negative once it ended, null when unknown */
  readonly resetInMs: number | null;
  /** ms until the pause ends; 0 when not paused */
  readonly pausedMs: number;
}

export class PgSharedQuota implements SharedQuota {
  private readonly headroom: number;
  private readonly probe: { readonly requests: number; readonly windowMs: number };
  private readonly logger: Logger;
  private schema: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    opts: PgSharedQuotaOptions = {},
  ) {
    const headroom = opts.headroom ?? 0.2;
    if (!(headroom >= 0 && headroom < 1)) throw new RangeError(`headroom must be in [0, 1), got ${headroom}`);
    const probe = opts.unknownQuota ?? { requests: 5, windowMs: 500 };
    if (!(Number.isInteger(probe.requests) && probe.requests > 0 && probe.windowMs > 0))
      throw new RangeError('unknownQuota: requests must be a positive integer and windowMs positive');
    this.headroom = headroom;
    this.probe = probe;
    this.logger = opts.logger ?? silentLogger;
  }

  /**
   * Creates the schema and table when missing. Safe when several processes start at once (the
   * DDL runs under POOL_DDL_LOCK). The other methods call it once themselves.
   */
  async ensureSchema(): Promise<void> {
    const client = await this.guard(this.pool.connect());
    try {
      await this.guard(client.query('BEGIN'));
      await this.guard(client.query('SELECT pg_advisory_xact_lock($1)', [String(POOL_DDL_LOCK)]));
      await this.guard(client.query(DDL));
      await this.guard(client.query('COMMIT'));
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async take(storeHash: string, signal?: AbortSignal): Promise<number> {
    let waited = 0;
    for (;;) {
      await abortable(this.ready(), signal);
      const { rows } = await abortable(
        this.guard(
          this.pool.query<{ wait_ms: number }>(TAKE_SQL, [
            storeHash,
            this.headroom,
            this.probe.requests,
            this.probe.windowMs,
          ]),
        ),
        signal,
      );
      const waitMs = rows[0]?.wait_ms ?? 0;
      if (waitMs <= 0) return waited;
      await sleep(waitMs, signal);
      waited += waitMs;
    }
  }

  async observe(storeHash: string, rl: RateLimitInfo): Promise<void> {
    await this.ready();
    await this.guard(
      this.pool.query(OBSERVE_SQL, [
        storeHash,
        rl.requestsQuota ?? null,
        rl.timeWindowMs === undefined ? null : Math.round(rl.timeWindowMs),
        rl.requestsLeft ?? null,
        rl.timeResetMs ?? null,
      ]),
    );
  }

  async pause(storeHash: string, ms: number): Promise<void> {
    await this.ready();
    await this.guard(this.pool.query(PAUSE_SQL, [storeHash, Math.max(0, ms)]));
  }

  /** The store's row now, or undefined before any process took, observed or paused for it. */
  async snapshot(storeHash: string): Promise<QuotaSnapshot | undefined> {
    await this.ready();
    const { rows } = await this.guard(
      this.pool.query<{
        quota: number | null;
        requests_left: number | null;
        window_ms: number | null;
        reset_in_ms: number | null;
        paused_ms: number;
      }>(SNAPSHOT_SQL, [storeHash]),
    );
    const r = rows[0];
    if (!r) return undefined;
    return {
      quota: r.quota,
      requestsLeft: r.requests_left,
      windowMs: r.window_ms,
      resetInMs: r.reset_in_ms,
      pausedMs: r.paused_ms,
    };
  }

  /** Ends the pool's connections (the pool passed in, or the one createPgSharedQuota made); once. */
  close(): Promise<void> {
    this.closing ??= this.pool.end();
    return this.closing;
  }

  /** ensureSchema once per instance; a failure is forgotten so the next call tries again. */
  private ready(): Promise<void> {
    this.schema ??= this.ensureSchema().catch((err: unknown) => {
      this.schema = undefined;
      throw err;
    });
    return this.schema;
  }

  /** Every database failure leaves as a SharedQuotaUnavailableError (pg's error as `cause`). */
  private async guard<T>(p: Promise<T>): Promise<T> {
    try {
      return await p;
    } catch (err) {
      if (err instanceof SharedQuotaUnavailableError) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      this.logger.debug({ err: reason }, 'shared quota: database call failed');
      throw new SharedQuotaUnavailableError(`shared BigCommerce quota unavailable: ${reason}`, { cause: err });
    }
  }
}

/**
 * A PgSharedQuota on a pool of its own, for a daemon of the pool (`connectionString` is the
 * queue database's URL). Nothing connects before the first call; `close()` ends the pool.
 */
export function createPgSharedQuota(connectionString: string, opts: PgSharedQuotaOptions = {}): PgSharedQuota {
  // The URL's password must not surface in any message built later (pg's errors do not carry it).
  for (const s of urlCredentials(connectionString)) registerSecret(s);
  const timeout = opts.statementTimeoutMs ?? 5_000;
  const pool = new pg.Pool({
    connectionString,
    max: opts.maxConnections ?? 4,
    connectionTimeoutMillis: timeout,
    query_timeout: timeout,
    statement_timeout: timeout,
    idleTimeoutMillis: 30_000,
    application_name: 'bc-odoo shared quota',
  });
  // An idle connection the server drops is reported here; without a listener it would crash the process.
  const logger = opts.logger ?? silentLogger;
  pool.on('error', (err) => logger.warn({ err: err.message }, 'shared quota: idle database connection lost'));
  return new PgSharedQuota(pool, opts);
}

/**
 * The promise, or the abort reason as soon as `signal` fires. A statement already sent runs on
 * (pg cannot take it back); its result is dropped, which at worst leaves one request of the
 * budget unspent.
 */
function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) {
    p.catch(() => undefined);
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
