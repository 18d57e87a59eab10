/**
 * The worker comparison (issue 16): a first import of the store by a pool of N `bc-odoo daemon`
 * processes sharing one pg-boss job queue, against an Odoo server in prefork mode with N + 1
 * HTTP workers. Each N gets a fresh database (cloned and set up like the others), a queue
 * database of its own and a fresh sandbox of the same store.
 *
 * What is timed does not depend on how the pool shares the work out (one job per entity, or an
 * entity split into part jobs): the members are started, and every import run they make writes
 * a row of Odoo's operation log (x_bc_operation_log) when it starts and closes it when it ends.
 * The bench watches those rows from PostgreSQL every POLL_MS and takes, per entity, the first
 * start to the last end of its runs; "all" is members started → pool settled (every stream's
 * job completed, nothing waiting or running), the test/odoo/pool.test.ts condition.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { IMPORT_ENTITIES } from '../src/config/index.js';
import { QUEUE_SCHEMA } from '../src/daemon/pool/job-queue.js';
import type { SandboxHandle } from '../src/sandbox/index.js';
import type { PgConn } from '../src/testbed/odoo-testbed.js';
import { type BenchOdoo, psql } from './stack.js';

const ROOT = join(import.meta.dirname, '..');
const INSTANCE = 'bench';
/** How often the operation log and the queue are read: a run's start and end are known to about this. */
const POLL_MS = 250;

export interface PoolEntity {
  entity: string;
  /** first start → last end of the entity's runs, s */
  wallS: number;
  /** import runs seen (more than one when the pool splits the entity, or retries it) */
  runs: number;
  /** the runs' own counts, summed: created + updated + unchanged + skipped + failed */
  logged: number;
  failed: number;
  /** seconds from the members' start */
  startS: number;
  endS: number;
}

export interface PoolRun {
  workers: number;
  odooWorkers: number;
  /** members started → pool settled, s */
  wallS: number;
  /** first run's start → last run's end, s */
  importS: number;
  entities: PoolEntity[];
  /** runs whose status is not done / warning / partial, and jobs pg-boss gave up */
  problems: string[];
  logs: string[];
}

interface LogRow {
  id: number;
  entity: string;
  status: string;
  started: Date | null;
  finished: Date | null;
  logged: number;
  failed: number;
}

/** When the bench saw a run start and end (ms, its clock), kept per operation-log row. */
interface Seen {
  row: LogRow;
  startMs: number;
  endMs?: number;
}

function client(conn: PgConn, database: string): pg.Client {
  return new pg.Client({ host: conn.host, port: conn.port, user: conn.user, password: conn.password, database });
}

/** A throwaway queue database (the bench's role has CREATEDB); the caller drops it. */
export async function createQueueDb(conn: PgConn, name: string): Promise<void> {
  await psql(conn, 'postgres', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await psql(conn, 'postgres', `CREATE DATABASE ${name}`);
}

/** The pool's config: the instance, every import hourly (so each fires once, at start), the queue. */
export function writePoolConfig(
  dir: string,
  sandbox: SandboxHandle,
  odoo: BenchOdoo,
  db: string,
  queueDb: string,
): string {
  const path = join(dir, `bc-odoo.pool.${db}.yaml`);
  const q = odoo.pg;
  writeFileSync(
    path,
    [
      'log_level: info',
      'instances:',
      `  - name: ${INSTANCE}`,
      '    bigcommerce:',
      `      store_hash: ${sandbox.storeHash}`,
      `      access_token: ${sandbox.accessToken}`,
      `      api_base_url: ${sandbox.url}`,
      '    odoo:',
      `      url: ${odoo.url}`,
      `      db: ${db}`,
      '      username: admin',
      '      password: admin',
      '      protocol: jsonrpc',
      // as the child import's config (stack.ts writeConfig): a page's workflow call can pass 60 s
      '      timeout_ms: 900000',
      '    schedule:',
      ...IMPORT_ENTITIES.map((e) => `      ${e}: { every: 1h }`),
      'daemon:',
      // port 0: N members on one machine; nothing here reads their metrics
      '  http: { host: 127.0.0.1, port: 0 }',
      'queue:',
      `  url: postgres://${q.user}:${q.password}@${q.host}:${q.port}/${queueDb}`,
      '  concurrency: 1',
      '  heartbeat_seconds: 30',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return path;
}

function startMember(config: string, logFile: string): { child: ChildProcess; exited: Promise<number | null> } {
  // The config file says everything: no BC_ODOO_* / ODOO_* variable of the bench's shell may override it.
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(BC_|ODOO_)/.test(k)) env[k] = v;
  const fd = openSync(logFile, 'w');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src', 'cli.ts'), 'daemon', '--config', config],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', fd, fd],
    },
  );
  closeSync(fd);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited };
}

