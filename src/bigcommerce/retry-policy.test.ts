import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  rateLimitWaitMs,
  retryPolicy,
  writeOutcomeUnknown,
  type AttemptOutcome,
} from './retry-policy.js';

const p = DEFAULT_RETRY_POLICY;
const resp = (status: number, rateLimit = {}): AttemptOutcome => ({ kind: 'response', status, rateLimit });

describe('backoffDelay', () => {
  it.each([
    // attempt, random, expected: random × min(60 000, 1000 × 2^(attempt-1))
    [1, 0.999_999, 999],
    [2, 0.5, 1_000],
    [3, 0.5, 2_000],
    [7, 0.999_999, 59_999],
    [20, 0.999_999, 59_999], // capped
    [3, 0, 0], // full jitter reaches 0
  ])('attempt %i with random %f → %i ms', (attempt, random, expected) => {
    expect(backoffDelay(attempt, p, () => random)).toBe(expected);
  });

  it('stays within [0, cap] for any random value, including out-of-range ones', () => {
    for (const r of [-1, 0, 0.3, 1, 2, Number.NaN]) {
      const d = backoffDelay(30, p, () => r);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(p.maxDelayMs);
    }
  });
});

describe('rateLimitWaitMs', () => {
  it.each([
    [{ timeResetMs: 15_000 }, 15_000],
    [{ retryAfterSeconds: 20 }, 20_000],
    [{ timeResetMs: 15_000, retryAfterSeconds: 20 }, 20_000],
    [{ timeResetMs: 25_000, retryAfterSeconds: 20 }, 25_000],
    [{ requestsLeft: 0 }, undefined],
    [{}, undefined],
  ])('%j → %s', (info, expected) => {
    expect(rateLimitWaitMs(info)).toBe(expected);
  });
});

describe('decideRetry', () => {
  const none = { rateLimited: 0, failed: 0 };

  it.each([500, 502, 503, 504])('%i is retried as server_error with backoff', (status) => {
    expect(decideRetry(resp(status), { rateLimited: 0, failed: 1 }, p, () => 0.5)).toEqual({
      retry: true,
      reason: 'server_error',
      delayMs: 500,
      pauseAll: false,
    });
  });

  it.each([400, 401, 403, 404, 405, 409, 422, 501, 505])('%i is never retried', (status) => {
    expect(decideRetry(resp(status), { rateLimited: 0, failed: 1 }, p)).toEqual({ retry: false, exhausted: false });
  });

  it('5xx stops at maxAttempts (8 by default)', () => {
    expect(decideRetry(resp(503), { rateLimited: 0, failed: 7 }, p).retry).toBe(true);
    expect(decideRetry(resp(503), { rateLimited: 0, failed: 8 }, p)).toEqual({ retry: false, exhausted: true });
  });

  it('network errors and timeouts share the 5xx budget', () => {
    expect(decideRetry({ kind: 'network', code: 'ECONNRESET' }, { rateLimited: 0, failed: 2 }, p, () => 0.5)).toEqual({
      retry: true,
      reason: 'network',
      delayMs: 1_000,
      pauseAll: false,
    });
    expect(decideRetry({ kind: 'timeout' }, { rateLimited: 0, failed: 1 }, p, () => 0)).toEqual({
      retry: true,
      reason: 'timeout',
      delayMs: 0,
      pauseAll: false,
    });
    expect(decideRetry({ kind: 'timeout' }, { rateLimited: 0, failed: 8 }, p)).toEqual({
      retry: false,
      exhausted: true,
    });
  });

  it.each(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH'])(
    'an unreachable host (%s) gets 3 quick tries, each wait at most 1 s',
    (code) => {
      const out = { kind: 'network', code } as const;
      expect(decideRetry(out, { rateLimited: 0, failed: 2 }, p, () => 0.999)).toEqual({
        retry: true,
        reason: 'unreachable',
        delayMs: 1_000,
        pauseAll: false,
      });
      expect(decideRetry(out, { rateLimited: 0, failed: 3 }, p)).toEqual({ retry: false, exhausted: true });
    },
  );

  it('an unreachable host never gets more tries than maxAttempts', () => {
    const one = retryPolicy({ maxAttempts: 1 });
    expect(decideRetry({ kind: 'network', code: 'ECONNREFUSED' }, { rateLimited: 0, failed: 1 }, one)).toEqual({
      retry: false,
      exhausted: true,
    });
  });

  it('a dropped socket (ECONNRESET) or an unknown failure keeps the patient budget', () => {
    for (const code of ['ECONNRESET', undefined]) {
      expect(decideRetry({ kind: 'network', code }, { rateLimited: 0, failed: 5 }, p).retry).toBe(true);
    }
  });

  it('429 with headers waits the longer header wait (plus jitter) and pauses the whole store', () => {
    const d = decideRetry(
      resp(429, { timeResetMs: 3_000, retryAfterSeconds: 5 }),
      { rateLimited: 1, failed: 0 },
      p,
      () => 0.5,
    );
    expect(d).toEqual({ retry: true, reason: 'rate_limit', delayMs: 5_000 + 125, pauseAll: true });
  });

  it('429 asking for 0 ms still waits the floor', () => {
    const d = decideRetry(resp(429, { timeResetMs: 0 }), { rateLimited: 1, failed: 0 }, p, () => 0);
    expect(d).toMatchObject({ retry: true, delayMs: p.minRateLimitWaitMs });
  });

  it('429 without headers is overload: exponential backoff, this request only', () => {
    expect(decideRetry(resp(429), { rateLimited: 3, failed: 0 }, p, () => 0.5)).toEqual({
      retry: true,
      reason: 'overload',
      delayMs: 2_000,
      pauseAll: false,
    });
  });

  it('429 has its own cap (20 by default), independent of 5xx failures', () => {
    expect(decideRetry(resp(429, { timeResetMs: 1 }), { rateLimited: 19, failed: 8 }, p).retry).toBe(true);
    expect(decideRetry(resp(429, { timeResetMs: 1 }), { rateLimited: 20, failed: 0 }, p)).toEqual({
      retry: false,
      exhausted: true,
    });
  });

  it('policies are data: overrides change the decision', () => {
    const strict = retryPolicy({ maxAttempts: 1, retryableStatuses: new Set([503]) });
    expect(decideRetry(resp(503), { rateLimited: 0, failed: 1 }, strict)).toEqual({ retry: false, exhausted: true });
    expect(decideRetry(resp(500), none, strict)).toEqual({ retry: false, exhausted: false });
    expect(Object.isFrozen(strict)).toBe(true);
  });
});

