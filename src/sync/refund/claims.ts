/**
 * A refund makes one credit note, however many runs race on it: its credit note is claimed
 * first with an external id (`credit_note_<refund id>`, unique in Odoo), made, and the claim
 * pointed at it. A run that finds the name taken leaves the refund to whoever took it; a claim
 * with a credit note behind it was left by a run that stopped half way, and is resumed; a
 * claim with none, older than ten minutes, was left by a crashed run and is taken over.
 */
import { bisect } from '../../odoo/bisect.js';
import type { ImportContext } from '../context.js';
import type { RefundWork } from './work.js';

/**
 * Claims each refund's credit note with its external id before making it. ir.model.data is
 * unique on (module, name): a run that finds the name taken leaves that refund to whoever took it.
 */
export async function claimCreditNotes(ctx: ImportContext, ready: RefundWork[]): Promise<Set<number>> {
  const mine = new Set<number>();
  if (!ready.length) return mine;
  const names = ready.map((w) => `credit_note_${w.refund.id}`);
  const taken = await ctx.odoo.searchRead<{ id: number; name: string; res_id: number; create_date: string }>(
    'ir.model.data',
    [
      ['module', '=', ctx.binder.module],
      ['name', 'in', names],
    ],
    ['name', 'res_id', 'create_date'],
  );
  await adoptOrphans(ctx, ready, taken);
  // A claim with no credit note behind it, older than ten minutes, was left by a crashed run.
  const stale = taken.filter((t) => !t.res_id && Date.now() - new Date(`${t.create_date}Z`).getTime() > 10 * 60_000);
  if (stale.length)
    await ctx.odoo.unlink(
      'ir.model.data',
      await ctx.odoo.search('ir.model.data', [
        ['module', '=', ctx.binder.module],
        ['name', 'in', stale.map((s) => s.name)],
      ]),
    );
  // A claim with a credit note behind it: an earlier run made it and stopped before saying so
  // (and maybe before posting it or registering its payment): resumed by the caller.
  for (const t of taken.filter((x) => x.res_id)) {
    const w = ready.find((x) => `credit_note_${x.refund.id}` === t.name)!;
    w.creditNoteId = t.res_id;
  }
  const busy = new Set(taken.filter((t) => !stale.includes(t)).map((t) => t.name));
  const free = ready.filter((w) => !busy.has(`credit_note_${w.refund.id}`));
  await bisect(
    free.map((w) => w.refund.id),
    async (ids) => {
      await ctx.odoo.create(
        'ir.model.data',
        ids.map((id) => ({
          module: ctx.binder.module,
          name: `credit_note_${id}`,
          model: 'account.move',
          res_id: 0,
          noupdate: true,
        })),
      );
      for (const id of ids) mine.add(id);
    },
    async () => undefined,
  );
  return mine;
}

/**
 * A claim whose credit note was made but not yet recorded on it (a run killed between the two
 * calls): the credit note is found by its reference and reversed invoice, and the claim is
 * pointed at it, so it is resumed instead of made twice.
 */
async function adoptOrphans(
  ctx: ImportContext,
  ready: RefundWork[],
  taken: { id: number; name: string; res_id: number }[],
): Promise<void> {
  const orphans = taken.filter((t) => !t.res_id);
  if (!orphans.length) return;
  const invoices = [...new Set(ready.map((w) => w.invoiceId).filter((x): x is number => x !== undefined))];
  const notes = await ctx.odoo.searchRead<{ id: number; ref: string | false }>(
    'account.move',
    [
      ['move_type', '=', 'out_refund'],
      ['reversed_entry_id', 'in', invoices],
      ['ref', '=like', 'BigCommerce refund %'],
    ],
    ['ref'],
    { order: 'id' },
  );
  const noteOf = new Map<string, number>();
  for (const n of notes) {
    const m = /^BigCommerce refund (\d+)(?::|$)/.exec(n.ref || '');
    if (m && !noteOf.has(`credit_note_${m[1]}`)) noteOf.set(`credit_note_${m[1]}`, n.id);
  }
  const adopt = orphans.filter((o) => noteOf.has(o.name));
  if (!adopt.length) return;
  const res = await ctx.odoo.load(
    'ir.model.data',
    ['.id', 'res_id'],
    adopt.map((o) => [String(o.id), String(noteOf.get(o.name))]),
  );
  if (res.ids === false)
    throw new Error(`could not record credit notes on their claims: ${res.messages.map((m) => m.message).join('; ')}`);
  for (const o of adopt) o.res_id = noteOf.get(o.name)!;
}

/** refund id → the credit note an earlier run made for it (its claim points at it). */
export async function ownCreditNotes(ctx: ImportContext, refundIds: number[]): Promise<Map<number, number>> {
  if (!refundIds.length) return new Map();
  const rows = await ctx.odoo.searchRead<{ name: string; res_id: number }>(
    'ir.model.data',
    [
      ['module', '=', ctx.binder.module],
      ['name', 'in', refundIds.map((id) => `credit_note_${id}`)],
      ['res_id', '!=', 0],
    ],
    ['name', 'res_id'],
  );
  return new Map(rows.map((r) => [Number(r.name.slice('credit_note_'.length)), r.res_id]));
}

/** Points every new claim at its credit note in one call (each claim has its own res_id). */
export async function recordClaims(ctx: ImportContext, made: RefundWork[]): Promise<void> {
  if (!made.length) return;
  const imd = await ctx.odoo.searchRead<{ id: number; name: string }>(
    'ir.model.data',
    [
      ['module', '=', ctx.binder.module],
      ['name', 'in', made.map((w) => `credit_note_${w.refund.id}`)],
    ],
    ['name'],
  );
  if (!imd.length) return;
  const rows = imd.map((d) => [
    String(d.id),
    String(made.find((x) => `credit_note_${x.refund.id}` === d.name)!.creditNoteId),
  ]);
  const res = await ctx.odoo.load('ir.model.data', ['.id', 'res_id'], rows);
  if (res.ids === false)
    throw new Error(
      `could not record the credit notes on their claims: ${res.messages.map((m) => m.message).join('; ')}`,
    );
}
