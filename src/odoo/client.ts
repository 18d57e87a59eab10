/**
 * A thin, typed Odoo client over Node's fetch: /jsonrpc (`object.execute_kw`, Odoo 8+) or
 * Odoo 19's /json/2/<model>/<method> with a bearer API key. No Odoo module needed.
 *
 * Retries are decided apart from execution (STYLE 8): only calls safe to repeat (read-only
 * methods, or `retryable: true`) are retried, on errors marked retryable (transport errors,
 * timeouts, HTTP 429/502/503/504, serialisation failures), with full-jitter exponential
 * backoff. A `create` that timed out may have committed in Odoo, so it is never repeated
 * unless the caller says so. The request body is serialised once per call, so a retry sends
 * exactly the same bytes and never sees (or makes) changes to the caller's arguments.
 */
import { performance } from 'node:perf_hooks';
import { silentLogger, type Logger } from '../log/logger.js';
import { registerSecret, redactText } from '../log/redact.js';
import {
  OdooAuthError,
  OdooError,
  OdooNotFoundError,
  OdooTimeoutError,
  OdooTransportError,
  createOdooError,
  errorFromOdooPayload,
  hostOf,
  type OdooErrorContext,
  type OdooErrorPayload,
} from './errors.js';
import { JSON2_SIGNATURES, json2Body, type Json2Signature } from './json2.js';

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
  /** extra /json/2 positional-argument names, by method */
  json2Signatures?: Record<string, Json2Signature>;
}

export interface OdooServerVersion {
  serverVersion: string;
  major: number;
  minor: number;
  saas: boolean;
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

export interface OdooStats {
  /** HTTP requests sent, retries and authenticate/version included */
  calls: number;
  /** of which repeated attempts */
  retries: number;
  /** by method name: `search_read`, `create`, `authenticate`, `version`... */
  byMethod: Record<string, number>;
  /** by `model.method` (`common.authenticate` for services) */
  byModelMethod: Record<string, number>;
}

/** Methods that change nothing: retried by default. */
export const READ_ONLY_METHODS: ReadonlySet<string> = new Set([
  'search',
  'search_read',
  'read',
  'search_count',
  'fields_get',
  'name_search',
  'read_group',
  'default_get',
  'check_access_rights',
  'has_group',
  'has_access',
  'check_access',
  'exists',
  'context_get',
  'search_fetch',
  'web_search_read',
  'web_read',
  'formatted_read_group',
  'authenticate',
  'version',
]);

const FIELD_ATTRIBUTES = ['type', 'string', 'required', 'readonly', 'store', 'relation', 'selection', 'digits'];

// ---- retry policy: data and pure functions --------------------------------------------------

export interface OdooRetryPolicy {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Full jitter: uniform in [0, min(max, base·2^(attempt-1))]; `attempt` is 1 for the first retry. */
export function retryDelay(attempt: number, p: OdooRetryPolicy, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** Math.max(0, attempt - 1)));
}

/** Retry after failed attempt number `attempt` (1-based)? */
export function shouldRetry(err: unknown, attempt: number, safe: boolean, p: OdooRetryPolicy): boolean {
  return safe && err instanceof OdooError && err.retryable && attempt <= p.retries;
}

// ---- transport ------------------------------------------------------------------------------

interface Raw {
  status: number;
  text: string;
  json: unknown;
}
interface Label {
  model?: string;
  method: string;
  service?: string;
}
interface SendOptions {
  safe: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const PERMANENT_NET_CODES = /^(ENOTFOUND|ERR_INVALID_URL|CERT_|ERR_TLS|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_VERIFY)/;

class Transport {
  readonly stats: OdooStats = { calls: 0, retries: 0, byMethod: {}, byModelMethod: {} };
  private nextId = 1;

  constructor(
    readonly url: string,
    readonly db: string | undefined,
    readonly logger: Logger,
    readonly policy: OdooRetryPolicy,
  ) {}

  rpcId(): number {
    return this.nextId++;
  }

