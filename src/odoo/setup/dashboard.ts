/**
 * The BigCommerce dashboard inside Odoo, without an Odoo module: a kanban of the store
 * instances whose cards show counts (computed fields, evaluated by Odoo on read) of what each
 * store imported, its stock, the failed records of its last runs and its parked records, the
 * connection status and the last sync per entity; each count is a button running a server
 * action that opens exactly those records. Every time on the card is labelled and formatted by
 * one Python expression (the user's language and time zone), not partly by the web client.
 * Odoo 17 and 18 kanban dialects are both produced (18 renders a "card" template, 17 a "kanban-box").
 */
import { RUN_STATUS } from './run-status.js';
import type { FieldSpec } from './spec.js';

export interface CountSpec {
  key: string;
  label: string;
  /** the computed field's label */
  fieldLabel: string;
  model: string;
  /** Python (Odoo's safe_eval) listing the ids counted for the store record named `rec` */
  ids: (rec: string) => string;
}

/** Python listing the ids a store imported of one kind: its external ids `<prefix><BigCommerce id>`. */
function importedIds(model: string, prefix: string, rec: string): string {
  return (
    `[d['res_id'] for d in ${rec}.env['ir.model.data'].sudo().search_read(` +
    `[('module', '=', 'bigcommerce_' + (${rec}.x_store_hash or '').lower()), ('model', '=', '${model}'), ('name', '=like', '${prefix.replace('_', '\\\\_')}%')], ['name', 'res_id']) ` +
    `if d['name'][${prefix.length}:].isdigit()]`
  );
}

const imported = (key: string, label: string, model: string, prefix: string): CountSpec => ({
  key,
  label,
  fieldLabel: `${label} imported`,
  model,
  ids: (rec) => importedIds(model, prefix, rec),
});

export const DASHBOARD_COUNTS: readonly CountSpec[] = [
  imported('products', 'Products', 'product.template', 'product_'),
  imported('brands', 'Brands', 'x_bc_brand', 'brand_'),
  imported('categories', 'Categories', 'product.category', 'category_'),
  imported('customers', 'Customers', 'res.partner', 'customer_'),
  imported('orders', 'Orders', 'sale.order', 'order_'),
  imported('refunds', 'Refunds', 'x_bc_refund', 'refund_'),
  {
    // The store's variants' quants in internal locations (none when Inventory is not installed).
    key: 'inventory',
    label: 'Inventory',
    fieldLabel: 'Stock quants of imported variants',
    model: 'stock.quant',
    ids: (rec) =>
      `(${rec}.env['stock.quant'].sudo().search([('product_id', 'in', ${importedIds('product.product', 'variant_', rec)}), ` +
      `('location_id.usage', '=', 'internal')]).ids if 'stock.quant' in ${rec}.env else [])`,
  },
  {
    // Deliveries of the store's orders that are a BigCommerce shipment: sent by `export
    // shipments`, or delivered by the orders import for a shipment made in BigCommerce.
    key: 'shipments',
    label: 'Shipments',
    fieldLabel: 'Deliveries that are BigCommerce shipments',
    model: 'stock.picking',
    ids: (rec) =>
      `(${rec}.env['stock.picking'].sudo().search([('sale_id', 'in', ${importedIds('sale.order', 'order_', rec)}), ` +
      `('x_bc_shipment_id', '>', 0)]).ids if ${rec}.env['ir.model.fields'].sudo().search_count([('model', '=', 'stock.picking'), ('name', '=', 'x_bc_shipment_id')]) else [])`,
  },
  {
    // Stock master Odoo: the store's variants whose level `export inventory` has sent.
    key: 'stock_sent',
    label: 'Stock sent',
    fieldLabel: 'Variants whose stock was sent to BigCommerce',
    model: 'product.product',
    ids: (rec) =>
      `${rec}.env['product.product'].sudo().search([('id', 'in', ${importedIds('product.product', 'variant_', rec)}), ` +
      `('x_bc_stock_sent', 'not in', [False, '', 'untracked'])]).ids`,
  },
  {
    // The failed records (error lines) of each entity's last finished import or export.
    key: 'failures',
    label: 'Failures',
    fieldLabel: 'Failed records of the last runs',
    model: 'x_bc_operation_log_line',
    // (A comprehension's body cannot see the compute's variables in safe_eval: only `g` there.)
    ids: (rec) =>
      `${rec}.env['x_bc_operation_log_line'].sudo().search([('x_level', '!=', 'warning'), ('x_log_id', 'in', ` +
      `[g['last_id'] for g in ${rec}.env['x_bc_operation_log'].sudo().read_group([('x_instance_id', '=', ${rec}.id), ` +
      `('x_operation', 'in', ['import', 'export']), ('x_status', '!=', 'running')], ['last_id:max(id)'], ['x_entity'])])]).ids`,
  },
  {
    key: 'parked',
    label: 'Parked',
    fieldLabel: 'Parked records',
    model: 'x_bc_parked',
    ids: (rec) => `${rec}.env['x_bc_parked'].sudo().search([('x_instance_id', '=', ${rec}.id)]).ids`,
  },
];

