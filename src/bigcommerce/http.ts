/**
 * The transport: one HTTP attempt over Node's built-in fetch, nothing else. Retrying,
 * pacing and error classes live in the scheduler, so a test can swap this for a scripted
 * transport (or let nock intercept fetch) without touching the policy.
 */
import type { RateLimitInfo } from './retry-policy.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface HttpRequest {
  readonly method: HttpMethod;
  /** absolute URL */
  readonly url: string;
  /** what logs and errors show: the URL without scheme and host */
  readonly path: string;
  /** secrets go here and only here, never into url or path */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  /** parsed JSON; undefined for an empty body (e.g. v2's 204 past the last page) */
  readonly body: unknown;
}

/**
 * Sends one attempt. Resolves with any HTTP status (a 503 is an answer, not an exception);
 * rejects only when no answer came (network failure or abort). The body is read inside the
 * attempt so the caller's timeout also covers a stalled download.
 */
export type Transport = (req: HttpRequest, signal: AbortSignal) => Promise<HttpResponse>;

/** Raised by the transport for a 2xx body that is not JSON; the scheduler does not retry it. */
export class ResponseParseError extends Error {
  constructor(
    readonly status: number,
    readonly contentType: string | null,
    readonly snippet: string,
  ) {
    super(`response body is not JSON (status ${status}, content-type ${contentType ?? 'none'})`);
    this.name = 'ResponseParseError';
  }
}

export function fetchTransport(fetchImpl: typeof fetch = globalThis.fetch): Transport {
  return async (req, signal) => {
    const init: RequestInit = { method: req.method, headers: req.headers, signal };
    if (req.body !== undefined) init.body = JSON.stringify(req.body);
    const res = await fetchImpl(req.url, init);
    const text = await res.text();
    if (text.length === 0) return { status: res.status, headers: res.headers, body: undefined };
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      // An error page from a proxy is still an answer with a status the scheduler must see;
      // only a "successful" non-JSON body is unusable.
      if (res.status >= 200 && res.status < 300) {
        throw new ResponseParseError(res.status, res.headers.get('content-type'), text.slice(0, 200));
      }
      body = text.slice(0, 1000);
    }
    return { status: res.status, headers: res.headers, body };
  };
}

function intHeader(headers: Headers, name: string): number | undefined {
  // Headers.get is case-insensitive, which is what BigCommerce's header names need.
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Reads the four X-Rate-Limit-* headers and X-Retry-After. */
export function readRateLimit(headers: Headers): RateLimitInfo {
  const info: {
    requestsLeft?: number;
    requestsQuota?: number;
    timeResetMs?: number;
    timeWindowMs?: number;
    retryAfterSeconds?: number;
  } = {};
  const left = intHeader(headers, 'x-rate-limit-requests-left');
  const quota = intHeader(headers, 'x-rate-limit-requests-quota');
  const reset = intHeader(headers, 'x-rate-limit-time-reset-ms');
  const windowMs = intHeader(headers, 'x-rate-limit-time-window-ms');
  const retryAfter = intHeader(headers, 'x-retry-after');
  if (left !== undefined) info.requestsLeft = left;
  if (quota !== undefined) info.requestsQuota = quota;
  if (reset !== undefined) info.timeResetMs = reset;
  if (windowMs !== undefined) info.timeWindowMs = windowMs;
  if (retryAfter !== undefined) info.retryAfterSeconds = retryAfter;
  return info;
}

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined | null;
export type Query = Readonly<Record<string, QueryValue>>;

/**
 * Serialises a query the way BigCommerce documents it: arrays as one comma-separated value
 * (`id:in=1,2,3`), and `:` and `,` left readable, which RFC 3986 allows in a query and which
 * keeps logged paths greppable. Everything else (spaces and `+` of RFC 2822 dates) is encoded.
 */
export function buildQuery(query: Query | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const v = Array.isArray(value) ? value.join(',') : String(value);
    parts.push(`${enc(key)}=${enc(v)}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function enc(s: string): string {
  return encodeURIComponent(s).replace(/%3A/gi, ':').replace(/%2C/gi, ',');
}

/** Parses the query of a `links.next`-style value (`?page=2&limit=50`, or a full URL). */
export function parseQuery(link: string): Record<string, string> {
  const q = link.includes('?') ? link.slice(link.indexOf('?') + 1) : link;
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(q)) out[k] = v;
  return out;
}

/**
 * Said of a URL whose port fetch refuses to use (the Fetch standard's "bad port" list: 1, 7, 25,
 * 6000, …): undici raises it without a code, so this one is recognised by its text and given a
 * code here. No retry can help.
 */
export const BAD_PORT_CODE = 'ERR_FETCH_BAD_PORT';

/**
 * The system error code behind a failed fetch. undici wraps it: `TypeError('fetch failed')`
 * with `cause.code`, or an AggregateError (one per resolved address) under `cause.errors`.
 */
export function networkErrorCode(err: unknown): string | undefined {
  let cur: unknown = err;
  for (let depth = 0; depth < 5 && cur && typeof cur === 'object'; depth++) {
    const e = cur as { code?: unknown; errors?: unknown; cause?: unknown; message?: unknown };
    if (typeof e.code === 'string' && e.code.length > 0) return e.code;
    if (e.message === 'bad port') return BAD_PORT_CODE;
    if (Array.isArray(e.errors)) {
      const inner = e.errors.map(networkErrorCode).find((c) => c !== undefined);
      if (inner) return inner;
    }
    cur = e.cause;
  }
  return undefined;
}
