/**
 * Crash safety, live (issue 18): a `bc-odoo import` killed with SIGKILL leaves its lease and a
 * "running" operation-log record behind. The next import on this host takes the lease at once
 * (the holder's pid is gone) and closes the record as "interrupted"; a lease held by a live
 * process of this host is still refused; a silent holder on another host is taken over after
 * lease_seconds without a heartbeat.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEASE_MODULE, LeaseManager } from '../../src/daemon/index.js';
import { OdooClient } from '../../src/odoo/client.js';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { runCli } from '../support/cli.js';
import { freshDatabase, type TestOdoo } from '../support/odoo.js';

const TOKEN = 'tok-crash-safety-0c4e';
const ROOT = join(import.meta.dirname, '..', '..');
let sandbox: SandboxHandle;
/** the same store, answering every request after 1.5–2 s: a run that is still going when it is killed */
let slow: SandboxHandle;
let odoo: TestOdoo;
let admin: OdooClient;
let config: (opts: { leaseSeconds: number; slow?: boolean }) => string;

interface LogRow {
  id: number;
  x_status: string;
  x_message: string | false;
  x_finished: string | false;
}
const logsOf = (entity: string) =>
  admin.searchRead<LogRow>(
    'x_bc_operation_log',
    [
      ['x_operation', '=', 'import'],
      ['x_entity', '=', entity],
    ],
    ['x_status', 'x_message', 'x_finished'],
    { order: 'id' },
  );
const syncRow = async (entity: string) =>
  (
    await admin.searchRead<{ id: number; x_lease_holder: string | false }>(
      'x_bc_sync_state',
      [['x_entity', '=', entity]],
      ['x_lease_holder'],
    )
  )[0]!;
const lock = async (stateId: number) =>
  (
    await admin.searchRead<{ id: number }>(
      'ir.model.data',
      [
        ['module', '=', LEASE_MODULE],
        ['name', '=', `sync_state_${stateId}`],
      ],
      ['id'],
    )
  )[0];

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const got = await probe();
    if (got) return got;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  [sandbox, slow, odoo] = await Promise.all([
    startSandbox({ store: 'sample', accessToken: TOKEN }),
    startSandbox({ store: 'sample', accessToken: TOKEN, faults: 'latency=1500-2000' }),
    freshDatabase('crash'),
  ]);
  expect(slow.storeHash).toBe(sandbox.storeHash);
  admin = await OdooClient.connect({
    url: odoo.url,
    db: odoo.db,
    username: odoo.username,
    password: odoo.password,
    protocol: odoo.protocol,
  });
  const dir = mkdtempSync(join(tmpdir(), 'bcodoo-crash-'));
  config = ({ leaseSeconds, slow: isSlow }) => {
    const file = join(dir, `c-${leaseSeconds}-${isSlow ? 'slow' : 'fast'}.yaml`);
    writeFileSync(
      file,
      [
        'instances:',
        '  - name: crash',
        '    bigcommerce:',
        `      store_hash: ${sandbox.storeHash}`,
        `      access_token: ${TOKEN}`,
        `      api_base_url: ${isSlow ? slow.url : sandbox.url}`,
        '    odoo:',
        `      url: ${odoo.url}`,
        `      db: ${odoo.db}`,
        `      username: ${odoo.username}`,
        `      password: ${odoo.password}`,
        `      protocol: ${odoo.protocol}`,
        'daemon:',
        `  lease_seconds: ${leaseSeconds}`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    return file;
  };
  const setup = await runCli(['--config', config({ leaseSeconds: 60 }), 'setup'], {}, 240_000);
  expect(setup.code, setup.stdout + setup.stderr).toBe(0);
}, 300_000);

afterAll(async () => {
  await Promise.all([sandbox?.close(), slow?.close()]);
});

describe('leases and operation-log records of dead holders', () => {
  it('an import killed with SIGKILL: the next import takes its lease at once and closes its run as "interrupted"', async () => {
    const brands = await syncRow('brands');
    const before = (await logsOf('brands')).length;
    const victim = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(ROOT, 'src', 'cli.ts'),
        '--config',
        config({ leaseSeconds: 60, slow: true }),
        'import',
        'brands',
      ],
      {
        cwd: ROOT,
        stdio: 'ignore',
      },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      victim.on('exit', (_code, signal) => resolve(signal)),
    );
    // killed mid-run: it holds the lease and its operation-log record says "running"
    await until(
      'the victim holding the lease with a running record',
      async () =>
        (await lock(brands.id)) && (await logsOf('brands')).slice(before).some((l) => l.x_status === 'running'),
      120_000,
    );
    const holder = (await syncRow('brands')).x_lease_holder as string;
    expect(holder).toMatch(new RegExp(`^bc-odoo import ${hostname()}:${victim.pid}:[0-9a-f]+ #\\d+$`));
    victim.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // lease_seconds is 60: only the dead pid lets the next import in before that
    const t0 = Date.now();
    const next = await runCli(['--config', config({ leaseSeconds: 60 }), 'import', 'brands'], {}, 120_000);
    expect(next.code, next.stdout + next.stderr).toBe(0);
    expect(Date.now() - t0).toBeLessThan(55_000);
    expect(next.stderr).not.toMatch(/not imported/);
    const [killed, taker] = (await logsOf('brands')).slice(before);
    expect(killed).toMatchObject({ x_status: 'interrupted', x_finished: expect.any(String) });
    expect(killed!.x_message).toContain(`its process (${holder.replace(/ #\d+$/, '')})`);
    expect(taker!.x_status).toBe('done');
    expect(await lock(brands.id)).toBeUndefined();
  }, 300_000);

  it('a lease held by a live other process of this host is still refused', async () => {
    const categories = await syncRow('categories');
    // this test's own process: alive, on this host, not the CLI's
    const live = `${hostname()}:${process.pid}:1ce1ce00`;
    const got = await new LeaseManager(admin, live, 60_000).acquire(categories.id);
    expect(got.ok).toBe(true);
    try {
      const r = await runCli(['--config', config({ leaseSeconds: 60 }), 'import', 'categories'], {}, 120_000);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stderr).toContain(`categories: not imported: another bc-odoo process (${live}) is importing categories`);
    } finally {
      if (got.ok) await got.lease.release();
    }
  }, 180_000);

  it('a silent holder on another host is taken over after lease_seconds without a heartbeat, not before', async () => {
    const brands = await syncRow('brands');
    const ghost = await new LeaseManager(admin, 'other-host:4242:90ne', 3_000).acquire(brands.id);
    expect(ghost.ok).toBe(true);
    if (!ghost.ok) return;
    ghost.lease.abandon(); // never renews again, as if its host had gone away
    const early = await new LeaseManager(admin, `${hostname()}:${process.pid}:early`, 3_000).acquire(brands.id);
    expect(early).toMatchObject({ ok: false, holder: 'other-host:4242:90ne' });
    await new Promise((r) => setTimeout(r, 4_500));
    const r = await runCli(['--config', config({ leaseSeconds: 3 }), 'import', 'brands'], {}, 120_000);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await ghost.lease.renew()).toBe(false); // it was taken over
    expect((await logsOf('brands')).at(-1)!.x_status).toBe('done');
  }, 180_000);
});
