/**
 * Products: one product.template per BigCommerce product, exactly BigCommerce's variants as
 * the active product.product records, gallery images, brand, categories, and prices that
 * equal BigCommerce's (pricing.ts). Work is done a page (up to 250 products) at a time with a
 * bounded number of Odoo calls per page — reads of what exists, then one batched write per
 * kind of record — whatever the page size. Unchanged products (same fingerprint) cost nothing
 * beyond the two planning reads.
 */
import type { BcProduct, BcVariant } from '../../bigcommerce/schemas.js';
import { CursorTracker, failUnreadable } from '../cursor.js';
import { crashPoint } from '../crash-points.js';
import { commitFingerprints, fingerprint, FINGERPRINT_PENDING } from '../fingerprint.js';
import { failureKind, notInBigCommerce, RecordFailure } from '../failure.js';
import { applyChanges, planChanges, type Mapped } from '../changes.js';
import type { ImportContext } from '../context.js';
import { imageFetcher, type ImageFetcher } from '../images.js';
import type { EntityImporter, EntityRunOptions } from '../run-import.js';
import type { Tally } from '../tally.js';
import { syncProductStock } from '../inventory/importer.js';
import { ensureAttributes, type AttributeIndex } from './attributes.js';
import {
  extraImages,
  imageUrl,
  isMainImage,
  mapTemplate,
  mapVariant,
  optionAxes,
  primaryImage,
  variantChanges,
  weightFactor,
  VARIANT_FIELDS,
  type OdooVariantState,
  type TemplateRefs,
} from './mapper.js';
import { layoutPrices, type PriceLayout } from './pricing.js';
import { storePricelist, type FixedPrice } from './pricelist.js';

const E = 'products';

export const productImporter: EntityImporter = {
  entity: 'products',
  incremental: true,
  parks: true,
  fingerprinted: { model: 'product.template', kind: 'product' },
  async run(ctx, tally, opts) {
    const images = imageFetcher({ signal: ctx.signal });
    const base = await templateBase(ctx, opts.dryRun);
    const cursor = new CursorTracker(!!opts.from);
    const seen = new Set<number>();
    let complete = true;
    let firstTotal: number | undefined;
    let walked = 0;
    const paged = ctx.bc.products({ since: opts.from, ids: opts.ids, sort: opts.from ? 'date_modified' : 'id' });
    for await (const page of paged) {
      firstTotal ??= page.total;
      walked += page.records.length + page.errors.length;
      for (const e of page.errors) {
        complete = false;
        await failUnreadable(tally, cursor, E, e);
      }
      for (const p of page.records) seen.add(p.id);
      const written = await importPage(ctx, tally, images, base, page.records, opts);
      await syncProductStock(ctx, tally, page.records, opts);
      await commitFingerprints(ctx.odoo, 'product.template', completed(written, tally.failedRecords(E)));
      // Failed products are parked by the run (run-import.ts) and retried first next time,
      // so they do not hold the cursor.
      for (const p of page.records) cursor.record(p.date_modified, false);
      opts.onProgress?.(tally);
    }
    // Offset pages shift when records change during the walk; a short walk must not move the cursor.
    if (firstTotal !== undefined && walked < firstTotal) {
      complete = false;
      cursor.hold();
      await tally.warn(
        E,
        '-',
        `BigCommerce reported ${firstTotal} products but ${walked} were read (the catalog changed during the run); the cursor stays where it was`,
      );
    }
    for (const id of opts.ids ?? [])
      if (!seen.has(id)) await tally.fail(E, id, notInBigCommerce(`product ${id} does not exist in BigCommerce`));
    if (!opts.from && !opts.ids?.length && complete) await archiveVanished(ctx, tally, seen, opts.dryRun);
    return { cursor: cursor.value() };
  },
};

/** Templates of the page whose product did not fail: their fingerprint may now be recorded. */
function completed(written: Written, failed: ReadonlyMap<string, unknown>): Map<number, string> {
  return new Map([...written].filter(([bcId]) => !failed.has(bcId)).map(([, w]) => [w.tmplId, w.hash]));
}

interface TemplateBase {
  rootCategoryId: number;
  weightToKg: number;
  types: TemplateRefs['types'];
  has: TemplateRefs['has'];
}

