/**
 * The CLI: flags become options for the same library functions the tests call. Each command
 * lives in cli/commands/ and is registered here.
 */
import { Command, Option } from 'commander';
import { sandboxCommand } from './sandbox-command.js';
import { setupCommand } from './commands/setup.js';
import { testConnectionCommand } from './commands/test-connection.js';
import { demoCommand } from './commands/demo.js';
import { exportCommand } from './commands/export.js';
import { importCommand } from './commands/import.js';
import { daemonCommand } from './commands/daemon.js';
import { retryCommand } from './commands/retry.js';
import { webhooksCommand } from './commands/webhooks.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function buildProgram(): Command {
  const program = new Command('bc-odoo')
    .description('Keeps a BigCommerce store and an Odoo ERP in step, from beside Odoo (no Odoo module needed).')
    .version('0.1.0')
    .addOption(
      new Option('-c, --config <file>', 'configuration file (env BC_ODOO_CONFIG, default config/bc-odoo.yaml)'),
    )
    .addOption(new Option('--log-level <level>', 'log level').choices(LOG_LEVELS))
    .showHelpAfterError()
    .exitOverride((err) => {
      // commander's own usage errors are configuration mistakes too: exit 2.
      process.exit(err.exitCode === 0 ? 0 : 2);
    });
  program.addCommand(setupCommand());
  program.addCommand(testConnectionCommand());
  program.addCommand(importCommand());
  program.addCommand(exportCommand());
  program.addCommand(daemonCommand());
  program.addCommand(retryCommand());
  program.addCommand(webhooksCommand());
  program.addCommand(sandboxCommand());
  program.addCommand(demoCommand());
  return program;
}
