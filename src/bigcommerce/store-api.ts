/**
 * One store's API as the resource methods see it: authenticated requests through the store's
 * RequestScheduler (quota, retries, typed errors), and the validated reads built on them —
 * lazily paged lists of a resource-table entry (whole, or per chunk of ids) and single
 * objects. It knows no resource by name: the client (client.ts) is the resource methods.
 */
import type { z } from 'zod';
import { silentLogger, type Logger } from '../log/logger.js';
import { registerSecret } from '../log/redact.js';
import { BigCommerceResponseError } from './errors.js';
import { buildQuery, fetchTransport, type HttpMethod, type HttpResponse, type Query, type Transport } from './http.js';
import { chunk, invalidRecord, Paged, validatedPages, type PageRequest } from './paging.js';
import {
  RESOURCES,
  resourcePath,
  WRITES,
  writePath,
  type ApiVersion,
  type ResourceName,
  type WriteName,
} from './resources.js';
import { RequestScheduler, type SchedulerOptions, type SchedulerRegistry } from './scheduler.js';

export const DEFAULT_BASE_URL = 'https://api.bigcommerce.com';

export interface BigCommerceClientOptions {
  readonly storeHash: string;
  readonly accessToken: string;
  /** default https://api.bigcommerce.com; the client appends /stores/<hash>/v2|v3 */
  readonly baseUrl?: string;
  /** the store's scheduler; takes precedence over `registry` */
  readonly scheduler?: RequestScheduler;
  /** where to get the store's scheduler, so every client of a store shares one quota budget */
  readonly registry?: SchedulerRegistry;
  /** used only when the client creates the scheduler (its own, or the registry's first for this store) */
  readonly schedulerOptions?: SchedulerOptions;
  /** shorthands for the same schedulerOptions fields (they win over them) */
  readonly timeoutMs?: number;
  readonly concurrency?: number;
  readonly headroom?: number;
  readonly transport?: Transport;
  readonly logger?: Logger;
  /** ids per `:in` filter request (default 100, about 1 KB of URL) */
  readonly idChunkSize?: number;
  /** aborts every request of this client (shutdown) */
  readonly signal?: AbortSignal;
}

export class StoreApi {
  readonly storeHash: string;
  readonly scheduler: RequestScheduler;
  /** ids per `:in` filter request */
  readonly idChunkSize: number;
  private readonly accessToken: string;
  private readonly baseUrl: string;
  private readonly host: string;
  private readonly transport: Transport;
  private readonly logger: Logger;
  private readonly signal: AbortSignal | undefined;

