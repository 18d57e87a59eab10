/**
 * Per instance and entity sync state in Odoo (x_bc_sync_state): the incremental cursor, the
 * last run's time, status and message. The cursor is written only after a run commits, and
 * only as far as every record before it is in Odoo (see STYLE.md §12).
 */
import { odooDatetime, type RunStatus } from '../odoo/operation-log.js';
import type { OdooRpc } from '../odoo/rpc.js';
import { redactText } from '../log/redact.js';
import type { InvalidRecordError } from '../bigcommerce/errors.js';
import type { RecordEntity } from './entities.js';
import type { Tally } from './tally.js';

export interface SyncState {
  id: number;
  cursor?: string;
  lastSync?: string;
}

export async function readSyncState(rpc: OdooRpc, instanceId: number, entity: string): Promise<SyncState | undefined> {
  const [row] = await rpc.searchRead<{ id: number; x_cursor: string | false; x_last_sync: string | false }>(
    'x_bc_sync_state',
    [
      ['x_instance_id', '=', instanceId],
      ['x_entity', '=', entity],
    ],
    ['x_cursor', 'x_last_sync'],
    { limit: 1 },
  );
  if (!row) return undefined;
  return { id: row.id, cursor: row.x_cursor || undefined, lastSync: row.x_last_sync || undefined };
}

export async function writeSyncState(
  rpc: OdooRpc,
  state: SyncState,
  run: { cursor?: string; status: RunStatus; message: string },
): Promise<void> {
  const values: Record<string, unknown> = {
    x_last_sync: odooDatetime(new Date()),
    x_last_status: run.status,
    x_last_message: redactText(run.message).slice(0, 2000),
  };
  if (run.cursor !== undefined && run.cursor !== state.cursor) values.x_cursor = run.cursor;
  await rpc.write('x_bc_sync_state', [state.id], values);
}

/**
 * A record BigCommerce sent that our schema cannot read. With its id it is failed like any
 * other record, so the run parks it (parked.ts) and the cursor moves on; without an id it
 * cannot be parked or retried, so it holds the cursor.
 */
export async function failUnreadable(
  tally: Tally,
  cursor: CursorTracker,
  entity: RecordEntity,
  err: InvalidRecordError,
): Promise<void> {
  if (err.recordId === undefined) cursor.hold();
  await tally.fail(entity, err.recordId ?? '?', err);
}

/**
 * How far an import may move its cursor: the highest date_modified such that every record
 * modified at or before it is in Odoo.
 *
 * A walk sorted by date (incremental runs) freezes at the first failed or unreadable record:
 * everything before it is older and committed. A walk in another order (full runs, by id)
 * keeps going and ends just before the oldest failure, or nowhere when a record could not
 * even be read (its date is unknown).
 */
export class CursorTracker {
  private max?: string;
  private minFailed?: string;
  private frozen = false;
  private unknown = false;

  constructor(private readonly sortedByDate: boolean) {}

  record(dateModified: string, failed: boolean): void {
    if (this.frozen) return;
    const d = new Date(dateModified).toISOString();
    if (failed) {
      if (this.sortedByDate) this.frozen = true;
      else if (!this.minFailed || d < this.minFailed) this.minFailed = d;
    } else if (!this.max || d > this.max) {
      this.max = d;
    }
  }

  /** A record that could not be read: its date is unknown. */
  hold(): void {
    if (this.sortedByDate) this.frozen = true;
    else this.unknown = true;
  }

  value(): string | undefined {
    if (this.unknown) return undefined;
    if (this.minFailed) {
      const before = new Date(new Date(this.minFailed).getTime() - 1000).toISOString();
      return this.max && this.max < before ? this.max : before;
    }
    return this.max;
  }
}
