/**
 * Webhooks (v3 /hooks, webhooks.v3.yml webhook_Full): what `webhooks sync` compares with what
 * bc-odoo wants registered. `headers` may hold a shared secret: it is never logged or printed
 * (webhooks list redacts the values).
 */
import { z } from 'zod';
import { id, int, optional, optText } from './common.js';

export const BcHook = z.looseObject({
  id,
  client_id: optText,
  store_hash: optText,
  scope: z.string(),
  destination: z.string(),
  is_active: z.boolean(),
  headers: z
    .record(z.string(), z.string())
    .nullish()
    .transform((h) => h ?? null),
  created_at: optional(int),
  updated_at: optional(int),
});
export type BcHook = z.infer<typeof BcHook>;

/** A single hook's answer (create, update, delete): the spec's `{data, meta}` envelope. */
export const BcHookEnvelope = z.looseObject({ data: BcHook }).transform((r) => r.data);
