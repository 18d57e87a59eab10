/**
 * Brands → x_bc_brand, with image. BigCommerce has no date filter on brands (nor webhooks for
 * them), so each run re-reads all brands and writes only changed ones; images are downloaded
 * only for brands that are new or changed.
 */
import type { BcBrand } from '../../bigcommerce/schemas.js';
import { applyChanges, planChanges, type Mapped } from '../changes.js';
import type { ImportContext } from '../context.js';
import { imageFetcher, type ImageFetcher } from '../../bigcommerce/images.js';
import { walkPages } from '../page-walk.js';
import type { Tally } from '../tally.js';
import type { EntityImporter } from '../run-import.js';
import { brandImageUrl, mapBrand } from './mapper.js';

export const brandImporter: EntityImporter = {
  entity: 'brands',
  incremental: false,
  async run(ctx, tally, opts) {
    const images = imageFetcher({ signal: ctx.signal });
    await walkPages(tally, {
      entity: 'brands',
      noun: 'brand',
      pages: ctx.bc.brands({ ids: opts.ids }),
      idOf: (b) => b.id,
      step: (records) => importPage(ctx, tally, images, records, !!opts.dryRun),
      askedIds: opts.ids,
      onProgress: opts.onProgress,
    });
    return {};
  },
};

async function importPage(
  ctx: ImportContext,
  tally: Tally,
  images: ImageFetcher,
  brands: BcBrand[],
  dryRun: boolean,
): Promise<void> {
  const byId = new Map<string, BcBrand>(brands.map((b) => [String(b.id), b]));
  const items: Mapped[] = brands.map((b) => {
    const values = mapBrand(b, ctx.instanceId);
    return { bcId: b.id, name: b.name, values, fingerprintOf: { ...values, image: brandImageUrl(b) ?? null } };
  });
  const plan = await planChanges(ctx, 'brand', 'x_bc_brand', items);
  if (dryRun) {
    tally.created += plan.create.length;
    tally.updated += plan.update.length;
    tally.unchanged += plan.unchanged.length;
    return;
  }
  await Promise.all([...plan.create, ...plan.update].map((item) => attachImage(tally, images, item, byId)));
  await applyChanges(ctx, tally, 'brands', 'brand', 'x_bc_brand', plan);
}

/** Downloads a new or changed brand's image into its values; a failed download is a warning. */
async function attachImage(
  tally: Tally,
  images: ImageFetcher,
  item: Mapped,
  byId: ReadonlyMap<string, BcBrand>,
): Promise<void> {
  const url = brandImageUrl(byId.get(String(item.bcId))!);
  if (!url) {
    item.values = { ...item.values, x_image: false };
    return;
  }
  try {
    item.values = { ...item.values, x_image: await images.fetchBase64(url) };
  } catch (err) {
    await tally.warn('brands', item.bcId, `image not imported: ${(err as Error).message}`, item.name);
  }
}
