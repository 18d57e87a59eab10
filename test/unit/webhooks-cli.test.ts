/**
 * `bc-odoo webhooks sync|list` as a user runs them (the real CLI in a child process), against a
 * sandbox: the settings it needs named when missing (exit 2), hooks registered then left alone
 * on a second run, the secret never printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { HOOK_SCOPES } from '../../src/bigcommerce/webhook-events.js';
import { runCli } from '../support/cli.js';

const SECRET = 'cli-webhook-secret-42';
const URL_ = 'https://bc-odoo.example.com/webhooks';
let sb: SandboxHandle;
let env: Record<string, string>;

beforeAll(async () => {
  sb = await startSandbox();
  env = {
    BC_STORE_HASH: sb.storeHash,
    BC_ACCESS_TOKEN: sb.accessToken,
    BC_API_BASE_URL: sb.url,
    ODOO_URL: 'http://127.0.0.1:1',
    ODOO_DB: 'unused',
    ODOO_USERNAME: 'unused',
    ODOO_PASSWORD: 'unused',
  };
});
afterAll(async () => {
  await sb?.close();
});

describe('bc-odoo webhooks', () => {
  it('names the missing setting and exits 2', async () => {
    const r = await runCli(['webhooks', 'sync'], { ...env, BC_ODOO_WEBHOOK_SECRET: SECRET });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('BC_ODOO_WEBHOOK_URL');
    expect(r.stderr).not.toContain(SECRET);
    const s = await runCli(['webhooks', 'sync'], { ...env, BC_ODOO_WEBHOOK_URL: URL_ });
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('BC_ODOO_WEBHOOK_SECRET');
  });

  it('syncs, is idempotent, and lists with the header values redacted', async () => {
    const all = { ...env, BC_ODOO_WEBHOOK_URL: URL_, BC_ODOO_WEBHOOK_SECRET: SECRET };
    const dry = await runCli(['webhooks', 'sync', '--dry-run'], all);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('would create store/order/*');
    expect(sb.store.hooks.all()).toEqual([]);

    const first = await runCli(['webhooks', 'sync', '--json'], all);
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout) as { ok: boolean; stores: Array<{ applied: number }> };
    expect(report).toMatchObject({ ok: true, stores: [{ applied: HOOK_SCOPES.length }] });
    expect(sb.store.hooks.all()).toHaveLength(HOOK_SCOPES.length);

    const second = await runCli(['webhooks', 'sync'], all);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('hooks up to date');

    const list = await runCli(['webhooks', 'list', '--json'], all);
    expect(list.code, list.stderr).toBe(0);
    const hooks = (JSON.parse(list.stdout) as { stores: Array<{ hooks: Array<Record<string, unknown>> }> }).stores[0]
      ?.hooks;
    expect(hooks).toHaveLength(HOOK_SCOPES.length);
    expect(hooks?.[0]).toMatchObject({ ours: true, headers: { 'X-BC-Odoo-Secret': '[REDACTED]' } });
    for (const r of [dry, first, second, list]) expect(r.stdout + r.stderr).not.toContain(SECRET);
  });
});
