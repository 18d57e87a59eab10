/**
 * Products: one product.template per BigCommerce product, exactly BigCommerce's variants as
 * the active product.product records, gallery images, brand, categories, and prices that
 * equal BigCommerce's (pricing.ts). Work is done a page (up to 250 products) at a time with a
 * bounded number of Odoo calls per page — reads of what exists, then one batched write per
 * kind of record — whatever the page size. Unchanged products (same fingerprint) cost nothing
 * beyond the two planning reads.
 */
import { imageFetcher, type ImageFetcher } from '../../bigcommerce/images.js';
import type { BcProduct } from '../../bigcommerce/schemas.js';
import { applyChanges, planChanges, type ChangePlan } from '../changes.js';
import type { ImportContext } from '../context.js';
import { crashPoint } from '../crash-points.js';
import { commitFingerprints, FINGERPRINT_PENDING } from '../fingerprint.js';
import { syncProductStock } from '../inventory/importer.js';
import { walkPages } from '../page-walk.js';
import { splitAcrossPool } from '../split-run.js';
import { PRODUCT_SPLIT } from '../split.js';
import type { EntityImporter, EntityRunOptions } from '../run-import.js';
import type { Tally } from '../tally.js';
import { archiveVanished, variantsToArchive } from './archive.js';
import { syncAttributeLines } from './attribute-lines.js';
import { ensureAttributes } from './attributes.js';
import { syncGallery } from './gallery.js';
import { attachMainImages } from './main-images.js';
import { optionAxes } from './mapper.js';
import {
  E,
  mapProducts,
  resolveRefs,
  templateBase,
  type PlannedProduct,
  type TemplateBase,
  type Written,
} from './plan.js';
import { syncVariants } from './variants.js';

export const productImporter: EntityImporter = {
  entity: 'products',
  incremental: true,
  parks: true,
  fingerprinted: { model: 'product.template', kind: 'product' },
  splits: true,
  async run(ctx, tally, opts) {
    const split = await splitAcrossPool(ctx, opts, 'products', PRODUCT_SPLIT, (since) =>
      ctx.bc.productIdBounds({ since }),
    );
    if (split) {
      // The parts read only their range: what a full walk has vanished from is the whole list.
      if (!opts.from) await archiveVanished(ctx, tally, await productIds(ctx), opts.dryRun);
      return split;
    }
    const images = imageFetcher({ signal: ctx.signal });
    const base = await templateBase(ctx);
    const walk = await walkPages(tally, {
      entity: E,
      noun: 'product',
      pages: ctx.bc.products({
        since: opts.from,
        ids: opts.ids,
        sort: opts.from ? 'date_modified' : 'id',
        idRange: opts.part,
      }),
      idOf: (p) => p.id,
      step: async (records) => {
        const written = await importPage(ctx, tally, images, base, records, opts);
        await syncProductStock(ctx, tally, records, opts);
        await commitFingerprints(ctx.odoo, 'product.template', completed(written, tally.failedRecords(E)));
      },
      // Failed products are parked by the run (run-import.ts) and retried first next time,
      // so they do not hold the cursor.
      cursor: { dateOf: (p) => p.date_modified, sortedByDate: !!opts.from, failuresHold: false },
      askedIds: opts.ids,
      checkTotal: true,
      onProgress: opts.onProgress,
    });
    // A part of a split import sees its range only: the run that split it archives.
    if (!opts.from && !opts.ids?.length && !opts.part && walk.complete)
      await archiveVanished(ctx, tally, walk.seen, opts.dryRun);
    return { cursor: walk.cursor };
  },
};

/** Every product id BigCommerce has (ids only, 250 a page). */
async function productIds(ctx: ImportContext): Promise<Set<number>> {
  const ids = new Set<number>();
  for await (const page of ctx.bc.productIds()) {
    for (const p of page.records) ids.add(p.id);
    // An id that fails its schema cannot be told from a vanished product: archive nothing.
    if (page.errors.length) throw new Error(`products: ${page.errors.length} unreadable ids in the product list`);
  }
  return ids;
}

