/**
 * Request bodies of the sandbox's writes: reading one off the socket as BigCommerce accepts it
 * (JSON only, a size cap), and validating it with a zod schema into each API version's error:
 * v3 answers 422 "Payload contains invalid fields" with an `errors` entry per field (the shape
 * inventory.v3.yml documents), v2 answers 400 naming the field, as its other validation errors
 * do (query.ts).
 */
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import type { RequestCtx } from './context.js';
import { ApiError, type ApiVersion } from './query.js';

/** far above any body the specs allow (2000 adjustment items are about 150 KB) */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * The parsed JSON body; an ApiError for what BigCommerce refuses before looking at it: a body
 * that is not declared JSON (415), too large (413) or not JSON (400).
 */
export async function readJsonBody(req: IncomingMessage, api: ApiVersion): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type.trim())) {
    req.resume();
    throw new ApiError(415, `The Content-Type '${type}' is not supported; send application/json.`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, api === 'v2' ? 'The request body is not valid JSON.' : 'Request body is not valid JSON.');
  }
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let cur = body;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

/** The body, checked against `schema`; the first problems become the version's validation error. */
export function validBody<S extends z.ZodType>(ctx: RequestCtx, schema: S): z.output<S> {
  const parsed = schema.safeParse(ctx.body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  if (ctx.query.api === 'v3') {
    const errors: Record<string, string> = {};
    for (const i of issues.slice(0, 20)) errors[fieldOf(i.path) || 'body'] = i.message;
    throw new ApiError(422, 'Payload contains invalid fields', errors);
  }
  const first = issues[0];
  const field = first ? fieldOf(first.path) : '';
  const missing = first?.code === 'invalid_type' && valueAt(ctx.body, first.path) === undefined;
  if (field === '') throw new ApiError(400, 'The request body is invalid.', { invalid_reason: first?.message ?? '' });
  throw new ApiError(
    400,
    missing ? `The required field '${field}' was not supplied.` : `The field '${field}' is invalid.`,
    missing ? {} : { invalid_reason: first?.message ?? '' },
  );
}
