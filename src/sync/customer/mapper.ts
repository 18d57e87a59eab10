/**
 * BigCommerce customer → res.partner, its addresses → child contacts. Pure: tags, countries
 * and states come in resolved (see `PlaceIndex`); problems come back as warnings naming the
 * record and the field, never as exceptions.
 *
 * Shape decisions:
 * - A customer is one *person* partner (name = first + last, else the email) with the
 *   BigCommerce `company` in `company_name`, not a parent company partner. BigCommerce's
 *   company is free text on a person's login: two customers typing "Smith & Sons" are not
 *   known to be one company, and building company partners by name would merge strangers or
 *   move invoices to the wrong commercial partner. `company_name` is what Odoo's own
 *   e-commerce checkout stores, and Odoo's "Create company" button on the partner form turns
 *   it into a company partner when someone has checked that it is one.
 * - Every address is a child contact of type 'delivery' (v3 addresses are the customer's
 *   address book: shipping addresses, none is marked as billing). The first address is also
 *   copied onto the customer partner itself, which stays type 'contact': Odoo's
 *   `address_get(['invoice'])` falls back to the partner when it has no invoice child, so
 *   invoices get an address, while the children keep every address for deliveries. No child
 *   is typed 'invoice': BigCommerce does not say which address bills, and the order importer
 *   takes the billing address from each order.
 * - An address's `company` goes into the child's name, "Jane Doe (Acme Corp)", when it differs
 *   from the customer's: Odoo clears `company_name` on any partner with a parent
 *   (res.partner create/write), and prints a child's address under its commercial partner's
 *   company, which is the customer's `company_name`.
 * - `phone` is the account's phone, else the first address's (BigCommerce asks for the phone
 *   on the address form, so accounts often have none).
 * - An invalid email is kept as is (it is what the shop has) and flagged with the tag
 *   "BigCommerce: invalid email" plus a warning.
 * - No `lang`: v3 customers carry no language; Odoo's default applies.
 */
import type { BcAddress, BcCustomer } from '../../bigcommerce/schemas.js';
import type { Values } from '../../odoo/rpc.js';

/** Parent of the customer-group tags (res.partner.category), shared by all stores. */
export const TAG_ROOT = 'BigCommerce';
export const INVALID_EMAIL_TAG = 'BigCommerce: invalid email';
/** Tag of customers BigCommerce exempts from tax, one per exemption category */
export const taxExemptTagName = (code: string): string => `BigCommerce: tax exempt ${code}`;

export interface OdooState {
  id: number;
  name: string;
  code: string;
}

/** What Odoo knows of places, loaded by the importer in bulk (countries once, states per page). */
export interface PlaceIndex {
  /** upper-case ISO code → res.country id */
  countries: ReadonlyMap<string, number>;
  /** res.country id → its states (a country without states in Odoo maps to []) */
  states: ReadonlyMap<number, readonly OdooState[]>;
}

export interface CustomerRefs {
  /** BigCommerce customer group id → res.partner.category id */
  groupTags: ReadonlyMap<number, number>;
  invalidEmailTag: number;
  places: PlaceIndex;
  /** tax_exempt_category code (upper case) → its tag, and the fiscal position config maps it to */
  taxExempt: { tags: ReadonlyMap<string, number>; positions: ReadonlyMap<string, number> };
}

export interface Warning {
  entity: 'customers' | 'addresses';
  bcId: number;
  name: string;
  message: string;
}

export interface MappedAddress {
  address: BcAddress;
  /** child contact values, without `parent_id` (the partner is written first) */
  values: Values;
}

export interface MappedCustomer {
  /** res.partner values; `customer_rank` is the importer's (set on create only) */
  partner: Values;
  addresses: MappedAddress[];
  warnings: Warning[];
  /** what the partner's fingerprint covers: the partner and its addresses, so an unchanged customer skips both */
  fingerprintOf: unknown;
}

