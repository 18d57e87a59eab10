/**
 * The slice of OdooClient that setup, the operation log and the instance record use. Kept
 * structural so those modules depend on behaviour, not on the client class.
 */
export type Values = Record<string, unknown>;
export type Domain = unknown[];

export interface OdooRpc {
  readonly uid: number;
  call<T = unknown>(model: string, method: string, args?: unknown[], kwargs?: Values): Promise<T>;
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
