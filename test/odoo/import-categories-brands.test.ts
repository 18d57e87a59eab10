import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BcBrand, BcCategory } from '../../src/bigcommerce/schemas.js';
import { brandImporter } from '../../src/sync/brand/importer.js';
import { categoryImporter } from '../../src/sync/category/importer.js';
import { runImport } from '../../src/sync/run-import.js';
import { importBed, xmlidTarget, type ImportBed } from '../support/import.js';

let bed: ImportBed;
let categories: BcCategory[];
let brands: BcBrand[];
let module: string;

beforeAll(async () => {
  bed = await importBed('catbrand');
  const ctx = await bed.context();
  module = ctx.binder.module;
  categories = (await ctx.bc.categories().all()).records;
  brands = (await ctx.bc.brands().all()).records;
  expect(categories.length).toBeGreaterThan(5);
  expect(brands.length).toBeGreaterThan(2);
});
afterAll(() => bed?.close());

describe('categories', () => {
  it('imports the tree into product.category under BigCommerce / <store> and product.public.category, record by record', async () => {
    const ctx = await bed.context();
    const s = await runImport(ctx, categoryImporter);
    const ids = new Set(categories.map((c) => c.id));
    const orphans = categories.filter((c) => c.parent_id && !ids.has(c.parent_id));
    expect(orphans.length).toBeGreaterThan(0);
    expect(s).toMatchObject({ created: categories.length, updated: 0, failed: 0, warnings: orphans.length });

    const internal = await xmlidTarget(
      bed.admin,
      module,
      categories.map((c) => `category_${c.id}`).concat('category_root'),
    );
    const website = await xmlidTarget(
      bed.admin,
      module,
      categories.map((c) => `public_category_${c.id}`),
    );
    const rootId = internal.get('category_root')!;
    const [root] = await bed.admin.read<{ complete_name: string }>('product.category', [rootId], ['complete_name']);
    expect(root!.complete_name).toBe(`BigCommerce / ${ctx.store.name}`);

    const rows = await bed.admin.read<{ id: number; name: string; parent_id: [number, string] | false }>(
      'product.category',
      [...internal.values()],
      ['name', 'parent_id'],
    );
    const pubRows = await bed.admin.read<{
      id: number;
      name: string;
      parent_id: [number, string] | false;
      sequence: number;
    }>('product.public.category', [...website.values()], ['name', 'parent_id', 'sequence']);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const pubById = new Map(pubRows.map((r) => [r.id, r]));
    for (const c of categories) {
      const row = byId.get(internal.get(`category_${c.id}`)!)!;
      const pub = pubById.get(website.get(`public_category_${c.id}`)!)!;
      expect(row.name, `category ${c.id}`).toBe(c.name);
      expect(pub.name).toBe(c.name);
      expect(pub.sequence).toBe(c.sort_order ?? 0);
      const parentBound = c.parent_id && ids.has(c.parent_id);
      expect(row.parent_id && row.parent_id[0], `parent of ${c.id}`).toBe(
        parentBound ? internal.get(`category_${c.parent_id}`) : rootId,
      );
      expect(pub.parent_id && pub.parent_id[0]).toBe(
        parentBound ? website.get(`public_category_${c.parent_id}`) : false,
      );
    }
    const lines = await bed.admin.searchRead<{ x_bc_id: string; x_level: string }>(
      'x_bc_operation_log_line',
      [['x_log_id', '=', s.logId!]],
      ['x_bc_id', 'x_level'],
    );
    expect(lines.map((l) => [l.x_bc_id, l.x_level]).sort()).toEqual(
      orphans.map((o) => [String(o.id), 'warning']).sort(),
    );
  });

  it('a second import writes nothing; a renamed category is the only update', async () => {
    const again = await runImport(await bed.context(), categoryImporter);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: categories.length, failed: 0 });
    const target = categories.find((c) => c.parent_id)!;
    bed.sandbox.store.touchCategory(target.id, { name: `${target.name} (renamed)` });
    const third = await runImport(await bed.context(), categoryImporter);
    expect(third).toMatchObject({ created: 0, updated: 1, unchanged: categories.length - 1, failed: 0 });
    const id = (await xmlidTarget(bed.admin, module, [`category_${target.id}`])).get(`category_${target.id}`)!;
    expect((await bed.admin.read<{ name: string }>('product.category', [id], ['name']))[0]!.name).toBe(
      `${target.name} (renamed)`,
    );
  });

  it('dry run plans without writing', async () => {
    const c = categories[0]!;
    bed.sandbox.store.touchCategory(c.id, { name: `${c.name} again` });
    const before = await bed.admin.searchCount('x_bc_operation_log', []);
    const dry = await runImport(await bed.context(), categoryImporter, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, created: 0, updated: 1, failed: 0 });
    expect(await bed.admin.searchCount('x_bc_operation_log', [])).toBe(before);
    const id = (await xmlidTarget(bed.admin, module, [`category_${c.id}`])).get(`category_${c.id}`)!;
    expect((await bed.admin.read<{ name: string }>('product.category', [id], ['name']))[0]!.name).not.toContain(
      'again',
    );
  });
});

describe('brands', () => {
  it('imports every brand with its image, then nothing on a second run', async () => {
    const s = await runImport(await bed.context(), brandImporter);
    expect(s).toMatchObject({ created: brands.length, updated: 0, failed: 0 });
    const bound = await xmlidTarget(
      bed.admin,
      module,
      brands.map((b) => `brand_${b.id}`),
    );
    const rows = await bed.admin.read<{ id: number; x_name: string; x_bc_id: number; x_image: string | false }>(
      'x_bc_brand',
      [...bound.values()],
      ['x_name', 'x_bc_id', 'x_image'],
    );
    const byBc = new Map(rows.map((r) => [r.x_bc_id, r]));
    for (const b of brands) {
      const row = byBc.get(b.id)!;
      expect(row.x_name).toBe(b.name);
      if (b.image_url)
        expect(Buffer.from(row.x_image as string, 'base64').length, `image of brand ${b.id}`).toBeGreaterThan(50);
      else expect(row.x_image).toBe(false);
    }
    expect(brands.some((b) => b.image_url)).toBe(true);
    const again = await runImport(await bed.context(), brandImporter);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: brands.length });
  });

  it('imports one brand by id and fails clearly for an unknown id', async () => {
    const s = await runImport(await bed.context(), brandImporter, { ids: [brands[0]!.id, 999999] });
    expect(s.unchanged).toBe(1);
    expect(s.failed).toBe(1);
    expect(s.failures[0]).toMatchObject({ bcId: '999999', message: expect.stringContaining('does not exist') });
  });
});
