/**
 * A thin, typed Odoo client: /jsonrpc (`object.execute_kw`, Odoo 8+) or Odoo 19's
 * /json/2/<model>/<method> with a bearer API key. No Odoo module needed. This module is the
 * client's face — connecting (version, protocol, login: login.ts) and the typed model calls
 * (search, read, create, write, load, fields_get…) — over a transport (transport.ts) that sends,
 * times out and retries by retry-policy.ts, and parsers (responses.ts) that turn answers into
 * results or typed errors.
 *
 * Retries are decided apart from execution (STYLE 8): only calls safe to repeat (read-only
 * methods, or `retryable: true`) are retried, on errors marked retryable (transport errors,
 * timeouts, HTTP 429/502/503/504, serialisation failures), with full-jitter exponential
 * backoff. A `create` that timed out may have committed in Odoo, so it is never repeated
 * unless the caller says so.
 */
import { silentLogger, type Logger } from '../log/logger.js';
import { registerSecret, redactText } from '../log/redact.js';
import { hostOf, OdooAuthError, OdooNotFoundError } from './errors.js';
import { executeKwArgs, json2Body, type Kwargs, type MethodCall } from './method-call.js';
import { authenticate, looksLikeApiKey, serverVersion, type OdooServerVersion } from './login.js';
import { parseJson2, parseJsonRpc } from './responses.js';
import { READ_ONLY_METHODS } from './retry-policy.js';
import { Transport, type Label, type OdooStats, type SendOptions } from './transport.js';

export type { OdooServerVersion } from './login.js';
export type { OdooStats } from './transport.js';

export type OdooProtocol = 'auto' | 'jsonrpc' | 'json2';

export interface OdooConnectionOptions {
  url: string;
  db: string;
  username: string;
  /** password, or API key (required for json2) */
  password: string;
  protocol?: OdooProtocol;
  /** per call (each attempt), default 60000 */
  timeoutMs?: number;
  /** extra attempts for safe calls, default 3 */
  retries?: number;
  /** first backoff ceiling, default 500 ms; tests use 1 */
  retryBaseDelayMs?: number;
  /** no single backoff exceeds this, default 10000 ms */
  retryMaxDelayMs?: number;
  logger?: Logger;
  /** merged into every call's context, e.g. {lang:'en_US', tz:'UTC'} */
  context?: Record<string, unknown>;
}

export interface OdooCallOptions {
  /** may the call be sent again after a transport error or timeout? default: read-only methods only */
  retryable?: boolean;
  timeoutMs?: number;
  context?: Record<string, unknown>;
  /** aborts the call (and its retries); the abort reason is thrown as is */
  signal?: AbortSignal;
}

export interface SearchOptions {
  limit?: number;
  offset?: number;
  order?: string;
  context?: Record<string, unknown>;
}

export interface OdooFieldInfo {
  type: string;
  string?: string;
  required?: boolean;
  readonly?: boolean;
  store?: boolean;
  relation?: string;
  selection?: [string | number, string][] | false;
  /** float fields: [precision, scale] when the field rounds (decimal precision) */
  digits?: [number, number] | false;
}

/** One entry of `load`'s `messages` (odoo/models.py `load`, `_convert_records`). */
export interface LoadMessage {
  type: 'error' | 'warning' | 'info';
  message: string;
  /** index of the record (row) in the data matrix */
  record?: number;
  rows?: { from: number; to: number };
  field?: string;
  field_name?: string;
  moreinfo?: unknown;
}

const FIELD_ATTRIBUTES = ['type', 'string', 'required', 'readonly', 'store', 'relation', 'selection', 'digits'];

interface ClientInit {
  opts: OdooConnectionOptions;
  transport: Transport;
  version: OdooServerVersion;
  uid: number;
  protocol: 'jsonrpc' | 'json2';
}

/** How often a load refused only for concurrent writers is sent (1 = no retry). */
const LOAD_CONFLICT_ATTEMPTS = 5;

/** PostgreSQL's words for a write that met another transaction's (serialization failure, deadlock, lock wait). */
const CONCURRENCY_MESSAGE = /could not serialize access|deadlock detected|could not obtain lock|concurrent update/i;

/** The load failed only because other transactions wrote the same rows. */
export function onlyConcurrencyErrors(messages: readonly LoadMessage[]): boolean {
  const errors = messages.filter((m) => m.type === 'error');
  return errors.length > 0 && errors.every((m) => CONCURRENCY_MESSAGE.test(m.message));
}

export class OdooClient {
  readonly version: OdooServerVersion;
  readonly uid: number;
  readonly db: string;
  readonly protocol: 'jsonrpc' | 'json2';
  readonly url: string;
  readonly #password: string;
  private readonly transport: Transport;
  private readonly timeoutMs: number;
  private readonly baseContext: Record<string, unknown>;
  private readonly fieldCache = new Map<string, Promise<Record<string, OdooFieldInfo>>>();

