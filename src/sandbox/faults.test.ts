/** Injected faults: parsed from a spec string, drawn from a seed, delivered as BigCommerce does. */
import { afterEach, describe, expect, it } from 'vitest';
import { FaultInjector, parseFaultSpec } from './faults.js';
import { startSandbox, type SandboxHandle } from './index.js';

describe('parseFaultSpec', () => {
  it('reads the documented example', () => {
    expect(parseFaultSpec('5xx=0.05,429=0.02,latency=20-80,seed=7')).toEqual({
      rate5xx: 0.05,
      rate429: 0.02,
      latencyMs: [20, 80],
      seed: 7,
    });
  });
  it('every part is optional; a single latency is fixed', () => {
    expect(parseFaultSpec('')).toEqual({ rate5xx: 0, rate429: 0, latencyMs: null, seed: 1 });
    expect(parseFaultSpec(' latency=15 ')).toMatchObject({ latencyMs: [15, 15] });
  });
  it.each([
    '5xx=1.5',
    '429=-0.1',
    'latency=80-20',
    'latency=fast',
    'seed=x',
    'timeout=0.1',
    '5xx',
    '5xx=0.7,429=0.6',
    '5xx=0.1=2',
  ])('rejects %j with a message', (spec) => {
    expect(() => parseFaultSpec(spec)).toThrow(/fault spec/);
  });
});

describe('FaultInjector', () => {
  it('draws rates close to the spec over many requests', () => {
    const f = new FaultInjector(parseFaultSpec('5xx=0.05,429=0.02,seed=7'));
    const n = 100_000;
    const counts = { none: 0, '429': 0, '5xx': 0 };
    const statuses = { 500: 0, 502: 0, 503: 0 };
    for (let i = 0; i < n; i++) {
      const d = f.next();
      counts[d.kind]++;
      if (d.kind === '5xx') statuses[d.status]++;
    }
    expect(counts['5xx'] / n).toBeCloseTo(0.05, 2);
    expect(counts['429'] / n).toBeCloseTo(0.02, 2);
    expect(statuses[500]).toBeGreaterThan(statuses[502]);
    expect(statuses[502]).toBeGreaterThan(0);
    expect(statuses[503]).toBeGreaterThan(0);
  });

  it('the same seed gives the same sequence; another seed another one', () => {
    const seq = (spec: string) => {
      const f = new FaultInjector(parseFaultSpec(spec));
      return Array.from({ length: 500 }, () => JSON.stringify(f.next()));
    };
    expect(seq('5xx=0.2,429=0.1,latency=1-9,seed=3')).toEqual(seq('5xx=0.2,429=0.1,latency=1-9,seed=3'));
    expect(seq('5xx=0.2,429=0.1,latency=1-9,seed=3')).not.toEqual(seq('5xx=0.2,429=0.1,latency=1-9,seed=4'));
  });

  it('latency stays in its range', () => {
    const f = new FaultInjector(parseFaultSpec('latency=20-80,seed=1'));
    const delays = Array.from({ length: 2000 }, () => f.next().delayMs);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...delays)).toBeLessThanOrEqual(80);
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(50);
  });
});

describe('faults over HTTP', () => {
  let sb: SandboxHandle | undefined;
  afterEach(async () => {
    await sb?.close();
    sb = undefined;
  });

  async function statuses(
    h: SandboxHandle,
    n: number,
  ): Promise<Array<{ status: number; rateHeaders: boolean; type: string | null; body: string }>> {
    const out = [];
    for (let i = 0; i < n; i++) {
      const res = await fetch(`${h.url}/stores/${h.storeHash}/v2/time`, { headers: { 'X-Auth-Token': h.accessToken } });
      out.push({
        status: res.status,
        rateHeaders: res.headers.has('x-rate-limit-requests-left'),
        type: res.headers.get('content-type'),
        body: await res.text(),
      });
    }
    return out;
  }

  it('roughly the configured rates; platform 429s carry no rate headers; 502 is an HTML gateway page', async () => {
    sb = await startSandbox({ faults: '5xx=0.05,429=0.02,seed=7', quota: { requests: 1_000_000, windowMs: 30_000 } });
    const n = 1500;
    const got = await statuses(sb, n);
    const fivexx = got.filter((r) => r.status >= 500);
    const tooMany = got.filter((r) => r.status === 429);
    expect(fivexx.length / n).toBeGreaterThan(0.03);
    expect(fivexx.length / n).toBeLessThan(0.07);
    expect(tooMany.length / n).toBeGreaterThan(0.01);
    expect(tooMany.length / n).toBeLessThan(0.035);
    expect(tooMany.every((r) => !r.rateHeaders)).toBe(true);
    expect(fivexx.every((r) => r.rateHeaders)).toBe(true);
    expect(
      fivexx.filter((r) => r.status === 502).every((r) => r.type === 'text/html' && r.body.includes('Bad Gateway')),
    ).toBe(true);
    expect(got.filter((r) => r.status === 200).every((r) => r.rateHeaders)).toBe(true);
    const stats = sb.stats();
    expect(stats.faults).toBe(fivexx.length + tooMany.length);
    expect(stats.rateLimited).toBe(0);
    expect(stats.requests).toBe(n);
    expect(stats.byPath['/v2/time']).toBe(n);
  });

  it('is deterministic for a seed', async () => {
    const a = await startSandbox({ faults: '5xx=0.3,429=0.1,seed=11' });
    const b = await startSandbox({ faults: { rate5xx: 0.3, rate429: 0.1, latencyMs: null, seed: 11 } });
    try {
      const sa = (await statuses(a, 120)).map((r) => r.status);
      const sbs = (await statuses(b, 120)).map((r) => r.status);
      expect(sa).toEqual(sbs);
      expect(new Set(sa).size).toBeGreaterThan(2);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('adds latency', async () => {
    sb = await startSandbox({ faults: 'latency=40-60' });
    const t0 = performance.now();
    await statuses(sb, 5);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(5 * 40 - 5);
  });

  it('a bad spec fails startSandbox with the parse message', async () => {
    await expect(startSandbox({ faults: '5xx=2' })).rejects.toThrow(/fault spec/);
  });
});
