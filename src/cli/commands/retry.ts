import { Command, Option } from 'commander';
import { ConfigError, selectInstance } from '../../config/index.js';
import { leaseHolderId, LeaseManager } from '../../daemon/lease.js';
import { runLeasedImport } from '../../daemon/leased-run.js';
import { openImportContext } from '../../sync/context.js';
import { IMPORTERS } from '../../sync/importers.js';
import type { EntityImporter, ImportOptions } from '../../sync/run-import.js';
import { connectOdooOrExit } from '../clients.js';
import { withPoolLink } from '../pool-link.js';
import { buildContext, type GlobalOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { CommandFailed, failedAt } from '../failure.js';
import { runAction } from '../run-action.js';
import { describeHeldLease, parseIds, printSummary } from './import.js';

/** What `retry` takes: refunds in status error, and the entities that park failed records. */
function retryable(): Record<string, EntityImporter> {
  return Object.fromEntries(Object.entries(IMPORTERS).filter(([name, i]) => i.parks || name === 'refunds'));
}

export function retryCommand(): Command {
  const names = Object.keys(retryable());
  return new Command('retry')
    .description(
      'reprocess what failed before: parked products, customers or orders; refunds in status error (never duplicates)',
    )
    .argument('<what>', names.join(' | '))
    .addOption(new Option('-i, --instance <name>', 'the store instance (required when several are configured)'))
    .option('--id <ids...>', 'only these BigCommerce ids')
    .option('--json', 'print the summary as JSON')
    .action((what: string, flags: RetryFlags, cmd: Command) =>
      runAction(() => retryAction(what, names, flags, cmd), { json: flags.json }),
    );
}

interface RetryFlags {
  instance?: string;
  id?: string[];
  json?: boolean;
}

async function retryAction(what: string, names: string[], flags: RetryFlags, cmd: Command): Promise<number> {
  const cli = buildContext(cmd.optsWithGlobals<GlobalOptions>());
  const importer = retryable()[what];
  if (!importer)
    throw new ConfigError('command line', [
      { path: '<what>', message: `cannot retry "${what}"; choose one of ${names.join(', ')}` },
    ]);
  const inst = selectInstance(cli.config, flags.instance);
  const ids = parseIds(flags.id);
  return withPoolLink(cli.config, cli.logger, async (link) => {
    const odoo = await connectOdooOrExit(inst, cli.logger);
    const lost = new AbortController();
    const where = { instance: inst.name, entity: importer.entity };
    const ctx = await openImportContext(inst, {
      logger: cli.logger,
      odoo,
      signal: lost.signal,
      registry: link.registry,
      run: { operation: importer.parks ? 'retry' : 'import', entity: importer.entity },
    })
      .then(link.withLock)
      .catch((err: unknown) => {
        throw failedAt(err, where);
      });
    const leases = new LeaseManager(odoo, `bc-odoo retry ${leaseHolderId()}`, cli.config.daemon.leaseSeconds * 1000);
    const opts: ImportOptions = importer.parks ? { retryParked: true, ids } : { retry: true, ids };
    const run = await runLeasedImport({
      ctx,
      leases,
      importer,
      opts,
      logger: cli.logger,
      onLost: (err) => lost.abort(err),
    }).catch((err: unknown) => {
      throw failedAt(err, where);
    });
    if (!run.ok)
      throw new CommandFailed(describeHeldLease(inst.name, importer.entity, run).trim(), EXIT.FAILURE, {
        kind: 'lease_held',
        ...where,
      });
    if (flags.json) process.stdout.write(`${JSON.stringify(run.summary, null, 2)}\n`);
    else printSummary(inst.name, run.summary);
    return run.summary.failed ? EXIT.FAILURE : EXIT.OK;
  });
}
