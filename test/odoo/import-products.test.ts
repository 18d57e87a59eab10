import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BcProduct } from '../../src/bigcommerce/schemas.js';
import { extraImages, primaryImage } from '../../src/sync/product/mapper.js';
import { productImporter } from '../../src/sync/product/importer.js';
import { productPrice, variantPrice } from '../../src/sync/product/pricing.js';
import { runImport } from '../../src/sync/run-import.js';
import { importBed, importCatalog, xmlidTarget, type ImportBed } from '../support/import.js';

let bed: ImportBed;
let products: BcProduct[];
let module: string;

beforeAll(async () => {
  bed = await importBed('products');
  const ctx = await bed.context();
  module = ctx.binder.module;
  products = (await ctx.bc.products().all()).records;
  await importCatalog(ctx, { products: false });
});
afterAll(() => bed?.close());

interface Tmpl {
  id: number;
  name: string;
  list_price: number;
  categ_id: [number, string];
  public_categ_ids: number[];
  x_bc_brand_id: [number, string] | false;
  is_storable?: boolean;
  detailed_type?: string;
  image_1920: string | false;
  product_variant_count: number;
  is_published: boolean;
}
interface Variant {
  id: number;
  default_code: string | false;
  barcode: string | false;
  weight: number;
  standard_price: number;
  active: boolean;
  product_tmpl_id: [number, string];
  product_template_attribute_value_ids: number[];
}

