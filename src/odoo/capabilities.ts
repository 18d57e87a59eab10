/**
 * What differs between Odoo versions, decided by data (fields_get), never by version number:
 * a field that exists is used, whatever release renamed it. Five fields_get calls, each
 * cached by the client, and the result cached per client.
 *
 *   product type     17: detailed_type ('product' = storable)      18+: type='consu' + is_storable
 *   sale line taxes  ≤18: tax_id                                     19: tax_ids
 *   sale line UoM    ≤18: product_uom                                19: product_uom_id
 *   user groups      ≤18: res.users.groups_id                        19: group_ids
 *   implied groups   res.groups.implied_ids (19 also keeps it; implied_group_ids checked first if ever renamed)
 *   list view type   17: 'tree'                                       18+: 'list' (ir.ui.view.type selection)
 */
import type { OdooClient, OdooFieldInfo } from './client.js';
import { OdooNotFoundError } from './errors.js';

export interface OdooCapabilities {
  /** field that says goods vs service on product.template */
  productTypeField: 'detailed_type' | 'type';
  /** 18+: storable is a boolean next to type='consu'; null before */
  storableField: 'is_storable' | null;
  /** values that make a product.template storable (tracked in stock) */
  storableValue: Record<string, unknown>;
  /** values for a consumable (not tracked) good */
  consumableValue: Record<string, unknown>;
  serviceValue: Record<string, unknown>;
  saleLineTaxField: 'tax_id' | 'tax_ids';
  saleLineUomField: 'product_uom' | 'product_uom_id';
  groupUsersField: 'groups_id' | 'group_ids';
  groupImpliedField: 'implied_ids' | 'implied_group_ids';
  listViewType: 'tree' | 'list';
  /** website_sale: product.template.public_categ_ids → product.public.category */
  hasPublicCategories: boolean;
  /** website_sale: product.template.product_template_image_ids → product.image */
  hasProductImages: boolean;
  /** product.template.uom_po_id (purchase UoM) exists (gone in 19) */
  hasPurchaseUom: boolean;
  /** sale.order.line exists (sale installed) */
  hasSale: boolean;
}

const cache = new WeakMap<OdooClient, Promise<OdooCapabilities>>();

export function probeCapabilities(client: OdooClient): Promise<OdooCapabilities> {
  let p = cache.get(client);
  if (!p) {
    p = probe(client);
    p.catch(() => cache.delete(client));
    cache.set(client, p);
  }
  return p;
}

/** fields_get, or {} when the model is not installed. */
async function fieldsOrEmpty(client: OdooClient, model: string): Promise<Record<string, OdooFieldInfo>> {
  try {
    return await client.fieldsGet(model);
  } catch (err) {
    if (err instanceof OdooNotFoundError) return {};
    throw err;
  }
}

export async function probe(client: OdooClient): Promise<OdooCapabilities> {
  const [tmpl, line, users, groups, view] = await Promise.all(
    ['product.template', 'sale.order.line', 'res.users', 'res.groups', 'ir.ui.view'].map((m) =>
      fieldsOrEmpty(client, m),
    ),
  );
  return decideCapabilities(
    { tmpl: tmpl!, line: line!, users: users!, groups: groups!, view: view! },
    client.version.major,
  );
}

type Fields = Record<string, OdooFieldInfo>;

/** Pure decision from fields_get answers (`major` only breaks ties when a model is absent). */
export function decideCapabilities(
  f: { tmpl: Fields; line: Fields; users: Fields; groups: Fields; view: Fields },
  major: number,
): OdooCapabilities {
  const hasDetailed = 'detailed_type' in f.tmpl;
  const storable = 'is_storable' in f.tmpl;
  const productTypeField = hasDetailed ? 'detailed_type' : 'type';
  const viewTypes = Array.isArray(f.view.type?.selection) ? f.view.type.selection.map(([k]) => k) : [];
  const hasSale = Object.keys(f.line).length > 0;
  return {
    productTypeField,
    storableField: storable ? 'is_storable' : null,
    storableValue: storable ? { type: 'consu', is_storable: true } : { [productTypeField]: 'product' },
    consumableValue: storable ? { type: 'consu', is_storable: false } : { [productTypeField]: 'consu' },
    serviceValue: storable ? { type: 'service', is_storable: false } : { [productTypeField]: 'service' },
    saleLineTaxField:
      'tax_id' in f.line ? 'tax_id' : 'tax_ids' in f.line ? 'tax_ids' : major >= 19 ? 'tax_ids' : 'tax_id',
    saleLineUomField:
      'product_uom' in f.line
        ? 'product_uom'
        : 'product_uom_id' in f.line
          ? 'product_uom_id'
          : major >= 19
            ? 'product_uom_id'
            : 'product_uom',
    groupUsersField: 'groups_id' in f.users ? 'groups_id' : 'group_ids',
    groupImpliedField:
      'implied_ids' in f.groups ? 'implied_ids' : 'implied_group_ids' in f.groups ? 'implied_group_ids' : 'implied_ids',
    listViewType: viewTypes.includes('list')
      ? 'list'
      : viewTypes.includes('tree')
        ? 'tree'
        : major >= 18
          ? 'list'
          : 'tree',
    hasPublicCategories: f.tmpl.public_categ_ids?.relation === 'product.public.category',
    hasProductImages: f.tmpl.product_template_image_ids?.relation === 'product.image',
    hasPurchaseUom: 'uom_po_id' in f.tmpl,
    hasSale,
  };
}
