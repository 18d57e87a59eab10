/**
 * One generic binder (cf. OCA connector's binder): the link BigCommerce record ↔ Odoo record
 * is an external id in ir.model.data, `bigcommerce_<store_hash>.<kind>_<bigcommerce id>`, so
 * uniqueness of (store, kind, id) is Odoo's own unique index on (module, name).
 *
 * `upsert` writes a batch with Odoo's `load` whenever the values allow it (see load-format.ts):
 * one call creates the missing records, updates the bound ones and writes their external
 * ids (sudo, inside `load`), all in one transaction per call — Odoo rolls the whole call back
 * if any row fails, and reports the failing rows in `messages`. Failing rows are set aside
 * and the rest loaded again (a batch-level message Odoo pins on row 0 is re-checked alone;
 * a failure naming no row is bisected). Cost per batch of N rows: 1 search_read on
 * ir.model.data (to tell created from updated) + 1 `load`; with bad rows, +1 `load` for the
 * rest (+1 when row 0 is flagged without a field). fields_get once per model per client.
 *
 * Values `load` cannot express (one2many or x2many commands other than set) go through
 * create/write: an existence check of the bound records, ONE `create` for all new records,
 * ONE ir.model.data `create` to bind them (not atomic with the records: a crash in between
 * leaves unbound records, which the next run duplicates), and one `write` per distinct values.
 * A failed create/write batch is bisected down to the bad records.
 *
 * A duplicate external id on bind means another writer bound the same BigCommerce record
 * first: we look it up again, keep theirs, drop our copy and update theirs.
 *
 * The Odoo user needs read/write on ir.model.data (base.group_erp_manager, "Access Rights").
 */
import type { Logger } from '../log/logger.js';
import type { OdooClient, LoadMessage, OdooFieldInfo } from './client.js';
import { OdooError, OdooServerError, OdooValidationError } from './errors.js';
import { toLoadMatrix, unloadableReason } from './load-format.js';

export type BcId = string | number;

export interface UpsertResult {
  /** bcId (as a string) → Odoo id */
  created: Map<string, number>;
  updated: Map<string, number>;
  failed: { bcId: string; error: OdooError }[];
}

export interface BinderOptions {
  /** names per ir.model.data search_read, default 1000 */
  lookupChunk?: number;
  /** records per `load`/`create` call, default 500 */
  batchSize?: number;
  logger?: Logger;
}

interface Binding {
  imdId: number;
  model: string;
  resId: number;
}
interface Rec {
  bcId: string;
  values: Record<string, unknown>;
}
type Fields = Record<string, OdooFieldInfo>;

const IMD = 'ir.model.data';
const RECORD_SPECIFIC = new Set(['validation', 'user', 'missing', 'server']);

export class Binder {
  readonly module: string;
  private readonly lookupChunk: number;
  private readonly batchSize: number;
  private readonly logger: Logger;

  constructor(
    private readonly client: OdooClient,
    storeHash: string,
    opts: BinderOptions = {},
  ) {
    const norm = storeHash.toLowerCase().replace(/[^a-z0-9_]/g, '_');
    if (!norm) throw new TypeError('Binder needs a store hash');
    this.module = `bigcommerce_${norm}`;
    this.lookupChunk = opts.lookupChunk ?? 1000;
    this.batchSize = opts.batchSize ?? 500;
    this.logger = opts.logger ?? client.logger;
  }

  /** `<kind>_<bcId>`; kind is [a-z][a-z0-9_]*, the id [A-Za-z0-9_-]+. */
  name(kind: string, bcId: BcId): string {
    if (!/^[a-z][a-z0-9_]*$/.test(kind)) throw new TypeError(`binder kind "${kind}" must match [a-z][a-z0-9_]*`);
    const id = String(bcId);
    if (!/^[A-Za-z0-9_-]+$/.test(id))
      throw new TypeError(`BigCommerce id "${id}" of kind ${kind} must match [A-Za-z0-9_-]+`);
    return `${kind}_${id}`;
  }

  xmlid(kind: string, bcId: BcId): string {
    return `${this.module}.${this.name(kind, bcId)}`;
  }

  /** bcId → Odoo id for the bound records that still exist (archived ones included). */
  async resolve(kind: string, bcIds: readonly BcId[]): Promise<Map<string, number>> {
    const found = await this.lookup(kind, bcIds);
    const byModel = new Map<string, number[]>();
    for (const b of found.values()) byModel.set(b.model, [...(byModel.get(b.model) ?? []), b.resId]);
    const alive = new Set<string>();
    for (const [model, ids] of byModel) {
      for (const id of await this.client.search(model, [['id', 'in', ids]], { context: { active_test: false } }))
        alive.add(`${model},${id}`);
    }
    const out = new Map<string, number>();
    for (const [bcId, b] of found) if (alive.has(`${b.model},${b.resId}`)) out.set(bcId, b.resId);
    return out;
  }

