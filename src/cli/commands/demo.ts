/**
 * The README's main-job command. With a store configured (config file, or the BC_ and ODOO_ environment variables) it
 * runs the job on that store; without one it brings up the built-in pieces — the BigCommerce
 * sandbox's sample store and a local Odoo from ODOO_HOME with a `bcodoo_demo` database, on
 * ports 8069 and 8787 when free (demo-stack.ts) — runs the same job against them, and leaves
 * them running until Ctrl-C with what to open and how to point the CLI at them
 * (demo-banner.ts); `--exit` stops them instead (tests, CI). Each entity is imported under its
 * lease, as by `bc-odoo import`: on a real store a daemon may be running, and an entity it is
 * importing is skipped.
 */
import { Command, Option } from 'commander';
import { ConfigError, defaultDaemonConfig, loadConfig, type InstanceConfig } from '../../config/index.js';
import { leaseHolderId, LeaseManager } from '../../daemon/lease.js';
import { runLeasedImport } from '../../daemon/leased-run.js';
import { createLogger, type Logger } from '../../log/logger.js';
import type { OdooClient } from '../../odoo/client.js';
import { openImportContext } from '../../sync/context.js';
import { resolveEntities } from '../../sync/importers.js';
import { bigCommerceClient, connectOdoo } from '../../sync/instance-clients.js';
import { describeSummary } from '../../sync/run-import.js';
import { setupInstance } from '../../sync/setup-instance.js';
import { describe, testConnection } from '../../sync/test-connection.js';
import { connectOdooOrExit } from '../clients.js';
import type { GlobalOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { runAction } from '../run-action.js';
import { describeRunningDemo } from './demo-banner.js';
import { startDemoStack, untilInterrupted } from './demo-stack.js';
import { describeHeldLease } from './import.js';

/** `--keep`, the opt-in before keeping became the default, is still accepted (hidden). */
export function demoCommand(): Command {
  return new Command('demo')
    .description(
      'run the main job: on the configured store, or on the built-in sandbox store and a local Odoo from ODOO_HOME',
    )
    .option(
      '--exit',
      'stop the built-in sandbox and Odoo when the job is done (default: keep them running until Ctrl-C)',
    )
    .addOption(new Option('--keep').hideHelp())
    .action((opts: { exit?: boolean }, cmd: Command) =>
      runAction(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        let instances: readonly InstanceConfig[];
        let logger: Logger;
        let leaseSeconds = defaultDaemonConfig().leaseSeconds;
        const stops: (() => Promise<void>)[] = [];
        let dashboardUrl = '';
        try {
          const cfg = loadConfig({ configPath: g.config, logLevel: g.logLevel });
          instances = cfg.instances;
          logger = createLogger({ level: cfg.logLevel });
          leaseSeconds = cfg.daemon.leaseSeconds;
          process.stdout.write(`demo: using the configured store(s) from ${cfg.source}\n`);
        } catch (err) {
          if (!(err instanceof ConfigError) || err.source !== 'none') throw err;
          logger = createLogger({ level: g.logLevel ?? 'warn' });
          const built = await startDemoStack(logger, (line) => process.stdout.write(`demo: ${line}\n`));
          instances = [built.instance];
          stops.push(...built.stops);
          dashboardUrl = built.dashboardUrl;
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
          if (stops.length) {
            const keep = !opts.exit;
            process.stdout.write(describeRunningDemo({ instance: instances[0]!, dashboardUrl, keep }));
            // After the terminal's "^C", on a line of its own.
            if (keep) await untilInterrupted((line) => process.stdout.write(`\ndemo: ${line}\n`));
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
