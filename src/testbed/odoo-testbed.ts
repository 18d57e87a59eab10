/**
 * A live Odoo from source, for tests, benchmarks and the demo: starts PostgreSQL if it is
 * down, keeps a template database with the modules we import into (rebuilt only when the
 * module list or the Odoo source changes), and runs one Odoo server on a free loopback port
 * that serves any database cloned from that template (`createdb -T`, about a second).
 *
 * A database is its PostgreSQL database and its filestore (attachments: logos, icons, asset
 * bundles): the template's filestore is renamed with it, and copied (hard links: Odoo never
 * rewrites a stored file in place) into every clone, or pages of the clone answer HTTP 500.
 *
 * Everything here shells out to the tools Debian's postgresql and Odoo's own odoo-bin provide;
 * nothing is mocked. When Odoo cannot be found or started, `OdooTestbedError` says how to fix it.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const TEMPLATE_MODULES = ['sale_management', 'stock', 'account', 'website_sale'] as const;

export class OdooTestbedError extends Error {
  override readonly name = 'OdooTestbedError';
}

export interface TestbedOptions {
  /** Odoo source tree (odoo-bin, odoo/); default $ODOO_HOME or /opt/odoo/18.0 */
  odooHome?: string;
  /** Python that has Odoo's Debian dependencies; default /usr/bin/python3 */
  python?: string;
  modules?: readonly string[];
  /** where the Odoo server log goes; default .testbed/odoo-<port>.log under cwd */
  logDir?: string;
  /** prefix of databases this testbed creates (and may drop) */
  dbPrefix?: string;
  /** HTTP port; default a free one (a restart passes the port it had) */
  port?: number;
  /** told what is happening while the template database builds (a line about every 15 s); default silent */
  progress?: (line: string) => void;
  /**
   * HTTP worker processes (Odoo's prefork mode, as in production); default 0, one threaded
   * process. Requests are then served by these processes alone, each with its own limits:
   * see `preforkArgs`.
   */
  workers?: number;
}

/** Odoo's data directory (its filestore is `filestore/<database>` under it): Odoo's own default. */
export const ODOO_DATA_DIR = process.env.BC_ODOO_TESTBED_DATA_DIR ?? join(homedir(), '.local', 'share', 'Odoo');

export function filestoreOf(db: string): string {
  return join(ODOO_DATA_DIR, 'filestore', db);
}

