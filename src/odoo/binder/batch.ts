/**
 * One batch of a binder upsert, as the two ways of writing it (load-rows.ts, create-or-write.ts)
 * see it: the client, which kind and model, the bindings already known, the result to fill in
 * and how to bind records just created. Keeps their parameter lists short and the Binder the
 * only owner of external-id lookups.
 */
import type { Logger } from '../../log/logger.js';
import type { BindingKind } from '../binding-kinds.js';
import type { OdooClient } from '../client.js';
import { OdooError, OdooServerError } from '../errors.js';

export type BcId = string | number;

export interface UpsertResult {
  /** bcId (as a string) → Odoo id */
  created: Map<string, number>;
  updated: Map<string, number>;
  failed: { bcId: string; error: OdooError }[];
}

/** An external id of the store's module, as found in ir.model.data. */
export interface Binding {
  imdId: number;
  model: string;
  resId: number;
}

/** A record to write, its BigCommerce id already checked. */
export interface Rec {
  bcId: string;
  values: Record<string, unknown>;
}

export interface UpsertBatch {
  readonly client: OdooClient;
  readonly logger: Logger;
  readonly kind: BindingKind;
  readonly model: string;
  /** bindings of the batch's BigCommerce ids before it was written */
  readonly known: Map<string, Binding>;
  readonly result: UpsertResult;
  xmlid(bcId: BcId): string;
  /** Binds records just created; returns those another writer bound first (theirs is kept). */
  bindCreated(pairs: { bcId: string; odooId: number }[]): Promise<Map<string, Binding>>;
}

export const IMD = 'ir.model.data';

/** Error kinds that belong to one record: splitting the batch finds it. Others fail the whole batch. */
export const RECORD_SPECIFIC = new Set(['validation', 'user', 'missing', 'server']);

export function asOdooError(err: unknown, model: string, method: string): OdooError {
  if (err instanceof OdooError) return err;
  return new OdooServerError(`${model}.${method}: ${err instanceof Error ? err.message : String(err)}`, {
    model,
    method,
    cause: err,
  });
}
