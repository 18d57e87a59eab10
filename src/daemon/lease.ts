/**
 * Leases: never two imports of the same entity and instance at once, across any number of
 * daemons. Odoo has no compare-and-set over RPC (search, write and read are separate
 * transactions, so "search free → write holder → read back" lets two takers both win when their
 * calls interleave). The one atomic test-and-set Odoo offers over RPC is a unique index, so the
 * lease *is* an external id, `bc_odoo_lease.sync_state_<row id>` (ir.model.data is unique on
 * (module, name), the same guarantee the binder relies on, STYLE §4):
 *
 *   take     create the external id; a duplicate-key refusal means someone else holds it
 *   renew    the heartbeat, every quarter of the lease: write the external id (Odoo stamps
 *            write_date with the server's clock), then read it back; gone means it was taken
 *            over → stop the run
 *   release  clear the row's holder fields, then delete the external id
 *   takeover the holder is provably gone, and the taker deletes exactly that record (by id, so a
 *            lease taken meanwhile by a third daemon is never touched) and races to create a new one:
 *            - dead: the stamp names this very lease and a process on this host that no longer
 *              exists (kill(pid, 0) → ESRCH): taken at once, as after a SIGKILL or a crash;
 *            - silent: no heartbeat for lease_seconds (and the holder's own x_lease_until has
 *              passed): it died on another host, or stalled, or lost Odoo.
 *
 * Numbers (default lease_seconds 60): renewals every 15 s, so three renewals in a row may fail
 * (an Odoo restart, a slow call) before anyone may take over; a holder that could not renew for
 * 80 % of the lease (48 s) stops its run by itself, before a taker may come at 60 s (+1 s for
 * write_date's whole seconds). Lease and renewals are short because a lease that outlives its
 * holder blocks every import of that entity: a killed `bc-odoo import` on another host now
 * blocks the next one for a minute, on the same host not at all.
 *
 * The sync-state row's x_lease_holder ("hostname:pid:random #<lease id>") and x_lease_until are
 * written by the holder right after it took the lease and on each renewal, for people, the Odoo
 * views and the dead-holder test. The lease id in the stamp proves the stamp belongs to the lease
 * being judged (a taker stamps a moment after it created the lease; until then the row still
 * names the previous holder, who may well be dead). Without such proof the stamp only ever delays
 * a takeover. Expiry compares Odoo's write_date with this machine's clock, so daemons need clocks
 * within a few seconds of Odoo's (NTP) — far below any sensible lease_seconds.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { OdooValidationError } from '../odoo/errors.js';
import { closeInterruptedRuns, odooDatetime } from '../odoo/operation-log.js';
import type { OdooRpc } from '../odoo/rpc.js';

export const LEASE_MODULE = 'bc_odoo_lease';
const IMD = 'ir.model.data';
/** write_date has whole seconds: a lease is judged expired only a second after it could be. */
const SLACK_MS = 1_000;
/** renewals per lease: how many may fail in a row before a taker may come */
const RENEWALS_PER_LEASE = 4;
/** share of the lease after which a holder that could not renew stops by itself */
const GIVE_UP_SHARE = 0.8;

export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

/** hostname:pid:random — unique per daemon, readable in Odoo, and tells a taker where to look for the process. */
export function leaseHolderId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** Odoo's "YYYY-MM-DD HH:MM:SS" (UTC) → epoch ms. */
export function parseOdooDatetime(s: string): number {
  return Date.parse(`${s.replace(' ', 'T')}Z`);
}

/** Where a holder runs, read from its id; the CLI's "bc-odoo import host:pid:random" included. */
export function holderProcess(holder: string): { host: string; pid: number } | undefined {
  const m = /(?:^|\s)([^\s:]+):(\d+):[^\s:]+$/.exec(holder);
  return m ? { host: m[1]!, pid: Number(m[2]) } : undefined;
}

/** The row's x_lease_holder: the holder, and the lease it stamped for. */
export function stampText(holder: string, lockId: number): string {
  return `${holder} #${lockId}`;
}

export function parseStamp(text: string): { holder: string; lockId?: number } {
  const m = /^(.*) #(\d+)$/.exec(text);
  return m ? { holder: m[1]!, lockId: Number(m[2]) } : { holder: text };
}

