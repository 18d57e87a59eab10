/**
 * Everything an importer needs for one instance, opened once per run (or once per daemon):
 * the BigCommerce client on the store's shared scheduler, the Odoo client, the binder, the
 * capabilities of this Odoo, the store's settings and its instance record in Odoo. The clients
 * themselves are built by instance-clients.ts.
 */
import type { BigCommerceClient } from '../bigcommerce/client.js';
import type { SchedulerRegistry } from '../bigcommerce/scheduler.js';
import type { BcStore } from '../bigcommerce/schemas.js';
import type { InstanceConfig } from '../config/index.js';
import type { Logger } from '../log/logger.js';
import type { Exclusive } from './exclusive.js';
import { Binder } from '../odoo/binder.js';
import { probeCapabilities, type OdooCapabilities } from '../odoo/capabilities.js';
import type { OdooClient } from '../odoo/client.js';
import { ensureInstanceRecord } from '../odoo/instance-record.js';
import { OperationLog } from '../odoo/operation-log.js';
import { readTaxModel, type TaxModel } from '../odoo/tax-rounding.js';
import { describeRunFailure } from './connection-failure.js';
import { bigCommerceClient, connectOdoo } from './instance-clients.js';

export interface ImportContext {
  readonly instance: InstanceConfig;
  readonly bc: BigCommerceClient;
  readonly odoo: OdooClient;
  readonly binder: Binder;
  readonly caps: OdooCapabilities;
  /** how the company rounds tax and this Odoo splits price-included tax: what order totals are planned with */
  readonly taxModel: TaxModel;
  readonly store: BcStore;
  /** x_bc_instance id */
  readonly instanceId: number;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  /** a lock for making shared reference data when importers may run at once (exclusive.ts) */
  readonly exclusive?: Exclusive;
}

export interface OpenContextOptions {
  logger: Logger;
  registry?: SchedulerRegistry;
  signal?: AbortSignal;
  /** for tests: an already connected client */
  odoo?: OdooClient;
  /**
   * The run this context is opened for: when BigCommerce fails before the run starts (bad
   * token, unknown store, unreachable host), the run is still recorded in the operation log,
   * as failed with the reason.
   */
  run?: { operation: 'import' | 'export' | 'retry'; entity?: string };
}

export async function openImportContext(inst: InstanceConfig, opts: OpenContextOptions): Promise<ImportContext> {
  const logger = opts.logger.child({ instance: inst.name });
  const b = inst.bigcommerce;
  const bc = bigCommerceClient(inst, logger, { registry: opts.registry, signal: opts.signal });
  const odoo = opts.odoo ?? (await connectOdoo(inst, logger));
  const [storeRead, caps, taxModel, record] = await Promise.all([
    bc.getStore().then(
      (store) => ({ ok: true as const, store }),
      (err: unknown) => ({ ok: false as const, err }),
    ),
    probeCapabilities(odoo),
    readTaxModel(odoo),
    ensureInstanceRecord(odoo, { name: inst.name, storeHash: b.storeHash, apiBaseUrl: b.apiBaseUrl }),
  ]);
  if (!storeRead.ok) {
    if (opts.run) await recordFailedRun(odoo, record.id, opts.run, storeRead.err, logger);
    throw storeRead.err;
  }
  const store = storeRead.store;
  return {
    instance: inst,
    bc,
    odoo,
    binder: new Binder(odoo, b.storeHash, { logger }),
    caps,
    taxModel,
    store,
    instanceId: record.id,
    logger,
    signal: opts.signal,
  };
}

/** A run that could not start because BigCommerce failed: one failed operation-log record with the reason. */
async function recordFailedRun(
  odoo: OdooClient,
  instanceId: number,
  run: NonNullable<OpenContextOptions['run']>,
  err: unknown,
  logger: Logger,
): Promise<void> {
  try {
    const oplog = await OperationLog.start(odoo, { operation: run.operation, entity: run.entity, instanceId });
    await oplog.finish('failed', `run stopped: ${describeRunFailure(err)}`);
  } catch (logErr) {
    logger.warn({ err: logErr }, 'could not record the failed run in the Odoo operation log');
  }
}
