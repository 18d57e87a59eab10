/**
 * The daemon's hook check against the sandbox through the real client, on a fake clock: the
 * first check registers the hooks; a hook deactivated in the store is re-enabled by the next
 * one (a warning naming its scope, never the secret; counted); BigCommerce down makes a check
 * fail (counted, logged, written) and the following one is scheduled all the same.
 */
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BigCommerceClient } from '../../bigcommerce/client.js';
import type { HookClient } from '../../bigcommerce/hooks-sync.js';
import { HOOK_SCOPES } from '../../bigcommerce/webhook-events.js';
import { createLogger } from '../../log/logger.js';
import { startSandbox, type SandboxHandle } from '../../sandbox/index.js';
import { SchedulerRegistry } from '../../bigcommerce/scheduler.js';
import { DaemonMetrics, METRIC_NAMES } from '../metrics.js';
import type { Clock } from './dispatch.js';
import { HookChecker, hookStatusText } from './hook-check.js';

const URL_ = 'https://bc-odoo.example.com/webhooks';
const SECRET = 'hook-check-secret-0123456789';
const EVERY = 600_000;

/** setTimeout recorded, fired by the test. */
class FakeClock implements Clock {
  t = Date.parse('2025-03-01T10:00:00Z');
  pending: { fn: () => void; ms: number }[] = [];
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const h = { fn, ms };
    this.pending.push(h);
    return h;
  };
  clearTimeout = (h: unknown) => {
    this.pending = this.pending.filter((p) => p !== h);
  };
  fire(): void {
    const next = this.pending.shift();
    if (!next) throw new Error('nothing scheduled');
    this.t += next.ms;
    next.fn();
  }
}

let sb: SandboxHandle;
let clock: FakeClock;
let lines: string[];
let statuses: string[];
let metrics: DaemonMetrics;
let down: boolean;
let checker: HookChecker;

beforeEach(async () => {
  sb = await startSandbox({ allowHttpHooks: true });
  const real = new BigCommerceClient({ baseUrl: sb.url, storeHash: sb.storeHash, accessToken: sb.accessToken });
  down = false;
  // BigCommerce down: the listing fails as an unreachable host's does
  const client: HookClient = {
    hooks: () =>
      (down
        ? { all: () => Promise.reject(new Error('connect ECONNREFUSED api.bigcommerce.com')) }
        : real.hooks()) as ReturnType<HookClient['hooks']>,
    createHook: (h) => real.createHook(h),
    updateHook: (id, h) => real.updateHook(id, h),
    deleteHook: (id) => real.deleteHook(id),
  };
  clock = new FakeClock();
  lines = [];
  statuses = [];
  metrics = new DaemonMetrics(new SchedulerRegistry());
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  checker = new HookChecker({
    instance: 'main',
    client,
    target: { destination: URL_, secret: SECRET },
    everyMs: EVERY,
    logger: createLogger({ level: 'debug', destination: sink }),
    metrics,
    writeStatus: async (text) => {
      statuses.push(text);
    },
    clock,
  });
});
afterEach(async () => {
  await checker.stop();
  await sb.close();
});

async function metric(name: string): Promise<number> {
  const line = (await metrics.text()).split('\n').find((l) => l.startsWith(`${name}{instance="main"}`));
  return Number(line?.split(' ').pop() ?? Number.NaN);
}

