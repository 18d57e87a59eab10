/**
 * Databases holding the sample store imported up to a point, built once per vitest run and
 * copied by every test file that starts there (each file still gets its own database): a file
 * that only needs the catalog in Odoo does not import it again. Built lazily by the first file
 * that asks, under a lock shared by the fork workers: a marker file in the run's directory
 * (the global setup's `stateDir`) says a state is done and which database holds it.
 *
 * Only for files whose tests do not observe that import itself: a test asserting on an
 * import's own result runs the import.
 */
import { existsSync, openSync, closeSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMPORTERS } from '../../src/sync/importers.js';
import { pidIsAlive } from '../../src/daemon/lease.js';
import { runImport } from '../../src/sync/run-import.js';
import { importBed, type ImportBed } from './import.js';
import { copyOfDatabase, odooInfo, type TestOdoo } from './odoo.js';

/**
 * What each state imports (of the sample store), in one database from the template: a state
 * built from another would cost a database more, which Odoo loads anew (as slow as importing
 * the customers), and keep the two apart in time when both are wanted at once.
 */
const STATES = {
  catalog: ['categories', 'brands', 'products'],
  orders: ['categories', 'brands', 'products', 'customers', 'orders'],
} as const;
export type SharedState = keyof typeof STATES;

/** The imports a state holds, in order. */
export function sharedImports(state: SharedState): readonly string[] {
  return STATES[state];
}

/**
 * A bed (own database, own sandbox of the sample store) starting from `state`. The bed's
 * import cursors and bindings are the state's, as if the file had run those imports itself.
 */
export async function bedFrom(state: SharedState, label: string): Promise<ImportBed> {
  return importBed(label, { store: 'sample' }, await copyOfDatabase(await sharedState(state), label));
}

/**
 * The database holding `state`: a template, to copy (copyOfDatabase, or cloneUsedDatabase into
 * another Odoo on the same PostgreSQL and data directory), never to use.
 */
export async function sharedState(state: SharedState): Promise<TestOdoo> {
  const dir = odooInfo().stateDir;
  const done = join(dir, `${state}.json`);
  const lock = join(dir, `${state}.lock`);
  for (;;) {
    if (existsSync(done)) return JSON.parse(readFileSync(done, 'utf8')) as TestOdoo;
    let fd: number;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      // Another worker builds it; a lock whose owner died is taken over.
      const owner = ownerOf(lock);
      if (owner && !pidIsAlive(owner)) rmSync(lock, { force: true });
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      const odoo = await build(state);
      writeFileSync(`${done}.tmp`, JSON.stringify(odoo));
      renameSync(`${done}.tmp`, done);
      return odoo;
    } finally {
      rmSync(lock, { force: true });
    }
  }
}

async function build(state: SharedState): Promise<TestOdoo> {
  const bed = await importBed(`shared${state}`, { store: 'sample' });
  try {
    const ctx = await bed.context();
    for (const entity of STATES[state]) {
      const s = await runImport(ctx, IMPORTERS[entity]!);
      if (s.failed) throw new Error(`shared state ${state}: import ${entity} failed: ${JSON.stringify(s.failures)}`);
    }
    return bed.odoo;
  } finally {
    await bed.close();
  }
}

/** The pid in a lock file; 0 while it is being written or once it is gone. */
function ownerOf(lock: string): number {
  try {
    return Number(readFileSync(lock, 'utf8')) || 0;
  } catch {
    return 0;
  }
}
