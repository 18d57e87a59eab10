/** The per-store quota: BigCommerce's four headers, 429 with X-Retry-After, and the window refresh. */
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from './index.js';
import { parseQuota, Quota } from './quota.js';
import { apiGet } from './testing.js';

describe('Quota (fixed window, injectable clock)', () => {
  it('counts down, refuses when spent, and refreshes as a whole when the window ends', () => {
    let t = 1_000;
    const q = new Quota({ requests: 3, windowMs: 30_000 }, () => t);
    expect(q.take()).toMatchObject({ allowed: true, left: 2, quota: 3, resetMs: 30_000, windowMs: 30_000 });
    t += 10_000;
    expect(q.take()).toMatchObject({ allowed: true, left: 1, resetMs: 20_000 });
    expect(q.take()).toMatchObject({ allowed: true, left: 0 });
    t += 5_000;
    expect(q.take()).toMatchObject({ allowed: false, left: 0, resetMs: 15_000 });
    t += 15_000;
    expect(q.take()).toMatchObject({ allowed: true, left: 2, resetMs: 30_000 });
  });

  it('peek() does not spend', () => {
    const q = new Quota({ requests: 2, windowMs: 1000 }, () => 0);
    q.peek();
    q.peek();
    expect(q.take().left).toBe(1);
  });

  it.each([
    ['450/30s', { requests: 450, windowMs: 30_000 }],
    ['150/30s', { requests: 150, windowMs: 30_000 }],
    ['100/500ms', { requests: 100, windowMs: 500 }],
    ['1000/1m', { requests: 1000, windowMs: 60_000 }],
    ['20', { requests: 20, windowMs: 30_000 }],
  ])('parseQuota(%s)', (spec, want) => {
    expect(parseQuota(spec)).toEqual(want);
  });

  it.each(['', 'abc', '0/30s', '10/0s', '10/30h', '-5'])('parseQuota rejects %j', (spec) => {
    expect(() => parseQuota(spec)).toThrow(/quota/);
  });
});

describe('quota over HTTP', () => {
  let sb: SandboxHandle | undefined;
  afterEach(async () => {
    await sb?.close();
    sb = undefined;
  });

  it('every response carries the four headers, counting down', async () => {
    sb = await startSandbox({ quota: { requests: 10, windowMs: 60_000 } });
    const lefts: number[] = [];
    for (const path of [
      '/v2/time',
      '/v3/catalog/brands',
      '/v2/orders?page=99',
      '/v3/catalog/products/999999',
      '/v3/no-such-thing',
    ]) {
      const r = await apiGet(sb, path);
      expect(r.headers.get('x-rate-limit-requests-quota')).toBe('10');
      expect(r.headers.get('x-rate-limit-time-window-ms')).toBe('60000');
      const reset = Number(r.headers.get('x-rate-limit-time-reset-ms'));
      expect(reset).toBeGreaterThan(0);
      expect(reset).toBeLessThanOrEqual(60_000);
      lefts.push(Number(r.headers.get('x-rate-limit-requests-left')));
    }
    expect(lefts).toEqual([9, 8, 7, 6, 5]);
  });

  it('429 once spent, with the headers and X-Retry-After in seconds; the next window serves again', async () => {
    sb = await startSandbox({ quota: { requests: 4, windowMs: 1200 } });
    for (let i = 0; i < 4; i++) expect((await apiGet(sb, '/v2/time')).status).toBe(200);
    const limited = await apiGet<{ status: number; title: string }>(sb, '/v3/catalog/brands');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ status: 429 });
    expect(limited.headers.get('x-rate-limit-requests-left')).toBe('0');
    expect(limited.headers.get('x-rate-limit-requests-quota')).toBe('4');
    const reset = Number(limited.headers.get('x-rate-limit-time-reset-ms'));
    expect(reset).toBeGreaterThan(0);
    expect(reset).toBeLessThanOrEqual(1200);
    expect(limited.headers.get('x-retry-after')).toBe(String(Math.max(1, Math.ceil(reset / 1000))));
    expect((await apiGet(sb, '/v2/orders')).status).toBe(429); // a v2 path is limited too
    await new Promise((r) => setTimeout(r, reset + 20));
    const again = await apiGet(sb, '/v2/time');
    expect(again.status).toBe(200);
    expect(again.headers.get('x-rate-limit-requests-left')).toBe('3');
    expect(sb.stats().rateLimited).toBe(2);
  });

  it('an unknown store or a bad token does not spend the quota; images never do', async () => {
    sb = await startSandbox({ quota: { requests: 2, windowMs: 60_000 } });
    const h = sb;
    await apiGet(h, '/v2/time', null);
    await apiGet(h, '/v2/time', 'wrong');
    await fetch(`${h.url}/stores/other/v2/time`, { headers: { 'X-Auth-Token': h.accessToken } });
    await fetch(`${h.url}/images/${h.storeHash}/products/101/3001/standard/oxford-white.jpg`);
    const r = await apiGet(h, '/v2/time');
    expect(r.status).toBe(200);
    expect(r.headers.get('x-rate-limit-requests-left')).toBe('1');
  });

  it('the default is BigCommerce Pro: 450 per 30 s', async () => {
    sb = await startSandbox();
    const r = await apiGet(sb, '/v2/time');
    expect(r.headers.get('x-rate-limit-requests-quota')).toBe('450');
    expect(r.headers.get('x-rate-limit-time-window-ms')).toBe('30000');
  });
});
