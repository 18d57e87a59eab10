/**
 * One collection of records, over either a hand-written list (the sample store) or a generator
 * that builds a record from its id on demand (the scale store), plus the edits tests make.
 * Generated records are cached in a small LRU only; edited ones are kept for good. That is what
 * keeps a 20,000-order store at a few megabytes: only the cheap "head" of each record (the
 * fields filters and sorts look at) is ever computed for the whole collection.
 */

export interface RecordSource<T extends { id: number }, H extends { id: number } = T> {
  /** every id, ascending */
  ids(): readonly number[];
  get(id: number): T | undefined;
  /** the filterable fields only; sources without a cheaper form return the record */
  head?(id: number): H | undefined;
}

export function listSource<T extends { id: number }>(records: readonly T[]): RecordSource<T> {
  const byId = new Map(records.map((r) => [r.id, r]));
  const ids = [...byId.keys()].sort((a, b) => a - b);
  return { ids: () => ids, get: (id) => byId.get(id) };
}

const CACHE_SIZE = 2_000;

export class Table<T extends H, H extends { id: number } = T> {
  private src: RecordSource<T, H> | undefined;
  private readonly overrides = new Map<number, T>();
  private readonly deleted = new Set<number>();
  private readonly added: number[] = [];
  private readonly cache = new Map<number, T>();
  /** heads of generated records: small, pure, and scanned by every filtered list request */
  private readonly headCache = new Map<number, H>();
  private idList: number[] | undefined;

  /** `source` may be a thunk: the collection is then built on first use. */
  constructor(private readonly source: RecordSource<T, H> | (() => RecordSource<T, H>)) {}

  private get s(): RecordSource<T, H> {
    if (!this.src) this.src = typeof this.source === 'function' ? this.source() : this.source;
    return this.src;
  }

  ids(): readonly number[] {
    if (!this.idList) {
      const base = this.deleted.size === 0 ? [...this.s.ids()] : this.s.ids().filter((id) => !this.deleted.has(id));
      this.idList = [...base, ...this.added.filter((id) => !this.deleted.has(id))];
    }
    return this.idList;
  }

  get size(): number {
    return this.ids().length;
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  get(id: number): T | undefined {
    if (this.deleted.has(id)) return undefined;
    const own = this.overrides.get(id);
    if (own) return own;
    const cached = this.cache.get(id);
    if (cached) return cached;
    const rec = this.s.get(id);
    if (rec && this.s.head) {
      // only generated sources are cached; list sources already hold their records
      this.cache.set(id, rec);
      if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as number);
    }
    return rec;
  }

  head(id: number): H | undefined {
    if (this.deleted.has(id)) return undefined;
    const own = this.overrides.get(id);
    if (own) return own;
    if (!this.s.head) return this.s.get(id);
    let h = this.headCache.get(id);
    if (!h) {
      h = this.s.head(id);
      if (h) this.headCache.set(id, h);
    }
    return h;
  }

  all(): T[] {
    return this.ids().map((id) => this.get(id) as T);
  }

  heads(): H[] {
    return this.ids().map((id) => this.head(id) as H);
  }

  /**
   * Applies `edit` to a copy of the record and keeps the copy; throws for an unknown id. The
   * source's record stays as built, so what a generator derives from it (an order's lines
   * from the catalog) does not depend on when it was generated.
   */
  update(id: number, edit: (rec: T) => void): T {
    const current = this.get(id);
    if (!current) throw new Error(`no record with id ${id}`);
    const rec = this.overrides.get(id) ?? structuredClone(current);
    edit(rec);
    this.overrides.set(id, rec);
    this.cache.delete(id);
    return rec;
  }

  insert(rec: T): T {
    if (this.get(rec.id)) throw new Error(`record ${rec.id} already exists`);
    this.overrides.set(rec.id, rec);
    this.deleted.delete(rec.id);
    if (!this.s.ids().includes(rec.id)) this.added.push(rec.id);
    this.idList = undefined;
    return rec;
  }

  delete(id: number): boolean {
    if (!this.get(id)) return false;
    this.deleted.add(id);
    this.overrides.delete(id);
    this.cache.delete(id);
    this.idList = undefined;
    return true;
  }

  nextId(): number {
    const ids = this.ids();
    const lastBase = this.s.ids().at(-1) ?? 0;
    return Math.max(lastBase, ids.at(-1) ?? 0, ...this.added) + 1;
  }
}
