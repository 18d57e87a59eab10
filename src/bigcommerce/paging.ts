/**
 * Page walkers for BigCommerce's three paging styles. They stream: one page is fetched,
 * validated and handed over before the next is asked for, so a whole store is never held
 * in memory, and an importer can work (and commit) one page at a time.
 */
import type { z } from 'zod';
import { BigCommerceResponseError, InvalidRecordError } from './errors.js';
import { parseQuery, type Query } from './http.js';
import type { Paging } from './resources.js';
import { recordIdOf } from './schemas.js';

/** One GET for the walker: the client binds method, path, auth and the scheduler. */
export type PageRequest = (query: Query) => Promise<PageResponse>;

export interface PageResponse {
  readonly status: number;
  readonly body: unknown;
  /** for errors: method and path of the request that produced the page */
  readonly method: string;
  readonly path: string;
}

/** A page as it came, before validation. */
export interface RawPage {
  readonly items: readonly unknown[];
  /** 1-based position of the page in this walk */
  readonly index: number;
  readonly method: string;
  readonly path: string;
  /** total records across pages, when the API says (v3 offset) */
  readonly total?: number;
}

/** A validated page: the good records, plus one error per record that failed its schema. */
export interface Page<T> {
  readonly records: T[];
  readonly errors: InvalidRecordError[];
  readonly index: number;
  readonly path: string;
  readonly total?: number;
}

export interface WalkOptions {
  readonly paging: Paging;
  /** page size; callers pass the resource's maxLimit unless they have a reason not to */
  readonly limit: number;
  /** filters, sent on every page */
  readonly query?: Query;
}

interface Pagination {
  current_page?: number;
  per_page?: number;
  total_pages?: number;
  total?: number;
  links?: { next?: string | null };
}

interface CursorPagination {
  count?: number;
  per_page?: number;
  end_cursor?: string | null;
  links?: { next?: string | null };
}

/** Dispatches to the walker for `opts.paging`. */
export function rawPages(fetch: PageRequest, opts: WalkOptions): AsyncGenerator<RawPage> {
  switch (opts.paging) {
    case 'v3-offset':
      return v3OffsetPages(fetch, opts);
    case 'v3-cursor':
      return v3CursorPages(fetch, opts);
    case 'v2-page':
      return v2Pages(fetch, opts);
    case 'none':
      return singlePage(fetch, opts);
  }
}

/** v3 `?page=&limit=` with `{data, meta.pagination}`. */
export async function* v3OffsetPages(fetch: PageRequest, opts: WalkOptions): AsyncGenerator<RawPage> {
  for (let page = 1; ; page++) {
    const res = await fetch({ ...opts.query, page, limit: opts.limit });
    const { data, meta } = v3Envelope(res);
    const p = meta?.pagination as Pagination | undefined;
    if (data.length > 0) yield { items: data, index: page, method: res.method, path: res.path, total: p?.total };
    if (!p || data.length === 0) return;
    const current = p.current_page ?? page;
    if (p.total_pages === undefined || current >= p.total_pages) return;
    if (!p.links?.next) return;
  }
}

/**
 * v3 cursor paging (`?limit=` then `?after=<end_cursor>`). BigCommerce returns end_cursor
 * only on the first page or when a cursor was sent, so the walk keeps sending it. Without
 * one it follows `links.next`; a short page or a missing next link ends the walk. A server
 * that answers with offset pagination instead is walked as offset.
 */
export async function* v3CursorPages(fetch: PageRequest, opts: WalkOptions): AsyncGenerator<RawPage> {
  let query: Query = { ...opts.query, limit: opts.limit };
  const seen = new Set<string>();
  for (let index = 1; ; index++) {
    const res = await fetch(query);
    const { data, meta } = v3Envelope(res);
    const cursor = meta?.cursor_pagination as CursorPagination | undefined;
    const offset = meta?.pagination as Pagination | undefined;
    if (data.length > 0) yield { items: data, index, method: res.method, path: res.path, total: offset?.total };
    // A server may cap the page below the limit asked for; its per_page is the real page size.
    const perPage = cursor?.per_page ?? offset?.per_page ?? opts.limit;
    if (data.length === 0 || data.length < perPage) return;
    if (cursor) {
      const next = cursor.links?.next;
      if (!next) return;
      if (cursor.end_cursor) {
        if (seen.has(cursor.end_cursor)) {
          throw new BigCommerceResponseError(
            `BigCommerce ${res.method} ${res.path}: cursor ${cursor.end_cursor} repeated; stopping a walk that would not end`,
            { method: res.method, path: res.path, status: res.status },
          );
        }
        seen.add(cursor.end_cursor);
        query = { ...opts.query, limit: opts.limit, after: cursor.end_cursor };
      } else {
        query = { ...opts.query, ...parseQuery(next), limit: opts.limit };
      }
    } else if (offset) {
      const current = offset.current_page ?? index;
      if (offset.total_pages === undefined || current >= offset.total_pages || !offset.links?.next) return;
      query = { ...opts.query, limit: opts.limit, page: current + 1 };
    } else {
      return;
    }
  }
}

