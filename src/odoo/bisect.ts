/**
 * One Odoo call for a whole batch, and when Odoo refuses it, the refused records found by
 * halving: a page of 250 orders costs one confirm call, not 250, and one bad order costs a
 * few more calls instead of failing the other 249. Only refusals split the batch: a lost
 * connection, a timeout or a bad login says nothing about any one record, so it is thrown.
 */
import { OdooError } from './errors.js';

/** Runs `fn` on all ids; when Odoo refuses, halves until each refused id is known. Returns the ids that went through. */
export async function bisect(
  ids: number[],
  fn: (ids: number[]) => Promise<unknown>,
  onFail: (id: number, err: unknown) => Promise<void>,
): Promise<number[]> {
  if (!ids.length) return [];
  try {
    await fn(ids);
    return ids;
  } catch (err) {
    if (!(err instanceof OdooError) || err.kind === 'transport' || err.kind === 'timeout' || err.kind === 'auth')
      throw err;
    if (ids.length === 1) {
      await onFail(ids[0]!, err);
      return [];
    }
    const mid = Math.ceil(ids.length / 2);
    return [...(await bisect(ids.slice(0, mid), fn, onFail)), ...(await bisect(ids.slice(mid), fn, onFail))];
  }
}
