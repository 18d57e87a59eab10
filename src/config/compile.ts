/**
 * From the validated file (schema.ts, snake_case, as written) to the compiled configuration
 * (types.ts): defaults merged in, status maps and locations keyed by number, schedules parsed,
 * and the result frozen. Also the defaults for instances and daemons built in code (the demo,
 * tests), compiled the same way so they cannot drift from the file's.
 */
import {
  DEFAULT_SCHEDULE,
  DEFAULT_STATUS_MAP,
  enabledByDefault,
  fileSchema,
  parseInterval,
  SYNC_ENTITIES,
  type FileConfig,
  type StockMaster,
  type SyncEntity,
} from './schema.js';
import type {
  DaemonConfig,
  EntitySchedule,
  InstanceConfig,
  InventoryConfig,
  OrdersConfig,
  Schedule,
  ScheduleConfig,
  ShipmentsConfig,
  StockConfig,
} from './types.js';

export function compileInstance(i: FileConfig['instances'][number]): InstanceConfig {
  return {
    name: i.name,
    bigcommerce: {
      storeHash: i.bigcommerce.store_hash,
      accessToken: i.bigcommerce.access_token,
      apiBaseUrl: i.bigcommerce.api_base_url,
      concurrency: i.bigcommerce.concurrency,
      quotaHeadroom: i.bigcommerce.quota_headroom,
      timeoutMs: i.bigcommerce.timeout_ms,
    },
    odoo: {
      url: i.odoo.url,
      db: i.odoo.db,
      username: i.odoo.username,
      password: i.odoo.password,
      protocol: i.odoo.protocol,
      timeoutMs: i.odoo.timeout_ms,
      manageCurrencies: i.odoo.manage_currencies,
    },
    orders: {
      statusMap: {
        ...DEFAULT_STATUS_MAP,
        ...Object.fromEntries(Object.entries(i.orders.status_map).map(([k, v]) => [Number(k), v])),
      },
      totalMismatch: i.orders.total_mismatch,
      placeholderProduct: i.orders.placeholder_product,
    },
    payments: i.payments
      ? i.payments.map((p) => ({
          method: p.method?.trim().toLowerCase(),
          isDefault: p.default,
          journal: p.journal,
          pricelist: p.pricelist,
          currency: p.currency,
        }))
      : [{ isDefault: true }],
    inventory: {
      locations: new Map(Object.entries(i.inventory.locations).map(([k, v]) => [Number(k), v])),
      ...(i.inventory.default_location === undefined ? {} : { defaultLocation: i.inventory.default_location }),
    },
    stock: { master: i.stock.master, exportQuantity: i.stock.export_quantity },
    shipments: {
      carriers: new Map(
        Object.entries(i.shipments.carriers).map(([name, t]) => [
          name.trim().toLowerCase(),
          {
            ...(t.shipping_provider === undefined ? {} : { shippingProvider: t.shipping_provider }),
            ...(t.tracking_carrier === undefined ? {} : { trackingCarrier: t.tracking_carrier }),
          },
        ]),
      ),
    },
    schedule: compileSchedule(i.schedule, i.stock.master),
    customers: {
      taxExempt: new Map(Object.entries(i.customers.tax_exempt).map(([k, v]) => [k.trim().toUpperCase(), v.trim()])),
    },
  };
}

/** Default settings for an instance built in code (the demo, tests). */
export function defaultOrdersConfig(): OrdersConfig {
  return {
    statusMap: { ...DEFAULT_STATUS_MAP },
    totalMismatch: 'adjust',
    placeholderProduct: 'BigCommerce deleted product',
  };
}

/** Default stock settings for an instance built in code: BigCommerce is stock master. */
export function defaultStockConfig(): StockConfig {
  return { master: 'bigcommerce', exportQuantity: 'free' };
}

/** Default shipment settings for an instance built in code: carriers by their delivery type. */
export function defaultShipmentsConfig(): ShipmentsConfig {
  return { carriers: new Map() };
}

/** Default inventory settings for an instance built in code: all stock into the main warehouse. */
export function defaultInventoryConfig(): InventoryConfig {
  return { locations: new Map() };
}

export function compileDaemon(d: FileConfig['daemon'], q?: FileConfig['queue']): DaemonConfig {
  return {
    ...(q
      ? {
          queue: {
            url: q.url,
            concurrency: q.concurrency,
            heartbeatSeconds: q.heartbeat_seconds,
            retryLimit: q.retry_limit,
            retryDelaySeconds: q.retry_delay_seconds,
          },
        }
      : {}),
    http: { host: d.http.host, port: d.http.port },
    leaseSeconds: d.lease_seconds,
    shutdownGraceSeconds: d.shutdown_grace_seconds,
    backoff: { initialSeconds: d.backoff.initial_seconds, maxSeconds: d.backoff.max_seconds },
    readinessCheckSeconds: d.readiness_check_seconds,
    ...(d.webhooks
      ? {
          webhooks: {
            host: d.webhooks.host,
            port: d.webhooks.port,
            path: d.webhooks.path,
            publicUrl: d.webhooks.public_url,
            secret: d.webhooks.secret,
            // validated by the schema: parseInterval only fails on what it refused
            checkEveryMs: parseInterval(d.webhooks.check_every) as number,
          },
        }
      : {}),
  };
}

function compileSchedule(s: FileConfig['instances'][number]['schedule'], master: StockMaster): ScheduleConfig {
  return Object.fromEntries(
    SYNC_ENTITIES.map((entity) => {
      const e = s[entity];
      const schedule: Schedule =
        e?.cron !== undefined
          ? { kind: 'cron', pattern: e.cron.trim() }
          : interval(e?.every ?? DEFAULT_SCHEDULE[entity]);
      return [entity, { enabled: e?.enabled ?? enabledByDefault(entity, master), schedule }];
    }),
  ) as Record<SyncEntity, EntitySchedule>;
}

function interval(text: string): Schedule {
  return { kind: 'every', ms: parseInterval(text)!, text: text.trim() };
}

/** The documented default schedule for instances built in code (`master` decides inventory and the exports). */
export function defaultScheduleConfig(master: StockMaster = 'bigcommerce'): ScheduleConfig {
  return compileSchedule({}, master);
}

/** Default daemon settings, for daemons started in code (tests). */
export function defaultDaemonConfig(): DaemonConfig {
  return compileDaemon(fileSchema.shape.daemon.parse(undefined));
}

export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
