/**
 * A pool-wide lock (sync/exclusive.ts) on the queue database: `pg_advisory_lock` on a session
 * of its own for as long as `fn` runs. Locks are per session, so two runs in one process block
 * each other as two processes do; a process that dies drops its session, and with it the lock.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Exclusive } from '../../sync/exclusive.js';

export interface PgMutex {
  readonly exclusive: Exclusive;
  close(): Promise<void>;
}

/** The 64-bit advisory lock key of a name (namespaced, so other users of the database are not hit). */
export function lockKey(name: string): bigint {
  return createHash('sha256').update(`bc-odoo:${name}`).digest().readBigInt64BE(0);
}

export function createPgMutex(connectionString: string, maxSessions = 4): PgMutex {
  const pool = new pg.Pool({ connectionString, max: maxSessions, application_name: 'bc-odoo lock' });
  // An idle session that breaks must not end the process; the next lock opens another.
  pool.on('error', () => undefined);
  const exclusive: Exclusive = async (name, fn) => {
    const client = await pool.connect();
    const key = lockKey(name).toString();
    try {
      await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
      }
    } finally {
      client.release();
    }
  };
  return { exclusive, close: () => pool.end() };
}
