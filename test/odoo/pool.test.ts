/**
 * The pool (issue 16) against a live Odoo, the BigCommerce sandbox and a queue database:
 * three `bc-odoo daemon` processes share one pg-boss queue, and the orders import is split
 * into parts they run at once. The first member to reach the invoices of a part is killed with
 * SIGKILL there (paused at a crash point, so "mid-import" is certain), the next one to reach
 * them is stopped with SIGTERM, and the third finishes. Then Odoo holds exactly what one daemon alone makes of the same
 * store (every order, invoice, payment and credit note once), no job or lease is left behind,
 * and the sandbox answered no more 429s than it did to the one daemon — its quota is tight,
 * and the members share it through the queue database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_SCHEMA } from '../../src/daemon/pool/job-queue.js';
import { ensurePostgres, type PgConn } from '../../src/testbed/odoo-testbed.js';
import { importBed, type ImportBed } from '../support/import.js';
import { snapshot } from '../support/snapshot.js';

const ROOT = join(import.meta.dirname, '..', '..');
const QUOTA = { requests: 40, windowMs: 2_000 };
const ENTITIES = ['categories', 'brands', 'products', 'customers', 'orders', 'refunds', 'inventory'];

let pgConn: PgConn;
const beds: ImportBed[] = [];
const queueDbs: string[] = [];
const children: ChildProcess[] = [];

interface Member {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pauseFile: string;
  readonly exited: Promise<number | null>;
  output(): string;
}

function pgClient(database: string): pg.Client {
  return new pg.Client({
    host: pgConn.host,
    port: pgConn.port,
    user: pgConn.user,
    password: pgConn.password,
    database,
  });
}

async function createQueueDb(label: string): Promise<string> {
  const name = `bcodoo_pool_${label}_${process.pid}`;
  const admin = pgClient('postgres');
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  queueDbs.push(name);
  return name;
}

function queueUrl(db: string): string {
  return `postgres://${pgConn.user}:${pgConn.password}@${pgConn.host}:${pgConn.port}/${db}`;
}

/** The bed's instance in a config file, every import hourly (each runs once in the test), and the pool's queue. */
function writeConfig(bed: ImportBed, queueDb: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bcodoo-pool-'));
  const schedule = ENTITIES.map((e) => `      ${e}: { every: 1h }`).join('\n');
  const file = join(dir, 'bc-odoo.yaml');
  writeFileSync(
    file,
    `log_level: info
instances:
  - name: ${bed.instance.name}
    bigcommerce:
      store_hash: ${bed.sandbox.storeHash}
      access_token: ${bed.sandbox.accessToken}
      api_base_url: ${bed.sandbox.url}
    odoo:
      url: ${bed.odoo.url}
      db: ${bed.odoo.db}
      username: ${bed.odoo.username}
      password: ${bed.odoo.password}
      protocol: jsonrpc
    schedule:
${schedule}
daemon:
  http: { host: 127.0.0.1, port: 0 }
  lease_seconds: 4
  shutdown_grace_seconds: 5
  backoff: { initial_seconds: 1, max_seconds: 4 }
queue:
  url: ${queueUrl(queueDb)}
  heartbeat_seconds: 6
  retry_limit: 10
  retry_delay_seconds: 1
`,
    { mode: 0o600 },
  );
  return file;
}

function startMember(name: string, config: string, crashAt?: string, partSize?: number): Member {
  const pauseFile = join(mkdtempSync(join(tmpdir(), `bcodoo-${name}-`)), 'paused');
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(BC_|ODOO_)/.test(k)) env[k] = v;
  if (crashAt) Object.assign(env, { BC_ODOO_CRASH_AT: crashAt, BC_ODOO_PAUSE_FILE: pauseFile });
  if (partSize) env.BC_ODOO_SPLIT_PART_SIZE = String(partSize);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src', 'cli.ts'), 'daemon', '--config', config],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { name, child, pauseFile, exited, output: () => out };
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 300_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Jobs of the instance's streams not yet completed, failed or cancelled, by state. */
async function unfinishedJobs(queueDb: string): Promise<Record<string, number>> {
  const c = pgClient(queueDb);
  await c.connect();
  try {
    const { rows } = await c.query<{ state: string; n: string }>(
      `SELECT state::text, count(*) AS n FROM ${QUEUE_SCHEMA}.job WHERE name LIKE 'bc-odoo.%' AND state < 'completed' GROUP BY state`,
    );
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  } finally {
    await c.end();
  }
}

async function completedStreams(queueDb: string): Promise<Set<string>> {
  const c = pgClient(queueDb);
  await c.connect();
  try {
    const { rows } = await c.query<{ name: string }>(
      `SELECT DISTINCT name FROM ${QUEUE_SCHEMA}.job WHERE state = 'completed'
       UNION SELECT DISTINCT name FROM ${QUEUE_SCHEMA}.archive WHERE state = 'completed'`,
    );
    return new Set(rows.map((r) => r.name));
  } finally {
    await c.end();
  }
}

