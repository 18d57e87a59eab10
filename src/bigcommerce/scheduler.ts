/**
 * Quota in one place (cf. tap-bigcommerce): every request to one store goes through that
 * store's RequestScheduler, which reads the X-Rate-Limit-* headers after each response and
 * holds requests back *before* the store's quota runs dry, leaving headroom for the other
 * apps that share it. It executes what retry-policy.ts decides and turns the final outcome
 * into a typed error. Schedulers are created by a SchedulerRegistry the app owns, never as
 * module singletons, so tests and multi-store daemons stay isolated.
 */
import { setMaxListeners } from 'node:events';
import PQueue from 'p-queue';
import { abortReason, sleep } from './abortable.js';
import { silentLogger, type Logger } from '../log/logger.js';
import {
  type BigCommerceError,
  BigCommerceNetworkError,
  BigCommerceResponseError,
  BigCommerceTimeoutError,
  errorFromResponse,
} from './errors.js';
import { networkErrorCode, readRateLimit, ResponseParseError, type HttpResponse } from './http.js';
import {
  decideRetry,
  retryPolicy,
  RETRY_REASONS,
  type AttemptOutcome,
  type RateLimitInfo,
  type RetryPolicy,
  type RetryReason,
} from './retry-policy.js';
import { SharedQuotaLink, type SharedQuota } from './shared-quota.js';

export interface SchedulerOptions {
  /** requests in flight at once (default 4) */
  readonly concurrency?: number;
  /** share of the quota left untouched for the store's other apps (default 0.2) */
  readonly headroom?: number;
  /** per-attempt timeout in ms, body download included (default 60 000; not scaled) */
  readonly timeoutMs?: number;
  readonly policy?: Partial<RetryPolicy>;
  readonly logger?: Logger;
  /** for jitter; tests pass a fixed one */
  readonly random?: () => number;
  /** aborting it (shutdown) stops every wait and rejects queued requests */
  readonly signal?: AbortSignal;
  /** only for log fields and stats */
  readonly storeHash?: string;
  /** monotonic clock in ms (default performance.now) */
  readonly now?: () => number;
  /**
   * The store's budget shared with other processes (a daemon pool): asked before every request
   * after the local checks, told every response's quota headers and every store-wide pause.
   * Needs `storeHash`. When it fails, this scheduler paces alone for a while (shared-quota.ts).
   */
  readonly sharedQuota?: SharedQuota;
}

/** What the scheduler needs to know about a request; the request itself stays in `send`. */
export interface RequestInfo {
  readonly method: string;
  /** path and query, for logs and errors (no secrets) */
  readonly path: string;
  /** host, so a network error can say which host was unreachable */
  readonly host: string;
  /**
   * Whether sending it twice does no more than sending it once; default: every method but
   * POST. A request that is not is never repeated after an answer that leaves open whether it
   * was carried out (retry-policy.ts, writeOutcomeUnknown).
   */
  readonly idempotent?: boolean;
}

export interface SchedulerStats {
  readonly storeHash: string | undefined;
  /** HTTP attempts put on the wire (first tries and retries) */
  readonly requestsSent: number;
  /** requests that ended with a 2xx */
  readonly succeeded: number;
  /** requests that ended with a typed error */
  readonly failed: number;
  readonly retries: Readonly<Record<RetryReason, number>>;
  /** 429 responses seen (retried or not) */
  readonly rateLimited: number;
  /** X-Rate-Limit-Requests-Left as last understood; undefined until a response carried it */
  readonly quotaLeft: number | undefined;
  readonly quota: number | undefined;
  /** requests waiting for a slot plus requests holding one */
  readonly queueDepth: number;
  readonly inFlight: number;
  /**
   * times a request was held back to keep the headroom (here or by the shared quota), and the
   * total time held (ms, scaled)
   */
  readonly pacingWaits: number;
  readonly pacingWaitMs: number;
}

interface QuotaState {
  left: number | undefined;
  quota: number | undefined;
  windowMs: number | undefined;
  /** clock time at which the current window resets (scaled) */
  resetAt: number | undefined;
}

export class RequestScheduler {
  private readonly queue: PQueue;
  private readonly policy: RetryPolicy;
  private readonly headroom: number;
  private readonly timeoutMs: number;
  private readonly logger: Logger;
  private readonly random: () => number;
  private readonly signal: AbortSignal | undefined;
  private readonly storeHash: string | undefined;
  private readonly now: () => number;
  private readonly shared: SharedQuotaLink | undefined;

