/**
 * Applies setup/schema.ts to an Odoo database over RPC. Every record it makes carries an
 * external id in the `bc_odoo` pseudo-module, and every step reads first and writes only
 * the difference, so running it again changes nothing. Creates are batched per step.
 */
import type { Logger } from '../../log/logger.js';
import { silentLogger } from '../../log/logger.js';
import {
  EXTRA_FIELDS,
  GROUP,
  groupRights,
  MENU_ROOT,
  MODELS,
  OWN_XMLID_DOMAIN,
  SETUP_MODULE,
  SETUP_VERSION,
  type FieldSpec,
  type ModelSpec,
} from './schema.js';
import { buildDashboardArch, DASHBOARD_COUNTS, openActionCode } from './dashboard.js';
import { enableFeatureGroups } from './features.js';
import { buildFormArch, buildListArch, buildSearchArch } from './views.js';

import type { OdooRpc, Values } from '../rpc.js';

/** Setup needs nothing beyond the common RPC slice. */
export type SetupRpc = OdooRpc;

export interface SetupReport {
  created: string[];
  updated: string[];
  unchanged: number;
}

export interface SetupOptions {
  logger?: Logger;
}

interface XmlidRow {
  id: number;
  name: string;
  model: string;
  res_id: number;
}

/** Layout differences between Odoo versions, read from fields_get rather than guessed from the version. */
export interface SetupDialect {
  listViewType: 'list' | 'tree';
  menuGroupsField: 'groups_id' | 'group_ids';
  groupUsersField: 'users' | 'user_ids';
}

export async function probeSetupDialect(rpc: SetupRpc): Promise<SetupDialect> {
  const [view, menu, groups] = await Promise.all([
    rpc.fieldsGet('ir.ui.view'),
    rpc.fieldsGet('ir.ui.menu'),
    rpc.fieldsGet('res.groups'),
  ]);
  const viewTypes = Array.isArray(view.type?.selection)
    ? (view.type!.selection as [string, string][]).map((s) => s[0])
    : [];
  return {
    listViewType: viewTypes.includes('list') ? 'list' : 'tree',
    menuGroupsField: 'group_ids' in menu ? 'group_ids' : 'groups_id',
    groupUsersField: 'user_ids' in groups ? 'user_ids' : 'users',
  };
}

