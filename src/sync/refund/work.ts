/**
 * A refund as it goes through the steps of a page (process.ts): its x_bc_refund record, what
 * was found for it (order, invoice, journal), its credit note's lines, the credit note, and the
 * outcome written on its record. Each step fills in its part; `status` says where it stands.
 */
import type { BcRefund } from '../../bigcommerce/schemas.js';
import type { CreditLine } from './mapper.js';

export const E = 'refunds';

export interface RefundWork {
  refund: BcRefund;
  /** its x_bc_refund record */
  recordId: number;
  /** what its record said before this page ("pending", or "error" when retried) */
  recorded: string;
  /** "skip": another run holds its credit note's claim and finishes it */
  status: 'pending' | 'synced' | 'error' | 'skip';
  /** why it is in error, for its record and the tally */
  error?: string;
  saleOrderId?: number;
  currencyId?: number;
  invoiceId?: number;
  journalId?: number;
  /** its invoice had been paid: the money goes back too */
  paid?: boolean;
  lines?: CreditLine[];
  creditNoteId?: number;
}
