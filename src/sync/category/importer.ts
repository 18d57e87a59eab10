/**
 * Categories: BigCommerce's tree → product.category under "BigCommerce / <store name>" and
 * → product.public.category with the same hierarchy. BigCommerce has no date filter on
 * categories, so every run re-reads them and writes only the changed ones (fingerprints).
 * Parents go first: one planning read and one batched write per tree level and model.
 */
import { crashPoint } from '../crash-points.js';
import type { BcCategory } from '../../bigcommerce/schemas.js';
import type { BindingKind } from '../../odoo/binding-kinds.js';
import { SETUP_MODULE } from '../../odoo/setup/schema.js';
import { applyChanges, planChanges, type Mapped } from '../changes.js';
import type { ImportContext } from '../context.js';
import type { EntityImporter } from '../run-import.js';
import type { Tally } from '../tally.js';
import { layoutTree, mapInternalCategory, mapPublicCategory } from './mapper.js';

export const categoryImporter: EntityImporter = {
  entity: 'categories',
  incremental: false,
  async run(ctx, tally, opts) {
    const categories: BcCategory[] = [];
    for await (const page of ctx.bc.categories()) {
      categories.push(...page.records);
      for (const e of page.errors) await tally.fail('categories', e.recordId ?? '?', e);
    }
    let selected = categories;
    if (opts.ids?.length) {
      // One category by id, with its ancestors so that its place in the tree is kept.
      const byId = new Map(categories.map((c) => [c.id, c]));
      const keep = new Set<number>();
      for (const id of opts.ids) {
        if (!byId.has(id))
          await tally.fail('categories', id, new Error(`category ${id} does not exist in BigCommerce`));
        for (let c = byId.get(id); c && !keep.has(c.id); c = byId.get(c.parent_id)) keep.add(c.id);
      }
      selected = categories.filter((c) => keep.has(c.id));
    }
    const root = await ensureStoreRoot(ctx, opts.dryRun);
    const nodes = layoutTree(selected);
    const internal = new Map<number, number>();
    const website = new Map<number, number>();
    const maxDepth = Math.max(-1, ...nodes.map((n) => n.depth));
    for (let depth = 0; depth <= maxDepth; depth++) {
      const level = nodes.filter((n) => n.depth === depth);
      const ready = level.filter((n) => n.orphan || !n.category.parent_id || internal.has(n.category.parent_id));
      for (const n of level.filter((x) => !ready.includes(x))) {
        await tally.fail(
          'categories',
          n.category.id,
          new Error(`parent category ${n.category.parent_id} failed to import`),
          n.category.name,
        );
      }
      const internalItems: Mapped[] = ready.map((n) => ({
        bcId: n.category.id,
        name: n.category.name,
        values: mapInternalCategory(
          n.category,
          n.orphan || !n.category.parent_id ? root : internal.get(n.category.parent_id)!,
        ),
      }));
      const written = await writeLevel(
        ctx,
        tally,
        opts.dryRun,
        'category',
        'product.category',
        internalItems,
        internal,
        true,
      );
      // Said when the category is written (or would be), not again on every run.
      for (const n of ready.filter((x) => x.orphan && written.has(x.category.id))) {
        await tally.warn(
          'categories',
          n.category.id,
          `parent category ${n.category.parent_id} does not exist in BigCommerce; imported at the root`,
          n.category.name,
        );
      }
      crashPoint('categories:internal');
      if (ctx.caps.hasPublicCategories) {
        const publicItems: Mapped[] = ready
          .filter((n) => internal.has(n.category.id))
          .map((n) => ({
            bcId: n.category.id,
            name: n.category.name,
            values: mapPublicCategory(
              n.category,
              n.orphan || !n.category.parent_id ? false : (website.get(n.category.parent_id) ?? false),
            ),
          }));
        await writeLevel(
          ctx,
          tally,
          opts.dryRun,
          'public_category',
          'product.public.category',
          publicItems,
          website,
          false,
        );
      }
      opts.onProgress?.(tally);
    }
    return {};
  },
};

async function writeLevel(
  ctx: ImportContext,
  tally: Tally,
  dryRun: boolean | undefined,
  kind: BindingKind,
  model: string,
  items: Mapped[],
  out: Map<number, number>,
  counted: boolean,
): Promise<Set<number>> {
  const plan = await planChanges(ctx, kind, model, items);
  const written = new Set([...plan.create, ...plan.update].map((i) => Number(i.bcId)));
  if (dryRun) {
    if (counted) {
      tally.created += plan.create.length;
      tally.updated += plan.update.length;
      tally.unchanged += plan.unchanged.length;
    }
    // Children of new categories still need a parent id to be planned: use a placeholder.
    for (const i of [...plan.update, ...plan.unchanged]) out.set(Number(i.bcId), i.odooId);
    for (const i of plan.create) out.set(Number(i.bcId), -1);
    return written;
  }
  // Both models carry the same categories: count them once (internal), fail them once too.
  const ids = await applyChanges(ctx, tally, 'categories', kind, model, plan, { counted });
  for (const [bcId, id] of ids) out.set(Number(bcId), id);
  return written;
}

/** "BigCommerce" (shared by all stores) / "<store name>": the parent of the store's categories. */
async function ensureStoreRoot(ctx: ImportContext, dryRun?: boolean): Promise<number> {
  const [top] = await ctx.odoo.searchRead<{ res_id: number }>(
    'ir.model.data',
    [
      ['module', '=', SETUP_MODULE],
      ['name', '=', 'product_category_bigcommerce'],
    ],
    ['res_id'],
  );
  let topId = top?.res_id;
  if (topId) {
    const exists = await ctx.odoo.searchCount('product.category', [['id', '=', topId]]);
    if (!exists) topId = undefined;
  }
  if (!topId) {
    if (dryRun) return -1;
    [topId] = await ctx.odoo.create('product.category', [{ name: 'BigCommerce' }]);
    await ctx.odoo.unlink(
      'ir.model.data',
      await ctx.odoo.search('ir.model.data', [
        ['module', '=', SETUP_MODULE],
        ['name', '=', 'product_category_bigcommerce'],
      ]),
    );
    await ctx.odoo.create('ir.model.data', [
      {
        module: SETUP_MODULE,
        name: 'product_category_bigcommerce',
        model: 'product.category',
        res_id: topId,
        noupdate: true,
      },
    ]);
  }
  const name = ctx.store.name || ctx.instance.name;
  const plan = await planChanges(ctx, 'category', 'product.category', [
    { bcId: 'root', name, values: { name, parent_id: topId } },
  ]);
  if (dryRun) return plan.unchanged[0]?.odooId ?? plan.update[0]?.odooId ?? -1;
  const res = await ctx.binder.upsert(
    'category',
    'product.category',
    [...plan.create, ...plan.update].map((p) => ({ bcId: p.bcId, values: { ...p.values, x_bc_hash: p.hash } })),
  );
  const id = res.created.get('root') ?? res.updated.get('root') ?? plan.unchanged[0]?.odooId;
  if (id === undefined)
    throw new Error(`could not create the store's root category: ${res.failed[0]?.error.message ?? 'unknown error'}`);
  return id;
}
