/**
 * Configuration mistakes in plain words, all at once: the key (path or variable), what is
 * wrong and what to do — never the validator's phrasing, and an unset variable never hides
 * another mistake of the same file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { loadConfig } from './load.js';

function tmpFile(body: string): string {
  const p = join(mkdtempSync(join(tmpdir(), 'bcodoo-cfg-')), 'c.yaml');
  writeFileSync(p, body);
  return p;
}

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

const GOOD = `
instances:
  - name: main
    bigcommerce:
      store_hash: abc123
      access_token: \${TOKEN}
    odoo:
      url: http://localhost:8069/
      db: prod
      username: admin
      password: \${PW:-fallbackpw}
`;

describe('a configuration file', () => {
  it('reports an unset variable and a bad URL in the same file together', () => {
    const body = GOOD.replace('http://localhost:8069/', 'localhost:8069');
    const issues = issuesOf(() => loadConfig({ configPath: tmpFile(body), env: {} }));
    expect(issues.map((i) => i.path)).toEqual(['instances[0].bigcommerce.access_token', 'instances[0].odoo.url']);
    expect(issues[0]!.message).toMatch(/^environment variable TOKEN is not set: set it/);
    expect(issues[1]!.message).toMatch(/must be an http:\/\/ or https:\/\/ URL/);
  });

  it("says in plain words what is missing and what to put there, never the validator's phrasing", () => {
    const body = GOOD.replace('      store_hash: abc123\n', '')
      .replace('db: prod', 'db: prod\n      timeout_ms: soon\n      protocol: xml')
      .replace('name: main', 'name: main\n    schedule:\n      orders: { every: 5 }');
    const issues = issuesOf(() => loadConfig({ configPath: tmpFile(body), env: { TOKEN: 't' } }));
    expect(issues).toEqual(
      expect.arrayContaining([
        {
          path: 'instances[0].bigcommerce.store_hash',
          message: 'is missing: add it — the hash in https://api.bigcommerce.com/stores/<store_hash>/v3, e.g. abc123',
        },
        { path: 'instances[0].odoo.timeout_ms', message: 'must be a number, not text' },
        { path: 'instances[0].odoo.protocol', message: 'must be one of auto, jsonrpc, json2' },
        { path: 'instances[0].schedule.orders.every', message: 'must be text, not a whole number' },
      ]),
    );
    for (const i of issues) expect(i.message).not.toMatch(/Invalid input|expected \w+, received|Too (small|big)/);
  });

  it('names bounds in words', () => {
    const body = GOOD.replace(
      'store_hash: abc123',
      'store_hash: abc123\n      quota_headroom: 2\n      concurrency: 0',
    );
    const issues = issuesOf(() => loadConfig({ configPath: tmpFile(body), env: { TOKEN: 't' } }));
    expect(issues).toEqual([
      { path: 'instances[0].bigcommerce.concurrency', message: 'must be more than 0' },
      { path: 'instances[0].bigcommerce.quota_headroom', message: 'must be at most 0.9' },
    ]);
  });
});

describe('zero-file mode', () => {
  const env = {
    BC_STORE_HASH: 'xyz9',
    BC_ACCESS_TOKEN: 'tok',
    ODOO_URL: 'http://o:8069',
    ODOO_DB: 'd',
    ODOO_USERNAME: 'u',
    ODOO_PASSWORD: 'p',
  };
  it('a missing variable and a bad URL are reported together, each with what to do', () => {
    const issues = issuesOf(() =>
      loadConfig({ env: { ...env, ODOO_PASSWORD: '', BC_API_BASE_URL: 'api.bigcommerce.com' }, cwd: '/nonexistent' }),
    );
    expect(issues).toEqual([
      { path: 'env BC_API_BASE_URL', message: expect.stringMatching(/must be an http:\/\/ or https:\/\/ URL/) },
      {
        path: 'env ODOO_PASSWORD',
        message: 'is not set: set ODOO_PASSWORD to the password or an API key of that user',
      },
    ]);
  });
});
