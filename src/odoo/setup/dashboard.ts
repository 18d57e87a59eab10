/**
 * The BigCommerce dashboard inside Odoo, without an Odoo module: a kanban of the store
 * instances whose cards show counts of what each store imported (computed fields, evaluated by
 * Odoo on read), the connection status and the last sync per entity; each count is a button
 * running a server action that opens exactly those records. Odoo 17 and 18 kanban dialects are
 * both produced (18 renders a "card" template, 17 a "kanban-box").
 */
import type { FieldSpec } from './spec.js';

export interface CountSpec {
  key: string;
  label: string;
  model: string;
  /** external id prefix in the store's pseudo-module, followed by the BigCommerce id */
  prefix: string;
  view: string;
}

export const DASHBOARD_COUNTS: readonly CountSpec[] = [
  { key: 'products', label: 'Products', model: 'product.template', prefix: 'product_', view: 'list,form' },
  { key: 'brands', label: 'Brands', model: 'x_bc_brand', prefix: 'brand_', view: 'list,form' },
  { key: 'categories', label: 'Categories', model: 'product.category', prefix: 'category_', view: 'list,form' },
  { key: 'customers', label: 'Customers', model: 'res.partner', prefix: 'customer_', view: 'list,form' },
  { key: 'orders', label: 'Orders', model: 'sale.order', prefix: 'order_', view: 'list,form' },
];

/** Python (Odoo's safe_eval) that lists the ids a store imported of one kind. */
function idsExpr(c: CountSpec, rec: string): string {
  return (
    `[d['res_id'] for d in ${rec}.env['ir.model.data'].sudo().search_read(` +
    `[('module', '=', 'bigcommerce_' + (${rec}.x_store_hash or '').lower()), ('model', '=', '${c.model}'), ('name', '=like', '${c.prefix.replace('_', '\\\\_')}%')], ['name', 'res_id']) ` +
    `if d['name'][${c.prefix.length}:].isdigit()]`
  );
}

export function countFields(): (FieldSpec & { compute: string; depends: string })[] {
  return [
    ...DASHBOARD_COUNTS.map((c) => ({
      name: `x_count_${c.key}` as const,
      label: `${c.label} imported`,
      type: 'integer' as const,
      compute: `for rec in self:\n    rec['x_count_${c.key}'] = len(${idsExpr(c, 'rec')})`,
      depends: 'x_store_hash',
    })),
    {
      name: 'x_sync_summary',
      label: 'Last sync',
      type: 'text',
      depends: 'x_sync_state_ids',
      compute:
        'for rec in self:\n' +
        "    rec['x_sync_summary'] = '\\n'.join('%s: %s%s' % (s.x_entity, s.x_last_sync or 'never', ' (' + s.x_last_status + ')' if s.x_last_status else '') for s in rec.x_sync_state_ids.sorted('x_entity'))",
    },
  ];
}

/** Server action code opening the records of one kind imported by the clicked store. */
export function openActionCode(c: CountSpec): string {
  return (
    `ids = ${idsExpr(c, 'record')}\n` +
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
  const fields = [
    'x_name',
    'x_store_name',
    'x_connection_status',
    'x_last_test',
    'x_sync_summary',
    ...DASHBOARD_COUNTS.map((c) => `x_count_${c.key}`),
  ];
  if (dialect === 'card') {
    return (
      `<kanban create="false" class="o_bc_dashboard">` +
      `<templates><t t-name="card">` +
      `<field name="x_name" class="fw-bold fs-4"/>` +
      `<field name="x_store_name" class="text-muted"/>` +
      `<div><field name="x_connection_status" widget="badge" decoration-success="x_connection_status == 'ok'" decoration-danger="x_connection_status == 'failed'"/> <field name="x_last_test"/></div>` +
      `<div class="d-flex flex-wrap gap-1 my-2">${buttons}</div>` +
      `<div class="small o_bc_sync" style="white-space: pre-line"><field name="x_sync_summary"/></div>` +
      `</t></templates></kanban>`
    );
  }
  return (
    `<kanban create="false" class="o_bc_dashboard">${fields.map((f) => `<field name="${f}"/>`).join('')}` +
    `<templates><t t-name="kanban-box"><div class="oe_kanban_global_click">` +
    `<strong class="fs-4"><t t-esc="record.x_name.value"/></strong><div class="text-muted"><t t-esc="record.x_store_name.value"/></div>` +
    `<div><span class="badge"><t t-esc="record.x_connection_status.value"/></span> <t t-esc="record.x_last_test.value"/></div>` +
    `<div class="d-flex flex-wrap gap-1 my-2">${buttons}</div>` +
    `<pre class="small o_bc_sync"><t t-esc="record.x_sync_summary.value"/></pre>` +
    `</div></t></templates></kanban>`
  );
}
