/**
 * A throwaway PostgreSQL database for a test file, on the machine's cluster (the one the Odoo
 * tests use, started by ensurePostgres when it is down): created empty in beforeAll, dropped in
 * afterAll, so test files running at once never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ensurePostgres } from '../../src/testbed/odoo-testbed.js';

export interface ThrowawayDatabase {
  readonly name: string;
  /** postgres://user:password@host:port/name */
  readonly url: string;
  drop(): Promise<void>;
}

export async function throwawayDatabase(prefix: string): Promise<ThrowawayDatabase> {
  const conn = await ensurePostgres();
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const server = `postgres://${encodeURIComponent(conn.user)}:${encodeURIComponent(conn.password)}@${conn.host}:${conn.port}`;
  await onMaintenanceDb(server, `CREATE DATABASE ${name}`);
  return {
    name,
    url: `${server}/${name}`,
    // FORCE: a pool a failed test left open must not keep the database alive.
    drop: () => onMaintenanceDb(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function onMaintenanceDb(server: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${server}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
