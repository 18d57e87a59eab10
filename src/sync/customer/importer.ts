/**
 * Customers → res.partner (`customer_<id>`), their addresses → child contacts (`address_<id>`),
 * customer groups → partner tags under "BigCommerce" (`customer_group_<id>`). Shape decisions
 * are in mapper.ts.
 *
 * Incremental: the walk is sorted by date_modified ascending, from `opts.from`, and the run
 * returns the cursor of the committed prefix (cursor.ts `CursorTracker`).
 *
 * Odoo calls per run: countries (1), tags and groups (about 6, once). Per page, whatever its
 * size: states of countries not seen yet (≤ 1); plan the partners (3); the tags of updated
 * partners, to keep tags added by hand (≤ 1); upsert the partners (≤ 3: ir.model.data
 * lookup, a `load` for new and one for changed partners); plan and upsert the addresses of
 * the written partners (≤ 5); archive addresses gone from BigCommerce (≤ 3); and when an
 * address failed, one write that clears its customer's fingerprint so the next run retries it.
 * An unchanged customer costs nothing beyond its share of the planning reads: its fingerprint
 * covers its addresses.
 *
 * Counts (created/updated/unchanged) are per customer; a customer whose address changed counts
 * as updated. Warnings are given when a customer is written (or would be, in a dry run), so
 * an unchanged customer is not warned about again on every run.
 */
import type { BcCustomer } from '../../bigcommerce/schemas.js';
import type { Values } from '../../odoo/rpc.js';
import { applyChanges, planChanges, type Mapped } from '../changes.js';
import type { ImportContext } from '../context.js';
import type { EntityImporter } from '../run-import.js';
import type { Tally } from '../tally.js';
import { crashPoint } from '../crash-points.js';
import { CursorTracker, failUnreadable } from '../cursor.js';
import { commitFingerprints, FINGERPRINT_PENDING } from '../fingerprint.js';
import { missingDependency, notInBigCommerce } from '../failure.js';
import {
  customerName,
  INVALID_EMAIL_TAG,
  mapCustomer,
  TAG_ROOT,
  taxExemptTagName,
  type CustomerRefs,
  type MappedCustomer,
  type OdooState,
} from './mapper.js';

const E = 'customers';
const PARTNER = 'res.partner';
const TAG = 'res.partner.category';
/** stands in for a record a dry run would create */
const PLANNED = -1;

export const customerImporter: EntityImporter = {
  entity: 'customers',
  incremental: true,
  parks: true,
  fingerprinted: { model: 'res.partner', kind: 'customer' },
  async run(ctx, tally, opts) {
    const refs = await loadRefs(ctx, tally, !!opts.dryRun);
    const cursor = new CursorTracker(true);
    const seen = new Set<number>();
    const byId = !!opts.ids?.length;
    const pages = byId
      ? ctx.bc.customers({ ids: opts.ids })
      : ctx.bc.customers({ since: opts.from, sort: 'date_modified' });
    for await (const page of pages) {
      for (const e of page.errors) await failUnreadable(tally, cursor, E, e);
      for (const c of page.records) seen.add(c.id);
      const failed = await importPage(ctx, tally, refs, page.records, !!opts.dryRun);
      await failIncomplete(tally, failed);
      // Failed customers are parked by the run and retried first next time: no hold.
      for (const c of page.records) cursor.record(c.date_modified, false);
      opts.onProgress?.(tally);
    }
    for (const id of opts.ids ?? []) {
      if (!seen.has(id)) await tally.fail(E, id, notInBigCommerce(`customer ${id} does not exist in BigCommerce`));
    }
    return { cursor: cursor.value() };
  },
};

/**
 * A customer whose partner was written but an address was not is a failed customer too (its
 * fingerprint was cleared): said so under the customer's id, so that the run parks it.
 */
async function failIncomplete(tally: Tally, failed: ReadonlySet<number>): Promise<void> {
  const known = tally.failedRecords(E);
  for (const id of failed) {
    if (!known.has(String(id)))
      await tally.fail(
        E,
        id,
        missingDependency(`customer ${id}: an address could not be written (see the addresses lines)`),
      );
  }
}

// ---------------------------------------------------------------------------------------------
// references: tags once per run, countries once per run, states once per country

interface Refs extends CustomerRefs {
  /** tags the import owns on a partner; any other tag was added in Odoo and is kept */
  managedTags: Set<number>;
  places: { countries: Map<string, number>; states: Map<number, OdooState[]> };
  taxExempt: { tags: Map<string, number>; positions: Map<string, number> };
  hasCustomerRank: boolean;
}

