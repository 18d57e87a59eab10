/**
 * Leases: never two imports of the same entity and instance at once, across any number of
 * daemons. Odoo has no compare-and-set over RPC (search, write and read are separate
 * transactions, so "search free → write holder → read back" lets two takers both win when their
 * calls interleave). The one atomic test-and-set Odoo offers over RPC is a unique index, so the
 * lease *is* an external id, `bc_odoo_lease.sync_state_<row id>` (ir.model.data is unique on
 * (module, name), the same guarantee the binder relies on, STYLE §4):
 *
 *   take     create the external id; a duplicate-key refusal means someone else holds it
 *   renew    every third of the lease: write the external id (Odoo stamps write_date with the
 *            server's clock), then read it back; gone means it was taken over → stop the run
 *   release  clear the row's holder fields, then delete the external id
 *   expiry   an external id whose write_date is older than lease_seconds (and whose holder's
 *            x_lease_until has passed) belongs to a holder that died or stalled: the taker deletes
 *            exactly that record (by id, so a lease taken meanwhile by a third daemon is never
 *            touched) and then races to create a new one
 *
 * The sync-state row's x_lease_holder (hostname:pid:random) and x_lease_until are written by
 * the holder after it took the lease and on each renewal, for people and the Odoo views; they
 * never grant a lease, only delay a takeover. Expiry compares Odoo's write_date with this machine's clock, so daemons
 * need clocks within a few seconds of Odoo's (NTP) — far below any sensible lease_seconds.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { OdooValidationError } from '../odoo/errors.js';
import { odooDatetime } from '../odoo/operation-log.js';
import type { OdooRpc } from '../odoo/rpc.js';

export const LEASE_MODULE = 'bc_odoo_lease';
const IMD = 'ir.model.data';
/** write_date has whole seconds: a lease is judged expired only a second after it could be. */
const SLACK_MS = 1_000;

export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

/** hostname:pid:random — unique per daemon, readable in Odoo. */
export function leaseHolderId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** Odoo's "YYYY-MM-DD HH:MM:SS" (UTC) → epoch ms. */
export function parseOdooDatetime(s: string): number {
  return Date.parse(`${s.replace(' ', 'T')}Z`);
}

export type AcquireResult =
  | { ok: true; lease: Lease; /** the holder whose expired lease was taken over */ tookOverFrom?: string }
  | { ok: false; holder?: string; until?: string };

interface Row { id: number; x_lease_holder: string | false; x_lease_until: string | false }

export class LeaseManager {
  constructor(
    private readonly rpc: OdooRpc,
    readonly holder: string,
    readonly leaseMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes the lease of a sync-state row, or says who holds it. */
  async acquire(stateId: number): Promise<AcquireResult> {
    const name = lockName(stateId);
    const [lock] = await this.rpc.searchRead<{ id: number; write_date: string }>(IMD, [['module', '=', LEASE_MODULE], ['name', '=', name]], ['write_date'], { limit: 1 });
    let tookOverFrom: string | undefined;
    if (lock) {
      const row = await this.row(stateId);
      // Expired by our lease length counted from its last renewal, and by the holder's own stated
      // expiry (daemons may be configured with different lease_seconds): the later of the two.
      const expires = Math.max(
        parseOdooDatetime(lock.write_date) + this.leaseMs + SLACK_MS,
        row?.x_lease_holder && row.x_lease_until ? parseOdooDatetime(row.x_lease_until) + SLACK_MS : 0,
      );
      if (expires > this.now()) return { ok: false, holder: row?.x_lease_holder || undefined, until: row?.x_lease_until || undefined };
      tookOverFrom = row?.x_lease_holder || 'unknown holder';
      await this.rpc.call(IMD, 'unlink', [[lock.id]]);
    }
    let lockId: number | undefined;
    try {
      [lockId] = await this.rpc.create(IMD, [{ module: LEASE_MODULE, name, model: 'x_bc_sync_state', res_id: stateId, noupdate: true }]);
    } catch (err) {
      // The unique index refused it: another daemon created it between our search and create.
      if (err instanceof OdooValidationError) return this.heldBy(stateId);
      throw err;
    }
    const lease = new Lease(this.rpc, stateId, lockId!, this.holder, this.leaseMs, this.now);
    await lease.stamp();
    return { ok: true, lease, tookOverFrom };
  }

  private async row(stateId: number): Promise<Row | undefined> {
    const [row] = await this.rpc.searchRead<Row>('x_bc_sync_state', [['id', '=', stateId]], ['x_lease_holder', 'x_lease_until'], { limit: 1 });
    return row;
  }

  private async heldBy(stateId: number): Promise<AcquireResult> {
    const row = await this.row(stateId);
    return { ok: false, holder: row?.x_lease_holder || undefined, until: row?.x_lease_until || undefined };
  }
}

export class Lease {
  private timer: NodeJS.Timeout | undefined;
  private lastConfirmed: number;
  private released = false;

