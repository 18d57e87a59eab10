/** The `bc-odoo sandbox` command: flags to options, the start line, shutdown, and exit 2 on bad flags. */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { sandboxCommand, type SandboxCommandDeps } from '../cli/sandbox-command.js';
import { silentLogger } from '../log/logger.js';
import { startSandbox, type SandboxHandle, type SandboxOptions } from './index.js';

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

async function run(args: string[], extra: Partial<SandboxCommandDeps> = {}) {
  const printed: string[] = [];
  const started: SandboxOptions[] = [];
  let handle: SandboxHandle | undefined;
  let stderr = '';
  const cmd = sandboxCommand({
    start: async (opts) => {
      started.push(opts);
      handle = await startSandbox({ ...opts, port: 0 });
      return handle;
    },
    print: (line) => printed.push(line),
    waitForStop: async () => {
      // the sandbox answers while the command waits for a signal
      const res = await fetch(`${handle?.url ?? ''}/stores/${handle?.storeHash ?? ''}/v2/time`, {
        headers: { 'X-Auth-Token': handle?.accessToken ?? '' },
      });
      expect(res.status).toBe(200);
    },
    exit: (code) => {
      throw new Exit(code);
    },
    logger: () => silentLogger,
    ...extra,
  });
  cmd.configureOutput({ writeErr: (s) => (stderr += s), writeOut: () => undefined });
  const program = new Command('bc-odoo').option('--log-level <level>').addCommand(cmd);
  let code: number | undefined;
  const before = process.exitCode;
  try {
    await program.parseAsync(['node', 'bc-odoo', 'sandbox', ...args]);
    code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (!(err instanceof Exit)) throw err;
    code = err.code;
  } finally {
    process.exitCode = before;
  }
  return { printed, started, stderr, code };
}

describe('bc-odoo sandbox', () => {
  it('starts the sample store, prints one line with the URL, store hash and token variable, and closes', async () => {
    const r = await run([]);
    expect(r.code).toBe(0);
    expect(r.started[0]).toMatchObject({ port: 8787, host: '127.0.0.1', store: 'sample' });
    expect(r.printed).toHaveLength(1);
    expect(r.printed[0]).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ store_hash=sandbox1/);
    expect(r.printed[0]).toContain('BC_ACCESS_TOKEN=sandbox-token');
  });

  it('turns scale, quota and fault flags into options (sizes imply --store scale)', async () => {
    const r = await run([
      '--port',
      '0',
      '--products',
      '30',
      '--variants',
      '2',
      '--customers',
      '10',
      '--orders',
      '40',
      '--seed',
      '3',
      '--quota',
      '150/30s',
      '--faults',
      '5xx=0.01,seed=2',
    ]);
    expect(r.code).toBe(0);
    expect(r.started[0]).toMatchObject({
      port: 0,
      store: 'scale',
      scale: { products: 30, variants: 2, customers: 10, orders: 40, seed: 3 },
      quota: { requests: 150, windowMs: 30_000 },
      faults: { rate5xx: 0.01, rate429: 0, latencyMs: null, seed: 2 },
    });
  });

  it('--tax-inclusive serves the sample store with prices entered with tax', async () => {
    const r = await run(['--tax-inclusive']);
    expect(r.code).toBe(0);
    expect(r.started[0]).toMatchObject({ store: 'sample', taxInclusive: true });
    expect(r.printed[0]).toContain('(tax-inclusive sample store)');
  });

  it.each([
    [['--tax-inclusive', '--store', 'scale']],
    [['--port', 'eighty']],
    [['--port', '70000']],
    [['--store', 'huge']],
    [['--store', 'sample', '--products', '10']],
    [['--products', '0']],
    [['--variants', '100']],
    [['--quota', 'lots']],
    [['--faults', '5xx=3']],
    [['--no-such-flag']],
  ])('exits 2 with a message for %j', async (args) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error/);
    expect(r.started).toHaveLength(0);
  });

  it('--public-url names the sandbox in its image URLs and links; a wildcard host is never advertised', async () => {
    const sb = await startSandbox({ host: '0.0.0.0', publicUrl: 'http://sandbox:8787/' });
    const plain = await startSandbox({ host: '0.0.0.0' });
    try {
      expect(sb.url).toBe('http://sandbox:8787');
      const products = sb.store.products.all();
      const res = await fetch(
        `http://127.0.0.1:${new URL(plain.url).port}/stores/${plain.storeHash}/v3/catalog/products?include=images`,
        { headers: { 'X-Auth-Token': plain.accessToken } },
      );
      const body = (await res.json()) as { data: { images: { url_standard: string }[] }[] };
      const url = body.data.flatMap((p) => p.images)[0]!.url_standard;
      expect(url.startsWith('http://127.0.0.1:'), url).toBe(true);
      expect(products.length).toBeGreaterThan(0);
    } finally {
      await Promise.all([sb.close(), plain.close()]);
    }
    const r = await run(['--public-url', 'ftp://x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--public-url must be an http\(s\) URL/);
    const named = await run(['--public-url', 'http://sandbox:8787'], { waitForStop: async () => undefined });
    expect(named.code).toBe(0);
    expect(named.started[0]).toMatchObject({
      publicUrl: 'http://sandbox:8787',
    });
  });

  it('a port in use is a clear configuration error (exit 2)', async () => {
    const taken = await startSandbox();
    try {
      const port = Number(new URL(taken.url).port);
      let written = '';
      const write = process.stderr.write.bind(process.stderr);
      process.stderr.write = ((s: string) => {
        written += s;
        return true;
      }) as typeof process.stderr.write;
      try {
        const r = await run(['--port', String(port)], { start: (opts) => startSandbox(opts) });
        expect(r.code).toBe(2);
      } finally {
        process.stderr.write = write;
      }
      expect(written).toMatch(/in use/);
    } finally {
      await taken.close();
    }
  });
});