/** Python formatting a datetime `v` as the user reads dates (language, time zone), or "never". */
function formatTime(v: string, rec: string): string {
  return `(${rec}.env['ir.qweb.field.datetime'].value_to_html(${v}, {'hide_seconds': True}) if ${v} else 'never')`;
}

const STATUS_LABELS = `{${RUN_STATUS.map(([v, l]) => `'${v}': '${l}'`).join(', ')}}`;

export function countFields(): (FieldSpec & { compute: string; depends: string })[] {
  return [
    ...DASHBOARD_COUNTS.map((c) => ({
      name: `x_count_${c.key}` as const,
      label: c.fieldLabel,
      type: 'integer' as const,
      compute: `for rec in self:\n    rec['x_count_${c.key}'] = len(${c.ids('rec')})`,
      depends: 'x_store_hash',
    })),
    {
      name: 'x_last_test_text',
      label: 'Last test (text)',
      type: 'char',
      depends: 'x_last_test',
      compute: `for rec in self:\n    rec['x_last_test_text'] = 'Last test: ' + ${formatTime('rec.x_last_test', 'rec')}`,
    },
    {
      name: 'x_sync_summary',
      label: 'Last sync',
      type: 'text',
      depends: 'x_sync_state_ids',
      compute: [
        'for rec in self:',
        '    lines = []',
        "    for s in rec.x_sync_state_ids.sorted('x_entity'):",
        `        status = ${STATUS_LABELS}.get(s.x_last_status, s.x_last_status) if s.x_last_status else ''`,
        `        lines.append('%s: %s%s' % (s.x_entity, ${formatTime('s.x_last_sync', 'rec')}, ' (' + status + ')' if status else ''))`,
        "    rec['x_sync_summary'] = '\\n'.join(lines)",
      ].join('\n'),
    },
  ];
}

/** Server action code opening the records counted by `c` for the clicked store. */
export function openActionCode(c: CountSpec): string {
  return (
    `ids = ${c.ids('record')}\n` +
    `action = {'type': 'ir.actions.act_window', 'name': '${c.label} of ' + record.x_name, 'res_model': '${c.model}', ` +
    `'views': [[False, 'list'], [False, 'form']], 'domain': [('id', 'in', ids)], 'context': {'active_test': False}}`
  );
}

export function buildDashboardArch(actionIds: ReadonlyMap<string, number>, dialect: 'card' | 'kanban-box'): string {
  const buttons = DASHBOARD_COUNTS.map(
    (c) =>
      `<button type="action" name="${actionIds.get(c.key)}" class="btn btn-sm btn-secondary o_bc_count" data-entity="${c.key}">` +
      (dialect === 'card' ? `<field name="x_count_${c.key}"/>` : `<t t-esc="record.x_count_${c.key}.raw_value"/>`) +
      ` ${c.label}</button>`,
  ).join('');
  const lastSyncTitle = '<div class="small fw-bold mt-1">Last sync</div>';
  // the daemon's hook check: shown only where webhooks are on (the field is empty otherwise)
  const webhooksLine = (value: string) =>
    `<div t-if="record.x_webhooks_status.raw_value" class="small text-muted o_bc_webhooks">Webhooks: ${value}</div>`;
  if (dialect === 'card') {
    return (
      `<kanban create="false" class="o_bc_dashboard">` +
      `<templates><t t-name="card">` +
      `<field name="x_name" class="fw-bold fs-4"/>` +
      `<field name="x_store_name" class="text-muted"/>` +
      `<div><field name="x_connection_status" widget="badge" decoration-success="x_connection_status == 'ok'" decoration-danger="x_connection_status == 'failed'"/> <field name="x_last_test_text" class="small text-muted o_bc_tested"/></div>` +
      webhooksLine('<field name="x_webhooks_status"/>') +
      `<div class="d-flex flex-wrap gap-1 my-2">${buttons}</div>` +
      `${lastSyncTitle}<div class="small o_bc_sync" style="white-space: pre-line"><field name="x_sync_summary"/></div>` +
      `</t></templates></kanban>`
    );
  }
  const fields = [
    'x_name',
    'x_store_name',
    'x_connection_status',
    'x_last_test_text',
    'x_webhooks_status',
    'x_sync_summary',
    ...DASHBOARD_COUNTS.map((c) => `x_count_${c.key}`),
  ];
  return (
    `<kanban create="false" class="o_bc_dashboard">${fields.map((f) => `<field name="${f}"/>`).join('')}` +
    `<templates><t t-name="kanban-box"><div class="oe_kanban_global_click">` +
    `<strong class="fs-4"><t t-esc="record.x_name.value"/></strong><div class="text-muted"><t t-esc="record.x_store_name.value"/></div>` +
    `<div><span class="badge"><t t-esc="record.x_connection_status.value"/></span> <span class="small text-muted o_bc_tested"><t t-esc="record.x_last_test_text.value"/></span></div>` +
    webhooksLine('<t t-esc="record.x_webhooks_status.value"/>') +
    `<div class="d-flex flex-wrap gap-1 my-2">${buttons}</div>` +
    `${lastSyncTitle}<pre class="small o_bc_sync"><t t-esc="record.x_sync_summary.value"/></pre>` +
    `</div></t></templates></kanban>`
  );
}
