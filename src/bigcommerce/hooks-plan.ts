/**
 * What `bc-odoo webhooks sync` must change so the store sends bc-odoo exactly one active hook
 * per scope it imports (HOOK_SCOPES), to its public URL, carrying its shared secret — decided
 * from the hooks the store lists, without sending anything (pure, table-tested).
 *
 * A hook is bc-odoo's when it points at bc-odoo's URL or carries bc-odoo's secret header (a
 * hook left behind at an old URL). Every other hook belongs to another app and is left alone.
 * Of bc-odoo's hooks, one per wanted scope is kept (at the URL, else moved there), reactivated
 * and given the secret if needed; the rest — scopes no longer wanted, duplicates — are deleted.
 */
import type { BcHook } from './schemas.js';
import { HOOK_SCOPES, WEBHOOK_SECRET_HEADER } from './webhook-events.js';

/** The header BigCommerce sends back on every callback, so the receiver knows the call is from our hook. */

export interface HookTarget {
  /** the public https URL BigCommerce calls, path included */
  readonly destination: string;
  readonly secret: string;
  /** default HOOK_SCOPES */
  readonly scopes?: readonly string[];
}

/** The hook as the plan needs it (BcHook, or a test's literal). */
export type ExistingHook = Pick<BcHook, 'id' | 'scope' | 'destination' | 'is_active' | 'headers'>;

export type UpdateReason = 'inactive' | 'secret' | 'destination';
export type DeleteReason = 'scope not wanted' | 'duplicate';

export type HookAction =
  | { readonly kind: 'create'; readonly scope: string; readonly destination: string }
  | {
      readonly kind: 'update';
      readonly id: number;
      readonly scope: string;
      readonly destination: string;
      readonly reasons: readonly UpdateReason[];
    }
  | {
      readonly kind: 'delete';
      readonly id: number;
      readonly scope: string;
      readonly destination: string;
      readonly reason: DeleteReason;
    };

export interface HookPlan {
  /** deletes first (they free the per-scope limit), then updates, then creates */
  readonly actions: readonly HookAction[];
  /** ours, already as wanted */
  readonly unchanged: readonly number[];
  /** other apps' hooks, left alone */
  readonly foreign: readonly number[];
}

/** The headers bc-odoo's hooks carry: the secret and nothing else. */
export function hookHeaders(secret: string): Record<string, string> {
  return { [WEBHOOK_SECRET_HEADER]: secret };
}

const hasSecretHeader = (h: ExistingHook): boolean =>
  Object.keys(h.headers ?? {}).some((k) => k.toLowerCase() === WEBHOOK_SECRET_HEADER.toLowerCase());

/** Exactly our header, with this secret (names compare case-insensitively, as HTTP's do). */
function carriesSecret(h: ExistingHook, secret: string): boolean {
  const entries = Object.entries(h.headers ?? {});
  return (
    entries.length === 1 &&
    entries[0]?.[0].toLowerCase() === WEBHOOK_SECRET_HEADER.toLowerCase() &&
    entries[0][1] === secret
  );
}

export function isOurs(h: ExistingHook, destination: string): boolean {
  return h.destination === destination || hasSecretHeader(h);
}

export function planHooks(existing: readonly ExistingHook[], target: HookTarget): HookPlan {
  const wanted = [...new Set(target.scopes ?? HOOK_SCOPES)];
  const sorted = [...existing].sort((a, b) => a.id - b.id);
  const ours = sorted.filter((h) => isOurs(h, target.destination));
  const foreign = sorted.filter((h) => !isOurs(h, target.destination)).map((h) => h.id);

  const deletes: HookAction[] = [];
  const updates: HookAction[] = [];
  const creates: HookAction[] = [];
  const unchanged: number[] = [];
  const kept = new Set<number>();

  for (const scope of wanted) {
    const same = ours.filter((h) => h.scope === scope);
    // at the URL already is best; then an active one; the oldest otherwise
    const keep =
      same.find((h) => h.destination === target.destination && h.is_active) ??
      same.find((h) => h.destination === target.destination) ??
      same.find((h) => h.is_active) ??
      same[0];
    if (!keep) {
      creates.push({ kind: 'create', scope, destination: target.destination });
      continue;
    }
    kept.add(keep.id);
    const reasons: UpdateReason[] = [];
    if (keep.destination !== target.destination) reasons.push('destination');
    if (!keep.is_active) reasons.push('inactive');
    if (!carriesSecret(keep, target.secret)) reasons.push('secret');
    if (reasons.length === 0) unchanged.push(keep.id);
    else updates.push({ kind: 'update', id: keep.id, scope, destination: target.destination, reasons });
  }
  for (const h of ours) {
    if (kept.has(h.id)) continue;
    deletes.push({
      kind: 'delete',
      id: h.id,
      scope: h.scope,
      destination: h.destination,
      reason: wanted.includes(h.scope) ? 'duplicate' : 'scope not wanted',
    });
  }
  return { actions: [...deletes, ...updates, ...creates], unchanged, foreign };
}

/** One line for a person; never the secret. */
export function describeHookAction(a: HookAction): string {
  switch (a.kind) {
    case 'create':
      return `create ${a.scope} → ${a.destination}`;
    case 'update':
      return `update #${a.id} ${a.scope} (${a.reasons.join(', ')})`;
    case 'delete':
      return `delete #${a.id} ${a.scope} → ${a.destination} (${a.reason})`;
  }
}
