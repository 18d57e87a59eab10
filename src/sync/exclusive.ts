/**
 * Shared reference data that Odoo does not keep unique by itself (taxes by name, their groups)
 * is looked up and made under a lock when several importers of one store may run at once (the
 * parts of a split import, in any process of a pool): the second one waits, then finds what the
 * first made. The pool gives the lock (daemon/pool/pg-mutex.ts, a PostgreSQL advisory lock in
 * the queue database, let go by PostgreSQL itself if its holder dies); alone, nothing runs at
 * once and there is no lock.
 */
export type Exclusive = <T>(key: string, fn: () => Promise<T>) => Promise<T>;

/** Runs `fn` holding the lock named `key` when the context has one; else just runs it. */
export function exclusively<T>(ctx: { exclusive?: Exclusive }, key: string, fn: () => Promise<T>): Promise<T> {
  return ctx.exclusive ? ctx.exclusive(key, fn) : fn();
}
