/**
 * The three paging styles of the resource table, done exactly as BigCommerce does them, since
 * paging is where importers lose or duplicate records:
 *  - v3 offset: `{data, meta.pagination}`; a page past the end is `data: []` with status 200;
 *  - v3 cursor (customers): `after`/`before` cursors; `page` is ignored once a cursor is sent;
 *    a request with neither gets both meta blocks, one with `page` only the offset block;
 *  - v2: a bare array, and **204 No Content** once a page has nothing on it.
 * Limits above the endpoint's maximum are clamped, and `per_page` reports the clamp.
 */
import { ApiError, type Query } from './query.js';

export const DEFAULT_LIMIT = 50;

export interface PageWindow {
  page: number;
  limit: number;
}

export function pageWindow(q: Query, maxLimit: number): PageWindow {
  const page = q.int('page') ?? 1;
  const rawLimit = q.int('limit') ?? DEFAULT_LIMIT;
  if (page < 1)
    throw new ApiError(q.api === 'v2' ? 400 : 422, 'The page number must be 1 or more.', { page: String(page) });
  return { page, limit: Math.max(1, Math.min(maxLimit, rawLimit)) };
}

/** `?…&page=N&limit=M`, keeping the request's filters so a client can follow the link as is */
function linkQuery(q: Query, set: Record<string, string | number>, drop: readonly string[]): string {
  const p = new URLSearchParams();
  for (const [k, v] of q.params) if (!(k in set) && !drop.includes(k)) p.append(k, v);
  for (const [k, v] of Object.entries(set)) p.set(k, String(v));
  return `?${p.toString()}`;
}

export interface OffsetPage<T> {
  items: T[];
  meta: { pagination: Record<string, unknown> };
}

export function offsetPage<T>(all: readonly T[], q: Query, maxLimit: number): OffsetPage<T> {
  const { page, limit } = pageWindow(q, maxLimit);
  const items = all.slice((page - 1) * limit, page * limit);
  return { items, meta: { pagination: offsetMeta(all.length, items.length, page, limit, q) } };
}

function offsetMeta(total: number, count: number, page: number, limit: number, q: Query): Record<string, unknown> {
  const totalPages = Math.ceil(total / limit);
  const links: Record<string, string> = {};
  if (page > 1) links.previous = linkQuery(q, { page: page - 1, limit }, []);
  links.current = linkQuery(q, { page, limit }, []);
  if (page < totalPages) links.next = linkQuery(q, { page: page + 1, limit }, []);
  return { total, count, per_page: limit, current_page: page, total_pages: totalPages, links };
}

/** v2: the slice, or undefined when it is empty (the caller answers 204). */
export function v2Page<T>(all: readonly T[], q: Query, maxLimit: number): T[] | undefined {
  const { page, limit } = pageWindow(q, maxLimit);
  const items = all.slice((page - 1) * limit, page * limit);
  return items.length === 0 ? undefined : items;
}

// ---- cursor paging ----

/**
 * A cursor names the record it stands on by its sort key and id, not by its position, so a
 * record that changes or disappears between two requests does not shift every later page.
 */
export interface CursorKey {
  id: number;
  k?: string | number;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(name: string, raw: string): CursorKey {
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (v && typeof v === 'object' && typeof (v as CursorKey).id === 'number') return v as CursorKey;
  } catch {
    // fall through
  }
  throw new ApiError(422, `The cursor in '${name}' is not valid.`, { [name]: raw });
}

export interface CursorPage<T> {
  items: T[];
  meta: Record<string, unknown>;
}

/**
 * @param sorted  the filtered records in the requested order
 * @param keyOf   the record's cursor key (same order as `compare`)
 * @param compare orders two cursor keys as `sorted` is ordered
 */
export function cursorPage<T>(
  sorted: readonly T[],
  q: Query,
  maxLimit: number,
  keyOf: (t: T) => CursorKey,
  compare: (a: CursorKey, b: CursorKey) => number,
): CursorPage<T> {
  const after = q.str('after');
  const before = q.str('before');
  if (after === undefined && before === undefined) {
    if (q.has('page')) {
      const p = offsetPage(sorted, q, maxLimit);
      return { items: p.items, meta: p.meta };
    }
    // Neither a page nor a cursor: the first page, with both meta blocks.
    const { limit } = pageWindow(q, maxLimit);
    const items = sorted.slice(0, limit);
    const offset = offsetMeta(sorted.length, items.length, 1, limit, q);
    return {
      items,
      meta: {
        pagination: offset,
        cursor_pagination: cursorMeta(items, q, limit, keyOf, false, sorted.length > items.length),
      },
    };
  }
  const limit = Math.max(1, Math.min(maxLimit, q.int('limit') ?? DEFAULT_LIMIT));
  let start: number;
  let end: number;
  if (after !== undefined) {
    const key = decodeCursor('after', after);
    start = sorted.findIndex((t) => compare(keyOf(t), key) > 0);
    if (start < 0) start = sorted.length;
    end = Math.min(sorted.length, start + limit);
  } else {
    const key = decodeCursor('before', before as string);
    end = sorted.findIndex((t) => compare(keyOf(t), key) >= 0);
    if (end < 0) end = sorted.length;
    start = Math.max(0, end - limit);
  }
  const items = sorted.slice(start, end);
  return { items, meta: { cursor_pagination: cursorMeta(items, q, limit, keyOf, start > 0, end < sorted.length) } };
}

function cursorMeta<T>(
  items: readonly T[],
  q: Query,
  limit: number,
  keyOf: (t: T) => CursorKey,
  hasPrev: boolean,
  hasNext: boolean,
): Record<string, unknown> {
  const first = items[0];
  const last = items.at(-1);
  const startCursor = first === undefined ? undefined : encodeCursor(keyOf(first));
  const endCursor = last === undefined ? undefined : encodeCursor(keyOf(last));
  const drop = ['page', 'after', 'before'];
  const links: Record<string, string> = {};
  if (hasPrev && startCursor) links.previous = linkQuery(q, { limit, before: startCursor }, drop);
  const current: Record<string, string | number> = { limit };
  const sentAfter = q.str('after');
  const sentBefore = q.str('before');
  if (sentAfter !== undefined) current.after = sentAfter;
  else if (sentBefore !== undefined) current.before = sentBefore;
  links.current = linkQuery(q, current, drop);
  if (hasNext && endCursor) links.next = linkQuery(q, { limit, after: endCursor }, drop);
  const meta: Record<string, unknown> = { count: items.length, per_page: limit };
  if (startCursor) meta.start_cursor = startCursor;
  if (endCursor) meta.end_cursor = endCursor;
  meta.links = links;
  return meta;
}
