/**
 * Errors of the BigCommerce client, decided at the edge: the scheduler turns a final HTTP
 * status, a network failure or a timeout into one of these classes, so importers branch on
 * the class (retry later, skip the record, stop the run) and never on message text.
 *
 * Every message passes through `redactText` when the error is built, so a token that a
 * server echoed back (or that slipped into a URL) is gone before any logger sees it.
 */
import { redactText, redactValue } from '../log/redact.js';

/** BigCommerce's error body, normalised from v3 (`{status,title,type,detail,errors}`) and v2 (`[{status,message}]`). */
export interface BcErrorBody {
  readonly status?: number;
  readonly title?: string;
  readonly type?: string;
  readonly detail?: string;
  readonly errors?: unknown;
}

export interface BigCommerceErrorInit {
  readonly method: string;
  /** path (and query) below the base URL; never carries the token, which travels in a header */
  readonly path: string;
  readonly status?: number;
  readonly body?: BcErrorBody;
  /** how many attempts were made before giving up */
  readonly attempts?: number;
  /** a write that is not idempotent may or may not have been carried out (see BigCommerceError.outcomeUnknown) */
  readonly outcomeUnknown?: boolean;
  readonly cause?: unknown;
}

export class BigCommerceError extends Error {
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly body: BcErrorBody | undefined;
  readonly attempts: number;
  /**
   * True when a write that is not idempotent (a shipment POST, a relative adjustment) ended
   * without an answer saying whether it was carried out — a timeout, a dropped connection, a
   * 5xx — and so was not repeated: the caller reads the store (the order's shipments, the stock)
   * before it sends the write again.
   */
  readonly outcomeUnknown: boolean;

  constructor(message: string, init: BigCommerceErrorInit) {
    const unknown = init.outcomeUnknown === true ? ' (the write may have been carried out; it was not repeated)' : '';
    super(redactText(message + unknown), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.method = init.method;
    this.path = redactText(init.path);
    this.status = init.status;
    this.body = init.body === undefined ? undefined : redactValue(init.body);
    this.attempts = init.attempts ?? 1;
    this.outcomeUnknown = init.outcomeUnknown === true;
  }
}

/** 401/403: the token is wrong or lacks a scope. Retrying cannot help. */
export class BigCommerceAuthError extends BigCommerceError {}

/** 404: the record or endpoint does not exist (any more). */
export class BigCommerceNotFoundError extends BigCommerceError {}

/** 400/422 (and other 4xx that are not auth, 404 or 429): the request itself is wrong. */
export class BigCommerceValidationError extends BigCommerceError {}

/** 429 that outlived the rate-limit retry cap. */
export class BigCommerceRateLimitError extends BigCommerceError {}

/** 5xx after the retry cap (or at once for 501/505, which never heal by retrying). */
export class BigCommerceServerError extends BigCommerceError {}

export interface NetworkErrorInit extends BigCommerceErrorInit {
  readonly host: string;
  /** ECONNREFUSED, ENOTFOUND, ECONNRESET, UND_ERR_SOCKET, …; undefined when the runtime gave none */
  readonly code: string | undefined;
}

/**
 * The request never got an HTTP answer. Carries the host and the system error code, because
 * "ENOTFOUND api.bigcomerce.com" and "401 bad token" need very different fixes.
 */
export class BigCommerceNetworkError extends BigCommerceError {
  readonly host: string;
  readonly code: string | undefined;
  constructor(message: string, init: NetworkErrorInit) {
    super(message, init);
    this.host = init.host;
    this.code = init.code;
  }
}

export class BigCommerceTimeoutError extends BigCommerceError {
  readonly timeoutMs: number;
  constructor(message: string, init: BigCommerceErrorInit & { readonly timeoutMs: number }) {
    super(message, init);
    this.timeoutMs = init.timeoutMs;
  }
}

/**
 * A batched write (inventory adjustments cut at the batch limit) stopped at one batch after
 * earlier ones were written: `itemsWritten` items went through; `cause` is the batch's error
 * (its class and `outcomeUnknown` say whether that batch may have been written too).
 */
export class BigCommercePartialWriteError extends BigCommerceError {
  readonly itemsWritten: number;
  constructor(cause: BigCommerceError, itemsWritten: number) {
    super(`${cause.message} — after ${itemsWritten} items of earlier batches were written`, {
      method: cause.method,
      path: cause.path,
      status: cause.status,
      body: cause.body,
      attempts: cause.attempts,
      outcomeUnknown: cause.outcomeUnknown,
      cause,
    });
    this.itemsWritten = itemsWritten;
  }
}

/** The response was 2xx but not the JSON shape the endpoint documents (e.g. HTML from a proxy). */
export class BigCommerceResponseError extends BigCommerceError {}

export interface RecordIssue {
  /** dotted path inside the record, e.g. `consignments.shipping.0.line_items.2.price_ex_tax` */
  readonly path: string;
  readonly message: string;
}

/**
 * One record of a page failed its schema. It is handed to the caller next to the valid
 * records of the same page (never thrown out of a page walk) so the run continues and the
 * record is accounted for. Values are not copied into the message: they may be personal data.
 */
export class InvalidRecordError extends BigCommerceError {
  readonly resource: string;
  readonly recordId: string | number | undefined;
  readonly issues: readonly RecordIssue[];