async function templateBase(ctx: ImportContext, dryRun?: boolean): Promise<TemplateBase> {
  const fields = await ctx.odoo.fieldsGet('product.template');
  const root = await ctx.binder.resolveOne('category', 'root');
  let rootCategoryId = root;
  if (rootCategoryId === undefined) {
    // Categories were never imported: file products under Odoo's default category.
    const [all] = await ctx.odoo.searchRead<{ id: number }>('product.category', [['parent_id', '=', false]], ['id'], {
      limit: 1,
      order: 'id',
    });
    if (!all) throw new Error('no product category in Odoo to file products under');
    rootCategoryId = all.id;
  }
  void dryRun;
  return {
    rootCategoryId,
    weightToKg: weightFactor(ctx.store.weight_units),
    types: { storable: ctx.caps.storableValue, consumable: ctx.caps.consumableValue, service: ctx.caps.serviceValue },
    has: {
      descriptionEcommerce: 'description_ecommerce' in fields,
      comparePrice: 'compare_list_price' in fields,
      published: 'is_published' in fields,
      publicCategories: 'public_categ_ids' in fields,
    },
  };
}

interface PlannedProduct {
  product: BcProduct;
  variants: BcVariant[];
  layout: PriceLayout;
  item: Mapped;
  imageHash: string;
}

/** Templates written by a page, with the fingerprint to record once all their work is done. */
type Written = Map<string, { tmplId: number; hash: string }>;

