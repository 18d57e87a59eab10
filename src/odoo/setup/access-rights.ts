/**
 * Who may do what with bc-odoo's data. Two groups: "BigCommerce User", for people, who read
 * the run history (operation log, its lines, sync states) and manage the rest; and
 * "BigCommerce Integration", for the user bc-odoo logs in as, which implies the first and adds
 * exactly what bc-odoo itself does (least privilege; Settings keeps everything), including its
 * external ids (the binder's and the leases' ir.model.data rows, narrowed by record rules to
 * bc-odoo's own pseudo-modules). The user running setup joins the User group.
 */
import type { Values } from '../rpc.js';
import type { SetupDialect } from './dialect.js';
import { MODELS, SETUP_MODULE } from './schema.js';
import type { EnsureRecords, SetupReport, SetupRpc, XmlidSpec } from './xmlid-records.js';

export const GROUP = { xmlid: 'group_user', name: 'BigCommerce User' } as const;
export const INTEGRATION_GROUP = { xmlid: 'group_integration', name: 'BigCommerce Integration' } as const;

// Least privilege: which external ids the BigCommerce User group may change.
/** Pseudo-modules of bc-odoo's external ids: setup's and the leases' (daemon/lease.ts); the binder's `bigcommerce_<hash>` by pattern. */
export const OWN_XMLID_MODULES = [SETUP_MODULE, 'bc_odoo_lease'] as const;
/**
 * Record-rule domain for create/write/unlink of ir.model.data by the group (reading stays open:
 * Odoo itself reads other modules' external ids for the user). `bigcommerce_%` unescaped: Odoo
 * 17 checks a created record against the rule in Python (fnmatch), where an escaped `\\_` never
 * matches, while SQL reads it as literal; unescaped, both read `_` as one character, so the rule
 * means the same wherever Odoo evaluates it (it also admits "bigcommerce" plus any one character).
 */
export const OWN_XMLID_DOMAIN = `['|', ('module', '=like', 'bigcommerce_%'), ('module', 'in', [${OWN_XMLID_MODULES.map((m) => `'${m}'`).join(', ')}])]`;
export type Perm = 'read' | 'write' | 'create' | 'unlink';
const ALL_PERMS: readonly Perm[] = ['read', 'write', 'create', 'unlink'];
/**
 * What the BigCommerce Integration group may do on bc-odoo's models (not listed: everything;
 * Settings keeps everything on all of them). Nothing bc-odoo runs deletes stores, sync states
 * or run history, so it may not either: the operation log stays a trustworthy record.
 */
const INTEGRATION_MODEL_RIGHTS: Readonly<Record<string, readonly Perm[]>> = {
  x_bc_instance: ['read', 'write', 'create'],
  x_bc_sync_state: ['read', 'write', 'create'],
  x_bc_operation_log: ['read', 'write', 'create'],
  x_bc_operation_log_line: ['read', 'create'],
};

/**
 * What the BigCommerce User group (people) may do: read-only models (ModelSpec.readonlyUi: the
 * run history and the cursors, which bc-odoo alone writes) only read, stores read and write
 * (their active toggle), the rest as the integration.
 */
function userRights(model: string): readonly Perm[] {
  if (MODELS.find((m) => m.model === model)?.readonlyUi) return ['read'];
  if (model === 'x_bc_instance') return ['read', 'write'];
  return integrationRights(model);
}

/** What bc-odoo itself needs on one of its models: its integration user's rights (test-connection checks them). */
export function integrationRights(model: string): readonly Perm[] {
  return INTEGRATION_MODEL_RIGHTS[model] ?? ALL_PERMS;
}

/**
 * The groups, first of all: access rights and menus refer to them. The integration group
 * implies the user group (menus, reading) and, where Odoo has it, product creation
 * (product.group_product_manager: "Product Creation" on 18, which new users get by default;
 * "Products / Create" on 19, which they do not), without which no product or category can be
 * imported. Returns both ids.
 */
