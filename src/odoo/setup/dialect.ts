/**
 * Layout differences between Odoo versions that setup must follow (list views were `tree`
 * before 18, some many2many fields were renamed in 19), read from fields_get rather than guessed
 * from the version number.
 */
import type { OdooRpc } from '../rpc.js';

export interface SetupDialect {
  listViewType: 'list' | 'tree';
  menuGroupsField: 'groups_id' | 'group_ids';
  groupUsersField: 'users' | 'user_ids';
}

export async function probeSetupDialect(rpc: OdooRpc): Promise<SetupDialect> {
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
