/**
 * Crash safety, live (issue 18): an import killed with SIGKILL at a named step
 * (src/sync/crash-points.ts), then run again, leaves Odoo exactly as an uninterrupted import of
 * the same store does — same orders, lines, states, posted invoices, payments, credit notes and
 * their payments, variants and bindings — with no duplicate and nothing reported "unchanged"
 * while half done. The scenarios are spread over two test files so that they run side by side.
 */
import { expect } from 'vitest';
import type { CrashPoint } from '../../src/sync/crash-points.js';
import { IMPORTERS } from '../../src/sync/importers.js';
import { runImport } from '../../src/sync/run-import.js';
import { runCli } from './cli.js';
import { cliEnv, importBed, importCatalog, type ImportBed } from './import.js';
import { copyOfDatabase, type TestOdoo } from './odoo.js';
import { snapshot, type Snapshot } from './snapshot.js';

export type CrashEntity = 'categories' | 'products' | 'customers' | 'orders' | 'refunds';

/** What must be imported, in this order, before an entity's import can be killed and rerun. */
const STEPS = ['categories', 'brands', 'products', 'customers', 'orders'] as const;
type Step = (typeof STEPS)[number];
const BEFORE: Record<CrashEntity, readonly Step[]> = {
  categories: [],
  products: ['categories', 'brands'],
  customers: ['categories', 'brands', 'products'],
  orders: ['categories', 'brands', 'products', 'customers'],
  refunds: STEPS,
};

export class CrashBeds {
  private readonly beds: ImportBed[] = [];
  /**
   * Databases holding the sample store imported up to a step (key: the steps), built once and
   * copied for every scenario that starts there: a scenario costs its killed import and its
   * rerun, not the catalog again. A template is never used itself once copied.
   */
  private readonly states = new Map<string, Promise<TestOdoo>>();
  private reference?: Snapshot;

  /** The uninterrupted import of the sample store every scenario is compared with. */
  async buildReference(): Promise<void> {
    const bed = await this.bedBefore('orders', 'crashref');
    const ctx = await bed.context();
    await runImport(ctx, IMPORTERS.orders!);
    await runImport(ctx, IMPORTERS.refunds!);
    this.reference = await snapshot(bed.admin, ctx.binder.module);
  }

  async close(): Promise<void> {
    for (const b of this.beds) await b.close();
  }

  /** Kills `bc-odoo import <entity>` at `point`, reruns it, and compares with the reference. */
  async scenario(entity: CrashEntity, point: CrashPoint): Promise<void> {
    const reference = this.reference!;
    const bed = await this.bedBefore(entity, `crash${point.replace(/\W/g, '')}`);
    await killedImport(bed, entity, point);
    const ctx = await bed.context();
    const again = await runImport(ctx, IMPORTERS[entity]!);
    expect(again.failed, JSON.stringify(again.failures)).toBe(0);
    expect(
      again.updated + again.created,
      'the rerun finishes the interrupted work instead of calling it unchanged',
    ).toBeGreaterThan(0);
    if (entity === 'categories') await importCatalog(ctx);
    if (entity === 'products' || entity === 'categories') await runImport(ctx, IMPORTERS.customers!);
    if (['categories', 'products', 'customers'].includes(entity)) await runImport(ctx, IMPORTERS.orders!);
    if (entity !== 'refunds') await runImport(ctx, IMPORTERS.refunds!);
    const got = await snapshot(bed.admin, ctx.binder.module);
    expect(got.pending, 'no record left "pending"').toBe(0);
    expect(got.counts).toEqual(reference.counts);
    expect(got.orders).toEqual(reference.orders);
    expect(got.variants).toEqual(reference.variants);
    // A third run has nothing left to do.
    const third = await runImport(await bed.context(), IMPORTERS[entity]!, { full: true });
    expect(third).toMatchObject({ created: 0, updated: 0, failed: 0 });
  }

  /** A database with everything the entity depends on imported, uninterrupted. */
  private async bedBefore(entity: CrashEntity, label: string): Promise<ImportBed> {
    const steps = BEFORE[entity];
    const bed = steps.length
      ? await importBed(label, { store: 'sample' }, await copyOfDatabase(await this.state(steps), label))
      : await importBed(label, { store: 'sample' });
    this.beds.push(bed);
    return bed;
  }

  /** The template database with the sample store imported through `steps`. */
  private state(steps: readonly Step[]): Promise<TestOdoo> {
    const key = steps.join('+');
    let state = this.states.get(key);
    if (!state) {
      state = this.buildState(steps);
      this.states.set(key, state);
    }
    return state;
  }

  private async buildState(steps: readonly Step[]): Promise<TestOdoo> {
    const bed = await importBed(`state${steps.length}`, { store: 'sample' });
    try {
      const ctx = await bed.context();
      for (const step of steps) await runImport(ctx, IMPORTERS[step]!);
      return bed.odoo;
    } finally {
      await bed.close();
    }
  }
}

/** `bc-odoo import <entity>` against the bed, killed at `point`. */
async function killedImport(bed: ImportBed, entity: CrashEntity, point: CrashPoint): Promise<void> {
  const r = await runCli(['import', entity], { ...cliEnv(bed), BC_ODOO_CRASH_AT: point }, 600_000);
  expect(r.code, `the import must die at ${point}: ${r.stderr.slice(-500)}`).toBe(-1);
}
