/**
 * The compiled configuration: what commands, the daemon and the importers receive, built once
 * by load.ts (defaults ← env ← file ← flags), validated and frozen. camelCase and typed where
 * the file (schema.ts) is snake_case and as written; nothing here reads the environment.
 */
import type { ExportQuantity, FileConfig, OrderAction, StockMaster, SyncEntity } from './schema.js';

export interface BigCommerceConfig {
  readonly storeHash: string;
  readonly accessToken: string;
  readonly apiBaseUrl: string;
  readonly concurrency: number;
  readonly quotaHeadroom: number;
  readonly timeoutMs: number;
}

export interface OdooConfig {
  readonly url: string;
  readonly db: string;
  readonly username: string;
  readonly password: string;
  readonly protocol: 'auto' | 'jsonrpc' | 'json2';
  readonly timeoutMs: number;
  /** default true: activate the store's currencies and give each a pricelist (false: a per-order error says what to do) */
  readonly manageCurrencies?: boolean;
}

export interface OrdersConfig {
  /** BigCommerce status id → action, defaults merged with the file's status_map */
  readonly statusMap: Readonly<Record<number, OrderAction>>;
  readonly totalMismatch: 'adjust' | 'quotation' | 'fail';
  readonly placeholderProduct: string;
}

export interface PaymentRow {
  /** lower-cased BigCommerce payment_method; undefined on the default row */
  readonly method?: string;
  readonly isDefault: boolean;
  /** journal code or name; undefined = the company's first bank journal (built-in default row) */
  readonly journal?: string;
  readonly pricelist?: string;
  readonly currency?: string;
}

/** An Odoo stock location by id, or by full name (`WH/Stock`). */
export type OdooLocationRef = number | string;

export interface InventoryConfig {
  /** BigCommerce location id → Odoo location; empty: stock is read per variant, all into `defaultLocation` */
  readonly locations: ReadonlyMap<number, OdooLocationRef>;
  /** for BigCommerce locations not mapped; undefined = the main warehouse's stock location */
  readonly defaultLocation?: OdooLocationRef;
}

export interface StockConfig {
  /** bigcommerce: BigCommerce's stock is imported; odoo: Odoo's is exported (`export inventory`) */
  readonly master: StockMaster;
  /** which Odoo quantity is exported: free (on hand − reserved), on_hand, forecast */
  readonly exportQuantity: ExportQuantity;
}

/** What BigCommerce is told about a carrier (POST /orders/{id}/shipments). */
export interface CarrierTarget {
  readonly shippingProvider?: string;
  readonly trackingCarrier?: string;
}

export interface ShipmentsConfig {
  /** lower-cased Odoo carrier name → BigCommerce provider/carrier; others by delivery type */
  readonly carriers: ReadonlyMap<string, CarrierTarget>;
}

export interface InstanceConfig {
  readonly name: string;
  readonly bigcommerce: BigCommerceConfig;
  readonly odoo: OdooConfig;
  readonly orders: OrdersConfig;
  readonly payments: readonly PaymentRow[];
  readonly inventory: InventoryConfig;
  /** instances built in code may leave it out: BigCommerce is stock master, free quantity */
  readonly stock?: StockConfig;
  /** instances built in code may leave it out: carriers by delivery type */
  readonly shipments?: ShipmentsConfig;
  /** the daemon's schedule; instances built in code may leave it out (defaultScheduleConfig of the stock master) */
  readonly schedule?: ScheduleConfig;
  /** instances built in code may leave it out (no tax-exempt mapping) */
  readonly customers?: CustomersConfig;
}

export interface CustomersConfig {
  /** BigCommerce tax_exempt_category code → name of an Odoo fiscal position */
  readonly taxExempt: ReadonlyMap<string, string>;
}

/** When the daemon imports an entity: a fixed interval, or a cron pattern (5 fields, or 6 with seconds). */
export type Schedule =
  | { readonly kind: 'every'; readonly ms: number; readonly text: string }
  | { readonly kind: 'cron'; readonly pattern: string };

export interface EntitySchedule {
  /** the auto-update toggle */
  readonly enabled: boolean;
  readonly schedule: Schedule;
}

export type ScheduleConfig = Readonly<Record<SyncEntity, EntitySchedule>>;

export interface DaemonConfig {
  /** the health/readiness/metrics endpoint; port 0 = any free port */
  readonly http: { readonly host: string; readonly port: number };
  readonly leaseSeconds: number;
  readonly shutdownGraceSeconds: number;
  readonly backoff: { readonly initialSeconds: number; readonly maxSeconds: number };
  readonly readinessCheckSeconds: number;
  /** the public webhook receiver; undefined = webhooks off (polling only) */
  readonly webhooks?: WebhooksConfig;
  /** the pool's job queue (the file's top-level `queue`); undefined = this daemon runs alone */
  readonly queue?: QueueConfig;
}

export interface QueueConfig {
  /** postgres:// URL of the queue database; its password is redacted everywhere */
  readonly url: string;
  readonly concurrency: number;
  readonly heartbeatSeconds: number;
  readonly retryLimit: number;
  readonly retryDelaySeconds: number;
}

export interface WebhooksConfig {
  readonly host: string;
  /** 0 = any free port */
  readonly port: number;
  /** the path callbacks are POSTed to (default: publicUrl's path) */
  readonly path: string;
  /** the https URL BigCommerce calls (the reverse proxy's), path included */
  readonly publicUrl: string;
  /** the shared secret BigCommerce sends in WEBHOOK_SECRET_HEADER; redacted everywhere */
  readonly secret: string;
  /** how often the daemon lists the store's hooks and repairs them (daemon.webhooks.check_every) */
  readonly checkEveryMs: number;
}

export type LogLevel = FileConfig['log_level'];

export interface AppConfig {
  /** where it came from: a file path or "environment" */
  readonly source: string;
  readonly logLevel: LogLevel;
  readonly instances: readonly InstanceConfig[];
  readonly daemon: DaemonConfig;
  /** things worth fixing that do not stop the command (a world-readable file with inline secrets…) */
  readonly warnings?: readonly string[];
}
