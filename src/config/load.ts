/**
 * Compiles the configuration once at start: defaults ← env ← file ← flags, validated into a
 * frozen object. This is the only module that reads process.env (callers pass `env` in tests).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { registerSecret, urlCredentials } from '../log/redact.js';
import { ConfigError, type ConfigIssue } from './errors.js';
import {
  DEFAULT_SCHEDULE,
  DEFAULT_STATUS_MAP,
  fileSchema,
  parseInterval,
  SYNC_ENTITIES,
  type FileConfig,
  type OrderAction,
  type SyncEntity,
} from './schema.js';

export const DEFAULT_CONFIG_PATH = 'config/bc-odoo.yaml';

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

export interface InstanceConfig {
  readonly name: string;
  readonly bigcommerce: BigCommerceConfig;
  readonly odoo: OdooConfig;
  readonly orders: OrdersConfig;
  readonly payments: readonly PaymentRow[];
  readonly inventory: InventoryConfig;
  /** the daemon's schedule; instances built in code may leave it out (DEFAULT_SCHEDULE, all enabled) */
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

export interface LoadConfigOptions {
  /** --config flag */
  configPath?: string;
  /** --log-level flag */
  logLevel?: LogLevel;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Maps a path in the file schema to the environment variable that fills it in zero-file mode. */
const ENV_VARS: Record<string, string> = {
  'instances[0].bigcommerce.store_hash': 'BC_STORE_HASH',
  'instances[0].bigcommerce.access_token': 'BC_ACCESS_TOKEN',
  'instances[0].bigcommerce.api_base_url': 'BC_API_BASE_URL',
  'instances[0].odoo.url': 'ODOO_URL',
  'instances[0].odoo.db': 'ODOO_DB',
  'instances[0].odoo.username': 'ODOO_USERNAME',
  'instances[0].odoo.password': 'ODOO_PASSWORD',
  'instances[0].odoo.protocol': 'ODOO_PROTOCOL',
  'instances[0].odoo.manage_currencies': 'ODOO_MANAGE_CURRENCIES',
  log_level: 'BC_ODOO_LOG_LEVEL',
  'daemon.http.host': 'BC_ODOO_HTTP_HOST',
  'daemon.http.port': 'BC_ODOO_HTTP_PORT',
};

export function loadConfig(opts: LoadConfigOptions = {}): AppConfig {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const explicit = opts.configPath ?? env.BC_ODOO_CONFIG;
  const path = resolve(cwd, explicit ?? DEFAULT_CONFIG_PATH);

  let raw: unknown;
  let source: string;
  let envMode = false;
  const warnings: string[] = [];
  if (existsSync(path)) {
    source = path;
    const parsedFile = parseYaml(path);
    warnings.push(...exposedSecretWarnings(path, parsedFile));
    raw = interpolate(parsedFile, env, source);
  } else if (explicit) {
    throw new ConfigError(explicit, [
      {
        path: '',
        message: `configuration file ${path} does not exist (from ${opts.configPath ? '--config' : 'BC_ODOO_CONFIG'})`,
      },
    ]);
  } else if (env.BC_STORE_HASH || env.ODOO_URL) {
    source = 'environment';
    envMode = true;
    raw = fromEnv(env);
  } else {
    throw new ConfigError('none', [
      {
        path: '',
        message:
          `no configuration: create ${DEFAULT_CONFIG_PATH} from config/bc-odoo.example.yaml, pass --config FILE, ` +
          'or set BC_STORE_HASH, BC_ACCESS_TOKEN, ODOO_URL, ODOO_DB, ODOO_USERNAME and ODOO_PASSWORD',
      },
    ]);
  }
  if (!envMode && env.BC_ODOO_LOG_LEVEL && raw && typeof raw === 'object' && !('log_level' in raw)) {
    (raw as Record<string, unknown>).log_level = env.BC_ODOO_LOG_LEVEL;
  }
  applyHttpEnv(raw, env);
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(source, zodIssues(parsed.error, envMode));
  const cfg = parsed.data;

  const names = new Set<string>();
  const dupes: ConfigIssue[] = [];
  cfg.instances.forEach((i, n) => {
    if (names.has(i.name)) dupes.push({ path: `instances[${n}].name`, message: `duplicate instance name "${i.name}"` });
    names.add(i.name);
  });
  if (dupes.length) throw new ConfigError(source, dupes);

  for (const i of cfg.instances) {
    registerSecret(i.bigcommerce.access_token);
    registerSecret(i.odoo.password);
    // A URL may carry a password too (http://user:pass@host): it must not be printed either.
    for (const url of [i.odoo.url, i.bigcommerce.api_base_url]) urlCredentials(url).forEach(registerSecret);
  }
  return deepFreeze({
    source,
    logLevel: opts.logLevel ?? cfg.log_level,
    instances: cfg.instances.map(compileInstance),
    daemon: compileDaemon(cfg.daemon),
    warnings,
  });
}

/** Where a config file may hold a secret, and whether a value there is one (URLs: only with credentials). */
const SECRET_PATHS: readonly { key: readonly [string, string]; isSecret: (v: string) => boolean }[] = [
  { key: ['bigcommerce', 'access_token'], isSecret: () => true },
  { key: ['odoo', 'password'], isSecret: () => true },
  { key: ['odoo', 'url'], isSecret: (v) => urlCredentials(v).length > 0 },
  { key: ['bigcommerce', 'api_base_url'], isSecret: (v) => urlCredentials(v).length > 0 },
];

/**
 * A file others on the machine can read must not hold secrets inline: it warns (a refusal
 * would stop a running setup over a chmod) and names the values and the fix.
 */
export function exposedSecretWarnings(path: string, parsedFile: unknown, mode = fileMode(path)): string[] {
  if (mode === undefined || (mode & 0o077) === 0) return [];
  const inline = inlineSecretPaths(parsedFile);
  if (!inline.length) return [];
  const who = mode & 0o007 ? 'everyone on this machine' : 'its group';
  return [
    `${path} is readable by ${who} (mode ${(mode & 0o777).toString(8).padStart(3, '0')}) and holds secrets inline at ` +
      `${inline.join(', ')}: run \`chmod 600 ${path}\`, or put them in environment variables and write \${NAME} in the file`,
  ];
}

function inlineSecretPaths(parsedFile: unknown): string[] {
  const instances = (parsedFile as { instances?: unknown } | null)?.instances;
  if (!Array.isArray(instances)) return [];
  return instances.flatMap((inst: unknown, n) =>
    SECRET_PATHS.flatMap(({ key: [section, field], isSecret }) => {
      const v = (inst as Record<string, Record<string, unknown> | undefined> | null)?.[section]?.[field];
      // `${VAR}` anywhere in the value: the secret lives in the environment (a `$${` literal does not count).
      return typeof v === 'string' && v && !/(^|[^$])\$\{/.test(v) && isSecret(v)
        ? [`instances[${n}].${section}.${field}`]
        : [];
    }),
  );
}

/** Permission bits, or undefined where they mean nothing (Windows) or cannot be read. */
function fileMode(path: string): number | undefined {
  if (process.platform === 'win32') return undefined;
  try {
    return statSync(path).mode;
  } catch {
    return undefined;
  }
}

/** BC_ODOO_HTTP_HOST / BC_ODOO_HTTP_PORT fill in daemon.http where the file leaves it out (env ← file). */
function applyHttpEnv(raw: unknown, env: NodeJS.ProcessEnv): void {
  if (!raw || typeof raw !== 'object' || (!env.BC_ODOO_HTTP_HOST && !env.BC_ODOO_HTTP_PORT)) return;
  const root = raw as Record<string, unknown>;
  root.daemon ??= {};
  const daemon = root.daemon as Record<string, unknown>;
  if (!daemon || typeof daemon !== 'object') return;
  daemon.http ??= {};
  const http = daemon.http;
  if (!http || typeof http !== 'object') return;
  const h = http as Record<string, unknown>;
  if (env.BC_ODOO_HTTP_HOST && !('host' in h)) h.host = env.BC_ODOO_HTTP_HOST;
  if (env.BC_ODOO_HTTP_PORT && !('port' in h))
    h.port = /^\d+$/.test(env.BC_ODOO_HTTP_PORT.trim()) ? Number(env.BC_ODOO_HTTP_PORT) : env.BC_ODOO_HTTP_PORT;
}

function compileDaemon(d: FileConfig['daemon']): DaemonConfig {
  return {
    http: { host: d.http.host, port: d.http.port },
    leaseSeconds: d.lease_seconds,
    shutdownGraceSeconds: d.shutdown_grace_seconds,
    backoff: { initialSeconds: d.backoff.initial_seconds, maxSeconds: d.backoff.max_seconds },
    readinessCheckSeconds: d.readiness_check_seconds,
  };
}

function compileSchedule(s: FileConfig['instances'][number]['schedule']): ScheduleConfig {
  return Object.fromEntries(
    SYNC_ENTITIES.map((entity) => {
      const e = s[entity];
      const schedule: Schedule =
        e?.cron !== undefined
          ? { kind: 'cron', pattern: e.cron.trim() }
          : interval(e?.every ?? DEFAULT_SCHEDULE[entity]);
      return [entity, { enabled: e?.enabled ?? true, schedule }];
    }),
  ) as Record<SyncEntity, EntitySchedule>;
}

function interval(text: string): Schedule {
  return { kind: 'every', ms: parseInterval(text)!, text: text.trim() };
}

/** The documented default schedule (every entity enabled), for instances built in code. */
export function defaultScheduleConfig(): ScheduleConfig {
  return compileSchedule({});
}

/** Default daemon settings, for daemons started in code (tests). */
export function defaultDaemonConfig(): DaemonConfig {
  return compileDaemon(fileSchema.shape.daemon.parse(undefined));
}

/** Picks the instance a command works on: the named one, or the only one. */
export function selectInstance(cfg: AppConfig, name?: string): InstanceConfig {
  if (name) {
    const found = cfg.instances.find((i) => i.name === name);
    if (!found) {
      throw new ConfigError(cfg.source, [
        {
          path: '--instance',
          message: `no instance named "${name}"; configured: ${cfg.instances.map((i) => i.name).join(', ')}`,
        },
      ]);
    }
    return found;
  }
  if (cfg.instances.length > 1) {
    throw new ConfigError(cfg.source, [
      {
        path: '--instance',
        message: `several instances are configured (${cfg.instances.map((i) => i.name).join(', ')}); choose one with --instance NAME`,
      },
    ]);
  }
  return cfg.instances[0]!;
}

function compileInstance(i: FileConfig['instances'][number]): InstanceConfig {
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
    schedule: compileSchedule(i.schedule),
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

/** Default inventory settings for an instance built in code: all stock into the main warehouse. */
export function defaultInventoryConfig(): InventoryConfig {
  return { locations: new Map() };
}

function parseYaml(path: string): unknown {
  const doc = parseDocument(readFileSync(path, 'utf8'), { prettyErrors: true });
  if (doc.errors.length) {
    throw new ConfigError(
      path,
      doc.errors.map((e) => ({
        path: `line ${e.linePos?.[0]?.line ?? '?'}`,
        message: e.message.split('\n')[0] ?? e.message,
      })),
    );
  }
  return doc.toJS();
}

/** `${NAME}` and `${NAME:-default}` in string values; `$${` is a literal `${`. */
export function interpolate(value: unknown, env: NodeJS.ProcessEnv, source: string): unknown {
  const issues: ConfigIssue[] = [];
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === 'string') {
      return v.replace(
        /\$?\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
        (m, name: string, def: string | undefined) => {
          if (m.startsWith('$$')) return m.slice(1);
          const got = env[name];
          if (got !== undefined && got !== '') return got;
          if (def !== undefined) return def;
          issues.push({ path, message: `environment variable ${name} is not set` });
          return '';
        },
      );
    }
    if (Array.isArray(v)) return v.map((x, n) => walk(x, `${path}[${n}]`));
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, path ? `${path}.${k}` : k)]));
    }
    return v;
  };
  const out = walk(value, '');
  if (issues.length) throw new ConfigError(source, issues);
  return out;
}

