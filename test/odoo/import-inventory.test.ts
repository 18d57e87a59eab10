/**
 * Inventory against a live Odoo: the product import sets stock; Odoo's on-hand per variant (and
 * per mapped location) equals BigCommerce's; a re-run writes only what changed in BigCommerce;
 * untracked and unimported products are skipped; a mapping to a missing location fails clearly.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BcInventoryItem, BcProduct } from '../../src/bigcommerce/schemas.js';
import type { InstanceConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log/logger.js';
import { OdooClient } from '../../src/odoo/client.js';
import { openImportContext, type ImportContext } from '../../src/sync/context.js';
import { InventoryLocationError, inventoryImporter } from '../../src/sync/inventory/importer.js';
import { productImporter } from '../../src/sync/product/importer.js';
import { runImport } from '../../src/sync/run-import.js';
import { runCli } from '../support/cli.js';
import { importBed, importCatalog, xmlidTarget, type ImportBed } from '../support/import.js';
import { odooInfo } from '../support/odoo.js';

let bed: ImportBed;
let module: string;
let products: BcProduct[];
/** tracked products' variants, as BigCommerce lists them */
let trackedVariants: { productId: number; variantId: number; tracking: string }[];
let untrackedVariantCount: number;
let mainStock: { id: number; name: string };
let downtown: { id: number; name: string };

beforeAll(async () => {
  bed = await importBed('inventory');
  const ctx = await bed.context();
  module = ctx.binder.module;
  products = (await ctx.bc.products().all()).records;
  const tracked = products.filter((p) => p.inventory_tracking !== 'none' && p.type !== 'digital');
  trackedVariants = tracked.flatMap((p) =>
    (p.variants ?? []).map((v) => ({ productId: p.id, variantId: v.id, tracking: p.inventory_tracking })),
  );
  untrackedVariantCount = products
    .filter((p) => !tracked.includes(p))
    .reduce((n, p) => n + Math.max(1, (p.variants ?? []).length), 0);
  await importCatalog(ctx, { products: false });
  const [wh] = await bed.admin.searchRead<{ lot_stock_id: [number, string]; view_location_id: [number, string] }>(
    'stock.warehouse',
    [],
    ['lot_stock_id', 'view_location_id'],
    { limit: 1, order: 'sequence, id' },
  );
  mainStock = { id: wh!.lot_stock_id[0], name: wh!.lot_stock_id[1] };
  const [id] = await bed.admin.create('stock.location', [
    { name: 'Downtown', location_id: wh!.view_location_id[0], usage: 'internal' },
  ]);
  const [row] = await bed.admin.read<{ complete_name: string }>('stock.location', [id!], ['complete_name']);
  downtown = { id: id!, name: row!.complete_name };
});
afterAll(() => bed?.close());

/** A context for the same store and Odoo with another inventory configuration. */
async function contextWith(inventory: InstanceConfig['inventory']): Promise<ImportContext> {
  const inst: InstanceConfig = { ...bed.instance, inventory };
  const odoo = await OdooClient.connect({
    url: bed.odoo.url,
    db: bed.odoo.db,
    username: bed.odoo.username,
    password: bed.odoo.password,
    protocol: bed.odoo.protocol,
  });
  return openImportContext(inst, { logger: silentLogger, odoo });
}

/** BigCommerce on hand per variant and enabled location. */
async function bcStock(): Promise<BcInventoryItem[]> {
  return (await (await bed.context()).bc.inventoryItems().all()).records;
}
const enabledTotal = (i: BcInventoryItem) =>
  i.locations.filter((l) => l.location_enabled !== false).reduce((n, l) => n + l.total_inventory_onhand, 0);
const at = (i: BcInventoryItem, loc: number) =>
  i.locations.find((l) => l.location_id === loc)?.total_inventory_onhand ?? 0;

async function odooVariants(): Promise<Map<number, number>> {
  return xmlidTarget(
    bed.admin,
    module,
    trackedVariants.map((v) => `variant_${v.variantId}`),
  ).then((m) => new Map([...m].map(([k, v]) => [Number(k.slice('variant_'.length)), v])));
}

