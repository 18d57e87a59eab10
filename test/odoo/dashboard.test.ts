/**
 * The BigCommerce dashboard rendered by Odoo's own web client in headless Chromium (Debian's
 * chromium package): after importing the sample store, the store's card shows the right
 * counts (imported records, refunds, stock, failures of the last runs, parked records), every
 * time labelled and in one format, and a count opens the list of exactly those records.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveEntities } from '../../src/sync/importers.js';
import { runImport } from '../../src/sync/run-import.js';
import { DASHBOARD_COUNTS } from '../../src/odoo/setup/dashboard.js';
import type { ImportBed } from '../support/import.js';
import { bedFrom, sharedImports } from '../support/shared-state.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let bed: ImportBed;
let browser: Browser;
let module: string;
let instanceId: number;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: install Debian's chromium package (scripts/install-system-deps.sh does)`);
  // The store imported through its orders (as `import all` does them, logs included), then the rest.
  bed = await bedFrom('orders', 'dashboard');
  const ctx = await bed.context();
  module = ctx.binder.module;
  instanceId = ctx.instanceId;
  const all = resolveEntities('all');
  // The state's imports must be the first of `import all`'s, in its order.
  expect(all.slice(0, sharedImports('orders').length).map((i) => i.entity)).toEqual(sharedImports('orders'));
  for (const importer of all.slice(sharedImports('orders').length)) await runImport(ctx, importer);
  // A failed record in the last brands run and a parked product, whatever the sample store did.
  const [log] = await bed.admin.create('x_bc_operation_log', [
    {
      x_name: 'brands probe',
      x_operation: 'import',
      x_entity: 'brands',
      x_instance_id: instanceId,
      x_status: 'partial',
    },
  ]);
  await bed.admin.create('x_bc_operation_log_line', [
    { x_log_id: log, x_bc_id: '999', x_entity: 'brands', x_level: 'error', x_error: 'probe failure' },
    { x_log_id: log, x_bc_id: '998', x_entity: 'brands', x_level: 'warning', x_error: 'probe warning' },
  ]);
  await bed.admin.create('x_bc_parked', [
    { x_name: 'products 997', x_instance_id: instanceId, x_entity: 'products', x_bc_id: '997', x_reason: 'probe' },
  ]);
  await bed.admin.write('x_bc_instance', [instanceId], { x_last_test: '2024-03-05 14:07:00' });
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

/** Ids the store imported of one kind, read from the external ids. */
async function importedIds(model: string, prefix: string): Promise<number[]> {
  const rows = await bed.admin.searchRead<{ name: string; res_id: number }>(
    'ir.model.data',
    [
      ['module', '=', module],
      ['model', '=', model],
    ],
    ['name', 'res_id'],
  );
  return rows
    .filter((r) => r.name.startsWith(prefix) && /^\d+$/.test(r.name.slice(prefix.length)))
    .map((r) => r.res_id);
}

/** What the card should show, counted independently of the dashboard's own computed fields. */
async function expectedCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [key, model, prefix] of [
    ['products', 'product.template', 'product_'],
    ['brands', 'x_bc_brand', 'brand_'],
    ['categories', 'product.category', 'category_'],
    ['customers', 'res.partner', 'customer_'],
    ['orders', 'sale.order', 'order_'],
    ['refunds', 'x_bc_refund', 'refund_'],
  ] as const)
    out[key] = (await importedIds(model, prefix)).length;
  out.inventory = await bed.admin.searchCount('stock.quant', [
    ['product_id', 'in', await importedIds('product.product', 'variant_')],
    ['location_id.usage', '=', 'internal'],
  ]);
  out.shipments = await bed.admin.searchCount('stock.picking', [
    ['sale_id', 'in', await importedIds('sale.order', 'order_')],
    ['x_bc_shipment_id', '>', 0],
  ]);
  out.stock_sent = await bed.admin.searchCount('product.product', [
    ['id', 'in', await importedIds('product.product', 'variant_')],
    ['x_bc_stock_sent', 'not in', [false, '', 'untracked']],
  ]);
  const lastRuns: number[] = [];
  for (const entity of ['categories', 'brands', 'products', 'customers', 'orders', 'refunds', 'inventory']) {
    const [last] = await bed.admin.searchRead<{ id: number }>(
      'x_bc_operation_log',
      [
        ['x_instance_id', '=', instanceId],
        ['x_entity', '=', entity],
        ['x_operation', '=', 'import'],
        ['x_status', '!=', 'running'],
      ],
      ['id'],
      { limit: 1, order: 'x_started desc, id desc' },
    );
    if (last) lastRuns.push(last.id);
  }
  out.failures = await bed.admin.searchCount('x_bc_operation_log_line', [
    ['x_log_id', 'in', lastRuns],
    ['x_level', '=', 'error'],
  ]);
  out.parked = await bed.admin.searchCount('x_bc_parked', [['x_instance_id', '=', instanceId]]);
  return out;
}

describe('dashboard in the Odoo web client', () => {
  it('shows each count, and a count opens exactly those records', async () => {
    const want = await expectedCounts();
    expect(want.products).toBeGreaterThan(20);
    expect(want.orders).toBeGreaterThan(20);
    expect(want.inventory).toBeGreaterThan(0);
    expect(want.shipments, 'orders BigCommerce shipped are delivered in Odoo').toBeGreaterThan(0);
    expect(want.failures).toBeGreaterThanOrEqual(1);
    expect(want.parked).toBeGreaterThanOrEqual(1);
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
    // Every time on the card is labelled ("Last test", "Last sync", one line per entity) and
    // all share one format.
    const cardText = await card.innerText();
    expect(cardText).toMatch(/Last test: \S/);
    expect(cardText).toMatch(/Last sync\s*\n\s*brands: \S.* \(Done\)/);
    const time = /\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},? \d{1,2}:\d{2}(:\d{2})?( ?[AP]M)?/g;
    const times = cardText.match(time) ?? [];
    expect(times.length, cardText).toBeGreaterThanOrEqual(8); // the test and seven entities' syncs
    expect(new Set(times.map((t) => t.replace(/\d/g, '9'))).size, cardText).toBe(1);
    const labelled = new RegExp(
      `(Last test|categories|brands|products|customers|orders|refunds|inventory): (${time.source})`,
      'g',
    );
    expect(cardText.replace(labelled, '').match(time), 'a time without a label').toBeNull();
    await card.locator('.o_bc_count[data-entity="products"]').click();
    await page.locator('.o_list_view').waitFor({ timeout: 60_000 });
    const pager = await page
      .locator('.o_pager_limit')
      .innerText()
      .catch(async () => String(await page.locator('.o_data_row').count()));
    expect(Number(pager.trim())).toBe(want.products);
    await page.goBack();
    await card.waitFor({ timeout: 60_000 });
    await card.locator('.o_bc_count[data-entity="failures"]').click();
    await page.locator('.o_list_view').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('.o_data_row').count()).toBe(want.failures);
    expect(await page.locator('.o_list_view').innerText()).toContain('probe failure');
    await page.close();
  });
});