function fromEnv(env: NodeJS.ProcessEnv): unknown {
  const bc: Record<string, unknown> = { store_hash: env.BC_STORE_HASH ?? '', access_token: env.BC_ACCESS_TOKEN ?? '' };
  if (env.BC_API_BASE_URL) bc.api_base_url = env.BC_API_BASE_URL;
  const odoo: Record<string, unknown> = {
    url: env.ODOO_URL ?? '',
    db: env.ODOO_DB ?? '',
    username: env.ODOO_USERNAME ?? '',
    password: env.ODOO_PASSWORD ?? '',
  };
  if (env.ODOO_PROTOCOL) odoo.protocol = env.ODOO_PROTOCOL;
  if (env.ODOO_MANAGE_CURRENCIES)
    odoo.manage_currencies = !/^(0|false|no|off)$/i.test(env.ODOO_MANAGE_CURRENCIES.trim());
  const out: Record<string, unknown> = {
    instances: [{ name: env.BC_INSTANCE_NAME || 'default', bigcommerce: bc, odoo }],
  };
  if (env.BC_ODOO_LOG_LEVEL) out.log_level = env.BC_ODOO_LOG_LEVEL;
  return out;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  );
}

function zodIssues(error: z.ZodError, envMode: boolean): ConfigIssue[] {
  return error.issues.map((issue) => {
    let path = formatPath(issue.path);
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (misspelt?)`;
    }
    if (envMode && ENV_VARS[path]) {
      const v = ENV_VARS[path];
      path = `env ${v}`;
      if (message.startsWith('is required')) message = `is not set; it ${message}`;
    }
    return { path, message };
  });
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
