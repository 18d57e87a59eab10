import { describe, expect, it } from 'vitest';
import type { BcAddress, BcCustomer } from '../../bigcommerce/schemas.js';
import {
  addressName,
  customerName,
  isValidEmail,
  mapCustomer,
  placeKey,
  resolvePlace,
  type CustomerRefs,
  type PlaceIndex,
} from './mapper.js';

const US = 1;
const SE = 2;
const XK = 3;
const IT = 4;
const DE = 5;
const places: PlaceIndex = {
  countries: new Map([
    ['US', US],
    ['SE', SE],
    ['XK', XK],
    ['IT', IT],
    ['DE', DE],
  ]),
  states: new Map([
    [
      US,
      [
        { id: 10, name: 'California', code: 'CA' },
        { id: 11, name: 'Texas', code: 'TX' },
        { id: 12, name: 'New York', code: 'NY' },
        { id: 13, name: 'New Jersey', code: 'NJ' },
      ],
    ],
    [SE, [{ id: 20, name: 'Stockholms län', code: 'SE-AB' }]],
    [IT, [{ id: 40, name: 'Milano', code: 'MI' }]],
    [
      DE,
      [
        { id: 50, name: 'Bayern', code: 'DE-BY' },
        { id: 51, name: 'Baden-Württemberg', code: 'DE-BW' },
      ],
    ],
    [XK, []],
  ]),
};
const refs: CustomerRefs = {
  groupTags: new Map([
    [1, 100],
    [2, 101],
  ]),
  invalidEmailTag: 900,
  places,
  taxExempt: {
    tags: new Map([
      ['A', 700],
      ['G', 701],
    ]),
    positions: new Map([['G', 800]]),
  },
};

const address = (id: number, extra: Partial<BcAddress> = {}): BcAddress => ({
  id,
  customer_id: 7,
  first_name: 'Jane',
  last_name: 'Doe',
  company: '',
  address1: '1 Main St',
  address2: '',
  city: 'Austin',
  state_or_province: 'Texas',
  postal_code: '78701',
  country_code: 'US',
  country: 'United States',
  phone: '',
  address_type: 'residential',
  ...extra,
});
const customer = (extra: Partial<BcCustomer> = {}): BcCustomer => ({
  id: 7,
  email: 'jane@example.com',
  first_name: 'Jane',
  last_name: 'Doe',
  company: '',
  phone: '',
  notes: '',
  customer_group_id: 1,
  date_created: '2025-01-01T00:00:00Z',
  date_modified: '2025-02-01T00:00:00Z',
  addresses: [],
  ...extra,
});

describe('tax exemption', () => {
  it.each([
    ['no category', '', [], {}, 0],
    ['null category (API-created customers)', null, [], {}, 0],
    ['a mapped category: tag and fiscal position', 'g', [701], { property_account_position_id: 800 }, 0],
    ['an unmapped category: tag and a warning that Odoo will tax', 'A', [700], {}, 1],
  ] as const)('%s', (_label, category, tags, values, warnings) => {
    const m = mapCustomer(customer({ tax_exempt_category: category as string }), refs);
    expect((m.partner.category_id as number[]).filter((t) => t >= 700)).toEqual(tags);
    expect(m.partner.property_account_position_id).toBe(
      (values as { property_account_position_id?: number }).property_account_position_id,
    );
    expect(m.warnings.filter((w) => /tax_exempt_category/.test(w.message))).toHaveLength(warnings);
  });
});

describe('isValidEmail', () => {
  it.each([
    ['jane@example.com', true],
    ['Anna.Schmidt@Example.DE', true],
    ['qa+sandbox@example.com', true],
    [' j@x.io ', true],
    ['marco.rossi(at)example.com', false],
    ['no-at.example.com', false],
    ['a@b', false],
    ['a b@example.com', false],
    ['', false],
    ['a@@b.com', false],
  ])('%j → %s', (email, ok) => expect(isValidEmail(email)).toBe(ok));
});

