/**
 * "See it in Odoo": what an operator opens after `npm run demo`, in Odoo's own web client in
 * headless Chromium, after importing the sample store (catalog, customers, orders, refunds, inventory):
 * the BigCommerce dashboard, a product with variants, an order with its invoices, and an
 * operation-log record. Each page is screenshotted at 1280×800; the README shows the ones
 * committed in docs/screenshots/. By default they go to .testbed/screenshots/ so a test run
 * leaves the work tree clean; `BC_ODOO_SCREENSHOTS_DIR=docs/screenshots` refreshes the README's.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryImporter } from '../../src/sync/inventory/importer.js';
import { refundImporter } from '../../src/sync/refund/importer.js';
import { runImport } from '../../src/sync/run-import.js';
import type { ImportBed } from '../support/import.js';
import { bedFrom } from '../support/shared-state.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = process.env.BC_ODOO_SCREENSHOTS_DIR ?? join('.testbed', 'screenshots');
const VIEWPORT = { width: 1280, height: 800 };
let bed: ImportBed;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: install Debian's chromium package (scripts/install-system-deps.sh does)`);
  // The catalog, customers and orders imported.
  bed = await bedFrom('orders', 'seeit');
  const ctx = await bed.context();
  for (const importer of [refundImporter, inventoryImporter]) await runImport(ctx, importer);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: VIEWPORT });
  await logIn(page, await bigCommerceUser());
  mkdirSync(SHOTS, { recursive: true });
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await bed?.close();
});

/**
 * The operator the README describes: an internal user in the "BigCommerce User" group, with
 * the Sales and Invoicing rights an operator has anyway — no administration rights.
 */
async function bigCommerceUser(): Promise<{ login: string; password: string }> {
  const xmlids = [
    'base.group_user',
    'bc_odoo.group_user',
    'sales_team.group_sale_salesman_all_leads',
    'account.group_account_invoice',
  ];
  const rows = await bed.admin.searchRead<{ module: string; name: string; res_id: number }>(
    'ir.model.data',
    [
      ...xmlids.slice(1).map(() => '|'),
      ...xmlids.flatMap((x) => {
        const [module, name] = x.split('.');
        return ['&', ['module', '=', module], ['name', '=', name]];
      }),
    ],
    ['module', 'name', 'res_id'],
  );
  expect(rows.map((r) => `${r.module}.${r.name}`).sort()).toEqual([...xmlids].sort());
  const login = 'operator';
  const { groupUsersField } = (await bed.context()).caps;
  await bed.admin.create('res.users', [
    { name: 'Operator', login, password: 'operator-pass', [groupUsersField]: [[6, 0, rows.map((r) => r.res_id)]] },
  ]);
  return { login, password: 'operator-pass' };
}

async function logIn(p: Page, user: { login: string; password: string }): Promise<void> {
  await p.goto(`${bed.odoo.url}/web/login?db=${bed.odoo.db}`);
  await p.fill('input[name="login"]', user.login);
  await p.fill('input[name="password"]', user.password);
  await p.locator('form.oe_login_form button[type="submit"]').first().click();
  await p.waitForURL((u) => !u.pathname.startsWith('/web/login'), { timeout: 60_000 });
}

/** A record's form (Odoo 18 routes /odoo/m-<model>/<id>; 17 the /web# hash). */
async function openForm(model: string, id: number): Promise<void> {
  await page.goto(
    bed.odoo.major >= 18
      ? `${bed.odoo.url}/odoo/m-${model}/${id}`
      : `${bed.odoo.url}/web#model=${model}&id=${id}&view_type=form`,
  );
  await page.locator('.o_form_view .o_form_sheet').first().waitFor({ timeout: 60_000 });
}

/** Screenshots skip the blinking caret and animations, so a refresh changes only what changed. */
async function shoot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), animations: 'disabled', caret: 'hide' });
}

