/**
 * The webhook backstop's memory: which records events announced lately, per entity, so that
 * after a scheduled poll the records it created or updated that no event announced can be
 * counted (bc_odoo_events_missed_total) — the measure of how far webhooks can be trusted.
 * Bounded by age (24 h) and count per entity; the oldest go first.
 */
export interface AnnouncedLimits {
  readonly maxPerEntity: number;
  readonly keepMs: number;
}

export const DEFAULT_ANNOUNCED_LIMITS: AnnouncedLimits = { maxPerEntity: 50_000, keepMs: 24 * 3_600_000 };

/**
 * Entities whose event id is the id of the record the poll writes (refunds are announced by
 * order, inventory by product: their polls write other ids, so they are not compared).
 */
export const COMPARABLE = new Set(['orders', 'products', 'customers', 'categories']);

export class AnnouncedIds {
  private readonly byEntity = new Map<string, Map<string, number>>();

  constructor(private readonly limits: AnnouncedLimits = DEFAULT_ANNOUNCED_LIMITS) {}

  note(entity: string, id: number | string, at: number): void {
    let m = this.byEntity.get(entity);
    if (!m) {
      m = new Map();
      this.byEntity.set(entity, m);
    }
    // Re-inserted, so insertion order stays age order.
    m.delete(String(id));
    m.set(String(id), at);
    this.prune(m, at);
  }

  /** How many of the ids a poll wrote no event announced within the window before `now`. */
  missed(entity: string, writtenIds: readonly string[], now: number): number {
    if (!COMPARABLE.has(entity)) return 0;
    const m = this.byEntity.get(entity);
    if (m) this.prune(m, now);
    return writtenIds.filter((id) => !m?.has(id)).length;
  }

  private prune(m: Map<string, number>, now: number): void {
    for (const [id, at] of m) {
      if (now - at <= this.limits.keepMs && m.size <= this.limits.maxPerEntity) break;
      m.delete(id);
    }
  }
}
