/**
 * The configuration's shape, validated once at start. YAML keys are snake_case; the
 * compiled config handed to constructors is camelCase and frozen. Objects are strict so
 * that a misspelt key is reported instead of silently ignored.
 */
import { Cron } from 'croner';
import { z } from 'zod';

function isHttpUrl(u: string): boolean {
  try {
    const p = new URL(u).protocol;
    return p === 'http:' || p === 'https:';
  } catch {
    return false;
  }
}

const httpUrl = z
  .string()
  .refine(isHttpUrl, 'must be an http:// or https:// URL, e.g. https://api.bigcommerce.com or http://localhost:8069')
  .transform((u) => u.replace(/\/+$/, ''));

const positiveInt = z.number().int().positive();

export const bigcommerceSchema = z.strictObject({
  store_hash: z
    .string()
    .regex(/^[a-z0-9]+$/i, 'must be the store hash from the API path (letters and digits), e.g. abc123'),
  access_token: z.string().min(1, 'is required (the X-Auth-Token of a store API account)'),
  api_base_url: httpUrl.default('https://api.bigcommerce.com'),
  /** concurrent requests to this store */
  concurrency: positiveInt.max(32).default(4),
  /** share of the quota left for the store's other apps */
  quota_headroom: z.number().min(0).max(0.9).default(0.2),
  timeout_ms: positiveInt.default(30_000),
});

export const odooSchema = z.strictObject({
  url: httpUrl,
  db: z.string().min(1, 'is required (the Odoo database name)'),
  username: z.string().min(1, 'is required (the Odoo login)'),
  password: z.string().min(1, 'is required (the password or an API key of that user)'),
  protocol: z.enum(['auto', 'jsonrpc', 'json2']).default('auto'),
  timeout_ms: positiveInt.default(60_000),
  /** activate the store's transactional currencies in Odoo and give each a pricelist (setup, orders) */
  manage_currencies: z.boolean().default(true),
});

export const ORDER_ACTIONS = [
  'skip',
  'quotation',
  'confirm',
  'confirm+invoice',
  'confirm+invoice+paid',
  'cancel',
] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

/**
 * What an order in each BigCommerce status becomes in Odoo, keyed by status id (merchants
 * rename statuses, so labels are never used). Documented in the README.
 */
export const DEFAULT_STATUS_MAP: Readonly<Record<number, OrderAction>> = {
  0: 'skip', // Incomplete: an abandoned checkout
  1: 'quotation', // Pending
  2: 'confirm+invoice+paid', // Shipped
  3: 'confirm+invoice+paid', // Partially Shipped
  4: 'confirm+invoice+paid', // Refunded (the refund becomes a credit note)
  5: 'cancel', // Cancelled
  6: 'cancel', // Declined
  7: 'confirm', // Awaiting Payment
  8: 'confirm+invoice+paid', // Awaiting Pickup
  9: 'confirm+invoice+paid', // Awaiting Shipment
  10: 'confirm+invoice+paid', // Completed
  11: 'confirm+invoice+paid', // Awaiting Fulfillment
  12: 'quotation', // Manual Verification Required
  13: 'confirm+invoice', // Disputed
  14: 'confirm+invoice+paid', // Partially Refunded
};

const statusMapSchema = z
  .record(
    z.string().regex(/^\d+$/, 'keys are BigCommerce status ids (numbers)'),
    z.enum(ORDER_ACTIONS, { message: `must be one of ${ORDER_ACTIONS.join(', ')}` }),
  )
  .default({});

export const ordersSchema = z.strictObject({
  /** merged over DEFAULT_STATUS_MAP */
  status_map: statusMapSchema,
  /** when Odoo's total cannot be made equal to BigCommerce's */
  total_mismatch: z.enum(['adjust', 'quotation', 'fail']).default('adjust'),
  /** the product that stands in for lines whose product was deleted in BigCommerce */
  placeholder_product: z.string().min(1).default('BigCommerce deleted product'),
});

export const paymentRowSchema = z.strictObject({
  /** BigCommerce payment_method, compared case-insensitively; omit on the default row */
  method: z.string().min(1).optional(),
  default: z.boolean().default(false),
  /** journal code (e.g. BNK1) or name */
  journal: z.string().min(1, 'is required (a journal code such as BNK1, or its name)'),
  /** pricelist name that overrides the currency-based choice */
  pricelist: z.string().min(1).optional(),
  /** currency code whose pricelist to use */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO currency code such as EUR')
    .optional(),
});

