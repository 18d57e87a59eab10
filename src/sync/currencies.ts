/**
 * The currencies a store sells in, made usable in an Odoo as installed: Odoo starts with only
 * the company currency active and no pricelist, and an order in another currency needs both
 * (sale.order takes its currency from its pricelist). For each transactional currency other
 * than the company's: activate it, turn on Odoo's Pricelists feature (which gives the company
 * its default pricelist in its own currency, so customers keep that as their default), and
 * create "BigCommerce <store> (<code>)", bound as `pricelist_currency_<code>`, placed after
 * Odoo's default. Orders in the company currency need none of this.
 *
 * Run by `bc-odoo setup` and at the start of every order import (one BigCommerce request, two
 * or three Odoo reads when nothing is missing), unless the instance says
 * `odoo.manage_currencies: false`.
 */
import type { BcCurrency } from '../bigcommerce/schemas.js';
import type { Binder } from '../odoo/binder.js';
import { enableFeatureGroups } from '../odoo/setup/features.js';
import type { OdooRpc } from '../odoo/rpc.js';

export interface CurrencyReport {
  companyCurrency: string;
  activated: string[];
  pricelists: string[];
  /** codes Odoo does not know at all */
  unknown: string[];
  enabled: string[];
}

/** Odoo's default pricelist has sequence 16: ours come after it. */
const PRICELIST_SEQUENCE = 100;

/** Pure: the codes a store takes orders in (its default and every enabled transactional one). */
export function storeCurrencyCodes(currencies: readonly BcCurrency[]): string[] {
  const used = currencies.filter((c) => c.is_default || (c.enabled !== false && c.is_transactional !== false));
  return [...new Set(used.map((c) => c.currency_code.trim().toUpperCase()).filter(Boolean))];
}

export async function companyCurrency(rpc: OdooRpc): Promise<string> {
  const [user] = await rpc.searchRead<{ company_id: [number, string] }>(
    'res.users',
    [['id', '=', rpc.uid]],
    ['company_id'],
  );
  const [company] = await rpc.searchRead<{ currency_id: [number, string] }>(
    'res.company',
    [['id', '=', user!.company_id[0]]],
    ['currency_id'],
  );
  return company!.currency_id[1];
}

export async function ensureCurrencies(
  rpc: OdooRpc,
  binder: Binder,
  storeName: string,
  codes: readonly string[],
): Promise<CurrencyReport> {
  const report: CurrencyReport = {
    companyCurrency: await companyCurrency(rpc),
    activated: [],
    pricelists: [],
    unknown: [],
    enabled: [],
  };
  const foreign = codes.filter((c) => c !== report.companyCurrency);
  if (!foreign.length) return report;
  const rows = await rpc.searchRead<{ id: number; name: string; active: boolean }>(
    'res.currency',
    [
      ['name', 'in', foreign],
      ['active', 'in', [true, false]],
    ],
    ['name', 'active'],
  );
  const byCode = new Map(rows.map((r) => [r.name, r]));
  report.unknown = foreign.filter((c) => !byCode.has(c));
  const inactive = rows.filter((r) => !r.active);
  if (inactive.length) {
    await rpc.write(
      'res.currency',
      inactive.map((r) => r.id),
      { active: true },
    );
    report.activated = inactive.map((r) => r.name);
  }
  const known = rows.map((r) => r.id);
  const priced = await rpc.searchRead<{ currency_id: [number, string] }>(
    'product.pricelist',
    [['currency_id', 'in', known]],
    ['currency_id'],
  );
  const withPricelist = new Set(priced.map((p) => p.currency_id[1]));
  const missing = rows.filter((r) => !withPricelist.has(r.name));
  if (!missing.length) return report;
  // First the feature, so Odoo makes its company-currency default before ours exist (Odoo
  // does both itself when a second currency is activated; not when one already was).
  report.enabled = await enableFeatureGroups(rpc, ['group_product_pricelist']);
  const res = await binder.upsert(
    'pricelist',
    'product.pricelist',
    missing.map((r) => ({
      bcId: `currency_${r.name}`,
      values: { name: `BigCommerce ${storeName} (${r.name})`, currency_id: r.id, sequence: PRICELIST_SEQUENCE },
    })),
  );
  if (res.failed.length)
    throw new Error(
      `could not create a pricelist in ${res.failed[0]!.bcId.replace('currency_', '')}: ${res.failed[0]!.error.message}`,
    );
  report.pricelists = missing.map((r) => r.name);
  return report;
}

/** What was changed, for setup's report (unknown currencies are a warning of their own). */
export function describeCurrencies(r: CurrencyReport): string[] {
  const out: string[] = [];
  if (r.activated.length) out.push(`activated currencies ${r.activated.join(', ')}`);
  if (r.enabled.length) out.push(`enabled Odoo's ${r.enabled.join(', ')} feature`);
  if (r.pricelists.length) out.push(`created pricelists in ${r.pricelists.join(', ')}`);
  return out;
}
