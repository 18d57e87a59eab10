/**
 * Where the daemon's hook check writes its line in Odoo: the store record (x_bc_instance) of
 * the instance, over a connection of its own — the instance's import session is the runs'
 * (opened and reset by them), and a status line must not wait for or disturb a run. The
 * connection and the record id are kept between checks and dropped after an error.
 */
import type { InstanceConfig } from '../../config/index.js';
import type { Logger } from '../../log/logger.js';
import { findInstanceRecord, recordWebhooksStatus } from '../../odoo/instance-record.js';
import type { OdooRpc } from '../../odoo/rpc.js';
import { connectOdoo } from '../../sync/instance-clients.js';

export type StatusWriter = (text: string) => Promise<void>;

export function odooStatusWriter(inst: InstanceConfig, logger: Logger): StatusWriter {
  let open: Promise<{ rpc: OdooRpc; id: number | undefined }> | undefined;
  const connect = async () => {
    const rpc = await connectOdoo(inst, logger, { probe: true });
    return { rpc, id: await findInstanceRecord(rpc, inst.bigcommerce.storeHash) };
  };
  return async (text) => {
    open ??= connect();
    try {
      const { rpc, id } = await open;
      // no store record yet: the first run creates it; the next check writes the line
      if (id === undefined) {
        open = undefined;
        return;
      }
      await recordWebhooksStatus(rpc, id, text);
    } catch (err) {
      open = undefined;
      throw err;
    }
  };
}
