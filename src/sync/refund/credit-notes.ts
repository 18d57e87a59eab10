/**
 * The credit-note step of a page: claim each planned credit note (claims.ts), make the claimed
 * ones (one create for the page), post them (one call, split only to find the ones Odoo
 * refuses), and give the money back in the journal the payment rows choose when the invoice
 * had been paid. Credit notes a run left half done — made, maybe not posted or paid — are
 * resumed with them.
 */
import { bisect } from '../../odoo/bisect.js';
import { registerPayments } from '../../odoo/payment-wizard.js';
import type { ImportContext } from '../context.js';
import { crashPoint } from '../crash-points.js';
import type { Tally } from '../tally.js';
import { claimCreditNotes, recordClaims } from './claims.js';
import type { RefundInvoices } from './invoices.js';
import { mapCreditNote } from './mapper.js';
import { E, type RefundWork } from './work.js';

type NoteStates = Map<number, { state: string; paymentState: string }>;

/** Makes, posts and pays the credit notes of the planned refunds; sets each one's status. */
export async function makeCreditNotes(
  ctx: ImportContext,
  tally: Tally,
  work: readonly RefundWork[],
  invoices: RefundInvoices,
): Promise<void> {
  const ready = work.filter((w) => w.lines);
  const claimed = await claimCreditNotes(ctx, ready);
  const toCreate = ready.filter((w) => claimed.has(w.refund.id));
  const resumed = ready.filter((w) => !claimed.has(w.refund.id) && w.creditNoteId !== undefined);
  for (const w of ready.filter((x) => !claimed.has(x.refund.id) && x.creditNoteId === undefined)) w.status = 'skip';
  if (!toCreate.length && !resumed.length) return;
  await createCreditNotes(ctx, toCreate, invoices);
  const notes = [...toCreate, ...resumed];
  const states = await creditNoteStates(
    ctx,
    notes.map((w) => w.creditNoteId!),
  );
  await postCreditNotes(ctx, notes, states);
  await payCreditNotes(ctx, tally, notes, states);
}

/** One create for the page's claimed credit notes, then the claims pointed at them. */
async function createCreditNotes(ctx: ImportContext, toCreate: RefundWork[], invoices: RefundInvoices): Promise<void> {
  const moveIds = !toCreate.length
    ? []
    : await ctx.odoo.create(
        'account.move',
        toCreate.map((w) => {
          const inv = invoices.byId.get(w.invoiceId!)!;
          return mapCreditNote(
            w.refund,
            { id: inv.id, partnerId: inv.partner_id[0], journalId: inv.journal_id[0] },
            w.currencyId!,
            w.lines!,
          );
        }),
      );
  toCreate.forEach((w, i) => {
    w.creditNoteId = moveIds[i];
  });
  crashPoint('refunds:credit-notes');
  await recordClaims(ctx, toCreate);
}

async function creditNoteStates(ctx: ImportContext, ids: number[]): Promise<NoteStates> {
  if (!ids.length) return new Map();
  const rows = await ctx.odoo.read<{ id: number; state: string; payment_state: string }>('account.move', ids, [
    'state',
    'payment_state',
  ]);
  return new Map(rows.map((r) => [r.id, { state: r.state, paymentState: r.payment_state }]));
}

/** Posts the drafts in one call; a credit note Odoo will not post puts its refund in error. */
async function postCreditNotes(ctx: ImportContext, notes: RefundWork[], states: NoteStates): Promise<void> {
  const drafts = notes.filter((w) => states.get(w.creditNoteId!)?.state !== 'posted').map((w) => w.creditNoteId!);
  const posted = new Set(
    await bisect(
      drafts,
      (ids) => ctx.odoo.callRecords('account.move', ids, 'action_post'),
      async (id, err) => {
        const w = notes.find((x) => x.creditNoteId === id)!;
        w.status = 'error';
        w.error = `credit note ${id} could not be posted: ${(err as Error).message}`;
      },
    ),
  );
  for (const w of notes)
    if (posted.has(w.creditNoteId!) || states.get(w.creditNoteId!)?.state === 'posted') w.status = 'synced';
  crashPoint('refunds:post');
}

/**
 * Money back when the invoice had been paid (and the credit note has no payment yet: a resumed
 * one may have had it before the crash): one payment wizard per journal, currency and day. A
 * payment Odoo refuses is a warning: the credit note stands.
 */
async function payCreditNotes(
  ctx: ImportContext,
  tally: Tally,
  notes: RefundWork[],
  states: NoteStates,
): Promise<void> {
  const groups = new Map<string, RefundWork[]>();
  for (const w of notes.filter(
    (x) => x.status === 'synced' && x.paid && (states.get(x.creditNoteId!)?.paymentState ?? 'not_paid') === 'not_paid',
  )) {
    const key = `${w.journalId}|${w.currencyId}|${w.refund.created.slice(0, 10)}`;
    groups.set(key, [...(groups.get(key) ?? []), w]);
  }
  for (const g of groups.values()) {
    await bisect(
      g.map((w) => w.creditNoteId!),
      (ids) =>
        registerPayments(ctx.odoo, {
          moveIds: ids,
          journalId: g[0]!.journalId!,
          date: g[0]!.refund.created.slice(0, 10),
        }),
      async (id, err) => {
        const w = g.find((x) => x.creditNoteId === id)!;
        await tally.warn(
          E,
          w.refund.id,
          `credit note posted, but the refund payment could not be registered: ${(err as Error).message}`,
        );
      },
    );
  }
}
