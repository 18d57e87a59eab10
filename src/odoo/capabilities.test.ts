import { describe, expect, it } from 'vitest';
import { decideCapabilities } from './capabilities.js';

const sel = (...keys: string[]) => ({ type: 'selection', selection: keys.map((k) => [k, k] as [string, string]) });
const m2m = (relation: string) => ({ type: 'many2many', relation });

describe('decideCapabilities (from fields_get, not version numbers)', () => {
  it('Odoo 17 shape: detailed_type, tree views', () => {
    const c = decideCapabilities(
      {
        tmpl: {
          type: sel('consu', 'service', 'product'),
          detailed_type: sel('consu', 'service', 'product'),
          uom_po_id: { type: 'many2one' },
        },
        line: { tax_id: m2m('account.tax'), product_uom: { type: 'many2one' } },
        users: { groups_id: m2m('res.groups') },
        groups: { implied_ids: m2m('res.groups') },
        view: { type: sel('tree', 'form', 'graph', 'pivot', 'calendar', 'gantt', 'kanban', 'search', 'qweb') },
      },
      17,
    );
    expect(c).toMatchObject({
      productTypeField: 'detailed_type',
      storableField: null,
      storableValue: { detailed_type: 'product' },
      serviceValue: { detailed_type: 'service' },
      saleLineTaxField: 'tax_id',
      groupUsersField: 'groups_id',
      listViewType: 'tree',
      hasPublicCategories: false,
      hasProductImages: false,
      hasSale: true,
    });
  });

  it('Odoo 18 shape: type consu + is_storable, list views', () => {
    const c = decideCapabilities(
      {
        tmpl: {
          type: sel('consu', 'service', 'combo'),
          is_storable: { type: 'boolean' },
          public_categ_ids: m2m('product.public.category'),
          product_template_image_ids: { type: 'one2many', relation: 'product.image' },
        },
        line: { tax_id: m2m('account.tax'), product_uom: { type: 'many2one' } },
        users: { groups_id: m2m('res.groups') },
        groups: { implied_ids: m2m('res.groups') },
        view: { type: sel('list', 'form', 'graph', 'pivot', 'calendar', 'kanban', 'search', 'qweb') },
      },
      18,
    );
    expect(c).toMatchObject({
      productTypeField: 'type',
      storableField: 'is_storable',
      storableValue: { type: 'consu', is_storable: true },
      consumableValue: { type: 'consu', is_storable: false },
      saleLineTaxField: 'tax_id',
      listViewType: 'list',
      hasPublicCategories: true,
      hasProductImages: true,
      hasPurchaseUom: false,
    });
  });

  it('Odoo 19 shape: tax_ids, product_uom_id, group_ids; absent sale falls back by version', () => {
    const base = {
      tmpl: { type: sel('consu', 'service', 'combo'), is_storable: { type: 'boolean' } },
      users: { group_ids: m2m('res.groups') },
      groups: { implied_ids: m2m('res.groups') },
      view: { type: sel('list', 'form') },
    };
    expect(
      decideCapabilities({ ...base, line: { tax_ids: m2m('account.tax'), product_uom_id: { type: 'many2one' } } }, 19),
    ).toMatchObject({
      saleLineTaxField: 'tax_ids',
      saleLineUomField: 'product_uom_id',
      groupUsersField: 'group_ids',
      hasSale: true,
    });
    expect(decideCapabilities({ ...base, line: {} }, 19)).toMatchObject({
      saleLineTaxField: 'tax_ids',
      hasSale: false,
    });
  });
});