/** Every stream ran to completion once and nothing waits or runs (false before the first member made the schema). */
async function poolSettled(queueDb: string, instance: string): Promise<boolean> {
  const done = await completedStreams(queueDb).catch((err: { code?: string }) => {
    if (err.code === '42P01') return new Set<string>();
    throw err;
  });
  if (!ENTITIES.every((e) => done.has(`bc-odoo.${instance}.${e}`))) return false;
  return Object.keys(await unfinishedJobs(queueDb)).length === 0;
}

async function leaseHolders(bed: ImportBed): Promise<string[]> {
  const rows = await bed.admin.searchRead<{ x_lease_holder: string | false }>(
    'x_bc_sync_state',
    [['x_lease_holder', '!=', false]],
    ['x_lease_holder'],
  );
  return rows.map((r) => String(r.x_lease_holder));
}

function stopAll(members: readonly Member[]): Promise<unknown> {
  for (const m of members) if (m.child.exitCode === null && m.child.signalCode === null) m.child.kill('SIGTERM');
  return Promise.all(members.map((m) => m.exited));
}

beforeAll(async () => {
  pgConn = await ensurePostgres();
}, 60_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const b of beds) await b.close();
  const admin = pgClient('postgres');
  await admin.connect();
  for (const db of queueDbs) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
  await admin.end();
});

describe('three daemons in one pool, one killed and one stopped mid-import', () => {
  it('leave Odoo as one daemon alone does, with no job or lease stuck and no more 429s', async () => {
    // One daemon alone: the reference end state and the 429s one worker gets.
    const ref = await importBed('pool_ref', { store: 'sample', quota: QUOTA });
    beds.push(ref);
    const refQueue = await createQueueDb('ref');
    const alone = startMember('alone', writeConfig(ref, refQueue));
    await until('the lone daemon to import everything', () => poolSettled(refQueue, ref.instance.name), 600_000).catch(
      (err) => {
        console.error(alone.output().slice(-8_000));
        throw err;
      },
    );
    await stopAll([alone]);
    const refState = await snapshot(ref.admin, `bigcommerce_${ref.sandbox.storeHash}`);
    const refRateLimited = ref.sandbox.stats().rateLimited;

    // Three members; whichever takes the orders import pauses at the invoice step of it.
    const bed = await importBed('pool', { store: 'sample', quota: QUOTA });
    beds.push(bed);
    const queueDb = await createQueueDb('three');
    const config = writeConfig(bed, queueDb);
    // The sample store's 39 orders split into parts of 8, so the orders import runs on all members at once.
    const members = ['d1', 'd2', 'd3'].map((n) => startMember(n, config, 'orders:invoice', 8));
    try {
      const killed = new Set<Member>();
      // A member that ends by itself (a crash at start, an error) fails the test at once.
      const alive = () => {
        const gone = members.find((m) => !killed.has(m) && (m.child.exitCode !== null || m.child.signalCode !== null));
        if (gone) throw new Error(`${gone.name} ended by itself:\n${gone.output().slice(-3_000)}`);
      };
      const paused = () => {
        alive();
        return members.find((m) => !killed.has(m) && existsSync(m.pauseFile));
      };
      const first = await until('a member to reach the middle of the orders import', paused, 600_000);
      killed.add(first);
      first.child.kill('SIGKILL');
      await first.exited;

      // The job is retried on another member (after its heartbeat lapses); stop that one mid-run too.
      const second = await until('another member to take the orders import over', paused, 300_000);
      killed.add(second);
      second.child.kill('SIGTERM');
      writeFileSync(`${second.pauseFile}.go`, '');
      for (const m of members) if (m !== first && m !== second) writeFileSync(`${m.pauseFile}.go`, '');
      await second.exited;

      await until(
        'the third member to finish the imports',
        () => {
          alive();
          return poolSettled(queueDb, bed.instance.name);
        },
        600_000,
      );
      const survivor = members.find((m) => m !== first && m !== second)!;
      await stopAll([survivor]);
      expect(await survivor.exited).toBe(0);

      expect(await snapshot(bed.admin, `bigcommerce_${bed.sandbox.storeHash}`)).toEqual(refState);
      expect(await unfinishedJobs(queueDb)).toEqual({});
      expect(await leaseHolders(bed)).toEqual([]);
      // The orders ran as parts, on more than one member.
      const parts = await bed.admin.searchRead<{ x_name: string }>(
        'x_bc_operation_log',
        [['x_name', '=like', 'import orders (part %']],
        ['x_name'],
      );
      expect(new Set(parts.map((p) => p.x_name.replace(/\) .*/, ')'))).size).toBe(5);
      expect(bed.sandbox.stats().rateLimited).toBeLessThanOrEqual(refRateLimited);
      // The takeover is in the survivor's or the stopped member's log; the dead one never finished orders.
      expect(first.output()).not.toMatch(/\[sandbox\] orders: /);
    } catch (err) {
      for (const m of members) {
        writeFileSync(`${m.pauseFile}.log`, m.output());
        console.error(`---- ${m.name} (whole log: ${m.pauseFile}.log) ----\n${m.output().slice(-6_000)}`);
      }
      throw err;
    } finally {
      await stopAll(members);
    }
  }, 1_800_000);
});
