/** The request/response types every sandbox endpoint handler shares. */
import type { Query } from './query.js';
import type { SerializeCtx } from './serialize-catalog.js';

export interface RequestCtx extends SerializeCtx {
  query: Query;
  /** path parameters, e.g. `{ product_id: '12' }` */
  params: Record<string, string>;
  /** the parsed JSON body of a PUT or POST (server.ts reads and parses it); undefined on GET */
  body?: unknown;
}

export interface Reply {
  status: number;
  /** JSON body; omitted for 204 */
  body?: unknown;
}

export type Handler = (ctx: RequestCtx) => Reply;

export const ok = (body: unknown): Reply => ({ status: 200, body });
export const created = (body: unknown): Reply => ({ status: 201, body });
export const noContent = (): Reply => ({ status: 204 });

/** a positive integer path parameter, or undefined (→ 404 like BigCommerce for `/orders/abc`) */
export function idParam(ctx: RequestCtx, name: string): number | undefined {
  const raw = ctx.params[name];
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
}
