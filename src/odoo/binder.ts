/**
 * One generic binder (cf. OCA connector's binder): the link BigCommerce record ↔ Odoo record
 * is an external id in ir.model.data, `bigcommerce_<store_hash>.<kind>_<bigcommerce id>`, so
 * uniqueness of (store, kind, id) is Odoo's own unique index on (module, name). Kinds are the
 * closed list of binding-kinds.ts.
 *
 * `upsert` writes a batch with Odoo's `load` whenever the values allow it (binder/load-rows.ts):
 * one call creates the missing records, updates the bound ones and writes their external ids
 * (sudo, inside `load`), all in one transaction per call; failing rows are set aside and the
 * rest loaded again. Cost per batch of N rows: 1 search_read on ir.model.data (to tell created
 * from updated) + 1 `load`; with bad rows, +1 `load` for the rest (+1 when row 0 is flagged
 * without a field). fields_get once per model per client. Values `load` cannot express go
 * through create/write instead (binder/create-or-write.ts).
 *
 * A duplicate external id on bind means another writer bound the same BigCommerce record
 * first: we look it up again, keep theirs, drop our copy and update theirs.
 *
 * The Odoo user needs read/write on ir.model.data (base.group_erp_manager, "Access Rights").
 */
import type { Logger } from '../log/logger.js';
import { type BcId, type Binding, IMD, type Rec, type UpsertBatch, type UpsertResult } from './binder/batch.js';
import { createOrWrite } from './binder/create-or-write.js';
import { loadRows } from './binder/load-rows.js';
import type { BindingKind } from './binding-kinds.js';
import type { OdooClient } from './client.js';
import { OdooValidationError } from './errors.js';
import { unloadableReason } from './load-format.js';

export type { BcId, UpsertResult } from './binder/batch.js';
export type { BindingKind } from './binding-kinds.js';

export interface BinderOptions {
  /** names per ir.model.data search_read, default 1000 */
  lookupChunk?: number;
  /** records per `load`/`create` call, default 500 */
  batchSize?: number;
  logger?: Logger;
}

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
  name(kind: BindingKind, bcId: BcId): string {
    if (!/^[a-z][a-z0-9_]*$/.test(kind)) throw new TypeError(`binder kind "${kind}" must match [a-z][a-z0-9_]*`);
    const id = String(bcId);
    if (!/^[A-Za-z0-9_-]+$/.test(id))
      throw new TypeError(`BigCommerce id "${id}" of kind ${kind} must match [A-Za-z0-9_-]+`);
    return `${kind}_${id}`;
  }

  xmlid(kind: BindingKind, bcId: BcId): string {
    return `${this.module}.${this.name(kind, bcId)}`;
  }

  /** bcId → Odoo id for the bound records that still exist (archived ones included). */
  async resolve(kind: BindingKind, bcIds: readonly BcId[]): Promise<Map<string, number>> {
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

  async resolveOne(kind: BindingKind, bcId: BcId): Promise<number | undefined> {
    return (await this.resolve(kind, [bcId])).get(String(bcId));
  }

  /** Binds records; a BigCommerce id bound to another record is moved to the given one. */
  async bind(kind: BindingKind, model: string, pairs: readonly { bcId: BcId; odooId: number }[]): Promise<void> {
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
    kind: BindingKind,
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
      const part = all.slice(i, i + this.batchSize);
      const batch = await this.batch(kind, model, part, result);
      for (const [keys, group] of groupByKeys(part)) {
        const unknown = keys.filter((k) => !(k in fields) || k === 'id');
        if (unknown.length) {
          const error = new OdooValidationError(`${model} has no field ${unknown.map((k) => `"${k}"`).join(', ')}`, {
            model,
            method: 'upsert',
            db: this.client.db,
          });
          for (const r of group) result.failed.push({ bcId: r.bcId, error });
        } else if (group.every((r) => keys.every((k) => unloadableReason(k, fields[k], r.values[k]) === null))) {
          await loadRows(batch, fields, keys, group);
        } else {
          await createOrWrite(batch, group);
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

  /** What the writers of one batch need: its bindings before writing, and how to bind new records. */
  private async batch(kind: BindingKind, model: string, part: Rec[], result: UpsertResult): Promise<UpsertBatch> {
    const known = await this.lookup(
      kind,
      part.map((r) => r.bcId),
    );
    return {
      client: this.client,
      logger: this.logger,
      kind,
      model,
      known,
      result,
      xmlid: (bcId) => this.xmlid(kind, bcId),
      bindCreated: (pairs) => this.writeBindings(kind, model, pairs, known, 'report'),
    };
  }

  /** ir.model.data rows of these BigCommerce ids (one search_read per `lookupChunk` names). */
  private async lookup(kind: BindingKind, bcIds: readonly BcId[]): Promise<Map<string, Binding>> {
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
    kind: BindingKind,
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
