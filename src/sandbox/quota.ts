/**
 * BigCommerce's per-store request quota: a fixed number of requests per window that refreshes
 * as a whole when the window ends (30 s on the platform), shared by every client of the store.
 * One instance per sandbox (never a module singleton), with an injectable clock for tests.
 */

export interface QuotaOptions {
  requests: number;
  windowMs: number;
}

export interface QuotaState {
  allowed: boolean;
  quota: number;
  /** requests left in the window after this one */
  left: number;
  /** ms until the window refreshes */
  resetMs: number;
  windowMs: number;
}

export class Quota {
  private windowStart = -Infinity;
  private used = 0;

  constructor(
    readonly opts: QuotaOptions,
    private readonly now: () => number = Date.now,
  ) {
    if (!(opts.requests > 0) || !(opts.windowMs > 0)) throw new Error('quota: requests and windowMs must be positive');
  }

  private roll(t: number): void {
    if (t - this.windowStart >= this.opts.windowMs) {
      this.windowStart = t;
      this.used = 0;
    }
  }

  /** Spends one request if any is left. */
  take(): QuotaState {
    const t = this.now();
    this.roll(t);
    const allowed = this.used < this.opts.requests;
    if (allowed) this.used++;
    return this.state(t, allowed);
  }

  peek(): QuotaState {
    const t = this.now();
    this.roll(t);
    return this.state(t, this.used < this.opts.requests);
  }

  private state(t: number, allowed: boolean): QuotaState {
    return {
      allowed,
      quota: this.opts.requests,
      left: Math.max(0, this.opts.requests - this.used),
      resetMs: Math.max(0, Math.ceil(this.windowStart + this.opts.windowMs - t)),
      windowMs: this.opts.windowMs,
    };
  }
}

export function rateHeaders(s: QuotaState): Record<string, string> {
  return {
    'X-Rate-Limit-Requests-Left': String(s.left),
    'X-Rate-Limit-Requests-Quota': String(s.quota),
    'X-Rate-Limit-Time-Reset-Ms': String(s.resetMs),
    'X-Rate-Limit-Time-Window-Ms': String(s.windowMs),
  };
}

/** Parses `450/30s`, `100/10000ms`, `1000/1m` or a bare `450` (per 30 s). */
export function parseQuota(spec: string): QuotaOptions {
  const m = /^\s*(\d+)\s*(?:\/\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*)?$/.exec(spec);
  if (!m) throw new Error(`invalid quota "${spec}": expected N or N/<window> such as 450/30s`);
  const requests = Number(m[1]);
  const amount = m[2] === undefined ? 30 : Number(m[2]);
  const unit = m[3] ?? 's';
  const windowMs = Math.round(amount * (unit === 'ms' ? 1 : unit === 'm' ? 60_000 : 1000));
  if (requests <= 0 || windowMs <= 0) throw new Error(`invalid quota "${spec}": requests and window must be positive`);
  return { requests, windowMs };
}
