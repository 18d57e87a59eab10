/**
 * Helpers for live-Odoo tests: a fresh database per test file, cloned from the template
 * in about a second, logged into as the template's admin user over the protocol this run
 * tests (BC_ODOO_TEST_PROTOCOL: `jsonrpc`, the default, or `json2` with an API key on Odoo 19+).
 */
import { inject } from 'vitest';
import { randomBytes } from 'node:crypto';
import { makeApiKey } from '../../src/testbed/api-key.js';
import { cloneDatabase, cloneUsedDatabase } from '../../src/testbed/odoo-testbed.js';

export type TestProtocol = 'jsonrpc' | 'json2';

export interface TestOdoo {
  url: string;
  db: string;
  username: string;
  /** what bc-odoo logs in with: the password over /jsonrpc, an API key over /json/2 */
  password: string;
  /** the user's own password: Odoo's web login (browser tests) */
  webPassword: string;
  protocol: TestProtocol;
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
  return adminOf({ url: info.url, db, major: info.major, protocol: info.protocol });
}

/**
 * A new database holding what `source` holds now (a state a test built once and starts from
 * again). `source` is retired: its connections are ended, and it must not be used afterwards.
 * The copy keeps the source's credentials (an API key is a row of the database).
 */
export async function copyOfDatabase(source: TestOdoo, label: string): Promise<TestOdoo> {
  const info = inject('odoo');
  const db = `${info.dbPrefix}${label
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 20)}_${randomBytes(3).toString('hex')}`;
  await cloneUsedDatabase(info.pg, source.db, db);
  return { ...source, db };
}

/** The template's admin on a database, with the secret this run's protocol logs in with. */
export async function adminOf(at: {
  url: string;
  db: string;
  major: number;
  protocol: TestProtocol;
}): Promise<TestOdoo> {
  const password = await credentialFor(at, 'admin', 'admin');
  return { ...at, username: 'admin', password, webPassword: 'admin' };
}

/**
 * What a user gives bc-odoo to log in over this run's protocol: the password over /jsonrpc,
 * an API key the user made (as in Odoo's preferences) over /json/2.
 */
export function credentialFor(
  at: { url: string; db: string; protocol: TestProtocol },
  login: string,
  password: string,
): Promise<string> {
  return at.protocol === 'json2' ? makeApiKey(at.url, at.db, login, password) : Promise.resolve(password);
}
