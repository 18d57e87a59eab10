/**
 * What a customer page refers to, loaded once per run (tags, countries, fiscal positions for
 * tax exemptions, whether this Odoo has customer_rank) or once per new country or exemption
 * code (states, tax-exempt tags).
 */
import type { BcCustomer } from '../../bigcommerce/schemas.js';
import type { ImportContext } from '../context.js';
import { exclusively } from '../exclusive.js';
import type { Tally } from '../tally.js';
import { groupTags } from './group-tags.js';
import { taxExemptTagName, type CustomerRefs, type OdooState } from './mapper.js';
import { E, PARTNER, TAG } from './models.js';

export interface Refs extends CustomerRefs {
  /** tags the import owns on a partner; any other tag was added in Odoo and is kept */
  managedTags: Set<number>;
  places: { countries: Map<string, number>; states: Map<number, OdooState[]> };
  taxExempt: { tags: Map<string, number>; positions: Map<string, number> };
  hasCustomerRank: boolean;
}

export async function loadRefs(ctx: ImportContext, tally: Tally, dryRun: boolean): Promise<Refs> {
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

/**
 * A tag for each tax-exemption code on this page that has none yet (loaded once per run): one
 * create. Under the pool's lock, looked up again first: another part of a split import may
 * have made it since this run loaded the tags.
 */
export async function ensureTaxExemptTags(
  ctx: ImportContext,
  refs: Refs,
  customers: readonly BcCustomer[],
  dryRun: boolean,
): Promise<void> {
  const missing = [
    ...new Set(customers.map((c) => c.tax_exempt_category?.trim().toUpperCase()).filter((c): c is string => !!c)),
  ].filter((c) => !refs.taxExempt.tags.has(c));
  if (!missing.length || dryRun) return;
  await exclusively(ctx, 'partner-tags', async () => {
    const found = await ctx.odoo.searchRead<{ id: number; name: string }>(
      TAG,
      [
        ['name', 'in', missing.map(taxExemptTagName)],
        ['parent_id', '=', false],
      ],
      ['name'],
      { order: 'id' },
    );
    const made = missing.filter((code) => !found.some((t) => t.name === taxExemptTagName(code)));
    const ids = made.length
      ? await ctx.odoo.create(
          TAG,
          made.map((code) => ({ name: taxExemptTagName(code) })),
        )
      : [];
    for (const code of missing) {
      const id = found.find((t) => t.name === taxExemptTagName(code))?.id ?? ids[made.indexOf(code)]!;
      refs.taxExempt.tags.set(code, id);
      refs.managedTags.add(id);
    }
  });
}

/** States of the countries on this page that are not loaded yet: one search_read at most. */
export async function loadStates(ctx: ImportContext, refs: Refs, customers: readonly BcCustomer[]): Promise<void> {
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
