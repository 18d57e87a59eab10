/**
 * The sandbox's routes. Every resource and every write of the shared tables
 * (src/bigcommerce/resources.ts) must have a handler — the mapped types below make a missing one
 * a compile error — so the client and the simulator cannot drift apart. A few single-record and
 * alias routes the tables do not list are added on top. A path answers only the methods it has
 * a handler for (server.ts answers 405 otherwise): nothing else writes.
 */
import {
  RESOURCES,
  WRITES,
  type ApiVersion,
  type ResourceName,
  type WriteMethod,
  type WriteName,
} from '../bigcommerce/resources.js';
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
import { adjustAbsolute, adjustRelative } from './api-inventory-writes.js';
import { updateOrder } from './api-order-status.js';
import { countOrderShipments, createOrderShipment, getOrderShipment, listOrderShipments } from './api-shipments.js';
import { createHook, deleteHook, getHook, listHooks, updateHook } from './api-hooks.js';
import type { Handler } from './context.js';

export type Method = 'GET' | WriteMethod;

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
  orderShipments: listOrderShipments,
  orderShipmentCount: countOrderShipments,
  orderTransactions: listOrderTransactions,
  orderRefunds: listOrderRefunds,
  refunds: listRefunds,
  inventoryItems: listInventoryItems,
  locations: listLocations,
  hooks: listHooks,
};

const WRITE_HANDLERS: { readonly [K in WriteName]: Handler } = {
  inventoryAbsolute: adjustAbsolute,
  inventoryRelative: adjustRelative,
  orderShipmentCreate: createOrderShipment,
  orderUpdate: updateOrder,
  hookCreate: createHook,
  hookUpdate: updateHook,
  hookDelete: deleteHook,
};

/** Routes beyond the table: single records and the aliases BigCommerce answers on. */
const EXTRA_ROUTES: ReadonlyArray<{ api: ApiVersion; path: string; handler: Handler }> = [
  { api: 'v3', path: `${RESOURCES.products.path}/{product_id}`, handler: getProduct },
  { api: 'v3', path: `${RESOURCES.products.path}/{product_id}/modifiers`, handler: listProductModifiers },
  { api: 'v3', path: `${RESOURCES.products.path}/{product_id}/custom-fields`, handler: listProductCustomFields },
  { api: 'v2', path: `${RESOURCES.orders.path}/{order_id}`, handler: getOrder },
  // the spelling BigCommerce uses in an order's `shipping_addresses.resource` link
  { api: 'v2', path: `${RESOURCES.orders.path}/{order_id}/shippingaddresses`, handler: listOrderShippingAddresses },
  { api: 'v2', path: `${RESOURCES.orderShipments.path}/{shipment_id}`, handler: getOrderShipment },
  { api: 'v3', path: `${RESOURCES.hooks.path}/{webhook_id}`, handler: getHook },
];

export interface Route {
  api: ApiVersion;
  /** e.g. `/catalog/products/{product_id}`; with the version it is the key of `stats().byPath` */
  template: string;
  resource: ResourceName | undefined;
  /** the methods this path answers, each with its handler */
  handlers: Partial<Record<Method, Handler>>;
  match(path: string): Record<string, string> | undefined;
}

function compile(api: ApiVersion, template: string, resource: ResourceName | undefined): Route {
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
    handlers: {},
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

/** One route per path, the reads and writes on it merged (GET and PUT /v2/orders/{order_id}). */
function buildRoutes(): Route[] {
  const byKey = new Map<string, Route>();
  const add = (api: ApiVersion, path: string, method: Method, handler: Handler, resource?: ResourceName): void => {
    const key = `${api} ${path}`;
    let route = byKey.get(key);
    if (!route) {
      route = compile(api, path, resource);
      byKey.set(key, route);
    }
    if (route.handlers[method]) throw new Error(`sandbox routes: two ${method} handlers for /${api}${path}`);
    route.handlers[method] = handler;
    route.resource ??= resource;
  };
  for (const name of Object.keys(RESOURCE_HANDLERS) as ResourceName[])
    add(RESOURCES[name].api, RESOURCES[name].path, 'GET', RESOURCE_HANDLERS[name], name);
  for (const r of EXTRA_ROUTES) add(r.api, r.path, 'GET', r.handler);
  for (const name of Object.keys(WRITE_HANDLERS) as WriteName[])
    add(WRITES[name].api, WRITES[name].path, WRITES[name].method, WRITE_HANDLERS[name]);
  return [...byKey.values()];
}

/** All routes, literal paths before parameterised ones (`/orders/count` before `/orders/{order_id}`). */
export const ROUTES: readonly Route[] = buildRoutes().sort(
  (a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0),
);

export function findRoute(api: ApiVersion, path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    if (route.api !== api) continue;
    const params = route.match(path);
    if (params) return { route, params };
  }
  return undefined;
}
