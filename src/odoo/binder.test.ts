/**
 * Binder logic on a scripted in-memory Odoo (the live behaviour is in test/odoo/binder.test.ts):
 * which rows a failed `load` is split into, and how many calls that costs.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger.js';
import { Binder } from './binder.js';
import type { LoadMessage, OdooClient, OdooFieldInfo } from './client.js';
import { OdooValidationError } from './errors.js';

type Row = string[];
type LoadRule = (rows: Row[]) => LoadMessage[];

/** Just enough of OdooClient: ir.model.data, one model, `load` all-or-nothing like Odoo's. */
function fakeOdoo(
  rule: LoadRule = () => [],
  createRule: (vals: Record<string, unknown>[]) => string | null = () => null,
) {
  const imd: { id: number; module: string; name: string; model: string; res_id: number }[] = [];
  const records = new Set<number>();
  let nextId = 100;
  const calls: string[] = [];
  const fields: Record<string, OdooFieldInfo> = {
    name: { type: 'char' },
    list_price: { type: 'float' },
    child_ids: { type: 'one2many' },
  };
  const client = {
    db: 'test',
    logger: silentLogger,
    async fieldsGet() {
      calls.push('fields_get');
      return fields;
    },
    async searchRead(model: string, domain: [string, string, unknown][]) {
      calls.push(`search_read ${model}`);
      const names = domain.find((d) => d[0] === 'name')![2] as string[];
      return imd.filter((r) => names.includes(r.name)).map((r) => ({ ...r }));
    },
    async search(_model: string, domain: [string, string, number[]][]) {
      calls.push('search');
      return domain[0]![2].filter((id) => records.has(id));
    },
    async load(_model: string, fieldNames: string[], rows: Row[]) {
      calls.push(`load ${rows.length}`);
      const messages = rule(rows);
      if (messages.some((m) => m.type === 'error')) return { ids: false as const, messages };
      const ids = rows.map((row) => {
        const [module, name] = row[0]!.split('.') as [string, string];
        const b = imd.find((r) => r.name === name && records.has(r.res_id));
        if (b) return b.res_id;
        const id = nextId++;
        records.add(id);
        imd.push({ id: id + 10_000, module, name, model: 'product.template', res_id: id });
        return id;
      });
      expect(fieldNames[0]).toBe('id');
      return { ids, messages };
    },
    async create(model: string, vals: Record<string, unknown>[]) {
      calls.push(`create ${model} ${vals.length}`);
      if (model === 'ir.model.data') {
        for (const v of vals)
          imd.push({ id: nextId++, ...(v as { module: string; name: string; model: string; res_id: number }) });
        return vals.map(() => nextId);
      }
      const bad = createRule(vals);
      if (bad) throw new OdooValidationError(bad, { model, method: 'create' });
      return vals.map(() => {
        const id = nextId++;
        records.add(id);
        return id;
      });
    },
    async write(model: string, ids: number[]) {
      calls.push(`write ${model} ${ids.length}`);
      return true;
    },
    async unlink() {
      calls.push('unlink');
      return true;
    },
  };
  return { client: client as unknown as OdooClient, calls, imd, records };
}

const products = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ bcId: i + 1, values: { name: `P${i + 1}`, list_price: i } }));
const rowOf = (rows: Row[], bcId: number) => rows.findIndex((r) => r[0]!.endsWith(`_${bcId}`));