  private constructor(init: ClientInit) {
    this.version = init.version;
    this.uid = init.uid;
    this.db = init.opts.db;
    this.protocol = init.protocol;
    this.url = init.transport.url;
    this.#password = init.opts.password;
    this.transport = init.transport;
    this.timeoutMs = init.opts.timeoutMs ?? 60_000;
    this.baseContext = { ...init.opts.context };
  }

  get stats(): OdooStats {
    return this.transport.stats;
  }
  get logger(): Logger {
    return this.transport.logger;
  }

  static async probeVersion(
    url: string,
    opts: { timeoutMs?: number; logger?: Logger; retries?: number } = {},
  ): Promise<OdooServerVersion> {
    const t = new Transport(url.replace(/\/+$/, ''), undefined, opts.logger ?? silentLogger, {
      retries: opts.retries ?? 0,
      baseDelayMs: 500,
      maxDelayMs: 10_000,
    });
    return serverVersion(t, opts.timeoutMs ?? 60_000);
  }

  /**
   * Version probe, protocol choice, login. `auto` uses /json/2 when the server is 19+ and the
   * secret is an API key that /json/2 accepts, else /jsonrpc. Wrong credentials →
   * OdooAuthError; unknown database → OdooNotFoundError.
   */
  static async connect(opts: OdooConnectionOptions): Promise<OdooClient> {
    registerSecret(opts.password);
    const url = opts.url.replace(/\/+$/, '');
    const logger = opts.logger ?? silentLogger;
    const t = new Transport(url, opts.db, logger, {
      retries: opts.retries ?? 3,
      baseDelayMs: opts.retryBaseDelayMs ?? 500,
      maxDelayMs: opts.retryMaxDelayMs ?? 10_000,
    });
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const version = await serverVersion(t, timeoutMs);
    const wanted = opts.protocol ?? 'auto';
    if (wanted === 'json2' && version.major < 19) {
      throw new OdooNotFoundError(`/json/2 needs Odoo 19 or later; ${hostOf(url)} runs Odoo ${version.serverVersion}`, {
        url,
        db: opts.db,
      });
    }
    const make = (protocol: 'jsonrpc' | 'json2', uid: number) =>
      new OdooClient({ opts, transport: t, version, uid, protocol });
    if (wanted === 'json2' || (wanted === 'auto' && version.major >= 19 && looksLikeApiKey(opts.password))) {
      try {
        const probe = make('json2', 0);
        // The key alone says who calls (context_get names its user); the login must name that
        // same user, or every record would be written under another name than the one configured.
        const { uid } = await probe.callModel<{ uid?: number }>('res.users', 'context_get');
        const [owner] = uid ? await probe.read<{ login: string }>('res.users', [uid], ['login']) : [];
        if (!uid || owner?.login.toLowerCase() !== opts.username.toLowerCase())
          throw new OdooAuthError(
            `the API key was accepted but it is not the key of user "${opts.username}" on database "${opts.db}": give that user's own key`,
            { url, db: opts.db },
          );
        logger.debug({ uid, protocol: 'json2' }, 'odoo login');
        return make('json2', uid);
      } catch (err) {
        if (wanted === 'json2' || !(err instanceof OdooAuthError)) throw err;
      }
    }
    const uid = await authenticate(t, opts, timeoutMs);
    logger.debug({ uid, protocol: 'jsonrpc' }, 'odoo login');
    return make('jsonrpc', uid);
  }

  /** An `@api.model` method (search, create, get_param…), with Odoo's parameter names. */
  callModel<T = unknown>(model: string, method: string, kwargs: Kwargs = {}, opts: OdooCallOptions = {}): Promise<T> {
    return this.send<T>({ model, method, kwargs }, opts);
  }

  /** A method on records (write, action_confirm, a wizard's button…): the ids, then named arguments. */
  callRecords<T = unknown>(
    model: string,
    ids: readonly number[],
    method: string,
    kwargs: Kwargs = {},
    opts: OdooCallOptions = {},
  ): Promise<T> {
    return this.send<T>({ model, method, ids, kwargs }, opts);
  }

