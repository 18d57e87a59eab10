/**
 * vitest globalSetup of the `odoo` project: one live Odoo for the whole run, started from
 * ODOO_HOME against the local PostgreSQL, with the template database every test file clones.
 * If Odoo cannot be started this throws, so the run fails: the live tests are never skipped.
 */
import type { TestProject } from 'vitest/node';
import { startOdoo, listDatabases, dropDatabase, type RunningOdoo } from '../../src/testbed/odoo-testbed.js';

export const DB_PREFIX = 'bcodoo_t_';

let odoo: RunningOdoo | undefined;

export async function setup(project: TestProject): Promise<void> {
  odoo = await startOdoo({ dbPrefix: DB_PREFIX });
  // Databases left by an interrupted earlier run would only waste disk.
  for (const db of await listDatabases(odoo.pg, DB_PREFIX)) await dropDatabase(odoo.pg, db).catch(() => undefined);
  project.provide('odoo', { url: odoo.url, template: odoo.template, pg: odoo.pg, major: odoo.major, logFile: odoo.logFile });
}

export async function teardown(): Promise<void> {
  if (!odoo) return;
  await odoo.stop();
  for (const db of await listDatabases(odoo.pg, DB_PREFIX)) await dropDatabase(odoo.pg, db).catch(() => undefined);
}

declare module 'vitest' {
  export interface ProvidedContext {
    odoo: {
      url: string;
      template: string;
      pg: { host: string; port: number; user: string; password: string };
      major: number;
      logFile: string;
    };
  }
}
