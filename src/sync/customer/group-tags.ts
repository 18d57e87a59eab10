/**
 * The "BigCommerce" and "BigCommerce: invalid email" tags (found or created by name), and one
 * tag per customer group under "BigCommerce", bound as `customer_group_<id>`: an unbound group
 * first adopts a tag of the same name under "BigCommerce" (another store's, or one made by
 * hand), else gets a new one; a renamed group renames its tag. A dry run writes nothing and
 * stands in PLANNED for what it would create.
 */
import type { Values } from '../../odoo/rpc.js';
import type { ImportContext } from '../context.js';
import { exclusively } from '../exclusive.js';
import type { Tally } from '../tally.js';
import { INVALID_EMAIL_TAG, TAG_ROOT } from './mapper.js';
import { E, PLANNED, TAG } from './models.js';

export interface GroupTags {
  root: number;
  invalidEmailTag: number;
  groupTags: Map<number, number>;
}

interface TagWrite {
  bcId: number;
  values: Values;
}

export async function groupTags(ctx: ImportContext, tally: Tally, dryRun: boolean): Promise<GroupTags> {
  const { records: groups, errors } = await ctx.bc.customerGroups().all();
  for (const e of errors)
    await tally.warn(E, e.recordId ?? '?', `customer group not readable, its customers get no group tag: ${e.message}`);
  // Tags are found by name, which Odoo does not keep unique: parts of a split import (each
  // importing customers, or an orders part making them on the fly) do this one at a time.
  if (dryRun) return findOrMakeTags(ctx, tally, groups, dryRun);
  return exclusively(ctx, 'partner-tags', () => findOrMakeTags(ctx, tally, groups, dryRun));
}

async function findOrMakeTags(
  ctx: ImportContext,
  tally: Tally,
  groups: readonly { id: number; name: string }[],
  dryRun: boolean,
): Promise<GroupTags> {
  const { root, invalidEmailTag } = await topTags(ctx, dryRun);
  const out = new Map<number, number>();
  if (!groups.length) return { root, invalidEmailTag, groupTags: out };
  const wanted = new Map(groups.map((g) => [g.id, g.name.trim() || `Customer group ${g.id}`]));
  const { writes, unbound } = await boundTags(ctx, wanted, root, out);
  if (unbound.length && root !== PLANNED) writes.push(...(await adoptByName(ctx, wanted, unbound, root, out, dryRun)));
  else for (const gid of unbound) out.set(gid, PLANNED);
  if (dryRun) {
    for (const w of writes) if (!out.has(w.bcId)) out.set(w.bcId, PLANNED);
  } else await writeTags(ctx, tally, writes, out);
  return { root, invalidEmailTag, groupTags: out };
}

/** The two top-level tags, found by name or created (one search, at most one create). */
async function topTags(ctx: ImportContext, dryRun: boolean): Promise<{ root: number; invalidEmailTag: number }> {
  const tops = await ctx.odoo.searchRead<{ id: number; name: string }>(
    TAG,
    [
      ['name', 'in', [TAG_ROOT, INVALID_EMAIL_TAG]],
      ['parent_id', '=', false],
    ],
    ['name'],
    { order: 'id' },
  );
  const top = (name: string) => tops.find((t) => t.name === name)?.id;
  const missing = [TAG_ROOT, INVALID_EMAIL_TAG].filter((n) => top(n) === undefined);
  if (missing.length && !dryRun) {
    const ids = await ctx.odoo.create(
      TAG,
      missing.map((name) => ({ name })),
    );
    missing.forEach((name, i) => {
      tops.push({ id: ids[i]!, name });
    });
  }
  return { root: top(TAG_ROOT) ?? PLANNED, invalidEmailTag: top(INVALID_EMAIL_TAG) ?? PLANNED };
}

/** Groups already bound go to `out`; renamed or moved ones need a write; the rest are unbound. */
async function boundTags(
  ctx: ImportContext,
  wanted: ReadonlyMap<number, string>,
  root: number,
  out: Map<number, number>,
): Promise<{ writes: TagWrite[]; unbound: number[] }> {
  const bound = await ctx.binder.resolve('customer_group', [...wanted.keys()]);
  const current = await ctx.odoo.read<{ id: number; name: string; parent_id: [number, string] | false }>(
    TAG,
    [...new Set(bound.values())],
    ['name', 'parent_id'],
  );
  const byId = new Map(current.map((t) => [t.id, t]));
  const writes: TagWrite[] = [];
  const unbound: number[] = [];
  for (const [gid, name] of wanted) {
    const tagId = bound.get(String(gid));
    if (tagId === undefined) {
      unbound.push(gid);
      continue;
    }
    out.set(gid, tagId);
    const t = byId.get(tagId);
    if (t && (t.name !== name || (t.parent_id ? t.parent_id[0] : false) !== root))
      writes.push({ bcId: gid, values: { name, parent_id: root } });
  }
  return { writes, unbound };
}

/** Unbound groups adopt a tag of their name under the root; returns the creates for the others. */
async function adoptByName(
  ctx: ImportContext,
  wanted: ReadonlyMap<number, string>,
  unbound: readonly number[],
  root: number,
  out: Map<number, number>,
  dryRun: boolean,
): Promise<TagWrite[]> {
  const same = await ctx.odoo.searchRead<{ id: number; name: string }>(
    TAG,
    [
      ['parent_id', '=', root],
      ['name', 'in', unbound.map((g) => wanted.get(g)!)],
    ],
    ['name'],
    { order: 'id' },
  );
  const adopt: { bcId: number; odooId: number }[] = [];
  const creates: TagWrite[] = [];
  for (const gid of unbound) {
    const t = same.find((s) => s.name === wanted.get(gid));
    if (t) adopt.push({ bcId: gid, odooId: t.id });
    else creates.push({ bcId: gid, values: { name: wanted.get(gid)!, parent_id: root } });
  }
  if (adopt.length && !dryRun) await ctx.binder.bind('customer_group', TAG, adopt);
  for (const a of adopt) out.set(a.bcId, a.odooId);
  return creates;
}

async function writeTags(
  ctx: ImportContext,
  tally: Tally,
  writes: readonly TagWrite[],
  out: Map<number, number>,
): Promise<void> {
  if (!writes.length) return;
  const res = await ctx.binder.upsert('customer_group', TAG, [...writes]);
  for (const [bcId, id] of [...res.created, ...res.updated]) out.set(Number(bcId), id);
  for (const f of res.failed)
    await tally.warn(
      E,
      `group ${f.bcId}`,
      `customer group tag not written, its customers get no group tag: ${f.error.message}`,
    );
}