/** What this machine can tell about processes: its name, and whether a pid of its own is alive. */
export interface ProcessProbe {
  host: string;
  isAlive(pid: number): boolean;
}

/** kill(pid, 0) sends nothing: ESRCH = no such process; EPERM = alive under another user. */
export function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

export const localProbe: ProcessProbe = { host: hostname(), isAlive: pidIsAlive };

export type TakeoverReason = 'dead' | 'silent';

export type AcquireResult =
  | {
      ok: true;
      lease: Lease;
      /** the holder whose lease was taken over, and why it was judged gone */
      tookOverFrom?: string;
      takeover?: TakeoverReason;
      /** operation-log records of runs that died with their holder, now closed as "interrupted" */
      interrupted: number[];
      /** why they could not be closed (the lease is held all the same) */
      closeError?: string;
    }
  | { ok: false; holder?: string; until?: string };

interface Row {
  id: number;
  x_lease_holder: string | false;
  x_lease_until: string | false;
  x_instance_id: [number, string] | false;
  x_entity: string | false;
}
interface Lock {
  id: number;
  write_date: string;
}

export class LeaseManager {
  constructor(
    private readonly rpc: OdooRpc,
    readonly holder: string,
    readonly leaseMs: number,
    private readonly now: () => number = Date.now,
    private readonly probe: ProcessProbe = localProbe,
  ) {}

  /** Takes the lease of a sync-state row, or says who holds it. */
  async acquire(stateId: number): Promise<AcquireResult> {
    const name = lockName(stateId);
    const [lock] = await this.rpc.searchRead<Lock>(
      IMD,
      [
        ['module', '=', LEASE_MODULE],
        ['name', '=', name],
      ],
      ['write_date'],
      { limit: 1 },
    );
    const row = await this.row(stateId);
    let tookOverFrom: string | undefined;
    let takeover: TakeoverReason | undefined;
    if (lock) {
      takeover = this.goneReason(lock, row);
      if (!takeover) return refusal(row);
      tookOverFrom = (row?.x_lease_holder && parseStamp(row.x_lease_holder).holder) || 'unknown holder';
      await this.rpc.callRecords(IMD, [lock.id], 'unlink');
    }
    let lockId: number | undefined;
    try {
      [lockId] = await this.rpc.create(IMD, [
        { module: LEASE_MODULE, name, model: 'x_bc_sync_state', res_id: stateId, noupdate: true },
      ]);
    } catch (err) {
      // The unique index refused it: another daemon created it between our search and create.
      if (err instanceof OdooValidationError) return refusal(await this.row(stateId));
      throw err;
    }
    const lease = new Lease(this.rpc, stateId, lockId!, this.holder, this.leaseMs, this.now);
    await lease.stamp();
    // Holding the lease, no other leased run of this entity can be alive: a record still
    // "running" was left by a holder that died (killed, crashed, lost Odoo).
    const closed = await this.closeInterrupted(row, tookOverFrom);
    return { ok: true, lease, tookOverFrom, takeover, ...closed };
  }

  /** Best effort: the lease is ours either way, and a record left "running" misleads but blocks nothing. */
  private async closeInterrupted(
    row: Row | undefined,
    previousHolder?: string,
  ): Promise<{ interrupted: number[]; closeError?: string }> {
    if (!row?.x_instance_id || !row.x_entity) return { interrupted: [] };
    const run = { instanceId: row.x_instance_id[0], entity: row.x_entity, previousHolder, by: this.holder };
    try {
      return { interrupted: await closeInterruptedRuns(this.rpc, run) };
    } catch (err) {
      return { interrupted: [], closeError: err instanceof Error ? err.message : String(err) };
    }
  }

  /** Why the holder of `lock` is gone, or undefined while it may still be running. */
  private goneReason(lock: Lock, row: Row | undefined): TakeoverReason | undefined {
    const stamp = row?.x_lease_holder ? parseStamp(row.x_lease_holder) : undefined;
    if (stamp?.lockId === lock.id && this.diedHere(stamp.holder)) return 'dead';
    // Silent by our lease length counted from its last renewal, and by the holder's own stated
    // expiry (daemons may be configured with different lease_seconds): the later of the two.
    const expires = Math.max(
      parseOdooDatetime(lock.write_date) + this.leaseMs + SLACK_MS,
      row?.x_lease_holder && row.x_lease_until ? parseOdooDatetime(row.x_lease_until) + SLACK_MS : 0,
    );
    return expires <= this.now() ? 'silent' : undefined;
  }

