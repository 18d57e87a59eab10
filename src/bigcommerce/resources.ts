/**
 * The one table of BigCommerce resources this project reads (RESOURCES), and beside it the
 * one table of what it writes (WRITES). The client pages, filters and writes by them, and the
 * sandbox serves by them, so the two cannot disagree (cf. tap-bigcommerce's endpoint table).
 * `spec` names the OpenAPI file under shared/bigcommerce-api/reference that the sandbox's
 * contract tests validate against.
 */
export type ApiVersion = 'v2' | 'v3';

/**
 * v3-offset: `{data, meta.pagination}` with page/limit.
 * v3-cursor: `{data, meta.cursor_pagination}` with after/limit (offset also accepted).
 * v2-page:   bare JSON array with page/limit, 204 past the end.
 * none:      one response, not paged (a list or an object).
 */
export type Paging = 'v3-offset' | 'v3-cursor' | 'v2-page' | 'none';

/** How a date filter value must be written for this endpoint (never a bare date). */
export type DateFormat = 'iso8601' | 'rfc2822' | 'rfc3339';

export interface DateFilter {
  /** query parameter for "modified/created at or after" */
  readonly minParam: string;
  readonly maxParam?: string;
  readonly format: DateFormat;
}

export interface ResourceSpec {
  readonly api: ApiVersion;
  /** path below /stores/{hash}/{api}, with `{name}` placeholders */
  readonly path: string;
  readonly paging: Paging;
  readonly maxLimit: number;
  readonly dateFilter?: DateFilter;
  readonly includes?: readonly string[];
  /** OpenAPI document (relative to shared/bigcommerce-api/reference) that defines it */
  readonly spec: string;
}

