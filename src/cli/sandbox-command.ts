/**
 * `bc-odoo sandbox`: runs the BigCommerce API simulator (src/sandbox) until SIGINT/SIGTERM, so
 * the importer, a demo or a benchmark can be pointed at it. The command only turns flags into
 * SandboxOptions and calls the same startSandbox() the tests use.
 */
import { Command, type CommanderError, InvalidArgumentError, Option } from 'commander';
import { createLogger, type Logger } from '../log/logger.js';
import {
  DEFAULT_ACCESS_TOKEN,
  DEFAULT_CLI_PORT,
  DEFAULT_SCALE,
  parseFaultSpec,
  parseQuota,
  startSandbox,
  validateScaleOptions,
  type FaultSpec,
  type SandboxHandle,
  type SandboxOptions,
} from '../sandbox/index.js';
import { EXIT } from './exit-codes.js';
import { CommandFailed, runAction } from './run-action.js';

/** Seams for tests; the defaults are the real process. */
export interface SandboxCommandDeps {
  start?: (opts: SandboxOptions) => Promise<SandboxHandle>;
  /** writes one line to stdout */
  print?: (line: string) => void;
  /** resolves when the process is asked to stop */
  waitForStop?: () => Promise<void>;
  /** ends the process after a usage error (default: process.exit) */
  exit?: (code: number) => never;
  logger?: (level: string) => Logger;
}

interface Flags {
  port: number;
  host: string;
  publicUrl?: string;
  store?: 'sample' | 'scale';
  products?: number;
  variants?: number;
  customers?: number;
  orders?: number;
  seed?: number;
  quota?: { requests: number; windowMs: number };
  faults?: FaultSpec;
  taxInclusive?: boolean;
}

function integer(min: number, what: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < min)
      throw new InvalidArgumentError(`${what} must be an integer of at least ${min}.`);
    return Number(value);
  };
}

function port(value: string): number {
  const n = integer(0, 'The port')(value);
  if (n > 65535) throw new InvalidArgumentError('The port must be between 0 and 65535.');
  return n;
}