  private async send<T>(call: MethodCall, opts: OdooCallOptions): Promise<T> {
    const { model, method } = call;
    const context = { ...this.baseContext, ...opts.context };
    const send: SendOptions = {
      safe: opts.retryable ?? READ_ONLY_METHODS.has(method),
      timeoutMs: opts.timeoutMs ?? this.timeoutMs,
      signal: opts.signal,
    };
    const label: Label = { model, method };
    if (this.protocol === 'json2') {
      const headers = { Authorization: `bearer ${this.#password}`, 'X-Odoo-Database': this.db };
      const path = `/json/2/${encodeURIComponent(model)}/${encodeURIComponent(method)}`;
      return (await this.transport.send(path, json2Body(call, context), headers, label, send, parseJson2)) as T;
    }
    const { args, kwargs } = executeKwArgs(call, context);
    const body = {
      jsonrpc: '2.0',
      method: 'call',
      id: this.transport.rpcId(),
      params: {
        service: 'object',
        method: 'execute_kw',
        args: [this.db, this.uid, this.#password, model, method, args, kwargs],
      },
    };
    return (await this.transport.send('/jsonrpc', body, {}, label, send, parseJsonRpc)) as T;
  }

  search(model: string, domain: unknown[], opts: SearchOptions = {}): Promise<number[]> {
    const { context, ...page } = opts;
    return this.callModel<number[]>(model, 'search', { domain, ...defined(page) }, { context });
  }

  searchRead<T = Record<string, unknown>>(
    model: string,
    domain: unknown[],
    fields: string[],
    opts: SearchOptions = {},
  ): Promise<T[]> {
    const { context, ...page } = opts;
    return this.callModel<T[]>(model, 'search_read', { domain, fields, ...defined(page) }, { context });
  }

  read<T = Record<string, unknown>>(
    model: string,
    ids: number[],
    fields: string[],
    opts: OdooCallOptions = {},
  ): Promise<T[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.callRecords<T[]>(model, ids, 'read', { fields }, opts);
  }

  searchCount(model: string, domain: unknown[], opts: OdooCallOptions = {}): Promise<number> {
    return this.callModel<number>(model, 'search_count', { domain }, opts);
  }

  /** One `create` call for the whole list; ids in input order. */
  async create(model: string, values: Record<string, unknown>[], opts: OdooCallOptions = {}): Promise<number[]> {
    if (values.length === 0) return [];
    const res = await this.callModel<number[] | number>(model, 'create', { vals_list: values }, opts);
    return Array.isArray(res) ? res : [res];
  }

  write(model: string, ids: number[], values: Record<string, unknown>, opts: OdooCallOptions = {}): Promise<boolean> {
    if (ids.length === 0) return Promise.resolve(true);
    return this.callRecords<boolean>(model, ids, 'write', { vals: values }, opts);
  }

  unlink(model: string, ids: number[], opts: OdooCallOptions = {}): Promise<boolean> {
    if (ids.length === 0) return Promise.resolve(true);
    return this.callRecords<boolean>(model, ids, 'unlink', {}, opts);
  }

  /**
   * Odoo's import: all rows or none (`ids: false` and error messages). `load` turns the
   * database's concurrency errors into messages (each row runs in a savepoint), so Odoo's own
   * retry of such errors never sees them: a load refused only for that — another importer
   * wrote the same rows at the same moment, e.g. two parts of a split import — wrote nothing
   * and is sent again, after a short random pause, a few times.
   */
  async load(
    model: string,
    fields: string[],
    rows: (string | number | boolean | null)[][],
    opts: OdooCallOptions = {},
  ): Promise<{ ids: number[] | false; messages: LoadMessage[] }> {
    for (let attempt = 1; ; attempt++) {
      const res = await this.callModel<{ ids: number[] | false; messages: LoadMessage[] }>(
        model,
        'load',
        { fields, data: rows },
        opts,
      );
      if (res.ids !== false || attempt >= LOAD_CONFLICT_ATTEMPTS || !onlyConcurrencyErrors(res.messages)) return res;
      await new Promise((r) => setTimeout(r, 100 * attempt + Math.random() * 300 * attempt));
    }
  }

  /** `fields_get` with the attributes the importers use, cached per model for the client's life. */
  fieldsGet(model: string): Promise<Record<string, OdooFieldInfo>> {
    let p = this.fieldCache.get(model);
    if (!p) {
      p = this.callModel<Record<string, OdooFieldInfo>>(model, 'fields_get', { attributes: FIELD_ATTRIBUTES });
      p.catch(() => this.fieldCache.delete(model));
      this.fieldCache.set(model, p);
    }
    return p;
  }

  async hasField(model: string, field: string): Promise<boolean> {
    return Object.hasOwn(await this.fieldsGet(model), field);
  }

  /** Is the model installed? (one search_count on ir.model) */
  async hasModel(model: string): Promise<boolean> {
    return (await this.searchCount('ir.model', [['model', '=', model]])) > 0;
  }

  /** Forget cached `fields_get` answers (after installing modules or adding fields). */
  clearFieldCache(model?: string): void {
    if (model) this.fieldCache.delete(model);
    else this.fieldCache.clear();
  }

  toString(): string {
    return redactText(`OdooClient(${this.url}, db=${this.db}, uid=${this.uid}, ${this.protocol})`);
  }
}

function defined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
