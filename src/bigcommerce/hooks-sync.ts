/**
 * `webhooks sync` carried out: the store's hooks listed, the plan of hooks-plan.ts made, and
 * its actions sent one by one through the client (deletes, then updates, then creates). One
 * action refused does not stop the others; each outcome is reported as data, and the secret is
 * registered for redaction before anything can print it.
 */
import { redactText, registerSecret } from '../log/redact.js';
import type { BigCommerceClient } from './client.js';
import { hookHeaders, planHooks, type HookAction, type HookPlan, type HookTarget } from './hooks-plan.js';

export type HookClient = Pick<BigCommerceClient, 'hooks' | 'createHook' | 'updateHook' | 'deleteHook'>;

export interface HookActionFailure {
  readonly action: HookAction;
  /** the error's message, redacted */
  readonly error: string;
  /** a write whose answer never came: list the hooks before trying again */
  readonly outcomeUnknown?: boolean;
}

export interface HookSyncResult {
  readonly plan: HookPlan;
  readonly dryRun: boolean;
  /** actions sent and accepted (none on a dry run) */
  readonly applied: readonly HookAction[];
  readonly failed: readonly HookActionFailure[];
}

async function apply(client: HookClient, a: HookAction, target: HookTarget): Promise<void> {
  switch (a.kind) {
    case 'create':
      await client.createHook({
        scope: a.scope,
        destination: a.destination,
        isActive: true,
        headers: hookHeaders(target.secret),
      });
      return;
    case 'update':
      // the whole wanted state, not only what differed: one PUT leaves the hook right
      await client.updateHook(a.id, {
        destination: a.destination,
        isActive: true,
        headers: hookHeaders(target.secret),
      });
      return;
    case 'delete':
      await client.deleteHook(a.id);
      return;
  }
}

export async function syncHooks(
  client: HookClient,
  target: HookTarget,
  opts: { dryRun?: boolean } = {},
): Promise<HookSyncResult> {
  registerSecret(target.secret);
  const { records, errors } = await client.hooks().all();
  // A hook it cannot read might be one of ours: planning without it could duplicate or orphan it.
  if (errors.length > 0)
    throw new Error(
      `the store listed ${errors.length} hook(s) bc-odoo cannot read: ${redactText(errors[0]?.message ?? '')}`,
    );
  const plan = planHooks(records, target);
  const dryRun = opts.dryRun ?? false;
  const applied: HookAction[] = [];
  const failed: HookActionFailure[] = [];
  if (!dryRun) {
    for (const action of plan.actions) {
      try {
        await apply(client, action, target);
        applied.push(action);
      } catch (err) {
        const unknown = (err as { outcomeUnknown?: boolean }).outcomeUnknown === true;
        failed.push({
          action,
          error: redactText(err instanceof Error ? err.message : String(err)),
          ...(unknown ? { outcomeUnknown: true } : {}),
        });
      }
    }
  }
  return { plan, dryRun, applied, failed };
}