function quotaArg(value: string): { requests: number; windowMs: number } {
  try {
    return parseQuota(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

function publicUrlArg(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new InvalidArgumentError(
      `--public-url must be an absolute http(s) URL, e.g. http://sandbox:8787 (got "${value}")`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidArgumentError(`--public-url must be an http(s) URL (got "${value}")`);
  return url.toString().replace(/\/+$/, '');
}

function faultsArg(value: string): FaultSpec {
  try {
    return parseFaultSpec(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

/** The one line printed at start: where the sandbox is and how to point the importer at it. */
export function describeSandbox(h: SandboxHandle, kind: string): string {
  // The default token is a fixed dummy the sandbox documents, so printing it leaks nothing;
  // any other token is treated as a secret.
  const token = h.accessToken === DEFAULT_ACCESS_TOKEN ? h.accessToken : '<the token given to the sandbox>';
  return (
    `bc-odoo sandbox (${kind} store) listening on ${h.url} store_hash=${h.storeHash}; ` +
    `point the importer at it with BC_API_BASE_URL=${h.url} BC_STORE_HASH=${h.storeHash} BC_ACCESS_TOKEN=${token}`
  );
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export function sandboxCommand(deps: SandboxCommandDeps = {}): Command {
  const exit = deps.exit ?? ((code: number): never => process.exit(code));
  const cmd = new Command('sandbox')
    .description(
      'run a local BigCommerce API simulator (the sample store, or a generated one of any size) until Ctrl-C',
    )
    .option('--port <n>', 'port to listen on (0 = any free port)', port, DEFAULT_CLI_PORT)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option(
      '--public-url <url>',
      'the base URL clients reach the sandbox by, used in its links and image URLs (default: the listening address; env BC_SANDBOX_PUBLIC_URL)',
      publicUrlArg,
      process.env.BC_SANDBOX_PUBLIC_URL ? publicUrlArg(process.env.BC_SANDBOX_PUBLIC_URL) : undefined,
    )
    .addOption(
      new Option('--store <kind>', 'which store to serve (default: sample, or scale when a size is given)').choices([
        'sample',
        'scale',
      ]),
    )
    .option('--products <n>', `scale store: products (default ${DEFAULT_SCALE.products})`, integer(1, '--products'))
    .option(
      '--variants <n>',
      `scale store: variants per product (default ${DEFAULT_SCALE.variants})`,
      integer(1, '--variants'),
    )
    .option('--customers <n>', `scale store: customers (default ${DEFAULT_SCALE.customers})`, integer(0, '--customers'))
    .option('--orders <n>', `scale store: orders (default ${DEFAULT_SCALE.orders})`, integer(0, '--orders'))
    .option('--seed <s>', `scale store: random seed (default ${DEFAULT_SCALE.seed})`, integer(0, '--seed'))
    .option(
      '--quota <N/window>',
      'request quota per window, e.g. 450/30s (BigCommerce Pro, the default) or 150/30s',
      quotaArg,
    )
    .option('--faults <spec>', 'inject faults, e.g. 5xx=0.05,429=0.02,latency=20-80,seed=7', faultsArg)
    .option(
      '--tax-inclusive',
      'sample store: prices entered with tax (is_price_entered_with_tax), ex-tax prices with four decimals',
    )
    .exitOverride((err: CommanderError) => {
      // help and version are not errors; every usage mistake is a configuration error (exit 2)
      exit(err.exitCode === 0 ? EXIT.OK : EXIT.CONFIG);
    });

  cmd.action((flags: Flags, self: Command) => {
    const sizes = {
      products: flags.products,
      variants: flags.variants,
      customers: flags.customers,
      orders: flags.orders,
      seed: flags.seed,
    };
    const sized = Object.values(sizes).some((v) => v !== undefined);
    if (sized && flags.store === 'sample') {
      self.error('error: --products, --variants, --customers, --orders and --seed apply to --store scale only', {
        exitCode: EXIT.CONFIG,
      });
    }
    const store = flags.store ?? (sized ? 'scale' : 'sample');
    if (flags.taxInclusive && store === 'scale')
      self.error('error: --tax-inclusive applies to the sample store only', { exitCode: EXIT.CONFIG });
    const scale = Object.fromEntries(Object.entries(sizes).filter(([, v]) => v !== undefined));
    if (store === 'scale') {
      try {
        validateScaleOptions(scale);
      } catch (err) {
        self.error(`error: ${(err as Error).message}`, { exitCode: EXIT.CONFIG });
      }
    }
    return runAction(async () => {
      const level = self.optsWithGlobals<{ logLevel?: string }>().logLevel ?? 'info';
      const logger = deps.logger ? deps.logger(level) : createLogger({ level: level as 'info' });
      let handle: SandboxHandle;
      try {
        handle = await (deps.start ?? startSandbox)({
          port: flags.port,
          host: flags.host,
          ...(flags.publicUrl ? { publicUrl: flags.publicUrl } : {}),
          store,
          ...(store === 'scale' ? { scale } : {}),
          ...(flags.taxInclusive ? { taxInclusive: true } : {}),
          ...(flags.quota ? { quota: flags.quota } : {}),
          ...(flags.faults ? { faults: flags.faults } : {}),
          logger,
        });
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'EADDRINUSE')
          throw new CommandFailed(
            `port ${flags.port} on ${flags.host} is in use; choose another with --port (0 = any free port)`,
            EXIT.CONFIG,
          );
        if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND')
          throw new CommandFailed(`cannot listen on host ${flags.host}`, EXIT.CONFIG);
        throw err;
      }
      (deps.print ?? ((line: string) => process.stdout.write(`${line}\n`)))(
        describeSandbox(handle, flags.taxInclusive ? `tax-inclusive ${store}` : store),
      );
      await (deps.waitForStop ?? untilSignal)();
      await handle.close();
      return EXIT.OK;
    });
  });
  return cmd;
}
