/** `bc-odoo setup` for one instance, as a library call (the CLI, the demo and tests share it). */
import type { InstanceConfig } from '../config/index.js';
import type { Logger } from '../log/logger.js';
import { ensureInstanceRecord } from '../odoo/instance-record.js';
import { OperationLog } from '../odoo/operation-log.js';
import type { OdooRpc } from '../odoo/rpc.js';
import { runSetup, type SetupReport } from '../odoo/setup/apply.js';

export interface SetupInstanceResult extends SetupReport {
  instance: string;
  instanceRecordId: number;
  ms: number;
}

export async function setupInstance(rpc: OdooRpc, inst: InstanceConfig, logger: Logger): Promise<SetupInstanceResult> {
  const t0 = Date.now();
  const report = await runSetup(rpc, { logger });
  const record = await ensureInstanceRecord(rpc, { name: inst.name, storeHash: inst.bigcommerce.storeHash, apiBaseUrl: inst.bigcommerce.apiBaseUrl });
  if (record.created) report.created.push(`x_bc_instance ${inst.name}`);
  const changes = [...report.created.map((c) => `created ${c}`), ...report.updated.map((u) => `updated ${u}`)];
  const oplog = await OperationLog.start(rpc, { operation: 'setup', instanceId: record.id });
  oplog.add({ created: report.created.length, updated: report.updated.length, skipped: report.unchanged });
  await oplog.finish('done', changes.length ? changes.join('\n') : 'no change');
  return { ...report, instance: inst.name, instanceRecordId: record.id, ms: Date.now() - t0 };
}