async function loadRefs(ctx: ImportContext, tally: Tally, dryRun: boolean): Promise<Refs> {
  const [tags, countries, fields, positions, exemptTags] = await Promise.all([
    groupTags(ctx, tally, dryRun),
    ctx.odoo.searchRead<{ id: number; code: string | false }>('res.country', [], ['code']),
    ctx.odoo.fieldsGet(PARTNER),
    fiscalPositions(ctx, tally),
    ctx.odoo.searchRead<{ id: number; name: string }>(
      TAG,
      [
        ['name', '=like', taxExemptTagName('%')],
        ['parent_id', '=', false],
      ],
      ['name'],
      { order: 'id' },
    ),
  ]);
  const byName = new Map(exemptTags.map((t) => [t.name, t.id]));
  if (!('x_bc_hash' in fields)) throw new Error('res.partner has no x_bc_hash field: run `bc-odoo setup` first');
  return {
    ...tags,
    managedTags: new Set([...tags.groupTags.values(), tags.invalidEmailTag, tags.root, ...byName.values()]),
    places: {
      countries: new Map(countries.filter((c) => c.code).map((c) => [String(c.code).toUpperCase(), c.id])),
      states: new Map(),
    },
    hasCustomerRank: 'customer_rank' in fields,
    taxExempt: {
      tags: new Map([...byName].map(([name, id]) => [name.slice(taxExemptTagName('').length), id])),
      positions,
    },
  };
}

/** customers.tax_exempt's fiscal positions by exemption code; a name Odoo lacks is a warning. */
async function fiscalPositions(ctx: ImportContext, tally: Tally): Promise<Map<string, number>> {
  const wanted = ctx.instance.customers?.taxExempt ?? new Map<string, string>();
  const out = new Map<string, number>();
  if (!wanted.size) return out;
  const rows = await ctx.odoo.searchRead<{ id: number; name: string }>(
    'account.fiscal.position',
    [['name', 'in', [...new Set(wanted.values())]]],
    ['name'],
    { order: 'id' },
  );
  for (const [code, name] of wanted) {
    const row = rows.find((r) => r.name === name);
    if (row) out.set(code, row.id);
    else
      await tally.warn(
        E,
        '-',
        `customers.tax_exempt maps "${code}" to fiscal position "${name}", which Odoo does not have: create it (Accounting → Configuration → Fiscal Positions)`,
      );
  }
  return out;
}

/** A tag for each tax-exemption code on this page that has none yet (loaded once per run): one create. */
async function ensureTaxExemptTags(
  ctx: ImportContext,
  refs: Refs,
  customers: readonly BcCustomer[],
  dryRun: boolean,
): Promise<void> {
  const missing = [
    ...new Set(customers.map((c) => c.tax_exempt_category?.trim().toUpperCase()).filter((c): c is string => !!c)),
  ].filter((c) => !refs.taxExempt.tags.has(c));
  if (!missing.length || dryRun) return;
  const ids = await ctx.odoo.create(
    TAG,
    missing.map((code) => ({ name: taxExemptTagName(code) })),
  );
  missing.forEach((code, i) => {
    refs.taxExempt.tags.set(code, ids[i]!);
    refs.managedTags.add(ids[i]!);
  });
}

/** States of the countries on this page that are not loaded yet: one search_read at most. */
async function loadStates(ctx: ImportContext, refs: Refs, customers: readonly BcCustomer[]): Promise<void> {
  const want = new Set<number>();
  for (const c of customers) {
    for (const a of c.addresses ?? []) {
      const id = refs.places.countries.get(a.country_code.trim().toUpperCase());
      if (id !== undefined && !refs.places.states.has(id)) want.add(id);
    }
  }
  if (!want.size) return;
  const rows = await ctx.odoo.searchRead<{ id: number; name: string; code: string; country_id: [number, string] }>(
    'res.country.state',
    [['country_id', 'in', [...want]]],
    ['name', 'code', 'country_id'],
  );
  for (const id of want) refs.places.states.set(id, []);
  for (const r of rows) refs.places.states.get(r.country_id[0])?.push({ id: r.id, name: r.name, code: r.code });
}

/**
 * The "BigCommerce" and "BigCommerce: invalid email" tags (found or created by name), and one
 * tag per customer group under "BigCommerce", bound as `customer_group_<id>`: an unbound group
 * first adopts a tag of the same name under "BigCommerce" (another store's, or one made by
 * hand), else gets a new one; a renamed group renames its tag.
 */
