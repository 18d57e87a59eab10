/**
 * The CLI end to end against a live Odoo and the BigCommerce sandbox: setup twice,
 * test-connection's success and each failure with its exit code and reason, the result
 * recorded in Odoo — and the access token and password nowhere in any output or Odoo record.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OdooClient } from '../../src/odoo/client.js';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { freePort } from '../../src/testbed/odoo-testbed.js';
import { runCli, type CliRun } from '../support/cli.js';
import { freshDatabase, type TestOdoo } from '../support/odoo.js';
import { throwawayDatabase } from '../support/pg-database.js';

const TOKEN = 'tok-cli-7f3a9c2e5b1d4a6f';
let sandbox: SandboxHandle;
let odoo: TestOdoo;
let admin: OdooClient;
const runs: CliRun[] = [];

function env(over: Record<string, string> = {}): Record<string, string> {
  return {
    BC_STORE_HASH: sandbox.storeHash,
    BC_ACCESS_TOKEN: TOKEN,
    BC_API_BASE_URL: sandbox.url,
    ODOO_URL: odoo.url,
    ODOO_DB: odoo.db,
    ODOO_USERNAME: odoo.username,
    ODOO_PASSWORD: odoo.password,
    ODOO_PROTOCOL: odoo.protocol,
    BC_ODOO_LOG_LEVEL: 'trace',
    ...over,
  };
}

async function cli(args: string[], e: Record<string, string>, timeoutMs?: number): Promise<CliRun> {
  const r = await runCli(args, e, timeoutMs);
  runs.push(r);
  return r;
}

beforeAll(async () => {
  sandbox = await startSandbox({ store: 'sample', accessToken: TOKEN });
  odoo = await freshDatabase('cli');
  admin = await OdooClient.connect({
    url: odoo.url,
    db: odoo.db,
    username: odoo.username,
    password: odoo.password,
    protocol: odoo.protocol,
  });
});

afterAll(async () => {
  await sandbox?.close();
});

describe('bc-odoo setup and test-connection', () => {
  it('reports "setup missing" (exit 1) before setup has run', async () => {
    const r = await cli(['test-connection'], env());
    expect(r.stdout).toMatch(/BigCommerce: OK/);
    expect(r.stdout).toMatch(/Odoo: FAILED \(setup missing\).*bc-odoo setup/);
    expect(r.code).toBe(1);
  });

  it('setup twice: the second run changes nothing', async () => {
    // setup makes a few hundred records: on a loaded machine it outlasts runCli's default 90 s
    const first = await cli(['setup'], env(), 240_000);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/setup default: [1-9]\d* created/);
    const second = await cli(['setup', '--json'], env(), 240_000);
    expect(second.code, second.stderr).toBe(0);
    const [res] = JSON.parse(second.stdout) as { created: string[]; updated: string[]; unchanged: number }[];
    expect(res!.created).toEqual([]);
    expect(res!.updated).toEqual([]);
    const instances = await admin.searchRead<{ x_store_hash: string }>('x_bc_instance', [], ['x_store_hash']);
    expect(instances.map((i) => i.x_store_hash)).toEqual([sandbox.storeHash]);
  }, 500_000);

  it('succeeds with exit 0 and records the result on the instance record and the operation log', async () => {
    const r = await cli(['test-connection'], env());
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\[default\] BigCommerce: OK — store ".+"/);
    expect(r.stdout).toMatch(/\[default\] Odoo: OK — Odoo 1\d\.\d.*setup done, rights present/);
    const [inst] = await admin.searchRead<{ x_connection_status: string; x_last_test: string; x_store_name: string }>(
      'x_bc_instance',
      [['x_store_hash', '=', sandbox.storeHash]],
      ['x_connection_status', 'x_last_test', 'x_store_name'],
    );
    expect(inst!.x_connection_status).toBe('ok');
    expect(inst!.x_last_test).toBeTruthy();
    expect(inst!.x_store_name).toBeTruthy();
    const logs = await admin.searchRead<{ x_status: string }>(
      'x_bc_operation_log',
      [['x_operation', '=', 'test-connection']],
      ['x_status'],
      { order: 'id desc', limit: 1 },
    );
    expect(logs[0]!.x_status).toBe('done');
  });

  it.each([
    ['a bad token', () => ({ BC_ACCESS_TOKEN: `${TOKEN}-wrong` }), /BigCommerce: FAILED \(bad token\)/],
    [
      'an unreachable BigCommerce host',
      async () => ({ BC_API_BASE_URL: `http://127.0.0.1:${await freePort()}` }),
      /BigCommerce: FAILED \(unreachable\).*ECONNREFUSED/,
    ],
    ['a wrong database', () => ({ ODOO_DB: 'bcodoo_t_does_not_exist' }), /Odoo: FAILED \(wrong database\)/],
    ['wrong Odoo credentials', () => ({ ODOO_PASSWORD: 'not-the-password' }), /Odoo: FAILED \(bad credentials\)/],
    [
      'an unreachable Odoo',
      async () => ({ ODOO_URL: `http://127.0.0.1:${await freePort()}` }),
      /Odoo: FAILED \(unreachable\)/,
    ],
  ])('exits 3 with the reason on %s', async (_label, over, pattern) => {
    const r = await cli(['test-connection'], env(await over()));
    expect(r.stdout).toMatch(pattern);
    expect(r.code, r.stdout + r.stderr).toBe(3);
  });

  it('records a failed BigCommerce check in Odoo', async () => {
    await cli(['test-connection'], env({ BC_ACCESS_TOKEN: `${TOKEN}-again-wrong` }));
    const [inst] = await admin.searchRead<{ x_connection_status: string; x_connection_message: string }>(
      'x_bc_instance',
      [['x_store_hash', '=', sandbox.storeHash]],
      ['x_connection_status', 'x_connection_message'],
    );
    expect(inst!.x_connection_status).toBe('failed');
    expect(inst!.x_connection_message).toMatch(/bad token/);
  });

  it('exits 2 with the path of each configuration mistake', async () => {
    const r = await cli(['test-connection'], env({ ODOO_URL: 'not a url', BC_STORE_HASH: 'bad/hash' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/env ODOO_URL: must be an http/);
    expect(r.stderr).toMatch(/env BC_STORE_HASH: must be the store hash/);
  });

  it('exits 2 listing a missing variable and a bad URL together, in plain words', async () => {
    const r = await cli(['import', 'brands'], env({ ODOO_PASSWORD: '', BC_API_BASE_URL: 'api.bigcommerce.com' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/env BC_API_BASE_URL: must be an http/);
    expect(r.stderr).toMatch(/env ODOO_PASSWORD: is not set: set ODOO_PASSWORD to the password/);
    expect(r.stderr).not.toMatch(/Invalid input/);
  });
});

/** The last operation-log record of an import of this entity. */
async function lastRun(entity: string, operation = 'import') {
  const [log] = await admin.searchRead<{ x_status: string; x_message: string }>(
    'x_bc_operation_log',
    [
      ['x_operation', '=', operation],
      ['x_entity', '=', entity],
    ],
    ['x_status', 'x_message'],
    { order: 'id desc', limit: 1 },
  );
  return log;
}

