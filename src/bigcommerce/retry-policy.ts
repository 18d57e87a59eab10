/**
 * What to retry and how long to wait, as data plus pure functions (cf. octokit's retry
 * plugin): the scheduler only executes these decisions, so every branch here is tested
 * without a clock or a network.
 */

/** Why a request is retried; also the key of the scheduler's retry counters. */
export type RetryReason =
  /** 429 carrying the quota headers: wait for the window to reset */
  | 'rate_limit'
  /** 429 without headers: the platform is overloaded, back off exponentially */
  | 'overload'
  | 'server_error'
  | 'network'
  /** no such host, or nothing listening: a couple of quick tries, then the reason is reported */
  | 'unreachable'
  | 'timeout';

export const RETRY_REASONS: readonly RetryReason[] = [
  'rate_limit',
  'overload',
  'server_error',
  'network',
  'unreachable',
  'timeout',
];

export interface RetryPolicy {
  /**
   * 5xx statuses worth another try. 501 and 505 are absent on purpose: BigCommerce calls
   * them persistent (4_errors.md), so retrying only burns quota.
   */
  readonly retryableStatuses: ReadonlySet<number>;
  /** total attempts (first one included) for 5xx, network errors and timeouts */
  readonly maxAttempts: number;
  /**
   * System error codes that say the host is not there at all (no such name, nothing listening):
   * no amount of patience helps, so they get `maxUnreachableAttempts` quick tries, not
   * `maxAttempts` slow ones. A reset or dropped socket (ECONNRESET, UND_ERR_SOCKET) is not here.
   */
  readonly unreachableCodes: ReadonlySet<string>;
  /** total attempts (first one included) when the host is unreachable */
  readonly maxUnreachableAttempts: number;
  /** no single wait before retrying an unreachable host exceeds this */
  readonly maxUnreachableDelayMs: number;
  /** total attempts for 429s; counted apart because waiting out a window is normal, not a fault */
  readonly maxRateLimitAttempts: number;
  /** first backoff ceiling in ms; doubles per attempt */
  readonly baseDelayMs: number;
  /** no single backoff exceeds this */
  readonly maxDelayMs: number;
  /** random ms added to a header-directed 429 wait, so parallel requests do not all fire at the reset instant */
  readonly rateLimitJitterMs: number;
  /** a 429 whose headers say "wait 0" still waits this long, so a confused server is not hammered */
  readonly minRateLimitWaitMs: number;
  /**
   * Multiplies every wait the scheduler makes (backoff, 429 waits, quota-window pacing).
   * 1 in production; tests use e.g. 0.001 so a 30 s window passes in 30 ms while the header
   * values and the arithmetic stay realistic.
   */
  readonly timeScale: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  retryableStatuses: new Set([500, 502, 503, 504]),
  maxAttempts: 8,
  unreachableCodes: new Set([
    'ENOTFOUND',
    'EAI_AGAIN',
    'ECONNREFUSED',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'ERR_FETCH_BAD_PORT', // http.ts: a port fetch refuses to use
  ]),
  maxUnreachableAttempts: 3,
  maxUnreachableDelayMs: 1_000,
  maxRateLimitAttempts: 20,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  rateLimitJitterMs: 250,
  minRateLimitWaitMs: 100,
  timeScale: 1,
});

export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return Object.freeze({ ...DEFAULT_RETRY_POLICY, ...overrides });
}

/**
 * Full-jitter exponential backoff (AWS "Exponential Backoff and Jitter"): a uniform draw in
 * [0, min(cap, base·2^(attempt-1))]. Full jitter spreads competing clients best, and the
 * cap keeps a long outage from turning into hour-long sleeps. `attempt` is 1 for the first
 * retry. Unscaled: the caller applies `timeScale`.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(clamp01(random()) * exp);
}

/** The quota headers of one response (any of them may be missing). */
export interface RateLimitInfo {
  readonly requestsLeft?: number;
  readonly requestsQuota?: number;
  readonly timeResetMs?: number;
  readonly timeWindowMs?: number;
  /** X-Retry-After, in seconds */
  readonly retryAfterSeconds?: number;
}

/** What one attempt ended with, as far as retrying is concerned. */
export type AttemptOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly rateLimit: RateLimitInfo }
  | { readonly kind: 'network'; readonly code?: string }
  | { readonly kind: 'timeout' };

