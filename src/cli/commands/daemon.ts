/**
 * `bc-odoo daemon`: turns flags into the daemon's config and calls the same runDaemon() the
 * tests call (STYLE §9). Signals are handled here, not in the library: the first SIGTERM or
 * SIGINT stops scheduling and lets the running import finish (within shutdown_grace_seconds),
 * the second aborts it.
 */
import { Command, Option } from 'commander';
import { runDaemon } from '../../daemon/index.js';
import { buildContext, type GlobalOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { CommandFailed, runAction } from '../run-action.js';

interface DaemonFlags {
  instance?: string;
  once?: boolean;
}

export function daemonCommand(): Command {
  return new Command('daemon')
    .description(
      "keep Odoo in step with BigCommerce on each instance's schedule, with /healthz, /readyz and /metrics; --once runs every enabled entity once and exits",
    )
    .addOption(new Option('-i, --instance <name>', 'only this instance (default: every configured instance)'))
    .option('--once', 'run each enabled entity once, in dependency order, then exit (for cron); exit 1 if a run failed')
    .action((flags: DaemonFlags, cmd: Command) =>
      runAction(async () => {
        const cli = buildContext(cmd.optsWithGlobals<GlobalOptions>());
        const config = { instances: cli.instances(flags.instance), daemon: cli.config.daemon };
        let handle: Awaited<ReturnType<typeof runDaemon>>;
        try {
          handle = await runDaemon(config, { logger: cli.logger, once: flags.once });
        } catch (err) {
          const e = err as NodeJS.ErrnoException;
          const where = `${config.daemon.http.host}:${config.daemon.http.port}`;
          if (e.code === 'EADDRINUSE')
            throw new CommandFailed(
              `daemon.http: ${where} is in use (another daemon?); choose another daemon.http.port or BC_ODOO_HTTP_PORT`,
              EXIT.CONFIG,
            );
          if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND' || e.code === 'EACCES')
            throw new CommandFailed(`daemon.http: cannot listen on ${where} (${e.code})`, EXIT.CONFIG);
          throw err;
        }
        let signals = 0;
        const onSignal = (sig: NodeJS.Signals): void => {
          signals++;
          if (signals === 1) {
            process.stderr.write(
              `bc-odoo daemon: ${sig}: finishing the running import (at most ${config.daemon.shutdownGraceSeconds} s); send it again to abort\n`,
            );
            void handle.stop();
          } else {
            process.stderr.write(`bc-odoo daemon: ${sig} again: aborting\n`);
            void handle.abort();
          }
        };
        process.on('SIGTERM', onSignal);
        process.on('SIGINT', onSignal);
        if (handle.url)
          process.stdout.write(
            `bc-odoo daemon running; endpoint ${handle.url} (/healthz, /readyz, /metrics); lease holder ${handle.holder}\n`,
          );
        try {
          const result = await handle.done;
          if (flags.once) {
            process.stdout.write(
              `bc-odoo daemon --once: ${result.runs} runs, ${result.failed} failed, ${result.partial} with failed records, ${result.held} skipped (lease held elsewhere)\n`,
            );
            return result.failed || result.partial ? EXIT.FAILURE : EXIT.OK;
          }
          return result.aborted ? EXIT.FAILURE : EXIT.OK;
        } finally {
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
          // Sockets kept alive by clients must not hold the process past its shutdown bound.
          setTimeout(() => process.exit(), 2_000).unref();
        }
      }),
    );
}
