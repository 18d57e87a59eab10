/**
 * What people see of setup in Odoo: the list, form and search views of each custom model
 * (built by views.ts), the brand on the product form, the window actions, the dashboard (its
 * kanban of stores and the server actions behind each count, dashboard.ts) and the
 * "BigCommerce" menu, visible to the BigCommerce User group only.
 */
import { buildDashboardArch, DASHBOARD_COUNTS, openActionCode } from './dashboard.js';
import type { SetupDialect } from './dialect.js';
import { MODELS } from './schema.js';
import type { ModelSpec } from './spec.js';
import { buildFormArch, buildListArch, buildSearchArch } from './views.js';
import type { EnsureRecords, SetupRpc, XmlidSpec } from './xmlid-records.js';

export const MENU_ROOT = { xmlid: 'menu_root', name: 'BigCommerce', sequence: 90 } as const;

/** The window actions the menus open: per model key, and the dashboard's. */
export interface SetupActions {
  byModel: Map<string, number>;
  dashboard: number;
}

/** Views and window actions of every model, then the dashboard. */
export async function ensureViewsAndActions(
  rpc: SetupRpc,
  ensure: EnsureRecords,
  dialect: SetupDialect,
  modelIds: Map<string, number>,
): Promise<SetupActions> {
  const viewIds = await ensure('ir.ui.view', await viewSpecs(rpc, dialect));
  const viewMode = `${dialect.listViewType},form`;
  const byModel = await ensure(
    'ir.actions.act_window',
    MODELS.map((m) => ({
      xmlid: `action_${m.key}`,
      values: {
        name: m.title,
        res_model: m.model,
        view_mode: viewMode,
        search_view_id: viewIds.get(`view_${m.key}_search`),
      },
    })),
  );
  return { byModel, dashboard: await ensureDashboard(ensure, dialect, modelIds) };
}

async function viewSpecs(rpc: SetupRpc, dialect: SetupDialect): Promise<XmlidSpec[]> {
  const specs: XmlidSpec[] = [];
  for (const m of MODELS) {
    specs.push(
      {
        xmlid: `view_${m.key}_list`,
        values: {
          name: `${m.model}.list`,
          model: m.model,
          type: dialect.listViewType,
          arch: buildListArch(m, dialect.listViewType),
          priority: 16,
        },
      },
      {
        xmlid: `view_${m.key}_form`,
        values: {
          name: `${m.model}.form`,
          model: m.model,
          type: 'form',
          arch: buildFormArch(m, dialect.listViewType),
          priority: 16,
        },
      },
      {
        xmlid: `view_${m.key}_search`,
        values: { name: `${m.model}.search`, model: m.model, type: 'search', arch: buildSearchArch(m), priority: 16 },
      },
    );
  }
  const [productForm] = await rpc.searchRead<{ res_id: number }>(
    'ir.model.data',
    [
      ['module', '=', 'product'],
      ['name', '=', 'product_template_form_view'],
    ],
    ['res_id'],
  );
  if (productForm) {
    specs.push({
      xmlid: 'view_product_template_form_brand',
      values: {
        name: 'product.template.form.bigcommerce.brand',
        model: 'product.template',
        inherit_id: productForm.res_id,
        mode: 'extension',
        priority: 90,
        arch: '<data><xpath expr="//field[@name=\'categ_id\']" position="after"><field name="x_bc_brand_id"/></xpath></data>',
      },
    });
  }
  return specs;
}

/** Server actions behind each count, a kanban of the stores, and its window action (returned). */
async function ensureDashboard(
  ensure: EnsureRecords,
  dialect: SetupDialect,
  modelIds: Map<string, number>,
): Promise<number> {
  const serverActions = await ensure(
    'ir.actions.server',
    DASHBOARD_COUNTS.map((c) => ({
      xmlid: `server_action_open_${c.key}`,
      values: {
        name: `BigCommerce: open ${c.label.toLowerCase()}`,
        model_id: modelIds.get('x_bc_instance'),
        state: 'code',
        code: openActionCode(c),
      },
    })),
  );
  const countActions = new Map(DASHBOARD_COUNTS.map((c) => [c.key, serverActions.get(`server_action_open_${c.key}`)!]));
  const kanbanIds = await ensure('ir.ui.view', [
    {
      xmlid: 'view_instance_dashboard',
      values: {
        name: 'x_bc_instance.dashboard',
        model: 'x_bc_instance',
        type: 'kanban',
        priority: 10,
        arch: buildDashboardArch(countActions, dialect.listViewType === 'list' ? 'card' : 'kanban-box'),
      },
    },
  ]);
  return (
    await ensure('ir.actions.act_window', [
      {
        xmlid: 'action_dashboard',
        values: {
          name: 'BigCommerce Dashboard',
          res_model: 'x_bc_instance',
          view_mode: `kanban,${dialect.listViewType},form`,
          view_id: kanbanIds.get('view_instance_dashboard'),
        },
      },
    ])
  ).get('action_dashboard')!;
}

/** The root menu (for the group only), the dashboard, and a menu per model that has one. */
export async function ensureMenus(
  ensure: EnsureRecords,
  dialect: SetupDialect,
  groupId: number,
  actions: SetupActions,
): Promise<void> {
  const rootId = (
    await ensure('ir.ui.menu', [
      {
        xmlid: MENU_ROOT.xmlid,
        values: { name: MENU_ROOT.name, sequence: MENU_ROOT.sequence, [dialect.menuGroupsField]: [[6, 0, [groupId]]] },
      },
    ])
  ).get(MENU_ROOT.xmlid)!;
  await ensure('ir.ui.menu', [
    {
      xmlid: 'menu_dashboard',
      values: {
        name: 'Dashboard',
        sequence: 1,
        parent_id: rootId,
        action: `ir.actions.act_window,${actions.dashboard}`,
      },
    },
    ...MODELS.filter((m): m is ModelSpec & { menu: NonNullable<ModelSpec['menu']> } => !!m.menu).map((m) => ({
      xmlid: `menu_${m.key}`,
      values: {
        name: m.title,
        sequence: m.menu.sequence,
        parent_id: rootId,
        action: `ir.actions.act_window,${actions.byModel.get(`action_${m.key}`)}`,
      },
    })),
  ]);
}