  async send(
    path: string,
    body: unknown,
    headers: Record<string, string>,
    label: Label,
    opts: SendOptions,
    parse: (raw: Raw, ctx: OdooErrorContext) => unknown,
  ): Promise<unknown> {
    const payload = JSON.stringify(body);
    const ctx: OdooErrorContext = {
      model: label.model ?? label.service,
      method: label.method,
      db: this.db,
      url: this.url,
    };
    for (let attempt = 1; ; attempt++) {
      this.count(label);
      const t0 = performance.now();
      try {
        const raw = await this.fetchOnce(path, payload, headers, ctx, opts);
        const result = parse(raw, { ...ctx, httpStatus: raw.status });
        this.logger.debug(
          { model: ctx.model, method: label.method, ms: Math.round(performance.now() - t0), attempt },
          'odoo call',
        );
        return result;
      } catch (err) {
        const ms = Math.round(performance.now() - t0);
        const retry = shouldRetry(err, attempt, opts.safe, this.policy);
        this.logger.debug(
          { model: ctx.model, method: label.method, ms, attempt, kind: (err as OdooError).kind, retry },
          'odoo call failed',
        );
        if (!retry) throw err;
        this.stats.retries++;
        await sleep(retryDelay(attempt, this.policy), opts.signal);
      }
    }
  }

  private count(l: Label): void {
    this.stats.calls++;
    this.stats.byMethod[l.method] = (this.stats.byMethod[l.method] ?? 0) + 1;
    const key = `${l.model ?? l.service ?? ''}.${l.method}`;
    this.stats.byModelMethod[key] = (this.stats.byModelMethod[key] ?? 0) + 1;
  }

  private async fetchOnce(
    path: string,
    payload: string,
    headers: Record<string, string>,
    ctx: OdooErrorContext,
    opts: SendOptions,
  ): Promise<Raw> {
    opts.signal?.throwIfAborted();
    const ac = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ac.abort();
    }, opts.timeoutMs);
    const onAbort = () => ac.abort(opts.signal?.reason);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const what = `${ctx.model ? `${ctx.model}.` : ''}${ctx.method}`;
    try {
      const res = await fetch(this.url + path, {
        method: 'POST',
        body: payload,
        signal: ac.signal,
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'User-Agent': 'bc-odoo',
          ...headers,
        },
      });
      const text = await res.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: res.status, text, json };
    } catch (err) {
      if (timedOut)
        throw new OdooTimeoutError(`${what}: no answer from ${hostOf(this.url)} within ${opts.timeoutMs} ms`, {
          ...ctx,
          cause: err,
        });
      if (opts.signal?.aborted) throw opts.signal.reason;
      const code = netCode(err);
      throw new OdooTransportError(`${what}: cannot reach Odoo at ${hostOf(this.url)} (${code})`, {
        ...ctx,
        code,
        cause: err,
        retryable: !PERMANENT_NET_CODES.test(code),
      });
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }
}

