/**
 * Refunds against a live Odoo: errors while their orders are missing, synced by `retry`,
 * one posted credit note each (full, partial, two partials on one order), exact amounts,
 * linked to invoice and order; a second run creates nothing; a new refund adds one note; a
 * refund Odoo will not record holds the cursor, so the next run still reads it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BcRefund } from '../../src/bigcommerce/schemas.js';
import { orderImporter } from '../../src/sync/order/importer.js';
import { refundImporter } from '../../src/sync/refund/importer.js';
import { runImport } from '../../src/sync/run-import.js';
import { xmlidTarget, type ImportBed } from '../support/import.js';
import { bedFrom } from '../support/shared-state.js';

let bed: ImportBed;
let refunds: BcRefund[];
let module: string;

interface RefundRec {
  id: number;
  x_bc_refund_id: number;
  x_status: string;
  x_message: string | false;
  x_credit_note_id: [number, string] | false;
  x_sale_order_id: [number, string] | false;
  x_amount: number;
}
interface Move {
  id: number;
  state: string;
  move_type: string;
  amount_total: number;
  reversed_entry_id: [number, string] | false;
  currency_id: [number, string];
}

beforeAll(async () => {
  bed = await bedFrom('catalog', 'refunds');
  const ctx = await bed.context();
  module = ctx.binder.module;
  refunds = (await ctx.bc.refunds().all()).records;
}, 300_000);
afterAll(() => bed?.close());

async function records(): Promise<Map<number, RefundRec>> {
  const rows = await bed.admin.searchRead<RefundRec>(
    'x_bc_refund',
    [],
    ['x_bc_refund_id', 'x_status', 'x_message', 'x_credit_note_id', 'x_sale_order_id', 'x_amount'],
  );
  return new Map(rows.map((r) => [r.x_bc_refund_id, r]));
}

describe('refunds', () => {
  it('records refunds whose orders are not imported as errors, saying why', async () => {
    expect(refunds.length).toBeGreaterThanOrEqual(5);
    const s = await runImport(await bed.context(), refundImporter);
    expect(s.created).toBe(refunds.length);
    expect(s.failed).toBe(refunds.length);
    const recs = await records();
    for (const r of refunds) {
      expect(recs.get(r.id)!.x_status).toBe('error');
      expect(recs.get(r.id)!.x_message).toMatch(/order \d+ is not imported yet/);
    }
    expect(await bed.admin.searchCount('account.move', [['move_type', '=', 'out_refund']])).toBe(0);
    // Recorded in "error", they are retried from their records: the cursor may pass them.
    expect(s.cursor).toBe(new Date(Math.max(...refunds.map((r) => Date.parse(r.created)))).toISOString());
  });

  it('once the orders are imported, the next refunds import (no retry asked) makes one posted credit note per refund, exact and linked', async () => {
    await runImport(await bed.context(), orderImporter);
    const s = await runImport(await bed.context(), refundImporter);
    if (s.failed) console.log(s.failures);
    expect(s.failed).toBe(0);
    const recs = await records();
    const notes = await bed.admin.searchRead<Move>(
      'account.move',
      [['move_type', '=', 'out_refund']],
      ['state', 'move_type', 'amount_total', 'reversed_entry_id', 'currency_id'],
    );
    expect(notes).toHaveLength(refunds.length);
    const noteById = new Map(notes.map((n) => [n.id, n]));
    const orders = await xmlidTarget(
      bed.admin,
      module,
      refunds.map((r) => `order_${r.order_id}`),
    );
    const byOrder = new Map<number, number>();
    let linked = 0;
    for (const r of refunds) {
      const rec = recs.get(r.id)!;
      expect(rec.x_status, `refund ${r.id}: ${rec.x_message}`).toBe('synced');
      const note = noteById.get((rec.x_credit_note_id as [number, string])[0])!;
      expect(note.state).toBe('posted');
      expect(note.amount_total, `credit note of refund ${r.id}`).toBeCloseTo(r.total_amount, 2);
      const so = orders.get(`order_${r.order_id}`)!;
      expect((rec.x_sale_order_id as [number, string])[0]).toBe(so);
      const [order] = await bed.admin.read<{ invoice_ids: number[]; currency_id: [number, string] }>(
        'sale.order',
        [so],
        ['invoice_ids', 'currency_id'],
      );
      expect(order!.invoice_ids).toContain((note.reversed_entry_id as [number, string])[0]);
      // Its Invoices button lists the credit note too, when a line mirrors an invoice line (not an ORDER-only refund).
      const mirrors = !r.items.length || r.items.some((i) => i.item_type !== 'ORDER' && i.item_type !== 'FEE');
      if (mirrors) expect(order!.invoice_ids, `credit note of refund ${r.id} on its sale order`).toContain(note.id);
      if (mirrors) linked++;
      expect(note.currency_id[1]).toBe(order!.currency_id[1]);
      byOrder.set(r.order_id, (byOrder.get(r.order_id) ?? 0) + 1);
    }
    expect(
      [...byOrder.values()].some((n) => n >= 2),
      'an order with two partial refunds',
    ).toBe(true);
    expect(linked).toBeGreaterThan(0);
  });

  it('a second run creates nothing; a new partial refund in BigCommerce adds exactly one credit note', async () => {
    const again = await runImport(await bed.context(), refundImporter, { full: true });
    expect(again).toMatchObject({ created: 0, failed: 0 });
    expect(await bed.admin.searchCount('account.move', [['move_type', '=', 'out_refund']])).toBe(refunds.length);
    const fully = new Set(refunds.map((r) => r.order_id));
    const ctx = await bed.context();
    const candidates = (await ctx.bc.orders().all()).records.filter(
      (o) => [2, 10].includes(o.order.status_id) && !fully.has(o.order.id),
    );
    const target = candidates[0]!;
    bed.sandbox.store.addRefund(target.order.id, { amount: 10, reason: 'partial goodwill' });
    const s = await runImport(await bed.context(), refundImporter);
    expect(s).toMatchObject({ created: 1, failed: 0 });
    expect(
      await bed.admin.searchCount('account.move', [
        ['move_type', '=', 'out_refund'],
        ['state', '=', 'posted'],
      ]),
    ).toBe(refunds.length + 1);
    const last = await runImport(await bed.context(), refundImporter, { full: true });
    expect(last).toMatchObject({ created: 0, failed: 0 });
  });

  it('a refund Odoo will not record holds the cursor (one recorded in "error" does not): the next run reads it again', async () => {
    const ctx = await bed.context();
    const fully = new Set(refunds.map((r) => r.order_id));
    const open = (await ctx.bc.orders().all()).records.filter(
      (o) => [2, 10].includes(o.order.status_id) && !fully.has(o.order.id),
    );
    expect(open.length).toBeGreaterThanOrEqual(2);
    // Refund A, then refund B ten minutes later — further apart than the cursor's overlap.
    const t0 = Date.now() + 24 * 3600_000;
    bed.sandbox.store.now = () => t0;
    const a = bed.sandbox.store.addRefund(open[1]!.order.id, { amount: 5, reason: 'refused by Odoo' });
    bed.sandbox.store.now = () => t0 + 10 * 60_000;
    const b = bed.sandbox.store.addRefund(open[0]!.order.id, { amount: 5, reason: 'recorded' });
    bed.sandbox.store.now = Date.now;
    // Odoo refuses A's x_bc_refund record (a record rule on create), as it would a bad write.
    const [model] = await bed.admin.search('ir.model', [['model', '=', 'x_bc_refund']]);
    const [rule] = await bed.admin.create('ir.rule', [
      {
        name: 'test: no record for one refund',
        model_id: model,
        domain_force: `[('x_bc_refund_id', '!=', ${a.id})]`,
        perm_read: false,
        perm_write: false,
        perm_create: true,
        perm_unlink: false,
      },
    ]);
    try {
      const s = await runImport(await bed.context(), refundImporter);
      expect(s).toMatchObject({ created: 1, failed: 1 });
      expect(s.failures.map((f) => [f.bcId, f.kind])).toEqual([[String(a.id), 'odoo_refused']]);
      expect((await records()).has(a.id)).toBe(false);
      expect((await records()).get(b.id)?.x_status).toBe('synced');
      // B is in Odoo, but the cursor stays before A: without a record, only the walk reads A again.
      expect(s.cursor! < new Date(a.created).toISOString()).toBe(true);
      const [state] = await bed.admin.searchRead<{ x_cursor: string }>(
        'x_bc_sync_state',
        [['x_entity', '=', 'refunds']],
        ['x_cursor'],
      );
      expect(state!.x_cursor).toBe(s.cursor);
    } finally {
      await bed.admin.unlink('ir.rule', [rule!]);
    }
    const next = await runImport(await bed.context(), refundImporter);
    expect(next).toMatchObject({ created: 1, failed: 0 });
    expect((await records()).get(a.id)?.x_status).toBe('synced');
    expect(next.cursor).toBe(new Date(b.created).toISOString());
  });
});
