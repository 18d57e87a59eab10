/**
 * A command run by hand (`import`, `retry`, `export`) where a pool is configured (`queue.url`)
 * is one more client of the pool's stores: its BigCommerce requests draw on the store's shared
 * budget in the queue database (daemon/pool/pg-quota.ts), as a member's do, so a manual import
 * beside the pool adds no 429s; and what the pool makes under its lock (partner tags, product
 * attributes: sync/exclusive.ts) it makes under the same lock. Without `queue.url`, nothing:
 * the command paces from the headers, as always.
 */
import { SchedulerRegistry } from '../bigcommerce/scheduler.js';
import type { AppConfig } from '../config/index.js';
import { createPgMutex } from '../daemon/pool/pg-mutex.js';
import { createPgSharedQuota, poolHeadroom } from '../daemon/pool/pg-quota.js';
import type { Logger } from '../log/logger.js';
import type { ImportContext } from '../sync/context.js';

export interface PoolLink {
  /** the schedulers for openImportContext: on the shared budget in a pool, undefined otherwise */
  readonly registry?: SchedulerRegistry;
  /** the context with the pool's lock, when there is a pool */
  withLock(ctx: ImportContext): ImportContext;
}

/** Runs `fn` linked to the pool when `queue.url` is set; the queue database's connections end with it. */
export async function withPoolLink<T>(
  config: AppConfig,
  logger: Logger,
  fn: (link: PoolLink) => Promise<T>,
): Promise<T> {
  const queue = config.daemon.queue;
  if (!queue) return fn({ withLock: (ctx) => ctx });
  const sharedQuota = createPgSharedQuota(queue.url, {
    headroom: poolHeadroom(config.instances),
    logger: logger.child({ component: 'quota' }),
  });
  const mutex = createPgMutex(queue.url);
  try {
    return await fn({
      registry: new SchedulerRegistry({ sharedQuota }),
      withLock: (ctx) => ({ ...ctx, exclusive: mutex.exclusive }),
    });
  } finally {
    await sharedQuota.close().catch(() => undefined);
    await mutex.close().catch(() => undefined);
  }
}