// Deliberately simple: one @, no spaces, a dot in the domain. Odoo itself accepts anything.
const EMAIL = /^[^\s@()<>,;:"[\]]+@[^\s@()<>,;:"[\]]+\.[^\s@()<>,;:"[\]]+$/;

export function isValidEmail(email: string): boolean {
  return EMAIL.test(email.trim());
}

export function customerName(c: Pick<BcCustomer, 'id' | 'first_name' | 'last_name' | 'email'>): string {
  return joinName(c.first_name, c.last_name) || c.email.trim() || `Customer ${c.id}`;
}

const joinName = (first: string, last: string): string => `${first.trim()} ${last.trim()}`.trim();
const text = (s: string | undefined | null): string | false => s?.trim() || false;

/** For matching place names: case, accents, punctuation and spacing do not count. */
export function placeKey(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface ResolvedPlace {
  country_id: number | false;
  state_id: number | false;
  /** field-level problems, for the warning */
  issues: string[];
}

/**
 * Country by ISO code; state among that country's Odoo states by name or code (`TX`,
 * `DE-BY` or `BY`), else by a unique name that starts with it (≥ 4 letters: "Stockholm" →
 * "Stockholms län"). A state is only an issue when Odoo has states for the country: Odoo
 * keeps none for many countries (GB, FR, Kosovo…), and there the text has nowhere to go.
 */
export function resolvePlace(places: PlaceIndex, countryCode: string, state: string): ResolvedPlace {
  const code = countryCode.trim().toUpperCase();
  if (!code) return { country_id: false, state_id: false, issues: ['country_code is empty: imported without country'] };
  const country = places.countries.get(code);
  if (country === undefined) {
    return {
      country_id: false,
      state_id: false,
      issues: [
        `country_code "${countryCode}" is not a country in Odoo: imported without country${state.trim() ? ' and state' : ''}`,
      ],
    };
  }
  const key = placeKey(state);
  const states = places.states.get(country) ?? [];
  if (!key || states.length === 0) return { country_id: country, state_id: false, issues: [] };
  const exact = states.find((s) => {
    const c = placeKey(s.code);
    return placeKey(s.name) === key || c === key || c.replace(/^[a-z]{2} /, '') === key;
  });
  if (exact) return { country_id: country, state_id: exact.id, issues: [] };
  const prefixed = key.length >= 4 ? states.filter((s) => placeKey(s.name).startsWith(key)) : [];
  if (prefixed.length === 1) return { country_id: country, state_id: prefixed[0]!.id, issues: [] };
  return {
    country_id: country,
    state_id: false,
    issues: [`state_or_province "${state}" is not a state of ${code} in Odoo: imported without state`],
  };
}

/** [BigCommerce address field, Odoo field]: the plain text fields of an address. */
const ADDRESS_FIELDS = [
  ['address1', 'street'],
  ['address2', 'street2'],
  ['city', 'city'],
  ['postal_code', 'zip'],
] as const satisfies readonly (readonly [keyof BcAddress, string])[];

function addressFields(a: BcAddress, place: ResolvedPlace): Values {
  const out: Values = {};
  for (const [bc, odoo] of ADDRESS_FIELDS) out[odoo] = text(a[bc]);
  out.country_id = place.country_id;
  out.state_id = place.state_id;
  return out;
}

/** The same keys for every customer, so a page loads in one batch. */
const NO_ADDRESS: Values = {
  street: false,
  street2: false,
  city: false,
  zip: false,
  country_id: false,
  state_id: false,
};

/** The person, with the address's company when it is not the customer's own (see the file comment). */
export function addressName(
  a: Pick<BcAddress, 'first_name' | 'last_name' | 'company'>,
  c: Pick<BcCustomer, 'company'>,
  customer: string,
): string {
  const person = joinName(a.first_name, a.last_name);
  const company = a.company?.trim() ?? '';
  if (!company || company.toLowerCase() === (c.company ?? '').trim().toLowerCase()) return person || customer;
  return person ? `${person} (${company})` : company;
}

function notesHtml(notes: string | undefined): string | false {
  const lines = (notes ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (!lines.length) return false;
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return lines.map((l) => `<p>${esc(l)}</p>`).join('');
}

/**
 * BigCommerce's tax_exempt_category (an exemption code such as "A" or "G") becomes a tag, and
 * the fiscal position that customers.tax_exempt maps it to; unmapped, a warning says so.
 */
function taxExemption(
  c: BcCustomer,
  refs: CustomerRefs,
  name: string,
): { tags: number[]; values: Values; warnings: Warning[] } {
  const code = text(c.tax_exempt_category);
  if (!code) return { tags: [], values: {}, warnings: [] };
  const key = code.toUpperCase();
  const tag = refs.taxExempt.tags.get(key);
  const position = refs.taxExempt.positions.get(key);
  const warnings: Warning[] =
    position === undefined
      ? [
          {
            entity: 'customers',
            bcId: c.id,
            name,
            message: `tax_exempt_category "${code}": no fiscal position mapped (customers.tax_exempt in the config); tagged "${taxExemptTagName(key)}" only, Odoo will tax this customer`,
          },
        ]
      : [];
  return {
    tags: tag === undefined ? [] : [tag],
    values: position === undefined ? {} : { property_account_position_id: position },
    warnings,
  };
}

export function mapCustomer(c: BcCustomer, refs: CustomerRefs): MappedCustomer {
  const name = customerName(c);
  const warnings: Warning[] = [];
  const tags: number[] = [];
  if (c.customer_group_id) {
    const tag = refs.groupTags.get(c.customer_group_id);
    if (tag === undefined) {
      warnings.push({
        entity: 'customers',
        bcId: c.id,
        name,
        message: `customer_group_id ${c.customer_group_id} is not a customer group in BigCommerce: imported without a group tag`,
      });
    } else tags.push(tag);
  }
  const email = c.email.trim();
  if (!isValidEmail(email)) {
    tags.push(refs.invalidEmailTag);
    warnings.push({
      entity: 'customers',
      bcId: c.id,
      name,
      message: `email "${c.email}" is not a valid address: kept as is and tagged "${INVALID_EMAIL_TAG}"`,
    });
  }

  const exempt = taxExemption(c, refs, name);
  tags.push(...exempt.tags);
  warnings.push(...exempt.warnings);

  const addresses: MappedAddress[] = [];
  let main: Values = NO_ADDRESS;
  for (const a of c.addresses ?? []) {
    const place = resolvePlace(refs.places, a.country_code, a.state_or_province);
    const label = `${joinName(a.first_name, a.last_name) || name}, ${a.address1.trim()} (customer ${c.id})`;
    for (const issue of place.issues) warnings.push({ entity: 'addresses', bcId: a.id, name: label, message: issue });
    const fields = addressFields(a, place);
    if (addresses.length === 0) main = fields;
    addresses.push({
      address: a,
      values: { type: 'delivery', name: addressName(a, c, name), ...fields, phone: text(a.phone) },
    });
  }

  const partner: Values = {
    name,
    email: email || false,
    phone: text(c.phone) || text(c.addresses?.[0]?.phone),
    company_name: text(c.company),
    comment: notesHtml(c.notes),
    category_id: [...new Set(tags)].sort((x, y) => x - y),
    ...exempt.values,
    ...main,
  };
  return {
    partner,
    addresses,
    warnings,
    fingerprintOf: { partner, addresses: addresses.map((a) => [a.address.id, a.values]) },
  };
}
