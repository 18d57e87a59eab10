/**
 * Binder against a real Odoo: external ids in ir.model.data, upsert through `load` (and the
 * create/write fallback), isolation of bad records, dead bindings.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Binder } from '../../src/odoo/binder.js';
import { probeCapabilities, type OdooCapabilities } from '../../src/odoo/capabilities.js';
import { OdooClient } from '../../src/odoo/client.js';
import { OdooValidationError } from '../../src/odoo/errors.js';
import { freshDatabase, type TestOdoo } from '../support/odoo.js';

let odoo: TestOdoo;
let client: OdooClient;
let binder: Binder;
let caps: OdooCapabilities;
const HASH = 'Abc123xyz';

async function xmlidRes(module: string, name: string): Promise<number> {
  const [row] = await client.searchRead<{ res_id: number }>(
    'ir.model.data',
    [
      ['module', '=', module],
      ['name', '=', name],
    ],
    ['res_id'],
  );
  if (!row) throw new Error(`no ${module}.${name}`);
  return row.res_id;
}

beforeAll(async () => {
  odoo = await freshDatabase('binder');
  client = await OdooClient.connect({
    url: odoo.url,
    db: odoo.db,
    username: odoo.username,
    password: odoo.password,
    context: { lang: 'en_US', tz: 'UTC' },
  });
  binder = new Binder(client, HASH);
  caps = await probeCapabilities(client);
});

describe('Binder on a live Odoo', () => {
  it('upsert creates, a second upsert updates and creates nothing, in 2 calls per batch', async () => {
    const cats = await client.create('product.public.category', [{ name: 'Shoes' }, { name: 'Bags' }]);
    const uom = await xmlidRes('uom', 'product_uom_unit');
    const products = Array.from({ length: 40 }, (_, i) => ({
      bcId: 1000 + i,
      values: {
        // storable the way this Odoo spells it (18+: type consu + is_storable; 17: detailed_type product)
        name: `Product ${i}`,
        default_code: `SKU-${i}`,
        list_price: 10.25 + i,
        sale_ok: i % 2 === 0,
        ...caps.storableValue,
        uom_id: uom,
        public_categ_ids: i % 3 === 0 ? [cats[0]!, cats[1]!] : [cats[0]!],
        description_sale: i === 5 ? false : `Desc ${i}`,
      },
    }));
    await client.fieldsGet('product.template');
    let before = client.stats.calls;
    const first = await binder.upsert('product', 'product.template', products);
    expect(client.stats.calls - before).toBe(2);
    expect(first.failed).toEqual([]);
    expect(first.created.size).toBe(40);
    expect(first.updated.size).toBe(0);

    before = client.stats.calls;
    const second = await binder.upsert(
      'product',
      'product.template',
      products.map((p) => ({ ...p, values: { ...p.values, list_price: 99.5 } })),
    );
    expect(client.stats.calls - before).toBe(2);
    expect(second.created.size).toBe(0);
    expect(second.updated).toEqual(first.created);

    const id0 = first.created.get('1000')!;
    const storableKeys = Object.keys(caps.storableValue);
    const [p0] = await client.read<Record<string, unknown>>(
      'product.template',
      [id0],
      ['name', 'list_price', 'sale_ok', ...storableKeys, 'public_categ_ids', 'default_code', 'uom_id'],
    );
    expect(p0).toMatchObject({
      name: 'Product 0',
      list_price: 99.5,
      sale_ok: true,
      ...caps.storableValue,
      default_code: 'SKU-0',
      uom_id: [uom, expect.any(String)],
    });
    expect((p0!.public_categ_ids as number[]).sort()).toEqual([...cats].sort());
    expect(await client.searchCount('product.template', [['default_code', '=like', 'SKU-%']])).toBe(40);
  });

  it('keeps the external ids in ir.model.data: module bigcommerce_<hash>, name <kind>_<id>', async () => {
    expect(binder.module).toBe('bigcommerce_abc123xyz');
    const rows = await client.searchRead<{ name: string; model: string; res_id: number }>(
      'ir.model.data',
      [
        ['module', '=', 'bigcommerce_abc123xyz'],
        ['name', '=like', 'product\\_%'],
        ['model', '=', 'product.template'],
      ],
      ['name', 'model', 'res_id'],
    );
    expect(rows.map((r) => r.name)).toContain('product_1000');
    expect(rows.filter((r) => /^product_\d+$/.test(r.name))).toHaveLength(40);
    const id = await binder.resolveOne('product', 1000);
    expect(rows.find((r) => r.name === 'product_1000')!.res_id).toBe(id);
  });

  it('resolves many ids in one ir.model.data call (+1 existence check per model)', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => 1000 + i);
    const before = client.stats.calls;
    const map = await binder.resolve('product', [...ids, 5555, 'nope']);
    expect(client.stats.calls - before).toBe(2);
    expect(map.size).toBe(40);
    expect(map.has('5555')).toBe(false);
  });

  it('a batch with bad records imports the rest and reports each bad one with its BigCommerce id', async () => {
    const unit = await xmlidRes('uom', 'product_uom_unit');
    await client.create('product.product', [{ name: 'Barcode holder', barcode: 'BC-TAKEN-1' }]);
    const good = (i: number) => ({
      bcId: 2000 + i,
      values: { name: `Good ${i}`, type: 'consu', uom_id: unit },
    });
    const r = await binder.upsert('product', 'product.template', [
      good(0),
      good(1),
      { bcId: 2002, values: { name: 'Bad selection', type: 'bogus', uom_id: unit } }, // conversion error
      good(3),
      { bcId: 2004, values: { name: 'Taken barcode', type: 'consu', uom_id: unit, barcode: 'BC-TAKEN-1' } }, // python constraint on create
      good(5),
    ]);
    expect(r.failed.map((f) => f.bcId).sort()).toEqual(['2002', '2004']);
    for (const f of r.failed) expect(f.error).toBeInstanceOf(OdooValidationError);
    expect(r.failed.find((f) => f.bcId === '2002')!.error.message).toMatch(/bogus/);
    expect([...r.created.keys()].sort()).toEqual(['2000', '2001', '2003', '2005']);
    expect((await binder.resolve('product', [2002, 2004])).size).toBe(0);
  });

  it('a deleted bound record is not resolved, and the next upsert creates it again', async () => {
    const r = await binder.upsert('customer', 'res.partner', [
      { bcId: 1, values: { name: 'Gone soon', email: 'gone@example.com' } },
    ]);
    const id = r.created.get('1')!;
    // a second external id on the same record (another kind)
    await binder.bind('guest', 'res.partner', [{ bcId: 1, odooId: id }]);
    await client.unlink('res.partner', [id]);
    expect(await binder.resolveOne('customer', 1)).toBeUndefined();
    expect(await binder.resolveOne('guest', 1)).toBeUndefined();
    const again = await binder.upsert('customer', 'res.partner', [
      { bcId: 1, values: { name: 'Back', email: 'gone@example.com' } },
    ]);
    expect(again.created.get('1')).toBeGreaterThan(id);
  });

  it('a binding to a dead record (left by a direct delete) is ignored and replaced', async () => {
    const [orphan] = await client.create('res.partner', [{ name: 'Orphan' }]);
    // an ir.model.data row pointing at an id that does not exist
    await client.create('ir.model.data', [
      { module: binder.module, name: 'customer_77', model: 'res.partner', res_id: 999999 },
    ]);
    expect(await binder.resolveOne('customer', 77)).toBeUndefined();
    const r = await binder.upsert('customer', 'res.partner', [{ bcId: 77, values: { name: 'Seventy-seven' } }]);
    expect(r.created.size).toBe(1);
    expect(await binder.resolveOne('customer', 77)).toBe(r.created.get('77'));
    // bind moves an existing binding
    await binder.bind('customer', 'res.partner', [{ bcId: 77, odooId: orphan! }]);
    expect(await binder.resolveOne('customer', 77)).toBe(orphan);
  });

  it('archived records still resolve', async () => {
    const r = await binder.upsert('customer', 'res.partner', [{ bcId: 5, values: { name: 'Archived' } }]);
    await client.write('res.partner', [r.created.get('5')!], { active: false });
    expect(await binder.resolveOne('customer', 5)).toBe(r.created.get('5'));
  });

  it('values load cannot take (one2many commands) go through create/write with the same bindings', async () => {
    const recs = [1, 2, 3].map((i) => ({
      bcId: 300 + i,
      values: { name: `Company ${i}`, is_company: true, child_ids: [[0, 0, { name: `Contact ${i}` }]] },
    }));
    const first = await binder.upsert('address', 'res.partner', recs);
    expect(first.failed).toEqual([]);
    expect(first.created.size).toBe(3);
    const second = await binder.upsert(
      'address',
      'res.partner',
      recs.map((r) => ({ ...r, values: { ...r.values, child_ids: [] } })),
    );
    expect(second.created.size).toBe(0);
    expect(second.updated).toEqual(first.created);
    const [c] = await client.read<{ child_ids: number[] }>('res.partner', [first.created.get('301')!], ['child_ids']);
    expect(c!.child_ids).toHaveLength(1);
    expect(await binder.resolveOne('address', 302)).toBe(first.created.get('302'));
  });
});