/** An Odoo stock location: its id, or its full name as Odoo shows it (`WH/Stock`). */
const LOCATION_REF = 'must be an Odoo location: its full name such as WH/Stock, or its id';
const odooLocationRef = z.union(
  [z.number().int(LOCATION_REF).positive(LOCATION_REF), z.string().trim().min(1, LOCATION_REF)],
  { message: LOCATION_REF },
);

export const inventorySchema = z.strictObject({
  /** BigCommerce location id → Odoo location; several may share one Odoo location (they add up) */
  locations: z
    .record(z.string(), odooLocationRef)
    .superRefine((m, ctx) => {
      for (const k of Object.keys(m)) {
        if (!/^\d+$/.test(k))
          ctx.addIssue({
            code: 'custom',
            path: [k],
            message: `"${k}" is not a BigCommerce location id (the keys are location ids, numbers such as 1)`,
          });
      }
    })
    .default({}),
  /** where BigCommerce locations not listed go; default: the main warehouse's stock location */
  default_location: odooLocationRef.optional(),
});

/**
 * Who holds the truth about stock. `bigcommerce` (default): BigCommerce's levels are imported
 * into Odoo (the inventory and product imports). `odoo`: Odoo's quantities are exported to
 * BigCommerce (`export inventory`) and BigCommerce's are never imported.
 */
export const STOCK_MASTERS = ['bigcommerce', 'odoo'] as const;
export type StockMaster = (typeof STOCK_MASTERS)[number];

/** Which Odoo quantity is sent: free (on hand − reserved), on hand, or forecast. */
export const EXPORT_QUANTITIES = ['free', 'on_hand', 'forecast'] as const;
export type ExportQuantity = (typeof EXPORT_QUANTITIES)[number];

export const stockSchema = z.strictObject({
  master: z.enum(STOCK_MASTERS, { message: `must be one of ${STOCK_MASTERS.join(', ')}` }).default('bigcommerce'),
  export_quantity: z
    .enum(EXPORT_QUANTITIES, { message: `must be one of ${EXPORT_QUANTITIES.join(', ')}` })
    .default('free'),
});

/** BigCommerce's shipping providers (orders.v2.oas2.yml, createOrderShipments), or `carrier_<id>`. */
export const BC_SHIPPING_PROVIDERS = [
  '',
  'auspost',
  'canadapost',
  'endicia',
  'usps',
  'fedex',
  'royalmail',
  'ups',
  'upsready',
  'shipperhq',
] as const;

export function isBcShippingProvider(v: string): boolean {
  return (BC_SHIPPING_PROVIDERS as readonly string[]).includes(v) || /^carrier_\w+$/.test(v);
}

const carrierTargetSchema = z
  .strictObject({
    /** one of BC_SHIPPING_PROVIDERS or carrier_<id> */
    shipping_provider: z
      .string()
      .refine(
        isBcShippingProvider,
        `must be one of ${BC_SHIPPING_PROVIDERS.filter(Boolean).join(', ')}, "" or carrier_<id> (a third-party shipping provider)`,
      )
      .optional(),
    /** an Aftership courier slug such as dhl, dpd-uk, colissimo */
    tracking_carrier: z
      .string()
      .regex(
        /^[a-z0-9-]*$/,
        'must be an Aftership courier slug (lower-case letters, digits and "-"), e.g. dhl or dpd-uk',
      )
      .optional(),
  })
  .refine((t) => t.shipping_provider !== undefined || t.tracking_carrier !== undefined, {
    message: 'give shipping_provider, tracking_carrier or both',
  });

export const shipmentsSchema = z.strictObject({
  /** Odoo carrier (delivery.carrier name) → what BigCommerce is told; others by their delivery type (see README) */
  carriers: z.record(z.string().trim().min(1, 'keys are Odoo carrier names'), carrierTargetSchema).default({}),
});

/** What `bc-odoo import` reads from BigCommerce, in dependency order. */
export const IMPORT_ENTITIES = [
  'categories',
  'brands',
  'products',
  'customers',
  'orders',
  'refunds',
  'inventory',
] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

/** What `bc-odoo export` sends to BigCommerce (after the imports it depends on). */
export const EXPORT_ENTITIES = ['export_inventory', 'export_shipments'] as const;
export type ExportEntity = (typeof EXPORT_ENTITIES)[number];

/** What the daemon can schedule, in dependency order (same names as x_bc_sync_state.x_entity). */
export const SYNC_ENTITIES = [...IMPORT_ENTITIES, ...EXPORT_ENTITIES] as const;
export type SyncEntity = (typeof SYNC_ENTITIES)[number];

