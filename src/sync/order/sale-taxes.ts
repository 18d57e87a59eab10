/**
 * The Odoo sale taxes of a page's lines: one percent tax per BigCommerce rate, name and class
 * ("Sales Tax 8.25%", "VAT 5.5% (Books)", price-included ones "… (incl.)"; bc-taxes.ts), each in
 * a tax group of its own rate ("Sales Tax 8.25%"), made here: Odoo would otherwise put it in its
 * default group, which an installed Odoo names "Tax 15%" and invoices show as such. Amounts
 * BigCommerce's taxes resource says nothing of keep "BigCommerce <rate>%" (the name earlier
 * versions gave every tax, so their taxes are found again), grouped as "Tax <rate>%".
 * Found by name: one read a page once they all exist; else, under the pool's lock (exclusive.ts),
 * one more read and at most 3 writes.
 */
import type { ImportContext } from '../context.js';
import { exclusively } from '../exclusive.js';
import { odooTaxGroupName, odooTaxName } from './bc-taxes.js';
import type { OrderLineSpec } from './mapper.js';

type TaxedLine = Pick<OrderLineSpec, 'taxRate' | 'taxIncluded' | 'bcTax'>;

/** The key of a line's tax in saleTaxes' answer: the Odoo tax's name. */
export const taxKey = (l: TaxedLine): string => odooTaxName(Number(l.taxRate.toFixed(4)), l.taxIncluded, l.bcTax);

interface WantedTax {
  name: string;
  rate: number;
  included: boolean;
  group: string;
}

interface TaxRow {
  id: number;
  name: string;
  amount: number;
  price_include: boolean;
  tax_group_id: [number, string] | false;
}

/**
 * taxKey → account.tax id, creating the missing taxes and their groups. Odoo 18 says included
 * with price_include_override (else the company default decides, so excluded is said too);
 * Odoo 17 with the price_include boolean. price_include reads the effective value in both.
 */
export async function saleTaxes(ctx: ImportContext, lines: Iterable<TaxedLine>): Promise<Map<string, number>> {
  const wanted = wantedTaxes(lines);
  if (!wanted.size) return new Map();
  const found = await findTaxes(ctx, wanted);
  if (found.size === wanted.size && ![...found.values()].some((r) => misgroupedIn(wanted, r))) return idsOf(found);
  // Something to make or move: under the lock, so that importers running at once make it once.
  return exclusively(ctx, 'sale-taxes', () => makeTaxes(ctx, wanted));
}

function idsOf(found: ReadonlyMap<string, TaxRow>): Map<string, number> {
  return new Map([...found].map(([name, r]) => [name, r.id]));
}

function misgroupedIn(wanted: ReadonlyMap<string, WantedTax>, r: TaxRow): boolean {
  return !r.tax_group_id || r.tax_group_id[1] !== wanted.get(r.name)!.group;
}

/** The wanted taxes Odoo has (right rate and inclusion), by name. */
async function findTaxes(ctx: ImportContext, wanted: ReadonlyMap<string, WantedTax>): Promise<Map<string, TaxRow>> {
  const rows = await ctx.odoo.searchRead<TaxRow>(
    'account.tax',
    [
      ['type_tax_use', '=', 'sale'],
      ['amount_type', '=', 'percent'],
      ['name', 'in', [...wanted.keys()]],
    ],
    ['name', 'amount', 'price_include', 'tax_group_id'],
    { order: 'id' },
  );
  const found = new Map<string, TaxRow>();
  for (const r of rows) {
    const w = wanted.get(r.name);
    if (w && !found.has(r.name) && Math.abs(r.amount - w.rate) < 1e-6 && r.price_include === w.included)
      found.set(r.name, r);
  }
  return found;
}

/** Reads again (another importer may have made them meanwhile), then makes and moves what is still needed. */
async function makeTaxes(ctx: ImportContext, wanted: ReadonlyMap<string, WantedTax>): Promise<Map<string, number>> {
  const found = await findTaxes(ctx, wanted);
  const out = new Map<string, number>();
  const misgrouped = [...found.values()].filter((r) => misgroupedIn(wanted, r));
  const missing = [...wanted.values()].filter((w) => !found.has(w.name));
  const groups = await taxGroups(
    ctx,
    [...misgrouped.map((r) => wanted.get(r.name)!), ...missing].map((w) => w.group),
  );
  await regroup(ctx, misgrouped, (r) => groups.get(wanted.get(r.name)!.group)!);
  for (const [name, r] of found) out.set(name, r.id);
  if (missing.length) {
    const ids = await createTaxes(ctx, missing, groups);
    missing.forEach((w, i) => {
      out.set(w.name, ids[i]!);
    });
  }
  return out;
}

