/**
 * Downloads images for Odoo's binary fields (base64). Images come from BigCommerce's CDN, not
 * the API, so they spend no API quota and bypass the store's scheduler; a bounded number run
 * at once. Every failure is an ImageDownloadError naming the URL and why, so a caller can
 * import the record without its image and warn — a failed image never fails a record.
 *
 * Whether to try again is decided by retry-policy.ts, as for the API (5xx, 429, network
 * errors, timeouts). The default policy makes one attempt: a missing image is retried by the
 * next run, which finds it missing from the fingerprint.
 */
import PQueue from 'p-queue';
import { redactText } from '../log/redact.js';
import { networkErrorCode, readRateLimit } from './http.js';
import { decideRetry, retryPolicy, type AttemptOutcome, type RetryPolicy } from './retry-policy.js';

/** Larger images are refused: Odoo stores them in the database. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/** The default: one attempt, no retry (a failed image is tried again by the next run). */
export const SINGLE_ATTEMPT: RetryPolicy = retryPolicy({ maxAttempts: 1, maxRateLimitAttempts: 1 });

export interface ImageFetcher {
  fetchBase64(url: string): Promise<string>;
}

export interface ImageFetcherOptions {
  /** downloads at once (default 8) */
  readonly concurrency?: number;
  /** per attempt, body included (default 30 s) */
  readonly timeoutMs?: number;
  /** aborts every download (shutdown); an aborted download rejects with the signal's reason */
  readonly signal?: AbortSignal;
  /** which failures to try again, and how long to wait (default SINGLE_ATTEMPT) */
  readonly retry?: RetryPolicy;
  /** default: the global fetch, looked up per request */
  readonly fetchImpl?: typeof fetch;
}

export type ImageFailure = 'status' | 'not_image' | 'too_large' | 'empty' | 'network' | 'timeout';

export interface ImageDownloadErrorInit {
  readonly url: string;
  readonly reason: ImageFailure;
  /** the HTTP status, for reason 'status' */
  readonly status?: number;
  /** ECONNREFUSED, ENOTFOUND, …: a network failure's system error code, when the runtime gave one */
  readonly code?: string;
  readonly cause?: unknown;
}

/** Why an image was not downloaded; the message names the URL. */
export class ImageDownloadError extends Error {
  readonly url: string;
  readonly reason: ImageFailure;
  readonly status: number | undefined;
  readonly code: string | undefined;

  constructor(message: string, init: ImageDownloadErrorInit) {
    super(redactText(message), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ImageDownloadError';
    this.url = init.url;
    this.reason = init.reason;
    this.status = init.status;
    this.code = init.code;
  }
}

export function imageFetcher(opts: ImageFetcherOptions = {}): ImageFetcher {
  const queue = new PQueue({ concurrency: opts.concurrency ?? 8 });
  return {
    fetchBase64: (url: string) => queue.add(() => download(url, opts)) as Promise<string>,
  };
}

/** What one attempt ended with: the image, or an error and (when retrying could help) its outcome. */
type Attempt = { ok: true; base64: string } | { ok: false; error: ImageDownloadError; outcome?: AttemptOutcome };

async function download(url: string, opts: ImageFetcherOptions): Promise<string> {
  const policy = opts.retry ?? SINGLE_ATTEMPT;
  let rateLimited = 0;
  let failed = 0;
  for (;;) {
    const attempt = await attemptOnce(url, opts);
    if (attempt.ok) return attempt.base64;
    const { error, outcome } = attempt;
    if (!outcome) throw error;
    if (outcome.kind === 'response' && outcome.status === 429) rateLimited++;
    else failed++;
    const decision = decideRetry(outcome, { rateLimited, failed }, policy);
    if (!decision.retry) throw error;
    await wait(decision.delayMs * policy.timeScale, opts.signal);
  }
}

/** One GET, then the checks: status → content type → size → not empty. */
async function attemptOnce(url: string, opts: ImageFetcherOptions): Promise<Attempt> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([timeout, ...(opts.signal ? [opts.signal] : [])]);
  const fail = (message: string, reason: ImageFailure, outcome?: AttemptOutcome): Attempt => {
    const status = outcome?.kind === 'response' ? outcome.status : undefined;
    return { ok: false, error: new ImageDownloadError(`image ${url}: ${message}`, { url, reason, status }), outcome };
  };
  try {
    const res = await (opts.fetchImpl ?? fetch)(url, { signal });
    if (!res.ok) {
      const outcome: AttemptOutcome = { kind: 'response', status: res.status, rateLimit: readRateLimit(res.headers) };
      return fail(`HTTP ${res.status}`, 'status', outcome);
    }
    const type = res.headers.get('content-type') ?? '';
    if (type && !type.startsWith('image/')) return fail(`not an image (${type})`, 'not_image');
    const buf = Buffer.from(await res.arrayBuffer());
    if (buf.length > MAX_IMAGE_BYTES) {
      return fail(`${buf.length} bytes is over the ${MAX_IMAGE_BYTES} limit`, 'too_large');
    }
    if (!buf.length) return fail('empty', 'empty');
    return { ok: true, base64: buf.toString('base64') };
  } catch (err) {
    // Shutdown is not an image failure: let the caller see its own abort.
    if (opts.signal?.aborted) throw err;
    if (timeout.aborted) {
      const error = new ImageDownloadError(`image ${url}: no complete answer within ${timeoutMs} ms`, {
        url,
        reason: 'timeout',
        cause: err,
      });
      return { ok: false, error, outcome: { kind: 'timeout' } };
    }
    const code = networkErrorCode(err);
    const detail = code ?? (err instanceof Error ? err.message : String(err));
    const error = new ImageDownloadError(`image ${url}: network error (${detail})`, {
      url,
      reason: 'network',
      code,
      cause: err,
    });
    return { ok: false, error, outcome: code === undefined ? { kind: 'network' } : { kind: 'network', code } };
  }
}

/** Waits between attempts; a shutdown ends the wait at once with the signal's reason. */
function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
