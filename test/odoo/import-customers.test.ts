import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BcCustomer, BcCustomerGroup } from '../../src/bigcommerce/schemas.js';
import { customerImporter } from '../../src/sync/customer/importer.js';
import { INVALID_EMAIL_TAG, TAG_ROOT } from '../../src/sync/customer/mapper.js';
import { CURSOR_OVERLAP_MS, runImport } from '../../src/sync/run-import.js';
import { importBed, xmlidTarget, type ImportBed } from '../support/import.js';

let bed: ImportBed;
let customers: BcCustomer[];
let groups: BcCustomerGroup[];
let module: string;
let countryCode: Map<number, string>;

interface Partner {
  id: number;
  name: string;
  email: string | false;
  phone: string | false;
  company_name: string | false;
  comment: string | false;
  category_id: number[];
  customer_rank: number;
  type: string;
  parent_id: [number, string] | false;
  active: boolean;
  street: string | false;
  street2: string | false;
  city: string | false;
  zip: string | false;
  country_id: [number, string] | false;
  state_id: [number, string] | false;
  child_ids: number[];
  x_bc_hash: string | false;
}
const PARTNER_FIELDS = [
  'name',
  'email',
  'phone',
  'company_name',
  'comment',
  'category_id',
  'customer_rank',
  'type',
  'parent_id',
  'active',
  'street',
  'street2',
  'city',
  'zip',
  'country_id',
  'state_id',
  'child_ids',
  'x_bc_hash',
];

const readPartners = async (ids: number[]) =>
  new Map(
    (await bed.admin.read<Partner>('res.partner', ids, PARTNER_FIELDS, { context: { active_test: false } })).map(
      (p) => [p.id, p],
    ),
  );
const bound = (names: string[]) => xmlidTarget(bed.admin, module, names);
const syncCursor = async () =>
  (
    await bed.admin.searchRead<{ x_cursor: string | false }>(
      'x_bc_sync_state',
      [['x_entity', '=', 'customers']],
      ['x_cursor'],
    )
  )[0]?.x_cursor;
const freshCustomers = async () => (await (await bed.context()).bc.customers().all()).records;
const address = (customerId: number, i: number) => bed.sandbox.store.customers.get(customerId)!.addresses[i]!;

beforeAll(async () => {
  bed = await importBed('customers');
  const ctx = await bed.context();
  module = ctx.binder.module;
  customers = (await ctx.bc.customers().all()).records;
  groups = (await ctx.bc.customerGroups().all()).records;
  countryCode = new Map(
    (await bed.admin.searchRead<{ id: number; code: string }>('res.country', [], ['code'])).map((c) => [c.id, c.code]),
  );
  expect(customers).toHaveLength(25);
  expect(customers.reduce((n, c) => n + (c.addresses?.length ?? 0), 0)).toBe(26);
  expect(groups).toHaveLength(4);
});
afterAll(() => bed?.close());

