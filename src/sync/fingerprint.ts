/**
 * A short, stable fingerprint of the values an import would write. Stored on the record
 * (x_bc_hash), it lets a re-import skip what did not change with one read per page instead of
 * comparing every field's Odoo representation. Key order does not matter.
 *
 * Nothing volatile enters it: an absolute URL counts by its path alone, without scheme, host,
 * port or query. The same image or sub-resource reached through another CDN host, a sandbox on
 * another port, or a URL signed anew is the same record; a changed image changes its path or
 * its date_modified, which the fingerprint keeps.
 */
import { createHash } from 'node:crypto';

export function fingerprint(value: unknown): string {
  return createHash('sha1').update(stableJson(value)).digest('hex').slice(0, 20);
}

const ABSOLUTE_URL = /^https?:\/\/[^/?#]+([^?#]*)/i;

/** An absolute URL's path; any other string as it is. */
export function stableText(s: string): string {
  const m = ABSOLUTE_URL.exec(s);
  return m ? m[1] || '/' : s;
}

function stableJson(v: unknown): string {
  if (v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(stableText(v));
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  const keys = Object.keys(v as Record<string, unknown>)
    .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

/**
 * What a record's fingerprint is while the work it will certify is under way. It never equals
 * a real fingerprint, so a run killed before the work committed leaves the record "changed",
 * and the next run (incremental or full) does the work again instead of calling it unchanged.
 */
export const FINGERPRINT_PENDING = 'pending';

/**
 * Writes the fingerprints of records whose work is complete — last, after that work
 * committed: one `load` for the whole batch, whatever the number of distinct values.
 */
export async function commitFingerprints(
  odoo: {
    load(
      model: string,
      fields: string[],
      rows: (string | number | boolean | null)[][],
    ): Promise<{ ids: number[] | false; messages: { message: string }[] }>;
  },
  model: string,
  done: ReadonlyMap<number, string>,
): Promise<void> {
  if (!done.size) return;
  const res = await odoo.load(
    model,
    ['.id', 'x_bc_hash'],
    [...done].map(([id, hash]) => [String(id), hash]),
  );
  if (res.ids === false)
    throw new Error(`could not record what was imported on ${model}: ${res.messages.map((m) => m.message).join('; ')}`);
}
