import { Command, Option } from 'commander';
import { ConfigError, selectInstance } from '../../config/index.js';
import { openImportContext } from '../../sync/context.js';
import { refundImporter } from '../../sync/refund/importer.js';
import { describeSummary, runImport } from '../../sync/run-import.js';
import { connectOdooOrExit } from '../clients.js';
import { buildContext, type GlobalOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { runAction } from '../run-action.js';
import { parseIds } from './import.js';

export function retryCommand(): Command {
  return new Command('retry')
    .description('reprocess what failed before: refunds in status error (never duplicates a credit note)')
    .argument('<what>', 'refunds')
    .addOption(new Option('-i, --instance <name>', 'the store instance (required when several are configured)'))
    .option('--id <ids...>', 'only these BigCommerce refund ids')
    .option('--json', 'print the summary as JSON')
    .action((what: string, flags: { instance?: string; id?: string[]; json?: boolean }, cmd: Command) =>
      runAction(async () => {
        const cli = buildContext(cmd.optsWithGlobals<GlobalOptions>());
        if (what !== 'refunds') throw new ConfigError('command line', [{ path: '<what>', message: `cannot retry "${what}"; only refunds` }]);
        const inst = selectInstance(cli.config, flags.instance);
        const odoo = await connectOdooOrExit(inst, cli.logger);
        const ctx = await openImportContext(inst, { logger: cli.logger, odoo });
        const s = await runImport(ctx, refundImporter, { retry: true, ids: parseIds(flags.id) });
        if (flags.json) process.stdout.write(JSON.stringify(s, null, 2) + '\n');
        else {
          process.stdout.write(`[${inst.name}] retry ${describeSummary(s)}\n`);
          for (const f of s.failures.slice(0, 20)) process.stdout.write(`  still failing: refund ${f.bcId}: ${f.message}\n`);
        }
        return s.failed ? EXIT.FAILURE : EXIT.OK;
      }),
    );
}
