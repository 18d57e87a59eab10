/**
 * Applies setup to an Odoo database over RPC, as named steps in dependency order: the groups,
 * the models and fields, access rights, views and actions, menus, the running user's
 * membership, Odoo features, per-line tax rounding, the setup version. Every record it makes carries an external id in
 * the `bc_odoo` pseudo-module, and every step reads first and writes only the difference
 * (xmlid-records.ts), so running it again changes nothing. Creates are batched per step.
 */
import type { Logger } from '../../log/logger.js';
import { silentLogger } from '../../log/logger.js';
import { ensureAccessRights, ensureGroups, joinGroup } from './access-rights.js';
import { ensureModelsAndFields } from './apply-models.js';
import { probeSetupDialect } from './dialect.js';
import { enableFeatureGroups } from './features.js';
import { SETUP_VERSION } from './schema.js';
import { roundTaxPerLine } from './tax-rounding.js';
import { ensureMenus, ensureViewsAndActions } from './ui.js';
import { type SetupReport, type SetupRpc, xmlidRecords } from './xmlid-records.js';

export type { SetupReport, SetupRpc } from './xmlid-records.js';

export interface SetupOptions {
  logger?: Logger;
}

export async function runSetup(rpc: SetupRpc, opts: SetupOptions = {}): Promise<SetupReport> {
  const log = opts.logger ?? silentLogger;
  const report: SetupReport = { created: [], updated: [], unchanged: 0 };
  const dialect = await probeSetupDialect(rpc);
  const ensure = await xmlidRecords(rpc, report);

  const groups = await ensureGroups(rpc, ensure);
  const modelIds = await ensureModelsAndFields(rpc, report);
  await ensureAccessRights(rpc, ensure, groups, modelIds);
  const actions = await ensureViewsAndActions(rpc, ensure, dialect, modelIds);
  await ensureMenus(ensure, dialect, groups.user, actions);
  await joinGroup(rpc, dialect, groups.user, report);
  await enableVariants(rpc, report);
  await roundTaxPerLine(rpc, report);
  await recordSetupVersion(rpc, report);

  log.info(
    { created: report.created.length, updated: report.updated.length, unchanged: report.unchanged },
    'setup applied',
  );
  return report;
}

/** Variants are what products import into: without the feature, Odoo hides them. */
async function enableVariants(rpc: SetupRpc, report: SetupReport): Promise<void> {
  const enabled = await enableFeatureGroups(rpc, ['group_product_variant']);
  if (enabled.length) report.updated.push(`Odoo settings: enabled ${enabled.join(', ')}`);
  else report.unchanged++;
}

/** Kept in ir.config_parameter so test-connection can tell an out-of-date setup. */
async function recordSetupVersion(rpc: SetupRpc, report: SetupReport): Promise<void> {
  const current = await rpc.callModel<string | false>('ir.config_parameter', 'get_param', {
    key: 'bc_odoo.setup_version',
  });
  if (current !== SETUP_VERSION) {
    await rpc.callModel('ir.config_parameter', 'set_param', { key: 'bc_odoo.setup_version', value: SETUP_VERSION });
    report.updated.push(`ir.config_parameter bc_odoo.setup_version=${SETUP_VERSION}`);
  } else {
    report.unchanged++;
  }
}
