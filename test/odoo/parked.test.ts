/**
 * Parked records against a live Odoo: an order BigCommerce sends in a shape our schema cannot
 * read fails alone, is parked with its reason, and does not freeze the entity — the cursor
 * moves past it, later runs stay incremental and retry it first, a dry run lists it, and once
 * the store sends it readable again it imports and leaves the list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STATUS_MAP } from '../../src/config/index.js';
import { readSyncState } from '../../src/sync/cursor.js';
import { orderImporter } from '../../src/sync/order/importer.js';
import { runImport } from '../../src/sync/run-import.js';
import type { ImportContext } from '../../src/sync/context.js';
import { bigCommerceClient } from '../../src/sync/instance-clients.js';
import { silentLogger } from '../../src/log/logger.js';
import type { OdooClient } from '../../src/odoo/client.js';
import { xmlidTarget, type ImportBed } from '../support/import.js';
import { bedFrom } from '../support/shared-state.js';

let bed: ImportBed;
let broken: number;
let instanceId: number;

interface ParkedRow {
  x_bc_id: string;
  x_entity: string;
  x_kind: string;
  x_attempts: number;
  x_reason: string;
}

async function parked(): Promise<ParkedRow[]> {
  return bed.admin.searchRead<ParkedRow>(
    'x_bc_parked',
    [['x_instance_id', '=', instanceId]],
    ['x_bc_id', 'x_entity', 'x_kind', 'x_attempts', 'x_reason'],
  );
}

beforeAll(async () => {
  bed = await bedFrom('catalog', 'parked');
  const ctx = await bed.context();
  instanceId = ctx.instanceId;
  const orders = (await ctx.bc.orders().all()).records;
  broken = orders.find((o) => DEFAULT_STATUS_MAP[o.order.status_id] === 'confirm+invoice+paid')!.order.id;
  // A total no schema can read: what a broken app writing through the API leaves behind.
  bed.sandbox.store.patchOrderJson(broken, { total_inc_tax: { amount: 'n/a' } });
}, 300_000);
afterAll(() => bed?.close());

/**
 * A context whose signal fires once Odoo has confirmed the first sale orders, as a daemon's
 * shutdown or a lost lease does mid-page: the page's later BigCommerce requests (the shipped
 * orders' shipments) then fail, record by record.
 */
function stoppedAfterConfirm(ctx: ImportContext): ImportContext {
  const stop = new AbortController();
  const odoo = new Proxy(ctx.odoo, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const out = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (prop === 'callRecords' && args[0] === 'sale.order' && args[2] === 'action_confirm')
          void Promise.resolve(out).finally(() => stop.abort(new Error('the daemon is stopping')));
        return out;
      };
    },
  }) as OdooClient;
  const bc = bigCommerceClient(bed.instance, silentLogger, { signal: stop.signal });
  return { ...ctx, odoo, bc, signal: stop.signal };
}

describe('parked records', () => {
  it('a run stopped by its signal parks nothing: it fails as a whole, and its rerun imports every order', async () => {
    const ctx = await bed.context();
    const shipped = bed.sandbox.store.orders
      .all()
      .filter((o) => o.id !== broken && o.lines.some((l) => l.quantityShipped > 0))
      .map((o) => o.id)
      .sort((a, b) => a - b);
    const part = { min: shipped[0]!, max: shipped[2]! };
    await expect(runImport(stoppedAfterConfirm(ctx), orderImporter, { part })).rejects.toThrow(/stopping/);
    expect(await parked(), 'what the stop failed is not parked as bad data').toEqual([]);
    const rerun = await runImport(await bed.context(), orderImporter, { part });
    expect(rerun).toMatchObject({ failed: 0, parked: 0 });
    expect(rerun.created + rerun.updated).toBeGreaterThanOrEqual(3);
  }, 300_000);

  it('an unreadable order fails alone, is parked with its reason, and the cursor still moves', async () => {
    const s = await runImport(await bed.context(), orderImporter);
    expect(s.failed).toBe(1);
    expect(s.failures[0]).toMatchObject({
      bcId: String(broken),
      kind: 'invalid_record',
      message: expect.stringMatching(/total_inc_tax/),
    });
    expect(s.created).toBeGreaterThan(20);
    expect(s.parked).toBe(1);
    expect(await parked()).toEqual([
      expect.objectContaining({ x_bc_id: String(broken), x_entity: 'orders', x_kind: 'invalid_record', x_attempts: 1 }),
    ]);
    const state = await readSyncState(bed.admin, instanceId, 'orders');
    expect(state?.cursor, 'a run that met an unreadable record still writes its cursor').toBeDefined();
    const newestReadable = Math.max(
      ...bed.sandbox.store.orders
        .all()
        .filter((o) => o.id !== broken)
        .map((o) => o.dateModified),
    );
    expect(new Date(state!.cursor!).getTime()).toBe(newestReadable);
  }, 600_000);

  it('later runs stay incremental, retry it first, and count the attempt; a dry run lists it', async () => {
    const s = await runImport(await bed.context(), orderImporter);
    expect(s.from, 'incremental: starts from the cursor').toBeDefined();
    if (s.failed !== 1) console.log(JSON.stringify(s.failures, null, 1));
    expect(s).toMatchObject({ created: 0, failed: 1, parked: 1 });
    expect((await parked())[0]).toMatchObject({ x_bc_id: String(broken), x_attempts: 2 });
    const dry = await runImport(await bed.context(), orderImporter, { dryRun: true });
    expect(dry.parkedIds).toEqual([String(broken)]);
    expect((await parked())[0]!.x_attempts, 'a dry run writes nothing').toBe(2);
  });

  it('once BigCommerce sends it readable, the next run imports it and it leaves the list', async () => {
    bed.sandbox.store.patchOrderJson(broken, undefined);
    const s = await runImport(await bed.context(), orderImporter);
    expect(s).toMatchObject({ created: 1, failed: 0, parked: 0 });
    expect(await parked()).toEqual([]);
    const so = await xmlidTarget(bed.admin, (await bed.context()).binder.module, [`order_${broken}`]);
    const [order] = await bed.admin.read<{ invoice_ids: number[]; state: string }>(
      'sale.order',
      [so.get(`order_${broken}`)!],
      ['invoice_ids', 'state'],
    );
    expect(order).toMatchObject({ state: 'sale', invoice_ids: [expect.any(Number)] });
  });

  it('an order a killed run left "pending" is finished by the next incremental run, though the cursor is past it', async () => {
    const module = (await bed.context()).binder.module;
    const so = (await xmlidTarget(bed.admin, module, [`order_${broken}`])).get(`order_${broken}`)!;
    // What a run killed between the header and the workflow leaves: the header, marked pending.
    await bed.admin.write('sale.order', [so], { x_bc_hash: 'pending' });
    const s = await runImport(await bed.context(), orderImporter);
    expect(s).toMatchObject({ created: 0, updated: 1, failed: 0 });
    const [order] = await bed.admin.read<{ x_bc_hash: string }>('sale.order', [so], ['x_bc_hash']);
    expect(order!.x_bc_hash).not.toBe('pending');
    expect(await runImport(await bed.context(), orderImporter)).toMatchObject({ updated: 0, failed: 0 });
  });
});
