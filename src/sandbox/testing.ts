/**
 * A minimal client for talking to a sandbox from tests and benchmarks without the real
 * BigCommerce client: one GET, and page walkers for the three paging styles. Deliberately
 * naive (no retries, no pacing) so tests see exactly what the sandbox answers.
 */
import type { SandboxHandle } from './index.js';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** parsed JSON, or undefined for an empty body (204) */
  body: T;
}

/** GET `${url}/stores/${hash}${path}` with the sandbox's token (or `token`, or none with null). */
export async function apiGet<T = unknown>(
  sb: SandboxHandle,
  path: string,
  token: string | null = sb.accessToken,
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token !== null) headers['X-Auth-Token'] = token;
  const res = await fetch(`${sb.url}/stores/${sb.storeHash}${path}`, { headers });
  const text = await res.text();
  let body: unknown;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, headers: res.headers, body: body as T };
}

function withParams(path: string, params: Record<string, string | number>): string {
  const q = Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `${path}${path.includes('?') ? '&' : '?'}${q}`;
}

/** Every record of a v3 offset list, following `page` until `total_pages`. */
export async function allPagesV3<T = Record<string, unknown>>(
  sb: SandboxHandle,
  path: string,
  limit: number,
): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const r = await apiGet<{ data: T[]; meta: { pagination: { total_pages: number } } }>(
      sb,
      withParams(path, { page, limit }),
    );
    if (r.status !== 200) throw new Error(`GET ${path} page ${page}: ${r.status}`);
    out.push(...r.body.data);
    if (page >= r.body.meta.pagination.total_pages) return out;
  }
}

/** Every record of a v2 list: pages until a 204 (or a short page). */
export async function allPagesV2<T = Record<string, unknown>>(
  sb: SandboxHandle,
  path: string,
  limit: number,
): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const r = await apiGet<T[]>(sb, withParams(path, { page, limit }));
    if (r.status === 204) return out;
    if (r.status !== 200) throw new Error(`GET ${path} page ${page}: ${r.status}`);
    out.push(...r.body);
    if (r.body.length < limit) return out;
  }
}

/** Every record of a cursor list, following `after=end_cursor` from the first page. */
export async function allPagesCursor<T = Record<string, unknown>>(
  sb: SandboxHandle,
  path: string,
  limit: number,
): Promise<T[]> {
  const out: T[] = [];
  let after: string | undefined;
  for (;;) {
    const r = await apiGet<{
      data: T[];
      meta: { cursor_pagination?: { end_cursor?: string; links: { next?: string } } };
    }>(sb, withParams(path, after === undefined ? { limit } : { limit, after }));
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status}`);
    out.push(...r.body.data);
    const c = r.body.meta.cursor_pagination;
    if (!c?.links.next || !c.end_cursor) return out;
    after = c.end_cursor;
  }
}