export async function runSetup(rpc: SetupRpc, opts: SetupOptions = {}): Promise<SetupReport> {
  const log = opts.logger ?? silentLogger;
  const report: SetupReport = { created: [], updated: [], unchanged: 0 };
  const dialect = await probeSetupDialect(rpc);
  const xmlids = new Map<string, XmlidRow>();
  for (const row of await rpc.searchRead<XmlidRow>(
    'ir.model.data',
    [['module', '=', SETUP_MODULE]],
    ['name', 'model', 'res_id'],
  )) {
    xmlids.set(row.name, row);
  }

  /**
   * Makes the records named by `specs` exist with the given values: one read of the existing
   * ones, a write for each that differs, one create for all missing, one create of their xmlids.
   */
  async function ensure(model: string, specs: { xmlid: string; values: Values }[]): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    const existing = specs.filter((s) => xmlids.get(s.xmlid)?.model === model);
    if (existing.length) {
      const fields = [...new Set(existing.flatMap((s) => Object.keys(s.values)))];
      const rows = await rpc.call<Values[]>(model, 'read', [existing.map((s) => xmlids.get(s.xmlid)!.res_id), fields]);
      const byId = new Map(rows.map((r) => [r.id as number, r]));
      for (const s of existing) {
        const resId = xmlids.get(s.xmlid)!.res_id;
        const row = byId.get(resId);
        if (!row) continue; // record deleted behind our back: recreate below
        ids.set(s.xmlid, resId);
        const diff = Object.fromEntries(Object.entries(s.values).filter(([k, v]) => !sameValue(v, row[k])));
        if (Object.keys(diff).length) {
          await rpc.write(model, [resId], diff);
          report.updated.push(`${model} ${SETUP_MODULE}.${s.xmlid} (${Object.keys(diff).join(', ')})`);
        } else {
          report.unchanged++;
        }
      }
    }
    const missing = specs.filter((s) => !ids.has(s.xmlid));
    if (missing.length) {
      const newIds = await rpc.create(
        model,
        missing.map((s) => s.values),
      );
      const stale = missing.map((s) => xmlids.get(s.xmlid)).filter((x): x is XmlidRow => !!x);
      if (stale.length) await rpc.call('ir.model.data', 'unlink', [stale.map((x) => x.id)]);
      const dataIds = await rpc.create(
        'ir.model.data',
        missing.map((s, n) => ({
          module: SETUP_MODULE,
          name: s.xmlid,
          model,
          res_id: newIds[n],
          noupdate: true,
        })),
      );
      missing.forEach((s, n) => {
        ids.set(s.xmlid, newIds[n]!);
        xmlids.set(s.xmlid, { id: dataIds[n]!, name: s.xmlid, model, res_id: newIds[n]! });
        report.created.push(`${model} ${SETUP_MODULE}.${s.xmlid}`);
      });
    }
    return ids;
  }

  // 1. The group first: access rights and menus refer to it.
  const groupId = (await ensure('res.groups', [{ xmlid: GROUP.xmlid, values: { name: GROUP.name } }])).get(
    GROUP.xmlid,
  )!;

  // 2. Models (each gets x_name by default), then their fields in two batches:
  //    everything but one2many, then one2many (whose inverse many2one must exist first).
  const modelIds = await ensureModels(rpc, report);
  const allFields: (FieldSpec & { model: string })[] = [
    ...MODELS.flatMap((m) => m.fields.map((f) => ({ ...f, model: m.model as string }))),
    ...EXTRA_FIELDS,
  ];
  await ensureFields(rpc, allFields, modelIds, report);
  await ensureModelOrder(rpc, report);

  // 3. Access rights: the BigCommerce User group and Settings (base.group_system) on every model.
  const [systemGroup] = await rpc.searchRead<{ res_id: number }>(
    'ir.model.data',
    [
      ['module', '=', 'base'],
      ['name', '=', 'group_system'],
    ],
    ['res_id'],
  );
  const access: { xmlid: string; values: Values }[] = [];
  for (const m of MODELS) {
    for (const [suffix, gid] of [
      ['user', groupId],
      ['system', systemGroup?.res_id],
    ] as const) {
      if (!gid) continue;
      // Least privilege: the group only what bc-odoo does (schema.ts groupRights), Settings everything.
      const may = suffix === 'user' ? groupRights(m.model) : ['read', 'write', 'create', 'unlink'];
      access.push({
        xmlid: `access_${m.key}_${suffix}`,
        values: {
          name: `${m.model} ${suffix}`,
          model_id: modelIds.get(m.model),
          group_id: gid,
          perm_read: may.includes('read'),
          perm_write: may.includes('write'),
          perm_create: may.includes('create'),
          perm_unlink: may.includes('unlink'),
        },
      });
    }
  }
  // The binder reads and writes external ids (ir.model.data), which plain users may not.
  const [imdModel] = await rpc.searchRead<{ id: number }>('ir.model', [['model', '=', 'ir.model.data']], ['id']);
  if (imdModel) {
    access.push({
      xmlid: 'access_ir_model_data_user',
      values: {
        name: 'ir.model.data bigcommerce user',
        model_id: imdModel.id,
        group_id: groupId,
        perm_read: true,
        perm_write: true,
        perm_create: true,
        perm_unlink: true,
      },
    });
  }
  await ensure('ir.model.access', access);
  if (imdModel) await ensure('ir.rule', await externalIdRules(rpc, imdModel.id, groupId));

  // 4. Views and window actions.
  const viewSpecs: { xmlid: string; values: Values }[] = [];
  for (const m of MODELS) {
    viewSpecs.push(
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
    viewSpecs.push({
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
  const viewIds = await ensure('ir.ui.view', viewSpecs);
  const viewMode = `${dialect.listViewType},form`;
  const actionIds = await ensure(
    'ir.actions.act_window',
    MODELS.map((m) => ({
      xmlid: `action_${m.key}`,
      values: {
        name: m.label.replace(/^BigCommerce /, ''),
        res_model: m.model,
        view_mode: viewMode,
        search_view_id: viewIds.get(`view_${m.key}_search`),
      },
    })),
  );

  // 4b. The dashboard: server actions behind each count, a kanban of the stores, its action.
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
  const dashboardAction = (
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

  // 5. Menus, visible to the group only.
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
      values: { name: 'Dashboard', sequence: 1, parent_id: rootId, action: `ir.actions.act_window,${dashboardAction}` },
    },
    ...MODELS.filter((m): m is ModelSpec & { menu: NonNullable<ModelSpec['menu']> } => !!m.menu).map((m) => ({
      xmlid: `menu_${m.key}`,
      values: {
        name: m.menu.label,
        sequence: m.menu.sequence,
        parent_id: rootId,
        action: `ir.actions.act_window,${actionIds.get(`action_${m.key}`)}`,
      },
    })),
  ]);

  // 6. The user running setup joins the group, so the menu shows for them at once.
  const [group] = await rpc.call<Values[]>('res.groups', 'read', [[groupId], [dialect.groupUsersField]]);
  const members = (group?.[dialect.groupUsersField] as number[] | undefined) ?? [];
  if (!members.includes(rpc.uid)) {
    await rpc.write('res.groups', [groupId], { [dialect.groupUsersField]: [[4, rpc.uid]] });
    report.updated.push(`res.groups ${SETUP_MODULE}.${GROUP.xmlid} (added user ${rpc.uid})`);
  } else {
    report.unchanged++;
  }

  // 7. Variants are what products import into: without the feature, Odoo hides them.
  const enabled = await enableFeatureGroups(rpc, ['group_product_variant']);
  if (enabled.length) report.updated.push(`Odoo settings: enabled ${enabled.join(', ')}`);
  else report.unchanged++;

  const current = await rpc.call<string | false>('ir.config_parameter', 'get_param', ['bc_odoo.setup_version']);
  if (current !== SETUP_VERSION) {
    await rpc.call('ir.config_parameter', 'set_param', ['bc_odoo.setup_version', SETUP_VERSION]);
    report.updated.push(`ir.config_parameter bc_odoo.setup_version=${SETUP_VERSION}`);
  } else {
    report.unchanged++;
  }
  log.info(
    { created: report.created.length, updated: report.updated.length, unchanged: report.unchanged },
    'setup applied',
  );
  return report;
}

/**
 * The group's rights on ir.model.data (above) would let any member rewrite or delete any
 * module's external ids, e.g. repoint base.group_system. Record rules narrow create, write and
 * unlink to bc-odoo's own pseudo-modules; reading stays open (Odoo reads external ids for the
 * user everywhere). Rules of different groups are OR-ed, so Administration / Access Rights
 * (base.group_erp_manager, the only group Odoo itself gives these rights) gets an everything
 * rule: an administrator in the group (setup adds whoever ran it) keeps full access.
 */
async function externalIdRules(
  rpc: SetupRpc,
  imdModelId: number,
  groupId: number,
): Promise<{ xmlid: string; values: Values }[]> {
  const write = { perm_read: false, perm_write: true, perm_create: true, perm_unlink: true };
  const rules = [
    {
      xmlid: 'rule_ir_model_data_own',
      values: {
        name: 'BigCommerce User: only bc-odoo external ids',
        model_id: imdModelId,
        groups: [[6, 0, [groupId]]],
        domain_force: OWN_XMLID_DOMAIN,
        ...write,
      },
    },
  ];
  const [erpManager] = await rpc.searchRead<{ res_id: number }>(
    'ir.model.data',
    [
      ['module', '=', 'base'],
      ['name', '=', 'group_erp_manager'],
    ],
    ['res_id'],
  );
  if (erpManager) {
    rules.push({
      xmlid: 'rule_ir_model_data_access_rights',
      values: {
        name: 'Access Rights: all external ids',
        model_id: imdModelId,
        groups: [[6, 0, [erpManager.res_id]]],
        domain_force: "[(1, '=', 1)]",
        ...write,
      },
    });
  }
  return rules;
}

async function ensureModels(rpc: SetupRpc, report: SetupReport): Promise<Map<string, number>> {
  const names = MODELS.map((m) => m.model as string);
  const rows = await rpc.searchRead<{ id: number; model: string; name: string; order: string }>(
    'ir.model',
    [['model', 'in', names]],
    ['model', 'name', 'order'],
  );
  const ids = new Map(rows.map((r) => [r.model, r.id]));
  for (const m of MODELS) {
    const row = rows.find((r) => r.model === m.model);
    if (!row) continue;
    if (row.name !== m.label) {
      await rpc.write('ir.model', [row.id], { name: m.label });
      report.updated.push(`ir.model ${m.model} (name)`);
    } else {
      report.unchanged++;
    }
  }
  const missing = MODELS.filter((m) => !ids.has(m.model));
  if (missing.length) {
    // The default order is set after the fields it names exist (Odoo validates it).
    const created = await rpc.create(
      'ir.model',
      missing.map((m) => ({ name: m.label, model: m.model })),
    );
    missing.forEach((m, n) => {
      ids.set(m.model, created[n]!);
      report.created.push(`ir.model ${m.model}`);
    });
  }
  // Models we only add fields to (product.template) must be known too.
  const extra = [...new Set(EXTRA_FIELDS.map((f) => f.model))];
  for (const r of await rpc.searchRead<{ id: number; model: string }>('ir.model', [['model', 'in', extra]], ['model']))
    ids.set(r.model, r.id);
  return ids;
}

async function ensureModelOrder(rpc: SetupRpc, report: SetupReport): Promise<void> {
  const rows = await rpc.searchRead<{ id: number; model: string; order: string }>(
    'ir.model',
    [['model', 'in', MODELS.map((m) => m.model)]],
    ['model', 'order'],
  );
  for (const m of MODELS) {
    const row = rows.find((r) => r.model === m.model);
    const want = m.order ?? 'id';
    if (!row || row.order === want) continue;
    await rpc.write('ir.model', [row.id], { order: want });
    report.updated.push(`ir.model ${m.model} (order)`);
  }
}

interface FieldRow {
  id: number;
  model: string;
  name: string;
  ttype: string;
  field_description: string;
  relation: string | false;
  required: boolean;
  index: boolean;
  help: string | false;
  on_delete: string | false;
  selection_ids: number[];
  compute: string | false;
  depends: string | false;
}

async function ensureFields(
  rpc: SetupRpc,
  fields: (FieldSpec & { model: string })[],
  modelIds: Map<string, number>,
  report: SetupReport,
): Promise<void> {
  const rows = await rpc.searchRead<FieldRow>(
    'ir.model.fields',
    [
      ['model', 'in', [...new Set(fields.map((f) => f.model))]],
      ['name', 'in', [...new Set(fields.map((f) => f.name))]],
    ],
    [
      'model',
      'name',
      'ttype',
      'field_description',
      'relation',
      'required',
      'index',
      'help',
      'on_delete',
      'selection_ids',
      'compute',
      'depends',
    ],
  );
  const byKey = new Map(rows.map((r) => [`${r.model}.${r.name}`, r]));
  const selectionIds = rows.flatMap((r) => r.selection_ids);
  const selections = selectionIds.length
    ? await rpc.call<{ field_id: [number, string]; value: string; name: string }[]>(
        'ir.model.fields.selection',
        'read',
        [selectionIds, ['field_id', 'value', 'name']],
      )
    : [];

  for (const f of fields) {
    const row = byKey.get(`${f.model}.${f.name}`);
    if (!row) continue;
    if (row.ttype !== f.type) {
      throw new Error(
        `setup: field ${f.model}.${f.name} exists with type ${row.ttype}, expected ${f.type}; rename or remove it in Odoo (Settings → Technical → Fields)`,
      );
    }
    const diff: Values = {};
    if (row.field_description !== f.label) diff.field_description = f.label;
    if (!!row.required !== !!f.required) diff.required = !!f.required;
    if (!!row.index !== !!f.index) diff.index = !!f.index;
    if ((row.help || '') !== (f.help ?? '')) diff.help = f.help ?? false;
    if ((row.compute || '') !== (f.compute ?? '')) diff.compute = f.compute ?? false;
    if ((row.depends || '') !== (f.depends ?? '')) diff.depends = f.depends ?? false;
    if (f.selection) {
      const have = new Set(selections.filter((s) => s.field_id[0] === row.id).map((s) => s.value));
      const add = f.selection.filter(([v]) => !have.has(v));
      if (add.length)
        diff.selection_ids = add.map(([value, name]) => [
          0,
          0,
          { value, name, sequence: f.selection!.findIndex((s) => s[0] === value) },
        ]);
    }
    if (Object.keys(diff).length) {
      await rpc.write('ir.model.fields', [row.id], diff);
      report.updated.push(`ir.model.fields ${f.model}.${f.name} (${Object.keys(diff).join(', ')})`);
    } else {
      report.unchanged++;
    }
  }
  const missing = fields.filter((f) => !byKey.has(`${f.model}.${f.name}`));
  // Plain fields, then one2many (their inverse must exist), then computed ones (their dependencies must).
  const batches = [
    missing.filter((f) => f.type !== 'one2many' && !f.compute),
    missing.filter((f) => f.type === 'one2many' && !f.compute),
    missing.filter((f) => f.compute),
  ];
  for (const batch of batches) {
    if (!batch.length) continue;
    await rpc.create(
      'ir.model.fields',
      batch.map((f) => fieldValues(f, modelIds)),
    );
    for (const f of batch) report.created.push(`ir.model.fields ${f.model}.${f.name}`);
  }
}

function fieldValues(f: FieldSpec & { model: string }, modelIds: Map<string, number>): Values {
  const v: Values = {
    model_id: modelIds.get(f.model),
    model: f.model,
    name: f.name,
    field_description: f.label,
    ttype: f.type,
    required: !!f.required,
    index: !!f.index,
    help: f.help ?? false,
  };
  if (f.relation) v.relation = f.relation;
  if (f.relationField) v.relation_field = f.relationField;
  if (f.type === 'many2one') v.on_delete = f.onDelete ?? 'set null';
  if (f.type === 'monetary') v.currency_field = 'x_currency_id';
  if (f.selection) v.selection_ids = f.selection.map(([value, name], n) => [0, 0, { value, name, sequence: n }]);
  if (f.compute) Object.assign(v, { compute: f.compute, depends: f.depends ?? false, store: false, readonly: true });
  return v;
}

/** Compares a value we want with what `read` returned (many2one as [id, name], x2many as ids). */
function sameValue(want: unknown, got: unknown): boolean {
  if (Array.isArray(want) && Array.isArray(want[0]) && want[0][0] === 6) {
    const ids = [...(want[0][2] as number[])].sort();
    return Array.isArray(got) && JSON.stringify([...(got as number[])].sort()) === JSON.stringify(ids);
  }
  if (Array.isArray(got) && got.length === 2 && typeof got[0] === 'number' && typeof got[1] === 'string')
    return want === got[0];
  if (got === false && (want === undefined || want === false || want === null)) return true;
  if (typeof want === 'string' && typeof got === 'string') return normalizeXml(want) === normalizeXml(got);
  return want === got;
}

function normalizeXml(s: string): string {
  return s.replace(/>\s+</g, '><').replace(/\s+/g, ' ').trim();
}
