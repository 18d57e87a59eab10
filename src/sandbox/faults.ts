/**
 * Injected failures, so retry and backoff code meets what the platform does under load: random
 * 500/502/503s, 429s *without* rate-limit headers (BigCommerce's "platform busy" signal, unlike
 * quota 429s), and added latency. All of it is drawn from a seeded generator: the same seed and
 * the same request sequence give the same faults.
 */
import { Rng } from './rng.js';

export interface FaultSpec {
  /** share of requests answered 500, 502 or 503 */
  rate5xx: number;
  /** share of requests answered 429 without X-Rate-Limit-* headers */
  rate429: number;
  /** added delay per request, uniform in [min, max] ms */
  latencyMs: readonly [number, number] | null;
  seed: number;
}

export const NO_FAULTS: FaultSpec = { rate5xx: 0, rate429: 0, latencyMs: null, seed: 1 };

function rate(key: string, v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new Error(`invalid fault spec: ${key}=${v} (a rate between 0 and 1)`);
  return n;
}

/** Parses `5xx=0.05,429=0.02,latency=20-80,seed=7` (every part optional; `latency=50` is a fixed delay). */
export function parseFaultSpec(spec: string): FaultSpec {
  const out: { -readonly [K in keyof FaultSpec]: FaultSpec[K] } = { ...NO_FAULTS };
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const [key = '', value, extra] = part.split('=');
    if (value === undefined || extra !== undefined)
      throw new Error(`invalid fault spec part "${part}" (expected key=value)`);
    switch (key.trim().toLowerCase()) {
      case '5xx':
        out.rate5xx = rate(key, value);
        break;
      case '429':
        out.rate429 = rate(key, value);
        break;
      case 'latency': {
        const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(value);
        if (!m) throw new Error(`invalid fault spec: latency=${value} (expected MS or MIN-MAX)`);
        const min = Number(m[1]);
        const max = m[2] === undefined ? min : Number(m[2]);
        if (max < min) throw new Error(`invalid fault spec: latency=${value} (max below min)`);
        out.latencyMs = [min, max];
        break;
      }
      case 'seed': {
        if (!/^\d+$/.test(value.trim())) throw new Error(`invalid fault spec: seed=${value} (a non-negative integer)`);
        out.seed = Number(value);
        break;
      }
      default:
        throw new Error(`invalid fault spec: unknown key "${key}" (known: 5xx, 429, latency, seed)`);
    }
  }
  if (out.rate5xx + out.rate429 > 1) throw new Error('invalid fault spec: 5xx + 429 rates exceed 1');
  return out;
}

export type FaultDecision =
  | { kind: 'none'; delayMs: number }
  | { kind: '429'; delayMs: number }
  | { kind: '5xx'; status: 500 | 502 | 503; delayMs: number };

/** Draws one decision per request, in arrival order. */
export class FaultInjector {
  private readonly rng: Rng;

  constructor(readonly spec: FaultSpec) {
    this.rng = new Rng(spec.seed);
  }

  get active(): boolean {
    return this.spec.rate5xx > 0 || this.spec.rate429 > 0 || this.spec.latencyMs !== null;
  }

  next(): FaultDecision {
    // Always draw the same number of values so one request's outcome never shifts the next's.
    const roll = this.rng.next();
    const which = this.rng.next();
    const lat = this.rng.next();
    const [lo, hi] = this.spec.latencyMs ?? [0, 0];
    const delayMs = Math.round(lo + lat * (hi - lo));
    if (roll < this.spec.rate429) return { kind: '429', delayMs };
    if (roll < this.spec.rate429 + this.spec.rate5xx) {
      const status = which < 0.5 ? 500 : which < 0.75 ? 502 : 503;
      return { kind: '5xx', status, delayMs };
    }
    return { kind: 'none', delayMs };
  }
}
