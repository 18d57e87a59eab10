/**
 * The bench's pieces around the import: its own Odoo server (the testbed's, serving only
 * `bcodoo_bench_*` databases), fresh databases cloned from the test template, the one-time
 * preparation a merchant would do before importing (bc-odoo setup, EUR active with a
 * pricelist, since the scale store sells in USD and EUR), the CPU time of Odoo and of the
 * PostgreSQL backends serving a database, and the import child process.
 */
import { execFile, fork } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { OdooClient } from '../src/odoo/client.js';
import { runSetup } from '../src/odoo/setup/apply.js';
import type { SandboxHandle } from '../src/sandbox/index.js';
import { cloneDatabase, dropDatabase, startOdoo, type PgConn, type RunningOdoo } from '../src/testbed/odoo-testbed.js';
import type { ChildResult } from './import-child.js';

const run = promisify(execFile);
export const BENCH_DB_PREFIX = `bcodoo_bench_${process.pid}_`;
const CLK_TCK = 100;

export interface BenchOdoo extends RunningOdoo {
  pid: number;
}

/** The bench's Odoo server; `workers` > 0: prefork mode with that many HTTP processes (the pool's runs). */
export async function startBenchOdoo(opts: { workers?: number } = {}): Promise<BenchOdoo> {
  const odoo = await startOdoo({ dbPrefix: BENCH_DB_PREFIX, workers: opts.workers ?? 0 });
  const pid = findPid(`--http-port=${odoo.port}`);
  if (!pid) throw new Error(`cannot find the Odoo server process on port ${odoo.port}`);
  return Object.assign(odoo, { pid });
}

/** The process whose command line contains `needle` (and is not us). */
export function findPid(needle: string): number | undefined {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').includes(needle)) return Number(d);
    } catch {
      /* gone */
    }
  }
  return undefined;
}

/** user + system CPU of a process (all its threads), ms; 0 when it is gone. */
export function procCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
  } catch {
    return 0;
  }
}

function pgEnv(pg: PgConn): NodeJS.ProcessEnv {
  return { ...process.env, PGHOST: pg.host, PGPORT: String(pg.port), PGUSER: pg.user, PGPASSWORD: pg.password };
}

export async function psql(pg: PgConn, db: string, sql: string): Promise<string> {
  const { stdout } = await run('psql', ['-d', db, '-tAc', sql], { env: pgEnv(pg) });
  return stdout.trim();
}

/** CPU of Odoo's server process and of every PostgreSQL backend connected to `db`, ms, per pid. */
export interface CpuReading {
  odooMs: number;
  pg: Map<number, number>;
}

export async function readCpu(odooPid: number, pg: PgConn, db: string): Promise<CpuReading> {
  const pids = (await psql(pg, 'postgres', `SELECT pid FROM pg_stat_activity WHERE datname = '${db}'`))
    .split('\n')
    .filter(Boolean)
    .map(Number);
  return { odooMs: procCpuMs(odooPid), pg: new Map(pids.map((p) => [p, procCpuMs(p)])) };
}

/** Odoo and PostgreSQL CPU between two readings (a backend that appeared in between counts whole). */
export function cpuBetween(a: CpuReading, b: CpuReading): { odooMs: number; pgMs: number } {
  let pgMs = 0;
  for (const [pid, ms] of b.pg) pgMs += ms - (a.pg.get(pid) ?? 0);
  return { odooMs: b.odooMs - a.odooMs, pgMs };
}

export async function freshDb(odoo: RunningOdoo, label: string): Promise<string> {
  const name = `${BENCH_DB_PREFIX}${label}`;
  await dropDatabase(odoo.pg, name);
  await cloneDatabase(odoo.pg, odoo.template, name);
  return name;
}

export function adminClient(odoo: RunningOdoo, db: string): Promise<OdooClient> {
  return OdooClient.connect({
    url: odoo.url,
    db,
    username: 'admin',
    password: 'admin',
    protocol: 'jsonrpc',
    timeoutMs: 900_000,
  });
}

/** For the in-process baseline: what bc-odoo's order import does first, EUR active with a pricelist in it. */
export async function enableEur(admin: OdooClient): Promise<void> {
  const [eur] = await admin.searchRead<{ id: number; active: boolean }>(
    'res.currency',
    [
      ['name', '=', 'EUR'],
      ['active', 'in', [true, false]],
    ],
    ['active'],
  );
  if (!eur) throw new Error('EUR is not in this Odoo');
  if (!eur.active) await admin.write('res.currency', [eur.id], { active: true });
  const has = await admin.search('product.pricelist', [['currency_id', '=', eur.id]]);
  if (!has.length) await admin.create('product.pricelist', [{ name: 'Euro', currency_id: eur.id }]);
}