/** Attempts made so far, per budget. */
export interface AttemptCounts {
  /** attempts that ended in 429 */
  readonly rateLimited: number;
  /** attempts that ended in a retryable 5xx, a network error or a timeout */
  readonly failed: number;
}

export type RetryDecision =
  | { readonly retry: true; readonly reason: RetryReason; readonly delayMs: number; readonly pauseAll: boolean }
  | {
      readonly retry: false;
      readonly exhausted: boolean;
      /** a write that is not idempotent got no answer saying whether it was applied (see writeOutcomeUnknown) */
      readonly outcomeUnknown?: true;
    };

/**
 * Whether an attempt ended without saying if the request was carried out: a timeout, a
 * dropped connection, a 5xx (a 502 or 504 comes from a gateway while the store may have done
 * the work). A 429 or a host never reached says it was not; any other answer says what
 * happened. Sending again a write that is not idempotent after such an outcome could make it
 * twice (two shipments, a stock moved twice), so it is not retried: the caller looks first.
 */
export function writeOutcomeUnknown(outcome: AttemptOutcome, policy: RetryPolicy): boolean {
  if (outcome.kind === 'response') return outcome.status >= 500;
  return !isUnreachable(outcome, policy);
}

/**
 * Decides whether to retry after an attempt (counts already include it) and how long to
 * wait, unscaled. `pauseAll` means the wait concerns the whole store's quota, so every
 * request of the store should hold off, not just this one. A request that is not `idempotent`
 * (a POST that creates) is retried only after an outcome saying it was not carried out.
 */
export function decideRetry(
  outcome: AttemptOutcome,
  counts: AttemptCounts,
  policy: RetryPolicy,
  random: () => number = Math.random,
  idempotent = true,
): RetryDecision {
  if (!idempotent && writeOutcomeUnknown(outcome, policy))
    return { retry: false, exhausted: false, outcomeUnknown: true };
  if (outcome.kind === 'response') {
    const { status, rateLimit } = outcome;
    if (status === 429) {
      if (counts.rateLimited >= policy.maxRateLimitAttempts) return { retry: false, exhausted: true };
      const wait = rateLimitWaitMs(rateLimit);
      if (wait === undefined) {
        return {
          retry: true,
          reason: 'overload',
          delayMs: backoffDelay(counts.rateLimited, policy, random),
          pauseAll: false,
        };
      }
      const jitter = Math.floor(clamp01(random()) * policy.rateLimitJitterMs);
      return {
        retry: true,
        reason: 'rate_limit',
        delayMs: Math.max(wait, policy.minRateLimitWaitMs) + jitter,
        pauseAll: true,
      };
    }
    if (!policy.retryableStatuses.has(status)) return { retry: false, exhausted: false };
    if (counts.failed >= policy.maxAttempts) return { retry: false, exhausted: true };
    return {
      retry: true,
      reason: 'server_error',
      delayMs: backoffDelay(counts.failed, policy, random),
      pauseAll: false,
    };
  }
  if (isUnreachable(outcome, policy)) {
    if (counts.failed >= Math.min(policy.maxAttempts, policy.maxUnreachableAttempts))
      return { retry: false, exhausted: true };
    const delayMs = Math.min(backoffDelay(counts.failed, policy, random), policy.maxUnreachableDelayMs);
    return { retry: true, reason: 'unreachable', delayMs, pauseAll: false };
  }
  if (counts.failed >= policy.maxAttempts) return { retry: false, exhausted: true };
  const reason: RetryReason = outcome.kind === 'timeout' ? 'timeout' : 'network';
  return { retry: true, reason, delayMs: backoffDelay(counts.failed, policy, random), pauseAll: false };
}

/** A network failure whose code says the host is not there (DNS failure, connection refused). */
export function isUnreachable(outcome: AttemptOutcome, policy: RetryPolicy): boolean {
  return outcome.kind === 'network' && outcome.code !== undefined && policy.unreachableCodes.has(outcome.code);
}

/**
 * The wait a 429 asks for: the longer of X-Rate-Limit-Time-Reset-Ms and X-Retry-After
 * (4_errors.md: "honor the longer of the two"); undefined when neither header came.
 */
export function rateLimitWaitMs(info: RateLimitInfo): number | undefined {
  const reset = info.timeResetMs;
  const after = info.retryAfterSeconds === undefined ? undefined : info.retryAfterSeconds * 1000;
  if (reset === undefined && after === undefined) return undefined;
  return Math.max(reset ?? 0, after ?? 0);
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(Math.max(x, 0), 0.999_999_999) : 0;
}
