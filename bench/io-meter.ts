/**
 * Where an import's wall time goes, measured from inside the bc-odoo process: every HTTP
 * request goes through the global fetch (the Odoo client, the BigCommerce transport and the
 * image downloads all use it), so wrapping it tells, per class of request, how many were made,
 * their summed latency, the slowest one, and the time at least one was in flight (the union
 * of their intervals, so concurrent requests are not counted twice). Wall time in which no
 * request is in flight is our own code (or the scheduler pacing itself to the API quota).
 */

export type IoClass = 'odoo' | 'bigcommerce' | 'images';

export interface KeyStat {
  n: number;
  /** summed latency, ms */
  ms: number;
  /** slowest single request, ms */
  max: number;
}

export interface ClassStat extends KeyStat {
  /** time with at least one request of this class in flight, ms */
  busyMs: number;
}

export interface IoSnapshot {
  classes: Record<IoClass, ClassStat>;
  /** time with any request in flight, ms */
  anyBusyMs: number;
  /** odoo: `model.method`; bigcommerce: `/v3/catalog/products` (ids replaced by {id}) */
  byKey: Record<string, KeyStat>;
}

const CLASSES: IoClass[] = ['odoo', 'bigcommerce', 'images'];
const NULL_BODY = new Set([101, 204, 205, 304]);
const EXECUTE_KW = /"method":"execute_kw","args":\[[^,]*,[^,]*,"(?:[^"\\]|\\.)*","([^"]+)","([^"]+)"/;

/** Interval union: time during which the counter is above zero. */
class Busy {
  private inFlight = 0;
  private since = 0;
  private total = 0;
  enter(now: number): void {
    if (this.inFlight++ === 0) this.since = now;
  }
  leave(now: number): void {
    if (--this.inFlight === 0) this.total += now - this.since;
  }
  value(now: number): number {
    return this.total + (this.inFlight > 0 ? now - this.since : 0);
  }
}

export class IoMeter {
  private readonly busy = new Map<IoClass, Busy>(CLASSES.map((c) => [c, new Busy()]));
  private readonly any = new Busy();
  private readonly stats = new Map<IoClass, KeyStat>(CLASSES.map((c) => [c, { n: 0, ms: 0, max: 0 }]));
  private readonly byKey = new Map<string, KeyStat>();

  constructor(
    private readonly odooUrl: string,
    private readonly bcUrl: string,
  ) {}

  /** Wraps globalThis.fetch; call before any client is created. */
  install(): void {
    const inner = globalThis.fetch;
    const meter = this;
    globalThis.fetch = async function meteredFetch(
      input: string | URL | Request,
      init?: RequestInit,
    ): Promise<Response> {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const [cls, key] = meter.classify(url, init?.body);
      const t0 = performance.now();
      meter.busy.get(cls)!.enter(t0);
      meter.any.enter(t0);
      try {
        const res = await inner(input, init);
        // The body is part of the request's cost: buffer it inside the measured interval.
        const body = NULL_BODY.has(res.status) ? null : await res.arrayBuffer();
        return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
      } finally {
        const t1 = performance.now();
        meter.busy.get(cls)!.leave(t1);
        meter.any.leave(t1);
        meter.add(meter.stats.get(cls)!, t1 - t0);
        let k = meter.byKey.get(key);
        if (!k) {
          k = { n: 0, ms: 0, max: 0 };
          meter.byKey.set(key, k);
        }
        meter.add(k, t1 - t0);
      }
    } as typeof fetch;
  }

  private add(s: KeyStat, ms: number): void {
    s.n++;
    s.ms += ms;
    if (ms > s.max) s.max = ms;
  }

  private classify(url: string, body: unknown): [IoClass, string] {
    if (url.startsWith(this.odooUrl)) {
      const m = typeof body === 'string' ? EXECUTE_KW.exec(body.slice(0, 600)) : null;
      return ['odoo', m ? `odoo ${m[1]}.${m[2]}` : `odoo ${new URL(url).pathname}`];
    }
    if (url.startsWith(this.bcUrl)) {
      const path = new URL(url).pathname;
      const api = /^\/stores\/[^/]+(\/v[23]\/.*)$/.exec(path);
      if (api) return ['bigcommerce', `bc ${api[1]!.replace(/\/\d+(?=\/|$)/g, '/{id}')}`];
    }
    return ['images', 'images'];
  }

  /** Starts a new segment for the `max` figures (see diff). */
  resetMax(): void {
    for (const s of [...this.stats.values(), ...this.byKey.values()]) s.max = 0;
  }

  snapshot(): IoSnapshot {
    const now = performance.now();
    const classes = Object.fromEntries(
      CLASSES.map((c) => [c, { ...this.stats.get(c)!, busyMs: this.busy.get(c)!.value(now) }]),
    ) as Record<IoClass, ClassStat>;
    return {
      classes,
      anyBusyMs: this.any.value(now),
      byKey: Object.fromEntries([...this.byKey].map(([k, v]) => [k, { ...v }])),
    };
  }

  /** b − a; `max` is b's, i.e. the slowest request since the last resetMax(). */
  static diff(a: IoSnapshot, b: IoSnapshot): IoSnapshot {
    const classes = Object.fromEntries(
      CLASSES.map((c) => {
        const x = a.classes[c];
        const y = b.classes[c];
        return [c, { n: y.n - x.n, ms: y.ms - x.ms, max: y.max, busyMs: y.busyMs - x.busyMs }];
      }),
    ) as Record<IoClass, ClassStat>;
    const byKey: Record<string, KeyStat> = {};
    for (const [k, y] of Object.entries(b.byKey)) {
      const x = a.byKey[k] ?? { n: 0, ms: 0, max: 0 };
      if (y.n > x.n) byKey[k] = { n: y.n - x.n, ms: y.ms - x.ms, max: y.max };
    }
    return { classes, anyBusyMs: b.anyBusyMs - a.anyBusyMs, byKey };
  }
}
