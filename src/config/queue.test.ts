/**
 * queue: the pool's job queue. Off without the block; BC_ODOO_QUEUE_URL turns it on where the
 * file has none (a mistake in it names the variable); the URL's password is redacted once
 * loaded; a queue URL naming an instance's Odoo database is refused (the queue needs its own).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redactText } from '../log/redact.js';
import { ConfigError } from './errors.js';
import { loadConfig } from './load.js';

const BASE = `
instances:
  - name: main
    bigcommerce: { store_hash: abc123, access_token: tok-secret-123 }
    odoo: { url: http://localhost:8069, db: prod, username: admin, password: pw-secret-1 }
`;

function load(extra: string, env: NodeJS.ProcessEnv = {}) {
  const p = join(mkdtempSync(join(tmpdir(), 'bcodoo-q-')), 'c.yaml');
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

describe('queue', () => {
  it('is off without the block or BC_ODOO_QUEUE_URL', () => {
    expect(load('').daemon.queue).toBeUndefined();
  });

  it('compiles the block with its defaults', () => {
    expect(load('queue:\n  url: postgres://q:pw@db:5432/bc_odoo_queue\n').daemon.queue).toEqual({
      url: 'postgres://q:pw@db:5432/bc_odoo_queue',
      concurrency: 1,
      heartbeatSeconds: 60,
      retryLimit: 5,
      retryDelaySeconds: 30,
    });
  });

  it('BC_ODOO_QUEUE_URL turns the pool on; the file wins over it', () => {
    const url = 'postgresql://bcodoo:queue-pass-77@10.0.0.5/bcq';
    expect(load('', { BC_ODOO_QUEUE_URL: url }).daemon.queue?.url).toBe(url);
    expect(load('queue:\n  url: postgres://a@h/file_db\n', { BC_ODOO_QUEUE_URL: url }).daemon.queue?.url).toBe(
      'postgres://a@h/file_db',
    );
  });

  it("redacts the URL's password", () => {
    load('queue:\n  url: postgres://q:queue-secret-991@db/bcq\n');
    expect(redactText('connect postgres://q:queue-secret-991@db/bcq')).not.toContain('queue-secret-991');
  });

  it('a bad URL from the environment names the variable', () => {
    const issues = issuesOf(() => load('', { BC_ODOO_QUEUE_URL: 'mysql://db/x' }));
    expect(issues).toHaveLength(1);
    expect(`${issues[0]!.path} ${issues[0]!.message}`).toContain('BC_ODOO_QUEUE_URL');
  });

  it("refuses the instance's own Odoo database", () => {
    const issues = issuesOf(() => load('queue:\n  url: postgres://q@localhost/prod\n'));
    expect(issues).toEqual([expect.objectContaining({ path: 'queue.url' })]);
    expect(issues[0]!.message).toMatch(/instance main's Odoo database/);
  });

  it('names a bad setting', () => {
    const issues = issuesOf(() =>
      load('queue:\n  url: postgres://q@h/bcq\n  concurrency: 0\n  heartbeat_seconds: 1\n'),
    );
    expect(issues.map((i) => i.path).sort()).toEqual(['queue.concurrency', 'queue.heartbeat_seconds']);
  });
});
