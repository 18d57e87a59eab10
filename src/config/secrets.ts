/**
 * Secrets in the configuration: every token, password and credential in a URL is registered
 * with the redactor (log/redact.ts) as soon as the configuration is validated, before anything
 * can log it; and a file others on the machine can read is reported when it holds them inline.
 */
import { statSync } from 'node:fs';
import { registerSecret, urlCredentials } from '../log/redact.js';
import type { FileConfig } from './schema.js';

/** Registers the instances' secrets with the redactor, so no log line or error can carry them. */
export function registerSecrets(cfg: FileConfig): void {
  for (const i of cfg.instances) {
    registerSecret(i.bigcommerce.access_token);
    registerSecret(i.odoo.password);
    // A URL may carry a password too (http://user:pass@host): it must not be printed either.
    for (const url of [i.odoo.url, i.bigcommerce.api_base_url]) urlCredentials(url).forEach(registerSecret);
  }
  // The webhook secret authenticates BigCommerce's callbacks: printed, anyone could send events.
  registerSecret(cfg.daemon.webhooks?.secret);
  // The queue database's password opens the pool's jobs and quota to whoever reads it.
  if (cfg.queue) urlCredentials(cfg.queue.url).forEach(registerSecret);
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
  const webhookSecret = (parsedFile as { daemon?: { webhooks?: { secret?: unknown } } } | null)?.daemon?.webhooks
    ?.secret;
  const daemon = isInline(webhookSecret) ? ['daemon.webhooks.secret'] : [];
  const instances = (parsedFile as { instances?: unknown } | null)?.instances;
  if (!Array.isArray(instances)) return daemon;
  return daemon.concat(instanceSecretPaths(instances));
}

/** A secret written in the file itself, not `${VAR}` (a `$${` literal does not count). */
function isInline(v: unknown): boolean {
  return typeof v === 'string' && !!v && !/(^|[^$])\$\{/.test(v);
}

function instanceSecretPaths(instances: unknown[]): string[] {
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
