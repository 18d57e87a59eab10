/**
 * A page's main product images (image_1920), downloaded only for products that are new or
 * whose image changed (the fingerprint's image part says which). A download that fails is a
 * warning, and the fingerprint then says "missing" so that the next run tries again; a product
 * whose only news is that its image still cannot be fetched is left as it is.
 */
import type { ImageFetcher } from '../../bigcommerce/images.js';
import type { ChangePlan } from '../changes.js';
import type { Tally } from '../tally.js';
import { imageUrl, primaryImage } from './mapper.js';
import { E, type PlannedProduct } from './plan.js';

/**
 * Fetches the images of the plan's creates and updates into their values. Returns the products
 * still to write; updates left as they are move to the plan's unchanged.
 */
export async function attachMainImages(
  tally: Tally,
  images: ImageFetcher,
  plan: ChangePlan,
  byId: ReadonlyMap<string, PlannedProduct>,
): Promise<PlannedProduct[]> {
  const changed = [...plan.create, ...plan.update].map((i) => byId.get(String(i.bcId))!);
  const previous = new Map(plan.update.map((u) => [String(u.bcId), u.previousHash]));
  const failed = new Map<string, string>();
  await Promise.all(
    changed.map(async (c) => {
      const prev = previous.get(String(c.product.id));
      if (prev && prev.endsWith(`.${c.imageHash}`)) return;
      const problem = await attachOne(images, c);
      if (problem) failed.set(String(c.product.id), problem);
    }),
  );
  const stillMissing = plan.update.filter(
    (u) => failed.has(String(u.bcId)) && u.previousHash === byId.get(String(u.bcId))!.item.hash,
  );
  plan.update = plan.update.filter((u) => !stillMissing.includes(u));
  plan.unchanged.push(...stillMissing);
  const keep = new Set([...plan.create, ...plan.update].map((i) => String(i.bcId)));
  const written = changed.filter((c) => keep.has(String(c.product.id)));
  // Said of products that are written; one left as it is was told about when it was.
  for (const c of written) {
    const problem = failed.get(String(c.product.id));
    if (problem) await tally.warn(E, c.product.id, `main image not imported: ${problem}`, c.product.name);
  }
  return written;
}

/** Why the download failed (the fingerprint then says "missing"), or undefined when it did not. */
async function attachOne(images: ImageFetcher, c: PlannedProduct): Promise<string | undefined> {
  const main = primaryImage(c.product);
  const url = main && imageUrl(main);
  if (!url) {
    c.item.values = { ...c.item.values, image_1920: false };
    return undefined;
  }
  try {
    c.item.values = { ...c.item.values, image_1920: await images.fetchBase64(url) };
    return undefined;
  } catch (err) {
    // Without the image the fingerprint must not claim it is there: the next run retries it.
    c.item.hash = `${c.item.hash!.split('.')[0]}.missing`;
    return (err as Error).message;
  }
}