/**
 * Whether the daemon runs an entity when the file does not say: every import, but inventory
 * only while BigCommerce is stock master, and the exports only while Odoo is.
 */
export function enabledByDefault(entity: SyncEntity, master: StockMaster): boolean {
  if (entity === 'inventory') return master === 'bigcommerce';
  if ((EXPORT_ENTITIES as readonly string[]).includes(entity)) return master === 'odoo';
  return true;
}

/** How often the daemon imports each entity when the file says nothing (documented in the README). */
export const DEFAULT_SCHEDULE: Readonly<Record<SyncEntity, string>> = {
  categories: '1h',
  brands: '1h',
  products: '15m',
  customers: '15m',
  orders: '5m',
  refunds: '10m',
  inventory: '10m',
  export_inventory: '5m',
  export_shipments: '5m',
};

const INTERVAL_UNITS = { s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** `30s`, `5m`, `1h` → milliseconds; undefined when the text is not such an interval. */
export function parseInterval(text: string): number | undefined {
  const m = /^\s*(\d+)\s*([smh])\s*$/.exec(text);
  if (!m) return undefined;
  const ms = Number(m[1]) * INTERVAL_UNITS[m[2] as keyof typeof INTERVAL_UNITS];
  return ms > 0 ? ms : undefined;
}

/** Why croner refuses a cron pattern (5 fields, or 6 with seconds first), or undefined when it is fine. */
export function cronProblem(pattern: string): string | undefined {
  try {
    new Cron(pattern, { paused: true, mode: '5-or-6-parts' }).stop();
    return undefined;
  } catch (err) {
    return (err instanceof Error ? err.message : String(err)).replace(/^CronPattern: /, '');
  }
}

export const entityScheduleSchema = z
  .strictObject({
    /** the auto-update toggle: false = the daemon leaves this entity alone (default: enabledByDefault) */
    enabled: z.boolean().optional(),
    every: z
      .string()
      .refine((v) => parseInterval(v) !== undefined, 'must be a whole number and a unit s, m or h, e.g. 30s, 5m or 1h')
      .optional(),
    cron: z.string().optional(),
  })
  .superRefine((s, ctx) => {
    if (s.every !== undefined && s.cron !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['cron'], message: 'give either every or cron, not both' });
    }
    if (s.cron !== undefined) {
      const problem = cronProblem(s.cron);
      if (problem)
        ctx.addIssue({
          code: 'custom',
          path: ['cron'],
          message: `is not a cron pattern (${problem}); e.g. "*/10 * * * *"`,
        });
    }
  });

export const scheduleSchema = z.strictObject(
  Object.fromEntries(SYNC_ENTITIES.map((e) => [e, entityScheduleSchema.optional()])) as Record<
    SyncEntity,
    z.ZodOptional<typeof entityScheduleSchema>
  >,
);

/** How often the daemon checks its hooks when the file says nothing (documented in the README). */
export const DEFAULT_WEBHOOK_CHECK_EVERY = '10m';

/** Loopback names a webhook `public_url` may use over plain http (tests, a local tunnel's far end). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why a webhook public_url is refused, or undefined when it is fine. */
export function webhookUrlProblem(u: string): string | undefined {
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    return 'must be the https:// URL BigCommerce calls, path included, e.g. https://bc-odoo.example.com/bc/webhooks';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  return 'must be an https:// URL (BigCommerce only calls HTTPS on port 443); http:// is allowed for 127.0.0.1 and localhost only';
}

/**
 * The public webhook receiver (daemon/webhooks/). Optional as a block; when present, the URL
 * BigCommerce calls and the shared secret it sends in a header are required. `path` defaults
 * to public_url's path (a reverse proxy usually forwards it unchanged).
 */
