/**
 * The slice of OdooClient that setup, the operation log and the instance record use. Kept
 * structural so those modules depend on behaviour, not on the client class.
 */
export type Values = Record<string, unknown>;
export type Domain = unknown[];

export interface OdooRpc {
  readonly uid: number;
  /** an `@api.model` method, named arguments only (method-call.ts) */
  callModel<T = unknown>(model: string, method: string, kwargs?: Values): Promise<T>;
  /** a method on records: the ids, then named arguments only */
  callRecords<T = unknown>(model: string, ids: readonly number[], method: string, kwargs?: Values): Promise<T>;
  searchRead<T = Values>(
    model: string,
    domain: Domain,
    fields: string[],
    opts?: { limit?: number; order?: string },
  ): Promise<T[]>;
  create(model: string, values: Values[]): Promise<number[]>;
  write(model: string, ids: number[], values: Values): Promise<boolean>;
  fieldsGet(model: string): Promise<Record<string, { type: string; selection?: unknown }>>;
}