async function importPage(
  ctx: ImportContext,
  tally: Tally,
  images: ImageFetcher,
  base: TemplateBase,
  products: BcProduct[],
  opts: EntityRunOptions,
): Promise<Written> {
  const written: Written = new Map();
  if (!products.length) return written;
  // 1. References, resolved for the whole page: 3 reads.
  const catIds = [...new Set(products.flatMap((p) => p.categories))];
  const brandIds = [...new Set(products.map((p) => p.brand_id).filter((b): b is number => !!b))];
  const [categoryIds, publicCategoryIds, brandMap] = await Promise.all([
    ctx.binder.resolve('category', catIds),
    ctx.binder.resolve('public_category', catIds),
    ctx.binder.resolve('brand', brandIds),
  ]);
  const refs: TemplateRefs = { ...base, categoryIds, publicCategoryIds, brandIds: brandMap };

  // 2. Map and plan: 2 reads.
  const planned: PlannedProduct[] = [];
  for (const p of products) {
    try {
      const variants = p.variants ?? [];
      const layout = layoutPrices(p, variants);
      const { values, warnings } = mapTemplate(p, layout, refs);
      for (const w of warnings) await tally.warn(E, p.id, w, p.name);
      const main = primaryImage(p);
      const imageHash = fingerprint(main ? [imageUrl(main), main.date_modified ?? null] : null);
      const everything = {
        values,
        layout: layout.kind === 'additive' ? [...layout.extras] : [...layout.fixed],
        variants: variants.map((v) => [
          v.id,
          mapVariant(v, p, refs),
          v.option_values.map((o) => [o.option_display_name, o.label]),
          v.image_url ?? null,
        ]),
        gallery: extraImages(p).map((i) => [
          i.id,
          imageUrl(i),
          i.date_modified ?? null,
          i.sort_order ?? 0,
          i.description ?? '',
        ]),
      };
      planned.push({
        product: p,
        variants,
        layout,
        imageHash,
        item: { bcId: p.id, name: p.name, values, hash: `${fingerprint(everything)}.${imageHash}` },
      });
    } catch (err) {
      await tally.fail(E, p.id, err, p.name);
    }
  }
  const plan = await planChanges(
    ctx,
    'product',
    'product.template',
    planned.map((x) => x.item),
  );
  const byId = new Map(planned.map((x) => [String(x.product.id), x]));
  if (opts.dryRun) {
    tally.created += plan.create.length;
    tally.updated += plan.update.length;
    tally.unchanged += plan.unchanged.length;
    tally.archived += await variantsToArchive(
      ctx,
      plan.update.map((u) => ({ tmplId: u.odooId, variantIds: byId.get(String(u.bcId))!.variants.map((v) => v.id) })),
    );
    return written;
  }
  const changed = [...plan.create, ...plan.update].map((i) => byId.get(String(i.bcId))!);
  if (!changed.length) {
    tally.unchanged += plan.unchanged.length;
    return written;
  }

  // 3. Attributes and values for the changed products: 2 reads, ≤ 2 creates.
  const attrs = await ensureAttributes(
    ctx,
    changed.flatMap((c) => optionAxes(c.variants)),
  );

  // 4. Main images, downloaded only when new or different from what Odoo has.
  const previous = new Map(plan.update.map((u) => [String(u.bcId), u.previousHash]));
  const imageFailed = new Set<string>();
  await Promise.all(
    changed.map(async (c) => {
      const prev = previous.get(String(c.product.id));
      if (prev && prev.endsWith(`.${c.imageHash}`)) return;
      const main = primaryImage(c.product);
      const url = main && imageUrl(main);
      if (!url) {
        c.item.values = { ...c.item.values, image_1920: false };
        return;
      }
      try {
        c.item.values = { ...c.item.values, image_1920: await images.fetchBase64(url) };
      } catch (err) {
        // Without the image the fingerprint must not claim it is there: the next run retries it.
        c.item.hash = `${c.item.hash!.split('.')[0]}.missing`;
        imageFailed.add(String(c.product.id));
        await tally.warn(E, c.product.id, `main image not imported: ${(err as Error).message}`, c.product.name);
      }
    }),
  );
  // A product whose only news is that its image still cannot be fetched is left as it is.
  const stillMissing = plan.update.filter(
    (u) => imageFailed.has(String(u.bcId)) && u.previousHash === byId.get(String(u.bcId))!.item.hash,
  );
  if (stillMissing.length) {
    plan.update = plan.update.filter((u) => !stillMissing.includes(u));
    plan.unchanged.push(...stillMissing);
    const keep = new Set(plan.update.map((u) => String(u.bcId)).concat(plan.create.map((c) => String(c.bcId))));
    changed.splice(0, changed.length, ...changed.filter((c) => keep.has(String(c.product.id))));
    if (!changed.length) {
      tally.unchanged += plan.unchanged.length;
      return written;
    }
  }
  // The template is written "pending": its fingerprint is recorded only once its variants,
  // prices, images and stock are in (commitFingerprints, after the page).
  for (const u of [...plan.create, ...plan.update]) {
    u.values = byId.get(String(u.bcId))!.item.values;
    u.hash = FINGERPRINT_PENDING;
  }

  // 5. Templates: 1 lookup + 1 load.
  const templateIds = await applyChanges(ctx, tally, E, 'product', 'product.template', plan);
  const done = changed.filter((c) => templateIds.has(String(c.product.id)));
  for (const c of done)
    written.set(String(c.product.id), { tmplId: templateIds.get(String(c.product.id))!, hash: c.item.hash! });
  crashPoint('products:templates');
  if (!done.length) return written;
  const tmplOf = (c: PlannedProduct): number => templateIds.get(String(c.product.id))!;

  // 6. Attribute lines (they make Odoo create the variant grid): 1 read, 1 lookup + 1 load, ≤ 1 unlink.
  const failedTemplates = await syncAttributeLines(ctx, tally, done, tmplOf, attrs);
  const live = done.filter((c) => !failedTemplates.has(c.product.id));

  // 7. Variants: match BigCommerce's to Odoo's, bind, write, archive the rest.
  await syncVariants(ctx, tally, images, live, tmplOf, attrs, base);
  crashPoint('products:variants');

  // 8. Gallery images.
  await syncGallery(ctx, tally, images, live, tmplOf);
  return written;
}

