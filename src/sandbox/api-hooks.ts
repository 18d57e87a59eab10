/**
 * The webhooks API (webhooks.v3.yml): GET /v3/hooks (offset-paged, filtered by is_active,
 * scope and destination), POST /v3/hooks, and GET, PUT and DELETE /v3/hooks/{webhook_id}. Every
 * answer is the spec's `{data, meta}` envelope — DELETE too, with the hook it removed. A rule
 * the docs state (https on 443, one hook per scope and destination) broken is v3's 422 naming
 * the field; an unknown id is the spec's 404 "Webhook with id [..] not found".
 */
import { RESOURCES } from '../bigcommerce/resources.js';
import { validBody } from './body.js';
import { idParam, ok, type Handler, type RequestCtx } from './context.js';
import { HookError, type HookRec } from './hooks.js';
import { offsetPage } from './paging.js';
import { ApiError } from './query.js';
import { HookCreateBody, HookUpdateBody } from './write-bodies.js';

/** the one API account the sandbox knows (its single token) */
export const SANDBOX_CLIENT_ID = 'sandboxclient0000000000000000001';

export function hookJson(ctx: { storeHash: string }, h: HookRec): Record<string, unknown> {
  return {
    id: h.id,
    client_id: SANDBOX_CLIENT_ID,
    store_hash: ctx.storeHash,
    scope: h.scope,
    destination: h.destination,
    is_active: h.isActive,
    headers: h.headers === null ? null : { ...h.headers },
    created_at: h.createdAt,
    updated_at: h.updatedAt,
  };
}

function hookOf(ctx: RequestCtx): HookRec {
  const id = idParam(ctx, 'webhook_id');
  const h = id === undefined ? undefined : ctx.store.hooks.get(id);
  if (!h) throw new ApiError(404, `Webhook with id [${ctx.params.webhook_id ?? ''}] not found`);
  return h;
}

/** A broken rule as v3's 422, `errors` keyed by the field (as the spec's example: `destination`). */
function applying<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof HookError)
      throw new ApiError(422, 'JSON data is missing or invalid', { [err.field]: err.reason });
    throw err;
  }
}

const one = (ctx: RequestCtx, h: HookRec) => ok({ data: hookJson(ctx, h), meta: {} });

export const listHooks: Handler = (ctx) => {
  const q = ctx.query;
  const active = q.bool('is_active');
  const scope = q.str('scope');
  const destination = q.str('destination');
  const rows = ctx.store.hooks
    .all()
    .filter(
      (h) =>
        (active === undefined || h.isActive === active) &&
        (scope === undefined || h.scope === scope) &&
        (destination === undefined || h.destination === destination),
    );
  const page = offsetPage(rows, q, RESOURCES.hooks.maxLimit);
  return ok({ data: page.items.map((h) => hookJson(ctx, h)), meta: page.meta });
};

export const getHook: Handler = (ctx) => one(ctx, hookOf(ctx));

export const createHook: Handler = (ctx) => {
  const body = validBody(ctx, HookCreateBody);
  return one(
    ctx,
    applying(() => ctx.store.hooks.create(body)),
  );
};

export const updateHook: Handler = (ctx) => {
  const id = hookOf(ctx).id;
  const body = validBody(ctx, HookUpdateBody);
  return one(ctx, applying(() => ctx.store.hooks.update(id, body)) as HookRec);
};

export const deleteHook: Handler = (ctx) => {
  const h = hookOf(ctx);
  ctx.store.hooks.delete(h.id);
  return one(ctx, h);
};
