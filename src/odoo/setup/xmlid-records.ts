/**
 * Setup's one way of writing records: each is named by an external id in the `bc_odoo`
 * pseudo-module, read first and written only where it differs, so running setup again changes
 * nothing. Per call: one read of the existing records, a write for each that differs, one
 * create for all missing ones and one create of their external ids. Every record lands in the
 * report as created, updated or unchanged.
 */
import type { OdooRpc, Values } from '../rpc.js';
import { SETUP_MODULE } from './schema.js';

/** Setup needs nothing beyond the common RPC slice. */
export type SetupRpc = OdooRpc;

export interface SetupReport {
  created: string[];
  updated: string[];
  unchanged: number;
}

/** A record as setup wants it: its external id (without the module) and its values. */
export interface XmlidSpec {
  xmlid: string;
  values: Values;
}

/** Makes the records named by `specs` exist with the given values; returns external id → record id. */
export type EnsureRecords = (model: string, specs: XmlidSpec[]) => Promise<Map<string, number>>;

interface XmlidRow {
  id: number;
  name: string;
  model: string;
  res_id: number;
}

/** Reads setup's external ids once; the returned `ensure` keeps them up to date as it creates. */
export async function xmlidRecords(rpc: SetupRpc, report: SetupReport): Promise<EnsureRecords> {
  const xmlids = new Map<string, XmlidRow>();
  for (const row of await rpc.searchRead<XmlidRow>(
    'ir.model.data',
    [['module', '=', SETUP_MODULE]],
    ['name', 'model', 'res_id'],
  )) {
    xmlids.set(row.name, row);
  }

  return async function ensure(model, specs) {
    const ids = new Map<string, number>();
    const existing = specs.filter((s) => xmlids.get(s.xmlid)?.model === model);
    if (existing.length) {
      const fields = [...new Set(existing.flatMap((s) => Object.keys(s.values)))];
      const rows = await rpc.callRecords<Values[]>(
        model,
        existing.map((s) => xmlids.get(s.xmlid)!.res_id),
        'read',
        { fields },
      );
      const byId = new Map(rows.map((r) => [r.id as number, r]));
      for (const s of existing) {
        const resId = xmlids.get(s.xmlid)!.res_id;
        const row = byId.get(resId);
        if (!row) continue; // record deleted behind our back: recreate below
        ids.set(s.xmlid, resId);
        const diff = Object.fromEntries(Object.entries(s.values).filter(([k, v]) => !sameValue(v, row[k])));
        if (Object.keys(diff).length) {
          await rpc.write(model, [resId], diff);
          report.updated.push(`${model} ${SETUP_MODULE}.${s.xmlid} (${Object.keys(diff).join(', ')})`);
        } else {
          report.unchanged++;
        }
      }
    }
    const missing = specs.filter((s) => !ids.has(s.xmlid));
    if (missing.length) {
      const newIds = await rpc.create(
        model,
        missing.map((s) => s.values),
      );
      const stale = missing.map((s) => xmlids.get(s.xmlid)).filter((x): x is XmlidRow => !!x);
      if (stale.length)
        await rpc.callRecords(
          'ir.model.data',
          stale.map((x) => x.id),
          'unlink',
        );
      const dataIds = await rpc.create(
        'ir.model.data',
        missing.map((s, n) => ({
          module: SETUP_MODULE,
          name: s.xmlid,
          model,
          res_id: newIds[n],
          noupdate: true,
        })),
      );
      missing.forEach((s, n) => {
        ids.set(s.xmlid, newIds[n]!);
        xmlids.set(s.xmlid, { id: dataIds[n]!, name: s.xmlid, model, res_id: newIds[n]! });
        report.created.push(`${model} ${SETUP_MODULE}.${s.xmlid}`);
      });
    }
    return ids;
  };
}

/** Compares a value we want with what `read` returned (many2one as [id, name], x2many as ids). */
function sameValue(want: unknown, got: unknown): boolean {
  if (Array.isArray(want) && Array.isArray(want[0]) && want[0][0] === 6) {
    const ids = [...(want[0][2] as number[])].sort();
    return Array.isArray(got) && JSON.stringify([...(got as number[])].sort()) === JSON.stringify(ids);
  }
  if (Array.isArray(got) && got.length === 2 && typeof got[0] === 'number' && typeof got[1] === 'string')
    return want === got[0];
  if (got === false && (want === undefined || want === false || want === null)) return true;
  if (typeof want === 'string' && typeof got === 'string') return normalizeXml(want) === normalizeXml(got);
  return want === got;
}

function normalizeXml(s: string): string {
  return s.replace(/>\s+</g, '><').replace(/\s+/g, ' ').trim();
}
