/** v3 catalog endpoints: products (+ sub-resources), store-wide variants, categories, trees, brands. */
import { RESOURCES } from '../bigcommerce/resources.js';
import { idParam, ok, type Handler, type RequestCtx, type Reply } from './context.js';
import type { ProductRec } from './model.js';
import { offsetPage } from './paging.js';
import { ApiError, by, likeFilter, numberFilter, projector, type Query } from './query.js';
import {
  brandJson,
  categoryJson,
  imagesJson,
  modifierJson,
  optionJson,
  PRODUCT_INCLUDES,
  productJson,
  treeCategoryJson,
  treeJson,
  variantJson,
} from './serialize-catalog.js';

type Json = Record<string, unknown>;

/** the catalog's general page maximum, for sub-resources the resource table does not list */
const V3_MAX_LIMIT = 250;

/** BigCommerce caps a products page at 10 when options or modifiers are included. */
export const OPTIONS_PAGE_CAP = 10;

function productOf(ctx: RequestCtx): ProductRec {
  const id = idParam(ctx, 'product_id');
  const p = id === undefined ? undefined : ctx.store.products.get(id);
  if (!p) throw new ApiError(404, `The product ID ${ctx.params.product_id ?? ''} does not exist.`);
  return p;
}

function listReply(ctx: RequestCtx, rows: Json[], maxLimit: number, project?: (o: Json) => Json): Reply {
  const page = offsetPage(rows, ctx.query, maxLimit);
  return ok({ data: project ? page.items.map(project) : page.items, meta: page.meta });
}

function productFilter(ctx: RequestCtx): (p: ProductRec) => boolean {
  const q = ctx.query;
  const now = ctx.store.now();
  const checks: Array<(p: ProductRec) => boolean> = [];
  const idF = numberFilter(q, 'id');
  if (idF) checks.push((p) => idF(p.id));
  const brandF = numberFilter(q, 'brand_id');
  if (brandF) checks.push((p) => brandF(p.brandId));
  const cats = q.intList('categories:in') ?? q.intList('categories');
  if (cats) checks.push((p) => p.categories.some((c) => cats.includes(c)));
  const name = q.str('name');
  if (name !== undefined) checks.push((p) => p.name === name);
  const nameLike = likeFilter(q, 'name:like');
  if (nameLike) checks.push((p) => nameLike(p.name));
  const skus = q.list('sku:in') ?? (q.str('sku') !== undefined ? [q.str('sku') as string] : undefined);
  // `sku` on products matches the product's own (base) SKU only, as documented
  if (skus) checks.push((p) => skus.includes(p.sku));
  const type = q.str('type');
  if (type !== undefined) checks.push((p) => p.type === type);
  const visible = q.bool('is_visible');
  if (visible !== undefined) checks.push((p) => p.isVisible === visible);
  const featured = q.bool('is_featured');
  if (featured !== undefined) checks.push((p) => p.isFeatured === featured);
  const tracking = q.str('inventory_tracking');
  if (tracking !== undefined) checks.push((p) => p.inventoryTracking === tracking);
  // The documented gotcha: a bare date gets the current time of day appended.
  const dateOpts = { bareDate: 'append-current-time' as const, now };
  const dmMin = q.date('date_modified:min', dateOpts);
  const dmMax = q.date('date_modified:max', dateOpts);
  const dm = q.date('date_modified', dateOpts);
  if (dmMin !== undefined) checks.push((p) => p.dateModified >= dmMin);
  if (dmMax !== undefined) checks.push((p) => p.dateModified <= dmMax);
  if (dm !== undefined) checks.push((p) => p.dateModified === dm);
  return (p) => checks.every((c) => c(p));
}

const PRODUCT_SORTS: Record<string, (p: ProductRec) => number | string | boolean> = {
  id: (p) => p.id,
  name: (p) => p.name,
  sku: (p) => p.sku,
  price: (p) => p.price,
  date_modified: (p) => p.dateModified,
  date_last_imported: (p) => p.dateCreated,
  inventory_level: (p) => p.variantIds.length,
  is_visible: (p) => p.isVisible,
  total_sold: (p) => p.totalSold,
  calculated_price: (p) => (p.salePrice > 0 && p.salePrice < p.price ? p.salePrice : p.price),
};

function sortParam(q: Query, allowed: Record<string, unknown>): { field: string; desc: boolean } {
  const sort = q.str('sort') ?? 'id';
  if (!(sort in allowed)) throw new ApiError(422, `The sort field '${sort}' is not valid.`, { sort });
  const direction = q.str('direction') ?? 'asc';
  if (direction !== 'asc' && direction !== 'desc')
    throw new ApiError(422, `The direction '${direction}' is not valid.`, { direction });
  return { field: sort, desc: direction === 'desc' };
}

export const listProducts: Handler = (ctx) => {
  const q = ctx.query;
  const include = q.includes(PRODUCT_INCLUDES);
  const { field, desc } = sortParam(q, PRODUCT_SORTS);
  const key = PRODUCT_SORTS[field] as (p: ProductRec) => number | string | boolean;
  const keep = productFilter(ctx);
  const sorted = ctx.store.products
    .all()
    .filter(keep)
    .sort(field === 'inventory_level' ? by((p) => ctx.store.productInventoryLevel(p), desc) : by(key, desc));
  const cap = include.has('options') || include.has('modifiers') ? OPTIONS_PAGE_CAP : RESOURCES.products.maxLimit;
  const page = offsetPage(sorted, q, cap);
  const project = projector(q, [...include]);
  const data = page.items.map((p) => productJson(ctx, p, include)).map((o) => (project ? project(o) : o));
  return ok({ data, meta: page.meta });
};

