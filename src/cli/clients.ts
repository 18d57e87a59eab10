/** Builds the BigCommerce and Odoo clients of an instance from its compiled config. */
import { BigCommerceClient } from '../bigcommerce/client.js';
import type { InstanceConfig } from '../config/index.js';
import type { Logger } from '../log/logger.js';
import { OdooClient } from '../odoo/client.js';
import { OdooAuthError, OdooNotFoundError, OdooTimeoutError, OdooTransportError } from '../odoo/errors.js';
import { EXIT } from './exit-codes.js';
import { CommandFailed } from './run-action.js';

export function connectOdoo(inst: InstanceConfig, logger: Logger): Promise<OdooClient> {
  const o = inst.odoo;
  return OdooClient.connect({
    url: o.url,
    db: o.db,
    username: o.username,
    password: o.password,
    protocol: o.protocol,
    timeoutMs: o.timeoutMs,
    logger,
  });
}

/**
 * `probe` is for connection checks: a person is waiting, so an unreachable host is reported
 * after two quick tries instead of the importers' patient backoff (minutes in the worst case).
 */
export function bigCommerceClient(
  inst: InstanceConfig,
  logger: Logger,
  opts: { probe?: boolean } = {},
): BigCommerceClient {
  const b = inst.bigcommerce;
  return new BigCommerceClient({
    baseUrl: b.apiBaseUrl,
    storeHash: b.storeHash,
    accessToken: b.accessToken,
    timeoutMs: opts.probe ? Math.min(b.timeoutMs, 15_000) : b.timeoutMs,
    concurrency: b.concurrency,
    headroom: b.quotaHeadroom,
    logger,
    ...(opts.probe
      ? {
          schedulerOptions: {
            policy: { maxAttempts: 2, maxRateLimitAttempts: 3, baseDelayMs: 300, maxDelayMs: 1_000 },
          },
        }
      : {}),
  });
}

/** Connects to an instance's Odoo; a connection failure becomes exit code 3 with the reason. */
export async function connectOdooOrExit(inst: InstanceConfig, logger: Logger): Promise<OdooClient> {
  try {
    return await connectOdoo(inst, logger);
  } catch (err) {
    if (
      err instanceof OdooAuthError ||
      err instanceof OdooNotFoundError ||
      err instanceof OdooTransportError ||
      err instanceof OdooTimeoutError
    ) {
      throw new CommandFailed(
        `instance ${inst.name}: cannot use Odoo at ${inst.odoo.url} (database ${inst.odoo.db}): ${err.message}`,
        EXIT.CONNECTION,
      );
    }
    throw err;
  }
}