describe('HookChecker', () => {
  it('registers the hooks at start, re-enables a deactivated one at the next check, and survives BigCommerce down', async () => {
    checker.start();
    await checker.settled();
    expect(
      sb.store.hooks
        .all()
        .map((h) => h.scope)
        .sort(),
    ).toEqual([...HOOK_SCOPES].sort());
    expect(statuses).toEqual([`${HOOK_SCOPES.length} hooks active · checked 2025-03-01T10:00:00.000Z`]);
    expect(await metric(METRIC_NAMES.hooksActive)).toBe(HOOK_SCOPES.length);
    expect(await metric(METRIC_NAMES.hooksReactivated)).toBe(0);
    expect(await metric(METRIC_NAMES.hookChecksFailed)).toBe(0);
    expect(clock.pending.map((p) => p.ms)).toEqual([EVERY]);

    // BigCommerce deactivates a hook whose deliveries keep failing
    const order = sb.store.hooks.all().find((h) => h.scope === 'store/order/*');
    sb.store.hooks.deactivate(order?.id as number);
    clock.fire();
    await checker.settled();
    expect(sb.store.hooks.get(order?.id as number)?.isActive).toBe(true);
    expect(await metric(METRIC_NAMES.hooksReactivated)).toBe(1);
    expect(await metric(METRIC_NAMES.hooksActive)).toBe(HOOK_SCOPES.length);
    expect(statuses.at(-1)).toBe(
      `1 deactivated hook re-enabled (store/order/*) · ${HOOK_SCOPES.length} hooks active · checked 2025-03-01T10:10:00.000Z`,
    );
    const warning = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.scope === 'store/order/*');
    expect(warning).toMatchObject({ level: 40, instance: 'main', msg: expect.stringContaining('re-enabled') });

    down = true;
    clock.fire();
    await checker.settled();
    expect(await metric(METRIC_NAMES.hookChecksFailed)).toBe(1);
    expect(statuses.at(-1)).toBe(
      'check failed: connect ECONNREFUSED api.bigcommerce.com · checked 2025-03-01T10:20:00.000Z',
    );
    expect(lines.some((l) => /hook check failed/.test(l))).toBe(true);
    // the daemon goes on: the next check is scheduled, and succeeds once BigCommerce is back
    expect(clock.pending.map((p) => p.ms)).toEqual([EVERY]);
    down = false;
    clock.fire();
    await checker.settled();
    expect(statuses.at(-1)).toMatch(/^\d+ hooks active · checked 2025-03-01T10:30:00.000Z$/);

    expect(lines.join('\n')).not.toContain(SECRET);
    expect(statuses.join('\n')).not.toContain(SECRET);
    expect(await metrics.text()).not.toContain(SECRET);
  });

  it('a failed status write is a warning, and the checks go on', async () => {
    const failing = new HookChecker({
      instance: 'other',
      client: { hooks: () => ({ all: () => Promise.reject(new Error('boom')) }) } as unknown as HookClient,
      target: { destination: URL_, secret: SECRET },
      everyMs: EVERY,
      logger: createLogger({
        level: 'info',
        destination: new Writable({
          write(c: Buffer, _e, cb) {
            lines.push(c.toString('utf8'));
            cb();
          },
        }),
      }),
      metrics,
      writeStatus: () => Promise.reject(new Error('Invalid field x_webhooks_status')),
      clock,
    });
    failing.start();
    await failing.settled();
    expect(lines.some((l) => /could not write the hook check/.test(l))).toBe(true);
    expect(clock.pending.at(-1)?.ms).toBe(EVERY);
    await failing.stop();
  });

  it('stop() ends the checks: nothing further is scheduled', async () => {
    checker.start();
    await checker.stop();
    expect(clock.pending).toEqual([]);
  });
});

describe('hookStatusText', () => {
  it('says when the check could not be done, and what it re-enabled anyway', () => {
    const at = new Date('2025-03-01T10:00:00Z');
    expect(hookStatusText({ kind: 'checked', at, active: 1, reactivated: [], applied: [] })).toBe(
      '1 hook active · checked 2025-03-01T10:00:00.000Z',
    );
    expect(
      hookStatusText({ kind: 'failed', at, reason: '1 action(s) refused', reactivated: ['store/order/*'], active: 4 }),
    ).toBe(
      'check failed: 1 action(s) refused · 1 deactivated hook re-enabled (store/order/*) · checked 2025-03-01T10:00:00.000Z',
    );
  });
});