export const RESOURCES = {
  store: { api: 'v2', path: '/store', paging: 'none', maxLimit: 1, spec: 'store_information.v2.yml' },
  time: { api: 'v2', path: '/time', paging: 'none', maxLimit: 1, spec: 'store_information.v2.yml' },
  currencies: { api: 'v2', path: '/currencies', paging: 'v2-page', maxLimit: 250, spec: 'currencies.v2.yml' },
  orderStatuses: { api: 'v2', path: '/order_statuses', paging: 'none', maxLimit: 1, spec: 'orders.v2.oas2.yml' },
  taxClasses: { api: 'v2', path: '/tax_classes', paging: 'v2-page', maxLimit: 250, spec: 'tax_classes.v2.yml' },
  customerGroups: { api: 'v2', path: '/customer_groups', paging: 'v2-page', maxLimit: 250, spec: 'customers.v2.yml' },

  categories: {
    api: 'v3',
    path: '/catalog/categories',
    paging: 'v3-offset',
    maxLimit: 250,
    spec: 'catalog/categories_catalog.v3.yml',
  },
  categoryTrees: {
    api: 'v3',
    path: '/catalog/trees',
    paging: 'v3-offset',
    maxLimit: 250,
    spec: 'catalog/category-trees_catalog.v3.yml',
  },
  treeCategories: {
    api: 'v3',
    path: '/catalog/trees/categories',
    paging: 'v3-offset',
    maxLimit: 250,
    spec: 'catalog/category-trees_catalog.v3.yml',
  },
  brands: {
    api: 'v3',
    path: '/catalog/brands',
    paging: 'v3-offset',
    maxLimit: 250,
    spec: 'catalog/brands_catalog.v3.yml',
  },
  products: {
    api: 'v3',
    path: '/catalog/products',
    paging: 'v3-offset',
    maxLimit: 250,
    dateFilter: { minParam: 'date_modified:min', maxParam: 'date_modified:max', format: 'iso8601' },
    includes: ['variants', 'images', 'custom_fields', 'bulk_pricing_rules', 'primary_image', 'modifiers', 'options'],
    spec: 'catalog/products_catalog.v3.yml',
  },
  productVariants: {
    api: 'v3',
    path: '/catalog/products/{product_id}/variants',
    paging: 'v3-offset',
    maxLimit: 250,
    spec: 'catalog/product-variants_catalog.v3.yml',
  },
  variants: {
    api: 'v3',
    path: '/catalog/variants',
    paging: 'v3-offset',
    maxLimit: 250,
    spec: 'catalog/product-variants_catalog.v3.yml',
  },
  productOptions: {
    api: 'v3',
    path: '/catalog/products/{product_id}/options',
    paging: 'v3-offset',
    maxLimit: 250,
    spec: 'catalog/product-variant-options_catalog.v3.yml',
  },
  productImages: {
    api: 'v3',
    path: '/catalog/products/{product_id}/images',
    paging: 'v3-offset',
    maxLimit: 250,
    spec: 'catalog/products_catalog.v3.yml',
  },
  customers: {
    api: 'v3',
    path: '/customers',
    paging: 'v3-cursor',
    maxLimit: 250,
    dateFilter: { minParam: 'date_modified:min', maxParam: 'date_modified:max', format: 'iso8601' },
    includes: ['addresses', 'storecredit', 'attributes', 'formfields'],
    spec: 'customers.v3.yml',
  },
  customerAddresses: {
    api: 'v3',
    path: '/customers/addresses',
    paging: 'v3-offset',
    maxLimit: 250,
    spec: 'customers.v3.yml',
  },
  orders: {
    api: 'v2',
    path: '/orders',
    paging: 'v2-page',
    maxLimit: 250,
    dateFilter: { minParam: 'min_date_modified', maxParam: 'max_date_modified', format: 'rfc2822' },
    includes: ['consignments', 'consignments.line_items', 'fees'],
    spec: 'orders.v2.oas2.yml',
  },
  orderCount: { api: 'v2', path: '/orders/count', paging: 'none', maxLimit: 1, spec: 'orders.v2.oas2.yml' },
  orderProducts: {
    api: 'v2',
    path: '/orders/{order_id}/products',
    paging: 'v2-page',
    maxLimit: 250,
    spec: 'orders.v2.oas2.yml',
  },
  orderShippingAddresses: {
    api: 'v2',
    path: '/orders/{order_id}/shipping_addresses',
    paging: 'v2-page',
    maxLimit: 250,
    spec: 'orders.v2.oas2.yml',
  },
  orderCoupons: {
    api: 'v2',
    path: '/orders/{order_id}/coupons',
    paging: 'v2-page',
    maxLimit: 250,
    spec: 'orders.v2.oas2.yml',
  },
  orderFees: {
    api: 'v2',
    path: '/orders/{order_id}/fees',
    paging: 'v2-page',
    maxLimit: 250,
    spec: 'orders.v2.oas2.yml',
  },
  orderTaxes: {
    api: 'v2',
    path: '/orders/{order_id}/taxes',
    paging: 'v2-page',
    maxLimit: 250,
    spec: 'orders.v2.oas2.yml',
  },
  orderShipments: {
    api: 'v2',
    path: '/orders/{order_id}/shipments',
    paging: 'v2-page',
    maxLimit: 250,
    spec: 'orders.v2.oas2.yml',
  },
  orderShipmentCount: {
    api: 'v2',
    path: '/orders/{order_id}/shipments/count',
    paging: 'none',
    maxLimit: 1,
    spec: 'orders.v2.oas2.yml',
  },
  orderTransactions: {
    api: 'v3',
    path: '/orders/{order_id}/transactions',
    paging: 'v3-offset',
    maxLimit: 250,
    spec: 'orders.v3.yml',
  },
  orderRefunds: {
    api: 'v3',
    path: '/orders/{order_id}/payment_actions/refunds',
    paging: 'v3-offset',
    maxLimit: 250,
    spec: 'orders.v3.yml',
  },
  refunds: {
    api: 'v3',
    path: '/orders/payment_actions/refunds',
    paging: 'v3-offset',
    maxLimit: 250,
    dateFilter: { minParam: 'created:min', maxParam: 'created:max', format: 'rfc3339' },
    spec: 'orders.v3.yml',
  },
  inventoryItems: {
    api: 'v3',
    path: '/inventory/items',
    paging: 'v3-offset',
    maxLimit: 1000,
    spec: 'inventory.v3.yml',
  },
  locations: { api: 'v3', path: '/inventory/locations', paging: 'v3-offset', maxLimit: 250, spec: 'locations.v3.yml' },
  /** the webhooks this API account registered (a hook is visible only to the token that made it) */
  hooks: { api: 'v3', path: '/hooks', paging: 'v3-offset', maxLimit: 250, spec: 'webhooks.v3.yml' },
} as const satisfies Record<string, ResourceSpec>;