  async resolveOne(kind: string, bcId: BcId): Promise<number | undefined> {
    return (await this.resolve(kind, [bcId])).get(String(bcId));
  }

  /** Binds records; a BigCommerce id bound to another record is moved to the given one. */
  async bind(kind: string, model: string, pairs: readonly { bcId: BcId; odooId: number }[]): Promise<void> {
    const want = new Map(pairs.map((p) => [String(p.bcId), p.odooId]));
    if (want.size === 0) return;
    const known = await this.lookup(kind, [...want.keys()]);
    await this.writeBindings(
      kind,
      model,
      [...want].map(([bcId, odooId]) => ({ bcId, odooId })),
      known,
      'rebind',
    );
  }

  /** Creates or updates records by BigCommerce id and binds the new ones. See the file comment. */
  async upsert(
    kind: string,
    model: string,
    records: readonly { bcId: BcId; values: Record<string, unknown> }[],
  ): Promise<UpsertResult> {
    const result: UpsertResult = { created: new Map(), updated: new Map(), failed: [] };
    const recs = new Map<string, Rec>();
    for (const r of records) {
      const bcId = String(r.bcId);
      try {
        this.name(kind, bcId);
      } catch (e) {
        result.failed.push({ bcId, error: new OdooValidationError((e as Error).message, { model, method: 'upsert' }) });
        continue;
      }
      recs.set(bcId, { bcId, values: r.values });
    }
    if (recs.size === 0) return result;
    const fields = await this.client.fieldsGet(model);
    const all = [...recs.values()];
    for (let i = 0; i < all.length; i += this.batchSize) {
      const batch = all.slice(i, i + this.batchSize);
      const known = await this.lookup(
        kind,
        batch.map((r) => r.bcId),
      );
      for (const [keys, group] of groupByKeys(batch)) {
        const unknown = keys.filter((k) => !(k in fields) || k === 'id');
        if (unknown.length) {
          const error = new OdooValidationError(`${model} has no field ${unknown.map((k) => `"${k}"`).join(', ')}`, {
            model,
            method: 'upsert',
            db: this.client.db,
          });
          for (const r of group) result.failed.push({ bcId: r.bcId, error });
        } else if (group.every((r) => keys.every((k) => unloadableReason(k, fields[k], r.values[k]) === null))) {
          await this.loadRows(kind, model, fields, keys, group, known, result);
        } else {
          await this.createOrWrite(kind, model, group, known, result);
        }
      }
    }
    this.logger.debug(
      { kind, model, created: result.created.size, updated: result.updated.size, failed: result.failed.length },
      'odoo upsert',
    );
    return result;
  }

  // ---- internals ----------------------------------------------------------------------------

  /** ir.model.data rows of these BigCommerce ids (one search_read per `lookupChunk` names). */
  private async lookup(kind: string, bcIds: readonly BcId[]): Promise<Map<string, Binding>> {
    const byName = new Map(bcIds.map((id) => [this.name(kind, id), String(id)]));
    const names = [...byName.keys()];
    const out = new Map<string, Binding>();
    for (let i = 0; i < names.length; i += this.lookupChunk) {
      const rows = await this.client.searchRead<{ id: number; name: string; model: string; res_id: number }>(
        IMD,
        [
          ['module', '=', this.module],
          ['name', 'in', names.slice(i, i + this.lookupChunk)],
        ],
        ['name', 'model', 'res_id'],
      );
      for (const r of rows) {
        const bcId = byName.get(r.name);
        if (bcId !== undefined && r.res_id) out.set(bcId, { imdId: r.id, model: r.model, resId: r.res_id });
      }
    }
    return out;
  }

