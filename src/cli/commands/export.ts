import { Command, Option } from 'commander';
import { ConfigError, selectInstance } from '../../config/index.js';
import { leaseHolderId, LeaseManager } from '../../daemon/lease.js';
import { runLeasedImport } from '../../daemon/leased-run.js';
import { openImportContext } from '../../sync/context.js';
import { EXPORTERS } from '../../sync/importers.js';
import type { ImportOptions } from '../../sync/run-import.js';
import { connectOdooOrExit } from '../clients.js';
import { withPoolLink } from '../pool-link.js';
import { buildContext, type GlobalOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { failedAt } from '../failure.js';
import { runAction } from '../run-action.js';
import { describeHeldLease, parseIds, printSummary } from './import.js';

interface ExportFlags {
  instance?: string;
  id?: string[];
  order?: string[];
  full?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

/** `export inventory` → the daemon entity export_inventory, and so on. */
const ENTITIES = { inventory: 'export_inventory', shipments: 'export_shipments' } as const;

export function exportCommand(): Command {
  const names = Object.keys(ENTITIES).join(' | ');
  return new Command('export')
    .description(`send Odoo's side to BigCommerce: ${names}`)
    .argument('<entity>', names)
    .addOption(new Option('-i, --instance <name>', 'the store instance (required when several are configured)'))
    .option('--id <ids...>', 'inventory: only these BigCommerce variant ids')
    .option('--order <ids...>', 'shipments: only the deliveries of these BigCommerce orders')
    .option('--full', 'inventory: look at every bound variant, not only those whose stock moved')
    .option('--dry-run', 'report what would be sent, without sending or writing')
    .option('--json', 'print the summary as JSON (on failure: {"ok":false,"error":{…}})')
    .action((entity: string, flags: ExportFlags, cmd: Command) =>
      runAction(() => exportAction(entity, flags, cmd), { json: flags.json }),
    );
}

async function exportAction(name: string, flags: ExportFlags, cmd: Command): Promise<number> {
  const cli = buildContext(cmd.optsWithGlobals<GlobalOptions>());
  const entity = ENTITIES[name as keyof typeof ENTITIES];
  if (!entity)
    throw new ConfigError('command line', [
      { path: '<entity>', message: `unknown entity "${name}"; choose one of ${Object.keys(ENTITIES).join(', ')}` },
    ]);
  if (entity === 'export_inventory' && flags.order?.length)
    throw new ConfigError('command line', [{ path: '--order', message: 'applies to `export shipments` only' }]);
  if (entity === 'export_shipments' && (flags.id?.length || flags.full))
    throw new ConfigError('command line', [
      { path: flags.full ? '--full' : '--id', message: 'applies to `export inventory` only (shipments take --order)' },
    ]);
  const inst = selectInstance(cli.config, flags.instance);
  if (entity === 'export_inventory' && (inst.stock?.master ?? 'bigcommerce') !== 'odoo')
    throw new ConfigError(cli.config.source, [
      {
        path: `instances[${inst.name}].stock.master`,
        message:
          "is bigcommerce: BigCommerce's stock is imported into Odoo; set stock.master: odoo to export Odoo's stock",
      },
    ]);
  const opts: ImportOptions = {
    ids: parseIds(flags.id),
    orderIds: parseIds(flags.order, '--order'),
    full: flags.full,
    dryRun: flags.dryRun,
  };
  return withPoolLink(cli.config, cli.logger, async (link) => {
    const odoo = await connectOdooOrExit(inst, cli.logger);
    const lost = new AbortController();
    const ctx = await openImportContext(inst, {
      logger: cli.logger,
      odoo,
      signal: lost.signal,
      registry: link.registry,
      run: flags.dryRun ? undefined : { operation: 'export', entity },
    })
      .then(link.withLock)
      .catch((err: unknown) => {
        throw failedAt(err, { instance: inst.name, entity });
      });
    const leases = new LeaseManager(odoo, `bc-odoo export ${leaseHolderId()}`, cli.config.daemon.leaseSeconds * 1000);
    const run = await runLeasedImport({
      ctx,
      leases,
      importer: EXPORTERS[entity],
      opts,
      logger: cli.logger,
      onLost: (err) => lost.abort(err),
    }).catch((err: unknown) => {
      throw failedAt(err, { instance: inst.name, entity });
    });
    if (!run.ok) {
      process.stderr.write(describeHeldLease(inst.name, entity, run));
      if (flags.json) process.stdout.write('[]\n');
      return EXIT.FAILURE;
    }
    if (flags.json) process.stdout.write(`${JSON.stringify([run.summary], null, 2)}\n`);
    else printSummary(inst.name, run.summary);
    return run.summary.failed > 0 ? EXIT.FAILURE : EXIT.OK;
  });
}
