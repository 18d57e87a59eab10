/** `bc-odoo test-connection` for one instance, as a library call; records the outcome in Odoo. */
import type { InstanceConfig } from '../config/index.js';
import type { Logger } from '../log/logger.js';
import { ensureInstanceRecord, recordConnectionStatus } from '../odoo/instance-record.js';
import { OperationLog } from '../odoo/operation-log.js';
import type { OdooRpc } from '../odoo/rpc.js';
import {
  checkBigCommerce,
  checkOdoo,
  type BigCommerceCheckResult,
  type OdooCheckResult,
  type StoreInfo,
} from './connection-check.js';

export interface TestConnectionResult {
  instance: string;
  bigcommerce: BigCommerceCheckResult;
  odoo: OdooCheckResult;
  /** whether the outcome was written to the instance record and the operation log */
  recorded: boolean;
  /** 0 both fine, 3 a connection failure, 1 reachable but not ready */
  exitCode: 0 | 1 | 3;
}

export async function testConnection(
  inst: InstanceConfig,
  deps: {
    getStore: () => Promise<StoreInfo>;
    connectOdoo: () => Promise<OdooRpc & { version: { serverVersion: string } }>;
    logger: Logger;
  },
): Promise<TestConnectionResult> {
  const [bc, odooFull] = await Promise.all([checkBigCommerce(deps.getStore), checkOdoo(deps.connectOdoo, inst.odoo)]);
  const { client, ...odoo } = odooFull;
  let recorded = false;
  if (client && odoo.reason !== 'setup_missing') {
    try {
      const { id } = await ensureInstanceRecord(client, {
        name: inst.name,
        storeHash: inst.bigcommerce.storeHash,
        apiBaseUrl: inst.bigcommerce.apiBaseUrl,
      });
      const ok = bc.ok && odoo.ok;
      const message = `${describe('BigCommerce', bc)}\n${describe('Odoo', odoo)}`;
      await recordConnectionStatus(client, id, {
        ok,
        message,
        storeName: bc.store?.name,
        plan: bc.store?.plan_name ?? bc.store?.plan_level,
        currency: bc.store?.currency,
      });
      const oplog = await OperationLog.start(client, { operation: 'test-connection', instanceId: id });
      await oplog.finish(ok ? 'done' : 'failed', message);
      recorded = true;
    } catch (err) {
      deps.logger.warn({ err }, 'could not record the connection test in Odoo');
    }
  }
  const exitCode = bc.connectionFailure || odoo.connectionFailure ? 3 : bc.ok && odoo.ok ? 0 : 1;
  return { instance: inst.name, bigcommerce: bc, odoo, recorded, exitCode };
}

/** "BigCommerce: OK — store "X" … [12 ms]" */
export function describe(side: string, r: { ok: boolean; reason?: string; message: string; ms: number }): string {
  return `${side}: ${r.ok ? 'OK' : `FAILED (${r.reason?.replace(/_/g, ' ')})`} — ${r.message} [${r.ms} ms]`;
}