  /**
   * Creates missing ir.model.data rows (one call) and moves differing ones. On a duplicate
   * (another writer bound meanwhile) it looks up again: `rebind` moves those too, `report`
   * returns them so the caller can keep the other writer's record.
   */
  private async writeBindings(
    kind: string,
    model: string,
    pairs: { bcId: string; odooId: number }[],
    known: Map<string, Binding>,
    onConflict: 'rebind' | 'report',
  ): Promise<Map<string, Binding>> {
    const conflicts = new Map<string, Binding>();
    const toMove: { imdId: number; odooId: number }[] = [];
    const moveIfDiffers = (p: { bcId: string; odooId: number }, b: Binding) => {
      if (b.resId !== p.odooId || b.model !== model) toMove.push({ imdId: b.imdId, odooId: p.odooId });
    };
    const toCreate = pairs.filter((p) => {
      const b = known.get(p.bcId);
      if (b) moveIfDiffers(p, b);
      return !b;
    });
    const row = (p: { bcId: string; odooId: number }) => ({
      module: this.module,
      name: this.name(kind, p.bcId),
      model,
      res_id: p.odooId,
      noupdate: false,
    });
    if (toCreate.length) {
      try {
        await this.client.create(IMD, toCreate.map(row));
      } catch (err) {
        if (!(err instanceof OdooValidationError)) throw err;
        const now = await this.lookup(
          kind,
          toCreate.map((p) => p.bcId),
        );
        const missing = toCreate.filter((p) => !now.has(p.bcId));
        if (missing.length) await this.client.create(IMD, missing.map(row));
        for (const p of toCreate) {
          const b = now.get(p.bcId);
          if (!b || (b.resId === p.odooId && b.model === model)) continue;
          if (onConflict === 'rebind') moveIfDiffers(p, b);
          else conflicts.set(p.bcId, b);
        }
      }
    }
    for (const m of toMove) await this.client.write(IMD, [m.imdId], { model, res_id: m.odooId });
    return conflicts;
  }

  /** `load` with isolation of failing rows (see file comment). */
  private async loadRows(
    kind: string,
    model: string,
    fields: Fields,
    keys: string[],
    part: Rec[],
    known: Map<string, Binding>,
    result: UpsertResult,
  ): Promise<void> {
    const matrix = toLoadMatrix(
      fields,
      keys,
      part.map((r) => ({ xmlid: this.xmlid(kind, r.bcId), values: r.values })),
    );
    let res: { ids: number[] | false; messages: LoadMessage[] };
    try {
      res = await this.client.load(
        model,
        matrix.fields,
        matrix.rows,
        matrix.hasDatetime ? { context: { tz: 'UTC' } } : {},
      );
    } catch (err) {
      for (const r of part) result.failed.push({ bcId: r.bcId, error: asOdooError(err, model, 'load') });
      return;
    }
    if (res.ids && res.ids.length === part.length) {
      part.forEach((r, i) => {
        const id = (res.ids as number[])[i]!;
        const b = known.get(r.bcId);
        (b && b.resId === id && b.model === model ? result.updated : result.created).set(r.bcId, id);
      });
      return;
    }
    const errors = res.messages.filter((m) => m.type === 'error');
    const fail = (r: Rec, msgs: LoadMessage[]) =>
      void result.failed.push({ bcId: r.bcId, error: this.loadError(model, r.bcId, msgs.length ? msgs : errors) });
    if (part.length === 1) return fail(part[0]!, errors);
    const byRow = new Map<number, LoadMessage[]>();
    for (const m of errors) {
      const i = typeof m.record === 'number' ? m.record : m.rows?.from;
      if (i !== undefined && i >= 0 && i < part.length) byRow.set(i, [...(byRow.get(i) ?? []), m]);
    }
    // Rows Odoo retried one by one carry their own messages, and conversion errors name their
    // field: both are certain. A message on row 0 without a field may be the batch error Odoo
    // pins on the first row (`global_error_message` in models.py `load`): row 0 is re-checked.
    const certain = new Set([...byRow].filter(([i, ms]) => i > 0 || ms.some((m) => m.field)).map(([i]) => i));
    part.forEach((r, i) => {
      if (certain.has(i)) fail(r, byRow.get(i)!);
    });
    const rest = part.filter((_, i) => !certain.has(i));
    if (certain.size > 0) {
      if (rest.length) await this.loadRows(kind, model, fields, keys, rest, known, result);
      return;
    }
    const [first, second] = byRow.has(0)
      ? [part.slice(0, 1), part.slice(1)]
      : [part.slice(0, Math.ceil(part.length / 2)), part.slice(Math.ceil(part.length / 2))];
    await this.loadRows(kind, model, fields, keys, first, known, result);
    await this.loadRows(kind, model, fields, keys, second, known, result);
  }

  private loadError(model: string, bcId: string, msgs: LoadMessage[]): OdooValidationError {
    const text =
      msgs.map((m) => (m.field ? `${m.field}: ${m.message}` : m.message)).join('; ') ||
      'rejected by load without a message';
    return new OdooValidationError(`${model}.load (BigCommerce id ${bcId}): ${text}`, {
      model,
      method: 'load',
      db: this.client.db,
    });
  }

