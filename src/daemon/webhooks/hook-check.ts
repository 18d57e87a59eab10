/**
 * The daemon's hook check, per instance: once the receiver listens, then every
 * daemon.webhooks.check_every, the store's hooks are listed and repaired as `bc-odoo webhooks
 * sync` does (hooks-sync.ts). Why: BigCommerce deactivates a hook whose deliveries keep failing
 * (a receiver down for a while) and then sends nothing until someone notices — the polls would
 * hide it. Each check ends as typed data (HookCheck): logged (a re-enabled hook as a warning
 * naming its scope), counted in metrics, and written on the store record in Odoo for the
 * dashboard. A failed check is a warning and is tried again at the next interval; it never
 * stops the daemon. The secret and the hook headers are never in what it reports.
 */
import { describeHookAction, type HookTarget } from '../../bigcommerce/hooks-plan.js';
import { syncHooks, type HookClient, type HookSyncResult } from '../../bigcommerce/hooks-sync.js';
import type { Logger } from '../../log/logger.js';
import { redactText } from '../../log/redact.js';
import type { DaemonMetrics } from '../metrics.js';
import { type Clock, realClock } from './dispatch.js';

export type HookCheck =
  | {
      readonly kind: 'checked';
      readonly at: Date;
      /** bc-odoo's hooks active in the store after the check */
      readonly active: number;
      /** scopes of the hooks found deactivated and re-enabled */
      readonly reactivated: readonly string[];
      /** every action applied (creates, updates, deletes), for the log */
      readonly applied: readonly string[];
    }
  | {
      readonly kind: 'failed';
      readonly at: Date;
      /** short, redacted: it goes to the log and to Odoo */
      readonly reason: string;
      readonly reactivated: readonly string[];
      /** known when the hooks could be listed (an action was refused) */
      readonly active?: number;
    };

/** Long enough to say what failed, short enough for a dashboard line. */
const MAX_REASON = 160;

function shortReason(text: string): string {
  const line = redactText(text).split('\n')[0]?.trim() ?? '';
  return line.length > MAX_REASON ? `${line.slice(0, MAX_REASON - 1)}…` : line;
}

/** What a sync did, as a check's outcome (pure). */
export function checkOutcome(r: HookSyncResult, at: Date): HookCheck {
  const reactivated = r.applied.flatMap((a) =>
    a.kind === 'update' && a.reasons.includes('inactive') ? [a.scope] : [],
  );
  // ours and active afterwards: the ones already right, and those an update or create just made right
  const active = r.plan.unchanged.length + r.applied.filter((a) => a.kind !== 'delete').length;
  const [first] = r.failed;
  if (first)
    return {
      kind: 'failed',
      at,
      reason: shortReason(`${r.failed.length} action(s) refused: ${describeHookAction(first.action)}: ${first.error}`),
      reactivated,
      active,
    };
  return { kind: 'checked', at, active, reactivated, applied: r.applied.map(describeHookAction) };
}

/** One check: the sync, or why it could not be done (never throws). */
export async function checkHooks(client: HookClient, target: HookTarget, now: () => Date): Promise<HookCheck> {
  try {
    return checkOutcome(await syncHooks(client, target), now());
  } catch (err) {
    return {
      kind: 'failed',
      at: now(),
      reason: shortReason(err instanceof Error ? err.message : String(err)),
      reactivated: [],
    };
  }
}

const hooks = (n: number): string => `${n} hook${n === 1 ? '' : 's'}`;

/** The dashboard's line (x_bc_instance.x_webhooks_status). */
export function hookStatusText(c: HookCheck): string {
  const checked = `checked ${c.at.toISOString()}`;
  const reenabled =
    c.reactivated.length > 0
      ? `${c.reactivated.length} deactivated ${c.reactivated.length === 1 ? 'hook' : 'hooks'} re-enabled (${c.reactivated.join(', ')}) · `
      : '';
  if (c.kind === 'failed') return `check failed: ${c.reason} · ${reenabled}${checked}`;
  return `${reenabled}${hooks(c.active)} active · ${checked}`;
}

export interface HookCheckerOptions {
  readonly instance: string;
  readonly client: HookClient;
  readonly target: HookTarget;
  readonly everyMs: number;
  readonly logger: Logger;
  readonly metrics: Pick<DaemonMetrics, 'trackHooks' | 'hookCheck'>;
  /** writes the dashboard line on the store record in Odoo */
  readonly writeStatus: (text: string) => Promise<void>;
  readonly clock?: Clock;
}

/** Runs checkHooks at start and then every `everyMs` (from the end of one to the start of the next). */
export class HookChecker {
  private readonly clock: Clock;
  private readonly log: Logger;
  private timer: unknown;
  private current: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly o: HookCheckerOptions) {
    this.clock = o.clock ?? realClock;
    this.log = o.logger.child({ instance: o.instance, component: 'hook-check' });
    o.metrics.trackHooks(o.instance);
  }

  /** The first check now (not awaited: the daemon's start does not wait for BigCommerce). */
  start(): void {
    this.runNow();
  }

  /** The check under way, if any, has ended (tests). */
  settled(): Promise<void> {
    return this.current;
  }

  /** No further check; waits for the one under way (its requests are aborted by the caller's signal). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.current;
  }

  private runNow(): void {
    this.timer = undefined;
    this.current = this.once().finally(() => {
      if (!this.stopped) this.timer = this.clock.setTimeout(() => this.runNow(), this.o.everyMs);
    });
  }

  private async once(): Promise<void> {
    const c = await checkHooks(this.o.client, this.o.target, () => new Date(this.clock.now()));
    // stopping aborts the requests: that failure is the daemon's doing, not the store's
    if (this.stopped) return;
    this.report(c);
    await this.o.writeStatus(hookStatusText(c)).catch((err: unknown) => {
      this.log.warn(
        { reason: shortReason(err instanceof Error ? err.message : String(err)) },
        'webhooks: could not write the hook check on the store record in Odoo (is `bc-odoo setup` up to date?)',
      );
    });
  }

  private report(c: HookCheck): void {
    for (const scope of c.reactivated)
      this.log.warn({ scope }, `webhooks: the ${scope} hook had been deactivated by BigCommerce; re-enabled`);
    this.o.metrics.hookCheck(this.o.instance, {
      reactivated: c.reactivated.length,
      failed: c.kind === 'failed',
      active: c.active,
    });
    if (c.kind === 'failed') {
      this.log.warn(
        { reason: c.reason, retryInMs: this.o.everyMs },
        `webhooks: hook check failed (${c.reason}); trying again at the next check`,
      );
    } else if (c.applied.length > 0) {
      this.log.info({ actions: c.applied, active: c.active }, `webhooks: hooks repaired (${c.applied.join('; ')})`);
    } else {
      this.log.debug({ active: c.active }, `webhooks: ${hooks(c.active)} active`);
    }
  }
}