describe('bc-odoo import and retry against a failing BigCommerce', () => {
  it('a bad token: exit 3 with the reason, and a failed run with it in the operation log', async () => {
    const r = await cli(['import', 'brands'], env({ BC_ACCESS_TOKEN: `${TOKEN}-import-wrong` }));
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.stderr).toMatch(/bc-odoo: BigCommerce: bad token — the access token was refused/);
    expect(await lastRun('brands')).toMatchObject({
      x_status: 'failed',
      x_message: expect.stringMatching(/bad token/),
    });
  });

  it('an unknown store under --json: exit 3 and a JSON error object on stdout', async () => {
    const r = await cli(['import', 'categories', '--json'], env({ BC_STORE_HASH: 'nosuchstore9' }));
    expect(r.code, r.stderr).toBe(3);
    const out = JSON.parse(r.stdout) as { ok: boolean; error: Record<string, unknown> };
    expect(out).toMatchObject({
      ok: false,
      error: { kind: 'unknown_store', exitCode: 3, instance: 'default', entity: 'categories' },
    });
    expect(String(out.error.message)).toMatch(/check bigcommerce.store_hash/);
  });

  it('an unreachable host: given up within seconds, each retry on stderr, exit 3 with host and code', async () => {
    const port = await freePort();
    const t0 = Date.now();
    const r = await cli(['import', 'products', '--json'], env({ BC_API_BASE_URL: `http://127.0.0.1:${port}` }));
    const seconds = (Date.now() - t0) / 1000;
    expect(r.code, r.stderr).toBe(3);
    expect(seconds).toBeLessThan(30); // the process start and the Odoo login included; BigCommerce's part ~2 s
    expect(r.stderr.match(/BigCommerce request retry \(unreachable\)/g)).toHaveLength(2);
    const out = JSON.parse(r.stdout) as { error: Record<string, unknown> };
    expect(out.error).toMatchObject({ kind: 'unreachable', code: 'ECONNREFUSED', host: `127.0.0.1:${port}` });
    expect(await lastRun('products')).toMatchObject({
      x_status: 'failed',
      x_message: expect.stringMatching(/unreachable.*ECONNREFUSED/),
    });
  });

  it('retry: the same, as exit 3 and a failed retry run', async () => {
    const r = await cli(['retry', 'customers'], env({ BC_ACCESS_TOKEN: `${TOKEN}-retry-wrong` }));
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/BigCommerce: bad token/);
    expect(await lastRun('customers', 'retry')).toMatchObject({ x_status: 'failed' });
  });
});

