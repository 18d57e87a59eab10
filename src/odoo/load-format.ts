/**
 * ORM values → the string matrix of Odoo's `load` (odoo/models.py `load`, converters in
 * odoo/addons/base/models/ir_fields.py). Pure; table-tested.
 *
 * Column per field, by fields_get type:
 *   many2one          `f/.id`  database id ('' clears)          — `[id, name]` from a read is accepted
 *   many2many         `f/.id`  comma-separated ids ('' clears) — ids array or `[[6, 0, ids]]`
 *   boolean           '1' / '0'
 *   integer, float, monetary, many2one_reference   String(n)  ('' = False)
 *   char, text, html, selection (key), date, datetime, reference   the string as is
 *   binary, image     base64 string as is
 *   json              JSON text
 * Anything else (one2many, properties, other x2many commands, objects) is not loadable: the
 * caller falls back to create/write. `id` is reserved for the external id column.
 *
 * Datetimes: `load` reads naive datetimes in the context tz (else the user's tz), unlike
 * create/write which take UTC; callers pass `tz: 'UTC'` in the context when `hasDatetime`.
 */
import type { OdooFieldInfo } from './client.js';

export type LoadCell = string;

export interface LoadMatrix {
  fields: string[];
  rows: LoadCell[][];
  hasDatetime: boolean;
}

/** Why a value cannot go through `load`, or null when it can. */
export function unloadableReason(field: string, info: OdooFieldInfo | undefined, value: unknown): string | null {
  if (field === 'id' || field === '.id') return `"${field}" is reserved for the external id`;
  if (!info) return `unknown field "${field}"`;
  try {
    encodeCell(info, value);
    return null;
  } catch (e) {
    return `${field}: ${(e as Error).message}`;
  }
}

function isIdList(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((x) => Number.isInteger(x));
}

/** One cell; throws when the value has no `load` form. */
export function encodeCell(info: OdooFieldInfo, value: unknown): LoadCell {
  if (value === null || value === undefined || value === false) return info.type === 'boolean' ? '0' : '';
  switch (info.type) {
    case 'boolean':
      return value ? '1' : '0';
    case 'many2one':
      if (Number.isInteger(value)) return String(value);
      if (Array.isArray(value) && Number.isInteger(value[0])) return String(value[0]);
      throw new Error('many2one needs a database id');
    case 'many2many': {
      if (isIdList(value)) return value.join(',');
      const cmd = Array.isArray(value) && value.length === 1 ? value[0] : undefined;
      if (Array.isArray(cmd) && cmd[0] === 6 && isIdList(cmd[2])) return cmd[2].join(',');
      throw new Error('many2many needs ids or [[6, 0, ids]]');
    }
    case 'integer':
    case 'many2one_reference':
      if (Number.isInteger(value) || (typeof value === 'string' && /^-?\d+$/.test(value))) return String(value);
      throw new Error('not an integer');
    case 'float':
    case 'monetary':
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return value;
      throw new Error('not a finite number');
    case 'char':
    case 'text':
    case 'html':
    case 'selection':
    case 'date':
    case 'datetime':
    case 'reference':
    case 'binary':
    case 'image':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' && info.type !== 'binary' && info.type !== 'image') return String(value);
      throw new Error(`${info.type} needs a string`);
    case 'json':
      return JSON.stringify(value);
    default:
      throw new Error(`${info.type} fields cannot be loaded`);
  }
}

function column(field: string, info: OdooFieldInfo): string {
  return info.type === 'many2one' || info.type === 'many2many' ? `${field}/.id` : field;
}

/**
 * The matrix for records that all have the same keys (`keys`), with the external id first.
 * Throws (with the reason) if any value is not loadable: check `unloadableReason` first.
 */
export function toLoadMatrix(
  fieldsInfo: Record<string, OdooFieldInfo>,
  keys: readonly string[],
  records: readonly { xmlid: string; values: Record<string, unknown> }[],
): LoadMatrix {
  const infos = keys.map((k) => {
    const info = fieldsInfo[k];
    if (!info || k === 'id') throw new Error(unloadableReason(k, info, undefined) ?? `bad field ${k}`);
    return info;
  });
  return {
    fields: ['id', ...keys.map((k, i) => column(k, infos[i]!))],
    rows: records.map((r) => [r.xmlid, ...keys.map((k, i) => encodeCell(infos[i]!, r.values[k]))]),
    hasDatetime: infos.some((i) => i.type === 'datetime'),
  };
}