async function qtyAvailable(ids: number[]): Promise<Map<number, number>> {
  const rows = await bed.admin.read<{ id: number; qty_available: number }>('product.product', ids, ['qty_available']);
  return new Map(rows.map((r) => [r.id, r.qty_available]));
}

async function quantsAt(location: number, ids: number[]): Promise<Map<number, number>> {
  const rows = await bed.admin.searchRead<{ product_id: [number, string]; quantity: number }>(
    'stock.quant',
    [
      ['product_id', 'in', ids],
      ['location_id', 'child_of', location],
    ],
    ['product_id', 'quantity'],
  );
  const out = new Map<number, number>();
  for (const r of rows) out.set(r.product_id[0], (out.get(r.product_id[0]) ?? 0) + r.quantity);
  return out;
}

/** Odoo's on-hand equals BigCommerce's for every tracked variant (total of enabled locations). */
async function expectTotalsEqual(): Promise<void> {
  const items = new Map((await bcStock()).map((i) => [i.identity.variant_id, i]));
  const ids = await odooVariants();
  const qty = await qtyAvailable([...ids.values()]);
  for (const v of trackedVariants) {
    expect(qty.get(ids.get(v.variantId)!), `variant ${v.variantId} of product ${v.productId}`).toBe(
      enabledTotal(items.get(v.variantId)!),
    );
  }
}

/**
 * What two pool members validating deliveries of one product at once leave: Odoo's
 * `_update_available_quantity` skips a quant another transaction has locked and makes a second
 * one (merged only when someone opens the stock views). A transaction of ours holds the first
 * quant while Odoo applies a count of `more` on a new quant of the same product and location.
 */
async function twoPlainQuants(productId: number, locationId: number, more: number): Promise<void> {
  const plain = [
    ['product_id', '=', productId],
    ['location_id', '=', locationId],
    ['lot_id', '=', false],
    ['package_id', '=', false],
    ['owner_id', '=', false],
  ];
  const [first] = await bed.admin.search('stock.quant', plain);
  const lock = new pg.Client({ ...odooInfo().pg, database: bed.odoo.db });
  await lock.connect();
  try {
    await lock.query('BEGIN');
    await lock.query('SELECT id FROM stock_quant WHERE id = $1 FOR SHARE', [first]);
    // `import_file`, as Odoo's import of a count file: a quant of its own, not the existing one.
    const [second] = await bed.admin.create(
      'stock.quant',
      [{ product_id: productId, location_id: locationId, inventory_quantity: more }],
      { context: { inventory_mode: true, import_file: true } },
    );
    await bed.admin.callRecords(
      'stock.quant',
      [second!],
      'action_apply_inventory',
      {},
      { context: { inventory_mode: true } },
    );
    await lock.query('ROLLBACK');
  } finally {
    await lock.end();
  }
  const quants = await bed.admin.searchRead<{ quantity: number }>('stock.quant', plain, ['quantity']);
  expect(
    quants.map((q) => q.quantity).filter((q) => q !== 0),
    'two plain quants holding stock',
  ).toHaveLength(2);
}

