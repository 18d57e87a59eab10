/**
 * The id an InvalidRecordError names, read before validation: a record that failed its schema
 * is still reported by its id when it has one.
 */
/** The id to name in an InvalidRecordError, read from the raw (unvalidated) record. */
export function recordIdOf(raw: unknown): string | number | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  for (const key of ['id', 'category_id']) {
    const v = r[key];
    if (typeof v === 'number' || typeof v === 'string') return v;
  }
  const identity = r.identity as Record<string, unknown> | undefined;
  if (identity && typeof identity === 'object') {
    const v = identity.variant_id;
    if (typeof v === 'number' || typeof v === 'string') return v;
  }
  return undefined;
}
