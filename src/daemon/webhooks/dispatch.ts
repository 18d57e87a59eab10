/**
 * From accepted events to imports, per instance: each event's target (webhook-events.ts) is
 * queued in PendingTargets (coalesce.ts), and after a short debounce one import per entity runs
 * with all its pending ids — `runImport(ctx, importer, { ids })`, refunds `{ orderIds }`, the
 * same as `bc-odoo import <entity> --id` — under the entity's lease, like the scheduled runs.
 *
 * The steps of a flush, entity by entity in dependency order: take the batch, import it, then
 * - done: each id's receipt-to-Odoo time is observed; events that came meanwhile wait for the
 *   next flush (their own debounce);
 * - held (a scheduled run or another process has the lease): the batch goes back, retried
 *   when the scheduled run ends (leaseFreed) or after retryMs;
 * - failed (BigCommerce or Odoo down): back with an attempt counted; after maxAttempts the ids
 *   are dropped and left to the polls, which are the backstop anyway.
 * Ordering (an order before its customer, a refund before its order) is the importers' own
 * business: they park and retry.
 *
 * Only entities the daemon runs on the instance are imported (its auto-update toggles): an
 * inventory event while Odoo is stock master, say, is ignored.
 */
import { type BcWebhookEvent, type EventEntity, eventTarget } from '../../bigcommerce/webhook-events.js';
import type { Logger } from '../../log/logger.js';
import type { ImportOptions, ImportSummary } from '../../sync/run-import.js';
import type { LeasedRun } from '../leased-run.js';
import type { AnnouncedIds } from './announced.js';
import { type AddOutcome, type Batch, PendingTargets } from './coalesce.js';

/** Timers and time, injected so tests run without waiting. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** One leased import by id of one entity of this instance (the daemon's: event-import.ts). */
export type EventImport = (entity: EventEntity, opts: ImportOptions) => Promise<LeasedRun>;

export interface DispatchMetrics {
  coalesced(instance: string, entity: string): void;
  eventToOdoo(instance: string, entity: string, seconds: number): void;
  eventRun(instance: string, entity: string, summary: ImportSummary): void;
}

export interface DispatcherOptions {
  readonly instance: string;
  /** the entities the daemon runs on this instance */
  readonly enabled: ReadonlySet<string>;
  /** dependency order of entities */
  readonly order: readonly string[];
  readonly runImport: EventImport;
  readonly logger: Logger;
  readonly metrics?: DispatchMetrics;
  /** the backstop's memory: ids announced by events */
  readonly announced?: AnnouncedIds;
  /** wait after the first pending event before importing: a burst becomes one import */
  readonly debounceMs?: number;
  /** wait before trying a held or failed batch again */
  readonly retryMs?: number;
  readonly maxAttempts?: number;
  readonly clock?: Clock;
}

export type OfferOutcome = AddOutcome | 'ignored' | 'not_enabled';

export const DEFAULT_DEBOUNCE_MS = 1_500;
export const DEFAULT_RETRY_MS = 5_000;
export const DEFAULT_MAX_ATTEMPTS = 3;

type BatchOutcome = 'done' | 'held' | 'failed';

export class EventDispatcher {
  private readonly pending = new PendingTargets();
  private readonly clock: Clock;
  private readonly log: Logger;
  private timer: unknown;
  private timerAt = Number.POSITIVE_INFINITY;
  private flushing: Promise<void> | undefined;
  /** a lease was freed or a flush was asked for while one ran: flush again right after */
  private again = false;
  private stopped = false;

  constructor(private readonly o: DispatcherOptions) {
    this.clock = o.clock ?? realClock;
    this.log = o.logger.child({ instance: o.instance, component: 'webhooks' });
  }

  /** Queues what an accepted event asks for; never waits for an import. */
  offer(event: BcWebhookEvent, receivedAt: number): OfferOutcome {
    const target = eventTarget(event);
    if (target.kind === 'ignore') {
      this.log.debug({ scope: event.scope }, `webhook ignored: ${target.why}`);
      return 'ignored';
    }
    const entity: EventEntity = target.kind === 'refunds' ? 'refunds' : target.entity;
    const id = target.kind === 'refunds' ? target.orderId : target.id;
    if (!this.o.enabled.has(entity)) {
      this.log.debug({ scope: event.scope, entity }, `webhook ignored: ${entity} is not run on this instance`);
      return 'not_enabled';
    }
    this.o.announced?.note(entity, id, receivedAt);
    const outcome = this.pending.add({ entity, id }, { hash: event.hash, createdAt: event.created_at }, receivedAt);
    if (outcome === 'queued') this.armIn(this.o.debounceMs ?? DEFAULT_DEBOUNCE_MS);
    else this.o.metrics?.coalesced(this.o.instance, entity);
    return outcome;
  }

