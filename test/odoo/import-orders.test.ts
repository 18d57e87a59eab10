/**
 * Orders against a live Odoo: every sample order checked — partner, total to the cent, currency
 * and pricelist with the level that chose it, state per the status map, invoice and payment —
 * then a status change that moves one order forward exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BcOrderDetails } from '../../src/bigcommerce/client.js';
import { parseBcDate } from '../../src/bigcommerce/dates.js';
import { DEFAULT_STATUS_MAP } from '../../src/config/index.js';
import { odooDatetime } from '../../src/odoo/operation-log.js';
import { customerImporter } from '../../src/sync/customer/importer.js';
import { orderImporter } from '../../src/sync/order/importer.js';
import { runImport } from '../../src/sync/run-import.js';
import { openImportContext } from '../../src/sync/context.js';
import { silentLogger } from '../../src/log/logger.js';
import { OdooClient } from '../../src/odoo/client.js';
import type { InstanceConfig } from '../../src/config/index.js';
import { xmlidTarget, type ImportBed } from '../support/import.js';
import { bedFrom } from '../support/shared-state.js';

let bed: ImportBed;
let orders: BcOrderDetails[];
let module: string;

interface SO {
  id: number;
  state: string;
  amount_total: number;
  currency_id: [number, string];
  partner_id: [number, string];
  client_order_ref: string;
  date_order: string;
  x_bc_pricelist_level: string;
  invoice_ids: number[];
  pricelist_id: [number, string];
  x_bc_flag: string | false;
}
interface Move {
  id: number;
  state: string;
  amount_total: number;
  payment_state: string;
  move_type: string;
  invoice_date: string;
  invoice_date_due: string;
}

/** An order whose customer pays in 30 days (set in Odoo before the import): all its orders are due then. */
let termed: BcOrderDetails;
const plusDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  bed = await bedFrom('catalog', 'orders');
  const ctx = await bed.context();
  module = ctx.binder.module;
  orders = (await ctx.bc.orders().all()).records;
  // One customer with Odoo's "30 Days" payment terms: its invoice is due 30 days after the order date.
  await runImport(ctx, customerImporter);
  termed = orders.find(
    (d) => d.order.customer_id > 0 && DEFAULT_STATUS_MAP[d.order.status_id]!.startsWith('confirm+invoice'),
  )!;
  const partner = (await xmlidTarget(bed.admin, module, [`customer_${termed.order.customer_id}`])).values().next()
    .value!;
  const [term] = await bed.admin.search('account.payment.term', [['name', '=', '30 Days']]);
  await bed.admin.write('res.partner', [partner], { property_payment_term_id: term });
}, 300_000);
afterAll(() => bed?.close());

