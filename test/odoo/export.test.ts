/**
 * Exports against a live Odoo and the sandbox (issue 14), with Odoo as stock master:
 *  - an inventory adjustment and a sale confirmed in Odoo change exactly those variants' levels
 *    in BigCommerce to Odoo's free quantity, and a second export sends no request;
 *  - a delivery validated with a tracking number → one shipment with the right items; a partial
 *    delivery and its backorder → two; a rerun sends nothing; the next orders import does not
 *    invoice or warn because of the Shipped status BigCommerce then sets;
 *  - a run killed between the claim and the request, rerun, makes no second shipment; a shipment
 *    made but not recorded is found again, not posted again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BcInventoryItem } from '../../src/bigcommerce/schemas.js';
import type { InstanceConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log/logger.js';
import { OdooClient } from '../../src/odoo/client.js';
import { openImportContext, type ImportContext } from '../../src/sync/context.js';
import { inventoryExporter } from '../../src/sync/export-inventory/exporter.js';
import { shipmentExporter } from '../../src/sync/export-shipments/exporter.js';
import { orderImporter } from '../../src/sync/order/importer.js';
import { runImport } from '../../src/sync/run-import.js';
import { runCli } from '../support/cli.js';
import { cliEnv, type ImportBed } from '../support/import.js';
import { bedFrom } from '../support/shared-state.js';

let bed: ImportBed;
let inst: InstanceConfig;
let module: string;
let mainStock: number;

async function context(): Promise<ImportContext> {
  const odoo = await OdooClient.connect({
    url: bed.odoo.url,
    db: bed.odoo.db,
    username: bed.odoo.username,
    password: bed.odoo.password,
    protocol: bed.odoo.protocol,
  });
  return openImportContext(inst, { logger: silentLogger, odoo });
}

beforeAll(async () => {
  // The catalog, customers and orders imported (none of those imports reads the stock master).
  bed = await bedFrom('orders', 'export');
  inst = { ...bed.instance, stock: { master: 'odoo', exportQuantity: 'free' } };
  const ctx = await context();
  module = ctx.binder.module;
  const [wh] = await bed.admin.searchRead<{ lot_stock_id: [number, string] }>('stock.warehouse', [], ['lot_stock_id'], {
    limit: 1,
    order: 'sequence, id',
  });
  mainStock = wh!.lot_stock_id[0];
}, 600_000);
afterAll(() => bed?.close());

/** BigCommerce variant id → its level at the default location (1). */
async function bcLevels(): Promise<Map<number, number>> {
  const items: BcInventoryItem[] = (await (await context()).bc.inventoryItems().all()).records;
  const out = new Map<number, number>();
  for (const i of items) {
    const at = i.locations.find((l) => l.location_id === 1);
    if (at) out.set(i.identity.variant_id, at.total_inventory_onhand);
  }
  return out;
}

/** Odoo's free quantity at the main stock location of these product.product ids. */
async function freeQty(ids: number[]): Promise<Map<number, number>> {
  const rows = await bed.admin.searchRead<{ id: number; free_qty: number }>(
    'product.product',
    [['id', 'in', ids]],
    ['free_qty'],
    { context: { location: mainStock } },
  );
  return new Map(rows.map((r) => [r.id, r.free_qty]));
}

/** Bound, storable variants: BigCommerce variant id → product.product id. */
async function storableVariants(): Promise<Map<number, number>> {
  const rows = await bed.admin.searchRead<{ name: string; res_id: number }>(
    'ir.model.data',
    [
      ['module', '=', module],
      ['model', '=', 'product.product'],
      ['name', '=like', 'variant\\_%'],
    ],
    ['name', 'res_id'],
  );
  const caps = (await context()).caps;
  const storable = new Set(
    await bed.admin.search(
      'product.product',
      [['id', 'in', rows.map((r) => r.res_id)], ...Object.entries(caps.storableValue).map(([k, v]) => [k, '=', v])],
      { context: { active_test: false } },
    ),
  );
  return new Map(
    rows.filter((r) => storable.has(r.res_id)).map((r) => [Number(r.name.slice('variant_'.length)), r.res_id]),
  );
}

