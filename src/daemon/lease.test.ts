/**
 * Lease semantics on an in-memory Odoo that keeps what matters: ir.model.data's unique
 * (module, name), write_date stamped with the server clock in whole seconds, and silent writes
 * on deleted records. The live behaviour is covered by test/odoo/daemon.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { OdooValidationError } from '../odoo/errors.js';
import { odooDatetime } from '../odoo/operation-log.js';
import type { OdooRpc, Values } from '../odoo/rpc.js';
import { LEASE_MODULE, LeaseManager } from './lease.js';

class FakeOdoo implements OdooRpc {
  readonly uid = 2;
  clock = Date.parse('2026-03-01T10:00:00Z');
  private nextId = 100;
  readonly imd = new Map<number, { id: number; module: string; name: string; write_date: string }>();
  readonly rows = new Map<number, { id: number; x_lease_holder: string | false; x_lease_until: string | false }>([[1, { id: 1, x_lease_holder: false, x_lease_until: false }]]);
  /** runs once, right before the next ir.model.data create (an interleaving taker) */
  beforeCreate: (() => Promise<void>) | undefined;

  now = (): number => this.clock;
  private stamp(): string { return odooDatetime(new Date(this.clock)); }

  async call<T>(model: string, method: string, args: unknown[] = []): Promise<T> {
    if (model === 'ir.model.data' && method === 'unlink') for (const id of args[0] as number[]) this.imd.delete(id);
    return true as T;
  }

  async searchRead<T>(model: string, domain: unknown[]): Promise<T[]> {
    const conds = domain as [string, string, unknown][];
    const source: Values[] = model === 'ir.model.data' ? [...this.imd.values()] : [...this.rows.values()];
    return source.filter((r) => conds.every(([f, , v]) => r[f] === v)) as T[];
  }

  async create(model: string, values: Values[]): Promise<number[]> {
    const hook = this.beforeCreate;
    this.beforeCreate = undefined;
    await hook?.();
    return values.map((v) => {
      if ([...this.imd.values()].some((r) => r.module === v.module && r.name === v.name)) {
        throw new OdooValidationError('duplicate key value violates unique constraint "ir_model_data_module_name_uniq_index"');
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
      } else {
        const r = this.rows.get(id);
        if (r) Object.assign(r, values);
      }
    }
    return true;
  }

  async fieldsGet(): Promise<Record<string, { type: string }>> { return {}; }
}

describe('LeaseManager', () => {
  it('takes a free lease, shows the holder on the row, and releases it', async () => {
    const odoo = new FakeOdoo();
    const got = await new LeaseManager(odoo, 'a:1:x', 30_000, odoo.now).acquire(1);
    expect(got.ok).toBe(true);
    expect([...odoo.imd.values()].map((r) => `${r.module}.${r.name}`)).toEqual([`${LEASE_MODULE}.sync_state_1`]);
    expect(odoo.rows.get(1)).toMatchObject({ x_lease_holder: 'a:1:x', x_lease_until: '2026-03-01 10:00:30' });
    if (got.ok) await got.lease.release();
    expect(odoo.imd.size).toBe(0);
    expect(odoo.rows.get(1)).toMatchObject({ x_lease_holder: false, x_lease_until: false });
  });

  it('a held lease is refused with its holder', async () => {
    const odoo = new FakeOdoo();
    await new LeaseManager(odoo, 'a:1:x', 30_000, odoo.now).acquire(1);
    odoo.clock += 20_000;
    expect(await new LeaseManager(odoo, 'b:2:y', 30_000, odoo.now).acquire(1)).toEqual({ ok: false, holder: 'a:1:x', until: '2026-03-01 10:00:30' });
  });

  it('two takers that both saw the lease free: the unique index lets exactly one win', async () => {
    const odoo = new FakeOdoo();
    const a = new LeaseManager(odoo, 'a:1:x', 30_000, odoo.now);
    const b = new LeaseManager(odoo, 'b:2:y', 30_000, odoo.now);
    let bGot: Awaited<ReturnType<LeaseManager['acquire']>> | undefined;
    // b searches and creates while a is between its search and its create
    odoo.beforeCreate = async () => { bGot = await b.acquire(1); };
    const aGot = await a.acquire(1);
    expect(bGot!.ok).toBe(true);
    expect(aGot.ok).toBe(false);
    expect(odoo.imd.size).toBe(1);
    expect(odoo.rows.get(1)!.x_lease_holder).toBe('b:2:y');
  });

  it('a dead holder\'s lease is taken over after lease_seconds (and the holder\'s own expiry), never before', async () => {
    const odoo = new FakeOdoo();
    const dead = await new LeaseManager(odoo, 'dead:1:x', 10_000, odoo.now).acquire(1);
    expect(dead.ok).toBe(true);
    const taker = new LeaseManager(odoo, 'b:2:y', 5_000, odoo.now);
    odoo.clock += 9_000; // past the taker's 5 s, not past the holder's stated 10 s
    expect((await taker.acquire(1)).ok).toBe(false);
    odoo.clock += 2_500;
    const got = await taker.acquire(1);
    expect(got).toMatchObject({ ok: true, tookOverFrom: 'dead:1:x' });
    expect(odoo.rows.get(1)!.x_lease_holder).toBe('b:2:y');
    // the dead holder, were it to wake up, finds its lease gone and releases nothing of b's
    if (dead.ok) {
      expect(await dead.lease.renew()).toBe(false);
      await dead.lease.release();
    }
    expect(odoo.imd.size).toBe(1);
    expect(odoo.rows.get(1)!.x_lease_holder).toBe('b:2:y');
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
});
