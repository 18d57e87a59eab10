/**
 * Everything an importer needs for one instance, opened once per run (or once per daemon):
 * the BigCommerce client on the store's shared scheduler, the Odoo client, the binder, the
 * capabilities of this Odoo, the store's settings and its instance record in Odoo.
 */
import { BigCommerceClient } from '../bigcommerce/client.js';
import type { SchedulerRegistry } from '../bigcommerce/scheduler.js';
import type { BcStore } from '../bigcommerce/schemas.js';
import type { InstanceConfig } from '../config/index.js';
import type { Logger } from '../log/logger.js';
import { Binder } from '../odoo/binder.js';
import { probeCapabilities, type OdooCapabilities } from '../odoo/capabilities.js';
import { OdooClient } from '../odoo/client.js';
import { ensureInstanceRecord } from '../odoo/instance-record.js';

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
  const bc = new BigCommerceClient({
    baseUrl: b.apiBaseUrl,
    storeHash: b.storeHash,
    accessToken: b.accessToken,
    timeoutMs: b.timeoutMs,
    concurrency: b.concurrency,
    headroom: b.quotaHeadroom,
    logger,
    registry: opts.registry,
    signal: opts.signal,
  });
  const odoo =
    opts.odoo ??
    (await OdooClient.connect({
      url: inst.odoo.url,
      db: inst.odoo.db,
      username: inst.odoo.username,
      password: inst.odoo.password,
      protocol: inst.odoo.protocol,
      timeoutMs: inst.odoo.timeoutMs,
      logger,
    }));
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
