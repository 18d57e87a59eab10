/**
 * The sandbox's routes. Every resource of the shared table (src/bigcommerce/resources.ts) must
 * have a handler — the mapped type below makes a missing one a compile error — so the client
 * and the simulator cannot drift apart. A few single-record and alias routes the table does not
 * list are added on top.
 */
import { RESOURCES, type ApiVersion, type ResourceName } from '../bigcommerce/resources.js';
import {
  getProduct,
  listBrands,
  listCategories,
  listProductCustomFields,
  listProductImages,
  listProductModifiers,
  listProductOptions,
  listProducts,
  listProductVariants,
  listTreeCategories,
  listTrees,
  listVariants,
} from './api-catalog.js';
import { listCustomerAddresses, listCustomers } from './api-customers.js';
import {
  countOrders,
  getOrder,
  listOrderCoupons,
  listOrderFees,
  listOrderProducts,
  listOrderRefunds,
  listOrders,
  listOrderShippingAddresses,
  listOrderTaxes,
  listOrderTransactions,
  listRefunds,
} from './api-orders.js';
import {
  getStore,
  getTime,
  listCurrencies,
  listCustomerGroups,
  listInventoryItems,
  listLocations,
  listOrderStatuses,
  listTaxClasses,
} from './api-store.js';
import type { Handler } from './context.js';

const RESOURCE_HANDLERS: { readonly [K in ResourceName]: Handler } = {
  store: getStore,
  time: getTime,
  currencies: listCurrencies,
  orderStatuses: listOrderStatuses,
  taxClasses: listTaxClasses,
  customerGroups: listCustomerGroups,
  categories: listCategories,
  categoryTrees: listTrees,
  treeCategories: listTreeCategories,
  brands: listBrands,
  products: listProducts,
  productVariants: listProductVariants,
  variants: listVariants,
  productOptions: listProductOptions,
  productImages: listProductImages,
  customers: listCustomers,
  customerAddresses: listCustomerAddresses,
  orders: listOrders,
  orderCount: countOrders,
  orderProducts: listOrderProducts,
  orderShippingAddresses: listOrderShippingAddresses,
  orderCoupons: listOrderCoupons,
  orderFees: listOrderFees,
  orderTaxes: listOrderTaxes,
  orderTransactions: listOrderTransactions,
  orderRefunds: listOrderRefunds,
  refunds: listRefunds,
  inventoryItems: listInventoryItems,
  locations: listLocations,
};

/** Routes beyond the table: single records and the aliases BigCommerce answers on. */
const EXTRA_ROUTES: ReadonlyArray<{ api: ApiVersion; path: string; handler: Handler }> = [
  { api: 'v3', path: `${RESOURCES.products.path}/{product_id}`, handler: getProduct },
  { api: 'v3', path: `${RESOURCES.products.path}/{product_id}/modifiers`, handler: listProductModifiers },
  { api: 'v3', path: `${RESOURCES.products.path}/{product_id}/custom-fields`, handler: listProductCustomFields },
  { api: 'v2', path: `${RESOURCES.orders.path}/{order_id}`, handler: getOrder },
  // the spelling BigCommerce uses in an order's `shipping_addresses.resource` link
  { api: 'v2', path: `${RESOURCES.orders.path}/{order_id}/shippingaddresses`, handler: listOrderShippingAddresses },
];

export interface Route {
  api: ApiVersion;
  /** e.g. `/catalog/products/{product_id}`; with the version it is the key of `stats().byPath` */
  template: string;
  resource: ResourceName | undefined;
  handler: Handler;
  match(path: string): Record<string, string> | undefined;
}

function compile(api: ApiVersion, template: string, resource: ResourceName | undefined, handler: Handler): Route {
  const keys: string[] = [];
  const source = template.replace(/\{(\w+)\}/g, (_m, k: string) => {
    keys.push(k);
    return '([^/]+)';
  });
  const re = new RegExp(`^${source}$`);
  return {
    api,
    template,
    resource,
    handler,
    match(path) {
      const m = re.exec(path);
      if (!m) return undefined;
      const params: Record<string, string> = {};
      try {
        keys.forEach((k, i) => {
          params[k] = decodeURIComponent(m[i + 1] as string);
        });
      } catch {
        return undefined; // a malformed escape names no record: 404, not 500
      }
      return params;
    },
  };
}

/** All routes, literal paths before parameterised ones (`/orders/count` before `/orders/{order_id}`). */
export const ROUTES: readonly Route[] = [
  ...(Object.keys(RESOURCE_HANDLERS) as ResourceName[]).map((name) =>
    compile(RESOURCES[name].api, RESOURCES[name].path, name, RESOURCE_HANDLERS[name]),
  ),
  ...EXTRA_ROUTES.map((r) => compile(r.api, r.path, undefined, r.handler)),
].sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));

export function findRoute(api: ApiVersion, path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    if (route.api !== api) continue;
    const params = route.match(path);
    if (params) return { route, params };
  }
  return undefined;
}