  constructor(opts: BigCommerceClientOptions) {
    if (!/^[A-Za-z0-9_-]+$/.test(opts.storeHash)) throw new Error('storeHash must be a BigCommerce store hash');
    if (!opts.accessToken) throw new Error('accessToken is required');
    // Registered before anything can fail, so no error or log line built later can carry it.
    registerSecret(opts.accessToken);
    this.storeHash = opts.storeHash;
    this.accessToken = opts.accessToken;
    this.baseUrl = (opts.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.host = new URL(this.baseUrl).host;
    this.logger = opts.logger ?? silentLogger;
    const schedulerOptions: SchedulerOptions = {
      logger: this.logger,
      ...opts.schedulerOptions,
      ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
      ...(opts.concurrency === undefined ? {} : { concurrency: opts.concurrency }),
      ...(opts.headroom === undefined ? {} : { headroom: opts.headroom }),
      storeHash: opts.storeHash,
    };
    this.scheduler =
      opts.scheduler ?? opts.registry?.get(opts.storeHash, schedulerOptions) ?? new RequestScheduler(schedulerOptions);
    this.transport = opts.transport ?? fetchTransport();
    this.idChunkSize = opts.idChunkSize ?? 100;
    this.signal = opts.signal;
  }

  /** One request through the scheduler; resolves with the 2xx response or rejects with a typed error. */
  async request(
    method: HttpMethod,
    api: ApiVersion,
    path: string,
    init: { query?: Query; body?: unknown; idempotent?: boolean } = {},
  ): Promise<HttpResponse> {
    const rel = `/stores/${this.storeHash}/${api}${path}${buildQuery(init.query)}`;
    const headers: Record<string, string> = {
      'X-Auth-Token': this.accessToken,
      Accept: 'application/json',
    };
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    const req = { method, url: `${this.baseUrl}${rel}`, path: rel, headers, body: init.body };
    const info = { method, path: rel, host: this.host };
    return this.scheduler.execute(
      init.idempotent === undefined ? info : { ...info, idempotent: init.idempotent },
      (signal) => this.transport(req, signal),
      this.signal,
    );
  }

  /** Fetches raw pages of a table resource; for walks `list` does not cover (orders enrich each page). */
  pageRequest(name: ResourceName, params: Record<string, string | number> = {}): PageRequest {
    const spec = RESOURCES[name];
    const path = resourcePath(name, params);
    return async (query) => {
      const res = await this.request('GET', spec.api, path, { query });
      return {
        status: res.status,
        body: res.body,
        method: 'GET',
        path: `/stores/${this.storeHash}/${spec.api}${path}${buildQuery(query)}`,
      };
    };
  }

  /** A validated, lazily paged list of a table resource, at the resource's max limit. */
  list<S extends z.ZodType>(
    name: ResourceName,
    schema: S,
    init: { params?: Record<string, string | number>; query?: Query; limit?: number } = {},
  ): Paged<z.output<S>> {
    const spec = RESOURCES[name];
    const fetch = this.pageRequest(name, init.params);
    return new Paged(() =>
      validatedPages(fetch, {
        paging: spec.paging,
        limit: init.limit ?? spec.maxLimit,
        query: init.query,
        resource: name,
        schema,
      }),
    );
  }

  /** The same list once per chunk of ids under `param` (`id:in`, …), walked one after the other. */
  listByIds<S extends z.ZodType>(
    name: ResourceName,
    schema: S,
    param: string,
    ids: readonly number[] | undefined,
    init: { query?: Query; limit?: number } = {},
  ): Paged<z.output<S>> {
    if (ids === undefined) return this.list(name, schema, init);
    const unique = [...new Set(ids)].sort((a, b) => a - b);
    return Paged.concat(
      chunk(unique, this.idChunkSize).map((part) =>
        this.list(name, schema, {
          ...init,
          query: { ...init.query, [param]: part },
        }),
      ),
    );
  }

  /**
   * One write of the WRITES table, sent once through the scheduler — repeated after an
   * ambiguous failure only when the table calls it idempotent — and its answer validated
   * (most answer with the object itself; a write answering v3's `{data}` envelope, as the hooks
   * do, passes a schema that unwraps it).
   */
  async write<S extends z.ZodType>(
    name: WriteName,
    schema: S,
    params: Record<string, string | number>,
    body: unknown,
  ): Promise<z.output<S>> {
    const spec = WRITES[name];
    const path = writePath(name, params);
    const res = await this.request(spec.method, spec.api, path, { body, idempotent: spec.idempotent });
    const parsed = schema.safeParse(res.body);
    if (!parsed.success)
      throw invalidRecord(name, res.body, parsed.error, spec.method, `/stores/${this.storeHash}/${spec.api}${path}`);
    return parsed.data;
  }

  /** GET of one object, validated; an invalid object throws (there is no page to continue with). */
  async getOne<S extends z.ZodType>(
    name: string,
    schema: S,
    api: ApiVersion,
    path: string,
    query?: Query,
  ): Promise<z.output<S>> {
    const res = await this.request('GET', api, path, { query });
    const rel = `/stores/${this.storeHash}/${api}${path}${buildQuery(query)}`;
    let body = res.body;
    if (api === 'v3') {
      if (!body || typeof body !== 'object' || !('data' in body)) {
        throw new BigCommerceResponseError(`BigCommerce GET ${rel}: expected {data: {...}}`, {
          method: 'GET',
          path: rel,
          status: res.status,
        });
      }
      body = (body as { data: unknown }).data;
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw invalidRecord(name, body, parsed.error, 'GET', rel);
    return parsed.data;
  }
}