async function syncAttributeLines(
  ctx: ImportContext,
  tally: Tally,
  done: PlannedProduct[],
  tmplOf: (c: PlannedProduct) => number,
  attrs: AttributeIndex,
): Promise<Set<number>> {
  const failed = new Set<number>();
  const lines: Mapped[] = [];
  const wanted = new Set<string>();
  for (const c of done) {
    const byAttr = new Map<number, Set<number>>();
    for (const v of c.variants) {
      for (const o of v.option_values) {
        const a = attrs.attribute(o.option_display_name);
        const val = a === undefined ? undefined : attrs.value(a, o.label);
        if (a === undefined || val === undefined) continue;
        if (!byAttr.has(a)) byAttr.set(a, new Set());
        byAttr.get(a)!.add(val);
      }
    }
    for (const [a, vals] of byAttr) {
      wanted.add(`${tmplOf(c)}:${a}`);
      lines.push({
        bcId: `${c.product.id}-${a}`,
        values: { product_tmpl_id: tmplOf(c), attribute_id: a, value_ids: [[6, 0, [...vals].sort((x, y) => x - y)]] },
      });
    }
  }
  // Lines whose option is gone from BigCommerce: removing them makes Odoo drop that axis.
  const existing = await ctx.odoo.searchRead<{
    id: number;
    product_tmpl_id: [number, string];
    attribute_id: [number, string];
  }>(
    'product.template.attribute.line',
    [['product_tmpl_id', 'in', done.map(tmplOf)]],
    ['product_tmpl_id', 'attribute_id'],
  );
  const stale = existing.filter((l) => !wanted.has(`${l.product_tmpl_id[0]}:${l.attribute_id[0]}`)).map((l) => l.id);
  if (stale.length) await ctx.odoo.call('product.template.attribute.line', 'unlink', [stale]);
  if (lines.length) {
    const res = await ctx.binder.upsert(
      'attribute_line',
      'product.template.attribute.line',
      lines.map((l) => ({ bcId: l.bcId, values: l.values })),
    );
    for (const f of res.failed) {
      const productId = Number(String(f.bcId).split('-')[0]);
      if (!failed.has(productId)) {
        failed.add(productId);
        const c = done.find((d) => d.product.id === productId);
        await tally.fail(E, productId, new Error(`variant options: ${f.error.message}`), c?.product.name);
      }
    }
  }
  return failed;
}

interface OdooVariant extends OdooVariantState {
  id: number;
  product_tmpl_id: [number, string];
  product_template_attribute_value_ids: number[];
  image_variant_1920: string | false;
}

/** The decimal scale Odoo rounds each float field to (from fields_get's digits), per field. */
async function fieldPrecision(
  ctx: ImportContext,
  model: string,
  fields: readonly string[],
): Promise<Record<string, number | undefined>> {
  const info = await ctx.odoo.fieldsGet(model);
  return Object.fromEntries(
    fields.map((f) => {
      const d = info[f]?.digits;
      return [f, Array.isArray(d) ? d[1] : undefined];
    }),
  );
}