describe('customers', () => {
  it('imports every customer as a person partner with its addresses as delivery children, record by record', async () => {
    const s = await runImport(await bed.context(), customerImporter);
    if (s.failed) console.log(s.failures);
    const misspelt = customers.find((c) => c.id === 14)!.addresses!.find((a) => a.state_or_province === 'Calfornia')!;
    expect(s).toMatchObject({ status: 'done', created: 25, updated: 0, unchanged: 0, failed: 0 });
    // Odoo 18 lists UK counties, and "England" is none of them; Kosovo (XK) has no states in Odoo, so "Prishtinë" has nowhere to go.
    const england = customers.find((c) => c.id === 12)!.addresses![0]!;
    // Odoo 19 names Japan's prefectures in Japanese only (東京都, code JP-13): "Tokyo" is none of them there.
    const tokyo = customers.flatMap((c) => c.addresses ?? []).find((a) => a.state_or_province === 'Tokyo')!;
    const tokyoInOdoo = await bed.admin.searchCount('res.country.state', [
      ['country_id.code', '=', 'JP'],
      ['name', '=ilike', 'Tokyo'],
    ]);
    const tokyoWarning = tokyoInOdoo
      ? []
      : [
          [
            'addresses',
            String(tokyo.id),
            'state_or_province "Tokyo" is not a state of JP in Odoo: imported without state',
          ],
        ];
    expect(s.warningList.map((w) => [w.entity, w.bcId, w.message]).sort()).toEqual(
      [
        ...tokyoWarning,
        [
          'addresses',
          String(england.id),
          'state_or_province "England" is not a state of GB in Odoo: imported without state',
        ],
        [
          'addresses',
          String(misspelt.id),
          'state_or_province "Calfornia" is not a state of US in Odoo: imported without state',
        ],
        [
          'customers',
          '13',
          `email "marco.rossi(at)example.com" is not a valid address: kept as is and tagged "${INVALID_EMAIL_TAG}"`,
        ],
        [
          'customers',
          '7',
          'tax_exempt_category "G": no fiscal position mapped (customers.tax_exempt in the config); tagged "BigCommerce: tax exempt G" only, Odoo will tax this customer',
        ],
      ].sort(),
    );
    const lines = await bed.admin.searchRead<{ x_bc_id: string; x_level: string; x_entity: string; x_name: string }>(
      'x_bc_operation_log_line',
      [['x_log_id', '=', s.logId!]],
      ['x_bc_id', 'x_level', 'x_entity', 'x_name'],
    );
    expect(lines.map((l) => [l.x_entity, l.x_bc_id, l.x_level]).sort()).toEqual(
      [
        ['addresses', String(england.id), 'warning'],
        ['addresses', String(misspelt.id), 'warning'],
        ...tokyoWarning.map(([entity, id]) => [entity, id, 'warning']),
        ['customers', '13', 'warning'],
        ['customers', '7', 'warning'],
      ].sort(),
    );
    expect(lines.find((l) => l.x_bc_id === String(misspelt.id))!.x_name).toBe(
      'Arben Krasniqi, 1 Unknown Road (customer 14)',
    );

    // tags: one per customer group under "BigCommerce", plus the invalid-email flag
    const tagIds = await bound(groups.map((g) => `customer_group_${g.id}`));
    expect(tagIds.size).toBe(4);
    const tags = await bed.admin.read<{
      id: number;
      name: string;
      complete_name?: string;
      parent_id: [number, string] | false;
    }>('res.partner.category', [...tagIds.values()], ['name', 'parent_id']);
    for (const g of groups) {
      const t = tags.find((x) => x.id === tagIds.get(`customer_group_${g.id}`))!;
      expect(t.name).toBe(g.name);
      expect(t.parent_id && t.parent_id[1]).toBe(TAG_ROOT);
    }
    const [invalidTag] = await bed.admin.search('res.partner.category', [['name', '=', INVALID_EMAIL_TAG]]);
    // customer 7 is tax exempt (category G) in BigCommerce
    const [exemptTag] = await bed.admin.search('res.partner.category', [['name', '=', 'BigCommerce: tax exempt G']]);
    expect(exemptTag).toBeDefined();
    expect(invalidTag).toBeGreaterThan(0);

    const partnerIds = await bound(customers.map((c) => `customer_${c.id}`));
    const addressIds = await bound(customers.flatMap((c) => (c.addresses ?? []).map((a) => `address_${a.id}`)));
    expect(partnerIds.size).toBe(25);
    expect(addressIds.size).toBe(26);
    const partners = await readPartners([...partnerIds.values(), ...addressIds.values()]);
    for (const c of customers) {
      const p = partners.get(partnerIds.get(`customer_${c.id}`)!)!;
      const first = c.addresses?.[0];
      const what = `customer ${c.id}`;
      expect(p.name, what).toBe(`${c.first_name} ${c.last_name}`);
      expect(p.email, what).toBe(c.email);
      expect(p.phone || '', what).toBe(c.phone || first?.phone || '');
      expect(p.company_name || '', what).toBe(c.company ?? '');
      expect(p.type, what).toBe('contact');
      expect(p.parent_id, what).toBe(false);
      expect(p.customer_rank, what).toBeGreaterThanOrEqual(1);
      expect(p.x_bc_hash, what).toBeTruthy();
      const wantTags = [
        ...(c.customer_group_id ? [tagIds.get(`customer_group_${c.customer_group_id}`)!] : []),
        ...(c.id === 13 ? [invalidTag!] : []),
        ...(c.tax_exempt_category ? [exemptTag!] : []),
      ];
      expect(p.category_id.sort(), what).toEqual(wantTags.sort());
      if (c.notes) expect(p.comment, what).toContain(c.notes.replace(/&/g, '&amp;'));
      // the first address is the partner's own (invoice) address
      expect(p.street || '', what).toBe(first?.address1 ?? '');
      expect(p.city || '', what).toBe(first?.city ?? '');
      expect(p.country_id ? countryCode.get(p.country_id[0]) : '', what).toBe(first?.country_code ?? '');
      // every address is an active delivery child of the partner, and nothing else is
      expect(p.child_ids.sort(), what).toEqual(
        (c.addresses ?? []).map((a) => addressIds.get(`address_${a.id}`)!).sort(),
      );
      for (const a of c.addresses ?? []) {
        const ch = partners.get(addressIds.get(`address_${a.id}`)!)!;
        const where = `address ${a.id} of customer ${c.id}`;
        expect(ch.parent_id && ch.parent_id[0], where).toBe(p.id);
        expect(ch.type, where).toBe('delivery');
        const company = a.company && a.company !== c.company ? ` (${a.company})` : '';
        expect(ch.name, where).toBe(`${a.first_name} ${a.last_name}${company}`);
        expect([ch.street, ch.street2 || '', ch.city, ch.zip], where).toEqual([
          a.address1,
          a.address2 ?? '',
          a.city,
          a.postal_code,
        ]);
        expect(ch.phone || '', where).toBe(a.phone ?? '');
        expect(ch.country_id && countryCode.get(ch.country_id[0]), where).toBe(a.country_code);
        if (a === misspelt || a.country_code === 'XK') expect(ch.state_id, where).toBe(false);
        if (a.country_code === 'US' && a !== misspelt)
          expect(ch.state_id && ch.state_id[1], where).toBe(`${a.state_or_province} (US)`);
      }
    }
    // a few states outside the US, matched by name, code or a unique prefix
    const stateOf = (city: string) => {
      const c = customers.find((x) => x.addresses?.some((a) => a.city === city))!;
      const a = c.addresses!.find((x) => x.city === city)!;
      const st = partners.get(addressIds.get(`address_${a.id}`)!)!.state_id;
      return st ? st[1] : false;
    };
    expect(stateOf('Milano')).toBe('Milano (IT)');
    expect(stateOf('Stockholm')).toBe('Stockholms län (SE)');
    expect(stateOf('Toronto')).toBe('Ontario (CA)');
  });

  it('writes the cursor; a second import creates and updates nothing', async () => {
    const newest = Math.max(...customers.map((c) => Date.parse(c.date_modified)));
    expect(await syncCursor()).toBe(new Date(newest).toISOString());
    const inWindow = customers.filter((c) => Date.parse(c.date_modified) >= newest - CURSOR_OVERLAP_MS).length;
    const incremental = await runImport(await bed.context(), customerImporter);
    expect(incremental).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: inWindow,
      failed: 0,
      warnings: 0,
      from: new Date(newest - CURSOR_OVERLAP_MS).toISOString(),
    });
    const full = await runImport(await bed.context(), customerImporter, { full: true });
    expect(full).toMatchObject({ created: 0, updated: 0, unchanged: 25, failed: 0, warnings: 0 });
  });

  it('a changed customer is the only update, keeps tags added in Odoo, and moves the cursor', async () => {
    const id = (await bound(['customer_2'])).get('customer_2')!;
    const [handTag] = await bed.admin.create('res.partner.category', [{ name: 'Met at trade fair' }]);
    await bed.admin.write('res.partner', [id], { category_id: [[4, handTag]] });
    const touched = bed.sandbox.store.touchCustomer(2, {
      phone: '718-555-0102',
      lastName: 'Smythe',
      customerGroupId: 3,
    });
    const s = await runImport(await bed.context(), customerImporter);
    expect(s).toMatchObject({ created: 0, updated: 1, failed: 0, warnings: 0 });
    const p = (await readPartners([id])).get(id)!;
    expect([p.name, p.phone]).toEqual(['John Smythe', '718-555-0102']);
    const vip = (await bound(['customer_group_3'])).get('customer_group_3')!;
    expect(p.category_id.sort()).toEqual([vip, handTag!].sort());
    expect(await syncCursor()).toBe(new Date(touched.dateModified).toISOString());
  });

  it('a changed address updates its child; a deleted one is archived; an unknown country is dropped and warned', async () => {
    const [a0, a1] = [address(1, 0), address(1, 1)];
    bed.sandbox.store.touchCustomer(1, { addresses: [{ ...a0, address1: '457 Main Street' }] });
    const six = address(6, 0);
    bed.sandbox.store.touchCustomer(6, { addresses: [{ ...six, countryCode: 'ZZ', country: 'Zedland' }] });
    const s = await runImport(await bed.context(), customerImporter);
    expect(s).toMatchObject({ created: 0, updated: 2, archived: 1, failed: 0 });
    expect(s.warningList).toEqual([
      expect.objectContaining({
        entity: 'addresses',
        bcId: String(six.id),
        message: 'country_code "ZZ" is not a country in Odoo: imported without country and state',
      }),
    ]);
    const ids = await bound(['customer_1', `address_${a0.id}`, `address_${a1.id}`, `address_${six.id}`]);
    const rows = await readPartners([...ids.values()]);
    expect(rows.get(ids.get(`address_${a0.id}`)!)!).toMatchObject({ street: '457 Main Street', active: true });
    expect(rows.get(ids.get('customer_1')!)!.street).toBe('457 Main Street');
    expect(rows.get(ids.get(`address_${a1.id}`)!)!.active).toBe(false);
    expect(rows.get(ids.get(`address_${six.id}`)!)!).toMatchObject({
      country_id: false,
      state_id: false,
      street: six.address1,
    });
  });

  it('a page of customers costs the same number of Odoo calls whatever its size', async () => {
    // Settle the overlap window first, so both measured runs read only what they touch plus unchanged customers.
    await runImport(await bed.context(), customerImporter);
    bed.sandbox.store.touchCustomer(3, { phone: '415-555-0001' });
    const one = await runImport(await bed.context(), customerImporter);
    const many = [4, 5, 7, 8, 10, 11, 12, 15, 16, 18, 19, 20];
    for (const id of many) bed.sandbox.store.touchCustomer(id, { notes: `touched ${id}` });
    const twelve = await runImport(await bed.context(), customerImporter);
    expect(one).toMatchObject({ updated: 1, failed: 0 });
    expect(twelve).toMatchObject({ updated: many.length, failed: 0 });
    expect(twelve.odooCalls).toBe(one.odooCalls);

    expect(one.odooCalls).toBeLessThanOrEqual(24);
  });

  it('a first import of several full pages costs a bounded number of calls per page, and its cursor is the newest', async () => {
    const scale = await importBed('customerspages', {
      store: 'scale',
      scale: { customers: 300, products: 1, variants: 1, orders: 0, seed: 3 },
    });
    try {
      const ctx = await scale.context();
      const all = (await ctx.bc.customers().all()).records;
      const s = await runImport(ctx, customerImporter);
      expect(s).toMatchObject({ created: 300, failed: 0 });
      const pages = Math.ceil(300 / 250);
      const perMethod = ctx.odoo.stats.byModelMethod;
      // per page: states ≤ 1, partner plan 1 + upsert 2, address plan 1 + upsert 2, fingerprints 1;
      // per run: about 13 (tags, countries, state, parked and pending records, log)
      expect(s.odooCalls, JSON.stringify(perMethod)).toBeLessThanOrEqual(13 + 8 * pages);
      expect(perMethod['res.partner.load'], 'per page: new partners, new addresses, then their fingerprints').toBe(
        3 * pages,
      );
      expect(perMethod['res.partner.create'] ?? 0).toBe(0);
      const newest = Math.max(...all.map((c) => Date.parse(c.date_modified)));
      const [state] = await scale.admin.searchRead<{ x_cursor: string }>(
        'x_bc_sync_state',
        [['x_entity', '=', 'customers']],
        ['x_cursor'],
      );
      expect(state!.x_cursor).toBe(new Date(newest).toISOString());
      const addresses = all.reduce((n, c) => n + (c.addresses?.length ?? 0), 0);
      expect(
        await scale.admin.searchCount('res.partner', [
          ['type', '=', 'delivery'],
          ['parent_id.x_bc_hash', '!=', false],
        ]),
      ).toBe(addresses);
    } finally {
      await scale.close();
    }
  });

  it('dry run counts what would change and writes nothing', async () => {
    bed.sandbox.store.touchCustomer(21, { company: 'Johnson Interiors Inc.' });
    const logs = await bed.admin.searchCount('x_bc_operation_log', []);
    const cursor = await syncCursor();
    const dry = await runImport(await bed.context(), customerImporter, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, created: 0, updated: 1, failed: 0 });
    expect(await bed.admin.searchCount('x_bc_operation_log', [])).toBe(logs);
    expect(await syncCursor()).toBe(cursor);
    const id = (await bound(['customer_21'])).get('customer_21')!;
    expect((await readPartners([id])).get(id)!.company_name).toBe('Johnson Interiors');
  });

  it('--id imports only those customers, fails clearly for an unknown id, and leaves the cursor', async () => {
    const cursor = await syncCursor();
    const s = await runImport(await bed.context(), customerImporter, { ids: [21, 999999] });
    expect(s).toMatchObject({ created: 0, updated: 1, unchanged: 0, failed: 1 });
    expect(s.failures[0]).toMatchObject({ bcId: '999999', message: expect.stringContaining('does not exist') });
    expect(await syncCursor()).toBe(cursor);
    const id = (await bound(['customer_21'])).get('customer_21')!;
    expect((await readPartners([id])).get(id)!.company_name).toBe('Johnson Interiors Inc.');
  });

  it('an unreadable customer is parked, the cursor moves on, and it imports once fixed', async () => {
    const touched = bed.sandbox.store.touchCustomer(22, { firstName: 'Søren A.' });
    bed.sandbox.store.touchCustomer(23, { email: null as unknown as string });
    const s = await runImport(await bed.context(), customerImporter);
    expect(s).toMatchObject({ status: 'partial', failed: 1, updated: 1, parked: 1 });
    expect(s.failures[0]).toMatchObject({ bcId: '23', kind: 'invalid_record' });
    expect(await syncCursor(), 'the cursor is not frozen by the unreadable customer').toBe(
      new Date(touched.dateModified).toISOString(),
    );
    const fixed = bed.sandbox.store.touchCustomer(23, { email: 'yuki.tanaka@example.jp' });
    const again = await runImport(await bed.context(), customerImporter);
    expect(again).toMatchObject({ status: 'done', failed: 0, parked: 0 });
    expect(await syncCursor()).toBe(new Date(fixed.dateModified).toISOString());
    expect((await freshCustomers()).find((c) => c.id === 23)!.email).toBe('yuki.tanaka@example.jp');
    expect(await bed.admin.searchCount('x_bc_parked', [['x_entity', '=', 'customers']])).toBe(0);
  });
});
