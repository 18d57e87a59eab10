/**
 * Lease semantics on an in-memory Odoo that keeps what matters: ir.model.data's unique
 * (module, name), write_date stamped with the server clock in whole seconds, and silent writes
 * on deleted records. The live behaviour is covered by test/odoo/daemon.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { OdooValidationError } from '../odoo/errors.js';
import { odooDatetime } from '../odoo/operation-log.js';
import type { OdooRpc, Values } from '../odoo/rpc.js';
import { OWN_XMLID_MODULES } from '../odoo/setup/access-rights.js';
import { holderProcess, LEASE_MODULE, LeaseManager, parseStamp, pidIsAlive, renewEveryMs } from './lease.js';

class FakeOdoo implements OdooRpc {
  readonly uid = 2;
  clock = Date.parse('2026-03-01T10:00:00Z');
  private nextId = 100;
  readonly imd = new Map<number, { id: number; module: string; name: string; write_date: string }>();
  readonly rows = new Map<
    number,
    {
      id: number;
      x_lease_holder: string | false;
      x_lease_until: string | false;
      x_instance_id: [number, string];
      x_entity: string;
    }
  >([[1, { id: 1, x_lease_holder: false, x_lease_until: false, x_instance_id: [7, 'main'], x_entity: 'brands' }]]);
  readonly logs = new Map<
    number,
    { id: number; x_instance_id: number; x_entity: string; x_operation: string; x_status: string; x_message?: string }
  >();
  /** runs once, right before the next ir.model.data create (an interleaving taker) */
  beforeCreate: (() => Promise<void>) | undefined;
  /** runs once, right before the next search_read answers (a slow call in flight) */
  beforeSearch: (() => Promise<void>) | undefined;

  now = (): number => this.clock;
  private stamp(): string {
    return odooDatetime(new Date(this.clock));
  }

  async callModel<T>(): Promise<T> {
    return true as T;
  }

  async callRecords<T>(model: string, ids: readonly number[], method: string): Promise<T> {
    if (model === 'ir.model.data' && method === 'unlink') for (const id of ids) this.imd.delete(id);
    return true as T;
  }

  async searchRead<T>(model: string, domain: unknown[]): Promise<T[]> {
    const hook = this.beforeSearch;
    this.beforeSearch = undefined;
    await hook?.();
    const conds = domain as [string, string, unknown][];
    const source: Values[] =
      model === 'ir.model.data'
        ? [...this.imd.values()]
        : model === 'x_bc_operation_log'
          ? [...this.logs.values()]
          : [...this.rows.values()];
    return source.filter((r) => conds.every(([f, , v]) => r[f] === v)) as T[];
  }

  async create(_model: string, values: Values[]): Promise<number[]> {
    const hook = this.beforeCreate;
    this.beforeCreate = undefined;
    await hook?.();
    return values.map((v) => {
      if ([...this.imd.values()].some((r) => r.module === v.module && r.name === v.name)) {
        throw new OdooValidationError(
          'duplicate key value violates unique constraint "ir_model_data_module_name_uniq_index"',
        );
      }
      const id = this.nextId++;
      this.imd.set(id, { id, module: String(v.module), name: String(v.name), write_date: this.stamp() });
      return id;
    });
  }

  async write(model: string, ids: number[], values: Values): Promise<boolean> {
    for (const id of ids) {
      if (model === 'ir.model.data') {
        const r = this.imd.get(id);
        if (r) r.write_date = this.stamp();
      } else if (model === 'x_bc_operation_log') {
        Object.assign(this.logs.get(id)!, values);
      } else {
        const r = this.rows.get(id);
        if (r) Object.assign(r, values);
      }
    }
    return true;
  }

  async fieldsGet(): Promise<Record<string, { type: string }>> {
    return {};
  }
}