describe('customerName', () => {
  it.each([
    [{ first_name: ' Jane ', last_name: 'Doe' }, 'Jane Doe'],
    [{ first_name: '', last_name: 'Doe' }, 'Doe'],
    [{ first_name: '', last_name: ' ' }, 'jane@example.com'],
    [{ first_name: '', last_name: '', email: '' }, 'Customer 7'],
  ])('%j → %s', (c, want) => expect(customerName({ id: 7, email: 'jane@example.com', ...c })).toBe(want));
});

describe('addressName', () => {
  it.each([
    [{ first_name: 'Jane', last_name: 'Doe', company: '' }, '', 'Jane Doe'],
    [{ first_name: 'Jane', last_name: 'Doe', company: 'Acme' }, '', 'Jane Doe (Acme)'],
    [{ first_name: 'Jane', last_name: 'Doe', company: ' acme ' }, 'Acme', 'Jane Doe'],
    [{ first_name: '', last_name: '', company: 'Acme' }, '', 'Acme'],
    [{ first_name: '', last_name: '', company: '' }, '', 'The Customer'],
  ])('%j of a customer with company %j → %s', (a, company, want) =>
    expect(addressName(a, { company }, 'The Customer')).toBe(want),
  );
});

describe('resolvePlace', () => {
  it.each([
    ['state by name', 'US', 'Texas', { country_id: US, state_id: 11, issues: [] }],
    ['state by code, any case', 'us', 'ca', { country_id: US, state_id: 10, issues: [] }],
    ['state by the code after the country prefix', 'DE', 'BY', { country_id: DE, state_id: 50, issues: [] }],
    ['accents and case do not count', 'DE', 'baden wurttemberg', { country_id: DE, state_id: 51, issues: [] }],
    ['a unique name that starts with it', 'SE', 'Stockholm', { country_id: SE, state_id: 20, issues: [] }],
    [
      'a short prefix is not enough',
      'US',
      'New',
      {
        country_id: US,
        state_id: false,
        issues: ['state_or_province "New" is not a state of US in Odoo: imported without state'],
      },
    ],
    [
      'a misspelt state is dropped and reported',
      'US',
      'Calfornia',
      {
        country_id: US,
        state_id: false,
        issues: ['state_or_province "Calfornia" is not a state of US in Odoo: imported without state'],
      },
    ],
    [
      'a country without states in Odoo drops the state quietly',
      'XK',
      'Prishtinë',
      { country_id: XK, state_id: false, issues: [] },
    ],
    ['no state given', 'US', ' ', { country_id: US, state_id: false, issues: [] }],
    [
      'an unknown country drops country and state',
      'ZZ',
      'Somewhere',
      {
        country_id: false,
        state_id: false,
        issues: ['country_code "ZZ" is not a country in Odoo: imported without country and state'],
      },
    ],
    [
      'an empty country code',
      '',
      '',
      { country_id: false, state_id: false, issues: ['country_code is empty: imported without country'] },
    ],
  ])('%s', (_l, code, state, want) => expect(resolvePlace(places, code, state)).toEqual(want));

  it('placeKey', () => expect(placeKey('  Île-de-France ')).toBe('ile de france'));
});

