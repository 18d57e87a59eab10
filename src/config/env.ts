/**
 * The environment's part in the configuration, apart from `${NAME}` in the file (file.ts):
 * zero-file mode, where BC_* and ODOO_* variables describe one instance, and the overlay of
 * BC_ODOO_LOG_LEVEL, BC_ODOO_HTTP_HOST/PORT and BC_ODOO_WEBHOOK_* on what a file leaves out
 * (env ← file). Knows which variable fills which path, so a validation error can name the
 * variable to set.
 */

/** Is there an instance in the environment (zero-file mode)? */
export function hasEnvInstance(env: NodeJS.ProcessEnv): boolean {
  return !!(env.BC_STORE_HASH || env.ODOO_URL);
}

/** The raw (unvalidated) configuration of zero-file mode, in the file's shape. */
export function fromEnv(env: NodeJS.ProcessEnv): unknown {
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

/**
 * Fills in, from the environment, what a configuration file leaves out. Returns the paths it
 * filled and their variables, so a mistake there names the variable rather than the file.
 */
export function overlayEnv(raw: unknown, env: NodeJS.ProcessEnv, envMode: boolean): Map<string, string> {
  if (!envMode && env.BC_ODOO_LOG_LEVEL && raw && typeof raw === 'object' && !('log_level' in raw)) {
    (raw as Record<string, unknown>).log_level = env.BC_ODOO_LOG_LEVEL;
  }
  applyHttpEnv(raw, env);
  const filled = applyWebhookEnv(raw, env);
  if (applyQueueEnv(raw, env)) filled.set('queue.url', 'BC_ODOO_QUEUE_URL');
  return filled;
}

/** BC_ODOO_QUEUE_URL turns the pool on where the file has no queue block (env ← file). */
function applyQueueEnv(raw: unknown, env: NodeJS.ProcessEnv): boolean {
  if (!raw || typeof raw !== 'object' || !env.BC_ODOO_QUEUE_URL) return false;
  const root = raw as Record<string, unknown>;
  root.queue ??= {};
  const q = root.queue;
  if (!q || typeof q !== 'object' || 'url' in q) return false;
  (q as Record<string, unknown>).url = env.BC_ODOO_QUEUE_URL;
  return true;
}

/** Which variable fills which key of daemon.webhooks. */
const WEBHOOK_ENV = [
  ['public_url', 'BC_ODOO_WEBHOOK_URL'],
  ['secret', 'BC_ODOO_WEBHOOK_SECRET'],
  ['host', 'BC_ODOO_WEBHOOK_HOST'],
  ['port', 'BC_ODOO_WEBHOOK_PORT'],
  ['check_every', 'BC_ODOO_WEBHOOK_CHECK_EVERY'],
] as const;

/**
 * BC_ODOO_WEBHOOK_* fill in daemon.webhooks where the file leaves it out. The URL or the
 * secret turns webhooks on (the block is made); host, port and check_every alone only fill a
 * block that is there, so a port set in an image's environment never turns webhooks on by itself.
 */
function applyWebhookEnv(raw: unknown, env: NodeJS.ProcessEnv): Map<string, string> {
  const filled = new Map<string, string>();
  if (!raw || typeof raw !== 'object') return filled;
  const root = raw as Record<string, unknown>;
  const turnsOn = !!(env.BC_ODOO_WEBHOOK_URL || env.BC_ODOO_WEBHOOK_SECRET);
  const daemon = root.daemon;
  const existing = daemon && typeof daemon === 'object' ? (daemon as Record<string, unknown>).webhooks : undefined;
  if (!turnsOn && !existing) return filled;
  if (existing !== undefined && (existing === null || typeof existing !== 'object')) return filled;
  root.daemon ??= {};
  if (!root.daemon || typeof root.daemon !== 'object') return filled;
  const d = root.daemon as Record<string, unknown>;
  d.webhooks ??= {};
  const w = d.webhooks as Record<string, unknown>;
  for (const [key, name] of WEBHOOK_ENV) {
    const v = env[name];
    if (!v || key in w) continue;
    w[key] = key === 'port' && /^\d+$/.test(v.trim()) ? Number(v) : v;
    filled.set(`daemon.webhooks.${key}`, name);
  }
  // A block made from the environment: its missing keys are the variables to set.
  if (!existing) for (const [key, name] of WEBHOOK_ENV) if (!(key in w)) filled.set(`daemon.webhooks.${key}`, name);
  return filled;
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
  'daemon.webhooks.public_url': 'BC_ODOO_WEBHOOK_URL',
  'daemon.webhooks.secret': 'BC_ODOO_WEBHOOK_SECRET',
  'daemon.webhooks.host': 'BC_ODOO_WEBHOOK_HOST',
  'daemon.webhooks.port': 'BC_ODOO_WEBHOOK_PORT',
  'daemon.webhooks.check_every': 'BC_ODOO_WEBHOOK_CHECK_EVERY',
  'queue.url': 'BC_ODOO_QUEUE_URL',
};

/** The variable that fills a path of the file schema in zero-file mode, if any. */
export function envVarOf(path: string): string | undefined {
  return ENV_VARS[path];
}
