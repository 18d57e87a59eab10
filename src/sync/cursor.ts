/**
 * Per instance and entity sync state in Odoo (x_bc_sync_state): the incremental cursor, the
 * last run's time, status and message. The cursor is written only after a run commits, and
 * only as far as every record before it is in Odoo (see STYLE.md §12).
 */
import { odooDatetime } from '../odoo/operation-log.js';
import type { OdooRpc } from '../odoo/rpc.js';
import { redactText } from '../log/redact.js';

export interface SyncState {
  id: number;
  cursor?: string;
  lastSync?: string;
}

export async function readSyncState(rpc: OdooRpc, instanceId: number, entity: string): Promise<SyncState | undefined> {
  const [row] = await rpc.searchRead<{ id: number; x_cursor: string | false; x_last_sync: string | false }>(
    'x_bc_sync_state', [['x_instance_id', '=', instanceId], ['x_entity', '=', entity]], ['x_cursor', 'x_last_sync'], { limit: 1 },
  );
  if (!row) return undefined;
  return { id: row.id, cursor: row.x_cursor || undefined, lastSync: row.x_last_sync || undefined };
}

export async function writeSyncState(
  rpc: OdooRpc, state: SyncState, run: { cursor?: string; status: 'done' | 'partial' | 'failed'; message: string },
): Promise<void> {
  const values: Record<string, unknown> = {
    x_last_sync: odooDatetime(new Date()), x_last_status: run.status, x_last_message: redactText(run.message).slice(0, 2000),
  };
  if (run.cursor !== undefined && run.cursor !== state.cursor) values.x_cursor = run.cursor;
  await rpc.write('x_bc_sync_state', [state.id], values);
}
