/**
 * Store-level and customer records → BigCommerce JSON: v2 store profile, currencies, tax
 * classes, customer groups and order statuses; v3 customers, addresses and locations.
 */
import { iso8601, rfc2822 } from './dates.js';
import { money2, rate10 } from './money.js';
import type { AddressRec, CurrencyRec, CustomerGroupRec, CustomerRec, LocationRec, TaxClassRec } from './model.js';
import type { OrderStatusRec } from './reference-data.js';
import type { SerializeCtx } from './serialize-catalog.js';

type Json = Record<string, unknown>;

export function storeJson(ctx: SerializeCtx): Json {
  const p = ctx.store.profile;
  const cur = ctx.store.defaultCurrency();
  return {
    id: ctx.storeHash,
    account_uuid: '6d1e5c1a-8d0b-4d54-9b7a-3a0f3e7f2b10',
    domain: p.domain,
    secure_url: `https://${p.domain}`,
    control_panel_base_url: `https://store-${ctx.storeHash}.mybigcommerce.com`,
    status: 'live',
    name: p.name,
    first_name: p.firstName,
    last_name: p.lastName,
    address: p.address,
    country: p.country,
    country_code: p.countryCode,
    infrastructure_region: 'us-central1',
    phone: p.phone,
    admin_email: p.adminEmail,
    order_email: p.orderEmail,
    favicon_url: `${ctx.baseUrl}/images/${ctx.storeHash}/store/original/favicon.png`,
    timezone: {
      name: p.timezone.name,
      raw_offset: p.timezone.rawOffset,
      dst_offset: p.timezone.dstOffset,
      dst_correction: p.timezone.dstOffset !== p.timezone.rawOffset,
      date_format: { display: 'jS M Y', export: 'M jS Y', extended_display: 'M jS Y @ g:i A' },
    },
    language: p.language,
    currency: cur.code,
    currency_symbol: cur.token,
    decimal_separator: cur.decimalToken,
    thousands_separator: cur.thousandsToken,
    decimal_places: 2,
    currency_symbol_location: cur.tokenLocation,
    weight_units: p.weightUnits,
    dimension_units: p.dimensionUnits,
    dimension_decimal_places: 2,
    dimension_decimal_token: '.',
    dimension_thousands_token: ',',
    plan_name: p.planName,
    plan_level: p.planLevel,
    plan_is_trial: false,
    industry: p.industry,
    logo: { url: `${ctx.baseUrl}/images/${ctx.storeHash}/store/original/logo.png` },
    is_price_entered_with_tax: p.isPriceEnteredWithTax,
    store_id: p.storeId,
    default_channel_id: 1,
    default_site_id: 1000,
    active_comparison_modules: [],
    features: {
      stencil_enabled: true,
      sitewidehttps_enabled: true,
      facebook_catalog_id: '',
      checkout_type: 'optimized',
      wishlists_enabled: true,
      graphql_storefront_api_enabled: true,
      shopper_consent_tracking_enabled: false,
      multi_storefront_enabled: false,
      storefront_limits: { active: 1, total_including_inactive: 1 },
    },
  };
}

export function currencyJson(c: CurrencyRec): Json {
  return {
    id: c.id,
    is_default: c.isDefault,
    last_updated: iso8601(c.lastUpdated),
    country_iso2: c.countryIso2,
    default_for_country_codes: c.defaultForCountryCodes,
    currency_code: c.code,
    currency_exchange_rate: rate10(c.rate),
    name: c.name,
    token: c.token,
    auto_update: false,
    token_location: c.tokenLocation,
    decimal_token: c.decimalToken,
    thousands_token: c.thousandsToken,
    decimal_places: 2,
    enabled: c.enabled,
    is_transactional: c.isTransactional,
    use_default_name: true,
  };
}

