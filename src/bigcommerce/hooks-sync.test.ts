/**
 * `webhooks sync` against the sandbox through the real client: exactly HOOK_SCOPES hooks made,
 * nothing written on a second run, a deactivated hook reactivated, a stale one of ours deleted,
 * another app's hook left alone — and the hooks made deliver with the secret header.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../sandbox/index.js';
import { BigCommerceClient } from './client.js';
import { WEBHOOK_SECRET_HEADER } from './webhook-events.js';
import { syncHooks } from './hooks-sync.js';
import { HOOK_SCOPES } from './webhook-events.js';

const URL_ = 'https://bc-odoo.example.com/webhooks';
const SECRET = 'sync-test-secret-value';

let sb: SandboxHandle;
let client: BigCommerceClient;

beforeEach(async () => {
  sb = await startSandbox();
  client = new BigCommerceClient({ baseUrl: sb.url, storeHash: sb.storeHash, accessToken: sb.accessToken });
});
afterEach(async () => {
  await sb.close();
});

const writes = () =>
  Object.entries(sb.stats().byPath)
    .filter(([k]) => k.startsWith('/v3/hooks'))
    .reduce((n, [, v]) => n + v, 0);

describe('syncHooks', () => {
  it('registers exactly HOOK_SCOPES, then finds nothing to do', async () => {
    const first = await syncHooks(client, { destination: URL_, secret: SECRET });
    expect(first.failed).toEqual([]);
    expect(first.applied.map((a) => a.kind)).toEqual(HOOK_SCOPES.map(() => 'create'));
    const hooks = sb.store.hooks.all();
    expect(hooks.map((h) => h.scope).sort()).toEqual([...HOOK_SCOPES].sort());
    for (const h of hooks)
      expect(h).toMatchObject({ destination: URL_, isActive: true, headers: { [WEBHOOK_SECRET_HEADER]: SECRET } });

    const before = writes();
    const second = await syncHooks(client, { destination: URL_, secret: SECRET });
    expect(second.plan.actions).toEqual([]);
    expect(second.plan.unchanged).toHaveLength(HOOK_SCOPES.length);
    // one GET of the list, no write
    expect(writes() - before).toBe(1);
  });

  it('reactivates a deactivated hook, deletes a stale one of ours and leaves another app’s hook alone', async () => {
    await syncHooks(client, { destination: URL_, secret: SECRET });
    const order = sb.store.hooks.all().find((h) => h.scope === 'store/order/*');
    sb.store.hooks.deactivate(order?.id as number);
    const stale = sb.store.hooks.create({
      scope: 'store/cart/*',
      destination: URL_,
      headers: { [WEBHOOK_SECRET_HEADER]: SECRET },
    });
    const other = sb.store.hooks.create({ scope: 'store/order/*', destination: 'https://other-app.example.com/in' });

    const r = await syncHooks(client, { destination: URL_, secret: SECRET });
    expect(r.failed).toEqual([]);
    expect(r.applied).toEqual([
      expect.objectContaining({ kind: 'delete', id: stale.id }),
      expect.objectContaining({ kind: 'update', id: order?.id, reasons: ['inactive'] }),
    ]);
    expect(r.plan.foreign).toEqual([other.id]);
    expect(sb.store.hooks.get(order?.id as number)?.isActive).toBe(true);
    expect(sb.store.hooks.get(stale.id)).toBeUndefined();
    expect(sb.store.hooks.get(other.id)).toMatchObject({
      destination: 'https://other-app.example.com/in',
      isActive: true,
    });
  });

  it('on a dry run reports the plan and writes nothing', async () => {
    const r = await syncHooks(client, { destination: URL_, secret: SECRET }, { dryRun: true });
    expect(r.dryRun).toBe(true);
    expect(r.plan.actions).toHaveLength(HOOK_SCOPES.length);
    expect(r.applied).toEqual([]);
    expect(sb.store.hooks.all()).toEqual([]);
  });

  it('reports a refused action as data and goes on with the others', async () => {
    const r = await syncHooks(client, { destination: 'http://plain.example.com/hooks', secret: SECRET });
    expect(r.applied).toEqual([]);
    expect(r.failed).toHaveLength(HOOK_SCOPES.length);
    expect(r.failed[0]?.error).toMatch(/422|invalid/i);
    expect(JSON.stringify(r)).not.toContain(SECRET);
  });

  it('the hooks it makes deliver the store’s events with the secret header', async () => {
    const local = await startSandbox({ allowHttpHooks: true });
    const got: Array<{ secret: unknown; scope: unknown }> = [];
    const rx = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString('utf8')));
      req.on('end', () => {
        got.push({
          secret: req.headers[WEBHOOK_SECRET_HEADER.toLowerCase()],
          scope: (JSON.parse(text) as { scope: string }).scope,
        });
        res.end();
      });
    });
    await new Promise<void>((r) => rx.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(rx.address() as AddressInfo).port}/webhooks`;
      const c = new BigCommerceClient({
        baseUrl: local.url,
        storeHash: local.storeHash,
        accessToken: local.accessToken,
      });
      await syncHooks(c, { destination: url, secret: SECRET });
      local.store.createOrder({ lines: [{ product: 111, qty: 1 }] });
      await local.webhooks.idle();
      expect(got).toEqual([{ secret: SECRET, scope: 'store/order/created' }]);
    } finally {
      await local.close();
      await new Promise<void>((r) => rx.close(() => r()));
    }
  });
});