export const getProduct: Handler = (ctx) => {
  const p = productOf(ctx);
  const include = ctx.query.includes(PRODUCT_INCLUDES);
  const project = projector(ctx.query, [...include]);
  const body = productJson(ctx, p, include);
  return ok({ data: project ? project(body) : body, meta: {} });
};

export const listProductVariants: Handler = (ctx) => {
  const p = productOf(ctx);
  const rows = ctx.store.variantsOf(p.id).map((v) => variantJson(ctx, v));
  return listReply(ctx, rows, RESOURCES.productVariants.maxLimit, projector(ctx.query));
};

export const listProductOptions: Handler = (ctx) => {
  const p = productOf(ctx);
  return listReply(
    ctx,
    [...p.options].sort((a, b) => a.sortOrder - b.sortOrder).map(optionJson),
    RESOURCES.productOptions.maxLimit,
    projector(ctx.query),
  );
};

export const listProductModifiers: Handler = (ctx) => {
  const p = productOf(ctx);
  return listReply(
    ctx,
    [...p.modifiers].sort((a, b) => a.sortOrder - b.sortOrder).map(modifierJson),
    V3_MAX_LIMIT,
    projector(ctx.query),
  );
};

export const listProductImages: Handler = (ctx) => {
  const p = productOf(ctx);
  return listReply(ctx, imagesJson(ctx, p), RESOURCES.productImages.maxLimit);
};

export const listProductCustomFields: Handler = (ctx) => {
  const p = productOf(ctx);
  return listReply(
    ctx,
    p.customFields.map((f) => ({ id: f.id, name: f.name, value: f.value })),
    V3_MAX_LIMIT,
  );
};

/** Store-wide variants: ordered by id, filterable by `product_id:in`, `id`, `sku`, `upc`. */
export const listVariants: Handler = (ctx) => {
  const q = ctx.query;
  const store = ctx.store;
  const productIds = q.intList('product_id:in');
  const idF = numberFilter(q, 'id');
  const sku = q.list('sku:in') ?? (q.str('sku') !== undefined ? [q.str('sku') as string] : undefined);
  const upc = q.str('upc');
  const ids = productIds
    ? [...new Set(productIds)].flatMap((pid) => store.products.get(pid)?.variantIds ?? []).sort((a, b) => a - b)
    : store.variants.ids();
  const variants = ids
    .filter((id) => !idF || idF(id))
    .map((id) => store.variants.get(id))
    .filter((v) => v !== undefined && (!sku || sku.includes(v.sku)) && (upc === undefined || v.upc === upc));
  const page = offsetPage(variants, q, RESOURCES.variants.maxLimit);
  const project = projector(q);
  const data = page.items.map((v) => variantJson(ctx, v!)).map((o) => (project ? project(o) : o));
  return ok({ data, meta: page.meta });
};

export const listCategories: Handler = (ctx) => {
  const q = ctx.query;
  const idF = numberFilter(q, 'id');
  const parentF = numberFilter(q, 'parent_id');
  const name = q.str('name');
  const nameLike = likeFilter(q, 'name:like');
  const visible = q.bool('is_visible');
  const rows = ctx.store.categories
    .all()
    .filter(
      (c) =>
        (!idF || idF(c.id)) &&
        (!parentF || parentF(c.parentId)) &&
        (name === undefined || c.name === name) &&
        (!nameLike || nameLike(c.name)) &&
        (visible === undefined || c.isVisible === visible),
    )
    .map((c) => categoryJson(ctx, c));
  return listReply(ctx, rows, RESOURCES.categories.maxLimit, projector(q));
};

export const listTrees: Handler = (ctx) => {
  const ids = ctx.query.intList('id:in');
  const channels = ctx.query.intList('channel_id:in');
  const rows = ctx.store.trees
    .all()
    .filter((t) => (!ids || ids.includes(t.id)) && (!channels || t.channels.some((c) => channels.includes(c))))
    .map(treeJson);
  return listReply(ctx, rows, RESOURCES.categoryTrees.maxLimit);
};

export const listTreeCategories: Handler = (ctx) => {
  const q = ctx.query;
  const treeF = numberFilter(q, 'tree_id');
  const catF = numberFilter(q, 'category_id');
  const parentF = numberFilter(q, 'parent_id');
  const nameLike = likeFilter(q, 'name:like');
  const visible = q.bool('is_visible');
  const rows = ctx.store.categories
    .all()
    .filter(
      (c) =>
        (!treeF || treeF(c.treeId)) &&
        (!catF || catF(c.id)) &&
        (!parentF || parentF(c.parentId)) &&
        (!nameLike || nameLike(c.name)) &&
        (visible === undefined || c.isVisible === visible),
    )
    .map((c) => treeCategoryJson(ctx, c));
  // the id here is `category_id`, which field selection always keeps
  return listReply(ctx, rows, RESOURCES.treeCategories.maxLimit, projector(q, ['category_id']));
};

const BRAND_SORTS = { id: true, name: true };

export const listBrands: Handler = (ctx) => {
  const q = ctx.query;
  const idF = numberFilter(q, 'id');
  const name = q.str('name');
  const nameLike = likeFilter(q, 'name:like');
  const { field, desc } = sortParam(q, BRAND_SORTS);
  const rows = ctx.store.brands
    .all()
    .filter((b) => (!idF || idF(b.id)) && (name === undefined || b.name === name) && (!nameLike || nameLike(b.name)))
    .sort(field === 'name' ? by((b) => b.name, desc) : by((b) => b.id, desc))
    .map((b) => brandJson(ctx, b));
  return listReply(ctx, rows, RESOURCES.brands.maxLimit, projector(q));
};