async function groupTags(
  ctx: ImportContext,
  tally: Tally,
  dryRun: boolean,
): Promise<{ root: number; invalidEmailTag: number; groupTags: Map<number, number> }> {
  const { records: groups, errors } = await ctx.bc.customerGroups().all();
  for (const e of errors)
    await tally.warn(E, e.recordId ?? '?', `customer group not readable, its customers get no group tag: ${e.message}`);
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
  const root = top(TAG_ROOT) ?? PLANNED;
  const invalidEmailTag = top(INVALID_EMAIL_TAG) ?? PLANNED;
  const out = new Map<number, number>();
  if (!groups.length) return { root, invalidEmailTag, groupTags: out };

  const wanted = new Map(groups.map((g) => [g.id, g.name.trim() || `Customer group ${g.id}`]));
  const bound = await ctx.binder.resolve('customer_group', [...wanted.keys()]);
  const current = await ctx.odoo.read<{ id: number; name: string; parent_id: [number, string] | false }>(
    TAG,
    [...new Set(bound.values())],
    ['name', 'parent_id'],
  );
  const byId = new Map(current.map((t) => [t.id, t]));
  const writes: { bcId: number; values: Values }[] = [];
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
  if (unbound.length && root !== PLANNED) {
    const names = unbound.map((g) => wanted.get(g)!);
    const same = await ctx.odoo.searchRead<{ id: number; name: string }>(
      TAG,
      [
        ['parent_id', '=', root],
        ['name', 'in', names],
      ],
      ['name'],
      { order: 'id' },
    );
    const adopt: { bcId: number; odooId: number }[] = [];
    for (const gid of unbound) {
      const t = same.find((s) => s.name === wanted.get(gid));
      if (t) adopt.push({ bcId: gid, odooId: t.id });
      else writes.push({ bcId: gid, values: { name: wanted.get(gid)!, parent_id: root } });
    }
    if (adopt.length && !dryRun) await ctx.binder.bind('customer_group', TAG, adopt);
    for (const a of adopt) out.set(a.bcId, a.odooId);
  } else {
    for (const gid of unbound) out.set(gid, PLANNED);
  }
  if (dryRun) {
    for (const w of writes) if (!out.has(w.bcId)) out.set(w.bcId, PLANNED);
    return { root, invalidEmailTag, groupTags: out };
  }
  if (writes.length) {
    const res = await ctx.binder.upsert('customer_group', TAG, writes);
    for (const [bcId, id] of [...res.created, ...res.updated]) out.set(Number(bcId), id);
    for (const f of res.failed)
      await tally.warn(
        E,
        `group ${f.bcId}`,
        `customer group tag not written, its customers get no group tag: ${f.error.message}`,
      );
  }
  return { root, invalidEmailTag, groupTags: out };
}

// ---------------------------------------------------------------------------------------------
// one page