function netCode(err: unknown): string {
  const e = err as {
    code?: unknown;
    message?: unknown;
    cause?: { code?: unknown; message?: unknown; errors?: { code?: unknown }[] };
  };
  const c = e?.cause?.code ?? e?.cause?.errors?.[0]?.code ?? e?.code ?? e?.cause?.message ?? e?.message;
  return typeof c === 'string' && c ? c : 'network error';
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** An HTTP status other than the expected one: Odoo's JSON error if there is one, else by status. */
function httpError(raw: Raw, ctx: OdooErrorContext): OdooError {
  const j = raw.json as (OdooErrorPayload & { error?: OdooErrorPayload }) | undefined;
  if (j && typeof j === 'object' && (j.error || typeof j.name === 'string'))
    return errorFromOdooPayload(j.error ?? j, ctx);
  const what = `${ctx.model ? `${ctx.model}.` : ''}${ctx.method ?? ''}`;
  const snippet = raw.text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
  const msg = `${what}: HTTP ${raw.status} from ${hostOf(ctx.url)}${snippet ? `: ${snippet}` : ''}`;
  if (raw.status === 404) return new OdooNotFoundError(msg, ctx);
  if (raw.status === 401) return new OdooAuthError(msg, ctx);
  if (raw.status === 403) return createOdooError('access', msg, ctx);
  return new OdooTransportError(msg, {
    ...ctx,
    code: `HTTP_${raw.status}`,
    retryable: RETRYABLE_STATUS.has(raw.status),
  });
}

function parseJsonRpc(raw: Raw, ctx: OdooErrorContext): unknown {
  if (raw.status !== 200) throw httpError(raw, ctx);
  const j = raw.json as { result?: unknown; error?: OdooErrorPayload } | undefined;
  if (!j || typeof j !== 'object') {
    throw new OdooTransportError(`${ctx.method}: answer from ${hostOf(ctx.url)} is not JSON-RPC`, {
      ...ctx,
      code: 'BAD_RESPONSE',
    });
  }
  if (j.error) throw errorFromOdooPayload(j.error, ctx);
  return j.result;
}

function parseJson2(raw: Raw, ctx: OdooErrorContext): unknown {
  if (raw.status !== 200) throw httpError(raw, ctx);
  return raw.json ?? null;
}

function parseVersion(info: unknown): OdooServerVersion {
  const v = info as { server_version?: string; server_version_info?: unknown[]; server_serie?: string } | undefined;
  const first = v?.server_version_info?.[0];
  const major =
    typeof first === 'number' ? first : parseInt(String(first ?? v?.server_version ?? '').replace(/^saas~/, ''), 10);
  const minor = Number(v?.server_version_info?.[1] ?? 0) || 0;
  const serverVersion = String(v?.server_version ?? `${major}.${minor}`);
  if (!Number.isFinite(major))
    throw new OdooTransportError(`unrecognised Odoo version answer`, { code: 'BAD_RESPONSE' });
  return {
    serverVersion,
    major,
    minor,
    saas: /saas/.test(`${serverVersion} ${v?.server_serie ?? ''} ${String(first)}`),
  };
}

/** Odoo API keys are 160 random bits in hex (res.users.apikeys `_generate`). */
export function looksLikeApiKey(secret: string): boolean {
  return /^[0-9a-f]{40}$/i.test(secret);
}

async function versionVia(t: Transport, timeoutMs: number): Promise<OdooServerVersion> {
  const opts: SendOptions = { safe: true, timeoutMs };
  const body = (params: unknown) => ({ jsonrpc: '2.0', method: 'call', id: t.rpcId(), params });
  try {
    return parseVersion(
      await t.send(
        '/web/webclient/version_info',
        body({}),
        {},
        { service: 'web', method: 'version' },
        opts,
        parseJsonRpc,
      ),
    );
  } catch (err) {
    if (!(err instanceof OdooNotFoundError)) throw err;
    const info = await t.send(
      '/jsonrpc',
      body({ service: 'common', method: 'version', args: [] }),
      {},
      { service: 'common', method: 'version' },
      opts,
      parseJsonRpc,
    );
    return parseVersion(info);
  }
}

// ---- client ---------------------------------------------------------------------------------

interface ClientInit {
  opts: OdooConnectionOptions;
  transport: Transport;
  version: OdooServerVersion;
  uid: number;
  protocol: 'jsonrpc' | 'json2';
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
  private readonly signatures: Record<string, Json2Signature>;
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
    this.signatures = { ...JSON2_SIGNATURES, ...init.opts.json2Signatures };
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
    return versionVia(t, opts.timeoutMs ?? 60_000);
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
    const version = await versionVia(t, timeoutMs);
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
        const ids = await probe.call<number[]>('res.users', 'search', [[['login', '=', opts.username]]], { limit: 1 });
        if (!ids[0])
          throw new OdooAuthError(
            `the API key was accepted but no user has login "${opts.username}" on database "${opts.db}"`,
            { url, db: opts.db },
          );
        logger.debug({ uid: ids[0], protocol: 'json2' }, 'odoo login');
        return make('json2', ids[0]);
      } catch (err) {
        if (wanted === 'json2' || !(err instanceof OdooAuthError)) throw err;
      }
    }
    const uid = await t.send(
      '/jsonrpc',
      {
        jsonrpc: '2.0',
        method: 'call',
        id: t.rpcId(),
        params: { service: 'common', method: 'authenticate', args: [opts.db, opts.username, opts.password, {}] },
      },
      {},
      { service: 'common', method: 'authenticate' },
      { safe: true, timeoutMs },
      parseJsonRpc,
    );
    if (typeof uid !== 'number' || !uid) {
      throw new OdooAuthError(`login refused for user "${opts.username}" on database "${opts.db}" at ${hostOf(url)}`, {
        url,
        db: opts.db,
        method: 'authenticate',
      });
    }
    logger.debug({ uid, protocol: 'jsonrpc' }, 'odoo login');
    return make('jsonrpc', uid);
  }

  /** execute_kw-style call: `args` positional (ids first for record methods), `kwargs` named. */
  async call<T = unknown>(
    model: string,
    method: string,
    args: unknown[] = [],
    kwargs: Record<string, unknown> = {},
    opts: OdooCallOptions = {},
  ): Promise<T> {
    const kwCtx =
      kwargs.context && typeof kwargs.context === 'object' ? (kwargs.context as Record<string, unknown>) : {};
    const context = { ...this.baseContext, ...kwCtx, ...opts.context };
    const send: SendOptions = {
      safe: opts.retryable ?? READ_ONLY_METHODS.has(method),
      timeoutMs: opts.timeoutMs ?? this.timeoutMs,
      signal: opts.signal,
    };
    const label: Label = { model, method };
    if (this.protocol === 'json2') {
      const { context: _ignored, ...named } = kwargs;
      const body = { ...json2Body(model, method, args, named, this.signatures), context };
      const headers = { Authorization: `bearer ${this.#password}`, 'X-Odoo-Database': this.db };
      const path = `/json/2/${encodeURIComponent(model)}/${encodeURIComponent(method)}`;
      return (await this.transport.send(path, body, headers, label, send, parseJson2)) as T;
    }
    const body = {
      jsonrpc: '2.0',
      method: 'call',
      id: this.transport.rpcId(),
      params: {
        service: 'object',
        method: 'execute_kw',
        args: [this.db, this.uid, this.#password, model, method, args, { ...kwargs, context }],
      },
    };
    return (await this.transport.send('/jsonrpc', body, {}, label, send, parseJsonRpc)) as T;
  }

  search(model: string, domain: unknown[], opts: SearchOptions = {}): Promise<number[]> {
    const { context, ...page } = opts;
    return this.call<number[]>(model, 'search', [domain], defined(page), { context });
  }

  searchRead<T = Record<string, unknown>>(
    model: string,
    domain: unknown[],
    fields: string[],
    opts: SearchOptions = {},
  ): Promise<T[]> {
    const { context, ...page } = opts;
    return this.call<T[]>(model, 'search_read', [domain], { fields, ...defined(page) }, { context });
  }

  read<T = Record<string, unknown>>(
    model: string,
    ids: number[],
    fields: string[],
    opts: OdooCallOptions = {},
  ): Promise<T[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.call<T[]>(model, 'read', [ids], { fields }, opts);
  }

  searchCount(model: string, domain: unknown[], opts: OdooCallOptions = {}): Promise<number> {
    return this.call<number>(model, 'search_count', [domain], {}, opts);
  }

  /** One `create` call for the whole list; ids in input order. */
  async create(model: string, values: Record<string, unknown>[], opts: OdooCallOptions = {}): Promise<number[]> {
    if (values.length === 0) return [];
    const res = await this.call<number[] | number>(model, 'create', [values], {}, opts);
    return Array.isArray(res) ? res : [res];
  }

  write(model: string, ids: number[], values: Record<string, unknown>, opts: OdooCallOptions = {}): Promise<boolean> {
    if (ids.length === 0) return Promise.resolve(true);
    return this.call<boolean>(model, 'write', [ids, values], {}, opts);
  }

  unlink(model: string, ids: number[], opts: OdooCallOptions = {}): Promise<boolean> {
    if (ids.length === 0) return Promise.resolve(true);
    return this.call<boolean>(model, 'unlink', [ids], {}, opts);
  }

  /** Odoo's import: all rows or none (`ids: false` and error messages). */
  load(
    model: string,
    fields: string[],
    rows: (string | number | boolean | null)[][],
    opts: OdooCallOptions = {},
  ): Promise<{ ids: number[] | false; messages: LoadMessage[] }> {
    return this.call(model, 'load', [fields, rows], {}, opts);
  }

  /** `fields_get` with the attributes the importers use, cached per model for the client's life. */
  fieldsGet(model: string): Promise<Record<string, OdooFieldInfo>> {
    let p = this.fieldCache.get(model);
    if (!p) {
      p = this.call<Record<string, OdooFieldInfo>>(model, 'fields_get', [], { attributes: FIELD_ATTRIBUTES });
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