  /** Fallback for values `load` cannot take: create + bind the new, write the bound. */
  private async createOrWrite(
    kind: string,
    model: string,
    group: Rec[],
    known: Map<string, Binding>,
    result: UpsertResult,
  ): Promise<void> {
    const boundIds = group.flatMap((r) => {
      const b = known.get(r.bcId);
      return b && b.model === model ? [b.resId] : [];
    });
    const alive = new Set(
      boundIds.length
        ? await this.client.search(model, [['id', 'in', boundIds]], { context: { active_test: false } })
        : [],
    );
    const isLive = (r: Rec) => {
      const b = known.get(r.bcId);
      return !!b && b.model === model && alive.has(b.resId);
    };
    await this.createAndBind(
      kind,
      model,
      group.filter((r) => !isLive(r)),
      known,
      result,
    );
    await this.writeRecords(
      model,
      group.filter(isLive).map((r) => ({ rec: r, id: known.get(r.bcId)!.resId })),
      result,
    );
  }

  private async createAndBind(
    kind: string,
    model: string,
    part: Rec[],
    known: Map<string, Binding>,
    result: UpsertResult,
  ): Promise<void> {
    if (part.length === 0) return;
    let ids: number[];
    try {
      ids = await this.client.create(
        model,
        part.map((r) => r.values),
      );
    } catch (err) {
      const e = asOdooError(err, model, 'create');
      if (part.length === 1 || !RECORD_SPECIFIC.has(e.kind)) {
        for (const r of part) result.failed.push({ bcId: r.bcId, error: e });
        return;
      }
      const mid = Math.ceil(part.length / 2);
      await this.createAndBind(kind, model, part.slice(0, mid), known, result);
      await this.createAndBind(kind, model, part.slice(mid), known, result);
      return;
    }
    const pairs = part.map((r, i) => ({ bcId: r.bcId, odooId: ids[i]! }));
    let conflicts: Map<string, Binding>;
    try {
      conflicts = await this.writeBindings(kind, model, pairs, known, 'report');
    } catch (err) {
      this.logger.warn({ model, ids }, 'odoo records created but not bound; a later run will create them again');
      for (const r of part) result.failed.push({ bcId: r.bcId, error: asOdooError(err, IMD, 'create') });
      return;
    }
    for (const p of pairs) if (!conflicts.has(p.bcId)) result.created.set(p.bcId, p.odooId);
    if (conflicts.size === 0) return;
    // another writer bound these first: keep theirs, drop ours
    const ours = pairs.filter((p) => conflicts.has(p.bcId)).map((p) => p.odooId);
    await this.client
      .unlink(model, ours)
      .catch((err: unknown) => this.logger.warn({ model, ids: ours, err }, 'odoo duplicate left behind'));
    await this.writeRecords(
      model,
      part.filter((r) => conflicts.has(r.bcId)).map((r) => ({ rec: r, id: conflicts.get(r.bcId)!.resId })),
      result,
    );
  }

  /** Writes bound records: one call per distinct values, bisected on record-specific failures. */
  private async writeRecords(model: string, items: { rec: Rec; id: number }[], result: UpsertResult): Promise<void> {
    const groups = new Map<string, { rec: Rec; id: number }[]>();
    for (const it of items) {
      const key = stableJson(it.rec.values);
      groups.set(key, [...(groups.get(key) ?? []), it]);
    }
    const run = async (g: { rec: Rec; id: number }[]): Promise<void> => {
      try {
        await this.client.write(
          model,
          g.map((x) => x.id),
          g[0]!.rec.values,
        );
        for (const x of g) result.updated.set(x.rec.bcId, x.id);
      } catch (err) {
        const e = asOdooError(err, model, 'write');
        if (g.length === 1 || !RECORD_SPECIFIC.has(e.kind)) {
          for (const x of g) result.failed.push({ bcId: x.rec.bcId, error: e });
          return;
        }
        const mid = Math.ceil(g.length / 2);
        await run(g.slice(0, mid));
        await run(g.slice(mid));
      }
    };
    for (const g of groups.values()) await run(g);
  }
}

function groupByKeys(recs: Rec[]): Map<string[], Rec[]> {
  const bySig = new Map<string, { keys: string[]; recs: Rec[] }>();
  for (const r of recs) {
    const keys = Object.keys(r.values)
      .filter((k) => r.values[k] !== undefined)
      .sort();
    const sig = keys.join('\u0000');
    const g = bySig.get(sig) ?? { keys, recs: [] };
    g.recs.push(r);
    bySig.set(sig, g);
  }
  return new Map([...bySig.values()].map((g) => [g.keys, g.recs]));
}

function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );
}

function asOdooError(err: unknown, model: string, method: string): OdooError {
  if (err instanceof OdooError) return err;
  return new OdooServerError(`${model}.${method}: ${err instanceof Error ? err.message : String(err)}`, {
    model,
    method,
    cause: err,
  });
}
