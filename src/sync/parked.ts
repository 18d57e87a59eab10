/**
 * Parked records (x_bc_parked): records of an entity that failed — unreadable, refused by
 * Odoo, missing a dependency, stopped in a workflow step — kept per store and entity with
 * their reason, so the cursor can move on past them and every later run retries them first
 * (and `bc-odoo retry <entity>` on demand). A parked record that imports leaves the list.
 *
 * One row per (store, entity, BigCommerce id), bound by external id `parked_<entity>-<id>` in
 * the store's pseudo-module so that a whole run's changes are one batched load.
 */
import type { OdooRpc } from '../odoo/rpc.js';
import type { Binder } from '../odoo/binder.js';
import { odooDatetime } from '../odoo/operation-log.js';
import { redactText } from '../log/redact.js';
import type { FailureKind } from './failure.js';

export interface ParkedRecord {
  rowId: number;
  bcId: string;
  kind: FailureKind;
  reason: string;
  attempts: number;
  firstFailed: string;
}

export interface FailedRecord {
  kind: FailureKind;
  message: string;
}

export interface ParkingChange {
  /** rows to create or update, by BigCommerce id */
  park: { bcId: string; kind: FailureKind; reason: string; attempts: number; firstFailed: string }[];
  /** parked ids that imported this time (or no longer exist in BigCommerce) */
  release: string[];
}

type Row = {
  id: number;
  x_bc_id: string;
  x_kind: FailureKind | false;
  x_reason: string | false;
  x_attempts: number;
  x_first_failed: string | false;
};

export async function readParked(rpc: OdooRpc, instanceId: number, entity: string): Promise<ParkedRecord[]> {
  const rows = await rpc.searchRead<Row>(
    'x_bc_parked',
    [
      ['x_instance_id', '=', instanceId],
      ['x_entity', '=', entity],
    ],
    ['x_bc_id', 'x_kind', 'x_reason', 'x_attempts', 'x_first_failed'],
    { order: 'id' },
  );
  return rows.map((r) => ({
    rowId: r.id,
    bcId: r.x_bc_id,
    kind: r.x_kind || 'invalid_data',
    reason: r.x_reason || '',
    attempts: r.x_attempts,
    firstFailed: r.x_first_failed || '',
  }));
}

/** A failure can be retried by id when it has a real id and is not "gone from BigCommerce". */
function parkable(bcId: string, f: FailedRecord): boolean {
  return /^\d+$/.test(bcId) && f.kind !== 'not_in_bigcommerce';
}

/**
 * Pure: what the parked list becomes after a run. `attempted` are the ids this run imported by
 * id or saw in its walk; those not failed now are released, and so are parked ids BigCommerce
 * no longer has. Every parkable failure is (re)parked with its attempt count.
 */
export function planParking(
  parked: readonly ParkedRecord[],
  failed: ReadonlyMap<string, FailedRecord>,
  attempted: ReadonlySet<string>,
  now: Date,
): ParkingChange {
  const before = new Map(parked.map((p) => [p.bcId, p]));
  const park: ParkingChange['park'] = [];
  for (const [bcId, f] of failed) {
    if (!parkable(bcId, f)) continue;
    const old = before.get(bcId);
    park.push({
      bcId,
      kind: f.kind,
      reason: f.message,
      attempts: (old?.attempts ?? 0) + 1,
      firstFailed: old?.firstFailed || odooDatetime(now),
    });
  }
  const release = parked
    .map((p) => p.bcId)
    .filter((id) => {
      const f = failed.get(id);
      return f ? f.kind === 'not_in_bigcommerce' : attempted.has(id);
    });
  return { park, release };
}

export async function applyParking(
  rpc: OdooRpc,
  binder: Binder,
  instanceId: number,
  entity: string,
  parked: readonly ParkedRecord[],
  change: ParkingChange,
  now: Date,
): Promise<void> {
  if (change.park.length) {
    const res = await binder.upsert(
      'parked',
      'x_bc_parked',
      change.park.map((p) => ({
        bcId: `${entity}-${p.bcId}`,
        values: {
          x_name: `${entity} ${p.bcId}`,
          x_instance_id: instanceId,
          x_entity: entity,
          x_bc_id: p.bcId,
          x_kind: p.kind,
          x_reason: redactText(p.reason).slice(0, 4000),
          x_attempts: p.attempts,
          x_first_failed: p.firstFailed,
          x_last_failed: odooDatetime(now),
        },
      })),
    );
    // Losing track of a failed record would let the cursor skip it for good: stop the run.
    if (res.failed.length)
      throw new Error(`could not park ${entity} ${res.failed[0]!.bcId}: ${res.failed[0]!.error.message}`);
  }
  const release = new Set(change.release);
  const rowIds = parked.filter((p) => release.has(p.bcId)).map((p) => p.rowId);
  if (rowIds.length) await rpc.callRecords('x_bc_parked', rowIds, 'unlink');
}