/**
 * Every "BigCommerce <rate>%" tax earlier versions made, moved out of Odoo's default group into
 * its rate's group ("Tax <rate>%"), whether or not this run uses it: confirmed orders and posted
 * invoices keep those taxes, and their totals should not read "Tax 15%". One read, and a write
 * per group only while some are left; called once a run.
 */
export async function regroupEarlierTaxes(ctx: ImportContext): Promise<void> {
  const rows = await ctx.odoo.searchRead<TaxRow>(
    'account.tax',
    [
      ['type_tax_use', '=', 'sale'],
      ['amount_type', '=', 'percent'],
      ['name', '=like', 'BigCommerce %'],
    ],
    ['name', 'amount', 'price_include', 'tax_group_id'],
  );
  const groupOf = (r: TaxRow): string => odooTaxGroupName(Number(r.amount.toFixed(4)));
  const misgrouped = rows.filter((r) => !r.tax_group_id || r.tax_group_id[1] !== groupOf(r));
  if (!misgrouped.length) return;
  const groups = await taxGroups(ctx, misgrouped.map(groupOf));
  await regroup(ctx, misgrouped, (r) => groups.get(groupOf(r))!);
}

function wantedTaxes(lines: Iterable<TaxedLine>): Map<string, WantedTax> {
  const wanted = new Map<string, WantedTax>();
  for (const l of lines) {
    if (l.taxRate === 0) continue;
    const rate = Number(l.taxRate.toFixed(4));
    const name = taxKey(l);
    wanted.set(name, { name, rate, included: l.taxIncluded, group: odooTaxGroupName(rate, l.bcTax) });
  }
  return wanted;
}

/** Group name → account.tax.group id, creating the missing ones (in the company, as its taxes). */
async function taxGroups(ctx: ImportContext, names: readonly string[]): Promise<Map<string, number>> {
  const unique = [...new Set(names)];
  if (!unique.length) return new Map();
  const rows = await ctx.odoo.searchRead<{ id: number; name: string }>(
    'account.tax.group',
    [['name', 'in', unique]],
    ['name'],
    { order: 'id' },
  );
  const out = new Map<string, number>();
  for (const r of rows) if (!out.has(r.name)) out.set(r.name, r.id);
  const missing = unique.filter((n) => !out.has(n));
  if (missing.length) {
    const ids = await ctx.odoo.create(
      'account.tax.group',
      missing.map((name) => ({ name })),
    );
    missing.forEach((name, i) => {
      out.set(name, ids[i]!);
    });
  }
  return out;
}

/** Taxes of earlier versions, left in Odoo's default group: moved to their rate's group, one write per group. */
async function regroup(ctx: ImportContext, taxes: readonly TaxRow[], groupOf: (r: TaxRow) => number): Promise<void> {
  const byGroup = new Map<number, number[]>();
  for (const r of taxes) byGroup.set(groupOf(r), [...(byGroup.get(groupOf(r)) ?? []), r.id]);
  for (const [group, ids] of byGroup) await ctx.odoo.write('account.tax', ids, { tax_group_id: group });
}

async function createTaxes(
  ctx: ImportContext,
  missing: readonly WantedTax[],
  groups: Map<string, number>,
): Promise<number[]> {
  const hasOverride = 'price_include_override' in (await ctx.odoo.fieldsGet('account.tax'));
  const inclusion = (included: boolean) =>
    hasOverride ? { price_include_override: included ? 'tax_included' : 'tax_excluded' } : { price_include: included };
  return ctx.odoo.create(
    'account.tax',
    missing.map((w) => ({
      name: w.name,
      amount: w.rate,
      amount_type: 'percent',
      type_tax_use: 'sale',
      description: `${w.rate}%`,
      tax_group_id: groups.get(w.group),
      ...inclusion(w.included),
    })),
  );
}
