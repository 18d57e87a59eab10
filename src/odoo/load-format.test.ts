import { describe, expect, it } from 'vitest';
import type { OdooFieldInfo } from './client.js';
import { encodeCell, toLoadMatrix, unloadableReason } from './load-format.js';

const f = (type: string): OdooFieldInfo => ({ type });

describe('encodeCell', () => {
  it.each<[string, unknown, string]>([
    ['boolean', true, '1'],
    ['boolean', false, '0'],
    ['boolean', null, '0'],
    ['many2one', 7, '7'],
    ['many2one', [7, 'Azure'], '7'],
    ['many2one', false, ''],
    ['many2many', [1, 2, 3], '1,2,3'],
    ['many2many', [[6, 0, [4, 5]]], '4,5'],
    ['many2many', [], ''],
    ['integer', 42, '42'],
    ['integer', '-3', '-3'],
    ['integer', null, ''],
    ['float', 10.5, '10.5'],
    ['monetary', 0, '0'],
    ['float', '1.25', '1.25'],
    ['char', 'Héllo, "world"', 'Héllo, "world"'],
    ['char', 12, '12'],
    ['text', undefined, ''],
    ['selection', 'consu', 'consu'],
    ['date', '2024-02-29', '2024-02-29'],
    ['datetime', '2024-02-29 13:00:00', '2024-02-29 13:00:00'],
    ['binary', 'aGVsbG8=', 'aGVsbG8='],
    ['json', { a: 1 }, '{"a":1}'],
  ])('%s %j → %j', (type, value, cell) => {
    expect(encodeCell(f(type), value)).toBe(cell);
  });

  it.each<[string, unknown]>([
    ['one2many', [[0, 0, { name: 'x' }]]],
    ['many2many', [[4, 1]]],
    ['many2one', 'Azure'],
    ['integer', 1.5],
    ['float', Number.NaN],
    ['char', { a: 1 }],
    ['properties', []],
  ])('%s %j is not loadable', (type, value) => {
    expect(() => encodeCell(f(type), value)).toThrow();
  });

  it('reports unknown and reserved fields', () => {
    expect(unloadableReason('x', undefined, 1)).toMatch(/unknown field/);
    expect(unloadableReason('id', f('integer'), 1)).toMatch(/reserved/);
    expect(unloadableReason('name', f('char'), 'a')).toBeNull();
  });
});

describe('toLoadMatrix', () => {
  it('puts the external id first and relational columns as field/.id', () => {
    const fields = {
      name: f('char'),
      categ_id: f('many2one'),
      public_categ_ids: f('many2many'),
      sale_ok: f('boolean'),
      write_date: f('datetime'),
    };
    const m = toLoadMatrix(
      fields,
      ['categ_id', 'name', 'public_categ_ids', 'sale_ok'],
      [
        {
          xmlid: 'bigcommerce_abc.product_1',
          values: { name: 'A', categ_id: 3, public_categ_ids: [1, 2], sale_ok: true },
        },
        {
          xmlid: 'bigcommerce_abc.product_2',
          values: { name: 'B', categ_id: false, public_categ_ids: [], sale_ok: false },
        },
      ],
    );
    expect(m).toEqual({
      fields: ['id', 'categ_id/.id', 'name', 'public_categ_ids/.id', 'sale_ok'],
      rows: [
        ['bigcommerce_abc.product_1', '3', 'A', '1,2', '1'],
        ['bigcommerce_abc.product_2', '', 'B', '', '0'],
      ],
      hasDatetime: false,
    });
    expect(toLoadMatrix(fields, ['write_date'], []).hasDatetime).toBe(true);
  });
});
