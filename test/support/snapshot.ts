/**
 * What the imports leave in an Odoo database, keyed by BigCommerce ids so that two databases
 * (an interrupted import finished by a rerun, and an uninterrupted one) compare record by record.
 */
import type { OdooClient } from '../../src/odoo/client.js';

/** Everything the imports leave in Odoo, keyed by BigCommerce ids so two databases compare. */
export interface Snapshot {
  orders: Record<string, { state: string; total: number; lines: number; invoices: string[] }>;
  counts: Record<string, number>;
  variants: Record<string, { active: boolean; code: string | false }>;
  pending: number;
}

export async function snapshot(admin: OdooClient, module: string): Promise<Snapshot> {
  const xmlids = await admin.searchRead<{ name: string; res_id: number; model: string }>(
    'ir.model.data',
    [['module', '=', module]],
    ['name', 'res_id', 'model'],
  );
  const byName = (prefix: string) => xmlids.filter((x) => new RegExp(`^${prefix}_\\d+$`).test(x.name));
  const orders = await admin.read<{
    id: number;
    state: string;
    amount_total: number;
    order_line: number[];
    invoice_ids: number[];
  }>(
    'sale.order',
    byName('order').map((x) => x.res_id),
    ['state', 'amount_total', 'order_line', 'invoice_ids'],
  );
  const moves = await admin.searchRead<{ id: number; state: string; payment_state: string; move_type: string }>(
    'account.move',
    [['move_type', 'in', ['out_invoice', 'out_refund']]],
    ['state', 'payment_state', 'move_type'],
  );
  const moveById = new Map(moves.map((m) => [m.id, m]));
  const orderOf = new Map(byName('order').map((x) => [x.res_id, x.name]));
  const variants = await admin.read<{ id: number; active: boolean; default_code: string | false }>(
    'product.product',
    byName('variant').map((x) => x.res_id),
    ['active', 'default_code'],
    { context: { active_test: false } },
  );
  const variantName = new Map(byName('variant').map((x) => [x.res_id, x.name]));
  const count = (model: string, domain: unknown[] = []) =>
    admin.searchCount(model, domain, { context: { active_test: false } });
  return {
    orders: Object.fromEntries(
      orders.map((o) => [
        orderOf.get(o.id)!,
        {
          state: o.state,
          total: o.amount_total,
          lines: o.order_line.length,
          invoices: o.invoice_ids
            .map((i) => `${moveById.get(i)?.move_type}:${moveById.get(i)?.state}:${moveById.get(i)?.payment_state}`)
            .sort(),
        },
      ]),
    ),
    counts: {
      saleOrders: await count('sale.order'),
      invoices: await count('account.move', [['move_type', '=', 'out_invoice']]),
      postedInvoices: await count('account.move', [
        ['move_type', '=', 'out_invoice'],
        ['state', '=', 'posted'],
      ]),
      creditNotes: await count('account.move', [['move_type', '=', 'out_refund']]),
      postedCreditNotes: await count('account.move', [
        ['move_type', '=', 'out_refund'],
        ['state', '=', 'posted'],
      ]),
      payments: await count('account.payment'),
      templates: await count('product.template', [['x_bc_hash', '!=', false]]),
      sellableVariants: await count('product.product', [
        ['product_tmpl_id.x_bc_hash', '!=', false],
        ['active', '=', true],
      ]),
      refundsSynced: await count('x_bc_refund', [['x_status', '=', 'synced']]),
      partners: await count('res.partner'),
      categories: await count('product.category', [['x_bc_hash', '!=', false]]),
      publicCategories: await count('product.public.category', [['x_bc_hash', '!=', false]]),
    },
    variants: Object.fromEntries(
      variants.map((v) => [variantName.get(v.id)!, { active: v.active, code: v.default_code }]),
    ),
    pending:
      (await count('sale.order', [['x_bc_hash', '=', 'pending']])) +
      (await count('product.template', [['x_bc_hash', '=', 'pending']])) +
      (await count('res.partner', [['x_bc_hash', '=', 'pending']])),
  };
}
