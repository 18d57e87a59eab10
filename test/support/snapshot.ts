/**
 * What the imports leave in an Odoo database, keyed by BigCommerce ids so that two databases
 * (an interrupted import finished by a rerun, and an uninterrupted one) compare record by record.
 */
import type { OdooClient } from '../../src/odoo/client.js';

/** Everything the imports leave in Odoo, keyed by BigCommerce ids so two databases compare. */
export interface Snapshot {
  orders: Record<string, { state: string; total: number; lines: number; invoices: string[] }>;
  counts: Record<string, number>;
  variants: Record<string, { active: boolean; code: string | false }>;
  /** every record of the catalog's and customers' models, bound or not: a duplicate the bindings do not show */
  totals: Record<string, number>;
  /**
   * Every binding of the store (`<kind>_<id>`, the root category and pricelists included): its
   * model, and for the catalog's and customers' models what the record holds, references by
   * name (a category's full path, a partner's parent) since two databases number records apart
   * (an order address is keyed by what it holds: comparableName). A binding whose record is
   * gone shows as `missing`.
   */
  bindings: Record<string, Record<string, unknown>>;
  pending: number;
}

/**
 * What a bound record of each model is compared on. Not x_bc_hash: the values it fingerprints
 * hold Odoo ids, which differ between two databases; `pending` counts the unfinished ones.
 * Fields Odoo 17 to 19 all have. A template's weight too: Odoo computes it from its variants
 * (0 with several), and a rerun after a killed import once left a written one beside them.
 * A variant's on-hand quantity: the pool of two once left less stock than one daemon.
 */
const BOUND_FIELDS: Record<string, string[]> = {
  'product.category': ['display_name', 'parent_id'],
  'product.public.category': ['display_name', 'parent_id', 'sequence'],
  x_bc_brand: ['x_name', 'x_active', 'x_page_title', 'x_bc_id'],
  'product.template': [
    'name',
    'list_price',
    'weight',
    'type',
    'sale_ok',
    'active',
    'categ_id',
    'public_categ_ids',
    'x_bc_brand_id',
    'attribute_line_ids',
    'product_variant_ids',
  ],
  'product.product': [
    'display_name',
    'active',
    'default_code',
    'barcode',
    'weight',
    'standard_price',
    'lst_price',
    'product_tmpl_id',
    'qty_available',
  ],
  'product.template.attribute.line': ['attribute_id', 'value_ids', 'product_tmpl_id'],
  'product.pricelist.item': ['pricelist_id', 'product_id', 'compute_price', 'fixed_price'],
  'product.image': ['name', 'product_tmpl_id', 'product_variant_id'],
  'product.pricelist': ['name', 'currency_id'],
  'res.partner': [
    'name',
    'type',
    'parent_id',
    'email',
    'phone',
    'street',
    'street2',
    'city',
    'zip',
    'state_id',
    'country_id',
    'category_id',
    'active',
  ],
  'res.partner.category': ['name'],
};

/** A field's value with ids left out: a many2one by its name, a many2many or one2many by its size. */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) {
    const [id, name] = value;
    return value.length === 2 && typeof id === 'number' && typeof name === 'string' ? name : value.length;
  }
  return value;
}

async function boundRecords(
  admin: OdooClient,
  xmlids: readonly { name: string; res_id: number; model: string }[],
): Promise<Snapshot['bindings']> {
  const byModel = new Map<string, Map<number, string[]>>();
  for (const x of xmlids) {
    const ids = byModel.get(x.model) ?? new Map<number, string[]>();
    ids.set(x.res_id, [...(ids.get(x.res_id) ?? []), x.name]);
    byModel.set(x.model, ids);
  }
  const out: Snapshot['bindings'] = {};
  for (const [model, names] of byModel) {
    const rows = await admin.searchRead<Record<string, unknown> & { id: number }>(
      model,
      [['id', 'in', [...names.keys()]]],
      BOUND_FIELDS[model] ?? ['id'],
      { context: { active_test: false } },
    );
    const found = new Map(rows.map((r) => [r.id, r]));
    for (const [resId, bound] of names) {
      const row = found.get(resId);
      const { id: _id, ...fields } = row ?? { id: 0 };
      const values = row
        ? Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, comparable(v)]))
        : { missing: true };
      for (const name of bound) out[comparableName(name, values, out)] = { model, ...values };
    }
  }
  return out;
}

/**
 * The key a binding is compared under: its name, except where the name holds an Odoo id, which
 * two databases number apart: an attribute line's (the attribute's id) is keyed by its
 * product and attribute name; an order address's (a digest of its parent partner's id,
 * order/partners.ts) by what it holds (a second address holding the same gets `#2`).
 */