describe('LeaseManager', () => {
  it('takes a free lease, shows the holder on the row, and releases it', async () => {
    const odoo = new FakeOdoo();
    const got = await new LeaseManager(odoo, 'a:1:x', 30_000, odoo.now).acquire(1);
    expect(got.ok).toBe(true);
    expect([...odoo.imd.values()].map((r) => `${r.module}.${r.name}`)).toEqual([`${LEASE_MODULE}.sync_state_1`]);
    expect(odoo.rows.get(1)).toMatchObject({ x_lease_holder: 'a:1:x #100', x_lease_until: '2026-03-01 10:00:30' });
    if (got.ok) await got.lease.release();
    expect(odoo.imd.size).toBe(0);
    expect(odoo.rows.get(1)).toMatchObject({ x_lease_holder: false, x_lease_until: false });
  });

  it('a release while a renewal is in flight waits for it: the row ends without a holder', async () => {
    const odoo = new FakeOdoo();
    const got = await new LeaseManager(odoo, 'a:1:x', 800, odoo.now).acquire(1);
    if (!got.ok) throw new Error('lease refused');
    let readBack!: () => void;
    const renewing = new Promise<void>((started) => {
      odoo.beforeSearch = () => {
        started();
        return new Promise<void>((go) => {
          readBack = go;
        });
      };
    });
    got.lease.keepAlive(() => {});
    await renewing; // the heartbeat wrote the lease and waits for its read-back
    const released = got.lease.release();
    readBack(); // the read-back answers after the release has begun; the renewal's stamp must not follow it
    await released;
    expect(odoo.imd.size).toBe(0);
    expect(odoo.rows.get(1)).toMatchObject({ x_lease_holder: false, x_lease_until: false });
  });

  it('a held lease is refused with its holder', async () => {
    const odoo = new FakeOdoo();
    await new LeaseManager(odoo, 'a:1:x', 30_000, odoo.now).acquire(1);
    odoo.clock += 20_000;
    expect(await new LeaseManager(odoo, 'b:2:y', 30_000, odoo.now).acquire(1)).toEqual({
      ok: false,
      holder: 'a:1:x',
      until: '2026-03-01 10:00:30',
    });
  });

  it('two takers that both saw the lease free: the unique index lets exactly one win', async () => {
    const odoo = new FakeOdoo();
    const a = new LeaseManager(odoo, 'a:1:x', 30_000, odoo.now);
    const b = new LeaseManager(odoo, 'b:2:y', 30_000, odoo.now);
    let bGot: Awaited<ReturnType<LeaseManager['acquire']>> | undefined;
    // b searches and creates while a is between its search and its create
    odoo.beforeCreate = async () => {
      bGot = await b.acquire(1);
    };
    const aGot = await a.acquire(1);
    expect(bGot!.ok).toBe(true);
    expect(aGot.ok).toBe(false);
    expect(odoo.imd.size).toBe(1);
    expect(parseStamp(odoo.rows.get(1)!.x_lease_holder as string).holder).toBe('b:2:y');
  });

  it("a silent holder's lease (another host) is taken over after lease_seconds (and the holder's own expiry), never before", async () => {
    const odoo = new FakeOdoo();
    const dead = await new LeaseManager(odoo, 'dead:1:x', 10_000, odoo.now).acquire(1);
    expect(dead.ok).toBe(true);
    const taker = new LeaseManager(odoo, 'b:2:y', 5_000, odoo.now);
    odoo.clock += 9_000; // past the taker's 5 s, not past the holder's stated 10 s
    expect((await taker.acquire(1)).ok).toBe(false);
    odoo.clock += 2_500;
    const got = await taker.acquire(1);
    expect(got).toMatchObject({ ok: true, tookOverFrom: 'dead:1:x', takeover: 'silent' });
    expect(parseStamp(odoo.rows.get(1)!.x_lease_holder as string).holder).toBe('b:2:y');
    // the dead holder, were it to wake up, finds its lease gone and releases nothing of b's
    if (dead.ok) {
      expect(await dead.lease.renew()).toBe(false);
      await dead.lease.release();
    }
    expect(odoo.imd.size).toBe(1);
    expect(parseStamp(odoo.rows.get(1)!.x_lease_holder as string).holder).toBe('b:2:y');
  });

  it('renewal moves the expiry; a renewed lease is not taken over', async () => {
    const odoo = new FakeOdoo();
    const got = await new LeaseManager(odoo, 'a:1:x', 6_000, odoo.now).acquire(1);
    const other = new LeaseManager(odoo, 'b:2:y', 6_000, odoo.now);
    for (let i = 0; i < 5; i++) {
      odoo.clock += 2_000;
      if (got.ok) expect(await got.lease.renew()).toBe(true);
      expect((await other.acquire(1)).ok).toBe(false);
    }
    expect(odoo.rows.get(1)!.x_lease_until).toBe('2026-03-01 10:00:16');
  });

  it('a lease held by a dead process of this host is taken over at once, with the lease_seconds still to run', async () => {
    const odoo = new FakeOdoo();
    const dead = `bc-odoo import ${hostname()}:${deadPid}:0badc0de`;
    expect((await new LeaseManager(odoo, dead, 60_000, odoo.now).acquire(1)).ok).toBe(true);
    odoo.clock += 1_000;
    const got = await new LeaseManager(odoo, 'b:2:y', 60_000, odoo.now).acquire(1);
    expect(got).toMatchObject({ ok: true, tookOverFrom: dead, takeover: 'dead' });
  });

  it('a lease held by a live other process of this host is still refused', async () => {
    const odoo = new FakeOdoo();
    const live = `${hostname()}:${sleeper.pid}:1ce1ce00`;
    expect((await new LeaseManager(odoo, live, 60_000, odoo.now).acquire(1)).ok).toBe(true);
    odoo.clock += 30_000;
    expect(await new LeaseManager(odoo, 'b:2:y', 60_000, odoo.now).acquire(1)).toMatchObject({
      ok: false,
      holder: live,
    });
  });

  it('a dead pid on another host proves nothing: that lease waits for its heartbeat to go silent', async () => {
    const odoo = new FakeOdoo();
    expect(
      (await new LeaseManager(odoo, `elsewhere-${hostname()}:${deadPid}:aa`, 60_000, odoo.now).acquire(1)).ok,
    ).toBe(true);
    odoo.clock += 59_000;
    expect((await new LeaseManager(odoo, 'b:2:y', 60_000, odoo.now).acquire(1)).ok).toBe(false);
    odoo.clock += 2_000;
    expect(await new LeaseManager(odoo, 'b:2:y', 60_000, odoo.now).acquire(1)).toMatchObject({
      ok: true,
      takeover: 'silent',
    });
  });

  it("a stamp left by the previous holder does not count as the current lease's (a taker between create and stamp)", async () => {
    const odoo = new FakeOdoo();
    // the dead holder's stamp is still on the row, but the lease is a newer one, not yet stamped
    odoo.rows.get(1)!.x_lease_holder = `${hostname()}:${deadPid}:0ld #99`;
    odoo.rows.get(1)!.x_lease_until = '2026-03-01 10:00:05';
    await odoo.create('ir.model.data', [{ module: LEASE_MODULE, name: 'sync_state_1' }]);
    expect((await new LeaseManager(odoo, 'b:2:y', 60_000, odoo.now).acquire(1)).ok).toBe(false);
  });

  it('taking the lease closes the runs left "running" by the dead holder as interrupted, and only those', async () => {
    const odoo = new FakeOdoo();
    const log = (id: number, over: Partial<{ x_entity: string; x_operation: string; x_status: string }> = {}) =>
      odoo.logs.set(id, {
        id,
        x_instance_id: 7,
        x_entity: 'brands',
        x_operation: 'import',
        x_status: 'running',
        ...over,
      });
    const dead = `${hostname()}:${deadPid}:0badc0de`;
    expect(await new LeaseManager(odoo, dead, 60_000, odoo.now).acquire(1)).toMatchObject({
      ok: true,
      interrupted: [],
    });
    // its run, then others that are not its: finished, of another entity, a retry (not leased)
    log(1);
    log(2, { x_status: 'done' });
    log(3, { x_entity: 'products' });
    log(4, { x_operation: 'retry' });
    const got = await new LeaseManager(odoo, 'b:2:y', 60_000, odoo.now).acquire(1);
    expect(got).toMatchObject({ ok: true, interrupted: [1] });
    expect(odoo.logs.get(1)).toMatchObject({
      x_status: 'interrupted',
      x_message: expect.stringContaining(`its process (${dead})`),
    });
    expect([2, 3, 4].map((id) => odoo.logs.get(id)!.x_status)).toEqual(['done', 'running', 'running']);
  });
});

