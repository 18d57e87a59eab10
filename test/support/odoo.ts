/**
 * Helpers for live-Odoo tests: a fresh database per test file, cloned from the template
 * in about a second, logged into as the template's admin user.
 */
import { inject } from 'vitest';
import { randomBytes } from 'node:crypto';
import { cloneDatabase } from '../../src/testbed/odoo-testbed.js';

export interface TestOdoo {
  url: string;
  db: string;
  username: string;
  password: string;
  major: number;
}

export function odooInfo() {
  return inject('odoo');
}

/** Creates a new database from the template and returns how to reach it. */
export async function freshDatabase(label = 'db'): Promise<TestOdoo> {
  const info = inject('odoo');
  const db = `${info.dbPrefix}${label
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 20)}_${randomBytes(3).toString('hex')}`;
  await cloneDatabase(info.pg, info.template, db);
  return { url: info.url, db, username: 'admin', password: 'admin', major: info.major };
}