describe('mapCustomer', () => {
  it('a customer without addresses: person partner, group tag, no address fields', () => {
    const m = mapCustomer(customer({ phone: ' 512-555-0100 ', company: 'Acme', notes: 'Net 30\n<VIP> & co' }), refs);
    expect(m.partner).toEqual({
      name: 'Jane Doe',
      email: 'jane@example.com',
      phone: '512-555-0100',
      company_name: 'Acme',
      comment: '<p>Net 30</p><p>&lt;VIP&gt; &amp; co</p>',
      category_id: [100],
      street: false,
      street2: false,
      city: false,
      zip: false,
      country_id: false,
      state_id: false,
    });
    expect(m.addresses).toEqual([]);
    expect(m.warnings).toEqual([]);
  });

  it('addresses become delivery children; the first is copied onto the partner, whose phone falls back to it', () => {
    const a1 = address(1, { phone: '512-555-0123' });
    const a2 = address(2, {
      first_name: 'Receiving',
      last_name: 'Dock',
      company: 'BigBox',
      address1: '500 Way',
      address2: 'Gate 4',
      city: 'Newark',
      state_or_province: 'NJ',
      postal_code: '07114',
    });
    const m = mapCustomer(customer({ addresses: [a1, a2] }), refs);
    expect(m.partner).toMatchObject({
      phone: '512-555-0123',
      street: '1 Main St',
      street2: false,
      city: 'Austin',
      zip: '78701',
      country_id: US,
      state_id: 11,
    });
    expect(m.addresses.map((a) => [a.address.id, a.values])).toEqual([
      [
        1,
        {
          type: 'delivery',
          name: 'Jane Doe',
          street: '1 Main St',
          street2: false,
          city: 'Austin',
          zip: '78701',
          country_id: US,
          state_id: 11,
          phone: '512-555-0123',
        },
      ],
      [
        2,
        {
          type: 'delivery',
          name: 'Receiving Dock (BigBox)',
          street: '500 Way',
          street2: 'Gate 4',
          city: 'Newark',
          zip: '07114',
          country_id: US,
          state_id: 13,
          phone: false,
        },
      ],
    ]);
  });

  it('an invalid email is kept, tagged and warned about', () => {
    const m = mapCustomer(
      customer({
        id: 13,
        email: 'marco.rossi(at)example.com',
        first_name: 'Marco',
        last_name: 'Rossi',
        customer_group_id: 2,
      }),
      refs,
    );
    expect(m.partner).toMatchObject({ email: 'marco.rossi(at)example.com', category_id: [101, 900] });
    expect(m.warnings).toEqual([
      {
        entity: 'customers',
        bcId: 13,
        name: 'Marco Rossi',
        message: expect.stringContaining('email "marco.rossi(at)example.com" is not a valid address'),
      },
    ]);
  });

  it('no group (0) means no tag; an unknown group is warned about', () => {
    expect(mapCustomer(customer({ customer_group_id: 0 }), refs)).toMatchObject({
      partner: { category_id: [] },
      warnings: [],
    });
    expect(mapCustomer(customer({ customer_group_id: 9 }), refs).warnings).toEqual([
      {
        entity: 'customers',
        bcId: 7,
        name: 'Jane Doe',
        message: 'customer_group_id 9 is not a customer group in BigCommerce: imported without a group tag',
      },
    ]);
  });

  it('an address with an unknown country or a misspelt state is imported without it, warned by address', () => {
    const m = mapCustomer(
      customer({
        addresses: [
          address(27, { country_code: 'ZZ', city: 'Nowhere' }),
          address(28, { state_or_province: 'Calfornia' }),
        ],
      }),
      refs,
    );
    expect(m.addresses.map((a) => [a.values.country_id, a.values.state_id])).toEqual([
      [false, false],
      [US, false],
    ]);
    expect(m.partner).toMatchObject({ city: 'Nowhere', country_id: false, state_id: false });
    expect(m.warnings).toEqual([
      {
        entity: 'addresses',
        bcId: 27,
        name: 'Jane Doe, 1 Main St (customer 7)',
        message: 'country_code "ZZ" is not a country in Odoo: imported without country and state',
      },
      {
        entity: 'addresses',
        bcId: 28,
        name: 'Jane Doe, 1 Main St (customer 7)',
        message: 'state_or_province "Calfornia" is not a state of US in Odoo: imported without state',
      },
    ]);
  });

  it('the fingerprint covers the addresses', () => {
    const a = mapCustomer(customer({ addresses: [address(1), address(2)] }), refs);
    const b = mapCustomer(customer({ addresses: [address(1), address(2, { address2: 'Apt 2' })] }), refs);
    expect(a.partner).toEqual(b.partner);
    expect(a.fingerprintOf).not.toEqual(b.fingerprintOf);
  });
});
