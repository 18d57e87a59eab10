/** The pool's lock on a real PostgreSQL: one holder per name across "processes", none held after a throw or a lost session. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { throwawayDatabase, type ThrowawayDatabase } from '../../../test/support/pg-database.js';
import { createPgMutex, lockKey, type PgMutex } from './pg-mutex.js';

let db: ThrowawayDatabase;
const mutexes: PgMutex[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function mutex(): PgMutex {
  const m = createPgMutex(db.url);
  mutexes.push(m);
  return m;
}

beforeAll(async () => {
  db = await throwawayDatabase('bcodoo_mutex');
}, 60_000);
afterAll(async () => {
  for (const m of mutexes) await m.close();
  await db?.drop();
});

describe('createPgMutex', () => {
  it('lets one holder of a name at a time, across processes and within one', async () => {
    const [a, b] = [mutex(), mutex()];
    const log: string[] = [];
    const hold = (m: PgMutex, who: string) =>
      m.exclusive('sale-taxes', async () => {
        log.push(`${who} in`);
        await sleep(150);
        log.push(`${who} out`);
      });
    await Promise.all([hold(a, 'a1'), hold(b, 'b'), hold(a, 'a2')]);
    for (let i = 0; i < log.length; i += 2) {
      expect(log[i]!.endsWith(' in')).toBe(true);
      expect(log[i + 1]).toBe(log[i]!.replace(' in', ' out'));
    }
    expect(log).toHaveLength(6);
  });

  it('other names do not wait', async () => {
    const m = mutex();
    const t0 = Date.now();
    await Promise.all([m.exclusive('x', () => sleep(300)), m.exclusive('y', () => sleep(300))]);
    expect(Date.now() - t0).toBeLessThan(550);
  });

  it('a holder that throws lets go', async () => {
    const m = mutex();
    await expect(m.exclusive('z', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await m.exclusive('z', async () => 'free')).toBe('free');
  });

  it('keys are stable, namespaced 64-bit numbers', () => {
    expect(lockKey('sale-taxes')).toBe(lockKey('sale-taxes'));
    expect(lockKey('sale-taxes')).not.toBe(lockKey('sale-taxe'));
  });
});
