/** `bc-odoo setup` for one instance, as a library call (the CLI, the demo and tests share it). */
import type { BigCommerceClient } from '../bigcommerce/client.js';
import type { InstanceConfig } from '../config/index.js';
import type { Logger } from '../log/logger.js';
import { Binder } from '../odoo/binder.js';
import type { OdooClient } from '../odoo/client.js';
import { ensureInstanceRecord } from '../odoo/instance-record.js';
import { OperationLog } from '../odoo/operation-log.js';
import { runSetup, type SetupReport } from '../odoo/setup/apply.js';
import { describeCurrencies, ensureCurrencies, storeCurrencyCodes } from './currencies.js';

export interface SetupInstanceResult extends SetupReport {
  instance: string;
  instanceRecordId: number;
  ms: number;
  /** what setup could not do and the user should know (e.g. the store's currencies unreadable) */
  warnings: string[];
}

export async function setupInstance(
  rpc: OdooClient,
  inst: InstanceConfig,
  logger: Logger,
  bc?: Pick<BigCommerceClient, 'currencies' | 'getStore'>,
): Promise<SetupInstanceResult> {
  const t0 = Date.now();
  const report = await runSetup(rpc, { logger });
  const record = await ensureInstanceRecord(rpc, {
    name: inst.name,
    storeHash: inst.bigcommerce.storeHash,
    apiBaseUrl: inst.bigcommerce.apiBaseUrl,
  });
  if (record.created) report.created.push(`x_bc_instance ${inst.name}`);
  const warnings =
    bc && inst.odoo.manageCurrencies !== false ? await setupCurrencies(rpc, inst, logger, bc, report) : [];
  const changes = [
    ...report.created.map((c) => `created ${c}`),
    ...report.updated.map((u) => `updated ${u}`),
    ...warnings.map((w) => `warning: ${w}`),
  ];
  const oplog = await OperationLog.start(rpc, { operation: 'setup', instanceId: record.id });
  oplog.add({ created: report.created.length, updated: report.updated.length, unchanged: report.unchanged });
  await oplog.finish('done', changes.length ? changes.join('\n') : 'no change');
  return { ...report, instance: inst.name, instanceRecordId: record.id, ms: Date.now() - t0, warnings };
}

/**
 * The store's currencies (currencies.ts). BigCommerce being unreachable does not fail setup:
 * every order import does the same before it needs them.
 */
async function setupCurrencies(
  rpc: OdooClient,
  inst: InstanceConfig,
  logger: Logger,
  bc: Pick<BigCommerceClient, 'currencies' | 'getStore'>,
  report: SetupReport,
): Promise<string[]> {
  let codes: string[];
  let storeName: string;
  try {
    const [store, currencies] = await Promise.all([bc.getStore(), bc.currencies().all()]);
    codes = storeCurrencyCodes(currencies.records);
    storeName = store.name;
  } catch (err) {
    logger.warn({ err }, "could not read the store's currencies");
    return [
      `could not read the store's currencies from BigCommerce (${err instanceof Error ? err.message : String(err)}); the next order import activates them`,
    ];
  }
  const cur = await ensureCurrencies(rpc, new Binder(rpc, inst.bigcommerce.storeHash, { logger }), storeName, codes);
  report.updated.push(...describeCurrencies(cur));
  if (cur.pricelists.length + cur.activated.length === 0) report.unchanged++;
  return cur.unknown.length
    ? [`the store sells in ${cur.unknown.join(', ')}, which Odoo does not know: orders in it will fail`]
    : [];
}
