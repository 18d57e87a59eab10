/**
 * A scheduled run whose BigCommerce fails before it starts (a wrong token, a wrong store hash,
 * nothing listening): a failed run with the reason test-connection gives, in the event, the log
 * line and bc_odoo_run_failures_total{reason}, retried after the usual backoff.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchedulerRegistry } from '../bigcommerce/scheduler.js';
import { defaultScheduleConfig, loadConfig, type InstanceConfig } from '../config/index.js';
import { createLogger } from '../log/logger.js';
import { startSandbox, type SandboxHandle } from '../sandbox/index.js';
import { bigCommerceClient } from '../sync/instance-clients.js';
import { IMPORTERS } from '../sync/importers.js';
import { runEntity, type RunSite } from './entity-run.js';
import type { InstanceSession } from './instance-session.js';
import { DaemonMetrics, METRIC_NAMES } from './metrics.js';
import type { Readiness } from './readiness.js';
import type { DaemonEvent, Job, Shared } from './shared.js';

const TOKEN = 'tok-entity-run-3e5a7c9b';
let sb: SandboxHandle;

beforeAll(async () => {
  sb = await startSandbox({ store: 'sample', accessToken: TOKEN });
});
afterAll(async () => {
  await sb?.close();
});

function instance(over: Record<string, string>): InstanceConfig {
  const env = {
    BC_STORE_HASH: sb.storeHash,
    BC_ACCESS_TOKEN: TOKEN,
    BC_API_BASE_URL: sb.url,
    ODOO_URL: 'http://127.0.0.1:8069',
    ODOO_DB: 'odoo',
    ODOO_USERNAME: 'admin',
    ODOO_PASSWORD: 'pw-entity-run',
    ...over,
  };
  return loadConfig({ env, cwd: '/nonexistent' }).instances[0]!;
}

/** One run of `brands` whose instance fails to open with what BigCommerce answers. */
async function failedRun(inst: InstanceConfig) {
  const lines: { level: number; msg: string; reason?: string }[] = [];
  const logger = createLogger({
    level: 'info',
    destination: new Writable({
      write(chunk, _e, cb) {
        for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        cb();
      },
    }),
  });
  const storeError = await bigCommerceClient(inst, logger)
    .getStore()
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  const registry = new SchedulerRegistry();
  const metrics = new DaemonMetrics(registry);
  const events: DaemonEvent[] = [];
  const readiness = { runFailed: () => undefined, runSucceeded: () => undefined } as unknown as Readiness;
  const s = {
    logger,
    registry,
    metrics,
    readiness,
    backoff: { initialMs: 10_000, maxMs: 900_000 },
    once: false,
    random: () => 0.5,
    emit: (e: DaemonEvent) => events.push(e),
    stopping: () => false,
    abandoned: () => false,
    result: { runs: 0, failed: 0, partial: 0, held: 0, aborted: false },
  } as unknown as Shared;
  const session = {
    open: () => Promise.reject(storeError),
    reset: () => undefined,
  } as unknown as InstanceSession;
  const site: RunSite = { inst, s, log: logger, session, running: new Set() };
  const job: Job = {
    entity: 'brands',
    importer: IMPORTERS.brands!,
    plan: defaultScheduleConfig().brands,
    rank: 1,
    nextAt: 0,
    failures: 0,
  };
  const t0 = Date.now();
  await runEntity(site, job);
  return { events, lines, metrics: await metrics.text(), job, ms: Date.now() - t0, t0 };
}

describe('a scheduled run against a failing BigCommerce', () => {
  it.each([
    ['a wrong token', { BC_ACCESS_TOKEN: 'tok-wrong-entity-run' }, 'bad_token', /BigCommerce: bad token — /],
    ['a wrong store hash', { BC_STORE_HASH: 'nosuchstore9' }, 'unknown_store', /BigCommerce: unknown store — /],
    ['nothing listening', { BC_API_BASE_URL: 'http://127.0.0.1:1' }, 'unreachable', /unreachable.*127\.0\.0\.1:1/],
  ])(
    '%s: a failed run with its reason in the event, the log and the metrics; backoff as before',
    async (_l, over, reason, text) => {
      const { events, lines, metrics, job, t0 } = await failedRun(instance(over));
      expect(events).toEqual([
        expect.objectContaining({ type: 'failed', entity: 'brands', reason, error: expect.stringMatching(text) }),
      ]);
      const line = lines.find((l) => l.msg.startsWith('brands: run failed'));
      expect(line).toMatchObject({ level: 50, reason });
      expect(line!.msg).toMatch(text);
      expect(line!.msg).not.toContain('tok-wrong-entity-run');
      expect(metrics).toContain(`${METRIC_NAMES.runFailures}{instance="default",entity="brands",reason="${reason}"} 1`);
      // first failure: between half and all of backoff.initial_seconds (random 0.5 → 7.5 s)
      expect(job.failures).toBe(1);
      expect(job.nextAt - t0).toBeGreaterThanOrEqual(7_000);
    },
  );
});