describe('beside a pool', () => {
  it("an import by hand (BC_ODOO_QUEUE_URL set) draws on the pool's budget for the store, as a member does", async () => {
    const queue = await throwawayDatabase('bcodoo_cliq');
    try {
      const r = await cli(['import', 'brands'], env({ BC_ODOO_QUEUE_URL: queue.url }));
      expect(r.code, r.stderr).toBe(0);
      const c = new pg.Client({ connectionString: queue.url });
      await c.connect();
      try {
        // The row the pool's members pace by: made by this import's requests, with the store's quota.
        const { rows } = await c.query('SELECT store_hash, quota FROM bc_odoo_pool.quota');
        expect(rows).toEqual([{ store_hash: sandbox.storeHash, quota: expect.any(Number) }]);
      } finally {
        await c.end();
      }
    } finally {
      await queue.drop();
    }
  });
});

describe('secrets', () => {
  it('never lets the token or the password out: not in any output, not in Odoo', async () => {
    expect(runs.length).toBeGreaterThanOrEqual(9);
    for (const r of runs) {
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
      expect(r.stdout + r.stderr).not.toContain('not-the-password');
    }
    // trace-level logging was on, so the runs did log their calls (debug and above)
    expect(runs.some((r) => r.stderr.includes('"level":20'))).toBe(true);
    const texts = [
      ...(await admin.searchRead<Record<string, unknown>>('x_bc_operation_log', [], ['x_name', 'x_message'])),
      ...(await admin.searchRead<Record<string, unknown>>('x_bc_operation_log_line', [], ['x_name', 'x_error'])),
      ...(await admin.searchRead<Record<string, unknown>>(
        'x_bc_instance',
        [],
        ['x_connection_message', 'x_api_base_url'],
      )),
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    expect(texts.length).toBeGreaterThan(100);
    expect(texts).not.toContain(TOKEN);
    expect(texts).not.toContain('not-the-password');
  });
});
