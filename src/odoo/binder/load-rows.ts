/**
 * The binder's fast path: a group of records written with Odoo's `load`, which creates the
 * missing ones, updates the bound ones and writes their external ids in one transaction. Odoo
 * rolls the whole call back if any row fails and reports the failing rows in `messages`:
 * those are set aside and the rest loaded again. A message Odoo pins on row 0 without naming a
 * field may be the batch's own error, so row 0 is re-checked alone; a failure naming no row
 * is bisected.
 */
import type { LoadMessage, OdooFieldInfo } from '../client.js';
import { OdooValidationError } from '../errors.js';
import { toLoadMatrix } from '../load-format.js';
import { asOdooError, type Rec, type UpsertBatch } from './batch.js';

export async function loadRows(
  batch: UpsertBatch,
  fields: Record<string, OdooFieldInfo>,
  keys: string[],
  part: Rec[],
): Promise<void> {
  const { client, model, known, result } = batch;
  const matrix = toLoadMatrix(
    fields,
    keys,
    part.map((r) => ({ xmlid: batch.xmlid(r.bcId), values: r.values })),
  );
  let res: { ids: number[] | false; messages: LoadMessage[] };
  try {
    res = await client.load(model, matrix.fields, matrix.rows, matrix.hasDatetime ? { context: { tz: 'UTC' } } : {});
  } catch (err) {
    for (const r of part) result.failed.push({ bcId: r.bcId, error: asOdooError(err, model, 'load') });
    return;
  }
  if (res.ids && res.ids.length === part.length) {
    part.forEach((r, i) => {
      const id = (res.ids as number[])[i]!;
      const b = known.get(r.bcId);
      (b && b.resId === id && b.model === model ? result.updated : result.created).set(r.bcId, id);
    });
    return;
  }
  const errors = res.messages.filter((m) => m.type === 'error');
  const fail = (r: Rec, msgs: LoadMessage[]) =>
    void result.failed.push({ bcId: r.bcId, error: loadError(batch, r.bcId, msgs.length ? msgs : errors) });
  if (part.length === 1) return fail(part[0]!, errors);
  const byRow = new Map<number, LoadMessage[]>();
  for (const m of errors) {
    const i = typeof m.record === 'number' ? m.record : m.rows?.from;
    if (i !== undefined && i >= 0 && i < part.length) byRow.set(i, [...(byRow.get(i) ?? []), m]);
  }
  // Rows Odoo retried one by one carry their own messages, and conversion errors name their
  // field: both are certain. A message on row 0 without a field may be the batch error Odoo
  // pins on the first row (`global_error_message` in models.py `load`): row 0 is re-checked.
  const certain = new Set([...byRow].filter(([i, ms]) => i > 0 || ms.some((m) => m.field)).map(([i]) => i));
  part.forEach((r, i) => {
    if (certain.has(i)) fail(r, byRow.get(i)!);
  });
  const rest = part.filter((_, i) => !certain.has(i));
  if (certain.size > 0) {
    if (rest.length) await loadRows(batch, fields, keys, rest);
    return;
  }
  const [first, second] = byRow.has(0)
    ? [part.slice(0, 1), part.slice(1)]
    : [part.slice(0, Math.ceil(part.length / 2)), part.slice(Math.ceil(part.length / 2))];
  await loadRows(batch, fields, keys, first);
  await loadRows(batch, fields, keys, second);
}

function loadError(batch: UpsertBatch, bcId: string, msgs: LoadMessage[]): OdooValidationError {
  const text =
    msgs.map((m) => (m.field ? `${m.field}: ${m.message}` : m.message)).join('; ') ||
    'rejected by load without a message';
  return new OdooValidationError(`${batch.model}.load (BigCommerce id ${bcId}): ${text}`, {
    model: batch.model,
    method: 'load',
    db: batch.client.db,
  });
}
