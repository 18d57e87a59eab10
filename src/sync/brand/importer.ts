/**
 * Brands → x_bc_brand, with image. BigCommerce has no date filter on brands (nor webhooks for
 * them), so each run re-reads all brands and writes only changed ones; images are downloaded
 * only for brands that are new or changed.
 */
import type { BcBrand } from '../../bigcommerce/schemas.js';
import { applyChanges, planChanges, type Mapped } from '../changes.js';
import { imageFetcher } from '../images.js';
import type { EntityImporter } from '../run-import.js';
import { brandImageUrl, mapBrand } from './mapper.js';

export const brandImporter: EntityImporter = {
  entity: 'brands',
  incremental: false,
  async run(ctx, tally, opts) {
    const images = imageFetcher({ signal: ctx.signal });
    const seen = new Set<number>();
    for await (const page of ctx.bc.brands({ ids: opts.ids })) {
      for (const e of page.errors) await tally.fail('brands', e.recordId ?? '?', e);
      const byId = new Map<string, BcBrand>(page.records.map((b) => [String(b.id), b]));
      const items: Mapped[] = page.records.map((b) => {
        seen.add(b.id);
        const values = mapBrand(b, ctx.instanceId);
        return { bcId: b.id, name: b.name, values, fingerprintOf: { ...values, image: brandImageUrl(b) ?? null } };
      });
      const plan = await planChanges(ctx, 'brand', 'x_bc_brand', items);
      if (opts.dryRun) {
        tally.created += plan.create.length;
        tally.updated += plan.update.length;
        tally.unchanged += plan.unchanged.length;
        continue;
      }
      await Promise.all(
        [...plan.create, ...plan.update].map(async (item) => {
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
        }),
      );
      await applyChanges(ctx, tally, 'brands', 'brand', 'x_bc_brand', plan);
      opts.onProgress?.(tally);
    }
    for (const id of opts.ids ?? []) {
      if (!seen.has(id)) await tally.fail('brands', id, new Error(`brand ${id} does not exist in BigCommerce`));
    }
    return {};
  },
};
