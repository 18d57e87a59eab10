/**
 * Odoo stopped under a running import (issue 18): `bc-odoo import orders` pauses after the
 * invoices were made (src/sync/crash-points.ts), Odoo is stopped, the import goes on against
 * a dead Odoo and ends, Odoo comes back, and the next `bc-odoo import orders` closes the
 * stopped run's log record as interrupted and finishes its work: the database then equals an
 * uninterrupted import's. This file runs its own Odoo, since it stops it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneUsedDatabase, startOdoo, type RunningOdoo } from '../../src/testbed/odoo-testbed.js';
import { IMPORTERS } from '../../src/sync/importers.js';
import { runImport } from '../../src/sync/run-import.js';
import { runCli } from '../support/cli.js';
import { cliEnv, importBed, type ImportBed } from '../support/import.js';
import { sharedState } from '../support/shared-state.js';
import { snapshot } from '../support/snapshot.js';

const PREFIX = `bcodoo_rs${process.pid}_`;
let odoo: RunningOdoo;
const beds: ImportBed[] = [];

/**
 * Catalog and customers imported, uninterrupted: what an orders import needs. The catalog is a
 * copy of the run's shared state, served by this file's Odoo (same PostgreSQL and data
 * directory; the copy keeps the state's credentials).
 */
async function bedForOrders(label: string): Promise<ImportBed> {
  const state = await sharedState('catalog');
  const db = `${PREFIX}${label}_${randomBytes(3).toString('hex')}`;
  await cloneUsedDatabase(odoo.pg, state.db, db);
  const bed = await importBed(label, { store: 'sample' }, { ...state, url: odoo.url, db });
  beds.push(bed);
  await runImport(await bed.context(), IMPORTERS.customers!);
  return bed;
}

async function until(what: string, probe: () => boolean, timeoutMs = 300_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  odoo = await startOdoo({ dbPrefix: PREFIX });
}, 300_000);
afterAll(async () => {
  for (const b of beds) await b.close();
  await odoo?.stop();
});

describe('Odoo stopped and restarted under an import', () => {
  it('the next run closes the stopped one as interrupted and finishes its work, as if nothing happened', async () => {
    const reference = await bedForOrders('ref');
    const refCtx = await reference.context();
    await runImport(refCtx, IMPORTERS.orders!);
    await runImport(refCtx, IMPORTERS.refunds!);
    const want = await snapshot(reference.admin, refCtx.binder.module);

    const bed = await bedForOrders('stopped');
    const pause = join(mkdtempSync(join(tmpdir(), 'bc-odoo-restart-')), 'paused');
    const run = runCli(
      ['import', 'orders'],
      { ...cliEnv(bed), BC_ODOO_CRASH_AT: 'orders:invoice', BC_ODOO_PAUSE_FILE: pause },
      600_000,
    );
    await until('the import to reach the invoices', () => existsSync(pause));
    await odoo.stop();
    writeFileSync(`${pause}.go`, '');
    const stopped = await run;
    expect(stopped.code, 'an import whose Odoo went away fails').not.toBe(0);

    odoo = await startOdoo({ dbPrefix: PREFIX, port: odoo.port });
    const again = await runCli(['import', 'orders', '--json'], cliEnv(bed), 600_000);
    expect(again.code, again.stderr.slice(-2000)).toBe(0);
    const logs = await bed.admin.searchRead<{ x_status: string; x_message: string | false }>(
      'x_bc_operation_log',
      [
        ['x_operation', '=', 'import'],
        ['x_entity', '=', 'orders'],
      ],
      ['x_status', 'x_message'],
      { order: 'id' },
    );
    // The rerun ends like an uninterrupted one: done, or "done with warnings" when it warned.
    const [summary] = JSON.parse(again.stdout) as { failed: number; warnings: number }[];
    expect(summary?.failed).toBe(0);
    expect(logs.map((l) => l.x_status)).toEqual(['interrupted', summary!.warnings ? 'warning' : 'done']);

    const ctx = await bed.context();
    await runImport(ctx, IMPORTERS.refunds!);
    const got = await snapshot(bed.admin, ctx.binder.module);
    expect(got.pending).toBe(0);
    expect(got.counts).toEqual(want.counts);
    expect(got.orders).toEqual(want.orders);
  }, 1_200_000);
});
