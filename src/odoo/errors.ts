/**
 * Odoo errors as classes, decided at the edge (STYLE 5): the client turns Odoo's error
 * payload — `serialize_exception` in odoo/http.py: `{name, message, arguments, context, debug}`,
 * wrapped in a JSON-RPC `error` on /jsonrpc, bare with a 4xx/5xx status on Odoo 19's /json/2 —
 * or a network failure into one of these, so callers branch on the class, never on text.
 *
 * Every message and traceback goes through `redactText` when the error is built (STYLE 6).
 * The request body (which carries the password on /jsonrpc) is never copied into an error.
 */
import { redactText } from '../log/redact.js';

export type OdooErrorKind =
  | 'auth'
  | 'access'
  | 'validation'
  | 'user'
  | 'missing'
  | 'concurrency'
  | 'not_found'
  | 'transport'
  | 'timeout'
  | 'server';

/** Odoo's serialised exception; every member optional because proxies and old servers vary. */
export interface OdooErrorPayload {
  name?: string;
  message?: string;
  arguments?: unknown[];
  context?: Record<string, unknown>;
  debug?: string;
  /** JSON-RPC envelope members, when the whole `error` object is passed */
  code?: number;
  data?: OdooErrorPayload;
}

/** Where the error happened; copied onto the error (never the password). */
export interface OdooErrorContext {
  model?: string;
  method?: string;
  db?: string;
  /** base URL of the server; only its host is kept */
  url?: string;
  httpStatus?: number;
}

export interface OdooErrorInit extends OdooErrorContext {
  odooName?: string;
  debug?: string;
  retryable?: boolean;
  cause?: unknown;
  /** transport: the low-level code (ECONNREFUSED, ENOTFOUND, HTTP_503...) */
  code?: string;
}

export class OdooError extends Error {
  readonly kind: OdooErrorKind;
  readonly model?: string;
  readonly method?: string;
  readonly db?: string;
  /** host[:port] of the server */
  readonly host?: string;
  readonly httpStatus?: number;
  /** fully qualified Python exception name, e.g. `odoo.exceptions.ValidationError` */
  readonly odooName?: string;
  /** Odoo's traceback, redacted */
  readonly debug?: string;
  readonly retryable: boolean;
  override readonly cause?: unknown;

  constructor(kind: OdooErrorKind, message: string, init: OdooErrorInit = {}) {
    super(redactText(message));
    this.name = new.target.name;
    this.kind = kind;
    this.model = init.model;
    this.method = init.method;
    this.db = init.db;
    this.host = hostOf(init.url);
    this.httpStatus = init.httpStatus;
    this.odooName = init.odooName;
    this.debug = init.debug === undefined ? undefined : redactText(init.debug);
    this.retryable = init.retryable ?? false;
    if (init.cause !== undefined) this.cause = init.cause;
  }
}

/** AccessDenied: wrong login, password or API key; session expired. */
export class OdooAuthError extends OdooError {
  constructor(m: string, i: OdooErrorInit = {}) {
    super('auth', m, i);
  }
}
/** AccessError: the user lacks a right or a record rule hides the record. */
export class OdooAccessError extends OdooError {
  constructor(m: string, i: OdooErrorInit = {}) {
    super('access', m, i);
  }
}
/** ValidationError, constraint violations, values Odoo cannot store, invalid fields. */
export class OdooValidationError extends OdooError {
  constructor(m: string, i: OdooErrorInit = {}) {
    super('validation', m, i);
  }
}
/** UserError / RedirectWarning: a business rule refused the operation. */
export class OdooUserError extends OdooError {
  constructor(m: string, i: OdooErrorInit = {}) {
    super('user', m, i);
  }
}
/** MissingError: the record does not exist (any more). */
export class OdooMissingError extends OdooError {
  constructor(m: string, i: OdooErrorInit = {}) {
    super('missing', m, i);
  }
}
/** Serialisation failure, lock not available, deadlock: safe to try again later. */
export class OdooConcurrencyError extends OdooError {
  constructor(m: string, i: OdooErrorInit = {}) {
    super('concurrency', m, { ...i, retryable: i.retryable ?? true });
  }
}
/** Unknown model, method, route (HTTP 404) or database. */
export class OdooNotFoundError extends OdooError {
  constructor(m: string, i: OdooErrorInit = {}) {
    super('not_found', m, i);
  }
}
/** Connection refused, DNS failure, reset, or an HTTP error without an Odoo payload (proxy pages). */
export class OdooTransportError extends OdooError {
  readonly code?: string;
  constructor(m: string, i: OdooErrorInit = {}) {
    super('transport', m, i);
    this.code = i.code;
  }
}
/** No answer within the call's timeout. The call may still have run (and committed) in Odoo. */
export class OdooTimeoutError extends OdooError {
  constructor(m: string, i: OdooErrorInit = {}) {
    super('timeout', m, { ...i, retryable: i.retryable ?? true });
  }
}
/** Anything else Odoo raised (a bug, a TypeError from wrong arguments...). */
export class OdooServerError extends OdooError {
  constructor(m: string, i: OdooErrorInit = {}) {
    super('server', m, i);
  }
}

