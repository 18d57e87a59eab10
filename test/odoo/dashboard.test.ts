/**
 * The BigCommerce dashboard rendered by Odoo's own web client in headless Chromium (Debian's
 * chromium package): after importing the sample store, the store's card shows the right
 * counts, and a count opens the list of exactly those records.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveEntities } from '../../src/sync/importers.js';
import { runImport } from '../../src/sync/run-import.js';
import { DASHBOARD_COUNTS } from '../../src/odoo/setup/dashboard.js';
import { importBed, type ImportBed } from '../support/import.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let bed: ImportBed;
let browser: Browser;
let module: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: install Debian's chromium package (scripts/install-system-deps.sh does)`);
  bed = await importBed('dashboard');
  const ctx = await bed.context();
  module = ctx.binder.module;
  for (const importer of resolveEntities('all').filter((i) =>
    ['categories', 'brands', 'products', 'customers', 'orders'].includes(i.entity),
  )) {
    await runImport(ctx, importer);
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await bed?.close();
});

/** What the store imported, counted independently of the dashboard's own computed fields. */
async function expectedCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const c of DASHBOARD_COUNTS) {
    const rows = await bed.admin.searchRead<{ name: string }>(
      'ir.model.data',
      [
        ['module', '=', module],
        ['model', '=', c.model],
      ],
      ['name'],
    );
    out[c.key] = rows.filter((r) => r.name.startsWith(c.prefix) && /^\d+$/.test(r.name.slice(c.prefix.length))).length;
  }
  return out;
}

describe('dashboard in the Odoo web client', () => {
  it('shows each count, and a count opens exactly those records', async () => {
    const want = await expectedCounts();
    expect(want.products).toBeGreaterThan(20);
    expect(want.orders).toBeGreaterThan(20);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${bed.odoo.url}/web/login?db=${bed.odoo.db}`);
    await page.fill('input[name="login"]', 'admin');
    await page.fill('input[name="password"]', 'admin');
    await page.screenshot({ path: '.testbed/login.png' }).catch(() => undefined);
    await page.locator('form.oe_login_form button[type="submit"]').first().click();
    await page.waitForURL((u) => !u.pathname.startsWith('/web/login'), { timeout: 60_000 });
    const [action] = await bed.admin.searchRead<{ res_id: number }>(
      'ir.model.data',
      [
        ['module', '=', 'bc_odoo'],
        ['name', '=', 'action_dashboard'],
      ],
      ['res_id'],
    );
    await page.goto(
      bed.odoo.major >= 18
        ? `${bed.odoo.url}/odoo/action-${action!.res_id}`
        : `${bed.odoo.url}/web#action=${action!.res_id}`,
    );
    const card = page.locator('.o_kanban_record').filter({ hasText: 'sandbox' }).first();
    await card.waitFor({ timeout: 60_000 });
    mkdirSync('.testbed', { recursive: true });
    await page.screenshot({ path: '.testbed/dashboard.png' });
    for (const c of DASHBOARD_COUNTS) {
      const text = await card.locator(`.o_bc_count[data-entity="${c.key}"]`).innerText();
      expect(Number(text.trim().split(/\s+/)[0]), `${c.key} on the card`).toBe(want[c.key]);
    }
    await card.locator('.o_bc_count[data-entity="products"]').click();
    await page.locator('.o_list_view').waitFor({ timeout: 60_000 });
    const pager = await page
      .locator('.o_pager_limit')
      .innerText()
      .catch(async () => String(await page.locator('.o_data_row').count()));
    expect(Number(pager.trim())).toBe(want.products);
    await page.close();
  });
});