describe('Binder.upsert through load', () => {
  it('creates then updates, 2 calls per batch after fields_get', async () => {
    const o = fakeOdoo();
    const b = new Binder(o.client, 'Store-Hash 1');
    expect(b.module).toBe('bigcommerce_store_hash_1');
    expect(b.xmlid('product', 12)).toBe('bigcommerce_store_hash_1.product_12');
    const first = await b.upsert('product', 'product.template', products(3));
    expect([...first.created.keys()]).toEqual(['1', '2', '3']);
    const second = await b.upsert('product', 'product.template', products(3));
    expect(second.created.size).toBe(0);
    expect(second.updated).toEqual(first.created);
    expect(o.calls).toEqual([
      'fields_get',
      'search_read ir.model.data',
      'load 3',
      'fields_get',
      'search_read ir.model.data',
      'load 3',
    ]);
  });

  it('sets aside a row with a conversion error (field named) and loads the rest again: 3 calls', async () => {
    const o = fakeOdoo((rows) => {
      const i = rowOf(rows, 3);
      return i < 0
        ? []
        : [
            {
              type: 'error',
              record: i,
              rows: { from: i, to: i },
              field: 'list_price',
              message: "'x' does not seem to be a number",
            },
          ];
    });
    const r = await new Binder(o.client, 'h').upsert('product', 'product.template', products(5));
    expect(r.failed.map((f) => f.bcId)).toEqual(['3']);
    expect(r.failed[0]!.error).toBeInstanceOf(OdooValidationError);
    expect(r.failed[0]!.error.message).toMatch(/BigCommerce id 3\): list_price: 'x' does not seem/);
    expect([...r.created.keys()].sort()).toEqual(['1', '2', '4', '5']);
    expect(o.calls.filter((c) => c.startsWith('load'))).toEqual(['load 5', 'load 4']);
  });

  it('does not trust the batch error Odoo pins on row 0: suspects are re-checked', async () => {
    // Odoo's load: batch create fails, then row-by-row; the batch message is inserted with row 0's info
    const o = fakeOdoo((rows) => {
      const i = rowOf(rows, 4);
      return i < 0
        ? []
        : [
            { type: 'error', record: 0, rows: { from: 0, to: 0 }, message: 'The operation cannot be completed: bad' },
            ...(i === 0
              ? []
              : [
                  {
                    type: 'error' as const,
                    record: i,
                    rows: { from: i, to: i },
                    message: 'The operation cannot be completed: bad',
                  },
                ]),
          ];
    });
    const r = await new Binder(o.client, 'h').upsert('product', 'product.template', products(6));
    expect(r.failed.map((f) => f.bcId)).toEqual(['4']);
    expect([...r.created.keys()].sort()).toEqual(['1', '2', '3', '5', '6']);
  });

  it('fails every row when all carry the same refusal, without bisecting (row 0 re-checked alone)', async () => {
    const o = fakeOdoo((rows) =>
      rows.map((_, i) => ({
        type: 'error' as const,
        record: i,
        message: "You are not allowed to create 'Product' records.",
      })),
    );
    const r = await new Binder(o.client, 'h').upsert('product', 'product.template', products(8));
    expect(r.failed).toHaveLength(8);
    expect(o.calls.filter((c) => c.startsWith('load'))).toEqual(['load 8', 'load 1']);
  });

  it('rejects unknown fields and bad ids without calling Odoo for them', async () => {
    const o = fakeOdoo();
    const r = await new Binder(o.client, 'h').upsert('product', 'product.template', [
      { bcId: 'a.b', values: { name: 'x' } },
      { bcId: 2, values: { nope: 1 } },
    ]);
    expect(r.failed.map((f) => [f.bcId, f.error.kind])).toEqual([
      ['a.b', 'validation'],
      ['2', 'validation'],
    ]);
    expect(o.calls.filter((c) => c.startsWith('load'))).toEqual([]);
  });
});

describe('Binder.upsert through create/write (values load cannot take)', () => {
  it('creates in one call, binds in one call, bisects a failing create', async () => {
    const o = fakeOdoo(undefined, (vals) => (vals.some((v) => v.name === 'P3') ? 'Contacts require a name' : null));
    const recs = products(4).map((r) => ({ ...r, values: { ...r.values, child_ids: [[0, 0, { name: 'line' }]] } }));
    const b = new Binder(o.client, 'h');
    const r = await b.upsert('product', 'product.template', recs);
    expect(r.failed.map((f) => f.bcId)).toEqual(['3']);
    expect([...r.created.keys()].sort()).toEqual(['1', '2', '4']);
    // 4 fails → [1,2] ok, [3,4] fails → [3] fails, [4] ok
    expect(o.calls.filter((c) => c.startsWith('create product.template'))).toEqual([
      'create product.template 4',
      'create product.template 2',
      'create product.template 2',
      'create product.template 1',
      'create product.template 1',
    ]);
    expect(o.imd.map((r) => r.name).sort()).toEqual(['product_1', 'product_2', 'product_4']);
    const again = await b.upsert(
      'product',
      'product.template',
      recs.filter((x) => x.bcId !== 3),
    );
    expect(again.created.size).toBe(0);
    expect([...again.updated.keys()].sort()).toEqual(['1', '2', '4']);
    expect(o.calls.slice(-1)[0]).toMatch(/^write product.template 1$/);
  });
});
