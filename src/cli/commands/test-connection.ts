import { Command, Option } from 'commander';
import { bigCommerceClient, connectOdoo } from '../../sync/instance-clients.js';
import { describe, testConnection } from '../../sync/test-connection.js';
import { buildContext, type GlobalOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { runAction } from '../run-action.js';

export function testConnectionCommand(): Command {
  return new Command('test-connection')
    .description(
      'check BigCommerce (token, store) and Odoo (reachable, version, login, setup, rights); exit 0 when both are fine, 3 on a connection failure',
    )
    .addOption(new Option('-i, --instance <name>', 'only this instance (default: every configured instance)'))
    .option('--json', 'print the result as JSON')
    .action((opts: { instance?: string; json?: boolean }, cmd: Command) =>
      runAction(
        async () => {
          const ctx = buildContext(cmd.optsWithGlobals<GlobalOptions>());
          let exit: number = EXIT.OK;
          const results = [];
          for (const inst of ctx.instances(opts.instance)) {
            const log = ctx.logger.child({ instance: inst.name });
            const bc = bigCommerceClient(inst, log, { probe: true });
            const r = await testConnection(inst, {
              getStore: () => bc.getStore(),
              connectOdoo: () => connectOdoo(inst, log),
              logger: log,
            });
            results.push(r);
            if (!opts.json)
              process.stdout.write(
                `[${inst.name}] ${describe('BigCommerce', r.bigcommerce)}\n[${inst.name}] ${describe('Odoo', r.odoo)}\n`,
              );
            exit = Math.max(exit, r.exitCode);
          }
          if (opts.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
          return exit;
        },
        { json: opts.json },
      ),
    );
}
