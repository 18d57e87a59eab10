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
import { applyChanges, planChanges, type ChangePlan, type Mapped } from '../changes.js';
import type { ImportContext } from '../context.js';
import { crashPoint } from '../crash-points.js';
import { missingDependency } from '../failure.js';
import { commitFingerprints, FINGERPRINT_PENDING } from '../fingerprint.js';
import { walkPages } from '../page-walk.js';
import type { EntityImporter } from '../run-import.js';
import type { Tally } from '../tally.js';
import { syncAddresses } from './addresses.js';
import { customerName, mapCustomer, type MappedCustomer } from './mapper.js';
import { E, PARTNER } from './models.js';
import { ensureTaxExemptTags, loadRefs, loadStates, type Refs } from './refs.js';

export const customerImporter: EntityImporter = {
  entity: 'customers',
  incremental: true,
  parks: true,
  fingerprinted: { model: 'res.partner', kind: 'customer' },
  async run(ctx, tally, opts) {
    const refs = await loadRefs(ctx, tally, !!opts.dryRun);
    const byId = !!opts.ids?.length;
    const walk = await walkPages(tally, {
      entity: E,
      noun: 'customer',
      pages: byId ? ctx.bc.customers({ ids: opts.ids }) : ctx.bc.customers({ since: opts.from, sort: 'date_modified' }),
      idOf: (c) => c.id,
      step: async (records) => failIncomplete(tally, await importPage(ctx, tally, refs, records, !!opts.dryRun)),
      // Failed customers are parked by the run and retried first next time: no hold.
      cursor: { dateOf: (c) => c.date_modified, sortedByDate: true, failuresHold: false },
      askedIds: opts.ids,
      onProgress: opts.onProgress,
    });
    return { cursor: walk.cursor };
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

type MappedPage = Map<string, { c: BcCustomer; m: MappedCustomer }>;

/**
 * One page, as steps: references for its countries and exemption codes, mapping and planning,
 * the partners (written "pending"), their addresses, then the fingerprints of the customers
 * that are complete. Returns the ids of customers not (completely) in Odoo afterwards.
 */
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
  const { plan, mapped } = await planPage(ctx, tally, refs, customers);
  if (dryRun) {
    tally.created += plan.create.length;
    tally.updated += plan.update.length;
    tally.unchanged += plan.unchanged.length;
    return failed;
  }
  await keepHandTags(ctx, refs, plan);
  if (refs.hasCustomerRank) for (const c of plan.create) c.values = { ...c.values, customer_rank: 1 };
  // The partner says "pending" until its addresses are in too (commitFingerprints below).
  const fingerprints = new Map([...plan.create, ...plan.update].map((w) => [String(w.bcId), w.hash]));
  for (const w of [...plan.create, ...plan.update]) w.hash = FINGERPRINT_PENDING;
  const partners = await applyChanges(ctx, tally, E, 'customer', PARTNER, plan);
  crashPoint('customers:partners');
  for (const c of customers) if (!partners.has(String(c.id))) failed.add(c.id);
  const written = [...plan.create, ...plan.update].filter((w) => partners.has(String(w.bcId)));
  const incomplete = await syncAddresses(ctx, tally, written, plan.update, partners, mapped);
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

/** Maps and plans the page; warns about the customers that will be written (not unchanged ones). */
async function planPage(
  ctx: ImportContext,
  tally: Tally,
  refs: Refs,
  customers: readonly BcCustomer[],
): Promise<{ plan: ChangePlan; mapped: MappedPage }> {
  const mapped: MappedPage = new Map();
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
  return { plan, mapped };
}

/** Tags added in Odoo by hand stay; the import replaces only the tags it owns. 1 read. */
async function keepHandTags(ctx: ImportContext, refs: Refs, plan: ChangePlan): Promise<void> {
  if (!plan.update.length) return;
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
