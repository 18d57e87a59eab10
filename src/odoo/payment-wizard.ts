/**
 * Payments through Odoo's own "Register Payment" wizard (account.payment.register), as a user
 * would make them: Odoo picks the amounts, the outstanding lines and the reconciliation, so an
 * invoice ends "paid" and a credit note "reversed/paid" exactly as in the UI. One wizard for a
 * batch of moves, one payment per move (group_payment off).
 */
import type { OdooClient } from './client.js';

export interface PaymentBatch {
  /** account.move ids: posted invoices or credit notes, all in one currency */
  moveIds: number[];
  journalId: number;
  /** YYYY-MM-DD */
  date: string;
}

/** Registers one payment per move of the batch in the given journal, dated `date`. Two calls. */
export async function registerPayments(
  odoo: Pick<OdooClient, 'create' | 'callRecords'>,
  batch: PaymentBatch,
): Promise<void> {
  const context = { active_model: 'account.move', active_ids: batch.moveIds };
  const [wizard] = await odoo.create(
    'account.payment.register',
    [{ journal_id: batch.journalId, payment_date: batch.date, group_payment: false }],
    { context },
  );
  await odoo.callRecords('account.payment.register', [wizard!], 'action_create_payments', {}, { context });
}
