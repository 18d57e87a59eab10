/**
 * The instance's payment-method rows (config `payments`) and the journal a row names: which
 * row an order's payment method falls under, and which Odoo bank or cash journal receives its
 * money. Orders use them for the payment and the pricelist (order/resolve.ts), refunds for the
 * money given back (refund/). Pure; the journals are read by the caller.
 */
import type { PaymentRow } from '../config/index.js';

/** A bank or cash journal as read from Odoo. */
export interface JournalRow {
  id: number;
  name: string;
  code: string;
  type: string;
}

/** The row of a payment method (case and spaces ignored), else the default row. */
export function matchRow(rows: readonly PaymentRow[], method: string | undefined): PaymentRow {
  const key = (method ?? '').trim().toLowerCase();
  return rows.find((r) => !r.isDefault && r.method === key) ?? rows.find((r) => r.isDefault)!;
}

/** The journal a row names, by code then name (case ignored); a row naming none gets the first bank journal. */
export function findJournal(journals: readonly JournalRow[], ref: string | undefined): JournalRow | undefined {
  if (!ref) return journals.find((j) => j.type === 'bank');
  const k = ref.trim().toLowerCase();
  return journals.find((j) => j.code.toLowerCase() === k) ?? journals.find((j) => j.name.toLowerCase() === k);
}