function comparableName(name: string, values: Record<string, unknown>, taken: Record<string, unknown>): string {
  // `attribute_line_<product>-<Odoo attribute id>`: attributes are numbered in the order they are made
  const line = /^attribute_line_(\d+)-\d+$/.exec(name);
  if (line) return `attribute_line_${line[1]} ${String(values.attribute_id)}`;
  if (!name.startsWith('order_address_')) return name;
  const base = `order_address ${JSON.stringify(values)}`;
  let key = base;
  for (let n = 2; key in taken; n++) key = `${base} #${n}`;
  return key;
}

export async function snapshot(admin: OdooClient, module: string): Promise<Snapshot> {
  const xmlids = await admin.searchRead<{ name: string; res_id: number; model: string }>(
    'ir.model.data',
    [['module', '=', module]],
    ['name', 'res_id', 'model'],
  );
  const byName = (prefix: string) => xmlids.filter((x) => new RegExp(`^${prefix}_\\d+$`).test(x.name));
  const orders = await admin.read<{
    id: number;
    state: string;
    amount_total: number;
    order_line: number[];
    invoice_ids: number[];
  }>(
    'sale.order',
    byName('order').map((x) => x.res_id),
    ['state', 'amount_total', 'order_line', 'invoice_ids'],
  );
  const moves = await admin.searchRead<{ id: number; state: string; payment_state: string; move_type: string }>(
    'account.move',
    [['move_type', 'in', ['out_invoice', 'out_refund']]],
    ['state', 'payment_state', 'move_type'],
  );
  const moveById = new Map(moves.map((m) => [m.id, m]));
  const orderOf = new Map(byName('order').map((x) => [x.res_id, x.name]));
  const variants = await admin.read<{ id: number; active: boolean; default_code: string | false }>(
    'product.product',
    byName('variant').map((x) => x.res_id),
    ['active', 'default_code'],
    { context: { active_test: false } },
  );
  const variantName = new Map(byName('variant').map((x) => [x.res_id, x.name]));
  const count = (model: string, domain: unknown[] = []) =>
    admin.searchCount(model, domain, { context: { active_test: false } });
  return {
    orders: Object.fromEntries(
      orders.map((o) => [
        orderOf.get(o.id)!,
        {
          state: o.state,
          total: o.amount_total,
          lines: o.order_line.length,
          invoices: o.invoice_ids
            .map((i) => `${moveById.get(i)?.move_type}:${moveById.get(i)?.state}:${moveById.get(i)?.payment_state}`)
            .sort(),
        },
      ]),
    ),
    counts: {
      saleOrders: await count('sale.order'),
      invoices: await count('account.move', [['move_type', '=', 'out_invoice']]),
      postedInvoices: await count('account.move', [
        ['move_type', '=', 'out_invoice'],
        ['state', '=', 'posted'],
      ]),
      creditNotes: await count('account.move', [['move_type', '=', 'out_refund']]),
      postedCreditNotes: await count('account.move', [
        ['move_type', '=', 'out_refund'],
        ['state', '=', 'posted'],
      ]),
      payments: await count('account.payment'),
      templates: await count('product.template', [['x_bc_hash', '!=', false]]),
      sellableVariants: await count('product.product', [
        ['product_tmpl_id.x_bc_hash', '!=', false],
        ['active', '=', true],
      ]),
      refundsSynced: await count('x_bc_refund', [['x_status', '=', 'synced']]),
      partners: await count('res.partner'),
      categories: await count('product.category', [['x_bc_hash', '!=', false]]),
      publicCategories: await count('product.public.category', [['x_bc_hash', '!=', false]]),
    },
    totals: {
      categories: await count('product.category'),
      publicCategories: await count('product.public.category'),
      brands: await count('x_bc_brand'),
      templates: await count('product.template'),
      products: await count('product.product'),
      attributeLines: await count('product.template.attribute.line'),
      pricelistItems: await count('product.pricelist.item'),
      images: await count('product.image'),
      partnerTags: await count('res.partner.category'),
      bindings: xmlids.length,
    },
    bindings: await boundRecords(admin, xmlids),
    variants: Object.fromEntries(
      variants.map((v) => [variantName.get(v.id)!, { active: v.active, code: v.default_code }]),
    ),
    pending:
      (await count('sale.order', [['x_bc_hash', '=', 'pending']])) +
      (await count('product.template', [['x_bc_hash', '=', 'pending']])) +
      (await count('res.partner', [['x_bc_hash', '=', 'pending']])),
  };
}
