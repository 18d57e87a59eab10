/**
 * Secrets are removed where text is built (errors, log lines, Odoo log records), not only
 * at the logger: every secret the process knows is registered here once, at config load,
 * and `redactText` replaces any occurrence of it. Key-based redaction in the logger is a
 * second net for structured fields.
 */
const secrets = new Set<string>();

/** Registers a value that must never appear in output. Short values are ignored (too many false hits). */
export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 6) secrets.add(value);
}

/** Test hook: forget every registered secret. */
export function clearSecrets(): void {
  secrets.clear();
}

export const REDACTED = '[REDACTED]';

/** Field names whose values are secrets wherever they appear. */
export const SECRET_KEYS = [
  'access_token',
  'accessToken',
  'token',
  'password',
  'api_key',
  'apiKey',
  'secret',
  'client_secret',
  'x-auth-token',
  'X-Auth-Token',
  'authorization',
  'Authorization',
  // the webhook receiver's shared-secret header (daemon/webhooks/secret-header.ts)
  'x-bc-odoo-secret',
] as const;

const SECRET_KEY_SET = new Set<string>(SECRET_KEYS.map((k) => k.toLowerCase()));

export function isSecretKey(key: string): boolean {
  return SECRET_KEY_SET.has(key.toLowerCase());
}

/** Replaces every registered secret, bearer/X-Auth-Token header values and passwords in URLs, in a string. */
export function redactText(text: string): string {
  let out = text;
  for (const s of secrets) {
    if (out.includes(s)) out = out.split(s).join(REDACTED);
  }
  return redactUrlCredentials(out)
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{6,}/gi, `$1${REDACTED}`)
    .replace(/("?x-auth-token"?\s*[:=]\s*"?)[^",\s}]+/gi, `$1${REDACTED}`);
}

/**
 * `scheme://user:password@host` → `scheme://user:[REDACTED]@host`: the user name helps to
 * diagnose, the password never. A lone `scheme://token@host` is often a token: redacted whole.
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(
    /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@:]*)(:[^\s/?#@]*)?@/gi,
    (_m, scheme: string, user: string, password?: string) =>
      password === undefined ? `${scheme}${REDACTED}@` : `${scheme}${user}:${REDACTED}@`,
  );
}

/** The password (or lone token) a URL carries, decoded as well as raw: both may be printed. */
export function urlCredentials(url: string): string[] {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^\s/?#@:]*)(?::([^\s/?#@]*))?@/i.exec(url);
  if (!m) return [];
  const secret = m[2] ?? m[1] ?? '';
  return [...new Set([secret, safeDecode(secret)])].filter(Boolean);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Deep copy of a value with secret keys blanked and secret strings replaced. */
export function redactValue<T>(value: T, depth = 0): T {
  if (depth > 8) return value;
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1)) as T;
  if (value instanceof Error) {
    // Errors keep their message and stack (non-enumerable, so copied by hand) plus own fields.
    const e = value as Error & Record<string, unknown>;
    const out: Record<string, unknown> = {
      type: e.name,
      message: redactText(e.message),
      stack: e.stack ? redactText(e.stack) : undefined,
    };
    for (const [k, v] of Object.entries(e)) out[k] = isSecretKey(k) ? REDACTED : redactValue(v, depth + 1);
    if (e.cause !== undefined) out.cause = redactValue(e.cause, depth + 1);
    return out as T;
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = isSecretKey(k) && v != null && v !== '' ? REDACTED : redactValue(v, depth + 1);
    }
    return out as T;
  }
  return value;
}
