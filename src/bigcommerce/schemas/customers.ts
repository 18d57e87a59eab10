/**
 * Customer records (v3): customers and their address book entries.
 */
import { z } from 'zod';
import {
  optional,
  num,
  int,
  id,
  idOrZero,
  text,
  optText,
  optBool,
  v3Date,
  optV3Date,
  modifiedDefaultsToCreated,
  formFields,
} from './common.js';

/** An address book entry. Text fields are '' when BigCommerce sends null. */
export const BcAddress = z.looseObject({
  id,
  customer_id: id,
  first_name: text,
  last_name: text,
  company: optText,
  address1: text,
  address2: optText,
  city: text,
  state_or_province: text,
  postal_code: text,
  country_code: text,
  country: optText,
  phone: optText,
  address_type: optText,
  form_fields: formFields,
});
export type BcAddress = z.infer<typeof BcAddress>;

export const BcCustomer = modifiedDefaultsToCreated(
  z.looseObject({
    id,
    /** the customer's login: BigCommerce has no customer without one, so null is a record we cannot read */
    email: z.string(),
    first_name: text,
    last_name: text,
    company: optText,
    phone: optText,
    notes: optText,
    tax_exempt_category: optText,
    registration_ip_address: optText,
    /** 0: no group */
    customer_group_id: idOrZero,
    date_created: optV3Date,
    date_modified: v3Date,
    address_count: optional(int),
    attribute_count: optional(int),
    accepts_product_review_abandoned_cart_emails: optBool,
    origin_channel_id: optional(int),
    channel_ids: optional(z.array(id)),
    authentication: optional(z.looseObject({ force_password_reset: optBool })),
    addresses: optional(z.array(BcAddress)),
    store_credit_amounts: optional(z.array(z.looseObject({ amount: optional(num) }))),
    form_fields: formFields,
  }),
);
export type BcCustomer = z.infer<typeof BcCustomer>;