async function syncVariants(
  ctx: ImportContext,
  tally: Tally,
  images: ImageFetcher,
  live: PlannedProduct[],
  tmplOf: (c: PlannedProduct) => number,
  attrs: AttributeIndex,
  base: TemplateBase,
): Promise<void> {
  if (!live.length) return;
  const tmplIds = live.map(tmplOf);
  const [ptavs, products] = await Promise.all([
    ctx.odoo.searchRead<{
      id: number;
      product_tmpl_id: [number, string];
      attribute_id: [number, string];
      product_attribute_value_id: [number, string];
      price_extra: number;
    }>(
      'product.template.attribute.value',
      [['product_tmpl_id', 'in', tmplIds]],
      ['product_tmpl_id', 'attribute_id', 'product_attribute_value_id', 'price_extra'],
      { context: { active_test: false } },
    ),
    // bin_size: the image comes back as its size (or false), enough to know whether one is there.
    ctx.odoo.searchRead<OdooVariant>(
      'product.product',
      [['product_tmpl_id', 'in', tmplIds]],
      ['product_tmpl_id', 'product_template_attribute_value_ids', 'active', ...VARIANT_FIELDS, 'image_variant_1920'],
      { context: { active_test: false, bin_size: true } },
    ),
  ]);
  const precision = await fieldPrecision(ctx, 'product.product', VARIANT_FIELDS);
  const ptavOf = new Map(ptavs.map((p) => [`${p.product_tmpl_id[0]}:${p.product_attribute_value_id[0]}`, p]));
  const productByCombo = new Map(
    products.map((p) => [
      `${p.product_tmpl_id[0]}:${[...p.product_template_attribute_value_ids].sort((a, b) => a - b).join(',')}`,
      p,
    ]),
  );

  const bindings: { bcId: number; odooId: number }[] = [];
  const variantValues: Mapped[] = [];
  const extraRows: [number, number][] = [];
  const fixedPrices: FixedPrice[] = [];
  const matched = new Set<number>();
  const failedProducts = new Set<number>();
  for (const c of live) {
    const t = tmplOf(c);
    const extraByPtav = new Map<number, number>();
    for (const v of c.variants) {
      const combo: number[] = [];
      let ok = true;
      for (const o of v.option_values) {
        const a = attrs.attribute(o.option_display_name);
        const val = a === undefined ? undefined : attrs.value(a, o.label);
        const ptav = val === undefined ? undefined : ptavOf.get(`${t}:${val}`);
        if (!ptav) {
          ok = false;
          break;
        }
        combo.push(ptav.id);
        if (c.layout.kind === 'additive') extraByPtav.set(ptav.id, c.layout.extras.get(o.id) ?? 0);
      }
      const pp = ok ? productByCombo.get(`${t}:${combo.sort((x, y) => x - y).join(',')}`) : undefined;
      if (!pp) {
        failedProducts.add(c.product.id);
        await tally.fail(
          E,
          c.product.id,
          new Error(
            `variant ${v.id} (${v.sku}): Odoo has no variant for options ${v.option_values.map((o) => `${o.option_display_name}=${o.label}`).join(', ')}`,
          ),
          c.product.name,
        );
        continue;
      }
      matched.add(pp.id);
      bindings.push({ bcId: v.id, odooId: pp.id });
      variantValues.push({
        bcId: v.id,
        name: `${c.product.name} ${v.sku}`,
        values: {
          ...variantChanges(mapVariant(v, c.product, base), pp, precision),
          _image: v.image_url ?? '',
          _had: Boolean(pp.image_variant_1920),
        },
      });
      if (c.layout.kind === 'pricelist')
        fixedPrices.push({
          variantId: v.id,
          bcProductId: c.product.id,
          productId: pp.id,
          tmplId: t,
          price: c.layout.fixed.get(v.id) ?? c.layout.base,
        });
    }
    for (const p of ptavs.filter((x) => x.product_tmpl_id[0] === t)) {
      const want = c.layout.kind === 'additive' ? (extraByPtav.get(p.id) ?? 0) : 0;
      if (Math.round(p.price_extra * 100) !== Math.round(want * 100)) extraRows.push([p.id, want]);
    }
  }
  // Variant images: only when the variant has its own picture, different from the product's.
  await Promise.all(
    variantValues.map(async (m) => {
      const url = m.values._image as string;
      const had = m.values._had as boolean;
      delete m.values._image;
      delete m.values._had;
      const owner = live.find((c) => c.variants.some((v) => v.id === m.bcId));
      if (!url || (owner !== undefined && isMainImage(url, owner.product))) {
        // Clearing an image that is not there still makes Odoo recompute every size: only when one is.
        if (had) m.values.image_variant_1920 = false;
        return;
      }
      try {
        m.values.image_variant_1920 = await images.fetchBase64(url);
      } catch (err) {
        await tally.warn(
          E,
          owner?.product.id ?? m.bcId,
          `image of variant ${m.bcId} not imported: ${(err as Error).message}`,
        );
      }
    }),
  );
  if (bindings.length) await ctx.binder.bind('variant', 'product.product', bindings);
  // Only what differs from Odoo: `load` writes row by row, and an unchanged cost or an `active`
  // that is already true still costs Odoo its per-record write (about 20 ms a variant).
  const toWrite = variantValues.filter((v) => Object.keys(v.values).length > 0);
  if (toWrite.length) {
    const res = await ctx.binder.upsert(
      'variant',
      'product.product',
      toWrite.map((v) => ({ bcId: v.bcId, values: v.values })),
    );
    for (const f of res.failed) {
      const owner = live.find((c) => c.variants.some((v) => String(v.id) === f.bcId));
      await tally.fail(
        E,
        owner?.product.id ?? f.bcId,
        new Error(`variant ${f.bcId}: ${f.error.message}`),
        owner?.product.name,
      );
    }
  }
  // Combinations BigCommerce does not have: archived, so they are not sellable.
  const toArchive = products.filter((p) => p.active && !matched.has(p.id)).map((p) => p.id);
  if (toArchive.length) {
    await ctx.odoo.write('product.product', toArchive, { active: false });
    tally.archived += toArchive.length;
  }
  if (extraRows.length) {
    const res = await ctx.odoo.load(
      'product.template.attribute.value',
      ['.id', 'price_extra'],
      extraRows.map(([id, extra]) => [String(id), String(extra)]),
    );
    if (res.ids === false)
      throw new Error(`could not set variant price extras: ${res.messages.map((m) => m.message).join('; ')}`);
  }
  await storePricelist(ctx, tally, live.map(tmplOf), fixedPrices);
}