export interface PgConn {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface RunningOdoo {
  url: string;
  port: number;
  template: string;
  pg: PgConn;
  odooHome: string;
  logFile: string;
  /** major version read from the source, e.g. 18 */
  major: number;
  stop(): Promise<void>;
}

const PG: PgConn = { host: '127.0.0.1', port: 5432, user: 'bcodoo', password: 'bcodoo' };

export function resolveOdooHome(opts: TestbedOptions = {}): string {
  const home = opts.odooHome ?? process.env.ODOO_HOME ?? '/opt/odoo/18.0';
  if (!existsSync(join(home, 'odoo-bin')) || !existsSync(join(home, 'odoo', 'release.py'))) {
    throw new OdooTestbedError(
      `Odoo source not found at ODOO_HOME=${home} (need ${home}/odoo-bin and ${home}/odoo/). ` +
        'Unpack an Odoo 18.0 source tree there, e.g. ' +
        '`mkdir -p /opt/odoo/18.0 && git --git-dir=<odoo 18 git dir> archive HEAD odoo odoo-bin debian/control | tar -x -C /opt/odoo/18.0`, ' +
        'or set ODOO_HOME to an existing Odoo 17/18/19 source tree. See README, "Odoo for tests".',
    );
  }
  return home;
}

export function odooMajorVersion(odooHome: string): number {
  const release = readFileSync(join(odooHome, 'odoo', 'release.py'), 'utf8');
  const m = /version_info\s*=\s*\(\s*(?:'saas~)?(\d+)/.exec(release);
  if (!m) throw new OdooTestbedError(`cannot read Odoo version from ${odooHome}/odoo/release.py`);
  return Number(m[1]);
}

/** Fingerprint of what the template depends on: modules asked for, Odoo version and the addons' manifests. */
export function templateKey(odooHome: string, modules: readonly string[]): string {
  const h = createHash('sha1');
  // "filestore": templates built before the filestore moved with them lack it, so they are rebuilt.
  h.update('filestore');
  h.update([...modules].sort().join(','));
  h.update(readFileSync(join(odooHome, 'odoo', 'release.py')));
  const addons = join(odooHome, 'odoo', 'addons');
  for (const name of readdirSync(addons).sort()) {
    const manifest = join(addons, name, '__manifest__.py');
    if (existsSync(manifest)) h.update(name).update(readFileSync(manifest));
  }
  return h.digest('hex').slice(0, 12);
}

function pgEnv(pg: PgConn): NodeJS.ProcessEnv {
  return { ...process.env, PGHOST: pg.host, PGPORT: String(pg.port), PGUSER: pg.user, PGPASSWORD: pg.password };
}

async function sh(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run(cmd, args, { env: env ?? process.env, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new OdooTestbedError(`${cmd} ${args.join(' ')} failed: ${(err.stderr || err.message).trim()}`);
  }
}

async function pgReady(pg: PgConn): Promise<boolean> {
  try {
    await run('pg_isready', ['-h', pg.host, '-p', String(pg.port)]);
    return true;
  } catch {
    return false;
  }
}

/** Starts the local PostgreSQL cluster when it is down and makes sure our login role exists. */
export async function ensurePostgres(pg: PgConn = PG): Promise<PgConn> {
  if (!(await pgReady(pg))) {
    const clusters = await sh('pg_lsclusters', ['--no-header']).catch(() => '');
    const first = clusters.trim().split('\n')[0]?.trim().split(/\s+/);
    if (!first || first.length < 2) {
      throw new OdooTestbedError(
        'no PostgreSQL cluster found: install the Debian package `postgresql` (scripts/install-system-deps.sh does)',
      );
    }
    await sh('pg_ctlcluster', [first[0]!, first[1]!, 'start']);
    for (let i = 0; i < 50 && !(await pgReady(pg)); i++) await sleep(200);
    if (!(await pgReady(pg))) throw new OdooTestbedError('PostgreSQL did not become ready on 127.0.0.1:5432');
  }
  // Odoo refuses to run as the `postgres` superuser, so tests use a role of their own.
  const sql =
    `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${pg.user}') THEN ` +
    `CREATE ROLE ${pg.user} LOGIN CREATEDB PASSWORD '${pg.password}'; END IF; END $$;`;
  try {
    await run('psql', ['-h', pg.host, '-p', String(pg.port), '-U', pg.user, '-d', 'postgres', '-c', 'select 1'], {
      env: pgEnv(pg),
    });
  } catch {
    await sh('runuser', ['-u', 'postgres', '--', 'psql', '-v', 'ON_ERROR_STOP=1', '-c', sql]);
  }
  return pg;
}

export async function databaseExists(pg: PgConn, name: string): Promise<boolean> {
  const out = await sh(
    'psql',
    ['-d', 'postgres', '-tAc', `SELECT 1 FROM pg_database WHERE datname = '${name}'`],
    pgEnv(pg),
  );
  return out.trim() === '1';
}

export async function listDatabases(pg: PgConn, prefix: string): Promise<string[]> {
  // Filtered here, not with LIKE: "_" is a LIKE wildcard and would match the template too.
  const out = await sh('psql', ['-d', 'postgres', '-tAc', 'SELECT datname FROM pg_database'], pgEnv(pg));
  return out
    .split('\n')
    .map((s) => s.trim())
    .filter((n) => n.startsWith(prefix));
}

export async function dropDatabase(pg: PgConn, name: string): Promise<void> {
  await sh('dropdb', ['--if-exists', '--force', name], pgEnv(pg));
  rmSync(filestoreOf(name), { recursive: true, force: true });
}

/** The database and its filestore. */
export async function cloneDatabase(pg: PgConn, template: string, name: string): Promise<void> {
  await sh('createdb', ['-T', template, name], pgEnv(pg));
  copyFilestore(template, name);
}

/**
 * A copy of a database Odoo has been serving, for a test to start from a state it built once
 * (an imported catalog…). PostgreSQL copies only a database nobody is connected to, so Odoo's
 * pooled connections to it are ended first: the source must not be used again afterwards.
 * Odoo may reconnect meanwhile (its pool, a cron), hence a few tries.
 */
export async function cloneUsedDatabase(pg: PgConn, source: string, name: string): Promise<void> {
  const end = `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${source.replace(/'/g, "''")}' AND pid <> pg_backend_pid()`;
  for (let attempt = 1; ; attempt++) {
    await sh('psql', ['-d', 'postgres', '-tAc', end], pgEnv(pg));
    try {
      await cloneDatabase(pg, source, name);
      return;
    } catch (err) {
      if (attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

function copyFilestore(from: string, to: string): void {
  const source = filestoreOf(from);
  if (!existsSync(source)) return;
  const target = filestoreOf(to);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(join(ODOO_DATA_DIR, 'filestore'), { recursive: true });
  try {
    // Hard links: a second per clone instead of copying every asset bundle.
    execFileSync('cp', ['-al', source, target]);
  } catch {
    cpSync(source, target, { recursive: true });
  }
}

/** Odoo 19 installs no demo data unless asked (--with-demo); 17 and 18 must be told not to. */
function noDemoData(home: string): string[] {
  return odooMajorVersion(home) >= 19 ? [] : ['--without-demo=all'];
}

/**
 * Odoo's prefork mode with `workers` HTTP processes. Odoo kills a worker whose request runs
 * longer than --limit-time-real (120 s) or uses more CPU than --limit-time-cpu (60 s): a
 * workflow call for a page of 250 orders takes longer than that on a busy machine, so both are
 * raised to 30 minutes, and the memory limits (2–2.5 GiB) to 3–4 GiB. The gevent process
 * (websockets) that prefork starts gets its own free port, not the fixed 8072 another Odoo may hold.
 */
function preforkArgs(workers: number, geventPort: number): string[] {
  return [
    `--workers=${workers}`,
    '--limit-time-real=1800',
    '--limit-time-cpu=1800',
    `--limit-memory-soft=${3 * 1024 ** 3}`,
    `--limit-memory-hard=${4 * 1024 ** 3}`,
    `--gevent-port=${geventPort}`,
  ];
}

function odooArgs(home: string, pg: PgConn, extra: string[]): string[] {
  return [
    join(home, 'odoo-bin'),
    `--addons-path=${join(home, 'odoo', 'addons')}`,
    `--db_host=${pg.host}`,
    `--db_port=${pg.port}`,
    `--db_user=${pg.user}`,
    `--db_password=${pg.password}`,
    `--data-dir=${ODOO_DATA_DIR}`,
    '--no-database-list',
    ...extra,
  ];
}

/** Builds the template database unless one with the same key exists. Serialised by a lock file. */
export async function ensureTemplate(opts: TestbedOptions = {}, pg: PgConn = PG): Promise<string> {
  const home = resolveOdooHome(opts);
  const modules = opts.modules ?? TEMPLATE_MODULES;
  const name = `bcodoo_tpl_${odooMajorVersion(home)}_${templateKey(home, modules)}`;
  if (await databaseExists(pg, name)) return name;
  const logDir = opts.logDir ?? join(process.cwd(), '.testbed');
  mkdirSync(logDir, { recursive: true });
  const building = `${name}_building`;
  await dropDatabase(pg, building);
  const logFile = join(logDir, `${building}.log`);
  const started = Date.now();
  const python = opts.python ?? '/usr/bin/python3';
  const report = opts.progress;
  report?.(`building the Odoo template database ${name} (first run only; ${TEMPLATE_BUILD_ESTIMATE}); log ${logFile}`);
  const ticker = report && setInterval(() => report(templateBuildProgress(Date.now() - started)), PROGRESS_EVERY_MS);
  const code = await new Promise<number>((resolve, reject) => {
    const fd = openSync(logFile, 'w');
    const p = spawn(
      python,
      odooArgs(home, pg, [
        '-d',
        building,
        '-i',
        modules.join(','),
        ...noDemoData(home),
        '--stop-after-init',
        '--log-level=warn',
      ]),
      {
        stdio: ['ignore', fd, fd],
      },
    );
    p.on('error', reject);
    p.on('exit', (c) => {
      closeSync(fd);
      resolve(c ?? 1);
    });
  }).finally(() => clearInterval(ticker));
  if (code !== 0) {
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
    throw new OdooTestbedError(`building the Odoo template database failed (exit ${code}); log ${logFile}:\n${tail}`);
  }
  // Rename only when complete, so an interrupted build is never taken for a template.
  rmSync(filestoreOf(name), { recursive: true, force: true });
  if (existsSync(filestoreOf(building))) renameSync(filestoreOf(building), filestoreOf(name));
  await sh('psql', ['-d', 'postgres', '-c', `ALTER DATABASE ${building} RENAME TO ${name}`], pgEnv(pg));
  process.stderr.write(`testbed: built template ${name} in ${Math.round((Date.now() - started) / 1000)} s\n`);
  return name;
}

const PROGRESS_EVERY_MS = 15_000;
const TEMPLATE_BUILD_ESTIMATE = 'usually 2–3 min';
const TEMPLATE_BUILD_USUAL_MS = 3 * 60_000;

/** One progress line of the template build, e.g. "… 0:45 elapsed, usually 2–3 min". */
export function templateBuildProgress(elapsedMs: number): string {
  const s = Math.round(elapsedMs / 1000);
  const elapsed = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  return elapsedMs > TEMPLATE_BUILD_USUAL_MS
    ? `still building the template: ${elapsed} elapsed, longer than the usual 2–3 min (a slow or busy machine)`
    : `building the template: ${elapsed} elapsed, ${TEMPLATE_BUILD_ESTIMATE}`;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Starts PostgreSQL (if needed), the template (if needed) and an Odoo server; resolves once it answers HTTP. */
export async function startOdoo(opts: TestbedOptions = {}): Promise<RunningOdoo> {
  const home = resolveOdooHome(opts);
  const python = opts.python ?? '/usr/bin/python3';
  if (!existsSync(python))
    throw new OdooTestbedError(`${python} not found: Odoo runs on Debian's python3 with its Debian dependencies`);
  const pg = await ensurePostgres();
  const template = await ensureTemplate(opts, pg);
  const port = opts.port ?? (await freePort());
  const logDir = opts.logDir ?? join(process.cwd(), '.testbed');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `odoo-${port}.log`);
  const fd = openSync(logFile, 'w');
  const prefix = opts.dbPrefix ?? 'bcodoo_t_';
  const workers = opts.workers ?? 0;
  const child: ChildProcess = spawn(
    python,
    odooArgs(home, pg, [
      `--http-port=${port}`,
      '--http-interface=127.0.0.1',
      ...(workers > 0 ? preforkArgs(workers, await freePort()) : ['--workers=0']),
      '--max-cron-threads=0',
      `--db-filter=^${prefix}.*$`,
      '--log-level=warn',
      ...noDemoData(home),
    ]),
    { stdio: ['ignore', fd, fd], detached: false },
  );
  closeSync(fd);
  let exited: number | null = null;
  child.on('exit', (c) => {
    exited = c ?? -1;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited !== null) {
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
      throw new OdooTestbedError(`Odoo exited with code ${exited} while starting; log ${logFile}:\n${tail}`);
    }
    try {
      const res = await fetch(`${url}/web/webclient/version_info`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: {} }),
      });
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new OdooTestbedError(`Odoo did not answer on ${url} within 120 s; log ${logFile}`);
    }
    await sleep(250);
  }
  return {
    url,
    port,
    template,
    pg,
    odooHome: home,
    logFile,
    major: odooMajorVersion(home),
    async stop() {
      if (exited === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await new Promise<void>((r) => (exited !== null ? r() : child.once('exit', () => r())));
        clearTimeout(t);
      }
    },
  };
}

/**
 * What in an Odoo server log says a page broke: an HTTP 500 (Odoo logs "Exception during
 * request handling." with its traceback) or a missing attachment file. Errors of the RPC
 * endpoints (/jsonrpc, /json/2; in odoo/addons/rpc from Odoo 19) are left out: Odoo answers
 * them with a JSON error body that the client reads (tests provoke them on purpose). One line per finding.
 */
export function brokenRequests(logFile: string): string[] {
  if (!existsSync(logFile)) return [];
  const entries = readFileSync(logFile, 'utf8').split(/\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ )/);
  return entries
    .filter((entry) => /Exception during request handling|FileNotFoundError/.test(entry))
    .filter((entry) => !/controllers\/(rpc|json2|jsonrpc)\.py"/.test(entry))
    .map((entry) => {
      const lines = entry.split('\n');
      const cause = lines.filter((l) => /^\w*(Error|Exception)\b/.test(l)).at(-1) ?? '';
      return `${lines[0]!.slice(0, 200)} ${cause.slice(0, 200)}`.trim();
    });
}
