/**
 * Which Odoo calls are retried and how long to wait, as data plus pure functions (STYLE §8, cf.
 * bigcommerce/retry-policy.ts): the transport only executes these decisions. Only calls safe
 * to repeat are retried — read-only methods, or a caller's `retryable: true` — because a
 * `create` that timed out may have committed in Odoo. The errors worth another try are marked
 * `retryable` where they are built (responses.ts, transport.ts) from the lists below.
 */
import { OdooError } from './errors.js';

/** Methods that change nothing: retried by default. */
export const READ_ONLY_METHODS: ReadonlySet<string> = new Set([
  'search',
  'search_read',
  'read',
  'search_count',
  'fields_get',
  'name_search',
  'read_group',
  'default_get',
  'check_access_rights',
  'has_group',
  'has_access',
  'check_access',
  'exists',
  'context_get',
  'search_fetch',
  'web_search_read',
  'web_read',
  'formatted_read_group',
  'authenticate',
  'version',
]);

/** HTTP statuses of a busy or restarting server (proxy in front of Odoo included). */
export const RETRYABLE_STATUS: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Network errors another try cannot fix: an unknown host, a bad URL, a certificate refused. */
export const PERMANENT_NET_CODES = /^(ENOTFOUND|ERR_INVALID_URL|CERT_|ERR_TLS|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_VERIFY)/;

export interface OdooRetryPolicy {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Full jitter: uniform in [0, min(max, base·2^(attempt-1))]; `attempt` is 1 for the first retry. */
export function retryDelay(attempt: number, p: OdooRetryPolicy, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** Math.max(0, attempt - 1)));
}

/** Retry after failed attempt number `attempt` (1-based)? */
export function shouldRetry(err: unknown, attempt: number, safe: boolean, p: OdooRetryPolicy): boolean {
  return safe && err instanceof OdooError && err.retryable && attempt <= p.retries;
}