describe('inventory', () => {
  it('the product import sets the stock of tracked products; untracked ones hold none', async () => {
    const s = await runImport(await bed.context(), productImporter);
    expect(s.failed, JSON.stringify(s.failures)).toBe(0);
    expect(s.created).toBe(products.length);
    expect(s.bcRequests).toBe(1);
    await expectTotalsEqual();
    // Some stock sits in the disabled location, and is not counted.
    expect(
      (await bcStock()).some((i) =>
        i.locations.some((l) => l.location_enabled === false && l.total_inventory_onhand > 0),
      ),
    ).toBe(true);
    const untracked = products.filter((p) => p.inventory_tracking === 'none');
    const ids = await xmlidTarget(
      bed.admin,
      module,
      untracked.flatMap((p) => (p.variants ?? []).map((v) => `variant_${v.id}`)),
    );
    expect(await bed.admin.searchCount('stock.quant', [['product_id', 'in', [...ids.values()]]])).toBe(0);
  });

  it('an inventory run after it finds nothing to change; untracked products are skipped', async () => {
    const s = await runImport(await bed.context(), inventoryImporter);
    expect(s).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: trackedVariants.length,
      skipped: untrackedVariantCount,
      failed: 0,
      warnings: 0,
    });
    expect(s.bcRequests).toBe(1);
    // The run's own bookkeeping (sync state, operation log), the warehouse, and at most 5 calls for the page.
    expect(s.odooCalls).toBeLessThanOrEqual(10);
  });

  it('changes in BigCommerce (product level, variant level, second location) are the only updates, and are applied', async () => {
    const before = new Map((await bcStock()).map((i) => [i.identity.variant_id, i]));
    const simple = trackedVariants.find((v) => v.tracking === 'product')!;
    const byVariant = trackedVariants.filter((v) => v.tracking === 'variant');
    const a = byVariant.find((v) => at(before.get(v.variantId)!, 1) > 0)!;
    const b = byVariant.find((v) => v.productId !== a.productId)!;
    bed.sandbox.store.setStock(simple.productId, null, at(before.get(simple.variantId)!, 1) + 7);
    bed.sandbox.store.setStock(a.productId, a.variantId, 0);
    bed.sandbox.store.setStock(b.productId, b.variantId, at(before.get(b.variantId)!, 2) + 4, 2);
    const s = await runImport(await bed.context(), inventoryImporter);
    expect(s).toMatchObject({ updated: 3, unchanged: trackedVariants.length - 3, failed: 0 });
    await expectTotalsEqual();
    const again = await runImport(await bed.context(), inventoryImporter);
    expect(again).toMatchObject({ updated: 0, unchanged: trackedVariants.length, failed: 0 });
    // Each change is an applied inventory adjustment: a done move from or to the inventory-loss location.
    const ids = await odooVariants();
    const moves = await bed.admin.searchRead<{ state: string; is_inventory: boolean }>(
      'stock.move',
      [['product_id', '=', ids.get(a.variantId)!]],
      ['state', 'is_inventory'],
      { order: 'id desc', limit: 1 },
    );
    expect(moves[0]).toMatchObject({ state: 'done', is_inventory: true });
  });

  it("a variant Odoo holds in two plain quants (two moves of it validated at once) ends at BigCommerce's level", async () => {
    const simple = trackedVariants.find((v) => v.tracking === 'product')!;
    const productId = (await odooVariants()).get(simple.variantId)!;
    await twoPlainQuants(productId, mainStock.id, 5);
    const before = new Map((await bcStock()).map((i) => [i.identity.variant_id, i]));
    bed.sandbox.store.setStock(simple.productId, null, at(before.get(simple.variantId)!, 1) + 3);
    const s = await runImport(await bed.context(), inventoryImporter);
    expect(s).toMatchObject({ updated: 1, failed: 0 });
    await expectTotalsEqual();
  });

  it('--id limits the run to those products', async () => {
    const one = trackedVariants.find((v) => v.tracking === 'variant')!;
    const count = trackedVariants.filter((v) => v.productId === one.productId).length;
    const s = await runImport(await bed.context(), inventoryImporter, { ids: [one.productId] });
    expect(s).toMatchObject({ updated: 0, unchanged: count, skipped: 0, failed: 0 });
  });

  it("with a location mapping, each Odoo location holds its BigCommerce locations' stock; disabled ones are ignored", async () => {
    const mapping = {
      locations: new Map<number, string | number>([
        [1, mainStock.name],
        [2, downtown.name],
        [3, downtown.id],
      ]),
    };
    const items = new Map((await bcStock()).map((i) => [i.identity.variant_id, i]));
    const atSecond = trackedVariants.filter((v) => at(items.get(v.variantId)!, 2) > 0).length;
    const s = await runImport(await contextWith(mapping), inventoryImporter);
    expect(s).toMatchObject({ updated: atSecond, unchanged: trackedVariants.length - atSecond, failed: 0 });
    // Location 3 is disabled in the sample store: a warning that its stock is ignored.
    expect(s.warningList.map((w) => w.message)).toEqual([expect.stringMatching(/location 3 .*disabled/)]);
    const check = async () => {
      const now = new Map((await bcStock()).map((i) => [i.identity.variant_id, i]));
      const ids = await odooVariants();
      const [main, second] = await Promise.all([
        quantsAt(mainStock.id, [...ids.values()]),
        quantsAt(downtown.id, [...ids.values()]),
      ]);
      for (const v of trackedVariants) {
        const id = ids.get(v.variantId)!;
        expect(main.get(id) ?? 0, `variant ${v.variantId} at ${mainStock.name}`).toBe(at(now.get(v.variantId)!, 1));
        expect(second.get(id) ?? 0, `variant ${v.variantId} at ${downtown.name}`).toBe(at(now.get(v.variantId)!, 2));
      }
      await expectTotalsEqual();
    };
    await check();
    const target = trackedVariants.find(
      (v) => v.tracking === 'variant' && v.variantId !== trackedVariants[0]!.variantId,
    )!;
    bed.sandbox.store.setStock(target.productId, target.variantId, at(items.get(target.variantId)!, 2) + 3, 2);
    const second = await runImport(await contextWith(mapping), inventoryImporter);
    expect(second).toMatchObject({ updated: 1, unchanged: trackedVariants.length - 1, failed: 0 });
    await check();
    // The product import uses the mapping too, with one inventory request per page.
    const products = await runImport(await contextWith(mapping), productImporter, { full: true });
    expect(products).toMatchObject({ created: 0, updated: 0, failed: 0 });
    await check();
  });

  it('a mapping to an Odoo location that does not exist stops the run before anything is read', async () => {
    const ctx = await contextWith({
      locations: new Map<number, string | number>([
        [1, mainStock.name],
        [2, 'Nowhere/Stock'],
      ]),
    });
    const requests = ctx.bc.scheduler.stats().requestsSent;
    const err = await runImport(ctx, inventoryImporter).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InventoryLocationError);
    expect((err as Error).message).toMatch(
      /inventory\.locations\.2: Odoo has no location "Nowhere\/Stock".*create it in Odoo .* or fix the mapping/,
    );
    expect(ctx.bc.scheduler.stats().requestsSent).toBe(requests);
  });

  it('the CLI exits 1 with the message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bcodoo-inv-'));
    const file = join(dir, 'c.yaml');
    const i = bed.instance;
    writeFileSync(
      file,
      [
        'instances:',
        '  - name: inv',
        `    bigcommerce: { store_hash: ${i.bigcommerce.storeHash}, access_token: ${i.bigcommerce.accessToken}, api_base_url: "${i.bigcommerce.apiBaseUrl}" }`,
        `    odoo: { url: "${i.odoo.url}", db: ${i.odoo.db}, username: ${i.odoo.username}, password: ${i.odoo.password}, protocol: ${i.odoo.protocol} }`,
        '    inventory:',
        '      locations:',
        '        2: Nowhere/Stock',
        '',
      ].join('\n'),
    );
    const r = await runCli(['import', 'inventory', '--config', file]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/Odoo has no location "Nowhere\/Stock"/);
  });

  it('a product that is not in Odoo is skipped with a warning to import products', async () => {
    const p = products.find((x) => x.inventory_tracking === 'variant' && (x.variants ?? []).length > 1)!;
    const names = (p.variants ?? []).map((v) => `variant_${v.id}`);
    const imd = await bed.admin.search('ir.model.data', [
      ['module', '=', module],
      ['name', 'in', names],
    ]);
    await bed.admin.unlink('ir.model.data', imd);
    const s = await runImport(await bed.context(), inventoryImporter, { ids: [p.id] });
    expect(s).toMatchObject({ updated: 0, unchanged: 0, skipped: names.length, failed: 0, warnings: 1 });
    expect(s.warningList[0]!.message).toMatch(/bc-odoo import products/);
  });
});
