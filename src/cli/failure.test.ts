/**
 * What `import`, `retry` and the daemon say when BigCommerce fails: the import's own client
 * (not the probe) against the sandbox with a wrong token and a wrong store hash, and against a
 * port nothing listens on — each becomes exit 3 with test-connection's reason, quickly, and
 * never with the token in it. And `--json` gets a JSON error object.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig, type InstanceConfig } from '../config/index.js';
import { ConfigError } from '../config/index.js';
import { createLogger } from '../log/logger.js';
import { startSandbox, type SandboxHandle } from '../sandbox/index.js';
import { bigCommerceClient } from '../sync/instance-clients.js';
import { describeFailure, failedAt } from './failure.js';
import { runAction } from './run-action.js';

const TOKEN = 'tok-failure-9c1e7a3b5d';
let sb: SandboxHandle;
const cwd = mkdtempSync(join(tmpdir(), 'bc-odoo-failure-'));

beforeAll(async () => {
  sb = await startSandbox({ store: 'sample', accessToken: TOKEN });
});
afterAll(async () => {
  await sb?.close();
});

function instance(over: Record<string, string> = {}): InstanceConfig {
  const env = {
    BC_STORE_HASH: sb.storeHash,
    BC_ACCESS_TOKEN: TOKEN,
    BC_API_BASE_URL: sb.url,
    ODOO_URL: 'http://127.0.0.1:8069',
    ODOO_DB: 'odoo',
    ODOO_USERNAME: 'admin',
    ODOO_PASSWORD: 'pw-never-shown',
    ...over,
  };
  return loadConfig({ env, cwd }).instances[0]!;
}

function logLines(): { lines: { level: number; msg: string }[]; stream: Writable } {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { lines, stream };
}

/** A loopback port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function failureOf(inst: InstanceConfig) {
  const { lines, stream } = logLines();
  const bc = bigCommerceClient(inst, createLogger({ level: 'info', destination: stream }));
  const t0 = Date.now();
  const err = await bc.getStore().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { err, failure: describeFailure(err), ms: Date.now() - t0, lines };
}

describe('a failing BigCommerce, as the import commands report it', () => {
  it('a wrong token: exit 3, bad_token, the token not in the message', async () => {
    const { failure } = await failureOf(instance({ BC_ACCESS_TOKEN: 'tok-wrong-2b8d4f6a1c' }));
    expect(failure).toMatchObject({ kind: 'bad_token', exitCode: 3 });
    expect(failure.message).toMatch(/^BigCommerce: bad token — the access token was refused .*401/);
    expect(failure.message).toContain('check bigcommerce.access_token');
    expect(failure.message).not.toContain('tok-wrong-2b8d4f6a1c');
  });

  it('an unknown store hash: exit 3, unknown_store', async () => {
    const { failure } = await failureOf(instance({ BC_STORE_HASH: 'nosuchstore9' }));
    expect(failure).toMatchObject({ kind: 'unknown_store', exitCode: 3 });
    expect(failure.message).toContain('check bigcommerce.store_hash');
  });

  it.each([
    ['a port fetch refuses (127.0.0.1:1)', async () => 1, 'ERR_FETCH_BAD_PORT'],
    ['a closed port', closedPort, 'ECONNREFUSED'],
  ])(
    'an unreachable host, %s: exit 3 with host and code, given up within seconds, each retry logged',
    async (_l, port, code) => {
      const p = await port();
      const { failure, ms, lines } = await failureOf(instance({ BC_API_BASE_URL: `http://127.0.0.1:${p}` }));
      expect(failure).toMatchObject({ kind: 'unreachable', exitCode: 3, code, host: `127.0.0.1:${p}` });
      expect(failure.message).toContain(`cannot reach 127.0.0.1:${p} (${code}) after 3 attempts`);
      expect(ms).toBeLessThan(4_000);
      const retries = lines.filter((l) => l.msg.startsWith('BigCommerce request retry (unreachable)'));
      expect(retries.map((l) => l.level)).toEqual([40, 40]);
      expect(retries[0]!.msg).toContain('attempt 1 of 3');
    },
  );

  it('where it happened is kept: instance and entity', async () => {
    const { err } = await failureOf(instance({ BC_STORE_HASH: 'nosuchstore9' }));
    const at = describeFailure(failedAt(err, { instance: 'main', entity: 'products' }));
    expect(at).toMatchObject({ kind: 'unknown_store', instance: 'main', entity: 'products', exitCode: 3 });
  });

  it('anything else is exit 1, a configuration mistake exit 2 with its issues', () => {
    expect(describeFailure(new Error('boom'))).toMatchObject({ kind: 'error', exitCode: 1, message: 'boom' });
    const config = describeFailure(new ConfigError('environment', [{ path: 'env ODOO_URL', message: 'is not set' }]));
    expect(config).toMatchObject({ kind: 'config', exitCode: 2, issues: [{ path: 'env ODOO_URL' }] });
  });
});

describe('runAction', () => {
  it('under --json prints {"ok":false,"error":{…}} on stdout and sets the exit code', async () => {
    const out: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((c) => {
      out.push(String(c));
      return true;
    });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const before = process.exitCode;
    try {
      const { err } = await failureOf(instance({ BC_ACCESS_TOKEN: 'tok-wrong-2b8d4f6a1c' }));
      await runAction(
        async () => {
          throw failedAt(err, { instance: 'main', entity: 'brands' });
        },
        { json: true },
      );
      expect(process.exitCode).toBe(3);
      const printed = JSON.parse(out.join('')) as { ok: boolean; error: Record<string, unknown> };
      expect(printed).toMatchObject({
        ok: false,
        error: { kind: 'bad_token', exitCode: 3, entity: 'brands', instance: 'main' },
      });
      expect(String(printed.error.message)).toMatch(/^BigCommerce: bad token/);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
      process.exitCode = before;
    }
  });
});