/** An applied inventory adjustment: `quantity` on hand of the product at the main stock. */
async function countStock(productId: number, quantity: number): Promise<void> {
  const ctx = { inventory_mode: true };
  const [quant] = await bed.admin.create(
    'stock.quant',
    [{ product_id: productId, location_id: mainStock, inventory_quantity: quantity }],
    { context: ctx },
  );
  await bed.admin.callRecords('stock.quant', [quant!], 'action_apply_inventory', {}, { context: ctx });
}

describe('export inventory (stock master Odoo)', () => {
  it('the first export sends every tracked variant its free quantity; the import set none', async () => {
    const first = await runImport(await context(), inventoryExporter);
    expect(first.failed, JSON.stringify(first.failures)).toBe(0);
    expect(first.updated).toBeGreaterThan(0);
    const variants = await storableVariants();
    const free = await freeQty([...variants.values()]);
    const levels = await bcLevels();
    for (const [bcId, odooId] of variants) {
      if (!levels.has(bcId)) continue; // untracked in BigCommerce
      expect(levels.get(bcId), `variant ${bcId}`).toBe(Math.max(0, Math.floor(free.get(odooId) ?? 0)));
    }
  });

  it('an adjustment and a confirmed sale change exactly those levels; a second export sends no request', async () => {
    const variants = [...(await storableVariants())];
    const before = await bcLevels();
    const tracked = variants.filter(([bc]) => before.has(bc));
    expect(tracked.length).toBeGreaterThanOrEqual(2);
    const [bcA, odooA] = tracked[0]!;
    const [bcB, odooB] = tracked[1]!;
    await countStock(odooA, 10);
    await countStock(odooB, 4);
    // A sale of 3 × A confirmed in Odoo reserves them: A's free quantity is 7.
    const [partner] = await bed.admin.search('res.partner', [['customer_rank', '>', 0]], { limit: 1 });
    const [so] = await bed.admin.create('sale.order', [
      { partner_id: partner!, order_line: [[0, 0, { product_id: odooA, product_uom_qty: 3 }]] },
    ]);
    await bed.admin.callRecords('sale.order', [so!], 'action_confirm', {});
    const run = await runImport(await context(), inventoryExporter);
    expect(run.failed, JSON.stringify(run.failures)).toBe(0);
    expect(run.updated).toBe(2);
    const after = await bcLevels();
    expect(after.get(bcA)).toBe(7);
    expect(after.get(bcB)).toBe(4);
    for (const [bc, level] of before) if (bc !== bcA && bc !== bcB) expect(after.get(bc), `variant ${bc}`).toBe(level);
    // Counted from after the context opened (it reads the store once, as every run does).
    const opened = await context();
    const requests = bed.sandbox.stats().requests;
    const again = await runImport(opened, inventoryExporter);
    expect(again).toMatchObject({ updated: 0, failed: 0 });
    expect(bed.sandbox.stats().requests, 'a second export sends no request').toBe(requests);
  });

  it('the inventory import sets no stock while Odoo is master', async () => {
    const { inventoryImporter } = await import('../../src/sync/inventory/importer.js');
    const opened = await context();
    const requests = bed.sandbox.stats().requests;
    const run = await runImport(opened, inventoryImporter);
    expect(run).toMatchObject({ updated: 0, created: 0, warnings: 1 });
    expect(bed.sandbox.stats().requests).toBe(requests);
  });
});

// ---- shipments ---------------------------------------------------------------------------------

interface Picking {
  id: number;
  name: string;
  state: string;
  move_ids: number[];
}

/** Confirmed imported orders with one open delivery and nothing delivered yet: BigCommerce order id → its delivery. */
async function openDeliveries(): Promise<{ bcOrder: number; saleId: number; picking: Picking }[]> {
  const orders = await bed.admin.searchRead<{ id: number; x_bc_order_id: number; picking_ids: number[] }>(
    'sale.order',
    [
      ['x_bc_order_id', '>', 0],
      ['state', '=', 'sale'],
    ],
    ['x_bc_order_id', 'picking_ids'],
    { order: 'x_bc_order_id' },
  );
  const out: { bcOrder: number; saleId: number; picking: Picking }[] = [];
  for (const o of orders) {
    const pickings = await bed.admin.searchRead<Picking>(
      'stock.picking',
      [
        ['id', 'in', o.picking_ids],
        ['state', 'in', ['confirmed', 'assigned', 'waiting']],
        ['picking_type_code', '=', 'outgoing'],
      ],
      ['name', 'state', 'move_ids'],
    );
    // Orders BigCommerce shipped part of are delivered in part by the import: left out.
    const done = await bed.admin.searchCount('stock.picking', [
      ['id', 'in', o.picking_ids],
      ['state', '=', 'done'],
    ]);
    if (pickings.length === 1 && !done) out.push({ bcOrder: o.x_bc_order_id, saleId: o.id, picking: pickings[0]! });
  }
  return out;
}

