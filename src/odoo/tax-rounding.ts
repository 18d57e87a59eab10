/**
 * How the company rounds tax (res.company.tax_calculation_rounding_method): `round_per_line`,
 * Odoo's default up to 18 and how BigCommerce rounds, or `round_globally` ("Round per Tax"),
 * the default of companies made by Odoo 19. Read from the data, never from the version.
 * `bc-odoo setup` moves a company to per line once (setup/tax-rounding.ts); an operator may
 * move it back, and the order importer then models per-tax rounding (sync/order/totals.ts).
 */
import type { OdooRpc } from './rpc.js';

export type TaxRounding = 'round_per_line' | 'round_globally';

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