async function saleOrders(): Promise<Map<number, SO>> {
  const bound = await xmlidTarget(
    bed.admin,
    module,
    orders.map((o) => `order_${o.order.id}`),
  );
  const rows = await bed.admin.read<SO>(
    'sale.order',
    [...bound.values()],
    [
      'state',
      'amount_total',
      'currency_id',
      'partner_id',
      'client_order_ref',
      'date_order',
      'x_bc_pricelist_level',
      'invoice_ids',
      'pricelist_id',
      'x_bc_flag',
    ],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return new Map([...bound].map(([name, id]) => [Number(name.slice('order_'.length)), byId.get(id)!]));
}

describe('orders', () => {
  it('imports every order once, with the total, currency, pricelist, partner and workflow state BigCommerce says', async () => {
    const s = await runImport(await bed.context(), orderImporter);
    if (s.failed) console.log(s.failures);
    expect(s.failed).toBe(0);
    const skipped = orders.filter((o) => DEFAULT_STATUS_MAP[o.order.status_id] === 'skip');
    expect(skipped.length).toBeGreaterThan(0);
    expect(s.skipped).toBe(skipped.length);
    expect(s.created).toBe(orders.length - skipped.length);

    const so = await saleOrders();
    expect(so.size).toBe(orders.length - skipped.length);
    const customers = await xmlidTarget(
      bed.admin,
      module,
      orders.map((o) => `customer_${o.order.customer_id}`),
    );
    const moveIds = [...so.values()].flatMap((o) => o.invoice_ids);
    const moves = new Map(
      (
        await bed.admin.read<Move>('account.move', moveIds, [
          'state',
          'amount_total',
          'payment_state',
          'move_type',
          'invoice_date',
          'invoice_date_due',
        ])
      ).map((m) => [m.id, m]),
    );
    const seenActions = new Set<string>();
    for (const d of orders) {
      const o = d.order;
      const action = DEFAULT_STATUS_MAP[o.status_id]!;
      const rec = so.get(o.id);
      if (action === 'skip') {
        expect(rec, `order ${o.id} (status ${o.status_id}) is skipped`).toBeUndefined();
        continue;
      }
      seenActions.add(action);
      expect(rec, `order ${o.id}`).toBeDefined();
      const r = rec!;
      expect(r.amount_total, `total of order ${o.id}`).toBeCloseTo(Number(o.total_inc_tax), 2);
      expect(r.currency_id[1], `currency of ${o.id}`).toBe(o.default_currency_code);
      expect(r.x_bc_pricelist_level).toBe('order_currency');
      expect(r.client_order_ref).toBe(String(o.id));
      expect(r.date_order).toBe(odooDatetime(parseBcDate(o.date_created)!));
      if (o.customer_id > 0)
        expect(r.partner_id[0], `partner of ${o.id}`).toBe(customers.get(`customer_${o.customer_id}`));
      else expect(r.partner_id[1]).toContain(o.billing_address.first_name);
      const invoices = r.invoice_ids.map((id) => moves.get(id)!).filter((m) => m.move_type === 'out_invoice');
      const expectState = {
        quotation: 'draft',
        confirm: 'sale',
        'confirm+invoice': 'sale',
        'confirm+invoice+paid': 'sale',
        cancel: 'cancel',
      }[action];
      expect(r.state, `state of ${o.id} (${action})`).toBe(expectState);
      if (action === 'confirm+invoice' || action === 'confirm+invoice+paid') {
        expect(invoices, `invoice of ${o.id}`).toHaveLength(1);
        expect(invoices[0]!.state).toBe('posted');
        expect(invoices[0]!.amount_total).toBeCloseTo(Number(o.total_inc_tax), 2);
        expect(invoices[0]!.invoice_date).toBe(r.date_order.slice(0, 10));
        // due by the payment terms from the invoice date, not the day of the import
        const terms = o.customer_id === termed.order.customer_id ? 30 : 0;
        expect(invoices[0]!.invoice_date_due, `due date of ${o.id}`).toBe(plusDays(invoices[0]!.invoice_date, terms));
        expect(
          ['paid', 'in_payment'].includes(invoices[0]!.payment_state),
          `payment of ${o.id}: ${invoices[0]!.payment_state}`,
        ).toBe(action === 'confirm+invoice+paid');
      } else {
        expect(
          invoices.filter((m) => m.state === 'posted'),
          `no invoice for ${o.id}`,
        ).toHaveLength(0);
      }
    }
    expect(seenActions).toEqual(new Set(['quotation', 'confirm', 'confirm+invoice', 'confirm+invoice+paid', 'cancel']));
  });

  it("in an Odoo as installed, the import activates the store currencies and gives each a pricelist after Odoo's default", async () => {
    const eur = await xmlidTarget(bed.admin, module, ['pricelist_currency_EUR']);
    const [pricelist] = await bed.admin.read<{ currency_id: [number, string]; name: string; sequence: number }>(
      'product.pricelist',
      [eur.get('pricelist_currency_EUR')!],
      ['currency_id', 'name', 'sequence'],
    );
    expect(pricelist).toMatchObject({
      currency_id: [expect.any(Number), 'EUR'],
      name: expect.stringMatching(/^BigCommerce .* \(EUR\)$/),
    });
    // A customer made by hand in Odoo keeps a pricelist in the company currency, not ours.
    const [partner] = await bed.admin.create('res.partner', [{ name: 'Walk-in customer' }]);
    const [read] = await bed.admin.read<{ property_product_pricelist: [number, string] }>(
      'res.partner',
      [partner!],
      ['property_product_pricelist'],
    );
    const [own] = await bed.admin.read<{ currency_id: [number, string] }>(
      'product.pricelist',
      [read!.property_product_pricelist[0]],
      ['currency_id'],
    );
    expect(own!.currency_id[1]).toBe('USD');
    const [usd] = await bed.admin.searchRead<{ active: boolean }>('res.currency', [['name', '=', 'EUR']], ['active']);
    expect(usd?.active).toBe(true);
  });

  it('a second run creates nothing; a status change moves the order forward once, without a second invoice or payment', async () => {
    const again = await runImport(await bed.context(), orderImporter, { full: true });
    expect(again).toMatchObject({ created: 0, updated: 0, failed: 0 });
    const target = orders.find((o) => DEFAULT_STATUS_MAP[o.order.status_id] === 'confirm')!;
    bed.sandbox.store.setOrderStatus(target.order.id, 10); // Completed → confirm+invoice+paid
    const moved = await runImport(await bed.context(), orderImporter);
    expect(moved).toMatchObject({ created: 0, updated: 1, failed: 0 });
    const once = await runImport(await bed.context(), orderImporter, { full: true });
    expect(once).toMatchObject({ created: 0, updated: 0, failed: 0 });
    const r = (await saleOrders()).get(target.order.id)!;
    const invoices = await bed.admin.read<Move>('account.move', r.invoice_ids, [
      'state',
      'amount_total',
      'payment_state',
      'move_type',
      'invoice_date',
    ]);
    expect(invoices).toHaveLength(1);
    expect(['paid', 'in_payment']).toContain(invoices[0]!.payment_state);
    // exactly one payment for it, however many runs saw it
    expect(
      await bed.admin.searchCount('account.payment', [
        ['partner_id', '=', r.partner_id[0]],
        ['amount', '=', invoices[0]!.amount_total],
      ]),
    ).toBe(1);
  });

  it('payment rows pick the journal and the pricelist level; a missing journal is a per-order error naming it', async () => {
    const [bank] = await bed.admin.searchRead<{ id: number; code: string }>(
      'account.journal',
      [['type', '=', 'bank']],
      ['code'],
      { limit: 1 },
    );
    const byMethod = (m: string) =>
      orders
        .filter((o) => o.order.payment_method === m && DEFAULT_STATUS_MAP[o.order.status_id] !== 'skip')
        .map((o) => o.order.id);
    const paypal = byMethod('PayPal');
    const cod = byMethod('Cash on Delivery');
    expect(paypal.length).toBeGreaterThan(0);
    expect(cod.length).toBeGreaterThan(0);
    const instance: InstanceConfig = {
      ...bed.instance,
      payments: [
        { method: 'paypal', isDefault: false, journal: bank!.code, currency: 'EUR' },
        { method: 'cash on delivery', isDefault: false, journal: 'NO-SUCH-JOURNAL' },
        { isDefault: true, journal: bank!.code },
      ],
    };
    // Fresh copies of these orders, so they are created under the new rows.
    for (const id of [...paypal, ...cod]) {
      const so = (await xmlidTarget(bed.admin, module, [`order_${id}`])).get(`order_${id}`);
      if (so)
        await bed.admin.unlink(
          'ir.model.data',
          await bed.admin.search('ir.model.data', [
            ['module', '=', module],
            ['name', '=', `order_${id}`],
          ]),
        );
    }
    const odoo = await OdooClient.connect({
      url: bed.odoo.url,
      db: bed.odoo.db,
      username: 'admin',
      password: bed.odoo.password,
      protocol: bed.odoo.protocol,
    });
    const ctx = await openImportContext(instance, { logger: silentLogger, odoo });
    const s = await runImport(ctx, orderImporter, { ids: [...paypal, ...cod] });
    expect(s.failed).toBe(cod.length);
    for (const f of s.failures) expect(f.message).toMatch(/journal "NO-SUCH-JOURNAL" .* does not exist in Odoo/);
    const made = await saleOrders();
    for (const id of paypal) {
      expect(made.get(id)!.x_bc_pricelist_level).toBe('payment_currency');
      expect(made.get(id)!.currency_id[1]).toBe('EUR');
    }
  });
});