async function syncGallery(
  ctx: ImportContext,
  tally: Tally,
  images: ImageFetcher,
  live: PlannedProduct[],
  tmplOf: (c: PlannedProduct) => number,
): Promise<void> {
  if (!live.length || !ctx.caps.hasProductImages) return;
  const items: Mapped[] = [];
  const urls = new Map<string, string>();
  const productOf = new Map<string, number>();
  for (const c of live) {
    for (const i of extraImages(c.product)) {
      productOf.set(String(i.id), c.product.id);
      const url = imageUrl(i);
      if (!url) continue;
      urls.set(String(i.id), url);
      const values = {
        name: (i.description || c.product.name).slice(0, 250),
        product_tmpl_id: tmplOf(c),
        sequence: i.sort_order ?? 0,
      };
      items.push({
        bcId: i.id,
        name: c.product.name,
        values,
        fingerprintOf: { ...values, url, date: i.date_modified ?? null },
      });
    }
  }
  const plan = await planChanges(ctx, 'image', 'product.image', items);
  await Promise.all(
    [...plan.create, ...plan.update].map(async (i) => {
      try {
        i.values = { ...i.values, image_1920: await images.fetchBase64(urls.get(String(i.bcId))!) };
      } catch (err) {
        i.hash = 'missing';
        await tally.warn(
          E,
          String(i.values.product_tmpl_id),
          `gallery image ${i.bcId} not imported: ${(err as Error).message}`,
        );
      }
    }),
  );
  // Images are part of their product: counted there, their failures reported against it.
  const quiet = {
    created: 0,
    updated: 0,
    unchanged: 0,
    fail: (e: string, id: string | number, err: unknown, n?: string) =>
      tally.fail(
        e,
        productOf.get(String(id)) ?? id,
        new RecordFailure(
          failureKind(err),
          `gallery image ${id}: ${err instanceof Error ? err.message : String(err)}`,
          { cause: err },
        ),
        n,
      ),
  } as unknown as Tally;
  const plannedCreate = plan.create.filter((i) => i.values.image_1920);
  await applyChanges(ctx, quiet, E, 'image', 'product.image', { ...plan, create: plannedCreate });
  const keep = new Set(items.map((i) => String(i.bcId)));
  const bound = await ctx.binder.resolve('image', [...keep]);
  const keepIds = new Set(bound.values());
  const existing = await ctx.odoo.search('product.image', [['product_tmpl_id', 'in', live.map(tmplOf)]]);
  const stale = existing.filter((id) => !keepIds.has(id));
  if (stale.length) await ctx.odoo.call('product.image', 'unlink', [stale]);
}

/** A full walk that read every product: bound templates BigCommerce no longer has are archived. */
/**
 * For a dry run: the active variants of these (existing) templates that no BigCommerce variant
 * binds any more — what a real run archives. Combinations a new option value would add are
 * not known until Odoo builds them, so they are not counted. 2 reads for the page.
 */
async function variantsToArchive(
  ctx: ImportContext,
  templates: readonly { tmplId: number; variantIds: readonly number[] }[],
): Promise<number> {
  if (!templates.length) return 0;
  const active = await ctx.odoo.search('product.product', [
    ['product_tmpl_id', 'in', templates.map((t) => t.tmplId)],
    ['active', '=', true],
  ]);
  if (!active.length) return 0;
  const bound = await ctx.binder.resolve(
    'variant',
    templates.flatMap((t) => t.variantIds.map(String)),
  );
  const keep = new Set(bound.values());
  return active.filter((id) => !keep.has(id)).length;
}

/** A dry run counts the templates it would archive and writes nothing. */
async function archiveVanished(ctx: ImportContext, tally: Tally, seen: Set<number>, dryRun?: boolean): Promise<void> {
  const rows = await ctx.odoo.searchRead<{ name: string; res_id: number }>(
    'ir.model.data',
    [
      ['module', '=', ctx.binder.module],
      ['model', '=', 'product.template'],
      ['name', '=like', 'product\\_%'],
    ],
    ['name', 'res_id'],
  );
  const gone = rows
    .filter((r) => /^product_\d+$/.test(r.name) && !seen.has(Number(r.name.slice('product_'.length))))
    .map((r) => r.res_id);
  if (!gone.length) return;
  const active = await ctx.odoo.search('product.template', [
    ['id', 'in', gone],
    ['active', '=', true],
  ]);
  if (!active.length) return;
  if (!dryRun) await ctx.odoo.write('product.template', active, { active: false });
  tally.archived += active.length;
}
