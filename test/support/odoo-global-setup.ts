/**
 * vitest globalSetup of the `odoo` project: live Odoo servers for the whole run, started from
 * ODOO_HOME against the local PostgreSQL, with the template database every test file clones.
 * If Odoo cannot be started this throws, so the run fails: the live tests are never skipped.
 *
 * One threaded server per test worker (forks.ts). A threaded Odoo runs its Python on one
 * core whatever its requests (the interpreter lock): one server for both workers sat at 100%
 * of a core. Two test files measured 147 s on one server, 134 s on one each. Prefork was
 * slower (214 s: each worker process loads the registry of every database it serves, and
 * every test file has its own). A server serves any of the run's databases, so a state one
 * worker built is served to the other by its own server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { pidIsAlive } from '../../src/daemon/lease.js';
import { TEST_FORKS } from './forks.js';
import {
  brokenRequests,
  dropDatabase,
  listDatabases,
  startOdoo,
  type RunningOdoo,
} from '../../src/testbed/odoo-testbed.js';

export const DB_PREFIX = 'bcodoo_t_';
/** This run's databases: other runs on the same machine (and their Odoo) are left alone. */
const RUN_PREFIX = `${DB_PREFIX}${process.pid}_`;

/** One per test worker (forks.ts). */
const SERVERS = TEST_FORKS;

let servers: RunningOdoo[] = [];
let stateDir: string | undefined;

/**
 * PostgreSQL's default 100 connections, shared: 64 for the servers (what one server held
 * before), the rest for the tests' own clients (the pool test's queue databases, pg clients).
 */
function connectionsPerServer(servers: number): number {
  return Math.max(16, Math.floor(64 / servers));
}

/** BC_ODOO_TEST_PROTOCOL: how bc-odoo talks to Odoo in this run; /json/2 exists from Odoo 19. */
function testProtocol(major: number): 'jsonrpc' | 'json2' {
  const wanted = process.env.BC_ODOO_TEST_PROTOCOL || 'jsonrpc';
  if (wanted !== 'jsonrpc' && wanted !== 'json2')
    throw new Error(`BC_ODOO_TEST_PROTOCOL=${wanted}: use jsonrpc (the default) or json2 (Odoo 19+)`);
  if (wanted === 'json2' && major < 19)
    throw new Error(`BC_ODOO_TEST_PROTOCOL=json2 needs Odoo 19 or later; ODOO_HOME holds Odoo ${major}`);
  return wanted;
}

export async function setup(project: TestProject): Promise<void> {
  // The first makes the template if need be; the others then start in seconds.
  const opts = { dbPrefix: RUN_PREFIX, dbMaxConn: connectionsPerServer(SERVERS) };
  servers = [await startOdoo(opts)];
  while (servers.length < SERVERS) servers.push(await startOdoo(opts));
  const odoo = servers[0]!;
  const protocol = testProtocol(odoo.major);
  // Databases of runs that died without cleaning up would only waste disk.
  for (const db of await listDatabases(odoo.pg, DB_PREFIX)) {
    const pid = Number(/^bcodoo_t_(\d+)_/.exec(db)?.[1]);
    if (!pid || !pidIsAlive(pid)) await dropDatabase(odoo.pg, db).catch(() => undefined);
  }
  stateDir = mkdtempSync(join(tmpdir(), 'bc-odoo-states-'));
  project.provide('odoo', {
    url: odoo.url,
    urls: servers.map((o) => o.url),
    template: odoo.template,
    pg: odoo.pg,
    major: odoo.major,
    protocol,
    logFile: odoo.logFile,
    dbPrefix: RUN_PREFIX,
    stateDir,
  });
}

/** Fails the run when Odoo answered any request with HTTP 500 or missed an attachment file. */
export async function teardown(): Promise<void> {
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  if (!servers.length) return;
  await Promise.all(servers.map((o) => o.stop()));
  const pg = servers[0]!.pg;
  for (const db of await listDatabases(pg, RUN_PREFIX)) await dropDatabase(pg, db).catch(() => undefined);
  const broken = servers.flatMap((o) => brokenRequests(o.logFile).map((line) => `${o.logFile}: ${line}`));
  if (broken.length)
    throw new Error(
      `Odoo's logs show ${broken.length} broken request(s) (HTTP 500 or a missing file):\n` +
        broken.slice(0, 10).join('\n'),
    );
}

declare module 'vitest' {
  export interface ProvidedContext {
    odoo: {
      /** the first server's (test/support/odoo.ts picks the worker's own: serverUrl) */
      url: string;
      /** every server of the run, one per test worker */
      urls: string[];
      template: string;
      pg: { host: string; port: number; user: string; password: string };
      major: number;
      /** what bc-odoo speaks to Odoo in this run (BC_ODOO_TEST_PROTOCOL) */
      protocol: 'jsonrpc' | 'json2';
      logFile: string;
      /** prefix of this run's databases (Odoo's db-filter) */
      dbPrefix: string;
      /** where test files share the states of test/support/shared-state.ts (this run's) */
      stateDir: string;
    };
  }
}
