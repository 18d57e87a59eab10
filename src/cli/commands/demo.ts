/**
 * The README's main-job command. With a store configured (config file, or the BC_ and ODOO_ environment variables) it
 * runs the job on that store; without one it brings up the built-in pieces — the BigCommerce
 * sandbox's sample store and a local Odoo from ODOO_HOME with a `bcodoo_demo` database — and
 * runs the same job against them. Each entity is imported under its lease, as by `bc-odoo
 * import`: on a real store a daemon may be running, and an entity it is importing is skipped.
 */
import { Command } from 'commander';
import {
  ConfigError,
  defaultDaemonConfig,
  defaultInventoryConfig,
  defaultOrdersConfig,
  loadConfig,
  type InstanceConfig,
} from '../../config/index.js';
import { leaseHolderId, LeaseManager } from '../../daemon/lease.js';
import { runLeasedImport } from '../../daemon/leased-run.js';
import { createLogger, type Logger } from '../../log/logger.js';
import type { OdooClient } from '../../odoo/client.js';
import { startSandbox } from '../../sandbox/index.js';
import { openImportContext } from '../../sync/context.js';
import { resolveEntities } from '../../sync/importers.js';
import { bigCommerceClient, connectOdoo } from '../../sync/instance-clients.js';
import { describeSummary } from '../../sync/run-import.js';
import { setupInstance } from '../../sync/setup-instance.js';
import { describe, testConnection } from '../../sync/test-connection.js';
import { cloneDatabase, databaseExists, startOdoo } from '../../testbed/odoo-testbed.js';
import { connectOdooOrExit } from '../clients.js';
import type { GlobalOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { runAction } from '../run-action.js';
import { describeHeldLease } from './import.js';

const DEMO_DB = 'bcodoo_demo';

export function demoCommand(): Command {
  return new Command('demo')
    .description(
      'run the main job: on the configured store, or on the built-in sandbox store and a local Odoo from ODOO_HOME',
    )
    .option('--keep', 'keep the sandbox and Odoo running afterwards (until Ctrl-C)')
    .action((opts: { keep?: boolean }, cmd: Command) =>
      runAction(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        let instances: readonly InstanceConfig[];
        let logger: Logger;
        let leaseSeconds = defaultDaemonConfig().leaseSeconds;
        const stops: (() => Promise<void>)[] = [];
        try {
          const cfg = loadConfig({ configPath: g.config, logLevel: g.logLevel });
          instances = cfg.instances;
          logger = createLogger({ level: cfg.logLevel });
          leaseSeconds = cfg.daemon.leaseSeconds;
          process.stdout.write(`demo: using the configured store(s) from ${cfg.source}\n`);
        } catch (err) {
          if (!(err instanceof ConfigError) || err.source !== 'none') throw err;
          logger = createLogger({ level: g.logLevel ?? 'warn' });
          const built = await builtInStack(logger);
          instances = [built.instance];
          stops.push(...built.stops);
        }
        let exit: number = EXIT.OK;
        try {
          for (const inst of instances) {
            const log = logger.child({ instance: inst.name });
            const client = await connectOdooOrExit(inst, log);
            const bc = bigCommerceClient(inst, log, { probe: true });
            const s = await setupInstance(client, inst, log, bc);
            process.stdout.write(
              `[${inst.name}] setup: ${s.created.length} created, ${s.updated.length} updated, ${s.unchanged} unchanged\n`,
            );
            const t = await testConnection(inst, {
              getStore: () => bc.getStore(),
              connectOdoo: () => connectOdoo(inst, log),
              logger: log,
            });
            process.stdout.write(
              `[${inst.name}] ${describe('BigCommerce', t.bigcommerce)}\n[${inst.name}] ${describe('Odoo', t.odoo)}\n`,
            );
            exit = Math.max(exit, t.exitCode);
            if (t.exitCode !== 0) continue;
            exit = Math.max(exit, await importAll(inst, client, log, leaseSeconds));
          }
          if (stops.length)
            process.stdout.write(
              `demo: done. Odoo is at ${instances[0]!.odoo.url} (database ${DEMO_DB}, admin / admin)${opts.keep ? '' : '; run with --keep to leave it running'}\n`,
            );
          if (opts.keep && stops.length) {
            process.stdout.write('demo: running; press Ctrl-C to stop\n');
            await new Promise<void>((resolve) => {
              process.once('SIGINT', () => resolve());
              process.once('SIGTERM', () => resolve());
            });
          }
        } finally {
          for (const stop of stops.reverse()) await stop().catch(() => undefined);
        }
        return exit;
      }),
    );
}

/** The main job: every importer there is, in dependency order, each under its lease. */
async function importAll(inst: InstanceConfig, odoo: OdooClient, log: Logger, leaseSeconds: number): Promise<number> {
  let exit: number = EXIT.OK;
  // Losing an entity's lease aborts the run's BigCommerce requests.
  const lost = new AbortController();
  const ctx = await openImportContext(inst, { logger: log, odoo, signal: lost.signal });
  const leases = new LeaseManager(odoo, `bc-odoo demo ${leaseHolderId()}`, leaseSeconds * 1000);
  for (const importer of resolveEntities('all')) {
    const run = await runLeasedImport({ ctx, leases, importer, logger: log, onLost: (err) => lost.abort(err) });
    if (!run.ok) {
      process.stderr.write(describeHeldLease(inst.name, importer.entity, run));
      exit = EXIT.FAILURE;
      continue;
    }
    const s = run.summary;
    process.stdout.write(`[${inst.name}] ${describeSummary(s)}\n`);
    for (const f of s.failures.slice(0, 10)) process.stdout.write(`  failed ${f.entity} ${f.bcId}: ${f.message}\n`);
    if (s.failed) exit = EXIT.FAILURE;
  }
  return exit;
}

async function builtInStack(logger: Logger): Promise<{ instance: InstanceConfig; stops: (() => Promise<void>)[] }> {
  process.stdout.write(
    'demo: no store configured; starting the BigCommerce sandbox (sample store) and a local Odoo from ODOO_HOME\n',
  );
  const sandbox = await startSandbox({ store: 'sample', logger });
  const odoo = await startOdoo({ dbPrefix: DEMO_DB });
  if (!(await databaseExists(odoo.pg, DEMO_DB))) await cloneDatabase(odoo.pg, odoo.template, DEMO_DB);
  process.stdout.write(
    `demo: sandbox ${sandbox.url} (store ${sandbox.storeHash}); Odoo ${odoo.url} database ${DEMO_DB}, login admin / admin\n`,
  );
  const instance: InstanceConfig = {
    name: 'sandbox',
    bigcommerce: {
      storeHash: sandbox.storeHash,
      accessToken: sandbox.accessToken,
      apiBaseUrl: sandbox.url,
      concurrency: 4,
      quotaHeadroom: 0.2,
      timeoutMs: 30_000,
    },
    odoo: { url: odoo.url, db: DEMO_DB, username: 'admin', password: 'admin', protocol: 'jsonrpc', timeoutMs: 60_000 },
    orders: defaultOrdersConfig(),
    payments: [{ isDefault: true }],
    inventory: defaultInventoryConfig(),
  };
  return { instance, stops: [() => sandbox.close(), () => odoo.stop()] };
}