async function readLog(c: pg.Client): Promise<LogRow[]> {
  const { rows } = await c.query<LogRow>(
    // Odoo keeps datetimes in UTC, without a zone
    `SELECT id, x_entity AS entity, x_status AS status,
            x_started AT TIME ZONE 'UTC' AS started, x_finished AT TIME ZONE 'UTC' AS finished,
            coalesce(x_created_count, 0) + coalesce(x_updated_count, 0) + coalesce(x_unchanged_count, 0)
              + coalesce(x_skipped_count, 0) + coalesce(x_failed_count, 0) AS logged,
            coalesce(x_failed_count, 0) AS failed
       FROM x_bc_operation_log WHERE x_entity IS NOT NULL ORDER BY id`,
  );
  return rows;
}

/** Per stream: done (completed), given up (failed), or neither yet; and how many jobs wait or run. */
async function queueState(c: pg.Client): Promise<{ completed: Set<string>; failed: Set<string>; unfinished: number }> {
  try {
    const done = await c.query<{ name: string; state: string }>(
      `SELECT DISTINCT name, state::text FROM ${QUEUE_SCHEMA}.job WHERE name LIKE 'bc-odoo.%' AND state IN ('completed', 'failed')
       UNION SELECT DISTINCT name, state::text FROM ${QUEUE_SCHEMA}.archive WHERE name LIKE 'bc-odoo.%' AND state IN ('completed', 'failed')`,
    );
    const open = await c.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${QUEUE_SCHEMA}.job WHERE name LIKE 'bc-odoo.%' AND state < 'completed'`,
    );
    return {
      completed: new Set(done.rows.filter((r) => r.state === 'completed').map((r) => r.name)),
      failed: new Set(done.rows.filter((r) => r.state === 'failed').map((r) => r.name)),
      unfinished: Number(open.rows[0]?.n ?? 0),
    };
  } catch (err) {
    // before the first member made pg-boss's schema
    if ((err as { code?: string }).code === '42P01') return { completed: new Set(), failed: new Set(), unfinished: 0 };
    throw err;
  }
}

/**
 * When a run really started or ended, from the bench's sighting (up to POLL_MS late, so taken
 * half a poll early) kept within the second Odoo stored (datetimes are whole seconds).
 */
export function refineMs(seenMs: number, storedSecondMs: number | undefined): number {
  const guess = seenMs - POLL_MS / 2;
  if (storedSecondMs === undefined) return guess;
  return Math.min(Math.max(guess, storedSecondMs), storedSecondMs + 999);
}

/** Per entity, the first start to the last end of its runs, relative to `t0`. */
export function entitySpans(seen: readonly Seen[], t0: number): PoolEntity[] {
  const by = new Map<string, Seen[]>();
  for (const s of seen) by.set(s.row.entity, [...(by.get(s.row.entity) ?? []), s]);
  return [...by].map(([entity, runs]) => {
    const start = Math.min(...runs.map((r) => refineMs(r.startMs, r.row.started?.getTime())));
    const end = Math.max(...runs.map((r) => refineMs(r.endMs ?? r.startMs, r.row.finished?.getTime())));
    return {
      entity,
      wallS: Math.max(0, end - start) / 1000,
      runs: runs.length,
      logged: runs.reduce((n, r) => n + r.row.logged, 0),
      failed: runs.reduce((n, r) => n + r.row.failed, 0),
      startS: (start - t0) / 1000,
      endS: (end - t0) / 1000,
    };
  });
}

/**
 * One pool import: N members started together against `odoo` (already running with N + 1
 * workers), watched until the pool is settled or `timeoutMs` passes, then stopped with SIGTERM.
 */
export async function poolImport(opts: {
  odoo: BenchOdoo;
  db: string;
  queueDb: string;
  sandbox: SandboxHandle;
  workers: number;
  odooWorkers: number;
  work: string;
  timeoutMs: number;
  log: (s: string) => void;
}): Promise<PoolRun> {
  const { odoo, db, queueDb, workers } = opts;
  const config = writePoolConfig(opts.work, opts.sandbox, odoo, db, queueDb);
  const odooDb = client(odoo.pg, db);
  const queue = client(odoo.pg, queueDb);
  await odooDb.connect();
  await queue.connect();
  const logs = Array.from({ length: workers }, (_, i) => join(opts.work, `pool${workers}-member${i + 1}.log`));
  const seen = new Map<number, Seen>();
  const problems: string[] = [];
  const t0 = Date.now();
  const members = logs.map((f) => startMember(config, f));
  let settledAt: number | undefined;
  try {
    for (;;) {
      const now = Date.now();
      for (const row of await readLog(odooDb)) {
        const s = seen.get(row.id) ?? { row, startMs: now };
        s.row = row;
        if (row.status !== 'running' && s.endMs === undefined) s.endMs = now;
        seen.set(row.id, s);
      }
      const q = await queueState(queue);
      const streams = IMPORT_ENTITIES.map((e) => `bc-odoo.${INSTANCE}.${e}`);
      if (q.unfinished === 0 && streams.every((s) => q.completed.has(s) || q.failed.has(s))) {
        settledAt = Date.now();
        for (const s of streams.filter((x) => !q.completed.has(x)))
          problems.push(`pool of ${workers}: ${s} was given up (pg-boss: failed)`);
        break;
      }
      if (members.every((m) => m.child.exitCode !== null || m.child.signalCode !== null))
        throw new Error(`every member of the pool of ${workers} ended before it settled; logs: ${logs.join(', ')}`);
      if (Date.now() - t0 > opts.timeoutMs)
        throw new Error(
          `the pool of ${workers} did not settle within ${Math.round(opts.timeoutMs / 60_000)} min; logs: ${logs.join(', ')}`,
        );
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } catch (err) {
    for (const f of logs)
      opts.log(`---- ${f} (last lines) ----\n${readFileSync(f, 'utf8').split('\n').slice(-15).join('\n')}`);
    throw err;
  } finally {
    await stopMembers(members);
    await odooDb.end().catch(() => undefined);
    await queue.end().catch(() => undefined);
  }
  const runs = [...seen.values()];
  for (const r of runs)
    if (!['done', 'warning', 'partial'].includes(r.row.status))
      problems.push(`pool of ${workers}: a ${r.row.entity} run ended "${r.row.status}" (operation log ${r.row.id})`);
  const entities = entitySpans(runs, t0);
  for (const e of entities)
    if (e.failed) problems.push(`pool of ${workers}: ${e.failed} ${e.entity} failed (operation log)`);
  const starts = runs.map((r) => refineMs(r.startMs, r.row.started?.getTime()));
  const ends = runs.map((r) => refineMs(r.endMs ?? r.startMs, r.row.finished?.getTime()));
  return {
    workers,
    odooWorkers: opts.odooWorkers,
    wallS: ((settledAt ?? Date.now()) - t0) / 1000,
    importS: runs.length ? (Math.max(...ends) - Math.min(...starts)) / 1000 : 0,
    entities,
    problems,
    logs,
  };
}

/** SIGTERM (a member finishes what it runs, here nothing), then SIGKILL after 60 s. */
async function stopMembers(members: { child: ChildProcess; exited: Promise<number | null> }[]): Promise<void> {
  for (const m of members) if (m.child.exitCode === null && m.child.signalCode === null) m.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    for (const m of members) if (m.child.exitCode === null && m.child.signalCode === null) m.child.kill('SIGKILL');
  }, 60_000);
  await Promise.all(members.map((m) => m.exited));
  clearTimeout(timer);
}
