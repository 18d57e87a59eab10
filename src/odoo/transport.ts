/**
 * Sends one Odoo request over Node's fetch and answers with its raw status and body: a timeout
 * per attempt, the caller's AbortSignal, network failures turned into typed errors, retries by
 * retry-policy.ts, and counts of every call for the stats. It knows nothing of /jsonrpc or
 * /json/2: the caller builds the body and passes the parser of the answer (responses.ts). The
 * body is serialised once per call, so a retry sends exactly the same bytes and never sees (or
 * makes) changes to the caller's arguments.
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from '../log/logger.js';
import { hostOf, type OdooError, type OdooErrorContext, OdooTimeoutError, OdooTransportError } from './errors.js';
import { type OdooRetryPolicy, PERMANENT_NET_CODES, retryDelay, shouldRetry } from './retry-policy.js';

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

/** An answer as it came: the parsers decide what it means. */
export interface Raw {
  status: number;
  text: string;
  json: unknown;
}
/** What a request is, for logs, stats and error messages. */
export interface Label {
  model?: string;
  method: string;
  service?: string;
}
export interface SendOptions {
  /** may be sent again after a retryable error */
  safe: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
}
export type ParseAnswer = (raw: Raw, ctx: OdooErrorContext) => unknown;

export class Transport {
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
    parse: ParseAnswer,
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
