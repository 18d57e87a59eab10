/**
 * What a product run archives: templates a full walk no longer finds in BigCommerce, and (for
 * a dry run's count) the active variants no BigCommerce variant binds any more.
 */
import type { ImportContext } from '../context.js';
import type { Tally } from '../tally.js';

/**
 * For a dry run: the active variants of these (existing) templates that no BigCommerce variant
 * binds any more — what a real run archives. Combinations a new option value would add are
 * not known until Odoo builds them, so they are not counted. 2 reads for the page.
 */
export async function variantsToArchive(
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

/**
 * A full walk that read every product: bound templates BigCommerce no longer has are archived.
 * A dry run counts the templates it would archive and writes nothing.
 */
export async function archiveVanished(
  ctx: ImportContext,
  tally: Tally,
  seen: Set<number>,
  dryRun?: boolean,
): Promise<void> {
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