/** A database ready for bc-odoo: cloned and `bc-odoo setup` run (orders activate EUR themselves). */
export async function importDb(odoo: RunningOdoo, label: string): Promise<string> {
  const db = await freshDb(odoo, label);
  const admin = await adminClient(odoo, db);
  await runSetup(admin);
  return db;
}

export function writeConfig(dir: string, sandbox: SandboxHandle, odoo: RunningOdoo, db: string, label: string): string {
  const path = join(dir, `bc-odoo.${label}.yaml`);
  // Odoo's timeout is raised from the default 60 s: a batch of 250 orders' invoices on a
  // loaded 2-core machine can take longer, and the bench measures, it does not test timeouts.
  writeFileSync(
    path,
    [
      'log_level: warn',
      'instances:',
      '  - name: bench',
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
      '      timeout_ms: 900000',
      '',
    ].join('\n'),
  );
  return path;
}

export interface ChildRun {
  result: ChildResult;
  /** per mark ("products:start", ...) the CPU readings taken while the child waited */
  cpu: Map<string, CpuReading>;
  /** the child's VmHWM as the parent saw it, sampled every 200 ms (a cross-check) */
  sampledPeakRssMb: number;
  exitCode: number;
}

/** Runs bench/import-child.ts with tsx, answering its marks with CPU readings. */
export async function runImportChild(
  odoo: BenchOdoo,
  db: string,
  configPath: string,
  outPath: string,
  extra: string[] = [],
): Promise<ChildRun> {
  const cpu = new Map<string, CpuReading>();
  const args = ['--config', configPath, '--out', outPath, ...extra];
  const child = fork(join(import.meta.dirname, 'import-child.ts'), args, {
    // --expose-gc only to read the live heap after each entity (after its time was taken)
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let sampled = 0;
  const sampler = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) sampled = Math.max(sampled, Number(m[1]) / 1024);
    } catch {
      /* exited */
    }
  }, 200);
  child.on('message', (m: unknown) => {
    const name = (m as { mark?: string }).mark;
    if (!name) return;
    void readCpu(odoo.pid, odoo.pg, db).then((r) => {
      cpu.set(name, r);
      child.send({ ack: true });
    });
  });
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (c) => resolve(c ?? 1));
  });
  clearInterval(sampler);
  const result = JSON.parse(readFileSync(outPath, 'utf8')) as ChildResult;
  return { result, cpu, sampledPeakRssMb: sampled, exitCode };
}

/** What a database holds after an import, to check that both sides did the same work (keys in a fixed order: compared as JSON). */
export async function workCounts(pg: PgConn, db: string): Promise<Record<string, unknown>> {
  const q = `SELECT json_build_object(
    'templates', (SELECT count(*) FROM product_template),
    'variants_active', (SELECT count(*) FROM product_product WHERE active),
    'variants_archived', (SELECT count(*) FROM product_product WHERE NOT active),
    'gallery_images', (SELECT count(*) FROM product_image),
    'image_attachments', (SELECT count(*) FROM ir_attachment WHERE res_model IN ('product.template', 'product.product', 'product.image')),
    'partners', (SELECT count(*) FROM res_partner),
    'sale_orders', (SELECT json_object_agg(state, n ORDER BY state) FROM (SELECT state, count(*) n FROM sale_order GROUP BY state) x),
    'sale_lines', (SELECT count(*) FROM sale_order_line),
    'sale_total', (SELECT round(sum(amount_total), 2) FROM sale_order),
    'invoices_posted', (SELECT count(*) FROM account_move WHERE move_type = 'out_invoice' AND state = 'posted'),
    'customer_payments', (SELECT count(*) FROM account_payment WHERE payment_type = 'inbound'),
    'pickings', (SELECT count(*) FROM stock_picking),
    'stock_on_hand', (SELECT coalesce(sum(q.quantity), 0) FROM stock_quant q JOIN stock_location l ON l.id = q.location_id WHERE l.usage = 'internal'))`;
  return JSON.parse(await psql(pg, db, q.replace(/\s+/g, ' '))) as Record<string, unknown>;
}
