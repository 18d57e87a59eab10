import { describe, expect, it } from 'vitest';
import { ImageDownloadError, imageFetcher, MAX_IMAGE_BYTES } from './images.js';
import { retryPolicy } from './retry-policy.js';

const URL_ = 'https://cdn.example.test/p/1.jpg';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

type Step = (signal: AbortSignal) => Promise<Response>;

/** A fetch that answers from a script, one step per call, and records the calls. */
function scripted(steps: Step[]): { fetchImpl: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push(String(input));
    const step = steps.shift();
    if (!step) throw new Error('no more scripted responses');
    return step(init!.signal!);
  }) as typeof fetch;
  return { fetchImpl, calls };
}

const answer =
  (
    status: number,
    body: Uint8Array | string = PNG,
    headers: Record<string, string> = { 'content-type': 'image/png' },
  ) =>
  async (): Promise<Response> =>
    new Response(body, { status, headers });

/** Never answers; rejects with the signal's reason when aborted, as fetch does. */
const stall = (signal: AbortSignal): Promise<Response> =>
  new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));

async function failure(p: Promise<unknown>): Promise<ImageDownloadError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImageDownloadError);
  return err as ImageDownloadError;
}

const fastRetry = retryPolicy({ maxAttempts: 3, maxRateLimitAttempts: 3, timeScale: 0.001 });

describe('imageFetcher', () => {
  it('returns the body as base64', async () => {
    const { fetchImpl, calls } = scripted([answer(200)]);
    await expect(imageFetcher({ fetchImpl }).fetchBase64(URL_)).resolves.toBe(PNG.toString('base64'));
    expect(calls).toEqual([URL_]);
  });

  it('accepts a body without a content type', async () => {
    const { fetchImpl } = scripted([answer(200, PNG, {})]);
    await expect(imageFetcher({ fetchImpl }).fetchBase64(URL_)).resolves.toBe(PNG.toString('base64'));
  });

  it.each([
    ['an HTTP error', answer(404, 'Not Found', { 'content-type': 'text/plain' }), 'status', 'HTTP 404'],
    [
      'a page that is not an image',
      answer(200, '<html>', { 'content-type': 'text/html' }),
      'not_image',
      'not an image (text/html)',
    ],
    ['an empty body', answer(200, ''), 'empty', 'empty'],
  ] as const)('refuses %s', async (_label, step, reason, message) => {
    const { fetchImpl } = scripted([step]);
    const err = await failure(imageFetcher({ fetchImpl }).fetchBase64(URL_));
    expect(err.reason).toBe(reason);
    expect(err.url).toBe(URL_);
    expect(err.message).toBe(`image ${URL_}: ${message}`);
  });

  it('refuses an image over the size limit', async () => {
    const { fetchImpl } = scripted([answer(200, new Uint8Array(MAX_IMAGE_BYTES + 1))]);
    const err = await failure(imageFetcher({ fetchImpl }).fetchBase64(URL_));
    expect(err.reason).toBe('too_large');
    expect(err.message).toBe(`image ${URL_}: ${MAX_IMAGE_BYTES + 1} bytes is over the ${MAX_IMAGE_BYTES} limit`);
  });

  it('makes one attempt by default, also for a 503', async () => {
    const { fetchImpl, calls } = scripted([answer(503, 'busy'), answer(200)]);
    const err = await failure(imageFetcher({ fetchImpl }).fetchBase64(URL_));
    expect([err.reason, err.status]).toEqual(['status', 503]);
    expect(calls).toHaveLength(1);
  });

  it('retries 5xx and 429 under a retry policy, but not a 404', async () => {
    const retried = scripted([
      answer(503, 'busy'),
      answer(429, '', { 'x-rate-limit-time-reset-ms': '10' }),
      answer(200),
    ]);
    const fetcher = imageFetcher({ fetchImpl: retried.fetchImpl, retry: fastRetry });
    await expect(fetcher.fetchBase64(URL_)).resolves.toBe(PNG.toString('base64'));
    expect(retried.calls).toHaveLength(3);

    const missing = scripted([answer(404, 'Not Found'), answer(200)]);
    await failure(imageFetcher({ fetchImpl: missing.fetchImpl, retry: fastRetry }).fetchBase64(URL_));
    expect(missing.calls).toHaveLength(1);
  });

  it('gives up when the policy says so', async () => {
    const { fetchImpl, calls } = scripted([answer(502, ''), answer(502, ''), answer(502, ''), answer(200)]);
    const err = await failure(imageFetcher({ fetchImpl, retry: fastRetry }).fetchBase64(URL_));
    expect(err.status).toBe(502);
    expect(calls).toHaveLength(3);
  });

  it('names a network failure by its system error code', async () => {
    const refused = async (): Promise<Response> => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
    };
    const { fetchImpl } = scripted([refused]);
    const err = await failure(imageFetcher({ fetchImpl }).fetchBase64(URL_));
    expect([err.reason, err.code]).toEqual(['network', 'ECONNREFUSED']);
    expect(err.message).toBe(`image ${URL_}: network error (ECONNREFUSED)`);
  });

  it('times out a stalled download', async () => {
    const { fetchImpl } = scripted([stall]);
    const err = await failure(imageFetcher({ fetchImpl, timeoutMs: 20 }).fetchBase64(URL_));
    expect(err.reason).toBe('timeout');
  });

  it('lets a shutdown through as the abort it is', async () => {
    const shutdown = new AbortController();
    const { fetchImpl } = scripted([stall]);
    const pending = imageFetcher({ fetchImpl, signal: shutdown.signal }).fetchBase64(URL_);
    const reason = new Error('shutting down');
    setTimeout(() => shutdown.abort(reason), 5);
    await expect(pending).rejects.toBe(reason);
  });

  it('runs at most `concurrency` downloads at once', async () => {
    let inFlight = 0;
    let most = 0;
    const slow = async (): Promise<Response> => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return answer(200)();
    };
    const { fetchImpl } = scripted(Array.from({ length: 6 }, () => slow));
    const fetcher = imageFetcher({ fetchImpl, concurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, (_, i) => fetcher.fetchBase64(`${URL_}?${i}`)));
    expect(most).toBe(2);
  });
});
