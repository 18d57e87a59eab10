/**
 * Plan, then write: for a batch of mapped records, find which are new, which changed (their
 * fingerprint differs from the x_bc_hash stored on the bound record) and which are unchanged —
 * two read calls for the whole batch. Writing goes through the binder's batched upsert, and
 * each failure is put on the tally with its BigCommerce id.
 */
import type { BindingKind } from '../odoo/binding-kinds.js';
import type { Values } from '../odoo/rpc.js';
import type { ImportContext } from './context.js';
import type { RecordEntity } from './entities.js';
import { fingerprint } from './fingerprint.js';
import type { Tally } from './tally.js';

export interface Mapped {
  bcId: number | string;
  /** shown in the log next to the id */
  name?: string;
  values: Values;
  /** what the fingerprint covers when `values` carries bulky or derived data (images) */
  fingerprintOf?: unknown;
  /** a ready-made fingerprint (e.g. composite "values.image"), instead of computing one */
  hash?: string;
}

export interface ChangePlan {
  create: (Mapped & { hash: string })[];
  update: (Mapped & { hash: string; odooId: number; previousHash: string | false })[];
  unchanged: (Mapped & { odooId: number })[];
}

export async function planChanges(
  ctx: ImportContext,
  kind: BindingKind,
  model: string,
  items: readonly Mapped[],
): Promise<ChangePlan> {
  const plan: ChangePlan = { create: [], update: [], unchanged: [] };
  if (!items.length) return plan;
  const bound = await ctx.binder.resolve(
    kind,
    items.map((i) => i.bcId),
  );
  const ids = [...new Set(bound.values())];
  const hashes = new Map<number, string | false>();
  if (ids.length) {
    const rows = await ctx.odoo.read<{ id: number; x_bc_hash: string | false }>(model, ids, ['x_bc_hash'], {
      context: { active_test: false },
    });
    for (const r of rows) hashes.set(r.id, r.x_bc_hash);
  }
  for (const item of items) {
    const hash = item.hash ?? fingerprint(item.fingerprintOf ?? item.values);
    const odooId = bound.get(String(item.bcId));
    if (odooId === undefined) plan.create.push({ ...item, hash });
    else if (hashes.get(odooId) === hash) plan.unchanged.push({ ...item, odooId });
    else plan.update.push({ ...item, hash, odooId, previousHash: hashes.get(odooId) ?? false });
  }
  return plan;
}

/**
 * Writes a plan (create + update in one batched upsert) and returns bcId → Odoo id for every
 * record that is in Odoo afterwards, including unchanged ones. `beforeWrite` can drop bulky
 * loading (images) from records that do not need it.
 */
/**
 * Writes a plan's creates and updates in one batched upsert. `counted: false` for records that
 * are part of a unit counted elsewhere (a customer's addresses, the website copy of a category
 * tree): their failures and warnings still go to the tally.
 */
export async function applyChanges(
  ctx: ImportContext,
  tally: Tally,
  entity: RecordEntity,
  kind: BindingKind,
  model: string,
  plan: ChangePlan,
  opts: { counted?: boolean } = {},
): Promise<Map<string, number>> {
  const counted = opts.counted ?? true;
  const ids = new Map<string, number>();
  for (const u of plan.unchanged) ids.set(String(u.bcId), u.odooId);
  if (counted) tally.unchanged += plan.unchanged.length;
  const writes = [...plan.create, ...plan.update];
  if (!writes.length) return ids;
  const names = new Map(writes.map((w) => [String(w.bcId), w.name]));
  const res = await ctx.binder.upsert(
    kind,
    model,
    writes.map((w) => ({ bcId: w.bcId, values: { ...w.values, x_bc_hash: w.hash } })),
  );
  for (const [bcId, id] of res.created) ids.set(bcId, id);
  for (const [bcId, id] of res.updated) ids.set(bcId, id);
  if (counted) {
    tally.created += res.created.size;
    tally.updated += res.updated.size;
    tally.wrote([...res.created.keys(), ...res.updated.keys()]);
  }
  for (const f of res.failed) await tally.fail(entity, f.bcId, f.error, names.get(f.bcId));
  return ids;
}
