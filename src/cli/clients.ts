/**
 * The CLI's way of connecting to an instance's Odoo: the clients themselves are built by
 * sync/instance-clients.ts (as for the daemon); a connection failure here becomes exit code 3
 * with the reason `test-connection` gives, for a person to act on.
 */
import type { InstanceConfig } from '../config/index.js';
import type { Logger } from '../log/logger.js';
import type { OdooClient } from '../odoo/client.js';
import { describeConnectionFailure, odooConnectFailure } from '../sync/connection-failure.js';
import { connectOdoo } from '../sync/instance-clients.js';
import { EXIT } from './exit-codes.js';
import { CommandFailed } from './failure.js';

/** Connects to an instance's Odoo; a connection failure becomes exit code 3 with the reason. */
export async function connectOdooOrExit(inst: InstanceConfig, logger: Logger): Promise<OdooClient> {
  try {
    return await connectOdoo(inst, logger);
  } catch (err) {
    const f = odooConnectFailure(err, inst.odoo);
    if (!f) throw err;
    throw new CommandFailed(`instance ${inst.name}: ${describeConnectionFailure(f)}`, EXIT.CONNECTION, {
      kind: f.reason,
      instance: inst.name,
    });
  }
}
