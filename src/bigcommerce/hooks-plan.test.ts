import { describe, expect, it } from 'vitest';
import { describeHookAction, type ExistingHook, planHooks } from './hooks-plan.js';
import { HOOK_SCOPES, WEBHOOK_SECRET_HEADER } from './webhook-events.js';

const URL_ = 'https://bc-odoo.example.com/webhooks';
const SECRET = 'correct-horse-battery';
const target = { destination: URL_, secret: SECRET };

let nextId = 1;
function hook(scope: string, over: Partial<ExistingHook> = {}): ExistingHook {
  return {
    id: nextId++,
    scope,
    destination: URL_,
    is_active: true,
    headers: { [WEBHOOK_SECRET_HEADER]: SECRET },
    ...over,
  };
}
const allOurs = (): ExistingHook[] => HOOK_SCOPES.map((s) => hook(s));

describe('planHooks', () => {
  it('creates one hook per scope on an empty store', () => {
    const plan = planHooks([], target);
    expect(plan.actions).toEqual(HOOK_SCOPES.map((scope) => ({ kind: 'create', scope, destination: URL_ })));
  });

  it('changes nothing when every scope has its active hook with the secret', () => {
    const hooks = allOurs();
    const plan = planHooks(hooks, target);
    expect(plan.actions).toEqual([]);
    expect(plan.unchanged).toEqual(hooks.map((h) => h.id));
  });

  const cases: Array<[string, (h: ExistingHook[]) => ExistingHook[], object[]]> = [
    [
      'reactivates a deactivated hook',
      (h) => h.map((x, i) => (i === 0 ? { ...x, is_active: false } : x)),
      [{ kind: 'update', scope: 'store/order/*', reasons: ['inactive'] }],
    ],
    [
      'puts back a changed secret',
      (h) => h.map((x, i) => (i === 1 ? { ...x, headers: { [WEBHOOK_SECRET_HEADER]: 'old-secret-value' } } : x)),
      [{ kind: 'update', scope: 'store/product/*', reasons: ['secret'] }],
    ],
    [
      'gives the secret to a hook at our URL that has none (names compare case-insensitively)',
      (h) =>
        h.map((x, i) =>
          i === 2 ? { ...x, headers: null } : i === 3 ? { ...x, headers: { 'x-bc-odoo-secret': SECRET } } : x,
        ),
      [{ kind: 'update', scope: 'store/sku/*', reasons: ['secret'] }],
    ],
    [
      'moves a hook of ours left at an old URL (found by its header) to the new one',
      (h) => h.map((x, i) => (i === 4 ? { ...x, destination: 'https://old.example.com/hooks' } : x)),
      [{ kind: 'update', scope: 'store/category/*', reasons: ['destination'] }],
    ],
    [
      'deletes a hook of ours for a scope no longer wanted',
      (h) => [...h, hook('store/cart/*')],
      [{ kind: 'delete', scope: 'store/cart/*', reason: 'scope not wanted' }],
    ],
    [
      'keeps the active one of two and deletes the duplicate',
      (h) => [hook('store/order/*', { is_active: false, destination: 'https://old.example.com/x' }), ...h],
      [{ kind: 'delete', scope: 'store/order/*', reason: 'duplicate' }],
    ],
    [
      'leaves other apps’ hooks alone, even for our scopes',
      (h) => [
        ...h,
        hook('store/order/*', { destination: 'https://other-app.example.com/', headers: { 'X-Other': 'x' } }),
      ],
      [],
    ],
  ];

  it.each(cases)('%s', (_name, edit, expected) => {
    const hooks = edit(allOurs());
    const plan = planHooks(hooks, target);
    expect(plan.actions).toHaveLength(expected.length);
    expect(plan.actions).toEqual(expected.map((e) => expect.objectContaining(e)));
  });

  it('counts other apps’ hooks as foreign and orders deletes before updates before creates', () => {
    const foreign = hook('store/order/*', { destination: 'https://other.example.com/', headers: null });
    const stale = hook('store/cart/*');
    const inactive = hook('store/order/*', { is_active: false });
    const plan = planHooks([foreign, stale, inactive], target);
    expect(plan.foreign).toEqual([foreign.id]);
    expect(plan.actions.map((a) => a.kind)).toEqual(['delete', 'update', 'create', 'create', 'create', 'create']);
  });

  it('describes an action without the secret', () => {
    const h = hook('store/order/*', { headers: null });
    const lines = planHooks([h], target).actions.map(describeHookAction);
    expect(lines[0]).toBe(`update #${h.id} store/order/* (secret)`);
    expect(lines.join('\n')).not.toContain(SECRET);
  });
});
