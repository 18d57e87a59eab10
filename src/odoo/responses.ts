/**
 * What an Odoo answer means: the result, or the typed error (errors.ts) it stands for. One
 * parser per protocol — /jsonrpc wraps result and error in a JSON-RPC envelope, /json/2 answers
 * with the bare result and an HTTP status — and one reading of HTTP errors for both.
 */
import {
  createOdooError,
  errorFromOdooPayload,
  hostOf,
  OdooAuthError,
  type OdooError,
  type OdooErrorContext,
  type OdooErrorPayload,
  OdooNotFoundError,
  OdooTransportError,
} from './errors.js';
import { RETRYABLE_STATUS } from './retry-policy.js';
import type { Raw } from './transport.js';

export function parseJsonRpc(raw: Raw, ctx: OdooErrorContext): unknown {
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

export function parseJson2(raw: Raw, ctx: OdooErrorContext): unknown {
  if (raw.status !== 200) throw httpError(raw, ctx);
  return raw.json ?? null;
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
