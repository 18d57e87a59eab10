import { describe, expect, it } from 'vitest';
import { json2Body } from './json2.js';

describe('json2Body', () => {
  it('maps execute_kw positional args to named params, ids first for record methods', () => {
    expect(json2Body('res.partner', 'create', [[{ name: 'a' }]], {})).toEqual({ vals_list: [{ name: 'a' }] });
    expect(json2Body('res.partner', 'write', [[1, 2], { name: 'b' }], {})).toEqual({
      ids: [1, 2],
      vals: { name: 'b' },
    });
    expect(json2Body('res.partner', 'search', [[['id', '>', 0]], 10, 5], { order: 'id' })).toEqual({
      domain: [['id', '>', 0]],
      offset: 10,
      limit: 5,
      order: 'id',
    });
    expect(json2Body('res.partner', 'load', [['id', 'name'], [['x.y', 'n']]], {})).toEqual({
      fields: ['id', 'name'],
      data: [['x.y', 'n']],
    });
    expect(json2Body('sale.order', 'action_confirm', [[3]], {})).toEqual({ ids: [3] });
    expect(json2Body('sale.order', 'button_cancel', [7], {})).toEqual({ ids: [7] });
    expect(json2Body('x.y', 'anything', [], { a: 1 })).toEqual({ a: 1 });
  });

  it('refuses what it cannot name, and never mutates its inputs', () => {
    expect(() => json2Body('x.y', 'custom', [1], {})).toThrow(TypeError);
    expect(() => json2Body('x.y', 'write', [[1], {}, 3], {})).toThrow(/positional/);
    expect(() => json2Body('x.y', 'search', [[]], { domain: [] })).toThrow(/both/);
    const args = Object.freeze([Object.freeze([1]), Object.freeze({ n: 1 })]);
    expect(() => json2Body('x.y', 'write', args as unknown[], Object.freeze({}))).not.toThrow();
  });
});
