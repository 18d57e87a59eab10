import { Command, Option } from 'commander';
import { ConfigError, type InstanceConfig, selectInstance } from '../../config/index.js';
import { leaseHolderId, LeaseManager } from '../../daemon/lease.js';
import { runLeasedImport } from '../../daemon/leased-run.js';
import { openImportContext } from '../../sync/context.js';
import { GROUPS, IMPORTERS, resolveEntities } from '../../sync/importers.js';
import { describeSummary, type EntityImporter, type ImportOptions, type ImportSummary } from '../../sync/run-import.js';
import type { Tally } from '../../sync/tally.js';
import { connectOdooOrExit } from '../clients.js';
import { buildContext, type CommandContext, type GlobalOptions } from '../context.js';
import { type PoolLink, withPoolLink } from '../pool-link.js';
import { EXIT } from '../exit-codes.js';
import { failedAt } from '../failure.js';
import { runAction } from '../run-action.js';

interface ImportFlags {
  instance?: string;
  id?: string[];
  since?: string;
  from?: string;
  to?: string;
  order?: string[];
  full?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export function importCommand(): Command {
  const entities = [...Object.keys(IMPORTERS), ...Object.keys(GROUPS)];
  return new Command('import')
    .description(`import from BigCommerce into Odoo: ${entities.join(' | ')}`)
    .argument('<entity>', entities.join(' | '))
    .addOption(new Option('-i, --instance <name>', 'the store instance (required when several are configured)'))
    .option('--id <ids...>', 'only these BigCommerce ids (space- or comma-separated)')
    .option('--since <iso>', 'only records modified at or after this time (ISO 8601, e.g. 2026-01-31T00:00:00Z)')
    .option('--from <date>', 'orders created on or after this day or time (YYYY-MM-DD or ISO 8601)')
    .option('--to <date>', 'orders created on or before this day (inclusive) or time')
    .option('--order <ids...>', 'refunds: only those of these BigCommerce orders')
    .option('--full', 'ignore the stored cursor and read everything')
    .option('--dry-run', 'report what would be created, updated or archived, without writing')
    .option('--json', 'print the summary as JSON (on failure: {"ok":false,"error":{…}})')
    .action((entity: string, flags: ImportFlags, cmd: Command) =>
      runAction(() => importAction(entity, entities, flags, cmd), { json: flags.json }),
    );
}

/** The steps of `bc-odoo import`: read the request, connect, import each entity under its lease, report. */
async function importAction(entity: string, entities: string[], flags: ImportFlags, cmd: Command): Promise<number> {
  const cli = buildContext(cmd.optsWithGlobals<GlobalOptions>());
  const { importers, opts } = parseRequest(entity, entities, flags);
  const inst = selectInstance(cli.config, flags.instance);
  return withPoolLink(cli.config, cli.logger, (link) => importEntities(cli, inst, importers, opts, flags, link));
}

/** Connects, imports each entity under its lease and reports, on the pool's budget when there is a pool. */
async function importEntities(
  cli: CommandContext,
  inst: InstanceConfig,
  importers: EntityImporter[],
  opts: ImportOptions,
  flags: ImportFlags,
  link: PoolLink,
): Promise<number> {
  const odoo = await connectOdooOrExit(inst, cli.logger);
  // Losing the entity's lease (see below) aborts the run's BigCommerce requests.
  const lost = new AbortController();
  const first = importers[0]!.entity;
  const ctx = await openImportContext(inst, {
    logger: cli.logger,
    odoo,
    signal: lost.signal,
    registry: link.registry,
    run: flags.dryRun ? undefined : { operation: 'import', entity: first },
  })
    .then(link.withLock)
    .catch((err: unknown) => {
      throw failedAt(err, { instance: inst.name, entity: first });
    });
  const leases = new LeaseManager(odoo, `bc-odoo import ${leaseHolderId()}`, cli.config.daemon.leaseSeconds * 1000);
  const summaries: ImportSummary[] = [];
  let held = false;
  const progress = process.stderr.isTTY && !flags.json ? progressLine : undefined;
  for (const importer of importers) {
    // The same lease a daemon takes: a manual import never runs beside a scheduled one
    // (or another manual one) of the same entity.
    const run = await runLeasedImport({
      ctx,
      leases,
      importer,
      opts: { ...opts, onProgress: progress ? (t) => progress(importer.entity, t) : undefined },
      logger: cli.logger,
      onLost: (err) => lost.abort(err),
    }).catch((err: unknown) => {
      if (progress) process.stderr.write('\r\x1b[K');
      throw failedAt(err, { instance: inst.name, entity: importer.entity });
    });
    if (progress) process.stderr.write('\r\x1b[K');
    if (!run.ok) {
      held = true;
      process.stderr.write(describeHeldLease(inst.name, importer.entity, run));
      continue;
    }
    summaries.push(run.summary);
    if (!flags.json) printSummary(inst.name, run.summary);
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(summaries, null, 2)}\n`);
  return held || summaries.some((s) => s.failed > 0) ? EXIT.FAILURE : EXIT.OK;
}

/** The entities to import and the options, from the argument and the flags; mistakes are exit 2. */
function parseRequest(
  entity: string,
  entities: string[],
  flags: ImportFlags,
): { importers: EntityImporter[]; opts: ImportOptions } {
  const importers = resolveEntities(entity);
  if (!importers.length)
    throw new ConfigError('command line', [
      { path: '<entity>', message: `unknown entity "${entity}"; choose one of ${entities.join(', ')}` },
    ]);
  const createdFrom = parseDay(flags.from, '--from', false);
  const createdTo = parseDay(flags.to, '--to', true);
  if ((createdFrom || createdTo) && !importers.every((i) => i.entity === 'orders')) {
    throw new ConfigError('command line', [
      { path: '--from/--to', message: 'a creation-date range applies to `import orders` only' },
    ]);
  }
  const opts: ImportOptions = {
    ids: parseIds(flags.id),
    since: parseSince(flags.since),
    createdFrom,
    createdTo,
    full: flags.full,
    dryRun: flags.dryRun,
    orderIds: parseIds(flags.order, '--order'),
  };
  return { importers, opts };
}

export function printSummary(instance: string, s: ImportSummary): void {
  process.stdout.write(`[${instance}] ${describeSummary(s)}\n`);
  for (const f of s.failures.slice(0, 20))
    process.stdout.write(`  failed ${f.entity} ${f.bcId}${f.name ? ` (${f.name})` : ''}: ${f.message}\n`);
  if (s.failures.length > 20) process.stdout.write(`  … ${s.failed - 20} more failures in the Odoo operation log\n`);
  for (const w of s.warningList.slice(0, 20))
    process.stdout.write(`  warning ${w.entity} ${w.bcId}${w.name ? ` (${w.name})` : ''}: ${w.message}\n`);
  if (s.parkedIds?.length)
    process.stdout.write(
      `  parked (retried first by the next run): ${s.parkedIds.slice(0, 50).join(', ')}${s.parkedIds.length > 50 ? ', …' : ''}\n`,
    );
}

/** Why an entity was not imported: another process holds its lease (a daemon, or another command). */
export function describeHeldLease(instance: string, entity: string, run: { holder?: string; until?: string }): string {
  return (
    `[${instance}] ${entity}: not imported: another bc-odoo process (${run.holder ?? 'unknown'}) is importing ${entity}` +
    `${run.until ? ` (lease until ${run.until} UTC)` : ''}; run again when it has finished\n`
  );
}

function progressLine(entity: string, t: Tally): void {
  process.stderr.write(
    `\r\x1b[K${entity}: ${t.created} created, ${t.updated} updated, ${t.unchanged} unchanged, ${t.failed} failed…`,
  );
}

export function parseIds(raw: string[] | undefined, flag = '--id'): number[] | undefined {
  if (!raw?.length) return undefined;
  const parts = raw
    .flatMap((r) => r.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = parts.filter((p) => !/^\d+$/.test(p));
  if (bad.length)
    throw new ConfigError('command line', [{ path: flag, message: `not a BigCommerce id: ${bad.join(', ')}` }]);
  return parts.map(Number);
}

/** A day (its start, or its end for --to) or a full timestamp, in UTC. */
export function parseDay(raw: string | undefined, flag: string, endOfDay: boolean): Date | undefined {
  if (!raw) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
    const d = new Date(`${raw}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z`);
    if (!Number.isNaN(d.getTime())) return d;
  }
  try {
    return parseSince(raw);
  } catch {
    throw new ConfigError('command line', [
      { path: flag, message: `"${raw}" must be a day (2026-01-31) or an ISO 8601 timestamp with a time zone` },
    ]);
  }
}

export function parseSince(raw: string | undefined): Date | undefined {
  if (!raw) return undefined;
  // A bare date would be read by BigCommerce as "that day at the current time": insist on a timestamp.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(raw)) {
    throw new ConfigError('command line', [
      {
        path: '--since',
        message: `"${raw}" must be an ISO 8601 timestamp with a time zone, e.g. 2026-01-31T00:00:00Z`,
      },
    ]);
  }
  const d = new Date(raw);
  if (Number.isNaN(d.getTime()))
    throw new ConfigError('command line', [{ path: '--since', message: `"${raw}" is not a valid time` }]);
  return d;
}
