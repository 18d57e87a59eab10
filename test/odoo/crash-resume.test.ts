/**
 * Crash safety, live (issue 18): an import killed with SIGKILL at a named step
 * (src/sync/crash-points.ts), then run again, leaves Odoo exactly as an uninterrupted import of
 * the same store does — same orders, lines, states, posted invoices, payments, credit notes and
 * their payments, variants and bindings — with no duplicate and nothing reported "unchanged"
 * while half done.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OdooClient } from '../../src/odoo/client.js';
import type { CrashPoint } from '../../src/sync/crash-points.js';
import { IMPORTERS } from '../../src/sync/importers.js';
import { runImport } from '../../src/sync/run-import.js';
import { runCli } from '../support/cli.js';
import { importBed, importCatalog, type ImportBed } from '../support/import.js';

type Entity = 'products' | 'orders' | 'refunds';

let reference: Snapshot;
const beds: ImportBed[] = [];

/** Everything the imports leave in Odoo, keyed by BigCommerce ids so two databases compare. */
interface Snapshot {
  orders: Record<string, { state: string; total: number; lines: number; invoices: string[] }>;
  counts: Record<string, number>;
  variants: Record<string, { active: boolean; code: string | false }>;
  pending: number;
}

async function snapshot(admin: OdooClient, module: string): Promise<Snapshot> {
  const xmlids = await admin.searchRead<{ name: string; res_id: number; model: string }>('ir.model.data', [['module', '=', module]], ['name', 'res_id', 'model']);
  const byName = (prefix: string) => xmlids.filter((x) => new RegExp(`^${prefix}_\\d+$`).test(x.name));
  const orders = await admin.read<{ id: number; state: string; amount_total: number; order_line: number[]; invoice_ids: number[] }>(
    'sale.order', byName('order').map((x) => x.res_id), ['state', 'amount_total', 'order_line', 'invoice_ids']);
  const moves = await admin.searchRead<{ id: number; state: string; payment_state: string; move_type: string }>('account.move', [['move_type', 'in', ['out_invoice', 'out_refund']]], ['state', 'payment_state', 'move_type']);
  const moveById = new Map(moves.map((m) => [m.id, m]));
  const orderOf = new Map(byName('order').map((x) => [x.res_id, x.name]));
  const variants = await admin.call<{ id: number; active: boolean; default_code: string | false }[]>('product.product', 'read',
    [byName('variant').map((x) => x.res_id), ['active', 'default_code']], { context: { active_test: false } });
  const variantName = new Map(byName('variant').map((x) => [x.res_id, x.name]));
  const count = (model: string, domain: unknown[] = []) => admin.call<number>(model, 'search_count', [domain], { context: { active_test: false } });
  return {
    orders: Object.fromEntries(orders.map((o) => [orderOf.get(o.id)!, {
      state: o.state, total: o.amount_total, lines: o.order_line.length,
      invoices: o.invoice_ids.map((i) => `${moveById.get(i)?.move_type}:${moveById.get(i)?.state}:${moveById.get(i)?.payment_state}`).sort(),
    }])),
    counts: {
      saleOrders: await count('sale.order'), invoices: await count('account.move', [['move_type', '=', 'out_invoice']]),
      postedInvoices: await count('account.move', [['move_type', '=', 'out_invoice'], ['state', '=', 'posted']]),
      creditNotes: await count('account.move', [['move_type', '=', 'out_refund']]),
      postedCreditNotes: await count('account.move', [['move_type', '=', 'out_refund'], ['state', '=', 'posted']]),
      payments: await count('account.payment'), templates: await count('product.template', [['x_bc_hash', '!=', false]]),
      sellableVariants: await count('product.product', [['product_tmpl_id.x_bc_hash', '!=', false], ['active', '=', true]]),
      refundsSynced: await count('x_bc_refund', [['x_status', '=', 'synced']]), partners: await count('res.partner'),
    },
    variants: Object.fromEntries(variants.map((v) => [variantName.get(v.id)!, { active: v.active, code: v.default_code }])),
    pending: await count('sale.order', [['x_bc_hash', '=', 'pending']]) + await count('product.template', [['x_bc_hash', '=', 'pending']]),
  };
}

/** A database with everything the entity depends on imported, uninterrupted. */
async function bedBefore(entity: Entity, label: string): Promise<ImportBed> {
  const bed = await importBed(label, { store: 'sample' });
  beds.push(bed);
  const ctx = await bed.context();
  await importCatalog(ctx, { products: entity !== 'products' });
  if (entity !== 'products') await runImport(ctx, IMPORTERS.customers!);
  if (entity === 'refunds') await runImport(ctx, IMPORTERS.orders!);
  return bed;
}

/** `bc-odoo import <entity>` against the bed, killed at `point`. */
async function killedImport(bed: ImportBed, entity: Entity, point: CrashPoint): Promise<void> {
  const r = await runCli(['import', entity], {
    BC_STORE_HASH: bed.sandbox.storeHash, BC_ACCESS_TOKEN: bed.sandbox.accessToken, BC_API_BASE_URL: bed.sandbox.url, BC_INSTANCE_NAME: bed.instance.name,
    ODOO_URL: bed.odoo.url, ODOO_DB: bed.odoo.db, ODOO_USERNAME: bed.odoo.username, ODOO_PASSWORD: bed.odoo.password, ODOO_PROTOCOL: 'jsonrpc',
    BC_ODOO_CRASH_AT: point, BC_ODOO_LOG_LEVEL: 'error',
  }, 600_000);
  expect(r.code, `the import must die at ${point}: ${r.stderr.slice(-500)}`).toBe(-1);
}

beforeAll(async () => {
  const bed = await bedBefore('refunds', 'crashref');
  const ctx = await bed.context();
  await runImport(ctx, IMPORTERS.refunds!);
  reference = await snapshot(bed.admin, ctx.binder.module);
}, 900_000);
afterAll(async () => {
  for (const b of beds) await b.close();
});

describe('an import killed at a step is finished by the next run', () => {
  it.each([
    ['orders', 'orders:headers'], ['orders', 'orders:lines'], ['orders', 'orders:confirm'], ['orders', 'orders:invoice'], ['orders', 'orders:post'],
    ['products', 'products:templates'], ['products', 'products:variants'],
    ['refunds', 'refunds:credit-notes'], ['refunds', 'refunds:post'],
  ] as [Entity, CrashPoint][])('%s killed at %s', async (entity, point) => {
    const bed = await bedBefore(entity, `crash${point.replace(/\W/g, '')}`);
    await killedImport(bed, entity, point);
    const ctx = await bed.context();
    const again = await runImport(ctx, IMPORTERS[entity]!);
    expect(again.failed, JSON.stringify(again.failures)).toBe(0);
    expect(again.updated + again.created, 'the rerun finishes the interrupted work instead of calling it unchanged').toBeGreaterThan(0);
    if (entity === 'products') {
      await runImport(ctx, IMPORTERS.customers!);
      await runImport(ctx, IMPORTERS.orders!);
    }
    if (entity !== 'refunds') await runImport(ctx, IMPORTERS.refunds!);
    const got = await snapshot(bed.admin, ctx.binder.module);
    expect(got.pending, 'no record left "pending"').toBe(0);
    expect(got.counts).toEqual(reference.counts);
    expect(got.orders).toEqual(reference.orders);
    expect(got.variants).toEqual(reference.variants);
    // A third run has nothing left to do.
    const third = await runImport(await bed.context(), IMPORTERS[entity]!, { full: true });
    expect(third).toMatchObject({ created: 0, updated: 0, failed: 0 });
  }, 900_000);
});
