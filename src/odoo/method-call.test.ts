import { describe, expect, it } from 'vitest';
import { executeKwArgs, json2Body, type MethodCall } from './method-call.js';

const ctx = { lang: 'en_US' };

describe('one method call, as each endpoint wants it', () => {
  const cases: { name: string; call: MethodCall; json2: unknown; executeKw: unknown }[] = [
    {
      name: 'a model method: named arguments only, no ids',
      call: { model: 'ir.config_parameter', method: 'get_param', kwargs: { key: 'bc_odoo.setup_version' } },
      json2: { key: 'bc_odoo.setup_version', context: ctx },
      executeKw: { args: [], kwargs: { key: 'bc_odoo.setup_version', context: ctx } },
    },
    {
      name: 'write: the ids apart; vals by name on /json/2, positionally for execute_kw (values on 17/18 overrides)',
      call: { model: 'res.partner', method: 'write', ids: [1, 2], kwargs: { vals: { name: 'b' } } },
      json2: { ids: [1, 2], vals: { name: 'b' }, context: ctx },
      executeKw: { args: [[1, 2], { name: 'b' }], kwargs: { context: ctx } },
    },
    {
      name: 'a wizard button: ids only',
      call: { model: 'sale.advance.payment.inv', method: 'create_invoices', ids: [7], kwargs: {} },
      json2: { ids: [7], context: ctx },
      executeKw: { args: [[7]], kwargs: { context: ctx } },
    },
    {
      name: 'an empty recordset is still a record call',
      call: { model: 'res.users', method: 'has_access', ids: [], kwargs: { operation: 'read' } },
      json2: { ids: [], operation: 'read', context: ctx },
      executeKw: { args: [[]], kwargs: { operation: 'read', context: ctx } },
    },
    {
      name: 'default_get: fields by name on /json/2, positionally for execute_kw (fields_list on 17/18)',
      call: { model: 'res.config.settings', method: 'default_get', kwargs: { fields: ['group_uom'] } },
      json2: { fields: ['group_uom'], context: ctx },
      executeKw: { args: [['group_uom']], kwargs: { context: ctx } },
    },
    {
      name: 'create: vals_list by name on /json/2, positionally for execute_kw (call_kw reads args[0])',
      call: { model: 'res.partner', method: 'create', kwargs: { vals_list: [{ name: 'a' }] } },
      json2: { vals_list: [{ name: 'a' }], context: ctx },
      executeKw: { args: [[{ name: 'a' }]], kwargs: { context: ctx } },
    },
  ];
  it.each(cases)('$name', ({ call, json2, executeKw }) => {
    expect(json2Body(call, ctx)).toEqual(json2);
    expect(executeKwArgs(call, ctx)).toEqual(executeKw);
  });

  it('never mutates the call', () => {
    const call = Object.freeze({
      model: 'res.partner',
      method: 'create',
      kwargs: Object.freeze({ vals_list: Object.freeze([{ name: 'a' }]) }),
    });
    expect(() => executeKwArgs(call, ctx)).not.toThrow();
    expect(call.kwargs).toEqual({ vals_list: [{ name: 'a' }] });
  });
});
