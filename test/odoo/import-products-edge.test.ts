/**
 * Products beyond the happy path: variant sets that change, a bad product isolated while the
 * rest lands (parked and retried), dry runs, and the Odoo call budget of a page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BcProduct } from '../../src/bigcommerce/schemas.js';
import { readSyncState } from '../../src/sync/cursor.js';
import { productImporter } from '../../src/sync/product/importer.js';
import { runImport } from '../../src/sync/run-import.js';
import { importBed, importCatalog, xmlidTarget, type ImportBed } from '../support/import.js';

let bed: ImportBed;
let products: BcProduct[];
let module: string;

beforeAll(async () => {
  bed = await importBed('prodedge');
  const ctx = await bed.context();
  module = ctx.binder.module;
  products = (await ctx.bc.products().all()).records;
  await importCatalog(ctx, { products: false });
});
afterAll(() => bed?.close());

async function activeVariantIds(tmplXmlid: string): Promise<number[]> {
  const t = (await xmlidTarget(bed.admin, module, [tmplXmlid])).get(tmplXmlid)!;
  return bed.admin.search('product.product', [['product_tmpl_id', '=', t]]);
}

describe('products: edge cases', () => {
  it('dry run on an empty Odoo counts everything as to create and writes nothing', async () => {
    const dry = await runImport(await bed.context(), productImporter, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, created: products.length, updated: 0, failed: 0 });
    expect(await bed.admin.searchCount('product.template', [['x_bc_hash', '!=', false]])).toBe(0);
  });

  it('isolates a bad product (duplicate barcode) while the rest lands, parks it, and heals it once fixed', async () => {
    const withBarcode = products.filter((p) => (p.variants ?? []).some((v) => v.upc));
    expect(withBarcode.length).toBeGreaterThan(1);
    const [a, b] = withBarcode;
    const upc = a!.variants!.find((v) => v.upc)!.upc!;
    const victim = b!.variants!.find((v) => v.upc)!;
    bed.sandbox.store.touchVariant(victim.id, { upc });
    const s = await runImport(await bed.context(), productImporter);
    expect(s.failed).toBeGreaterThanOrEqual(1);
    const failedIds = new Set(s.failures.map((f) => f.bcId));
    expect([...failedIds].some((id) => id === String(a!.id) || id === String(b!.id))).toBe(true);
    expect(s.failures.find((f) => f.bcId === String(b!.id) || f.bcId === String(a!.id))!.message).toMatch(/barcode/i);
    // Every other product is in Odoo.
    const bound = await xmlidTarget(
      bed.admin,
      module,
      products.map((p) => `product_${p.id}`),
    );
    expect(bound.size).toBe(products.length);
    // The operation log names it.
    const lines = await bed.admin.searchRead<{ x_bc_id: string; x_error: string }>(
      'x_bc_operation_log_line',
      [
        ['x_log_id', '=', s.logId!],
        ['x_level', '=', 'error'],
      ],
      ['x_bc_id', 'x_error'],
    );
    expect(lines.some((l) => failedIds.has(l.x_bc_id) && /barcode/i.test(l.x_error))).toBe(true);
    // The failed product is parked and the cursor moves on: the next run retries it first.
    const parked = await bed.admin.searchRead<{ x_bc_id: string; x_kind: string }>(
      'x_bc_parked',
      [['x_entity', '=', 'products']],
      ['x_bc_id', 'x_kind'],
    );
    expect(parked.map((p) => p.x_bc_id).sort()).toEqual([...failedIds].sort());
    const ctx = await bed.context();
    const state = await readSyncState(ctx.odoo, ctx.instanceId, 'products');
    expect(state!.cursor).toBeDefined();
    // Fixing the data in BigCommerce heals it on the next run, and it leaves the list.
    bed.sandbox.store.touchVariant(victim.id, { upc: victim.upc ?? '' });
    const healed = await runImport(await bed.context(), productImporter);
    expect(healed).toMatchObject({ failed: 0, parked: 0 });
  });

  it('reconciles a changed variant set: a removed variant is archived, and comes back when restored', async () => {
    const multi = products.find((p) => (p.variants ?? []).length >= 3)!;
    const rec = bed.sandbox.store.products.get(multi.id)!;
    const removed = rec.variantIds[rec.variantIds.length - 1]!;
    const before = await activeVariantIds(`product_${multi.id}`);
    bed.sandbox.store.touchProduct(multi.id, { variantIds: rec.variantIds.filter((v) => v !== removed) });
    // a dry run says what the run will do, and does nothing
    const dry = await runImport(await bed.context(), productImporter, { dryRun: true });
    expect(dry).toMatchObject({ updated: 1, archived: 1, failed: 0 });
    expect(await activeVariantIds(`product_${multi.id}`)).toEqual(before);
    const s = await runImport(await bed.context(), productImporter);
    expect(s).toMatchObject({ updated: 1, failed: 0 });
    const after = await activeVariantIds(`product_${multi.id}`);
    expect(after.length).toBe(before.length - 1);
    const removedOdoo = (await xmlidTarget(bed.admin, module, [`variant_${removed}`])).get(`variant_${removed}`)!;
    expect(after).not.toContain(removedOdoo);
    bed.sandbox.store.touchProduct(multi.id, { variantIds: [...rec.variantIds.filter((v) => v !== removed), removed] });
    await runImport(await bed.context(), productImporter);
    expect((await activeVariantIds(`product_${multi.id}`)).sort()).toEqual([...before].sort());
  });

  it('archives a product deleted in BigCommerce on a full run', async () => {
    const gone = products.find((p) => (p.variants ?? []).length === 1)!;
    bed.sandbox.store.deleteProduct(gone.id);
    const dry = await runImport(await bed.context(), productImporter, { full: true, dryRun: true });
    expect(dry.archived).toBe(1);
    const dryId = (await xmlidTarget(bed.admin, module, [`product_${gone.id}`])).get(`product_${gone.id}`)!;
    const [still] = await bed.admin.read<{ active: boolean }>('product.template', [dryId], ['active']);
    expect(still!.active, 'a dry run archives nothing').toBe(true);
    const s = await runImport(await bed.context(), productImporter, { full: true });
    expect(s.archived).toBeGreaterThanOrEqual(1);
    const id = (await xmlidTarget(bed.admin, module, [`product_${gone.id}`])).get(`product_${gone.id}`)!;
    const [row] = await bed.admin.read<{ active: boolean }>('product.template', [id], ['active']);
    expect(row!.active).toBe(false);
  });
});

describe('call budget', () => {
  it('a page of products costs the same bounded number of Odoo calls whether it holds 40 or 200 products', async () => {
    const calls: number[] = [];
    for (const n of [40, 200]) {
      const b = await importBed(`budget${n}`, {
        store: 'scale',
        scale: { products: n, variants: 3, customers: 0, orders: 0, seed: 7 },
      });
      try {
        const s = await runImport(await b.context(), productImporter);
        expect(s.failed).toBe(0);
        expect(s.created).toBe(n);
        expect(s.bcRequests).toBe(1);
        calls.push(s.odooCalls);
      } finally {
        await b.close();
      }
    }
    // Five times the products, the same calls give or take the steps that fire only when some
    // product needs them (the store pricelist's creation, a cleanup): a constant, not a slope.
    // Per run, the parked list and the records left pending are read first (2 calls); per page,
    // the fingerprints are recorded last, once the work is done (1 load).
    expect(calls[1]).toBeLessThanOrEqual(48);
    expect(Math.abs(calls[1]! - calls[0]!)).toBeLessThanOrEqual(6);
  }, 600_000);
});