/**
 * v2 `?page=&limit=` returning a bare array. The end shows as HTTP 204 (no body), an
 * empty array, or a short page; the short page saves the request that would get the 204.
 */
export async function* v2Pages(fetch: PageRequest, opts: WalkOptions): AsyncGenerator<RawPage> {
  for (let page = 1; ; page++) {
    const res = await fetch({ ...opts.query, page, limit: opts.limit });
    if (res.status === 204 || res.body === undefined) return;
    if (!Array.isArray(res.body)) throw envelopeError(res, 'a JSON array');
    if (res.body.length === 0) return;
    yield { items: res.body, index: page, method: res.method, path: res.path };
    if (res.body.length < opts.limit) return;
  }
}

/** An endpoint that is not paged: a list or a single object in one response. */
export async function* singlePage(fetch: PageRequest, opts: WalkOptions): AsyncGenerator<RawPage> {
  const res = await fetch({ ...opts.query });
  if (res.status === 204 || res.body === undefined) return;
  const body = res.body;
  const items = Array.isArray(body)
    ? body
    : body && typeof body === 'object' && Array.isArray((body as { data?: unknown }).data)
      ? (body as { data: unknown[] }).data
      : [body];
  if (items.length > 0) yield { items, index: 1, method: res.method, path: res.path };
}

function v3Envelope(res: PageResponse): { data: unknown[]; meta: Record<string, unknown> | undefined } {
  if (res.status === 204 || res.body === undefined) return { data: [], meta: undefined };
  const body = res.body as { data?: unknown; meta?: unknown } | null;
  if (!body || typeof body !== 'object' || !Array.isArray(body.data)) throw envelopeError(res, '{data: [...], meta}');
  const meta = body.meta && typeof body.meta === 'object' ? (body.meta as Record<string, unknown>) : undefined;
  return { data: body.data, meta };
}

function envelopeError(res: PageResponse, expected: string): BigCommerceResponseError {
  return new BigCommerceResponseError(
    `BigCommerce ${res.method} ${res.path}: expected ${expected}, got ${describe(res.body)}`,
    { method: res.method, path: res.path, status: res.status },
  );
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return typeof v === 'object' ? `an object with keys ${Object.keys(v).slice(0, 5).join(', ')}` : typeof v;
}

/** Validates each record of a raw page once; invalid records become InvalidRecordErrors, never exceptions. */
export function validatePage<S extends z.ZodType>(resource: string, schema: S, raw: RawPage): Page<z.output<S>> {
  const records: z.output<S>[] = [];
  const errors: InvalidRecordError[] = [];
  for (const item of raw.items) {
    const parsed = schema.safeParse(item);
    if (parsed.success) records.push(parsed.data);
    else errors.push(invalidRecord(resource, item, parsed.error, raw.method, raw.path));
  }
  const page: Page<z.output<S>> = { records, errors, index: raw.index, path: raw.path };
  return raw.total === undefined ? page : { ...page, total: raw.total };
}

export function invalidRecord(
  resource: string,
  item: unknown,
  error: z.ZodError,
  method: string,
  path: string,
): InvalidRecordError {
  return new InvalidRecordError({
    resource,
    recordId: recordIdOf(item),
    issues: error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    method,
    path,
    cause: error,
  });
}

export async function* validatedPages<S extends z.ZodType>(
  fetch: PageRequest,
  opts: WalkOptions & { readonly resource: string; readonly schema: S },
): AsyncGenerator<Page<z.output<S>>> {
  for await (const raw of rawPages(fetch, opts)) yield validatePage(opts.resource, opts.schema, raw);
}

/**
 * A lazily walked list: iterate it for pages (`for await (const page of paged)`), or call
 * `records(onInvalid)` for one record at a time. Nothing is fetched until iteration starts,
 * and each iteration walks again from the first page.
 */
export class Paged<T> implements AsyncIterable<Page<T>> {
  constructor(private readonly source: () => AsyncIterable<Page<T>>) {}

  [Symbol.asyncIterator](): AsyncIterator<Page<T>> {
    return this.source()[Symbol.asyncIterator]();
  }

  /** Records one by one; each invalid record goes to `onInvalid` (required: none is dropped unseen). */
  async *records(onInvalid: (error: InvalidRecordError) => void | Promise<void>): AsyncGenerator<T> {
    for await (const page of this) {
      for (const err of page.errors) await onInvalid(err);
      yield* page.records;
    }
  }

  /** Everything in one array: for short reference lists (statuses, currencies, locations), not for catalogs. */
  async all(): Promise<{ records: T[]; errors: InvalidRecordError[] }> {
    const records: T[] = [];
    const errors: InvalidRecordError[] = [];
    for await (const page of this) {
      records.push(...page.records);
      errors.push(...page.errors);
    }
    return { records, errors };
  }

  /** Walks several lists one after the other as one (e.g. the chunks of an `id:in` filter). */
  static concat<T>(parts: readonly Paged<T>[]): Paged<T> {
    return new Paged(async function* () {
      for (const part of parts) yield* part;
    });
  }
}

/** Splits ids for `:in` filters so URLs stay short. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!(size >= 1)) throw new RangeError(`chunk size must be >= 1, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
