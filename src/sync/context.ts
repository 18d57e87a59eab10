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
import { Binder } from '../odoo/binder.js';
import { probeCapabilities, type OdooCapabilities } from '../odoo/capabilities.js';
import type { OdooClient } from '../odoo/client.js';
import { ensureInstanceRecord } from '../odoo/instance-record.js';
import { bigCommerceClient, connectOdoo } from './instance-clients.js';

export interface ImportContext {
  readonly instance: InstanceConfig;
  readonly bc: BigCommerceClient;
  readonly odoo: OdooClient;
  readonly binder: Binder;
  readonly caps: OdooCapabilities;
  readonly store: BcStore;
  /** x_bc_instance id */
  readonly instanceId: number;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
}

export interface OpenContextOptions {
  logger: Logger;
  registry?: SchedulerRegistry;
  signal?: AbortSignal;
  /** for tests: an already connected client */
  odoo?: OdooClient;
}

export async function openImportContext(inst: InstanceConfig, opts: OpenContextOptions): Promise<ImportContext> {
  const logger = opts.logger.child({ instance: inst.name });
  const b = inst.bigcommerce;
  const bc = bigCommerceClient(inst, logger, { registry: opts.registry, signal: opts.signal });
  const odoo = opts.odoo ?? (await connectOdoo(inst, logger));
  const [store, caps, record] = await Promise.all([
    bc.getStore(),
    probeCapabilities(odoo),
    ensureInstanceRecord(odoo, { name: inst.name, storeHash: b.storeHash, apiBaseUrl: b.apiBaseUrl }),
  ]);
  return {
    instance: inst,
    bc,
    odoo,
    binder: new Binder(odoo, b.storeHash, { logger }),
    caps,
    store,
    instanceId: record.id,
    logger,
    signal: opts.signal,
  };
}