  private readonly q: QuotaState = { left: undefined, quota: undefined, windowMs: undefined, resetAt: undefined };
  private pausedUntil = 0;
  private inFlight = 0;
  /** requests past the local checks that wait for the shared quota; they count against `left` too */
  private awaitingShared = 0;
  private readonly counters = {
    requestsSent: 0,
    succeeded: 0,
    failed: 0,
    rateLimited: 0,
    pacingWaits: 0,
    pacingWaitMs: 0,
  };
  private readonly retries: Record<RetryReason, number> = Object.fromEntries(
    RETRY_REASONS.map((r) => [r, 0]),
  ) as Record<RetryReason, number>;

  constructor(opts: SchedulerOptions = {}) {
    const concurrency = opts.concurrency ?? 4;
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
    const headroom = opts.headroom ?? 0.2;
    if (!(headroom >= 0 && headroom < 1)) throw new RangeError(`headroom must be in [0, 1), got ${headroom}`);
    this.queue = new PQueue({ concurrency });
    this.policy = retryPolicy(opts.policy);
    this.headroom = headroom;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.logger = opts.logger ?? silentLogger;
    this.random = opts.random ?? Math.random;
    this.signal = opts.signal;
    this.storeHash = opts.storeHash;
    this.now = opts.now ?? (() => performance.now());
    if (opts.sharedQuota && opts.storeHash === undefined)
      throw new RangeError('a scheduler with a sharedQuota needs the storeHash it paces');
    this.shared =
      opts.sharedQuota && opts.storeHash !== undefined
        ? new SharedQuotaLink(opts.sharedQuota, {
            storeHash: opts.storeHash,
            logger: this.logger,
            now: this.now,
            timeScale: this.policy.timeScale,
          })
        : undefined;
  }

  /**
   * Runs `send` under the concurrency cap, quota pacing and retry policy. Resolves with the
   * 2xx response; rejects with a BigCommerceError subclass, or with the abort reason when
   * `signal` or the scheduler's shutdown signal fires.
   */
  execute(
    info: RequestInfo,
    send: (signal: AbortSignal) => Promise<HttpResponse>,
    signal?: AbortSignal,
  ): Promise<HttpResponse> {
    const stop = combine([this.signal, signal]);
    return this.queue.add(() => this.run(info, send, stop), stop ? { signal: stop } : {});
  }

  stats(): SchedulerStats {
    return {
      storeHash: this.storeHash,
      ...this.counters,
      retries: { ...this.retries },
      quotaLeft: this.q.left,
      quota: this.q.quota,
      queueDepth: this.queue.pending + this.queue.size,
      inFlight: this.inFlight,
    };
  }

  /** Resolves when nothing is queued or running. */
  onIdle(): Promise<void> {
    return this.queue.onIdle();
  }

  private async run(
    info: RequestInfo,
    send: (signal: AbortSignal) => Promise<HttpResponse>,
    stop: AbortSignal | undefined,
  ): Promise<HttpResponse> {
    let rateLimited = 0;
    let failed = 0;
    // Every request in flight listens to the run's stop signal: more than Node's default 10
    // at once is the design (concurrency, order sub-resources), not a leak.
    if (stop) setMaxListeners(0, stop);
    for (let attempt = 1; ; attempt++) {
      await this.awaitTurn(info, stop);
      this.counters.requestsSent++;
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), this.timeoutMs);
      let response: HttpResponse | undefined;
      let thrown: unknown;
      try {
        response = await send(combine([timeout.signal, stop]) ?? timeout.signal);
      } catch (err) {
        thrown = err;
      } finally {
        clearTimeout(timer);
        this.inFlight--;
      }

