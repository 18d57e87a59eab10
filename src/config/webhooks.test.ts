/**
 * daemon.webhooks: optional as a block; when there, public_url (https, or http on loopback)
 * and a secret of 16+ characters are required; BC_ODOO_WEBHOOK_* fill it in, and a mistake in
 * a value from the environment names the variable. The secret is redacted once loaded.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redactText } from '../log/redact.js';
import { ConfigError } from './errors.js';
import { loadConfig } from './load.js';
import { exposedSecretWarnings } from './secrets.js';

const BASE = `
instances:
  - name: main
    bigcommerce: { store_hash: abc123, access_token: tok-secret-123 }
    odoo: { url: http://localhost:8069, db: prod, username: admin, password: pw-secret-1 }
`;
const SECRET = 'a-long-shared-secret-0123';

function load(extra: string, env: NodeJS.ProcessEnv = {}) {
  const p = join(mkdtempSync(join(tmpdir(), 'bcodoo-wh-')), 'c.yaml');
  writeFileSync(p, BASE + extra);
  return loadConfig({ configPath: p, env });
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

describe('daemon.webhooks', () => {
  it('is off when neither the file nor the environment has it', () => {
    expect(load('').daemon.webhooks).toBeUndefined();
    // host/port alone never turn webhooks on
    expect(
      load('', { BC_ODOO_WEBHOOK_PORT: '9000', BC_ODOO_WEBHOOK_HOST: '127.0.0.1' }).daemon.webhooks,
    ).toBeUndefined();
  });

  it('compiles the block with defaults; path defaults to public_url path', () => {
    const w = load(`daemon:\n  webhooks:\n    public_url: https://sync.example.com/bc/hooks\n    secret: ${SECRET}\n`)
      .daemon.webhooks;
    expect(w).toEqual({
      host: '0.0.0.0',
      port: 8790,
      path: '/bc/hooks',
      publicUrl: 'https://sync.example.com/bc/hooks',
      secret: SECRET,
      checkEveryMs: 600_000,
    });
    expect(redactText(`secret is ${SECRET}`)).toBe('secret is [REDACTED]');
  });

  it('comes from BC_ODOO_WEBHOOK_* where the file leaves it out', () => {
    const w = load('', {
      BC_ODOO_WEBHOOK_URL: 'https://sync.example.com/hooks',
      BC_ODOO_WEBHOOK_SECRET: SECRET,
      BC_ODOO_WEBHOOK_PORT: '9001',
      BC_ODOO_WEBHOOK_HOST: '127.0.0.1',
    }).daemon.webhooks;
    expect(w).toEqual({
      host: '127.0.0.1',
      port: 9001,
      path: '/hooks',
      publicUrl: 'https://sync.example.com/hooks',
      secret: SECRET,
      checkEveryMs: 600_000,
    });
    // the file wins over the environment
    expect(
      load(`daemon:\n  webhooks: { public_url: "https://a.example/x", secret: ${SECRET}, path: /in }\n`, {
        BC_ODOO_WEBHOOK_URL: 'https://b.example/y',
      }).daemon.webhooks,
    ).toMatchObject({ publicUrl: 'https://a.example/x', path: '/in' });
  });

  it('checks the hooks every check_every (default 10m), from the file or BC_ODOO_WEBHOOK_CHECK_EVERY', () => {
    const block = `daemon:\n  webhooks: { public_url: "https://a.example/h", secret: ${SECRET}, check_every: 30s }\n`;
    expect(load(block).daemon.webhooks?.checkEveryMs).toBe(30_000);
    expect(
      load('', {
        BC_ODOO_WEBHOOK_URL: 'https://a.example/h',
        BC_ODOO_WEBHOOK_SECRET: SECRET,
        BC_ODOO_WEBHOOK_CHECK_EVERY: '1h',
      }).daemon.webhooks?.checkEveryMs,
    ).toBe(3_600_000);
    // alone, it does not turn webhooks on
    expect(load('', { BC_ODOO_WEBHOOK_CHECK_EVERY: '1h' }).daemon.webhooks).toBeUndefined();
    expect(
      issuesOf(() =>
        load('', {
          BC_ODOO_WEBHOOK_URL: 'https://a.example/h',
          BC_ODOO_WEBHOOK_SECRET: SECRET,
          BC_ODOO_WEBHOOK_CHECK_EVERY: 'soon',
        }),
      ),
    ).toEqual([{ path: 'env BC_ODOO_WEBHOOK_CHECK_EVERY', message: expect.stringMatching(/e\.g\. 30s, 5m or 1h/) }]);
  });

  it('allows http only on loopback', () => {
    expect(
      load(`daemon:\n  webhooks: { public_url: "http://127.0.0.1:8790/h", secret: ${SECRET} }\n`).daemon.webhooks?.path,
    ).toBe('/h');
    expect(
      load(`daemon:\n  webhooks: { public_url: "http://localhost/h", secret: ${SECRET} }\n`).daemon.webhooks?.path,
    ).toBe('/h');
  });

  it.each([
    [
      'a missing secret',
      'daemon:\n  webhooks: { public_url: "https://a.example/h" }\n',
      'daemon.webhooks.secret',
      /is missing.*16 characters/,
    ],
    [
      'a short secret',
      'daemon:\n  webhooks: { public_url: "https://a.example/h", secret: short }\n',
      'daemon.webhooks.secret',
      /at least 16/,
    ],
    ['a missing URL', `daemon:\n  webhooks: { secret: ${SECRET} }\n`, 'daemon.webhooks.public_url', /is missing/],
    [
      'plain http to a public host',
      `daemon:\n  webhooks: { public_url: "http://a.example/h", secret: ${SECRET} }\n`,
      'daemon.webhooks.public_url',
      /https/,
    ],
    [
      'not a URL',
      `daemon:\n  webhooks: { public_url: "a.example/h", secret: ${SECRET} }\n`,
      'daemon.webhooks.public_url',
      /https:\/\//,
    ],
    [
      'a bad path',
      `daemon:\n  webhooks: { public_url: "https://a.example/h", secret: ${SECRET}, path: hooks }\n`,
      'daemon.webhooks.path',
      /starting with "\/"/,
    ],
    [
      'a bad port',
      `daemon:\n  webhooks: { public_url: "https://a.example/h", secret: ${SECRET}, port: 70000 }\n`,
      'daemon.webhooks.port',
      /65535/,
    ],
    [
      'a bad check interval',
      `daemon:\n  webhooks: { public_url: "https://a.example/h", secret: ${SECRET}, check_every: 10 }\n`,
      'daemon.webhooks.check_every',
      /./,
    ],
    [
      'a misspelt key',
      `daemon:\n  webhooks: { public_url: "https://a.example/h", secret: ${SECRET}, secrte: x }\n`,
      'daemon.webhooks',
      /secrte/,
    ],
  ])('refuses %s, naming the key', (_what, extra, path, message) => {
    const issues = issuesOf(() => load(extra));
    expect(issues.map((i) => i.path)).toEqual([path]);
    expect(issues[0]!.message).toMatch(message);
    expect(issues[0]!.message).not.toContain('short');
  });

  it('names the variable when the value came from the environment', () => {
    expect(issuesOf(() => load('', { BC_ODOO_WEBHOOK_URL: 'https://a.example/h' }))).toEqual([
      { path: 'env BC_ODOO_WEBHOOK_SECRET', message: expect.stringMatching(/is not set: set BC_ODOO_WEBHOOK_SECRET/) },
    ]);
    expect(
      issuesOf(() => load('', { BC_ODOO_WEBHOOK_URL: 'http://a.example/h', BC_ODOO_WEBHOOK_SECRET: 'tooshort' })).map(
        (i) => i.path,
      ),
    ).toEqual(['env BC_ODOO_WEBHOOK_URL', 'env BC_ODOO_WEBHOOK_SECRET']);
  });

  it('exits 2 (a ConfigError) and never prints the secret', () => {
    try {
      load('', { BC_ODOO_WEBHOOK_URL: 'ftp://x', BC_ODOO_WEBHOOK_SECRET: 'abcdefghijkl' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as Error).message).not.toContain('abcdefghijkl');
    }
  });

  it('warns when a readable file holds the secret inline, not when it is ${VAR}', () => {
    const inline = { instances: [], daemon: { webhooks: { secret: SECRET } } };
    expect(exposedSecretWarnings('/x.yaml', inline, 0o644)[0]).toContain('daemon.webhooks.secret');
    const fromEnv = { instances: [], daemon: { webhooks: { secret: '${BC_ODOO_WEBHOOK_SECRET}' } } };
    expect(exposedSecretWarnings('/x.yaml', fromEnv, 0o644)).toEqual([]);
  });
});