/** Validates a delivery with `take(move)` of each move done; the rest goes to a backorder. */
async function validate(
  picking: Picking,
  tracking: string,
  take: (m: { product_uom_qty: number }) => number = (m) => m.product_uom_qty,
): Promise<void> {
  const moves = await bed.admin.read<{ id: number; product_id: [number, string]; product_uom_qty: number }>(
    'stock.move',
    picking.move_ids,
    ['product_id', 'product_uom_qty'],
  );
  for (const m of moves) await countStock(m.product_id[0], 100);
  for (const m of moves) await bed.admin.write('stock.move', [m.id], { quantity: take(m) });
  await bed.admin.write('stock.picking', [picking.id], { carrier_tracking_ref: tracking });
  await bed.admin.callRecords(
    'stock.picking',
    [picking.id],
    'button_validate',
    {},
    {
      context: { skip_backorder: true, picking_ids_not_to_backorder: [] },
    },
  );
}

async function shipmentsOf(bcOrder: number) {
  return (await (await context()).bc.orderShipments(bcOrder).all()).records;
}

describe('export shipments', () => {
  let full: { bcOrder: number; saleId: number; picking: Picking };
  let partial: { bcOrder: number; saleId: number; picking: Picking };
  let crash: { bcOrder: number; saleId: number; picking: Picking };

  beforeAll(async () => {
    const open = await openDeliveries();
    const withQuantity = async (d: (typeof open)[number]) =>
      (await bed.admin.read<{ product_uom_qty: number }>('stock.move', d.picking.move_ids, ['product_uom_qty'])).some(
        (m) => m.product_uom_qty >= 2,
      );
    const candidates = [];
    for (const d of open) if (await withQuantity(d)) candidates.push(d);
    expect(candidates.length, 'the sample store has three open orders to ship').toBeGreaterThanOrEqual(3);
    [partial, full, crash] = candidates as [typeof full, typeof full, typeof full];
  });

  it('a validated delivery with a tracking number → one shipment with the right items', async () => {
    await validate(full.picking, 'TRK-FULL-1');
    const run = await runImport(await context(), shipmentExporter, { orderIds: [full.bcOrder] });
    expect(run.failed, JSON.stringify(run.failures)).toBe(0);
    expect(run.created).toBe(1);
    const [shipment, ...more] = await shipmentsOf(full.bcOrder);
    expect(more).toEqual([]);
    expect(shipment!.tracking_number).toBe('TRK-FULL-1');
    const products = (await (await context()).bc.orderProducts(full.bcOrder).all()).records.filter(
      (p) => p.type !== 'digital',
    );
    expect(new Map(shipment!.items.map((i) => [i.order_product_id, i.quantity]))).toEqual(
      new Map(products.map((p) => [p.id, p.quantity])),
    );
    const [picking] = await bed.admin.read<{ x_bc_shipment_id: number }>(
      'stock.picking',
      [full.picking.id],
      ['x_bc_shipment_id'],
    );
    expect(picking!.x_bc_shipment_id).toBe(shipment!.id);
  });

  it('a partial delivery and its backorder → two shipments, in order; a rerun sends nothing', async () => {
    await validate(partial.picking, 'TRK-PART-1', (m) => Math.max(1, Math.floor(m.product_uom_qty / 2)));
    let run = await runImport(await context(), shipmentExporter, { orderIds: [partial.bcOrder] });
    expect(run).toMatchObject({ created: 1, failed: 0 });
    const [backorder] = await bed.admin.searchRead<Picking>(
      'stock.picking',
      [['backorder_id', '=', partial.picking.id]],
      ['name', 'state', 'move_ids'],
    );
    expect(backorder, 'Odoo made a backorder').toBeDefined();
    await validate(backorder!, 'TRK-PART-2');
    run = await runImport(await context(), shipmentExporter, { orderIds: [partial.bcOrder] });
    expect(run).toMatchObject({ created: 1, failed: 0 });
    const shipments = await shipmentsOf(partial.bcOrder);
    expect(shipments.map((s) => s.tracking_number)).toEqual(['TRK-PART-1', 'TRK-PART-2']);
    const shippedQty = shipments.flatMap((s) => s.items).reduce((n, i) => n + i.quantity, 0);
    const ordered = (await (await context()).bc.orderProducts(partial.bcOrder).all()).records
      .filter((p) => p.type !== 'digital')
      .reduce((n, p) => n + p.quantity, 0);
    expect(shippedQty).toBe(ordered);
    const opened = await context();
    const requests = bed.sandbox.stats().requests;
    const again = await runImport(opened, shipmentExporter);
    expect(again).toMatchObject({ created: 0, failed: 0 });
    expect(bed.sandbox.stats().requests, 'nothing left to send: no request').toBe(requests);
  });

  it('the next orders import takes the Shipped status quietly: no second invoice, no warning', async () => {
    const invoicesBefore = await bed.admin.read<{ id: number; invoice_ids: number[]; state: string }>(
      'sale.order',
      [full.saleId, partial.saleId],
      ['invoice_ids', 'state'],
    );
    const run = await runImport(await context(), orderImporter, { ids: [full.bcOrder, partial.bcOrder] });
    expect(run.failed, JSON.stringify(run.failures)).toBe(0);
    expect(run.warningList.filter((w) => [String(full.bcOrder), String(partial.bcOrder)].includes(w.bcId))).toEqual([]);
    const invoicesAfter = await bed.admin.read<{ id: number; invoice_ids: number[]; state: string }>(
      'sale.order',
      [full.saleId, partial.saleId],
      ['invoice_ids', 'state'],
    );
    expect(invoicesAfter).toEqual(invoicesBefore);
  });

  it('a shipment made but not recorded on its delivery is found again, never posted again', async () => {
    const [picking] = await bed.admin.read<{ x_bc_shipment_id: number }>(
      'stock.picking',
      [full.picking.id],
      ['x_bc_shipment_id'],
    );
    // As a run killed after BigCommerce answered but before Odoo recorded it leaves it.
    await bed.admin.write('stock.picking', [full.picking.id], { x_bc_shipment_id: 0 });
    const run = await runImport(await context(), shipmentExporter, { orderIds: [full.bcOrder] });
    expect(run).toMatchObject({ created: 1, failed: 0 });
    expect((await shipmentsOf(full.bcOrder)).map((s) => s.id)).toEqual([picking!.x_bc_shipment_id]);
    const [again] = await bed.admin.read<{ x_bc_shipment_id: number }>(
      'stock.picking',
      [full.picking.id],
      ['x_bc_shipment_id'],
    );
    expect(again!.x_bc_shipment_id).toBe(picking!.x_bc_shipment_id);
  });

  it('killed between claim and request, then rerun: no second shipment', async () => {
    await validate(crash.picking, 'TRK-CRASH-1');
    // The claim settles in 15 s here instead of a minute (BC_ODOO_CLAIM_SETTLE_MS, a test knob).
    const settle = 15_000;
    const base = { ...cliEnv(bed), BC_ODOO_CLAIM_SETTLE_MS: String(settle) };
    const env = { ...base, BC_ODOO_CRASH_AT: 'shipments:claimed' };
    const killed = await runCli(['export', 'shipments', '--order', String(crash.bcOrder)], env, 180_000);
    expect(killed.code, killed.stderr).not.toBe(0);
    expect(await shipmentsOf(crash.bcOrder), 'killed before the request').toEqual([]);
    // At once: the claim is too young to be sure no request is on its way; nothing is posted.
    const soon = await runCli(['export', 'shipments', '--order', String(crash.bcOrder), '--json'], base, 180_000);
    expect(soon.code, soon.stderr).toBe(0);
    expect(await shipmentsOf(crash.bcOrder)).toEqual([]);
    // Once the claim has settled, the rerun ships it exactly once, and the next run sends nothing.
    await new Promise((r) => setTimeout(r, settle + 2_000));
    for (let i = 0; i < 2; i++) {
      const rerun = await runCli(['export', 'shipments', '--order', String(crash.bcOrder)], base, 180_000);
      expect(rerun.code, rerun.stderr).toBe(0);
    }
    const shipments = await shipmentsOf(crash.bcOrder);
    expect(shipments).toHaveLength(1);
    expect(shipments[0]!.tracking_number).toBe('TRK-CRASH-1');
  }, 600_000);
});