      if (stop?.aborted) throw abortReason(stop);
      let outcome: AttemptOutcome;
      if (response) {
        const rateLimit = readRateLimit(response.headers);
        this.observe(rateLimit);
        if (this.shared && hasQuotaHeaders(rateLimit)) await this.shared.observe(rateLimit);
        if (response.status >= 200 && response.status < 300) {
          this.counters.succeeded++;
          return response;
        }
        if (response.status === 429) {
          rateLimited++;
          this.counters.rateLimited++;
        } else if (this.policy.retryableStatuses.has(response.status)) {
          failed++;
        }
        outcome = { kind: 'response', status: response.status, rateLimit };
      } else if (thrown instanceof ResponseParseError) {
        this.counters.failed++;
        throw new BigCommerceResponseError(`BigCommerce ${info.method} ${info.path}: ${thrown.message}`, {
          method: info.method,
          path: info.path,
          status: thrown.status,
          attempts: attempt,
          cause: thrown,
        });
      } else {
        failed++;
        outcome = timeout.signal.aborted ? { kind: 'timeout' } : { kind: 'network', code: networkErrorCode(thrown) };
      }

      const idempotent = info.idempotent ?? info.method !== 'POST';
      const decision = decideRetry(outcome, { rateLimited, failed }, this.policy, this.random, idempotent);
      if (!decision.retry) {
        this.counters.failed++;
        throw this.finalError(info, outcome, response, thrown, attempt, decision.outcomeUnknown === true);
      }
      const waitMs = Math.round(decision.delayMs * this.policy.timeScale);
      this.retries[decision.reason]++;
      if (decision.pauseAll) {
        // The quota is the store's, not this request's: everyone holds off until it resets.
        this.pausedUntil = Math.max(this.pausedUntil, this.now() + waitMs);
        // ... and so does every other process of the pool.
        await this.shared?.pause(waitMs);
      }
      this.logRetry(info, outcome, decision.reason, attempt, waitMs);
      await sleep(waitMs, stop);
    }
  }

  /**
   * One line per retry. Quota waits and 5xx are routine (debug); a host that gave no answer is
   * what an operator needs to see while it happens (warn), with the host and the system code.
   */
  private logRetry(info: RequestInfo, outcome: AttemptOutcome, reason: RetryReason, attempt: number, waitMs: number) {
    const code = outcome.kind === 'network' ? outcome.code : undefined;
    const fields = {
      store: this.storeHash,
      method: info.method,
      path: info.path,
      attempt,
      reason,
      status: outcome.kind === 'response' ? outcome.status : undefined,
      code,
      waitMs,
    };
    if (outcome.kind === 'response') return this.logger.debug(fields, `BigCommerce request retry (${reason})`);
    const cap =
      reason === 'unreachable'
        ? Math.min(this.policy.maxAttempts, this.policy.maxUnreachableAttempts)
        : this.policy.maxAttempts;
    const what =
      outcome.kind === 'timeout'
        ? `no answer from ${info.host} within ${this.timeoutMs} ms`
        : `cannot reach ${info.host} (${code ?? 'network error'})`;
    this.logger.warn(
      fields,
      `BigCommerce request retry (${reason}): ${what}; attempt ${attempt} of ${cap}, next in ${(waitMs / 1000).toFixed(1)} s`,
    );
  }

  /**
   * Waits until this request may go: after any store-wide 429 pause, and while the quota
   * left (minus what is already in flight) would drop below the headroom, until the window
   * resets. Reserves the slot synchronously (inFlight++) so parallel callers cannot all
   * pass the same check. With a shared quota, the pool's budget is asked last; a request
   * waiting for it already holds its local slot (awaitingShared), for the same reason.
   */
  private async awaitTurn(info: RequestInfo, stop: AbortSignal | undefined): Promise<void> {
    for (;;) {
      if (stop?.aborted) throw abortReason(stop);
      const now = this.now();
      if (this.pausedUntil > now) {
        await sleep(this.pausedUntil - now, stop);
        continue;
      }
      const q = this.q;
      if (q.resetAt !== undefined && now >= q.resetAt) {
        // The window rolled over: assume a full quota until a response says otherwise.
        q.left = q.quota;
        q.resetAt = q.windowMs !== undefined ? now + q.windowMs * this.policy.timeScale : undefined;
      }
      if (q.left !== undefined && q.quota !== undefined && q.resetAt !== undefined) {
        const reserve = this.reserve(q.quota);
        if (q.left - this.inFlight - this.awaitingShared - 1 < reserve) {
          const waitMs = Math.max(1, Math.ceil(q.resetAt - now));
          this.counters.pacingWaits++;
          this.counters.pacingWaitMs += waitMs;
          this.logger.debug(
            {
              store: this.storeHash,
              method: info.method,
              path: info.path,
              reason: 'quota_headroom',
              quotaLeft: q.left,
              inFlight: this.inFlight,
              reserve,
              waitMs,
            },
            'BigCommerce quota low: waiting for the window to reset',
          );
          await sleep(waitMs, stop);
          continue;
        }
      }
      if (this.shared && !(await this.takeShared(stop))) continue;
      this.inFlight++;
      return;
    }
  }

  /**
   * The pool's turn; false when a 429 paused the store while this request waited for it. The
   * pool's grant is then given up rather than spent on a request the store would refuse.
   */
  private async takeShared(stop: AbortSignal | undefined): Promise<boolean> {
    const shared = this.shared as SharedQuotaLink;
    this.awaitingShared++;
    let waited: number;
    try {
      waited = await shared.take(stop);
    } finally {
      this.awaitingShared--;
    }
    if (waited > 0) {
      this.counters.pacingWaits++;
      this.counters.pacingWaitMs += waited;
    }
    return this.pausedUntil <= this.now();
  }

  /** Requests kept back for other apps; at least one request per window always stays usable. */
  private reserve(quota: number): number {
    return Math.max(0, Math.min(Math.ceil(quota * this.headroom), quota - 1));
  }

  /**
   * Takes in the quota headers of a response. Responses overtake each other, so within one
   * window only a lower `left` is believed; a higher one is believed once the window reset.
   */
  private observe(rl: RateLimitInfo): void {
    const q = this.q;
    const now = this.now();
    if (rl.requestsQuota !== undefined) q.quota = rl.requestsQuota;
    if (rl.timeWindowMs !== undefined) q.windowMs = rl.timeWindowMs;
    if (rl.requestsLeft === undefined) return;
    const windowOver = q.resetAt === undefined || now >= q.resetAt;
    if (q.left === undefined || rl.requestsLeft <= q.left || windowOver) {
      q.left = rl.requestsLeft;
      q.resetAt = rl.timeResetMs !== undefined ? now + rl.timeResetMs * this.policy.timeScale : q.resetAt;
    }
  }

  private finalError(
    info: RequestInfo,
    outcome: AttemptOutcome,
    response: HttpResponse | undefined,
    thrown: unknown,
    attempts: number,
    outcomeUnknown: boolean,
  ): BigCommerceError {
    const base = { method: info.method, path: info.path, attempts, outcomeUnknown };
    if (response) return errorFromResponse({ ...base, status: response.status, body: response.body });
    if (outcome.kind === 'timeout') {
      return new BigCommerceTimeoutError(
        `BigCommerce ${info.method} ${info.path}: no answer from ${info.host} within ${this.timeoutMs} ms (${attempts} attempts)`,
        { ...base, timeoutMs: this.timeoutMs, cause: thrown },
      );
    }
    const code = outcome.kind === 'network' ? outcome.code : undefined;
    return new BigCommerceNetworkError(
      `BigCommerce ${info.method} ${info.path}: cannot reach ${info.host} (${code ?? 'network error'}) after ${attempts} attempts`,
      { ...base, host: info.host, code, cause: thrown },
    );
  }
}

/**
 * One scheduler per store, created on first use. The app creates one registry and passes
 * it (or the scheduler it hands out) to every client of the same store, so they share one
 * quota budget; the daemon's /metrics reads `stats()`.
 */
export class SchedulerRegistry {
  private readonly schedulers = new Map<string, RequestScheduler>();

  constructor(private readonly defaults: SchedulerOptions = {}) {}

  get(storeHash: string, overrides: SchedulerOptions = {}): RequestScheduler {
    let s = this.schedulers.get(storeHash);
    if (!s) {
      s = new RequestScheduler({ ...this.defaults, ...overrides, storeHash });
      this.schedulers.set(storeHash, s);
    }
    return s;
  }

  stats(): Record<string, SchedulerStats> {
    return Object.fromEntries([...this.schedulers].map(([hash, s]) => [hash, s.stats()]));
  }

  async onIdle(): Promise<void> {
    await Promise.all([...this.schedulers.values()].map((s) => s.onIdle()));
  }
}

function hasQuotaHeaders(rl: RateLimitInfo): boolean {
  return rl.requestsLeft !== undefined || rl.requestsQuota !== undefined || rl.timeWindowMs !== undefined;
}

function combine(signals: readonly (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}