export const webhooksSchema = z
  .strictObject({
    /** the interface the receiver listens on; public-facing behind a TLS proxy */
    host: z.string().min(1, 'is required (an interface address, e.g. 0.0.0.0 or 127.0.0.1)').default('0.0.0.0'),
    /** 0 = any free port */
    port: z.number().int('must be a whole number').min(0).max(65535, 'must be between 0 and 65535').default(8790),
    path: z
      .string()
      .regex(/^\/[^\s?#]*$/, 'must be a URL path starting with "/", e.g. /bc/webhooks')
      .optional(),
    public_url: z
      .string({ message: 'is required: the https:// URL BigCommerce calls, path included' })
      .superRefine((u, ctx) => {
        const problem = webhookUrlProblem(u);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    secret: z
      .string({ message: 'is required: a random shared secret of at least 16 characters' })
      .min(16, 'needs at least 16 characters (a random shared secret, e.g. `openssl rand -hex 24`)'),
    /** how often the daemon lists the store's hooks and repairs them (a deactivated hook re-enabled) */
    check_every: z
      .string()
      .refine((v) => parseInterval(v) !== undefined, 'must be a whole number and a unit s, m or h, e.g. 30s, 5m or 1h')
      .default(DEFAULT_WEBHOOK_CHECK_EVERY),
  })
  .transform((w) => ({ ...w, path: w.path ?? pathOf(w.public_url) }));

function pathOf(u: string): string {
  try {
    return new URL(u).pathname || '/';
  } catch {
    return '/';
  }
}

export const daemonSchema = z
  .strictObject({
    http: z
      .strictObject({
        /** loopback unless told otherwise: the endpoint has no authentication */
        host: z.string().min(1, 'is required (an interface address, e.g. 127.0.0.1 or 0.0.0.0)').default('127.0.0.1'),
        /** 0 = any free port */
        port: z.number().int('must be a whole number').min(0).max(65535, 'must be between 0 and 65535').default(9187),
      })
      .default({ host: '127.0.0.1', port: 9187 }),
    /**
     * how long a run's lease on its sync-state row lasts without a heartbeat (renewed every quarter
     * of it): the longest a holder that died on another host blocks the next run (see daemon/lease.ts)
     */
    lease_seconds: z.number().min(2, 'must be at least 2').max(86_400).default(60),
    /** after SIGTERM, how long the current run may take to finish before it is aborted */
    shutdown_grace_seconds: z.number().min(0).max(3_600).default(20),
    /** after a failed run: first retry delay, doubled per failure up to the cap */
    backoff: z
      .strictObject({
        initial_seconds: z.number().positive().default(10),
        max_seconds: z.number().positive().default(900),
      })
      .default({ initial_seconds: 10, max_seconds: 900 }),
    /** how often /readyz re-checks BigCommerce and Odoo */
    readiness_check_seconds: z.number().min(1).default(60),
    /** BigCommerce webhooks: the receiver is started only when this block is present */
    webhooks: webhooksSchema.optional(),
  })
  .superRefine((d, ctx) => {
    if (d.backoff.max_seconds < d.backoff.initial_seconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['backoff', 'max_seconds'],
        message: `must be at least initial_seconds (${d.backoff.initial_seconds})`,
      });
    }
  });

/**
 * The pool (daemon/pool/): a PostgreSQL database of its own where pg-boss keeps the jobs and the
 * shared BigCommerce quota. Without this block the daemon runs alone, as it always has.
 */
export const queueSchema = z.strictObject({
  url: z
    .string({ message: 'is required: the postgres:// URL of a database for the job queue' })
    .regex(
      /^postgres(ql)?:\/\/[^/]+\/[^/?#]+/,
      'must be a postgres:// URL naming a database of its own, e.g. postgres://bcodoo:secret@db:5432/bc_odoo_queue',
    ),
  /** jobs one daemon runs at once (the pool runs up to this many per member) */
  concurrency: z.number().int('must be a whole number').min(1).max(32, 'must be between 1 and 32').default(1),
  /** a job whose worker stopped renewing it this long ago (the process died) is run again elsewhere */
  heartbeat_seconds: z.number().int('must be a whole number').min(5, 'must be at least 5').max(3_600).default(60),
  /** attempts after the first before a job is given up (failed, shown in the log and the metrics) */
  retry_limit: z.number().int('must be a whole number').min(0).max(100).default(5),
  /** delay before the first retry, doubled per retry */
  retry_delay_seconds: z.number().int('must be a whole number').min(1).max(3_600).default(30),
});

export const instanceSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must be a short name of letters, digits, "_", "-" or "."'),
    bigcommerce: bigcommerceSchema,
    odoo: odooSchema,
    orders: ordersSchema.default({
      status_map: {},
      total_mismatch: 'adjust',
      placeholder_product: 'BigCommerce deleted product',
    }),
    /** payment-method rows; when absent, one default row using the first bank journal */
    payments: z.array(paymentRowSchema).optional(),
    /** stock locations; when absent, all stock goes to the main warehouse's stock location */
    inventory: inventorySchema.default({ locations: {} }),
    /** who is stock master, and which Odoo quantity is exported */
    stock: stockSchema.default({ master: 'bigcommerce', export_quantity: 'free' }),
    /** shipments exported to BigCommerce: the carrier map */
    shipments: shipmentsSchema.default({ carriers: {} }),
    /** the daemon's schedule per entity, over DEFAULT_SCHEDULE */
    schedule: scheduleSchema.default({}),
    customers: z
      .strictObject({
        /** BigCommerce tax_exempt_category code → the name of an Odoo fiscal position */
        tax_exempt: z.record(z.string().min(1), z.string().min(1, 'must name an Odoo fiscal position')).default({}),
      })
      .default({ tax_exempt: {} }),
  })
  .superRefine((inst, ctx) => {
    stockIssues(inst, ctx);
    if (!inst.payments) return;
    const defaults = inst.payments.map((p, i) => (p.default ? i : -1)).filter((i) => i >= 0);
    if (defaults.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['payments'],
        message: `needs exactly one row with default: true (found ${defaults.length})`,
      });
    }
    const seen = new Map<string, number>();
    inst.payments.forEach((p, i) => {
      if (!p.default && !p.method)
        ctx.addIssue({
          code: 'custom',
          path: ['payments', i, 'method'],
          message: 'is required on every row but the default one',
        });
      if (p.method) {
        const k = p.method.trim().toLowerCase();
        if (seen.has(k))
          ctx.addIssue({
            code: 'custom',
            path: ['payments', i, 'method'],
            message: `"${p.method}" is already mapped by payments[${seen.get(k)}]`,
          });
        seen.set(k, i);
      }
    });
  });