  /** A holder of this host whose process no longer exists. Other hosts' pids say nothing here. */
  private diedHere(holder: string): boolean {
    const proc = holderProcess(holder);
    return !!proc && proc.host === this.probe.host && !this.probe.isAlive(proc.pid);
  }

  private async row(stateId: number): Promise<Row | undefined> {
    const [row] = await this.rpc.searchRead<Row>(
      'x_bc_sync_state',
      [['id', '=', stateId]],
      ['x_lease_holder', 'x_lease_until', 'x_instance_id', 'x_entity'],
      { limit: 1 },
    );
    return row;
  }
}

function refusal(row: Row | undefined): AcquireResult {
  const holder = row?.x_lease_holder ? parseStamp(row.x_lease_holder).holder : undefined;
  return { ok: false, holder, until: row?.x_lease_until || undefined };
}

export class Lease {
  private timer: NodeJS.Timeout | undefined;
  private lastConfirmed: number;
  private released = false;
  /** the renewal in flight, which release() waits for: its stamp must not land after the release */
  private renewing: Promise<void> = Promise.resolve();

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

  /** Shows the holder (and which lease it stamped for) and its expiry on the sync-state row. */
  async stamp(): Promise<void> {
    await this.rpc.write('x_bc_sync_state', [this.stateId], {
      x_lease_holder: stampText(this.holder, this.lockId),
      x_lease_until: odooDatetime(new Date(this.now() + this.leaseMs)),
    });
  }

  /** Extends the lease; false when it was taken over (the run must stop). */
  async renew(): Promise<boolean> {
    await this.rpc.write(IMD, [this.lockId], { noupdate: true });
    // A write on a deleted record is silently a no-op in Odoo: read it back.
    const alive = await this.rpc.searchRead<{ id: number }>(IMD, [['id', '=', this.lockId]], ['id'], { limit: 1 });
    if (!alive.length) return false;
    this.lastConfirmed = this.now();
    if (this.released) return true;
    await this.stamp();
    return true;
  }

  /**
   * Renews every quarter of the lease until release. `onLost` is called once when the lease was
   * taken over, or when it could not be renewed (Odoo unreachable) for most of its length — the
   * run stops before a taker may judge it silent.
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
        if (!this.released && this.now() - this.lastConfirmed > this.leaseMs * GIVE_UP_SHARE) {
          lost = true;
          onLost(
            new LeaseLostError(
              `lease of sync state ${this.stateId} could not be renewed: ${err instanceof Error ? err.message : String(err)}`,
            ),
          );
        }
      } finally {
        busy = false;
      }
    };
    this.timer = setInterval(() => {
      if (!busy) this.renewing = tick();
    }, renewEveryMs(this.leaseMs));
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
    await this.renewing;
    const alive = await this.rpc.searchRead<{ id: number }>(IMD, [['id', '=', this.lockId]], ['id'], { limit: 1 });
    if (!alive.length) return;
    await this.rpc.write('x_bc_sync_state', [this.stateId], { x_lease_holder: false, x_lease_until: false });
    await this.rpc.callRecords(IMD, [this.lockId], 'unlink');
  }
}

/** The heartbeat: a quarter of the lease (15 s of the default 60 s), never busier than 5 a second. */
export function renewEveryMs(leaseMs: number): number {
  return Math.max(200, Math.floor(leaseMs / RENEWALS_PER_LEASE));
}

function lockName(stateId: number): string {
  return `sync_state_${stateId}`;
}

/** One line for logs and the CLI about a lease taken over, or undefined when it was free. */
export function describeTakeover(got: AcquireResult): string | undefined {
  if (!got.ok || !got.tookOverFrom) return undefined;
  const why = got.takeover === 'dead' ? 'its process no longer exists' : 'it stopped renewing it';
  const closed = got.interrupted.length
    ? `; its run (operation log ${got.interrupted.join(', ')}) closed as interrupted`
    : got.closeError
      ? `; its run could not be closed as interrupted (${got.closeError})`
      : '';
  return `took over the lease of ${got.tookOverFrom} (${why})${closed}`;
}