export function taxClassJson(t: TaxClassRec): Json {
  // v2 tax classes carry their id as a string, unlike tax_class_id on products (a number).
  return { id: String(t.id), name: t.name, created_at: iso8601(t.createdAt), updated_at: iso8601(t.updatedAt) };
}

export function customerGroupJson(g: CustomerGroupRec): Json {
  return {
    id: g.id,
    name: g.name,
    is_default: g.isDefault,
    category_access: g.categoryAccess,
    discount_rules: g.discountRules,
    date_created: rfc2822(g.dateCreated),
    date_modified: rfc2822(g.dateModified),
    is_group_for_guests: g.isGroupForGuests,
  };
}

export function orderStatusJson(s: OrderStatusRec): Json {
  return {
    id: s.id,
    name: s.name,
    system_label: s.name,
    custom_label: s.customLabel,
    system_description: s.description,
    order: s.order,
  };
}

export function addressJson(a: AddressRec, include: ReadonlySet<string>): Json {
  const out: Json = {
    id: a.id,
    address1: a.address1,
    address2: a.address2,
    address_type: a.addressType,
    city: a.city,
    company: a.company,
    country: a.country,
    country_code: a.countryCode,
    customer_id: a.customerId,
    first_name: a.firstName,
    last_name: a.lastName,
    phone: a.phone,
    postal_code: a.postalCode,
    state_or_province: a.stateOrProvince,
  };
  if (include.has('formfields')) out.form_fields = [];
  return out;
}

export function customerJson(c: CustomerRec, include: ReadonlySet<string>): Json {
  const out: Json = {
    id: c.id,
    authentication: { force_password_reset: c.forcePasswordReset },
    company: c.company,
    customer_group_id: c.customerGroupId,
    email: c.email,
    first_name: c.firstName,
    last_name: c.lastName,
    notes: c.notes,
    phone: c.phone,
    registration_ip_address: c.registrationIpAddress,
    tax_exempt_category: c.taxExemptCategory,
    date_created: iso8601(c.dateCreated),
    date_modified: iso8601(c.dateModified),
    accepts_product_review_abandoned_cart_emails: c.acceptsMarketing,
    origin_channel_id: c.originChannelId,
    channel_ids: c.channelIds,
    address_count: c.addresses.length,
    attribute_count: 0,
  };
  if (include.has('addresses')) out.addresses = c.addresses.map((a) => addressJson(a, include));
  if (include.has('storecredit')) out.store_credit_amounts = [{ amount: money2(c.storeCredit) }];
  if (include.has('attributes')) out.attributes = [];
  if (include.has('formfields')) out.form_fields = [];
  if (include.has('segment_ids')) out.segment_ids = [];
  if (include.has('shopper_profile_id')) out.shopper_profile_id = `sp-${c.id}`;
  return out;
}

export function locationJson(l: LocationRec): Json {
  const day = (open: boolean) => ({ open, opening: open ? '09:00' : '00:00', closing: open ? '17:00' : '00:00' });
  const weekday = l.typeId === 'PHYSICAL';
  return {
    id: l.id,
    code: l.code,
    label: l.label,
    description: l.description,
    managed_by_external_source: false,
    type_id: l.typeId,
    enabled: l.enabled,
    operating_hours: {
      sunday: day(false),
      monday: day(weekday),
      tuesday: day(weekday),
      wednesday: day(weekday),
      thursday: day(weekday),
      friday: day(weekday),
      saturday: day(false),
    },
    time_zone: l.timeZone,
    created_at: iso8601(l.createdAt),
    updated_at: iso8601(l.updatedAt),
    address: {
      address1: l.address.address1,
      address2: l.address.address2,
      city: l.address.city,
      state: l.address.state,
      zip: l.address.zip,
      email: l.address.email,
      phone: l.address.phone,
      geo_coordinates: { latitude: l.address.lat, longitude: l.address.lng },
      country_code: l.address.countryCode,
    },
    storefront_visibility: l.storefrontVisibility,
    special_hours: [],
  };
}