const CLASSES: Record<OdooErrorKind, new (m: string, i?: OdooErrorInit) => OdooError> = {
  auth: OdooAuthError,
  access: OdooAccessError,
  validation: OdooValidationError,
  user: OdooUserError,
  missing: OdooMissingError,
  concurrency: OdooConcurrencyError,
  not_found: OdooNotFoundError,
  transport: OdooTransportError,
  timeout: OdooTimeoutError,
  server: OdooServerError,
};

export function createOdooError(kind: OdooErrorKind, message: string, init: OdooErrorInit = {}): OdooError {
  return new CLASSES[kind](message, init);
}

export function isOdooError(e: unknown): e is OdooError {
  return e instanceof OdooError;
}

const CONCURRENCY_NAMES =
  /(SerializationFailure|LockNotAvailable|DeadlockDetected|TransactionRollbackError|ConcurrencyError)$/;
const CONCURRENCY_TEXT = /could not serialize access|could not obtain lock|deadlock detected/i;
const VALIDATION_NAMES =
  /^(psycopg2\.(errors\.\w*(Violation|Representation|OutOfRange|Truncation|InvalidDatetimeFormat)|IntegrityError|DataError)|builtins\.ValueError|werkzeug\.exceptions\.(BadRequest|UnprocessableEntity))$/;

/**
 * The kind of an Odoo exception, from its qualified name first, then its message where Odoo
 * raises a generic class for a specific case (unknown model is a UserError, unknown method an
 * AttributeError, unknown database a psycopg2 OperationalError or KeyError), then the HTTP status.
 */
export function classifyOdooError(name: string, message: string, ctx: OdooErrorContext = {}): OdooErrorKind {
  const short = name.slice(name.lastIndexOf('.') + 1);
  if (CONCURRENCY_NAMES.test(name) || CONCURRENCY_TEXT.test(message)) return 'concurrency';
  if (isUnknownDatabase(name, message, ctx.db)) return 'not_found';
  switch (short) {
    case 'AccessDenied':
    case 'SessionExpiredException':
    case 'Unauthorized':
      return 'auth';
    case 'AccessError':
    case 'Forbidden':
      return 'access';
    case 'MissingError':
      return 'missing';
    case 'ValidationError':
      return 'validation';
    case 'RedirectWarning':
      return 'user';
    case 'UserError':
      return /^Object \S+ doesn't exist/.test(message) ? 'not_found' : 'user';
    case 'NotFound':
      return 'not_found';
    case 'AttributeError':
      return /does not exist|has no attribute/.test(message) ? 'not_found' : 'server';
    case 'KeyError':
      return ctx.model && message.includes(ctx.model) ? 'not_found' : 'server';
  }
  if (VALIDATION_NAMES.test(name)) return 'validation';
  switch (ctx.httpStatus) {
    case 400:
      return 'validation';
    case 401:
      return 'auth';
    case 403:
      return 'access';
    case 404:
      return 'not_found';
    case 409:
      return 'concurrency';
    case 422:
      return 'user';
  }
  return 'server';
}

function isUnknownDatabase(name: string, message: string, db: string | undefined): boolean {
  if (/database "[^"]*" does not exist/.test(message)) return true;
  // Registry(db) on an unknown name raises KeyError('<db>') on some paths
  return name.endsWith('KeyError') && !!db && message.replace(/^['"]|['"]$/g, '') === db;
}

/**
 * Builds the error for an Odoo error payload: the JSON-RPC `error` object (its `data` is used),
 * or the bare `serialize_exception` dict that /json/2 returns.
 */
export function errorFromOdooPayload(
  payload: OdooErrorPayload | null | undefined,
  ctx: OdooErrorContext = {},
): OdooError {
  const data: OdooErrorPayload = payload?.data ?? payload ?? {};
  const name = typeof data.name === 'string' ? data.name : '';
  const rawMessage =
    typeof data.message === 'string' && data.message
      ? data.message
      : typeof data.arguments?.[0] === 'string'
        ? data.arguments[0]
        : (payload?.message ?? 'Odoo error');
  const httpStatus = ctx.httpStatus ?? (payload?.code === 404 ? 404 : undefined);
  const kind = classifyOdooError(name, rawMessage, { ...ctx, httpStatus });
  let message = rawMessage.trim();
  if (kind === 'not_found' && isUnknownDatabase(name, rawMessage, ctx.db)) {
    message = `database "${ctx.db ?? '?'}" does not exist on ${hostOf(ctx.url) ?? 'the Odoo server'} (${message})`;
  } else if (ctx.model && ctx.method) {
    message = `${ctx.model}.${ctx.method}: ${message}`;
  }
  return createOdooError(kind, message, {
    ...ctx,
    httpStatus,
    odooName: name || undefined,
    debug: data.debug,
    retryable: kind === 'concurrency',
  });
}

export function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