describe('holders and heartbeat', () => {
  it("reads host and pid from a daemon's and from the CLI's holder", () => {
    expect(holderProcess('web-1.example:4242:9f3a1c2e')).toEqual({ host: 'web-1.example', pid: 4242 });
    expect(holderProcess('bc-odoo import web-1:77:ab')).toEqual({ host: 'web-1', pid: 77 });
    expect(holderProcess('unknown holder')).toBeUndefined();
    expect(parseStamp('bc-odoo import web-1:77:ab #815')).toEqual({
      holder: 'bc-odoo import web-1:77:ab',
      lockId: 815,
    });
  });

  it('a pid is alive until its process has exited', () => {
    expect(pidIsAlive(process.pid)).toBe(true);
    expect(pidIsAlive(sleeper.pid!)).toBe(true);
    expect(pidIsAlive(deadPid)).toBe(false);
  });

  it("leases live in a pseudo-module the BigCommerce User group may write (setup's record rule)", () => {
    expect(OWN_XMLID_MODULES).toContain(LEASE_MODULE);
  });

  it('renews four times per lease: 15 s of the default 60 s', () => {
    expect(renewEveryMs(60_000)).toBe(15_000);
    expect(renewEveryMs(400)).toBe(200);
  });
});

/** A process that has exited (and was reaped): its pid names no process. */
const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
/** A live process of this host that is not us. */
const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
afterAll(() => {
  sleeper.kill();
});
