/**
 * The one place an instance's clients are built from its compiled config: the BigCommerce
 * client and the Odoo connection. Commands, the daemon, its readiness checks and the import
 * context all come here, so a new setting (a timeout, a header) reaches every one of them.
 *
 * Two uses: an import (the configured timeouts, the importers' patient retries) and a probe
 * (a connection check that a person or /readyz is waiting for: an unreachable host is
 * reported after a couple of quick tries instead of minutes of backoff).
 */
import { BigCommerceClient } from '../bigcommerce/client.js';
import type { SchedulerRegistry } from '../bigcommerce/scheduler.js';
import type { InstanceConfig } from '../config/index.js';
import type { Logger } from '../log/logger.js';
import { OdooClient } from '../odoo/client.js';

export interface BigCommerceClientUse {
  /** a connection check: short timeout, two quick tries */
  probe?: boolean;
  /** the store's shared request scheduler (one quota budget per store) */
  registry?: SchedulerRegistry;
  /** aborts every request of the client (lease lost, shutdown) */
  signal?: AbortSignal;
}

/** The retries of a probe: about two seconds in all, then the reason is reported. */
const PROBE_BIGCOMMERCE_POLICY = { maxAttempts: 2, maxRateLimitAttempts: 3, baseDelayMs: 300, maxDelayMs: 1_000 };
const PROBE_BIGCOMMERCE_TIMEOUT_MS = 15_000;
const PROBE_ODOO_TIMEOUT_MS = 30_000;

export function bigCommerceClient(
  inst: InstanceConfig,
  logger: Logger,
  use: BigCommerceClientUse = {},
): BigCommerceClient {
  const b = inst.bigcommerce;
  return new BigCommerceClient({
    baseUrl: b.apiBaseUrl,
    storeHash: b.storeHash,
    accessToken: b.accessToken,
    timeoutMs: use.probe ? Math.min(b.timeoutMs, PROBE_BIGCOMMERCE_TIMEOUT_MS) : b.timeoutMs,
    concurrency: b.concurrency,
    headroom: b.quotaHeadroom,
    logger,
    registry: use.registry,
    signal: use.signal,
    ...(use.probe ? { schedulerOptions: { policy: PROBE_BIGCOMMERCE_POLICY } } : {}),
  });
}

/** Connects (version, protocol, login) to the instance's Odoo; `probe`: a short timeout and one retry. */
export function connectOdoo(inst: InstanceConfig, logger: Logger, use: { probe?: boolean } = {}): Promise<OdooClient> {
  const o = inst.odoo;
  return OdooClient.connect({
    url: o.url,
    db: o.db,
    username: o.username,
    password: o.password,
    protocol: o.protocol,
    timeoutMs: use.probe ? Math.min(o.timeoutMs, PROBE_ODOO_TIMEOUT_MS) : o.timeoutMs,
    ...(use.probe ? { retries: 1 } : {}),
    logger,
  });
}
