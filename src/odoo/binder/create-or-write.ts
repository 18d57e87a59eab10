/**
 * The binder's fallback for values `load` cannot express (one2many, or x2many commands other
 * than set): an existence check of the bound records, ONE `create` for all new records, ONE
 * ir.model.data `create` to bind them (not atomic with the records: a crash in between leaves
 * unbound records, which the next run duplicates), and one `write` per distinct values. A
 * failed create or write batch is bisected down to the bad records. When another writer bound
 * the same BigCommerce record first, its record is kept and updated, and ours deleted.
 */
import { asOdooError, IMD, RECORD_SPECIFIC, type Rec, type UpsertBatch } from './batch.js';

/** Creates and binds the records not bound to a live record of the model, writes the others. */
export async function createOrWrite(batch: UpsertBatch, group: Rec[]): Promise<void> {
  const { client, model, known } = batch;
  const boundIds = group.flatMap((r) => {
    const b = known.get(r.bcId);
    return b && b.model === model ? [b.resId] : [];
  });
  const alive = new Set(
    boundIds.length ? await client.search(model, [['id', 'in', boundIds]], { context: { active_test: false } }) : [],
  );
  const isLive = (r: Rec) => {
    const b = known.get(r.bcId);
    return !!b && b.model === model && alive.has(b.resId);
  };
  await createAndBind(
    batch,
    group.filter((r) => !isLive(r)),
  );
  await writeRecords(
    batch,
    group.filter(isLive).map((r) => ({ rec: r, id: known.get(r.bcId)!.resId })),
  );
}

async function createAndBind(batch: UpsertBatch, part: Rec[]): Promise<void> {
  const { client, logger, model, result } = batch;
  if (part.length === 0) return;
  let ids: number[];
  try {
    ids = await client.create(
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
    await createAndBind(batch, part.slice(0, mid));
    await createAndBind(batch, part.slice(mid));
    return;
  }
  const pairs = part.map((r, i) => ({ bcId: r.bcId, odooId: ids[i]! }));
  let conflicts: Awaited<ReturnType<UpsertBatch['bindCreated']>>;
  try {
    conflicts = await batch.bindCreated(pairs);
  } catch (err) {
    logger.warn({ model, ids }, 'odoo records created but not bound; a later run will create them again');
    for (const r of part) result.failed.push({ bcId: r.bcId, error: asOdooError(err, IMD, 'create') });
    return;
  }
  for (const p of pairs) if (!conflicts.has(p.bcId)) result.created.set(p.bcId, p.odooId);
  if (conflicts.size === 0) return;
  // another writer bound these first: keep theirs, drop ours
  const ours = pairs.filter((p) => conflicts.has(p.bcId)).map((p) => p.odooId);
  await client
    .unlink(model, ours)
    .catch((err: unknown) => logger.warn({ model, ids: ours, err }, 'odoo duplicate left behind'));
  await writeRecords(
    batch,
    part.filter((r) => conflicts.has(r.bcId)).map((r) => ({ rec: r, id: conflicts.get(r.bcId)!.resId })),
  );
}

/** Writes bound records: one call per distinct values, bisected on record-specific failures. */
async function writeRecords(batch: UpsertBatch, items: { rec: Rec; id: number }[]): Promise<void> {
  const { client, model, result } = batch;
  const groups = new Map<string, { rec: Rec; id: number }[]>();
  for (const it of items) {
    const key = stableJson(it.rec.values);
    groups.set(key, [...(groups.get(key) ?? []), it]);
  }
  const run = async (g: { rec: Rec; id: number }[]): Promise<void> => {
    try {
      await client.write(
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

function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );
}
