import { Command, Option } from 'commander';
import { bigCommerceClient } from '../../sync/instance-clients.js';
import { setupInstance } from '../../sync/setup-instance.js';
import { connectOdooOrExit } from '../clients.js';
import { buildContext, type GlobalOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { runAction } from '../run-action.js';

export function setupCommand(): Command {
  return new Command('setup')
    .description(
      'create or update, in Odoo, the BigCommerce models, group, access rights, views and menus (idempotent)',
    )
    .addOption(new Option('-i, --instance <name>', 'only this instance (default: every configured instance)'))
    .option('--json', 'print the result as JSON')
    .action((opts: { instance?: string; json?: boolean }, cmd: Command) =>
      runAction(
        async () => {
          const ctx = buildContext(cmd.optsWithGlobals<GlobalOptions>());
          const results = [];
          for (const inst of ctx.instances(opts.instance)) {
            const log = ctx.logger.child({ instance: inst.name });
            const client = await connectOdooOrExit(inst, log);
            const r = await setupInstance(client, inst, log, bigCommerceClient(inst, log, { probe: true }));
            results.push(r);
            if (!opts.json) {
              process.stdout.write(
                `setup ${inst.name}: ${r.created.length} created, ${r.updated.length} updated, ${r.unchanged} unchanged ` +
                  `(Odoo ${client.version.serverVersion}, database ${inst.odoo.db}, ${r.ms} ms)\n`,
              );
              for (const u of r.updated.filter((x) => !x.includes(' bc_odoo.'))) process.stdout.write(`  ${u}\n`);
              for (const w of r.warnings) process.stdout.write(`  warning: ${w}\n`);
            }
          }
          if (opts.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
          return EXIT.OK;
        },
        { json: opts.json },
      ),
    );
}
