/**
 * Odoo hides what we create behind feature groups (Sales → Settings): variants behind
 * "Variants", pricelists behind "Pricelists"; multi-currency follows by itself once a second
 * currency is active. Turned on the way Odoo's settings page does it (res.config.settings),
 * so Odoo's own side effects run too: enabling pricelists creates the company's default
 * pricelist, in the company currency, which customers keep as their default.
 */
import type { OdooRpc } from '../rpc.js';

export type FeatureGroup = 'group_product_variant' | 'group_product_pricelist';

const LABELS: Record<FeatureGroup, string> = {
  group_product_variant: 'Variants',
  group_product_pricelist: 'Pricelists',
};

/** Enables the groups that are off; returns the labels of those it turned on. */
export async function enableFeatureGroups(rpc: OdooRpc, wanted: readonly FeatureGroup[]): Promise<string[]> {
  if (!wanted.length) return [];
  const current = await rpc.callModel<Record<string, unknown>>('res.config.settings', 'default_get', {
    fields: [...wanted],
  });
  const off = wanted.filter((g) => current[g] !== true);
  if (!off.length) return [];
  const [id] = await rpc.create('res.config.settings', [Object.fromEntries(off.map((g) => [g, true]))]);
  await rpc.callRecords('res.config.settings', [id!], 'execute');
  return off.map((g) => LABELS[g]);
}
