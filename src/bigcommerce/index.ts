/** The BigCommerce side of bc-odoo: client, scheduler, paging, dates, schemas and errors. */
export {
  BigCommerceClient,
  DEFAULT_BASE_URL,
  DEFAULT_PRODUCT_INCLUDE,
  idRanges,
  type BcOrderDetails,
  type BigCommerceClientOptions,
  type OrdersQuery,
  type ProductsQuery,
} from './client.js';
export * from './errors.js';
export { formatBcDate, isIsoDate, isRfc2822Date, parseBcDate, sinceFilter } from './dates.js';
export {
  buildQuery,
  fetchTransport,
  readRateLimit,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  type Query,
  type Transport,
} from './http.js';
export { chunk, Paged, type Page, type PageRequest, type RawPage } from './paging.js';
export {
  backoffDelay,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  rateLimitWaitMs,
  retryPolicy,
  type AttemptOutcome,
  type RateLimitInfo,
  type RetryDecision,
  type RetryPolicy,
  type RetryReason,
} from './retry-policy.js';
export {
  RequestScheduler,
  SchedulerRegistry,
  type RequestInfo,
  type SchedulerOptions,
  type SchedulerStats,
} from './scheduler.js';
export {
  SHARED_QUOTA_FALLBACK_MS,
  SharedQuotaUnavailableError,
  type SharedQuota,
} from './shared-quota.js';
export * from './schemas.js';
export {
  RESOURCES,
  resourcePath,
  WRITES,
  writePath,
  type ResourceName,
  type ResourceSpec,
  type WriteName,
  type WriteSpec,
} from './resources.js';
export {
  absoluteAdjustmentBodies,
  relativeAdjustmentBodies,
  shipmentBody,
  orderStatusBody,
  type AdjustmentBody,
  type InventoryItem,
  type ShipmentInput,
} from './write-requests.js';