export async function ensureGroups(
  rpc: SetupRpc,
  ensure: EnsureRecords,
): Promise<{ user: number; integration: number }> {
  const user = (await ensure('res.groups', [{ xmlid: GROUP.xmlid, values: { name: GROUP.name } }])).get(GROUP.xmlid)!;
  const productCreation = await rpc.searchRead<{ res_id: number }>(
    'ir.model.data',
    [
      ['module', '=', 'product'],
      ['name', '=', 'group_product_manager'],
      ['model', '=', 'res.groups'],
    ],
    ['res_id'],
  );
  const implied = [user, ...productCreation.map((x) => x.res_id)];
  const integration = (
    await ensure('res.groups', [
      {
        xmlid: INTEGRATION_GROUP.xmlid,
        values: { name: INTEGRATION_GROUP.name, implied_ids: [[6, 0, implied]] },
      },
    ])
  ).get(INTEGRATION_GROUP.xmlid)!;
  return { user, integration };
}

/** Both groups and Settings (base.group_system) on every model; the integration on external ids. */
export async function ensureAccessRights(
  rpc: SetupRpc,
  ensure: EnsureRecords,
  groups: { user: number; integration: number },
  modelIds: Map<string, number>,
): Promise<void> {
  const [systemGroup] = await rpc.searchRead<{ res_id: number }>(
    'ir.model.data',
    [
      ['module', '=', 'base'],
      ['name', '=', 'group_system'],
    ],
    ['res_id'],
  );
  const access: XmlidSpec[] = [];
  for (const m of MODELS) {
    for (const [suffix, gid, may] of [
      ['user', groups.user, userRights(m.model)],
      ['integration', groups.integration, integrationRights(m.model)],
      ['system', systemGroup?.res_id, ALL_PERMS],
    ] as const) {
      if (!gid) continue;
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
  // The binder reads and writes external ids (ir.model.data), which plain users may not. (Its
  // external id says "user": the User group had it up to setup version 5; the integration has it now.)
  const [imdModel] = await rpc.searchRead<{ id: number }>('ir.model', [['model', '=', 'ir.model.data']], ['id']);
  if (imdModel) {
    access.push({
      xmlid: 'access_ir_model_data_user',
      values: {
        name: 'ir.model.data bigcommerce integration',
        model_id: imdModel.id,
        group_id: groups.integration,
        perm_read: true,
        perm_write: true,
        perm_create: true,
        perm_unlink: true,
      },
    });
  }
  await ensure('ir.model.access', access);
  if (imdModel) await ensure('ir.rule', await externalIdRules(rpc, imdModel.id, groups.integration));
}

/**
 * The group's rights on ir.model.data (above) would let any member rewrite or delete any
 * module's external ids, e.g. repoint base.group_system. Record rules narrow create, write and
 * unlink to bc-odoo's own pseudo-modules; reading stays open (Odoo reads external ids for the
 * user everywhere). Rules of different groups are OR-ed, so Administration / Access Rights
 * (base.group_erp_manager, the only group Odoo itself gives these rights) gets an everything
 * rule: an administrator in the group (setup adds whoever ran it) keeps full access.
 */
async function externalIdRules(rpc: SetupRpc, imdModelId: number, groupId: number): Promise<XmlidSpec[]> {
  const write = { perm_read: false, perm_write: true, perm_create: true, perm_unlink: true };
  const rules = [
    {
      xmlid: 'rule_ir_model_data_own',
      values: {
        name: 'BigCommerce Integration: only bc-odoo external ids',
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

/** The user running setup joins the group, so the menu shows for them at once. */
export async function joinGroup(
  rpc: SetupRpc,
  dialect: SetupDialect,
  groupId: number,
  report: SetupReport,
): Promise<void> {
  const [group] = await rpc.callRecords<Values[]>('res.groups', [groupId], 'read', {
    fields: [dialect.groupUsersField],
  });
  const members = (group?.[dialect.groupUsersField] as number[] | undefined) ?? [];
  if (!members.includes(rpc.uid)) {
    await rpc.write('res.groups', [groupId], { [dialect.groupUsersField]: [[4, rpc.uid]] });
    report.updated.push(`res.groups ${SETUP_MODULE}.${GROUP.xmlid} (added user ${rpc.uid})`);
  } else {
    report.unchanged++;
  }
}
