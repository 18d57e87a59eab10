/**
 * Validation findings in plain words: which key (its path in the file, or the environment
 * variable in zero-file mode) and what to do — never the validator's own phrasing ("Invalid
 * input: expected string, received undefined"). Values are not repeated in a message, only
 * their kind: a value in the wrong place may be a secret.
 */
import type { z } from 'zod';
import { envVarOf } from './env.js';
import type { ConfigIssue } from './errors.js';

/** What a required key holds, for "is missing: add it — …". Keyed by the path without indices. */
const WHAT: Readonly<Record<string, string>> = {
  'instances.name': 'a short name for the store, e.g. main',
  'instances.bigcommerce': 'the store: store_hash and access_token',
  'instances.bigcommerce.store_hash': 'the hash in https://api.bigcommerce.com/stores/<store_hash>/v3, e.g. abc123',
  'instances.bigcommerce.access_token': 'the X-Auth-Token of a store API account',
  'instances.odoo': 'the Odoo to write to: url, db, username and password',
  'instances.odoo.url': "Odoo's address, e.g. http://localhost:8069",
  'instances.odoo.db': 'the Odoo database name',
  'instances.odoo.username': 'the Odoo login',
  'instances.odoo.password': 'the password or an API key of that user',
  'instances.payments.journal': 'a journal code such as BNK1, or its name',
  'daemon.webhooks.public_url': 'the https:// URL BigCommerce calls, path included',
  'daemon.webhooks.secret': 'a random shared secret of at least 16 characters',
  'daemon.webhooks.check_every': 'an interval such as 10m (default), 30s or 1h',
  instances: 'a list of store instances (see config/bc-odoo.example.yaml)',
  '': 'the settings: instances, and optionally log_level and daemon (see config/bc-odoo.example.yaml)',
};

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list (lines starting with "- ")',
  object: 'a mapping (key: value lines)',
};

/**
 * The file schema's findings, one plain issue each. `fromEnv`: paths a file left out that the
 * environment filled (or was asked to), named by their variable even outside zero-file mode.
 */
export function plainIssues(
  error: z.ZodError,
  raw: unknown,
  envMode: boolean,
  fromEnv: ReadonlyMap<string, string> = new Map(),
): ConfigIssue[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    const value = valueAt(raw, issue.path);
    const envVar = fromEnv.get(path) ?? (envMode ? envVarOf(path) : undefined);
    const what = WHAT[path.replace(/\[\d+\]/g, '')];
    if (envVar && (value === undefined || value === ''))
      return { path: `env ${envVar}`, message: `is not set: set ${envVar}${what ? ` to ${what}` : ''}` };
    return { path: envVar ? `env ${envVar}` : path, message: describe(issue, value, what) };
  });
}

/** One finding in words: what the key must be, and what to do. */
function describe(issue: z.core.$ZodIssue, value: unknown, what: string | undefined): string {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined || value === null)
        return `is missing: add it${what ? ` — ${what}` : ''}${value === null ? ' (it is empty)' : ''}`;
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}, not ${kindOf(value)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return (
        `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: ` +
        'remove it or correct the spelling (misspelt?)'
      );
    case 'too_small':
    case 'too_big':
      return isGeneric(issue.message) ? bound(issue) : issue.message;
    default:
      return isGeneric(issue.message) ? `is not valid here${what ? `; expected ${what}` : ''}` : issue.message;
  }
}

/** zod's own wording, as opposed to a message the schema wrote. */
function isGeneric(message: string): boolean {
  return /^(Invalid|Too small|Too big|Expected)/.test(message);
}

function bound(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum);
  if (issue.origin === 'string')
    return small
      ? limit <= 1
        ? 'must not be empty'
        : `needs at least ${limit} characters`
      : `is too long (at most ${limit} characters)`;
  if (issue.origin === 'array' || issue.origin === 'set')
    return small
      ? `needs at least ${limit} entr${limit === 1 ? 'y' : 'ies'}`
      : `has too many entries (at most ${limit})`;
  if (small) return issue.inclusive ? `must be at least ${limit}` : `must be more than ${limit}`;
  return issue.inclusive ? `must be at most ${limit}` : `must be less than ${limit}`;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'boolean') return 'true/false';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number';
  return typeof value === 'object' ? 'a mapping' : typeof value;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let cur = raw;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  );
}
