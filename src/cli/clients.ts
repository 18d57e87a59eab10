/**
 * The CLI's way of connecting to an instance's Odoo: the clients themselves are built by
 * sync/instance-clients.ts (as for the daemon); a connection failure here becomes exit code 3
 * with the reason, for a person to act on.
 */
import type { InstanceConfig } from '../config/index.js';
import type { Logger } from '../log/logger.js';
import type { OdooClient } from '../odoo/client.js';
import { OdooAuthError, OdooNotFoundError, OdooTimeoutError, OdooTransportError } from '../odoo/errors.js';
import { connectOdoo } from '../sync/instance-clients.js';
import { EXIT } from './exit-codes.js';
import { CommandFailed } from './run-action.js';

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
