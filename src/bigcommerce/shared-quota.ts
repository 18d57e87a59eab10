/**
 * One request budget per store for a pool of daemons. A RequestScheduler paces one process
 * from the X-Rate-Limit-* headers; several processes calling the same store would each spend
 * the quota as if they were alone. A SharedQuota is the budget they agree on (the pool keeps
 * it in its queue database, src/daemon/pool/pg-quota.ts); the scheduler asks it before every
 * request, on top of its own checks, and tells it what each response said.
 *
 * The shared store is a helper, not a dependency: when it fails (database down, a timeout),
 * the scheduler keeps going on local pacing alone, which is what a single daemon does anyway.
 * More 429s are possible meanwhile, and the retry policy absorbs them; a stalled or crashed
 * import would be worse. SharedQuotaLink below is that decision, in one place.
 */
import { abortReason } from './abortable.js';
import type { Logger } from '../log/logger.js';
import type { RateLimitInfo } from './retry-policy.js';

export interface SharedQuota {
  /**
   * Waits until the pool's budget for this store allows one more request, and counts it.
   * Resolves with the time it held the request (ms, 0 when at once); rejects with the abort
   * reason when `signal` fires, or with an error (ideally a SharedQuotaUnavailableError)
   * when the shared store cannot be reached.
   */
  take(storeHash: string, signal?: AbortSignal): Promise<number>;
  /**
   * What a response's X-Rate-Limit-* headers said. Times are in the caller's clock scale
   * (the scheduler multiplies them by its policy's timeScale, as it does for its own waits).
   */
  observe(storeHash: string, rl: RateLimitInfo): Promise<void>;
  /** A 429 (a pauseAll decision): every process holds off this long (ms, caller's scale). */
  pause(storeHash: string, ms: number): Promise<void>;
}

/** The shared store did not answer; `cause` keeps what it said. */
export class SharedQuotaUnavailableError extends Error {
  override readonly name = 'SharedQuotaUnavailableError';
}

/** How long a scheduler paces alone after the shared store failed, before asking it again (ms, scaled). */
export const SHARED_QUOTA_FALLBACK_MS = 30_000;

export interface SharedQuotaLinkOptions {
  readonly storeHash: string;
  readonly logger: Logger;
  /** the scheduler's clock (ms) */
  readonly now: () => number;
  /** the scheduler's policy.timeScale: header times and the fallback period are multiplied by it */
  readonly timeScale: number;
  /** default SHARED_QUOTA_FALLBACK_MS */
  readonly fallbackMs?: number;
}

/**
 * A scheduler's connection to the shared quota of its store. Any failure of the shared store
 * (other than the caller's abort) switches the link off for `fallbackMs`: takes are granted at
 * once and observations dropped, so the scheduler's local pacing alone decides. One warning per
 * outage, one line when the store answers again.
 */
export class SharedQuotaLink {
  private readonly fallbackMs: number;
  /** clock time until which the shared store is not asked; undefined while it answers */
  private offUntil: number | undefined;
  private failures = 0;

  constructor(
    private readonly quota: SharedQuota,
    private readonly opts: SharedQuotaLinkOptions,
  ) {
    this.fallbackMs = (opts.fallbackMs ?? SHARED_QUOTA_FALLBACK_MS) * opts.timeScale;
  }

  /** Whether the shared store is asked at the moment (false while falling back to local pacing). */
  get active(): boolean {
    return this.offUntil === undefined || this.opts.now() >= this.offUntil;
  }

  /** Failures of the shared store so far (each one started or extended a fallback period). */
  get failureCount(): number {
    return this.failures;
  }

  /** Resolves with the time the pool held the request (ms); 0 while falling back. */
  async take(signal: AbortSignal | undefined): Promise<number> {
    if (!this.active) return 0;
    try {
      const waited = await this.quota.take(this.opts.storeHash, signal);
      this.answered();
      return waited;
    } catch (err) {
      if (signal?.aborted) throw abortReason(signal);
      this.failed(err);
      return 0;
    }
  }

  async observe(rl: RateLimitInfo): Promise<void> {
    if (!this.active) return;
    const s = this.opts.timeScale;
    const scaled: RateLimitInfo = {
      ...rl,
      ...(rl.timeResetMs === undefined ? {} : { timeResetMs: Math.round(rl.timeResetMs * s) }),
      ...(rl.timeWindowMs === undefined ? {} : { timeWindowMs: Math.round(rl.timeWindowMs * s) }),
    };
    try {
      await this.quota.observe(this.opts.storeHash, scaled);
      this.answered();
    } catch (err) {
      this.failed(err);
    }
  }

  async pause(ms: number): Promise<void> {
    if (!this.active) return;
    try {
      await this.quota.pause(this.opts.storeHash, Math.round(ms));
      this.answered();
    } catch (err) {
      this.failed(err);
    }
  }

  private answered(): void {
    if (this.offUntil === undefined) return;
    this.offUntil = undefined;
    this.opts.logger.info({ store: this.opts.storeHash }, 'shared BigCommerce quota reachable again');
  }

  private failed(err: unknown): void {
    this.failures++;
    const first = this.offUntil === undefined;
    this.offUntil = this.opts.now() + this.fallbackMs;
    const fields = {
      store: this.opts.storeHash,
      err: err instanceof Error ? err.message : String(err),
      fallbackMs: this.fallbackMs,
    };
    // Once per outage: a database that stays down would otherwise log every fallbackMs per store.
    if (first)
      this.opts.logger.warn(fields, 'shared BigCommerce quota unavailable: pacing on this process alone meanwhile');
    else this.opts.logger.debug(fields, 'shared BigCommerce quota still unavailable');
  }
}
