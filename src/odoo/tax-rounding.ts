/**
 * How the company rounds tax (res.company.tax_calculation_rounding_method): `round_per_line`,
 * Odoo's default up to 18 and how BigCommerce rounds, or `round_globally` ("Round per Tax"),
 * the default of companies made by Odoo 19. Read from the data, never from the version.
 * `bc-odoo setup` moves a company to per line once (setup/tax-rounding.ts); an operator may
 * move it back, and the order importer then models per-tax rounding (sync/order/totals.ts).
 */
import type { OdooRpc } from './rpc.js';

export type TaxRounding = 'round_per_line' | 'round_globally';

/**
 * How a line's price-included tax is rounded. Odoo 18+ (account.tax._get_tax_details) rounds
 * the tax and leaves the untaxed amount what remains of the price; Odoo 17's compute_all rounds
 * the untaxed amount (price / (1 + rate)) and the tax is what remains. They differ on half
 * cents (6.15 at 20 %: a tax of 1.03 on 18, 1.02 on 17). Told apart by data: 18's rework of
 * the tax engine brought account.tax.price_include_override.
 */
export type IncludedSplit = 'round_tax' | 'round_untaxed';

/** What order totals are planned with (sync/order/totals.ts). */
export interface TaxModel {
  readonly rounding: TaxRounding;
  readonly includedSplit: IncludedSplit;
}

export const DEFAULT_TAX_MODEL: TaxModel = { rounding: 'round_per_line', includedSplit: 'round_tax' };

/** The company's rounding and this Odoo's split of price-included taxes. */
export async function readTaxModel(rpc: OdooRpc): Promise<TaxModel> {
  const [rounding, taxFields] = await Promise.all([
    readTaxRounding(rpc),
    rpc.fieldsGet('account.tax').catch(() => ({})),
  ]);
  return {
    rounding,
    includedSplit: 'price_include_override' in taxFields || !('amount' in taxFields) ? 'round_tax' : 'round_untaxed',
  };
}

const FIELD = 'tax_calculation_rounding_method';

/** The rounding of the company the user works in; per line when accounting is not installed. */
export async function readTaxRounding(rpc: OdooRpc): Promise<TaxRounding> {
  const company = await userCompany(rpc);
  if (!company || !(FIELD in (await rpc.fieldsGet('res.company')))) return 'round_per_line';
  const [row] = await rpc.searchRead<Record<string, unknown>>('res.company', [['id', '=', company]], [FIELD]);
  return row?.[FIELD] === 'round_globally' ? 'round_globally' : 'round_per_line';
}

export async function userCompany(rpc: OdooRpc): Promise<number | undefined> {
  const [user] = await rpc.searchRead<{ company_id: [number, string] | false }>(
    'res.users',
    [['id', '=', rpc.uid]],
    ['company_id'],
  );
  return user?.company_id ? user.company_id[0] : undefined;
}
