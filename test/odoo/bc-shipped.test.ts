/**
 * Shipments made in BigCommerce, delivered in Odoo by the orders import (issue 14, item 4),
 * with BigCommerce as stock master (the default), against a live Odoo and the sample store:
 *  - every imported order BigCommerce shipped has those quantities delivered in Odoo, its
 *    delivery carrying BigCommerce's shipment id and tracking number;
 *  - a shipment made in BigCommerce for part of an open order → that part delivered, a
 *    backorder for the rest; a rerun delivers nothing more, and the shipments export sends
 *    nothing back;
 *  - killed between writing the quantities and validating, the next run delivers exactly once;
 *  - after the inventory import, on-hand equals BigCommerce's levels again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportContext } from '../../src/sync/context.js';
import { shipmentExporter } from '../../src/sync/export-shipments/exporter.js';
import { inventoryImporter } from '../../src/sync/inventory/importer.js';
import { orderImporter } from '../../src/sync/order/importer.js';
import { lineOrderProducts } from '../../src/sync/order/line-bindings.js';
import { runImport } from '../../src/sync/run-import.js';
import { runCli } from '../support/cli.js';
import { cliEnv, type ImportBed } from '../support/import.js';
import { bedFrom } from '../support/shared-state.js';

let bed: ImportBed;

beforeAll(async () => {
  // The catalog, customers and orders imported (with no failure: the shared state checks).
  bed = await bedFrom('orders', 'bcshipped');
}, 600_000);
afterAll(() => bed?.close());

interface LineRow {
  id: number;
  order_id: [number, string];
  qty_delivered: number;
  move_ids: number[];
}

/** sale.order.line id → BigCommerce order product id, for lines bc-odoo wrote (the importer's own reader). */
async function orderProductOf(lineIds: number[]): Promise<Map<number, number>> {
  return lineOrderProducts(await bed.context(), lineIds);
}

/** The confirmed imported orders: BigCommerce id → sale.order id. */
async function confirmedOrders(): Promise<Map<number, number>> {
  const rows = await bed.admin.searchRead<{ id: number; x_bc_order_id: number }>(
    'sale.order',
    [
      ['x_bc_order_id', '>', 0],
      ['state', '=', 'sale'],
    ],
    ['x_bc_order_id'],
  );
  return new Map(rows.map((r) => [r.x_bc_order_id, r.id]));
}

async function bcProducts(ctx: ImportContext, bcOrder: number) {
  return (await ctx.bc.orderProducts(bcOrder).all()).records;
}

async function pickingsOf(saleId: number) {
  return bed.admin.searchRead<{
    id: number;
    state: string;
    backorder_id: [number, string] | false;
    x_bc_shipment_id: number;
    carrier_tracking_ref: string | false;
    x_bc_carrier: string | false;
  }>(
    'stock.picking',
    [
      ['sale_id', '=', saleId],
      ['picking_type_code', '=', 'outgoing'],
    ],
    ['state', 'backorder_id', 'x_bc_shipment_id', 'carrier_tracking_ref', 'x_bc_carrier'],
    { order: 'id' },
  );
}

/** BigCommerce's stock of a variant (or of the product's single one); undefined when untracked. */
async function bcLevel(ctx: ImportContext, productId: number, variantId: number | undefined) {
  const p = (await ctx.bc.products({ ids: [productId], include: ['variants'] }).all()).records[0];
  if (!p || p.inventory_tracking === 'none') return undefined;
  if (p.inventory_tracking === 'product') return p.inventory_level;
  return p.variants?.find((v) => v.id === variantId)?.inventory_level;
}

