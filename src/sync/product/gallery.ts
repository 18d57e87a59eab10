/**
 * A page's gallery: every image of a product but the main one becomes a product.image
 * (`image_<BigCommerce image id>`), downloaded only when new or changed; images BigCommerce no
 * longer has are removed. Images are part of their product: not counted on their own, and a
 * failure is reported against the product.
 */
import type { ImageFetcher } from '../../bigcommerce/images.js';
import { planChanges, type ChangePlan, type Mapped } from '../changes.js';
import type { ImportContext } from '../context.js';
import { failureKind, RecordFailure } from '../failure.js';
import type { Tally } from '../tally.js';
import { extraImages, imageUrl } from './mapper.js';
import { E, type PlannedProduct } from './plan.js';

interface GalleryItems {
  items: Mapped[];
  urls: Map<string, string>;
  /** image id → BigCommerce product id */
  productOf: Map<string, number>;
}

export async function syncGallery(
  ctx: ImportContext,
  tally: Tally,
  images: ImageFetcher,
  live: PlannedProduct[],
  tmplOf: (c: PlannedProduct) => number,
): Promise<void> {
  if (!live.length || !ctx.caps.hasProductImages) return;
  const gallery = galleryItems(live, tmplOf);
  const plan = await planChanges(ctx, 'image', 'product.image', gallery.items);
  await downloadImages(tally, images, plan, gallery.urls);
  await writeImages(ctx, tally, plan, gallery.productOf);
  await removeStaleImages(ctx, gallery.items, live.map(tmplOf));
}

function galleryItems(live: readonly PlannedProduct[], tmplOf: (c: PlannedProduct) => number): GalleryItems {
  const gallery: GalleryItems = { items: [], urls: new Map(), productOf: new Map() };
  for (const c of live) {
    for (const i of extraImages(c.product)) {
      gallery.productOf.set(String(i.id), c.product.id);
      const url = imageUrl(i);
      if (!url) continue;
      gallery.urls.set(String(i.id), url);
      const values = {
        name: (i.description || c.product.name).slice(0, 250),
        product_tmpl_id: tmplOf(c),
        sequence: i.sort_order ?? 0,
      };
      gallery.items.push({
        bcId: i.id,
        name: c.product.name,
        values,
        fingerprintOf: { ...values, url, date: i.date_modified ?? null },
      });
    }
  }
  return gallery;
}

async function downloadImages(
  tally: Tally,
  images: ImageFetcher,
  plan: ChangePlan,
  urls: ReadonlyMap<string, string>,
): Promise<void> {
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
}

/** One batched upsert; a new image whose download failed is not created. */
async function writeImages(
  ctx: ImportContext,
  tally: Tally,
  plan: ChangePlan,
  productOf: ReadonlyMap<string, number>,
): Promise<void> {
  const writes = [...plan.create.filter((i) => i.values.image_1920), ...plan.update];
  if (!writes.length) return;
  const names = new Map(writes.map((w) => [String(w.bcId), w.name]));
  const res = await ctx.binder.upsert(
    'image',
    'product.image',
    writes.map((w) => ({ bcId: w.bcId, values: { ...w.values, x_bc_hash: w.hash } })),
  );
  for (const f of res.failed) {
    const failure = new RecordFailure(failureKind(f.error), `gallery image ${f.bcId}: ${f.error.message}`, {
      cause: f.error,
    });
    await tally.fail(E, productOf.get(f.bcId) ?? f.bcId, failure, names.get(f.bcId));
  }
}

async function removeStaleImages(ctx: ImportContext, items: readonly Mapped[], tmplIds: number[]): Promise<void> {
  const bound = await ctx.binder.resolve(
    'image',
    items.map((i) => String(i.bcId)),
  );
  const keepIds = new Set(bound.values());
  const existing = await ctx.odoo.search('product.image', [['product_tmpl_id', 'in', tmplIds]]);
  const stale = existing.filter((id) => !keepIds.has(id));
  if (stale.length) await ctx.odoo.unlink('product.image', stale);
}
