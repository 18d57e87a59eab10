/**
 * BigCommerce rounds tax per line, so an Odoo company that rounds per tax over the order
 * ("Round per Tax", the default of companies made by Odoo 19) shows many imported orders a
 * cent apart from BigCommerce's totals, which no line split can close. Setup moves the user's
 * company to "Round per Line" once, the way Accounting → Settings does it, and says so; a
 * parameter remembers it was done, so an operator who moves the company back is not
 * overruled by the next setup (the importer then plans totals with per-tax rounding).
 */
import type { OdooRpc } from '../rpc.js';
import { readTaxRounding, userCompany } from '../tax-rounding.js';
import type { SetupReport } from './xmlid-records.js';

const DONE = 'bc_odoo.tax_rounding_per_line';

export async function roundTaxPerLine(rpc: OdooRpc, report: SetupReport): Promise<void> {
  if (await rpc.callModel<string | false>('ir.config_parameter', 'get_param', { key: DONE })) {
    report.unchanged++;
    return;
  }
  const company = await userCompany(rpc);
  if (company !== undefined && (await readTaxRounding(rpc)) === 'round_globally') {
    await rpc.write('res.company', [company], { tax_calculation_rounding_method: 'round_per_line' });
    report.updated.push(
      `Odoo settings: company ${company} rounds tax per line, as BigCommerce does (was: per tax over the order)`,
    );
  } else {
    report.unchanged++;
  }
  await rpc.callModel('ir.config_parameter', 'set_param', { key: DONE, value: '1' });
}