describe('a write that is not idempotent (a shipment POST, a relative adjustment)', () => {
  const once = { rateLimited: 0, failed: 1 };
  it.each<[string, AttemptOutcome]>([
    ['a timeout', { kind: 'timeout' }],
    ['a dropped connection', { kind: 'network', code: 'ECONNRESET' }],
    ['a network error without a code', { kind: 'network' }],
    ['a 500', resp(500)],
    ['a 502 from the gateway', resp(502)],
    ['a 503', resp(503)],
    ['a 504', resp(504)],
  ])('is not repeated after %s, which does not say whether it was carried out', (_what, outcome) => {
    expect(writeOutcomeUnknown(outcome, p)).toBe(true);
    expect(decideRetry(outcome, once, p, () => 0.5, false)).toEqual({
      retry: false,
      exhausted: false,
      outcomeUnknown: true,
    });
    // the same outcome of an idempotent request is retried
    expect(decideRetry(outcome, once, p, () => 0.5, true).retry).toBe(true);
  });

  it.each<[string, AttemptOutcome]>([
    ['a quota 429', resp(429, { timeResetMs: 1000 })],
    ['a platform-busy 429', resp(429)],
    ['a refused connection', { kind: 'network', code: 'ECONNREFUSED' }],
    ['an unknown host', { kind: 'network', code: 'ENOTFOUND' }],
  ])('is retried after %s, which says it was not carried out', (_what, outcome) => {
    expect(writeOutcomeUnknown(outcome, p)).toBe(false);
    const counts = outcome.kind === 'response' ? { rateLimited: 1, failed: 0 } : once;
    expect(decideRetry(outcome, counts, p, () => 0.5, false).retry).toBe(true);
  });

  it.each([400, 404, 422])('ends on a %i, an answer that says what happened (not applied)', (status) => {
    expect(writeOutcomeUnknown(resp(status), p)).toBe(false);
    expect(decideRetry(resp(status), once, p, () => 0.5, false)).toEqual({ retry: false, exhausted: false });
  });
});