describe('products', () => {
  it('imports the sample catalog: templates, exact variant sets, SKUs, barcodes, images, brand, categories', async () => {
    const s = await runImport(await bed.context(), productImporter);
    if (s.failed) console.log(s.failures);
    expect(s.failed).toBe(0);
    expect(s.created).toBe(products.length);
    // The sample store has a product whose image 404s and one whose brand is missing: warnings, not failures.
    const brokenImage = new Set(
      s.warningList.filter((w) => /main image not imported: .*HTTP 404/.test(w.message)).map((w) => Number(w.bcId)),
    );
    expect(brokenImage.size).toBe(1);
    expect(s.warningList.some((w) => /brand \d+ does not exist/.test(w.message))).toBe(true);

    const tmplIds = await xmlidTarget(
      bed.admin,
      module,
      products.map((p) => `product_${p.id}`),
    );
    const variantIds = await xmlidTarget(
      bed.admin,
      module,
      products.flatMap((p) => (p.variants ?? []).map((v) => `variant_${v.id}`)),
    );
    const catIds = await xmlidTarget(
      bed.admin,
      module,
      products.flatMap((p) => p.categories.map((c) => `category_${c}`)),
    );
    const pubIds = await xmlidTarget(
      bed.admin,
      module,
      products.flatMap((p) => p.categories.map((c) => `public_category_${c}`)),
    );
    const brandIds = await xmlidTarget(
      bed.admin,
      module,
      products.map((p) => `brand_${p.brand_id}`),
    );
    // Odoo 18+: is_storable; 17: detailed_type 'product'.
    const storableField =
      'is_storable' in (await bed.admin.fieldsGet('product.template')) ? 'is_storable' : 'detailed_type';
    const tmpls = await bed.admin.read<Tmpl>(
      'product.template',
      [...tmplIds.values()],
      [
        'name',
        'list_price',
        'categ_id',
        'public_categ_ids',
        'x_bc_brand_id',
        storableField,
        'image_1920',
        'product_variant_count',
        'is_published',
      ],
    );
    const tById = new Map(tmpls.map((t) => [t.id, t]));
    const variants = await bed.admin.searchRead<Variant>(
      'product.product',
      [['product_tmpl_id', 'in', [...tmplIds.values()]]],
      [
        'default_code',
        'barcode',
        'weight',
        'standard_price',
        'active',
        'product_tmpl_id',
        'product_template_attribute_value_ids',
      ],
      { context: { active_test: false } },
    );
    const vById = new Map(variants.map((v) => [v.id, v]));
    const ptavs = await bed.admin.searchRead<{ id: number; attribute_id: [number, string]; name: string }>(
      'product.template.attribute.value',
      [['product_tmpl_id', 'in', [...tmplIds.values()]]],
      ['attribute_id', 'name'],
      { context: { active_test: false } },
    );
    const ptavById = new Map(ptavs.map((p) => [p.id, p]));
    const images = await bed.admin.searchRead<{ product_tmpl_id: [number, string] }>(
      'product.image',
      [['product_tmpl_id', 'in', [...tmplIds.values()]]],
      ['product_tmpl_id'],
    );
    const gallery = new Map<number, number>();
    for (const {
      product_tmpl_id: [tmpl],
    } of images)
      gallery.set(tmpl, (gallery.get(tmpl) ?? 0) + 1);

    let sparse = 0;
    for (const p of products) {
      const t = tById.get(tmplIds.get(`product_${p.id}`)!)!;
      expect(t.name, `product ${p.id}`).toBe(p.name);
      expect(t.categ_id[0]).toBe(catIds.get(`category_${p.categories[0]}`) ?? t.categ_id[0]);
      expect([...t.public_categ_ids].sort()).toEqual(
        p.categories
          .map((c) => pubIds.get(`public_category_${c}`))
          .filter(Boolean)
          .sort(),
      );
      expect(t.x_bc_brand_id && t.x_bc_brand_id[0]).toBe(brandIds.get(`brand_${p.brand_id}`) ?? false);
      const storable = storableField === 'is_storable' ? t.is_storable : t.detailed_type === 'product';
      expect(storable, `storable ${p.id}`).toBe(p.inventory_tracking !== 'none' && p.type !== 'digital');
      expect(t.is_published).toBe(p.is_visible !== false);
      expect(!!t.image_1920, `image of ${p.id}`).toBe(!!primaryImage(p) && !brokenImage.has(p.id));
      expect(gallery.get(t.id) ?? 0).toBe(extraImages(p).length);
      const bcVariants = p.variants ?? [];
      const active = variants.filter((v) => v.product_tmpl_id[0] === t.id && v.active);
      expect(active.length, `active variants of ${p.id}`).toBe(bcVariants.length);
      if (variants.some((v) => v.product_tmpl_id[0] === t.id && !v.active)) sparse++;
      for (const v of bcVariants) {
        const odoo = vById.get(variantIds.get(`variant_${v.id}`)!)!;
        expect(odoo.active, `variant ${v.id}`).toBe(true);
        expect(odoo.default_code || '').toBe(v.sku);
        expect(odoo.barcode || '').toBe(v.upc || v.gtin || '');
        expect(odoo.standard_price).toBeCloseTo(v.cost_price ?? p.cost_price ?? 0, 2);
        const labels = odoo.product_template_attribute_value_ids
          .map((id) => `${ptavById.get(id)!.attribute_id[1]}=${ptavById.get(id)!.name}`)
          .sort();
        expect(labels).toEqual(v.option_values.map((o) => `${o.option_display_name}=${o.label}`).sort());
      }
    }
    expect(sparse, 'products whose missing combinations were archived').toBeGreaterThan(0);
  });

  it('a customer pays in Odoo exactly what BigCommerce charges, for every variant', async () => {
    const variantIds = await xmlidTarget(
      bed.admin,
      module,
      products.flatMap((p) => (p.variants ?? []).map((v) => `variant_${v.id}`)),
    );
    const [pricelist] = [...(await xmlidTarget(bed.admin, module, ['pricelist_store'])).values()];
    const [partner] = await bed.admin.search('res.partner', [['customer_rank', '>=', 0]], { limit: 1 });
    const lines = products.flatMap((p) => (p.variants ?? []).map((v) => ({ v, p })));
    const [orderId] = await bed.admin.create('sale.order', [
      {
        partner_id: partner,
        ...(pricelist ? { pricelist_id: pricelist } : {}),
        order_line: lines.map(({ v }) => [0, 0, { product_id: variantIds.get(`variant_${v.id}`), product_uom_qty: 1 }]),
      },
    ]);
    const soLines = await bed.admin.searchRead<{ product_id: [number, string]; price_unit: number }>(
      'sale.order.line',
      [['order_id', '=', orderId]],
      ['product_id', 'price_unit'],
    );
    const priceOf = new Map(soLines.map((l) => [l.product_id[0], l.price_unit]));
    for (const { v, p } of lines) {
      expect(priceOf.get(variantIds.get(`variant_${v.id}`)!), `variant ${v.id} of product ${p.id}`).toBeCloseTo(
        variantPrice(v, p),
        2,
      );
    }
    expect(products.some((p) => (p.variants ?? []).some((v) => variantPrice(v, p) !== productPrice(p)))).toBe(true);
  });

  it('a second import writes nothing; a changed product is the only update', async () => {
    const again = await runImport(await bed.context(), productImporter, { full: true });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: products.length, failed: 0 });
    // The stored cursor makes the default run incremental: it reads only the overlap window.
    const incremental = await runImport(await bed.context(), productImporter);
    expect(incremental.from).toBeDefined();
    expect(incremental.unchanged).toBeLessThan(products.length);
    expect(incremental).toMatchObject({ created: 0, updated: 0, failed: 0 });
    const target = products.find((p) => (p.variants ?? []).length > 1)!;
    bed.sandbox.store.touchProduct(target.id, { name: `${target.name} v2` });
    const third = await runImport(await bed.context(), productImporter);
    expect(third).toMatchObject({ created: 0, updated: 1, failed: 0 });
    expect(third.bcRequests).toBe(1);
    const id = (await xmlidTarget(bed.admin, module, [`product_${target.id}`])).get(`product_${target.id}`)!;
    expect((await bed.admin.read<{ name: string }>('product.template', [id], ['name']))[0]!.name).toBe(
      `${target.name} v2`,
    );
  });
});
