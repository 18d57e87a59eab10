/**
 * Who may do what with bc-odoo's data: the "BigCommerce User" group, its rights on each custom
 * model (least privilege: only what bc-odoo itself does; Settings keeps everything), its rights
 * on external ids (the binder's and the leases' ir.model.data rows, narrowed by record rules to
 * bc-odoo's own pseudo-modules), and the user running setup joining the group.
 */
import type { Values } from '../rpc.js';
import type { SetupDialect } from './dialect.js';
import { MODELS, SETUP_MODULE } from './schema.js';
import type { EnsureRecords, SetupReport, SetupRpc, XmlidSpec } from './xmlid-records.js';

export const GROUP = { xmlid: 'group_user', name: 'BigCommerce User' } as const;

// Least privilege: which external ids the BigCommerce User group may change.
/** Pseudo-modules of bc-odoo's external ids: setup's and the leases' (daemon/lease.ts); the binder's `bigcommerce_<hash>` by pattern. */
export const OWN_XMLID_MODULES = [SETUP_MODULE, 'bc_odoo_lease'] as const;
/**
 * Record-rule domain for create/write/unlink of ir.model.data by the group (reading stays open:
 * Odoo itself reads other modules' external ids for the user). `\\_` keeps LIKE's `_` literal.
 */
export const OWN_XMLID_DOMAIN = `['|', ('module', '=like', 'bigcommerce\\\\_%'), ('module', 'in', [${OWN_XMLID_MODULES.map((m) => `'${m}'`).join(', ')}])]`;
export type Perm = 'read' | 'write' | 'create' | 'unlink';
const ALL_PERMS: readonly Perm[] = ['read', 'write', 'create', 'unlink'];
/**
 * What the BigCommerce User group may do on bc-odoo's models (not listed: everything; Settings
 * keeps everything on all of them). Nothing bc-odoo runs deletes stores, sync states or run
 * history, so members may not either: the operation log stays a trustworthy record.
 */
const GROUP_MODEL_RIGHTS: Readonly<Record<string, readonly Perm[]>> = {
  x_bc_instance: ['read', 'write', 'create'],
  x_bc_sync_state: ['read', 'write', 'create'],
  x_bc_operation_log: ['read', 'write', 'create'],
  x_bc_operation_log_line: ['read', 'create'],
};

export function groupRights(model: string): readonly Perm[] {
  return GROUP_MODEL_RIGHTS[model] ?? ALL_PERMS;
}

/** The group, first of all: access rights and menus refer to it. Returns its id. */
export async function ensureGroup(ensure: EnsureRecords): Promise<number> {
  return (await ensure('res.groups', [{ xmlid: GROUP.xmlid, values: { name: GROUP.name } }])).get(GROUP.xmlid)!;
}

/** The BigCommerce User group and Settings (base.group_system) on every model, and on external ids. */
export async function ensureAccessRights(
  rpc: SetupRpc,
  ensure: EnsureRecords,
  groupId: number,
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
    for (const [suffix, gid] of [
      ['user', groupId],
      ['system', systemGroup?.res_id],
    ] as const) {
      if (!gid) continue;
      // Least privilege: the group only what bc-odoo does (groupRights), Settings everything.
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

/** The user running setup joins the group, so the menu shows for them at once. */
export async function joinGroup(
  rpc: SetupRpc,
  dialect: SetupDialect,
  groupId: number,
  report: SetupReport,
): Promise<void> {
  const [group] = await rpc.call<Values[]>('res.groups', 'read', [[groupId], [dialect.groupUsersField]]);
  const members = (group?.[dialect.groupUsersField] as number[] | undefined) ?? [];
  if (!members.includes(rpc.uid)) {
    await rpc.write('res.groups', [groupId], { [dialect.groupUsersField]: [[4, rpc.uid]] });
    report.updated.push(`res.groups ${SETUP_MODULE}.${GROUP.xmlid} (added user ${rpc.uid})`);
  } else {
    report.unchanged++;
  }
}