describe('shipments made in BigCommerce', () => {
  it("the orders import delivers in Odoo what BigCommerce shipped, with BigCommerce's tracking", async () => {
    const ctx = await bed.context();
    const orders = await confirmedOrders();
    let checked = 0;
    for (const [bcOrder, saleId] of orders) {
      const products = await bcProducts(ctx, bcOrder);
      const lines = await bed.admin.searchRead<LineRow>(
        'sale.order.line',
        [['order_id', '=', saleId]],
        ['order_id', 'qty_delivered', 'move_ids'],
      );
      const opOf = await orderProductOf(lines.map((l) => l.id));
      // Per order product: a line split for rounding is several sale lines.
      const delivered = new Map<number, number>();
      for (const l of lines) {
        if (!l.move_ids.length || !opOf.has(l.id)) continue; // a service, or a line bc-odoo did not write
        delivered.set(opOf.get(l.id)!, (delivered.get(opOf.get(l.id)!) ?? 0) + l.qty_delivered);
      }
      for (const [op, qty] of delivered) {
        const p = products.find((x) => x.id === op)!;
        expect(qty, `order ${bcOrder}, order product ${p.id}`).toBe(p.quantity_shipped ?? 0);
        if ((p.quantity_shipped ?? 0) > 0) checked++;
      }
      if (products.some((p) => (p.quantity_shipped ?? 0) > 0)) {
        const shipments = (await ctx.bc.orderShipments(bcOrder).all()).records;
        const done = (await pickingsOf(saleId)).filter((p) => p.state === 'done');
        if (!done.length) continue; // nothing storable in it
        expect(shipments.map((s) => s.id)).toContain(done[0]!.x_bc_shipment_id);
        expect(done[0]!.carrier_tracking_ref).toBe(
          shipments.find((s) => s.id === done[0]!.x_bc_shipment_id)!.tracking_number,
        );
        expect(done[0]!.x_bc_carrier).toMatch(/\bups\b/i);
      }
    }
    expect(checked, 'the sample store has shipped lines of storable products').toBeGreaterThanOrEqual(5);
  });

  let target: {
    bcOrder: number;
    saleId: number;
    orderProductId: number;
    quantity: number;
    addressId: number;
    product?: { id: number; variant: number | undefined };
  };

  it('a shipment of part of an open order → that part delivered and a backorder; a rerun and the export send nothing', async () => {
    const ctx = await bed.context();
    for (const [bcOrder, saleId] of await confirmedOrders()) {
      const products = await bcProducts(ctx, bcOrder);
      const open = (await pickingsOf(saleId)).filter((p) => ['assigned', 'confirmed'].includes(p.state));
      if (open.length !== 1 || products.some((x) => (x.quantity_shipped ?? 0) > 0)) continue;
      for (const p of products.filter((x) => x.quantity >= 2 && x.order_address_id && x.product_id)) {
        const level = await bcLevel(ctx, p.product_id, p.variant_id);
        if (level === undefined) continue; // BigCommerce does not track it
        target = { bcOrder, saleId, orderProductId: p.id, quantity: p.quantity, addressId: p.order_address_id! };
        target.product = { id: p.product_id, variant: p.variant_id };
        break;
      }
      if (target) break;
    }
    expect(target, 'an open order with a line of 2 or more').toBeDefined();
    const made = await ctx.bc.createShipment(target.bcOrder, {
      orderAddressId: target.addressId,
      items: [{ orderProductId: target.orderProductId, quantity: 1 }],
      trackingNumber: 'BC-SHIP-1',
      shippingProvider: 'fedex',
      shippingMethod: 'FedEx Ground',
    });
    const run = await runImport(ctx, orderImporter, { ids: [target.bcOrder] });
    expect(run.failed, JSON.stringify(run.failures)).toBe(0);
    const pickings = await pickingsOf(target.saleId);
    const done = pickings.filter((p) => p.state === 'done');
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ x_bc_shipment_id: made.id, carrier_tracking_ref: 'BC-SHIP-1' });
    expect(done[0]!.x_bc_carrier).toContain('FedEx Ground');
    const backorders = pickings.filter((p) => p.backorder_id && p.backorder_id[0] === done[0]!.id);
    expect(backorders, 'the rest waits in a backorder').toHaveLength(1);
    expect(backorders[0]!.x_bc_shipment_id || 0).toBe(0);
    const moves = await bed.admin.searchRead<{ quantity: number; sale_line_id: [number, string] }>(
      'stock.move',
      [
        ['picking_id', '=', done[0]!.id],
        ['state', '=', 'done'],
      ],
      ['quantity', 'sale_line_id'],
    );
    expect(moves.reduce((n, m) => n + m.quantity, 0)).toBe(1);

    const again = await runImport(await bed.context(), orderImporter, { ids: [target.bcOrder] });
    expect(again.failed).toBe(0);
    expect((await pickingsOf(target.saleId)).filter((p) => p.state === 'done')).toHaveLength(1);
    const opened = await bed.context(); // it reads the store once, as every run does
    const requests = bed.sandbox.stats().requests;
    const exported = await runImport(opened, shipmentExporter, { orderIds: [target.bcOrder] });
    expect(exported).toMatchObject({ created: 0, failed: 0 });
    expect(bed.sandbox.stats().requests - requests, 'the export sent BigCommerce nothing').toBe(0);
    expect((await ctx.bc.orderShipments(target.bcOrder).all()).records.map((s) => s.id)).toEqual([made.id]);
  });

  it('killed between the quantities and the validation, the next run delivers exactly once', async () => {
    const ctx = await bed.context();
    const rest = target.quantity - 1;
    await ctx.bc.createShipment(target.bcOrder, {
      orderAddressId: target.addressId,
      items: [{ orderProductId: target.orderProductId, quantity: rest }],
      trackingNumber: 'BC-SHIP-2',
      shippingProvider: 'fedex',
    });
    const env = { ...cliEnv(bed), BC_ODOO_CRASH_AT: 'orders:deliver' };
    const killed = await runCli(['import', 'orders', '--id', String(target.bcOrder)], env, 180_000);
    expect(killed.code, killed.stderr).not.toBe(0);
    const rerun = await runCli(['import', 'orders', '--id', String(target.bcOrder)], cliEnv(bed), 180_000);
    expect(rerun.code, rerun.stderr).toBe(0);
    const opOf = await orderProductOf(await bed.admin.search('sale.order.line', [['order_id', '=', target.saleId]]));
    const lineIds = [...opOf].filter(([, op]) => op === target.orderProductId).map(([id]) => id);
    const lines = await bed.admin.read<LineRow>('sale.order.line', lineIds, ['order_id', 'qty_delivered', 'move_ids']);
    const delivered = lines.reduce((n, l) => n + l.qty_delivered, 0);
    expect(delivered, 'delivered once, not twice').toBe(target.quantity);
  }, 400_000);

  it("after the inventory import, on-hand equals BigCommerce's levels (BigCommerce is stock master)", async () => {
    const ctx = await bed.context();
    const run = await runImport(ctx, inventoryImporter);
    expect(run.failed, JSON.stringify(run.failures)).toBe(0);
    const { id, variant } = target.product!;
    const level = await bcLevel(ctx, id, variant);
    const bcProduct = (await ctx.bc.products({ ids: [id], include: ['variants'] }).all()).records[0]!;
    const variantId = variant ?? bcProduct.variants![0]!.id;
    const odooId = (await ctx.binder.resolve('variant', [variantId])).get(String(variantId));
    const [row] = await bed.admin.read<{ qty_available: number }>('product.product', [odooId!], ['qty_available']);
    expect(row!.qty_available).toBe(level);
  });
});
