/**
 * More failures than the report keeps (500): the run's decisions read the uncapped failure
 * record, never the report. 600 orders fail in one run (no status map entry for their
 * status), every one is parked; once the mapping is fixed, the next incremental run retries
 * every one of them first and imports all 600, and nothing stays parked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderAction } from '../../src/config/index.js';
import { readSyncState } from '../../src/sync/cursor.js';
import { orderImporter } from '../../src/sync/order/importer.js';
import { runImport } from '../../src/sync/run-import.js';
import { importBed, importCatalog, type ImportBed } from '../support/import.js';

const ORDERS = 600;
let bed: ImportBed;
let instanceId: number;

beforeAll(async () => {
  bed = await importBed('many-failures', {
    store: 'scale',
    scale: { products: 3, variants: 1, customers: 10, orders: ORDERS, seed: 5 },
    quota: { requests: 1_000_000, windowMs: 30_000 },
  });
  const ctx = await bed.context();
  instanceId = ctx.instanceId;
  await importCatalog(ctx);
}, 600_000);
afterAll(() => bed?.close());

/** What a user does by editing orders.status_map in the config file between runs. */
function setStatusMap(map: Record<number, OrderAction>): void {
  Object.assign(bed.instance.orders, { statusMap: map });
}

async function parkedIds(): Promise<string[]> {
  const rows = await bed.admin.searchRead<{ x_bc_id: string }>(
    'x_bc_parked',
    [
      ['x_instance_id', '=', instanceId],
      ['x_entity', '=', 'orders'],
    ],
    ['x_bc_id'],
  );
  return rows.map((r) => r.x_bc_id).sort();
}

describe('a run with more failures than the report keeps', () => {
  const allIds = () =>
    bed.sandbox.store.orders
      .all()
      .map((o) => String(o.id))
      .sort();

  it('fails and parks every one of 600 orders, while the report keeps 500', async () => {
    setStatusMap({}); // no status has an action: every order fails
    const s = await runImport(await bed.context(), orderImporter);
    expect(s.failed).toBe(ORDERS);
    expect(s.failures).toHaveLength(500);
    expect(s.created).toBe(0);
    expect(s.parked).toBe(ORDERS);
    expect(await parkedIds()).toEqual(allIds());
    const cursor = (await readSyncState(bed.admin, instanceId, 'orders'))?.cursor;
    expect(cursor, 'the cursor moves: every failure is parked and retried first').toBeDefined();
  }, 600_000);

  it('the next incremental run retries all 600 first, imports them, and leaves nothing parked', async () => {
    setStatusMap(
      Object.fromEntries(
        [...new Set(bed.sandbox.store.orders.all().map((o) => o.statusId))].map((id) => [id, 'quotation' as const]),
      ),
    );
    const s = await runImport(await bed.context(), orderImporter);
    expect(s.from, 'incremental: it starts from the cursor').toBeDefined();
    expect(s.failed).toBe(0);
    expect(s.created).toBe(ORDERS);
    expect(s.parked).toBe(0);
    expect(await parkedIds()).toEqual([]);
    const bound = await bed.admin.searchCount('ir.model.data', [
      ['module', '=', (await bed.context()).binder.module],
      ['name', '=like', 'order\\_%'],
      ['model', '=', 'sale.order'],
    ]);
    expect(bound).toBe(ORDERS);
  }, 900_000);
});