export type ResourceName = keyof typeof RESOURCES;

export type WriteMethod = 'PUT' | 'POST' | 'DELETE';

export interface WriteSpec {
  readonly api: ApiVersion;
  /** path below /stores/{hash}/{api}, with `{name}` placeholders */
  readonly path: string;
  readonly method: WriteMethod;
  /**
   * Sending it twice leaves the store as sending it once (an absolute level, a status). Only
   * such a write is retried after a timeout, a dropped connection or a 5xx — answers that do
   * not say whether it was applied; any write is retried after a 429 or a refused connection,
   * which say it was not (retry-policy.ts).
   */
  readonly idempotent: boolean;
  /** most items one request may carry (the spec's batch limit); 1 for a single-record write */
  readonly maxItems: number;
  /** OpenAPI document (relative to shared/bigcommerce-api/reference) whose request schema the body follows */
  readonly spec: string;
}

export const WRITES = {
  /** stock set to a count per item and location; "Limit of 2000 items" (inventory.v3.yml) */
  inventoryAbsolute: {
    api: 'v3',
    path: '/inventory/adjustments/absolute',
    method: 'PUT',
    idempotent: true,
    maxItems: 2000,
    spec: 'inventory.v3.yml',
  },
  /** stock moved by a difference: sending it twice moves it twice */
  inventoryRelative: {
    api: 'v3',
    path: '/inventory/adjustments/relative',
    method: 'POST',
    idempotent: false,
    maxItems: 2000,
    spec: 'inventory.v3.yml',
  },
  /** a new shipment each time it is sent */
  orderShipmentCreate: {
    api: 'v2',
    path: '/orders/{order_id}/shipments',
    method: 'POST',
    idempotent: false,
    maxItems: 1,
    spec: 'orders.v2.oas2.yml',
  },
  /** PUT /v2/orders/{id}: only `status_id` is written by this project */
  orderUpdate: {
    api: 'v2',
    path: '/orders/{order_id}',
    method: 'PUT',
    idempotent: true,
    maxItems: 1,
    spec: 'orders.v2.oas2.yml',
  },
  /**
   * A new hook each time it is sent, or a 422 when one with that scope and destination exists:
   * not repeated after an unknown outcome; `webhooks sync` lists the hooks again instead.
   */
  hookCreate: { api: 'v3', path: '/hooks', method: 'POST', idempotent: false, maxItems: 1, spec: 'webhooks.v3.yml' },
  /** the fields sent replace the hook's: sending them twice leaves the same hook */
  hookUpdate: {
    api: 'v3',
    path: '/hooks/{webhook_id}',
    method: 'PUT',
    idempotent: true,
    maxItems: 1,
    spec: 'webhooks.v3.yml',
  },
  /** a second delete finds nothing (404) but changes nothing either */
  hookDelete: {
    api: 'v3',
    path: '/hooks/{webhook_id}',
    method: 'DELETE',
    idempotent: true,
    maxItems: 1,
    spec: 'webhooks.v3.yml',
  },
} as const satisfies Record<string, WriteSpec>;

export type WriteName = keyof typeof WRITES;

function fillPath(what: string, template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_m, key: string) => {
    const v = params[key];
    if (v === undefined) throw new Error(`${what}: missing path parameter ${key}`);
    return encodeURIComponent(String(v));
  });
}

/** Fills `{name}` placeholders of a resource path; throws on a missing one. */
export function resourcePath(name: ResourceName, params: Record<string, string | number> = {}): string {
  return fillPath(`resource ${name}`, RESOURCES[name].path, params);
}

/** Fills `{name}` placeholders of a write's path; throws on a missing one. */
export function writePath(name: WriteName, params: Record<string, string | number> = {}): string {
  return fillPath(`write ${name}`, WRITES[name].path, params);
}