describe('see it in Odoo', () => {
  it('the BigCommerce dashboard shows the store’s card', async () => {
    const url = bed.odoo.major >= 18 ? '/odoo/action-bc_odoo.action_dashboard' : '/web#action=bc_odoo.action_dashboard';
    await page.goto(`${bed.odoo.url}${url}`);
    const card = page.locator('.o_kanban_record').filter({ hasText: 'sandbox' }).first();
    await card.waitFor({ timeout: 60_000 });
    await shoot('dashboard');
    const orders = await card.locator('.o_bc_count[data-entity="orders"]').innerText();
    expect(Number(orders.trim().split(/\s+/)[0])).toBeGreaterThan(0);
  });

  it('a product with variants opens on its "Attributes & Variants" tab', async () => {
    // product_variant_count is not stored (not searchable): the template with most variants, counted here.
    const variants = await bed.admin.searchRead<{ product_tmpl_id: [number, string] }>(
      'product.product',
      [],
      ['product_tmpl_id'],
    );
    const perTemplate = new Map<number, number>();
    for (const v of variants) perTemplate.set(v.product_tmpl_id[0], (perTemplate.get(v.product_tmpl_id[0]) ?? 0) + 1);
    const [product] = [...perTemplate].filter(([, n]) => n > 1).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    expect(product, 'a product with variants in the sample store').toBeDefined();
    await openForm('product.template', product![0]);
    const tab = page.locator('.o_notebook_headers .nav-link').filter({ hasText: 'Attributes & Variants' });
    await expect.poll(() => tab.isVisible()).toBe(true);
    await tab.click();
    const rows = page.locator('.o_field_widget[name="attribute_line_ids"] .o_data_row');
    await rows.first().waitFor({ timeout: 30_000 });
    expect(await rows.count()).toBeGreaterThan(0);
    await shoot('product-variants');
  });

  it('a refunded order shows its invoice and its credit note', async () => {
    const order = await orderToShow();
    await openForm('sale.order', order.id);
    const button = page.locator('button[name="action_view_invoice"]');
    await button.waitFor({ timeout: 30_000 });
    await shoot('order-invoices');
    const shown = Number((await button.locator('.o_stat_value').innerText()).trim());
    expect(shown).toBeGreaterThanOrEqual(1);
    // A refunded order: its credit note is on the Invoices button with its invoice.
    expect(order.hasCreditNote, 'an order whose invoice_ids include a credit note').toBe(true);
    expect(shown).toBe(order.invoice_ids.length);
  });

  it('an operation-log record shows the run, read-only', async () => {
    const [log] = await bed.admin.searchRead<{ id: number; x_entity: string }>(
      'x_bc_operation_log',
      [
        ['x_operation', '=', 'import'],
        ['x_entity', '=', 'orders'],
      ],
      ['id', 'x_entity'],
      { limit: 1 },
    );
    expect(log, 'the orders import left a log record').toBeDefined();
    await openForm('x_bc_operation_log', log!.id);
    await expect.poll(() => fieldText('x_operation')).toBe('import');
    expect(await fieldText('x_entity')).toBe('orders');
    await shoot('operation-log');
    // Read-only for the operator: the view says so, and nothing on the page takes input.
    expect(await logFormIsReadOnly()).toBe(true);
    const inputs = page.locator('.o_form_view .o_field_widget :is(input, textarea, select):not([readonly])');
    expect(await inputs.count()).toBe(0);
  });
});

/** What a form field shows: an input's value while the form is editable, its text once read-only. */
async function fieldText(name: string): Promise<string> {
  const field = page.locator(`.o_form_view .o_field_widget[name="${name}"]`).first();
  const input = field.locator('input, textarea');
  return ((await input.count()) ? await input.first().inputValue() : await field.innerText()).trim();
}

/** An invoiced order; one whose invoice_ids include a credit note when there is one. */
async function orderToShow(): Promise<{ id: number; invoice_ids: number[]; hasCreditNote: boolean }> {
  const orders = await bed.admin.searchRead<{ id: number; invoice_ids: number[] }>(
    'sale.order',
    [['invoice_ids', '!=', false]],
    ['id', 'invoice_ids'],
    { order: 'id' },
  );
  expect(orders.length, 'invoiced orders in the sample store').toBeGreaterThan(0);
  const refunds = await bed.admin.searchRead<{ id: number }>(
    'account.move',
    [
      ['move_type', '=', 'out_refund'],
      ['id', 'in', orders.flatMap((o) => o.invoice_ids)],
    ],
    ['id'],
  );
  const refundIds = new Set(refunds.map((r) => r.id));
  const withRefund = orders.find((o) => o.invoice_ids.some((i) => refundIds.has(i)));
  const order = withRefund ?? orders[0]!;
  return { ...order, hasCreditNote: !!withRefund };
}

async function logFormIsReadOnly(): Promise<boolean> {
  const views = await bed.admin.callModel<{ views: { form: { arch: string } } }>('x_bc_operation_log', 'get_views', {
    views: [[false, 'form']],
  });
  return /<form\b[^>]*\bedit="(0|false)"/i.test(views.views.form.arch);
}