/** Imports one page; returns the ids of customers not (completely) in Odoo afterwards. */
async function importPage(
  ctx: ImportContext,
  tally: Tally,
  refs: Refs,
  customers: readonly BcCustomer[],
  dryRun: boolean,
): Promise<Set<number>> {
  const failed = new Set<number>();
  if (!customers.length) return failed;
  await Promise.all([loadStates(ctx, refs, customers), ensureTaxExemptTags(ctx, refs, customers, dryRun)]);
  const mapped = new Map<string, { c: BcCustomer; m: MappedCustomer }>();
  const items: Mapped[] = customers.map((c) => {
    const m = mapCustomer(c, refs);
    mapped.set(String(c.id), { c, m });
    return { bcId: c.id, name: customerName(c), values: m.partner, fingerprintOf: m.fingerprintOf };
  });
  const plan = await planChanges(ctx, 'customer', PARTNER, items);
  for (const w of [...plan.create, ...plan.update]) {
    for (const warning of mapped.get(String(w.bcId))!.m.warnings)
      await tally.warn(warning.entity, warning.bcId, warning.message, warning.name);
  }
  if (dryRun) {
    tally.created += plan.create.length;
    tally.updated += plan.update.length;
    tally.unchanged += plan.unchanged.length;
    return failed;
  }

  // Tags added in Odoo by hand stay; the import replaces only the tags it owns.
  if (plan.update.length) {
    const rows = await ctx.odoo.read<{ id: number; category_id: number[] }>(
      PARTNER,
      plan.update.map((u) => u.odooId),
      ['category_id'],
      { context: { active_test: false } },
    );
    const own = new Map(rows.map((r) => [r.id, r.category_id.filter((t) => !refs.managedTags.has(t))]));
    for (const u of plan.update) {
      const keep = own.get(u.odooId) ?? [];
      if (keep.length)
        u.values = {
          ...u.values,
          category_id: [...new Set([...(u.values.category_id as number[]), ...keep])].sort((a, b) => a - b),
        };
    }
  }
  if (refs.hasCustomerRank) for (const c of plan.create) c.values = { ...c.values, customer_rank: 1 };
  // The partner says "pending" until its addresses are in too (commitFingerprints below).
  const fingerprints = new Map([...plan.create, ...plan.update].map((w) => [String(w.bcId), w.hash]));
  for (const w of [...plan.create, ...plan.update]) w.hash = FINGERPRINT_PENDING;
  const partners = await applyChanges(ctx, tally, E, 'customer', PARTNER, plan);
  crashPoint('customers:partners');
  for (const c of customers) if (!partners.has(String(c.id))) failed.add(c.id);

  // Addresses of the partners just written (an unchanged partner has unchanged addresses).
  const written = [...plan.create, ...plan.update].filter((w) => partners.has(String(w.bcId)));
  const ownerOf = new Map<string, number>();
  const addressItems: Mapped[] = written.flatMap((w) => {
    const parent = partners.get(String(w.bcId))!;
    return mapped.get(String(w.bcId))!.m.addresses.map((a) => {
      ownerOf.set(String(a.address.id), Number(w.bcId));
      return {
        bcId: a.address.id,
        name: `${a.values.name} (customer ${w.bcId})`,
        values: { ...a.values, parent_id: parent },
      };
    });
  });
  const addressPlan = await planChanges(ctx, 'address', PARTNER, addressItems);
  const addresses = await applyChanges(ctx, quiet(tally), 'addresses', 'address', PARTNER, addressPlan);
  const incomplete = new Set<number>();
  for (const [addressId, owner] of ownerOf) if (!addresses.has(addressId)) incomplete.add(owner);

  // Addresses deleted in BigCommerce: archive the bound children that are no longer there.
  const updated = plan.update.filter((u) => partners.has(String(u.bcId)) && !incomplete.has(Number(u.bcId)));
  try {
    tally.archived += await archiveRemovedAddresses(
      ctx,
      updated.map((u) => u.odooId),
      new Set(addresses.values()),
    );
  } catch (err) {
    for (const u of updated) {
      incomplete.add(Number(u.bcId));
      await tally.fail(
        E,
        u.bcId,
        new Error(`addresses deleted in BigCommerce not archived: ${(err as Error).message}`, { cause: err }),
        u.name,
      );
    }
  }

  // A customer with an address missing keeps "pending", or the next run would skip it.
  for (const id of incomplete) failed.add(id);
  const complete = written.filter((w) => !incomplete.has(Number(w.bcId)));
  await commitFingerprints(
    ctx.odoo,
    PARTNER,
    new Map(complete.map((w) => [partners.get(String(w.bcId))!, fingerprints.get(String(w.bcId))!])),
  );
  return failed;
}

/** Archives children of `parents` bound as BigCommerce addresses and not in `keep`; returns how many. */
async function archiveRemovedAddresses(
  ctx: ImportContext,
  parents: number[],
  keep: ReadonlySet<number>,
): Promise<number> {
  if (!parents.length) return 0;
  const children = await ctx.odoo.search(PARTNER, [['parent_id', 'in', parents]]);
  const candidates = children.filter((id) => !keep.has(id));
  if (!candidates.length) return 0;
  const bound = await ctx.odoo.searchRead<{ res_id: number }>(
    'ir.model.data',
    [
      ['module', '=', ctx.binder.module],
      ['model', '=', PARTNER],
      ['res_id', 'in', candidates],
      ['name', '=like', 'address\\_%'],
    ],
    ['res_id'],
  );
  const stale = [...new Set(bound.map((b) => b.res_id))];
  if (stale.length) await ctx.odoo.write(PARTNER, stale, { active: false });
  return stale.length;
}

/** Counts go nowhere (the customer is the unit counted), failures and warnings to the run's tally. */
function quiet(t: Tally): Tally {
  return {
    created: 0,
    updated: 0,
    unchanged: 0,
    archived: 0,
    failed: 0,
    warnings: 0,
    failures: [],
    warningList: [],
    fail: (entity: string, bcId: string | number, error: unknown, name?: string) => t.fail(entity, bcId, error, name),
    warn: (entity: string, bcId: string | number, message: string, name?: string) =>
      t.warn(entity, bcId, message, name),
  } as unknown as Tally;
}
