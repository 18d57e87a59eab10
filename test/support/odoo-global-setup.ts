/**
 * vitest globalSetup of the `odoo` project: one live Odoo for the whole run, started from
 * ODOO_HOME against the local PostgreSQL, with the template database every test file clones.
 * If Odoo cannot be started this throws, so the run fails: the live tests are never skipped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { pidIsAlive } from '../../src/daemon/lease.js';
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

let odoo: RunningOdoo | undefined;
let stateDir: string | undefined;

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
  odoo = await startOdoo({ dbPrefix: RUN_PREFIX });
  const protocol = testProtocol(odoo.major);
  // Databases of runs that died without cleaning up would only waste disk.
  for (const db of await listDatabases(odoo.pg, DB_PREFIX)) {
    const pid = Number(/^bcodoo_t_(\d+)_/.exec(db)?.[1]);
    if (!pid || !pidIsAlive(pid)) await dropDatabase(odoo.pg, db).catch(() => undefined);
  }
  stateDir = mkdtempSync(join(tmpdir(), 'bc-odoo-states-'));
  project.provide('odoo', {
    url: odoo.url,
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
  if (!odoo) return;
  await odoo.stop();
  for (const db of await listDatabases(odoo.pg, RUN_PREFIX)) await dropDatabase(odoo.pg, db).catch(() => undefined);
  const broken = brokenRequests(odoo.logFile);
  if (broken.length)
    throw new Error(
      `Odoo's log (${odoo.logFile}) shows ${broken.length} broken request(s) (HTTP 500 or a missing file):\n` +
        broken.slice(0, 10).join('\n'),
    );
}

declare module 'vitest' {
  export interface ProvidedContext {
    odoo: {
      url: string;
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
