/**
 * Webhooks in the daemon: the receiver (receiver.ts) in front, one dispatcher per instance
 * (dispatch.ts) behind it, and the backstop — after each scheduled poll, the records it wrote
 * that no event announced are counted (bc_odoo_events_missed_total) — and, per instance, the
 * hook check (hook-check.ts): the store's hooks synced once the receiver listens and checked
 * every check_every, a deactivated one re-enabled. Started only when daemon.webhooks is
 * configured; readiness does not depend on it (polls go on without it).
 */
import type { HookClient } from '../../bigcommerce/hooks-sync.js';
import { eventStoreHash } from '../../bigcommerce/webhook-events.js';
import type { WebhooksConfig } from '../../config/index.js';
import { ORDER } from '../../sync/importers.js';
import { bigCommerceClient } from '../../sync/instance-clients.js';
import type { InstanceWorker } from '../instance-worker.js';
import type { DaemonEvent, Shared } from '../shared.js';
import { AnnouncedIds, COMPARABLE } from './announced.js';
import { type Clock, EventDispatcher } from './dispatch.js';
import { HookChecker } from './hook-check.js';
import { startReceiver } from './receiver.js';
import { odooStatusWriter, type StatusWriter } from './status-record.js';

export interface WebhookService {
  /** where the receiver listens (its path included) */
  readonly url: string;
  /** a scheduled run ended: its lease is free, and a poll's writes are checked against events */
  runEnded(e: DaemonEvent): void;
  /** closes the receiver: no new events (BigCommerce retries them later, the polls cover them) */
  closeReceiver(): Promise<void>;
  /** closes the receiver and waits for the running event imports */
  stop(): Promise<void>;
}

interface InstanceHooks {
  readonly worker: InstanceWorker;
  readonly dispatcher: EventDispatcher;
  readonly announced: AnnouncedIds;
  readonly checker: HookChecker;
}

export interface WebhookServiceOptions {
  readonly debounceMs?: number;
  readonly retryMs?: number;
  /** dispatch timings and the hook check's interval */
  readonly clock?: Clock;
  /** the hook check's BigCommerce client (tests; default: the instance's, on the store's shared quota) */
  readonly hookClient?: (worker: InstanceWorker, signal: AbortSignal) => HookClient;
  /** where the hook check's line goes (tests; default: the store record in the instance's Odoo) */
  readonly statusWriter?: (worker: InstanceWorker) => StatusWriter;
}

export async function startWebhooks(
  cfg: WebhooksConfig,
  s: Shared,
  workers: readonly InstanceWorker[],
  opts: WebhookServiceOptions = {},
): Promise<WebhookService> {
  // aborts the hook checks' requests when the daemon stops (or is aborted)
  const checks = new AbortController();
  const signal = AbortSignal.any([checks.signal, s.hardAbort.signal]);
  const hooks = new Map<string, InstanceHooks>(
    workers.map((w) => [w.inst.name, instanceHooks(w, s, cfg, signal, opts)]),
  );
  const byStore = storesOf([...hooks.values()]);
  const receiver = await startReceiver({
    host: cfg.host,
    port: cfg.port,
    path: cfg.path,
    secret: cfg.secret,
    logger: s.logger,
    knownStore: (hash) => byStore.has(hash),
    // Several instances may import one store (into different Odoos): each gets the event.
    accept: (event, at) => {
      for (const h of byStore.get(eventStoreHash(event)) ?? []) {
        s.metrics.webhookAccepted(h.worker.inst.name, event.scope);
        h.dispatcher.offer(event, at);
      }
    },
    onReject: (reason) => s.metrics.webhookRefused(reason),
  });
  s.logger.info({ url: receiver.url, publicUrl: cfg.publicUrl }, `webhook receiver listening (${receiver.url})`);
  // Only now: a hook BigCommerce tries at once finds the receiver up.
  for (const h of hooks.values()) h.checker.start();
  const stopChecks = (): Promise<unknown> => {
    checks.abort();
    return Promise.all([...hooks.values()].map((h) => h.checker.stop()));
  };
  return {
    url: receiver.url,
    runEnded: (e) => runEnded(hooks, s, e),
    closeReceiver: async () => {
      void stopChecks();
      await receiver.close();
    },
    async stop() {
      await receiver.close();
      await stopChecks();
      await Promise.all([...hooks.values()].map((h) => h.dispatcher.stop()));
    },
  };
}

function instanceHooks(
  worker: InstanceWorker,
  s: Shared,
  cfg: WebhooksConfig,
  signal: AbortSignal,
  opts: WebhookServiceOptions,
): InstanceHooks {
  const announced = new AnnouncedIds();
  const instance = worker.inst.name;
  const dispatcher = new EventDispatcher({
    instance,
    enabled: worker.entities(),
    order: ORDER,
    runImport: worker.eventImport(),
    logger: s.logger,
    metrics: s.metrics,
    announced,
    debounceMs: opts.debounceMs,
    retryMs: opts.retryMs,
    clock: opts.clock,
  });
  for (const entity of worker.entities()) if (COMPARABLE.has(entity)) s.metrics.missed(instance, entity, 0);
  const checker = new HookChecker({
    instance,
    client:
      opts.hookClient?.(worker, signal) ?? bigCommerceClient(worker.inst, worker.log, { registry: s.registry, signal }),
    target: { destination: cfg.publicUrl, secret: cfg.secret },
    everyMs: cfg.checkEveryMs,
    logger: s.logger,
    metrics: s.metrics,
    writeStatus: opts.statusWriter?.(worker) ?? odooStatusWriter(worker.inst, worker.log),
    clock: opts.clock,
  });
  return { worker, dispatcher, announced, checker };
}

/** lower-cased store hash → the instances importing it */
function storesOf(hooks: readonly InstanceHooks[]): Map<string, InstanceHooks[]> {
  const m = new Map<string, InstanceHooks[]>();
  for (const h of hooks) {
    const hash = h.worker.inst.bigcommerce.storeHash.toLowerCase();
    m.set(hash, [...(m.get(hash) ?? []), h]);
  }
  return m;
}

/** After a scheduled run: held event ids may go now; a poll's writes no event announced count as missed. */
function runEnded(hooks: ReadonlyMap<string, InstanceHooks>, s: Shared, e: DaemonEvent): void {
  const h = hooks.get(e.instance);
  if (!h || (e.type !== 'run' && e.type !== 'failed')) return;
  h.dispatcher.leaseFreed(e.entity);
  if (e.type !== 'run') return;
  const missed = h.announced.missed(e.entity, e.summary.writtenIds, Date.now());
  if (missed > 0) s.metrics.missed(e.instance, e.entity, missed);
}
