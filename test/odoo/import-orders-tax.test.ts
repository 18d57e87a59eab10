/**
 * Orders against a live Odoo, to the cent on each of the three amounts: for every sample order,
 * in the tax-inclusive sample store (prices entered with tax, 4-decimal ex-tax prices, discounts
 * taxed per line after the discount, two rates on one order) and in the tax-exclusive one,
 * Odoo's amount_untaxed / amount_tax / amount_total equal BigCommerce's total_ex_tax /
 * total_tax / total_inc_tax, and no order needed an adjustment line. Then the refunds: credit
 * notes to the cent, with the same kind of taxes as the orders' lines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BcOrderDetails } from '../../src/bigcommerce/client.js';
import { DEFAULT_STATUS_MAP } from '../../src/config/index.js';
import { orderImporter } from '../../src/sync/order/importer.js';
import { refundImporter } from '../../src/sync/refund/importer.js';
import { runImport } from '../../src/sync/run-import.js';
import { importBed, importCatalog, xmlidTarget, type ImportBed } from '../support/import.js';

interface SO {
  id: number;
  amount_untaxed: number;
  amount_tax: number;
  amount_total: number;
  order_line: number[];
  x_bc_flag: string | false;
}
interface SOLine {
  id: number;
  order_id: [number, string];
  product_id: [number, string] | false;
  tax_id?: number[];
  tax_ids?: number[];
}

const cents = (n: number | string | undefined): number => Math.round(Number(n ?? 0) * 100);

function storeCase(label: string, taxInclusive: boolean) {
  describe(`${label} sample store`, () => {
    let bed: ImportBed;
    let orders: BcOrderDetails[];
    let usedTaxIds: number[] = [];
    let earlierTax = 0;

    beforeAll(async () => {
      bed = await importBed(`ordtax${taxInclusive ? 'inc' : 'exc'}`, { store: 'sample', taxInclusive });
      const ctx = await bed.context();
      orders = (await ctx.bc.orders().all()).records;
      await importCatalog(ctx);
      // A tax as earlier versions made it, left in Odoo's default group ("Tax 15%").
      earlierTax = (
        await bed.admin.create('account.tax', [
          { name: 'BigCommerce 8.25%', amount: 8.25, amount_type: 'percent', type_tax_use: 'sale' },
        ])
      )[0]!;
    }, 600_000);
    afterAll(() => bed?.close());

    it("every order: amount_untaxed, amount_tax and amount_total each equal BigCommerce's to the cent, with no adjustment line", async () => {
      const ctx = await bed.context();
      const summary = await runImport(ctx, orderImporter);
      if (summary.failed) console.log(summary.failures);
      expect(summary.failed).toBe(0);
      const imported = orders.filter((d) => DEFAULT_STATUS_MAP[d.order.status_id] !== 'skip');
      expect(imported.every((d) => d.order.is_tax_inclusive_pricing === taxInclusive)).toBe(true);

      const bound = await xmlidTarget(
        bed.admin,
        ctx.binder.module,
        imported.map((d) => `order_${d.order.id}`),
      );
      const rows = await bed.admin.read<SO>(
        'sale.order',
        [...bound.values()],
        ['amount_untaxed', 'amount_tax', 'amount_total', 'order_line', 'x_bc_flag'],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      const [adjustmentProduct] = await bed.admin.search('product.product', [['default_code', '=', 'BC-ADJUSTMENT']]);
      const lines = await bed.admin.read<SOLine>(
        'sale.order.line',
        rows.flatMap((r) => r.order_line),
        ['order_id', 'product_id', ctx.caps.saleLineTaxField],
      );
      const taxIds = [...new Set(lines.flatMap((l) => l.tax_id ?? l.tax_ids ?? []))];
      usedTaxIds = taxIds;
      const taxes = await bed.admin.read<{ id: number; price_include: boolean }>('account.tax', taxIds, [
        'price_include',
      ]);

      const mismatches: string[] = [];
      for (const d of imported) {
        const o = d.order;
        const so = byId.get(bound.get(`order_${o.id}`) ?? -1);
        expect(so, `order ${o.id} imported`).toBeDefined();
        const got = [cents(so!.amount_untaxed), cents(so!.amount_tax), cents(so!.amount_total)];
        const want = [cents(o.total_ex_tax), cents(o.total_tax), cents(o.total_inc_tax)];
        if (got.join() !== want.join())
          mismatches.push(
            `order ${o.id}: Odoo ${got.map((c) => c / 100).join(' / ')} ≠ BigCommerce ${want.map((c) => c / 100).join(' / ')}`,
          );
        expect(so!.x_bc_flag, `order ${o.id} not flagged`).toBe(false);
        const adjusted = lines.filter(
          (l) => l.order_id[0] === so!.id && l.product_id && l.product_id[0] === adjustmentProduct,
        );
        expect(adjusted, `order ${o.id} has no adjustment line`).toEqual([]);
      }
      expect(mismatches).toEqual([]);
      // Tax-inclusive stores are written with price-included taxes, tax-exclusive ones with price-excluded taxes.
      expect(new Set(taxes.map((t) => t.price_include))).toEqual(new Set([taxInclusive]));
    }, 600_000); // some 35 orders with their invoices and payments, on a shared machine

    it('taxes named and grouped as BigCommerce has them: its rate names, real rates, a group per rate, never "Tax 15%"', async () => {
      expect(usedTaxIds.length).toBeGreaterThan(0);
      const taxes = await bed.admin.read<{ name: string; amount: number; tax_group_id: [number, string] }>(
        'account.tax',
        usedTaxIds,
        ['name', 'amount', 'tax_group_id'],
      );
      const bcNames = new Set(orders.flatMap((d) => d.taxes.map((t) => `${t.name} ${Number(t.rate)}%`)));
      expect(bcNames.size).toBeGreaterThan(1);
      for (const t of taxes) {
        const base = t.name.replace(/ \(.*$/, ''); // without the class and "(incl.)"
        expect(bcNames, t.name).toContain(base);
        expect(t.tax_group_id[1], t.name).toBe(base);
        expect(t.tax_group_id[1]).not.toBe('Tax 15%');
        expect(Number.isInteger(Math.round(t.amount * 100 * 1e6) / 1e6), `${t.name}: ${t.amount}`).toBe(true);
      }
      const [earlier] = await bed.admin.read<{ tax_group_id: [number, string] }>(
        'account.tax',
        [earlierTax],
        ['tax_group_id'],
      );
      expect(earlier!.tax_group_id[1], "a tax of an earlier version is moved to its rate's group").toBe('Tax 8.25%');
    });

    it("refunds: one posted credit note each, to the cent, with the order lines' kind of tax (price-included or not)", async () => {
      const ctx = await bed.context();
      const refunds = (await ctx.bc.refunds().all()).records;
      const summary = await runImport(ctx, refundImporter);
      if (summary.failed) console.log(summary.failures);
      expect(summary.failed).toBe(0);
      const recs = await bed.admin.searchRead<{ x_bc_refund_id: number; x_credit_note_id: [number, string] | false }>(
        'x_bc_refund',
        [],
        ['x_bc_refund_id', 'x_credit_note_id'],
      );
      const noteOf = new Map(
        recs.map((r) => [r.x_bc_refund_id, r.x_credit_note_id ? r.x_credit_note_id[0] : undefined]),
      );
      const notes = await bed.admin.read<{
        id: number;
        state: string;
        amount_total: number;
        invoice_line_ids: number[];
      }>(
        'account.move',
        [...noteOf.values()].filter((id): id is number => id !== undefined),
        ['state', 'amount_total', 'invoice_line_ids'],
      );
      const noteById = new Map(notes.map((n) => [n.id, n]));
      for (const r of refunds) {
        const note = noteById.get(noteOf.get(r.id) ?? -1);
        expect(note?.state, `credit note of refund ${r.id}`).toBe('posted');
        expect(cents(note!.amount_total), `credit note of refund ${r.id}`).toBe(cents(r.total_amount));
      }
      const lines = await bed.admin.read<{ tax_ids: number[] }>(
        'account.move.line',
        notes.flatMap((n) => n.invoice_line_ids),
        ['tax_ids'],
      );
      const taxIds = [...new Set(lines.flatMap((l) => l.tax_ids))];
      const taxes = await bed.admin.read<{ price_include: boolean }>('account.tax', taxIds, ['price_include']);
      expect(taxes.length).toBeGreaterThan(0);
      expect(new Set(taxes.map((t) => t.price_include))).toEqual(new Set([taxInclusive]));
    }, 600_000);
  });
}

storeCase('tax-inclusive', true);
storeCase('tax-exclusive', false);

// An operator who keeps (or moves back to) Odoo rounding tax per tax over the order
// (Accounting → Settings; setup never overrules it): no line split moves a cent there, so orders
// whose per-line rounding BigCommerce differs from get an adjustment line under
// orders.total_mismatch "adjust", and the totals model must then know Odoo's per-tax rounding for
// every order to come to BigCommerce's total to the cent.
describe('a company that rounds tax per tax, orders.total_mismatch "adjust"', () => {
  let bed: ImportBed;
  let orders: BcOrderDetails[];

  beforeAll(async () => {
    bed = await importBed('ordtaxglobal', { store: 'sample', taxInclusive: false });
    Object.assign(bed.instance, { orders: { ...bed.instance.orders, totalMismatch: 'adjust' } });
    const [user] = await bed.admin.read<{ company_id: [number, string] }>('res.users', [bed.admin.uid], ['company_id']);
    await bed.admin.write('res.company', [user!.company_id[0]], { tax_calculation_rounding_method: 'round_globally' });
    const ctx = await bed.context();
    expect(ctx.taxModel.rounding).toBe('round_globally');
    orders = (await ctx.bc.orders().all()).records;
    await importCatalog(ctx);
  }, 600_000);
  afterAll(() => bed?.close());

  it("every order's total is BigCommerce's to the cent; the cents per-tax rounding moves are adjustment lines", async () => {
    const ctx = await bed.context();
    const summary = await runImport(ctx, orderImporter);
    if (summary.failed) console.log(summary.failures);
    expect(summary.failed).toBe(0);
    const imported = orders.filter((d) => DEFAULT_STATUS_MAP[d.order.status_id] !== 'skip');
    const bound = await xmlidTarget(
      bed.admin,
      ctx.binder.module,
      imported.map((d) => `order_${d.order.id}`),
    );
    const rows = await bed.admin.read<SO>('sale.order', [...bound.values()], ['amount_total', 'order_line']);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const wrong = imported
      .map((d) => ({ d, so: byId.get(bound.get(`order_${d.order.id}`) ?? -1) }))
      .filter(({ d, so }) => !so || cents(so.amount_total) !== cents(d.order.total_inc_tax))
      .map(({ d, so }) => `order ${d.order.id}: Odoo ${so?.amount_total} ≠ BigCommerce ${d.order.total_inc_tax}`);
    expect(wrong).toEqual([]);
    // Per-tax rounding does move cents on this store: the adjustment lines are where they went.
    const adjusted = summary.warningList.filter((w) => /an adjustment line was added/.test(w.message));
    expect(adjusted.length).toBeGreaterThan(0);
  }, 600_000);
});
