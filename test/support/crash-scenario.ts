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
import { cliEnv, importBed, type ImportBed } from './import.js';
import { copyOfDatabase, type TestOdoo } from './odoo.js';
import { snapshot, type Snapshot } from './snapshot.js';

export type CrashEntity = 'categories' | 'products' | 'customers' | 'orders' | 'refunds';

/** The uninterrupted import of the sample store, in this order. */
const STEPS = ['categories', 'brands', 'products', 'customers', 'orders', 'refunds'] as const;
type Step = (typeof STEPS)[number];

/** What must be imported, uninterrupted, before an entity's import can be killed and rerun. */
const BEFORE: Record<CrashEntity, readonly Step[]> = {
  categories: [],
  products: STEPS.slice(0, 2),
  customers: STEPS.slice(0, 3),
  orders: STEPS.slice(0, 4),
  refunds: STEPS.slice(0, 5),
};

/**
 * The step after which the reference is taken that a scenario is compared with: the killed
 * entity's own import, which nothing downstream would add to (everything the rest of the import
 * reads of it is in the snapshot: bindings, what the bound records hold, counts). An orders
 * scenario imports the refunds too, so the orders are compared with their credit notes.
 */
const COMPARED_AFTER: Record<CrashEntity, Step> = {
  categories: 'categories',
  products: 'products',
  customers: 'customers',
  orders: 'refunds',
  refunds: 'refunds',
};

export class CrashBeds {
  private readonly beds: ImportBed[] = [];
  /**
   * Databases holding the sample store imported up to a step (key: the steps), kept while the
   * reference is built and copied for every scenario that starts there: a scenario costs its
   * killed import and its rerun, not the catalog again. A template is never used itself.
   */
  private readonly states = new Map<string, TestOdoo>();
  /** The reference after each step a scenario is compared at. */
  private readonly references = new Map<Step, Snapshot>();

  /** `entities`: those this file's scenarios kill; the reference keeps what they need. */
  constructor(private readonly entities: readonly CrashEntity[]) {}

  /**
   * The uninterrupted import of the sample store every scenario is compared with, in one chain:
   * a snapshot after each step a scenario is compared at, and a copy of the database before each
   * step a scenario kills (the chain goes on in a copy of that copy, since copying retires the
   * source).
   */
  async buildReference(): Promise<void> {
    let bed = await this.bed(await importBed('crashref', { store: 'sample' }));
    for (const [i, step] of STEPS.entries()) {
      const done = STEPS.slice(0, i);
      if (i > 0 && this.entities.some((e) => BEFORE[e].length === i)) {
        const state = await copyOfDatabase(bed.odoo, `state${i}`);
        this.states.set(done.join('+'), state);
        bed = await this.bed(await importBed(`crashref${i}`, { store: 'sample' }, await copyOfDatabase(state, 'ref')));
      }
      const ctx = await bed.context();
      await runImport(ctx, IMPORTERS[step]!);
      if (this.entities.some((e) => COMPARED_AFTER[e] === step))
        this.references.set(step, await snapshot(bed.admin, ctx.binder.module));
      if (this.entities.every((e) => STEPS.indexOf(COMPARED_AFTER[e]) <= i)) return;
    }
  }

  async close(): Promise<void> {
    for (const b of this.beds) await b.close();
  }

  /**
   * Kills `bc-odoo import <entity>` at `point`, reruns it, and compares the database with the
   * reference taken after the same imports.
   */
  async scenario(entity: CrashEntity, point: CrashPoint): Promise<void> {
    const reference = this.references.get(COMPARED_AFTER[entity])!;
    const bed = await this.bedBefore(entity, `crash${point.replace(/\W/g, '')}`);
    await killedImport(bed, entity, point);
    const ctx = await bed.context();
    const again = await runImport(ctx, IMPORTERS[entity]!);
    expect(again.failed, JSON.stringify(again.failures)).toBe(0);
    expect(
      again.updated + again.created,
      'the rerun finishes the interrupted work instead of calling it unchanged',
    ).toBeGreaterThan(0);
    if (entity === 'orders') await runImport(ctx, IMPORTERS.refunds!);
    const got = await snapshot(bed.admin, ctx.binder.module);
    expect(got.pending, 'no record left "pending"').toBe(0);
    expect(got.counts).toEqual(reference.counts);
    expect(got.totals).toEqual(reference.totals);
    expect(got.bindings).toEqual(reference.bindings);
    expect(got.orders).toEqual(reference.orders);
    expect(got.variants).toEqual(reference.variants);
    // A third run has nothing left to do.
    const third = await runImport(await bed.context(), IMPORTERS[entity]!, { full: true });
    expect(third).toMatchObject({ created: 0, updated: 0, failed: 0 });
  }

  /** A database with everything the entity depends on imported, uninterrupted. */
  private async bedBefore(entity: CrashEntity, label: string): Promise<ImportBed> {
    const steps = BEFORE[entity];
    if (!steps.length) return this.bed(await importBed(label, { store: 'sample' }));
    const state = this.states.get(steps.join('+'));
    if (!state) throw new Error(`no state before ${entity}: list it in new CrashBeds([...])`);
    return this.bed(await importBed(label, { store: 'sample' }, await copyOfDatabase(state, label)));
  }

  private bed(bed: ImportBed): ImportBed {
    this.beds.push(bed);
    return bed;
  }
}

/** `bc-odoo import <entity>` against the bed, killed at `point`. */
async function killedImport(bed: ImportBed, entity: CrashEntity, point: CrashPoint): Promise<void> {
  const r = await runCli(['import', entity], { ...cliEnv(bed), BC_ODOO_CRASH_AT: point }, 600_000);
  expect(r.code, `the import must die at ${point}: ${r.stderr.slice(-500)}`).toBe(-1);
}
