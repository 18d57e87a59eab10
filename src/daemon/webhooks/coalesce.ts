/**
 * The pure part of event dispatch: per instance, the records events asked to import, keyed by
 * (entity, id) — refunds by order id — so duplicate deliveries and bursts of events for one
 * record become one id of one import. No timers, no I/O: dispatch.ts decides when to take a
 * batch; this only keeps what is pending.
 *
 * Duplicates by `hash`: BigCommerce redelivers an event with the same hash, but an
 * `store/order/updated` body carries only the id, so two genuine updates of one order may share
 * a hash too. A delivery is therefore a duplicate when hash *and* created_at match one already
 * seen (a redelivery of that event); a later update is a new event, and coalesces by its target
 * only while the first is still pending.
 */
import type { EventEntity } from '../../bigcommerce/webhook-events.js';

/** One record an event asked for: refunds carry the order id (`--order`). */
export interface PendingTarget {
  readonly entity: EventEntity;
  readonly id: number;
}

export type AddOutcome = 'queued' | 'coalesced' | 'duplicate';

/** What one import takes: an entity's pending ids, each with when its first event came. */
export interface Batch {
  readonly entity: EventEntity;
  /** id → receipt time of its first pending event, and how many imports of it failed */
  readonly items: ReadonlyMap<number, PendingItem>;
}

export interface PendingItem {
  readonly firstAt: number;
  readonly attempts: number;
}

export interface PendingLimits {
  /** how many delivery keys (hash + created_at) are remembered for duplicates */
  readonly maxSeen: number;
  /** how long, ms */
  readonly seenMs: number;
}

export const DEFAULT_PENDING_LIMITS: PendingLimits = { maxSeen: 20_000, seenMs: 24 * 3_600_000 };

export class PendingTargets {
  private readonly byEntity = new Map<EventEntity, Map<number, PendingItem>>();
  /** delivery key → when first seen; insertion order is age order (for eviction) */
  private readonly seen = new Map<string, number>();

  constructor(private readonly limits: PendingLimits = DEFAULT_PENDING_LIMITS) {}

  /** Records what one delivery asks for; `at` its receipt time. */
  add(target: PendingTarget, delivery: { hash: string; createdAt: number }, at: number): AddOutcome {
    const key = `${delivery.hash}\0${delivery.createdAt}`;
    this.forgetOld(at, 0);
    if (this.seen.has(key)) return 'duplicate';
    this.forgetOld(at, 1);
    this.seen.set(key, at);
    const pending = this.pendingOf(target.entity);
    if (pending.has(target.id)) return 'coalesced';
    pending.set(target.id, { firstAt: at, attempts: 0 });
    return 'queued';
  }

  /** Entities with something pending, in the order given (dependency order). */
  entities(order: readonly string[]): EventEntity[] {
    return order.filter((e): e is EventEntity => (this.byEntity.get(e as EventEntity)?.size ?? 0) > 0);
  }

  /** Takes every pending id of an entity (empty when none). */
  take(entity: EventEntity): Batch {
    const items = this.byEntity.get(entity) ?? new Map<number, PendingItem>();
    this.byEntity.delete(entity);
    return { entity, items };
  }

  /**
   * Puts a batch back that could not be imported (lease held, run failed): merged with what
   * came meanwhile, keeping the earliest receipt. `failed`: count an attempt against each id.
   */
  putBack(batch: Batch, failed: boolean): void {
    const pending = this.pendingOf(batch.entity);
    for (const [id, item] of batch.items) {
      const now = pending.get(id);
      pending.set(id, {
        firstAt: Math.min(item.firstAt, now?.firstAt ?? item.firstAt),
        attempts: item.attempts + (failed ? 1 : 0),
      });
    }
  }

  /** Forgets the ids of an entity whose imports failed `maxAttempts` times; returns them. */
  dropExhausted(entity: EventEntity, maxAttempts: number): number[] {
    const pending = this.byEntity.get(entity);
    if (!pending) return [];
    const dropped = [...pending].filter(([, item]) => item.attempts >= maxAttempts).map(([id]) => id);
    for (const id of dropped) pending.delete(id);
    return dropped;
  }

  /** Everything pending, for shutdown's log line and tests. */
  size(): number {
    let n = 0;
    for (const m of this.byEntity.values()) n += m.size;
    return n;
  }

  ids(entity: EventEntity): number[] {
    return [...(this.byEntity.get(entity)?.keys() ?? [])];
  }

  private pendingOf(entity: EventEntity): Map<number, PendingItem> {
    let m = this.byEntity.get(entity);
    if (!m) {
      m = new Map();
      this.byEntity.set(entity, m);
    }
    return m;
  }

  /** Bounded memory: the oldest delivery keys go first, by age, and by count to make `room`. */
  private forgetOld(now: number, room: number): void {
    for (const [key, at] of this.seen) {
      if (now - at <= this.limits.seenMs && this.seen.size + room <= this.limits.maxSeen) break;
      this.seen.delete(key);
    }
  }
}