  constructor(
    private readonly rpc: OdooRpc,
    readonly stateId: number,
    readonly lockId: number,
    readonly holder: string,
    private readonly leaseMs: number,
    private readonly now: () => number,
  ) {
    this.lastConfirmed = now();
  }

  /** Shows the holder and expiry on the sync-state row. */
  async stamp(): Promise<void> {
    await this.rpc.write('x_bc_sync_state', [this.stateId], {
      x_lease_holder: this.holder, x_lease_until: odooDatetime(new Date(this.now() + this.leaseMs)),
    });
  }

  /** Extends the lease; false when it was taken over (the run must stop). */
  async renew(): Promise<boolean> {
    await this.rpc.write(IMD, [this.lockId], { noupdate: true });
    // A write on a deleted record is silently a no-op in Odoo: read it back.
    const alive = await this.rpc.searchRead<{ id: number }>(IMD, [['id', '=', this.lockId]], ['id'], { limit: 1 });
    if (!alive.length) return false;
    this.lastConfirmed = this.now();
    await this.stamp();
    return true;
  }

  /**
   * Renews every third of the lease until release. `onLost` is called once when the lease was
   * taken over, or when it could not be renewed (Odoo unreachable) for most of its length.
   */
  keepAlive(onLost: (err: LeaseLostError) => void): void {
    let busy = false;
    let lost = false;
    const tick = async (): Promise<void> => {
      if (busy || lost || this.released) return;
      busy = true;
      try {
        if (!(await this.renew()) && !this.released) {
          lost = true;
          onLost(new LeaseLostError(`lease of sync state ${this.stateId} was taken over by another daemon`));
        }
      } catch (err) {
        if (!this.released && this.now() - this.lastConfirmed > this.leaseMs * 0.8) {
          lost = true;
          onLost(new LeaseLostError(`lease of sync state ${this.stateId} could not be renewed: ${err instanceof Error ? err.message : String(err)}`));
        }
      } finally {
        busy = false;
      }
    };
    this.timer = setInterval(() => void tick(), Math.max(200, Math.floor(this.leaseMs / 3)));
    this.timer.unref();
  }

  /** Stops renewing without touching Odoo, as if the process had died (tests, forced exit). */
  abandon(): void {
    this.released = true;
    if (this.timer) clearInterval(this.timer);
  }

  /** Clears the row's holder fields and deletes the lease, if it is still ours. */
  async release(): Promise<void> {
    if (this.released) return;
    this.abandon();
    const alive = await this.rpc.searchRead<{ id: number }>(IMD, [['id', '=', this.lockId]], ['id'], { limit: 1 });
    if (!alive.length) return;
    await this.rpc.write('x_bc_sync_state', [this.stateId], { x_lease_holder: false, x_lease_until: false });
    await this.rpc.call(IMD, 'unlink', [[this.lockId]]);
  }
}

function lockName(stateId: number): string {
  return `sync_state_${stateId}`;
}
