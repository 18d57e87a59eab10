/**
 * `bc-odoo webhooks sync` registers, per store, the hooks the daemon's receiver needs (one per
 * HOOK_SCOPES scope, to its public URL, with the shared secret header) and repairs them
 * (reactivated, secret put back, stale ones of bc-odoo deleted; other apps' hooks untouched);
 * `bc-odoo webhooks list` shows a store's hooks with header values redacted.
 *
 * The public URL and the secret come from BC_ODOO_WEBHOOK_URL / BC_ODOO_WEBHOOK_SECRET, else
 * from the configuration's `daemon.webhooks` (public_url, secret), read loosely here so this
 * command does not depend on how that section is compiled.
 */
import { Command, Option } from 'commander';
import { ConfigError, type AppConfig, type InstanceConfig } from '../../config/index.js';
import { describeHookAction, isOurs, type HookAction, type HookTarget } from '../../bigcommerce/hooks-plan.js';
import { syncHooks, type HookSyncResult } from '../../bigcommerce/hooks-sync.js';
import { WEBHOOK_SECRET_HEADER } from '../../bigcommerce/webhook-events.js';
import type { BcHook } from '../../bigcommerce/schemas.js';
import { REDACTED, registerSecret } from '../../log/redact.js';
import { bigCommerceClient } from '../../sync/instance-clients.js';
import { buildContext, type GlobalOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { failedAt } from '../failure.js';
import { runAction } from '../run-action.js';

interface Flags {
  instance?: string;
  dryRun?: boolean;
  json?: boolean;
}

/** `daemon.webhooks` as a file or a compiled config may spell it (snake_case or camelCase). */
function configuredWebhooks(config: AppConfig | undefined): { url?: string; secret?: string } {
  const w = (config?.daemon as unknown as { webhooks?: Record<string, unknown> } | undefined)?.webhooks;
  if (!w || typeof w !== 'object') return {};
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  return { url: str(w.public_url) ?? str(w.publicUrl), secret: str(w.secret) };
}

/**
 * The destination and secret hooks are registered with: the environment first, then the
 * config. A missing one is a configuration mistake (exit 2) naming both places to set it.
 */
export function webhookTarget(env: NodeJS.ProcessEnv, config: AppConfig | undefined): HookTarget {
  const conf = configuredWebhooks(config);
  const destination = env.BC_ODOO_WEBHOOK_URL?.trim() || conf.url;
  const secret = env.BC_ODOO_WEBHOOK_SECRET?.trim() || conf.secret;
  const issues = [];
  if (!destination)
    issues.push({
      path: 'daemon.webhooks.public_url',
      message:
        'is not set: set BC_ODOO_WEBHOOK_URL (or daemon.webhooks.public_url) to the public https URL of the receiver, path included',
    });
  else if (!/^https?:\/\//i.test(destination))
    issues.push({ path: 'daemon.webhooks.public_url', message: 'must be an absolute https URL' });
  if (!secret)
    issues.push({
      path: 'daemon.webhooks.secret',
      message:
        'is not set: set BC_ODOO_WEBHOOK_SECRET (or daemon.webhooks.secret), the shared secret BigCommerce sends back',
    });
  if (issues.length > 0) throw new ConfigError(config?.source ?? 'environment', issues);
  registerSecret(secret);
  return { destination: destination as string, secret: secret as string };
}

/** An action as printed or put in JSON: never the secret (actions carry none; headers are not in them). */
function actionJson(a: HookAction): Record<string, unknown> {
  return { ...a, text: describeHookAction(a) };
}

export function syncReport(instance: string, r: HookSyncResult): Record<string, unknown> {
  return {
    instance,
    dryRun: r.dryRun,
    actions: r.plan.actions.map(actionJson),
    applied: r.applied.length,
    failed: r.failed.map((f) => ({ ...actionJson(f.action), error: f.error, outcomeUnknown: f.outcomeUnknown })),
    unchanged: r.plan.unchanged,
    foreign: r.plan.foreign,
  };
}

/** A hook as `list` shows it: header names kept, values redacted. */
export function hookView(h: BcHook, destination: string | undefined): Record<string, unknown> {
  const headers = h.headers === null ? null : Object.fromEntries(Object.keys(h.headers).map((k) => [k, REDACTED]));
  return {
    id: h.id,
    scope: h.scope,
    destination: h.destination,
    is_active: h.is_active,
    headers,
    ours: isOurs(h, destination ?? '\0'),
  };
}

async function syncAction(flags: Flags, cmd: Command): Promise<number> {
  const cli = buildContext(cmd.optsWithGlobals<GlobalOptions>());
  const target = webhookTarget(process.env, cli.config);
  const reports = [];
  let exit: number = EXIT.OK;
  for (const inst of cli.instances(flags.instance)) {
    const r = await syncOne(inst, target, flags, cli.logger);
    reports.push(syncReport(inst.name, r));
    if (r.failed.length > 0) exit = EXIT.FAILURE;
    if (!flags.json) printSync(inst.name, r);
  }
  if (flags.json) process.stdout.write(`${JSON.stringify({ ok: exit === EXIT.OK, stores: reports }, null, 2)}\n`);
  return exit;
}

async function syncOne(
  inst: InstanceConfig,
  target: HookTarget,
  flags: Flags,
  logger: ReturnType<typeof buildContext>['logger'],
): Promise<HookSyncResult> {
  const log = logger.child({ instance: inst.name });
  try {
    return await syncHooks(bigCommerceClient(inst, log), target, { dryRun: flags.dryRun });
  } catch (err) {
    throw failedAt(err, { instance: inst.name });
  }
}

function printSync(instance: string, r: HookSyncResult): void {
  const out: string[] = [];
  const verb = r.dryRun ? 'would ' : '';
  for (const a of r.plan.actions) {
    const failure = r.failed.find((f) => f.action === a);
    out.push(`[${instance}] ${verb}${describeHookAction(a)}${failure ? ` — FAILED: ${failure.error}` : ''}`);
  }
  out.push(
    `[${instance}] ${r.plan.actions.length === 0 ? 'hooks up to date' : `${r.dryRun ? 'dry run: nothing sent' : `${r.applied.length} applied, ${r.failed.length} failed`}`}; ${r.plan.unchanged.length} unchanged, ${r.plan.foreign.length} of other apps left alone`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

async function listAction(flags: Flags, cmd: Command): Promise<number> {
  const cli = buildContext(cmd.optsWithGlobals<GlobalOptions>());
  // only to mark bc-odoo's hooks: listing needs no receiver settings
  const destination = process.env.BC_ODOO_WEBHOOK_URL?.trim() || configuredWebhooks(cli.config).url;
  const stores = [];
  for (const inst of cli.instances(flags.instance)) {
    const client = bigCommerceClient(inst, cli.logger.child({ instance: inst.name }));
    const { records, errors } = await client
      .hooks()
      .all()
      .catch((err: unknown) => {
        throw failedAt(err, { instance: inst.name });
      });
    const hooks = records.map((h) => hookView(h, destination));
    stores.push({ instance: inst.name, hooks, unreadable: errors.length });
    if (!flags.json) {
      const lines = hooks.map(
        (h) =>
          `[${inst.name}] #${h.id} ${h.is_active ? 'active  ' : 'INACTIVE'} ${h.scope} → ${h.destination}${h.ours ? ' (bc-odoo)' : ''}${h.headers ? ` headers: ${Object.keys(h.headers).join(', ')}` : ''}`,
      );
      if (hooks.length === 0) lines.push(`[${inst.name}] no hooks`);
      if (errors.length > 0) lines.push(`[${inst.name}] ${errors.length} hook(s) could not be read`);
      process.stdout.write(`${lines.join('\n')}\n`);
    }
  }
  if (flags.json) process.stdout.write(`${JSON.stringify({ ok: true, stores }, null, 2)}\n`);
  return EXIT.OK;
}

export function webhooksCommand(): Command {
  const cmd = new Command('webhooks').description(
    `BigCommerce webhooks for the daemon's receiver (header ${WEBHOOK_SECRET_HEADER}): sync | list`,
  );
  cmd
    .command('sync')
    .description(
      'register one hook per scope bc-odoo imports, to BC_ODOO_WEBHOOK_URL with BC_ODOO_WEBHOOK_SECRET; reactivate, repair, delete stale ones of bc-odoo; other apps’ hooks are left alone',
    )
    .addOption(new Option('-i, --instance <name>', 'only this instance (default: every configured instance)'))
    .option('--dry-run', 'print what would change, without sending anything')
    .option('--json', 'print the result as JSON (on failure: {"ok":false,"error":{…}})')
    .action((flags: Flags, sub: Command) => runAction(() => syncAction(flags, sub), { json: flags.json }));
  cmd
    .command('list')
    .description("list the store's hooks (header values redacted); bc-odoo's are marked")
    .addOption(new Option('-i, --instance <name>', 'only this instance (default: every configured instance)'))
    .option('--json', 'print the hooks as JSON')
    .action((flags: Flags, sub: Command) => runAction(() => listAction(flags, sub), { json: flags.json }));
  return cmd;
}
