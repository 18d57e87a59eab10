/** Store settings (v2 store, time, currencies, statuses, tax classes, customer groups) and inventory (v3). */
import { RESOURCES } from '../bigcommerce/resources.js';
import { noContent, ok, type Handler } from './context.js';
import { offsetPage, v2Page } from './paging.js';
import { likeFilter } from './query.js';
import {
  currencyJson,
  customerGroupJson,
  locationJson,
  orderStatusJson,
  storeJson,
  taxClassJson,
} from './serialize-store.js';

export const getStore: Handler = (ctx) => ok(storeJson(ctx));

export const getTime: Handler = (ctx) => ok({ time: Math.floor(ctx.store.now() / 1000) });

export const listCurrencies: Handler = (ctx) => {
  const page = v2Page(ctx.store.currencies.all(), ctx.query, RESOURCES.currencies.maxLimit);
  return page ? ok(page.map(currencyJson)) : noContent();
};

export const listOrderStatuses: Handler = (ctx) => ok(ctx.store.orderStatuses.map(orderStatusJson));

export const listTaxClasses: Handler = (ctx) => {
  const page = v2Page(ctx.store.taxClasses.all(), ctx.query, RESOURCES.taxClasses.maxLimit);
  return page ? ok(page.map(taxClassJson)) : noContent();
};

export const listCustomerGroups: Handler = (ctx) => {
  const q = ctx.query;
  const name = q.str('name');
  const nameLike = likeFilter(q, 'name:like');
  const isDefault = q.bool('is_default');
  const rows = ctx.store.customerGroups
    .all()
    .filter(
      (g) =>
        (name === undefined || g.name === name) &&
        (!nameLike || nameLike(g.name)) &&
        (isDefault === undefined || g.isDefault === isDefault),
    );
  const page = v2Page(rows, q, RESOURCES.customerGroups.maxLimit);
  return page ? ok(page.map(customerGroupJson)) : noContent();
};

export const listLocations: Handler = (ctx) => {
  const q = ctx.query;
  const ids = q.intList('location_id:in');
  const codes = q.list('location_code:in');
  const types = q.list('type_id:in');
  const isDefault = q.bool('is_default');
  const active = q.bool('is_active');
  const visible = q.bool('storefront_visibility');
  const rows = ctx.store.locations
    .all()
    .filter(
      (l) =>
        (!ids || ids.includes(l.id)) &&
        (!codes || codes.includes(l.code)) &&
        (!types || types.includes(l.typeId)) &&
        (isDefault === undefined || l.isDefault === isDefault) &&
        (active === undefined || l.enabled === active) &&
        (visible === undefined || l.storefrontVisibility === visible),
    );
  const page = offsetPage(rows, q, RESOURCES.locations.maxLimit);
  return ok({ data: page.items.map(locationJson), meta: page.meta });
};

/**
 * Location-aware inventory: one item per variant (SKU), with its stock at each location. Simple
 * products appear through their base variant; untracked products report zero stock.
 */
export const listInventoryItems: Handler = (ctx) => {
  const q = ctx.query;
  const store = ctx.store;
  const productIds = q.intList('product_id:in');
  const variantIds = q.intList('variant_id:in');
  const skus = q.list('sku:in');
  const locIds = q.intList('location_id:in');
  const locCodes = q.list('location_code:in');
  const locations = store.locations.all();
  const locIdx = locations
    .map((l, i) => ({ l, i }))
    .filter(({ l }) => (!locIds || locIds.includes(l.id)) && (!locCodes || locCodes.includes(l.code)));
  const candidateIds = productIds
    ? [...new Set(productIds)].flatMap((pid) => store.products.get(pid)?.variantIds ?? []).sort((a, b) => a - b)
    : store.variants.ids();
  const variants = candidateIds
    .filter((id) => !variantIds || variantIds.includes(id))
    .map((id) => store.variants.get(id))
    .filter((v) => v !== undefined && (!skus || skus.includes(v.sku)));
  const page = offsetPage(variants, q, RESOURCES.inventoryItems.maxLimit);
  const data = page.items.map((v) => {
    const p = store.products.get(v!.productId);
    const tracked = p !== undefined && p.inventoryTracking !== 'none';
    const stock = store.stockOf(v!.id);
    return {
      identity: { sku: v!.sku, variant_id: v!.id, product_id: v!.productId, sku_id: v!.skuId ?? 0 },
      locations: locIdx.map(({ l, i }) => {
        const s = stock[i] ?? { onHand: 0, safetyStock: 0, warningLevel: 0, binPickingNumber: '' };
        const onHand = tracked ? s.onHand : 0;
        return {
          location_id: l.id,
          location_code: l.code,
          location_name: l.label,
          available_to_sell: Math.max(0, onHand - s.safetyStock),
          total_inventory_onhand: onHand,
          location_enabled: l.enabled,
          settings: {
            safety_stock: s.safetyStock,
            is_in_stock: !tracked || onHand - s.safetyStock > 0,
            warning_level: s.warningLevel,
            bin_picking_number: s.binPickingNumber,
          },
        };
      }),
    };
  });
  return ok({ data, meta: page.meta });
};
