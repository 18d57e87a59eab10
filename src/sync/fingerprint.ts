/**
 * A short, stable fingerprint of the values an import would write. Stored on the record
 * (x_bc_hash), it lets a re-import skip what did not change with one read per page instead of
 * comparing every field's Odoo representation. Key order does not matter.
 */
import { createHash } from 'node:crypto';

export function fingerprint(value: unknown): string {
  return createHash('sha1').update(stableJson(value)).digest('hex').slice(0, 20);
}

function stableJson(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  const keys = Object.keys(v as Record<string, unknown>).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
}
