/**
 * What an orders run reads once and every page uses: the pricelists, journals and currencies
 * that decide each order's pricelist and payment journal (resolve.ts), the countries and
 * states of addresses, and the service products (made on the first page that needs them).
 * The store's currencies are made usable in Odoo first: Odoo as installed has one currency
 * and no pricelist.
 */
import { companyCurrency, describeCurrencies, ensureCurrencies, storeCurrencyCodes } from '../currencies.js';
import type { ImportContext } from '../context.js';
import type { ServiceKey } from '../service-products.js';
import { PlaceCache } from './partners.js';
import type { ResolveData } from './resolve.js';

export interface RunData {
  resolve: ResolveData;
  places: PlaceCache;
  /** loaded by the first page with changed orders (products step) */
  services?: Map<ServiceKey, number>;
  /** the taxes of earlier versions were moved to their rate's group (products step, once a run) */
  earlierTaxesRegrouped?: boolean;
  /** sale.order.line's taxes field in this Odoo */
  taxField: string;
}

export async function runData(ctx: ImportContext, dryRun: boolean): Promise<RunData> {
  if (ctx.instance.odoo.manageCurrencies !== false && !dryRun) {
    const codes = storeCurrencyCodes((await ctx.bc.currencies().all()).records);
    const report = await ensureCurrencies(ctx.odoo, ctx.binder, ctx.store.name, codes);
    for (const line of describeCurrencies(report)) ctx.logger.info(`orders: ${line}`);
  }
  const storePricelist = await ctx.binder.resolveOne('pricelist', 'store');
  const [pricelists, currencies, journals] = await Promise.all([
    ctx.odoo.searchRead<{ id: number; name: string; currency_id: [number, string] }>(
      'product.pricelist',
      [],
      ['name', 'currency_id'],
      { order: 'sequence, id' },
    ),
    ctx.odoo.searchRead<{ name: string }>('res.currency', [], ['name']),
    ctx.odoo.searchRead<{ id: number; name: string; code: string; type: string }>(
      'account.journal',
      [['type', 'in', ['bank', 'cash']]],
      ['name', 'code', 'type'],
      { order: 'sequence, id' },
    ),
  ]);
  return {
    resolve: {
      rows: ctx.instance.payments,
      pricelists: pricelists.map((p) => ({
        id: p.id,
        name: p.name,
        currency: p.currency_id[1],
        storePricelist: p.id === storePricelist,
      })),
      journals,
      activeCurrencies: new Set(currencies.map((c) => c.name)),
      companyCurrency: await companyCurrency(ctx.odoo),
    },
    places: new PlaceCache(),
    taxField: ctx.caps.saleLineTaxField,
  };
}
