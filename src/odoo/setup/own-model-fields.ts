/**
 * Fields setup adds to Odoo's own models (product.template, sale.order…): the brand, the
 * fingerprint every imported record carries (sync/fingerprint.ts) and what an order keeps of
 * BigCommerce. The custom models and their fields are in schema.ts.
 */
import type { FieldSpec } from './spec.js';

const HASH_HELP =
  'Fingerprint of the BigCommerce data last written here: an import skips records whose fingerprint is unchanged';

/** Models whose imported records carry x_bc_hash (see sync/fingerprint.ts). */
export const HASHED_MODELS = [
  'product.category',
  'product.public.category',
  'x_bc_brand',
  'product.template',
  'product.product',
  'product.image',
  'sale.order',
  'res.partner',
] as const;

const FIELDS_ON_ODOO_MODELS: readonly (FieldSpec & { model: string })[] = [
  {
    model: 'product.template',
    name: 'x_bc_brand_id',
    label: 'Brand',
    type: 'many2one',
    relation: 'x_bc_brand',
    onDelete: 'set null',
    index: true,
  },
  ...HASHED_MODELS.filter((m) => m !== 'x_bc_brand').map((model) => ({
    model,
    name: 'x_bc_hash' as const,
    label: 'BigCommerce Fingerprint',
    type: 'char' as const,
    help: HASH_HELP,
  })),
  { model: 'sale.order', name: 'x_bc_order_id', label: 'BigCommerce Order', type: 'integer', index: true },
  {
    model: 'sale.order',
    name: 'x_bc_status_id',
    label: 'BigCommerce Status',
    type: 'integer',
    help: "BigCommerce status id; mapped to an action by the instance's status_map",
  },
  { model: 'sale.order', name: 'x_bc_status', label: 'BigCommerce Status Label', type: 'char' },
  { model: 'sale.order', name: 'x_bc_payment_method', label: 'BigCommerce Payment Method', type: 'char' },
  {
    model: 'sale.order',
    name: 'x_bc_total',
    label: 'BigCommerce Total',
    type: 'float',
    help: 'total_inc_tax in BigCommerce, in the order currency',
  },
  {
    model: 'sale.order',
    name: 'x_bc_pricelist_level',
    label: 'Pricelist Chosen By',
    type: 'selection',
    selection: [
      ['payment_pricelist', 'Payment row pricelist'],
      ['payment_currency', 'Payment row currency'],
      ['order_currency', 'Order currency'],
      ['default', 'Default pricelist'],
      ['company_currency', 'Company currency, no pricelist'],
    ],
  },
  {
    model: 'product.product',
    name: 'x_bc_stock_sent',
    label: 'BigCommerce Stock Sent',
    type: 'char',
    help: 'Stock master Odoo: the levels BigCommerce last accepted for this variant, per BigCommerce location (JSON); export inventory sends only what differs',
  },
  {
    model: 'stock.picking',
    name: 'x_bc_shipment_id',
    label: 'BigCommerce Shipment',
    type: 'integer',
    index: true,
    help: 'The BigCommerce shipment this delivery became (export shipments) or was delivered for (a shipment made in BigCommerce, delivered by the orders import); 0 = none yet, -1 = nothing of the BigCommerce order in it',
  },
  {
    model: 'stock.picking',
    name: 'x_bc_carrier',
    label: 'BigCommerce Carrier',
    type: 'char',
    help: 'Shipments made in BigCommerce: the carrier, method and tracking numbers BigCommerce has for what this delivery shipped',
  },
  {
    model: 'sale.order',
    name: 'x_bc_flag',
    label: 'BigCommerce Import Flag',
    type: 'text',
    help: 'Why this order needs a look (total mismatch, status that cannot be applied…)',
  },
];

/**
 * The same, as setup writes them: none is copied by Odoo's "Duplicate" (a copy of an imported
 * order, variant or delivery is not the BigCommerce record or shipment its markers name), except
 * the brand, which a duplicated product keeps.
 */
export const EXTRA_FIELDS: readonly (FieldSpec & { model: string })[] = FIELDS_ON_ODOO_MODELS.map((f) => ({
  ...f,
  copied: f.name === 'x_bc_brand_id',
}));