/**
 * Settings that contradict the stock master: importing BigCommerce's stock while Odoo is master
 * (or exporting Odoo's while BigCommerce is) would make the two overwrite each other; and with
 * Odoo as master an Odoo location can feed only one BigCommerce location (its stock cannot be split).
 */
function stockIssues(
  inst: {
    stock: { master: StockMaster };
    schedule: Partial<Record<SyncEntity, { enabled?: boolean | undefined } | undefined>>;
    inventory: { locations: Record<string, string | number> };
  },
  ctx: z.RefinementCtx,
): void {
  const master = inst.stock.master;
  const wrong: SyncEntity[] = master === 'odoo' ? ['inventory'] : ['export_inventory'];
  for (const e of wrong) {
    if (inst.schedule[e]?.enabled === true)
      ctx.addIssue({
        code: 'custom',
        path: ['schedule', e, 'enabled'],
        message: `cannot be true while stock.master is ${master}: ${
          master === 'odoo'
            ? "Odoo is stock master, BigCommerce's stock is not imported"
            : 'BigCommerce is stock master; set stock.master: odoo to export stock'
        }`,
      });
  }
  if (master !== 'odoo') return;
  const seen = new Map<string, string>();
  for (const [bc, ref] of Object.entries(inst.inventory.locations)) {
    const key = String(ref).trim();
    const other = seen.get(key);
    if (other !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['inventory', 'locations', bc],
        message: `Odoo location "${key}" is already mapped from BigCommerce location ${other}; with stock.master: odoo each Odoo location feeds one BigCommerce location (its stock cannot be split)`,
      });
    else seen.set(key, bc);
  }
}

export const fileSchema = z
  .strictObject({
    log_level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    instances: z.array(instanceSchema).min(1, 'needs at least one store instance'),
    daemon: daemonSchema.default({
      http: { host: '127.0.0.1', port: 9187 },
      lease_seconds: 60,
      shutdown_grace_seconds: 20,
      backoff: { initial_seconds: 10, max_seconds: 900 },
      readiness_check_seconds: 60,
    }),
    /** the pool: daemons sharing one job queue (and one BigCommerce quota per store) */
    queue: queueSchema.optional(),
  })
  .superRefine((cfg, ctx) => {
    const db = cfg.queue ? databaseOf(cfg.queue.url) : undefined;
    cfg.instances.forEach((inst, n) => {
      if (db !== undefined && db === inst.odoo.db)
        ctx.addIssue({
          code: 'custom',
          path: ['queue', 'url'],
          message: `names the database "${db}", which is instance ${inst.name}'s Odoo database (instances[${n}].odoo.db): give the queue a database of its own, e.g. bc_odoo_queue`,
        });
    });
  });

function databaseOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).pathname.slice(1)) || undefined;
  } catch {
    return undefined;
  }
}

export type FileConfigInput = z.input<typeof fileSchema>;
export type FileConfig = z.output<typeof fileSchema>;