  /** A scheduled run of `entity` ended: its lease is free, so held ids go now. */
  leaseFreed(entity: string): void {
    if (!this.pending.ids(entity as EventEntity).length) return;
    if (this.flushing) this.again = true;
    else this.armIn(0);
  }

  /** Pending ids per entity (tests, shutdown). */
  pendingIds(entity: EventEntity): number[] {
    return this.pending.ids(entity);
  }

  /** Resolves when no flush runs (tests). */
  async settled(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** No new imports; waits for the running one. What is still pending is left to the polls. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.disarm();
    await this.settled();
    const left = this.pending.size();
    if (left) this.log.info({ pending: left }, `webhooks: ${left} pending record(s) left to the scheduled polls`);
  }

  /** The flush runs at `ms` from now, or earlier if already due earlier. */
  private armIn(ms: number): void {
    if (this.stopped) return;
    const at = this.clock.now() + ms;
    if (this.timer !== undefined && this.timerAt <= at) return;
    this.disarm();
    this.timerAt = at;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      void this.flush();
    }, ms);
  }

  private disarm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
  }

  private flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = this.flushAll().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  /** One pass over the pending entities, then the next flush is armed for what is left. */
  private async flushAll(): Promise<void> {
    this.again = false;
    let retry = false;
    for (const entity of this.pending.entities(this.o.order)) {
      if (this.stopped) return;
      if ((await this.importBatch(this.pending.take(entity))) !== 'done') retry = true;
    }
    if (!this.pending.size()) return;
    // A lease freed or a debounce that ran out during the pass: at once. Held or failed: retryMs.
    // Else (events that came during the pass): their own debounce is armed already.
    if (this.again) this.armIn(0);
    else if (retry) this.armIn(this.o.retryMs ?? DEFAULT_RETRY_MS);
    else this.armIn(this.o.debounceMs ?? DEFAULT_DEBOUNCE_MS);
  }

  private async importBatch(batch: Batch): Promise<BatchOutcome> {
    const { entity } = batch;
    const ids = [...batch.items.keys()];
    const opts: ImportOptions =
      entity === 'refunds' ? { orderIds: ids, trigger: 'webhook' } : { ids, trigger: 'webhook' };
    let run: LeasedRun;
    try {
      run = await this.o.runImport(entity, opts);
    } catch (err) {
      this.pending.putBack(batch, true);
      const dropped = this.pending.dropExhausted(entity, this.o.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
      this.log.warn(
        { entity, ids: ids.length, dropped: dropped.length, error: err instanceof Error ? err.message : String(err) },
        `${entity}: event import failed${dropped.length ? `; ${dropped.length} id(s) left to the scheduled poll` : '; retried'}`,
      );
      return 'failed';
    }
    if (!run.ok) {
      this.pending.putBack(batch, false);
      this.log.debug(
        { entity, holder: run.holder },
        `${entity}: lease held (${run.holder ?? 'unknown'}); event ids kept`,
      );
      return 'held';
    }
    this.done(batch, run.summary);
    return 'done';
  }

  private done(batch: Batch, summary: ImportSummary): void {
    const { entity } = batch;
    const end = this.clock.now();
    for (const item of batch.items.values())
      this.o.metrics?.eventToOdoo(this.o.instance, entity, Math.max(0, end - item.firstAt) / 1000);
    this.o.metrics?.eventRun(this.o.instance, entity, summary);
    this.log.info(
      { entity, ids: batch.items.size, status: summary.status, trigger: 'webhook' },
      `${entity}: ${batch.items.size} record(s) from webhooks: ${summary.created} created, ${summary.updated} updated, ` +
        `${summary.unchanged} unchanged, ${summary.failed} failed`,
    );
  }
}