  constructor(
    init: BigCommerceErrorInit & {
      readonly resource: string;
      readonly recordId: string | number | undefined;
      readonly issues: readonly RecordIssue[];
    },
  ) {
    const what = init.recordId === undefined ? `a ${init.resource} record` : `${init.resource} record ${init.recordId}`;
    const list = init.issues
      .slice(0, 5)
      .map((i) => `${i.path || '(record)'}: ${i.message}`)
      .join('; ');
    const more = init.issues.length > 5 ? ` (+${init.issues.length - 5} more)` : '';
    super(`invalid ${what} from ${init.method} ${init.path}: ${list}${more}`, { ...init, status: init.status ?? 200 });
    this.resource = init.resource;
    this.recordId = init.recordId;
    this.issues = init.issues;
  }
}

/** Reads BigCommerce's error body in either API version; anything else is kept as `detail`. */
export function parseErrorBody(body: unknown): BcErrorBody | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  if (Array.isArray(body)) {
    // v2: [{ "status": 404, "message": "The requested resource was not found." }, …]
    const first = body[0] as Record<string, unknown> | undefined;
    if (first && typeof first === 'object') {
      return {
        status: typeof first.status === 'number' ? first.status : undefined,
        title: typeof first.message === 'string' ? first.message : undefined,
        errors: body.length > 1 ? body : undefined,
      };
    }
    return { errors: body };
  }
  if (typeof body === 'object') {
    const b = body as Record<string, unknown>;
    return {
      status: typeof b.status === 'number' ? b.status : undefined,
      title: typeof b.title === 'string' ? b.title : typeof b.message === 'string' ? b.message : undefined,
      type: typeof b.type === 'string' ? b.type : undefined,
      detail: typeof b.detail === 'string' ? b.detail : undefined,
      errors: b.errors,
    };
  }
  return { detail: String(body).slice(0, 500) };
}

function describeBody(body: BcErrorBody | undefined): string {
  if (!body) return '';
  const parts = [body.title, body.detail].filter((p): p is string => typeof p === 'string' && p.length > 0);
  if (body.errors && typeof body.errors === 'object' && !Array.isArray(body.errors)) {
    const fields = Object.entries(body.errors as Record<string, unknown>)
      .slice(0, 5)
      .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
    if (fields.length > 0) parts.push(fields.join('; '));
  }
  return parts.length > 0 ? `: ${parts.join(' — ')}` : '';
}

/** Picks the class for a final non-2xx response. */
export function errorFromResponse(init: {
  method: string;
  path: string;
  status: number;
  body: unknown;
  attempts?: number;
  outcomeUnknown?: boolean;
}): BigCommerceError {
  const body = parseErrorBody(init.body);
  const base: BigCommerceErrorInit = {
    method: init.method,
    path: init.path,
    status: init.status,
    body,
    attempts: init.attempts,
    outcomeUnknown: init.outcomeUnknown,
  };
  const head = `BigCommerce ${init.method} ${init.path} failed with ${init.status}`;
  const tail = describeBody(body);
  const s = init.status;
  if (s === 401 || s === 403) {
    const hint = s === 401 ? ' (access token rejected)' : ' (token lacks the scope for this resource)';
    return new BigCommerceAuthError(`${head}${hint}${tail}`, base);
  }
  if (s === 404) return new BigCommerceNotFoundError(`${head}${tail}`, base);
  if (s === 429) {
    return new BigCommerceRateLimitError(`${head} after ${init.attempts ?? 1} attempts (rate limited)${tail}`, base);
  }
  if (s >= 500) {
    const after = (init.attempts ?? 1) > 1 ? ` after ${init.attempts} attempts` : '';
    return new BigCommerceServerError(`${head}${after}${tail}`, base);
  }
  return new BigCommerceValidationError(`${head}${tail}`, base);
}