/** Templates of the page whose product did not fail: their fingerprint may now be recorded. */
function completed(written: Written, failed: ReadonlyMap<string, unknown>): Map<number, string> {
  return new Map([...written].filter(([bcId]) => !failed.has(bcId)).map(([, w]) => [w.tmplId, w.hash]));
}

/**
 * One page, as steps: references (3 reads), mapping and planning (2 reads), main images,
 * templates (1 lookup + 1 load), attribute lines, variants, gallery. Returns the templates
 * written, whose fingerprint the run records once their stock is in too.
 */
async function importPage(
  ctx: ImportContext,
  tally: Tally,
  images: ImageFetcher,
  base: TemplateBase,
  products: BcProduct[],
  opts: EntityRunOptions,
): Promise<Written> {
  const refs = await resolveRefs(ctx, base, products);
  const planned = await mapProducts(tally, products, refs);
  const plan = await planChanges(
    ctx,
    'product',
    'product.template',
    planned.map((x) => x.item),
  );
  const byId = new Map(planned.map((x) => [String(x.product.id), x]));
  if (opts.dryRun) {
    await warnMapping(
      tally,
      [...plan.create, ...plan.update].map((i) => byId.get(String(i.bcId))!),
    );
    return countDryRun(ctx, tally, plan, byId);
  }
  const changed = await attachMainImages(tally, images, plan, byId);
  await warnMapping(tally, changed);
  if (!changed.length) {
    tally.unchanged += plan.unchanged.length;
    return new Map();
  }
  const { written, done, tmplOf } = await writeTemplates(ctx, tally, plan, byId, changed);
  if (!done.length) return written;
  const attrs = await ensureAttributes(
    ctx,
    done.flatMap((c) => optionAxes(c.variants)),
  );
  const failedTemplates = await syncAttributeLines(ctx, tally, done, tmplOf, attrs);
  const live = done.filter((c) => !failedTemplates.has(c.product.id));
  await syncVariants(ctx, tally, images, live, tmplOf, attrs, base);
  crashPoint('products:variants');
  await syncGallery(ctx, tally, images, live, tmplOf);
  return written;
}

/** What a real run would do, counted; nothing written. */
async function countDryRun(
  ctx: ImportContext,
  tally: Tally,
  plan: ChangePlan,
  byId: ReadonlyMap<string, PlannedProduct>,
): Promise<Written> {
  tally.created += plan.create.length;
  tally.updated += plan.update.length;
  tally.unchanged += plan.unchanged.length;
  tally.archived += await variantsToArchive(
    ctx,
    plan.update.map((u) => ({ tmplId: u.odooId, variantIds: byId.get(String(u.bcId))!.variants.map((v) => v.id) })),
  );
  return new Map();
}

/**
 * The templates, written "pending": their fingerprint is recorded only once their variants,
 * prices, images and stock are in (commitFingerprints, after the page).
 */
async function writeTemplates(
  ctx: ImportContext,
  tally: Tally,
  plan: ChangePlan,
  byId: ReadonlyMap<string, PlannedProduct>,
  changed: readonly PlannedProduct[],
): Promise<{ written: Written; done: PlannedProduct[]; tmplOf: (c: PlannedProduct) => number }> {
  for (const u of [...plan.create, ...plan.update]) {
    u.values = byId.get(String(u.bcId))!.item.values;
    u.hash = FINGERPRINT_PENDING;
  }
  const templateIds = await applyChanges(ctx, tally, E, 'product', 'product.template', plan);
  const done = changed.filter((c) => templateIds.has(String(c.product.id)));
  const written: Written = new Map();
  for (const c of done)
    written.set(String(c.product.id), { tmplId: templateIds.get(String(c.product.id))!, hash: c.item.hash! });
  crashPoint('products:templates');
  return { written, done, tmplOf: (c) => templateIds.get(String(c.product.id))! };
}

/** The mapping's warnings, for the products written (or that a dry run would write) only. */
async function warnMapping(tally: Tally, products: readonly PlannedProduct[]): Promise<void> {
  for (const c of products) for (const w of c.warnings) await tally.warn(E, c.product.id, w, c.product.name);
}
