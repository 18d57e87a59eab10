/**
 * The building blocks every record schema is made of. Record schemas follow the field names
 * of the OpenAPI specs in shared/bigcommerce-api/reference — but the types of what real stores
 * send, which the specs do not always admit. They are loose: unknown fields pass through
 * (BigCommerce adds fields without notice), and only what an importer cannot work without is
 * required. Enums are plain strings for the same reason: one new payment status must not turn
 * every order of a store into an invalid record.
 *
 * Real responses are the authority. Orders created through the API, a POS or a marketplace
 * carry `null` where the spec says string (staff_notes, customer_message, cart_id…), v2 sends
 * "" for dates that have not happened, numbers come as strings and strings as numbers, and
 * 0 or null stands for "no such record" (variant_id, brand_id, parent_order_product_id). The
 * building blocks below take all of that at the edge, so importers see one spelling per
 * meaning:
 *
 *   absent or null (optional field)        → undefined
 *   null text an importer always reads     → ''           (names, address lines: `text`)
 *   "" or null date                        → undefined    (`optV2Date`, `optV3Date`)
 *   "12" for a number, 12 for a string     → the declared type
 *   0 or null as a reference to a record   → undefined    (`ref`)
 *   null where 0 is BigCommerce's own word → 0            (`idOrZero`: guest customer, top-level category)
 *   a date_modified "" or null             → date_created (never modified since)
 *
 * A required field must still be present: null reads as its empty value, but a missing key
 * means a shape we do not know, and the record fails naming the field.
 */
import { z } from 'zod';
import { isIsoDate, isRfc2822Date } from '../dates.js';

// ---------------------------------------------------------------- building blocks

const isBlank = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
const received = (v: unknown): string => (v === null ? 'null' : v === undefined ? 'nothing' : typeof v);

/** Optional, and null means absent: importers test one thing, `=== undefined` (or `??`). */
export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === null ? undefined : v), schema.optional());
}

/** Optional, and null or "" means absent: for values where "" cannot be a value (dates, amounts, ids). */
export function optionalNonBlank<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (isBlank(v) ? undefined : v), schema.optional());
}

/** A list that comes as null when empty: []. Absent is still an error, like every required field. */
export function list<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (v === null ? [] : v), z.array(item));
}

const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;
/** "12.5" → 12.5; anything else is left for the schema to judge. */
const fromNumericString = (v: unknown): unknown => (typeof v === 'string' && NUMERIC.test(v) ? Number(v) : v);

/** A number, also when sent as a numeric string. */
export const num = z.preprocess(fromNumericString, z.number());
/** An integer, also when sent as a numeric string. */
export const int = z.preprocess(fromNumericString, z.number().int());
/** A record id: a non-negative integer, or its string (tax class ids are strings in tax_classes.v2.yml). */
export const id = z.preprocess(fromNumericString, z.number().int().nonnegative());
/** A reference to another record, where 0 or null means "none" (variant_id, brand_id…): undefined then. */
export const ref = z.preprocess((v) => (isBlank(v) || v === 0 || v === '0' ? undefined : v), id.optional());
/** An id where BigCommerce itself gives 0 a meaning (customer_id 0 = guest, parent_id 0 = top level): null or "" reads as 0. */
export const idOrZero = z.preprocess((v) => (v !== undefined && isBlank(v) ? 0 : v), id);

/** Text an importer always reads (names, address lines): null → '', a number (a zip code) → its digits. Must be present. */
export const text = z.preprocess((v) => (v === null ? '' : typeof v === 'number' ? String(v) : v), z.string());
/** Optional text: null → undefined, a number → its digits. */
export const optText = optional(z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string()));
/** An optional flag; null → undefined. */
export const optBool = optional(z.boolean());

const DECIMAL = /^-?\d+(\.\d+)?$/;
/**
 * v2 money: a decimal string ("25.0000"), kept as sent so its decimals still tell its precision.
 * Some endpoints (consignments, fees) and some stores send numbers: those become 4-decimal
 * strings, so mappers see one type.
 */
export const money = z.preprocess(
  (v) => (typeof v === 'number' ? v.toFixed(4) : typeof v === 'string' ? v.trim() : v),
  z
    .string({ error: (iss) => `expected a decimal amount, received ${received(iss.input)}` })
    .regex(DECIMAL, 'expected a decimal amount'),
);
/** Money that may be missing, null or "" (then undefined: "no amount", which mappers read as 0). */
export const optMoney = optionalNonBlank(money);
/** An exchange rate: a decimal string ("0.9200000000"), also when sent as a number. */
export const rate = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : v),
  z.string().regex(DECIMAL, 'expected a decimal rate'),
);

/** v2 dates: `Tue, 20 Nov 2012 00:00:00 +0000`. */
export const v2Date = z
  .string({ error: (iss) => `expected an RFC 2822 date, received ${received(iss.input)}` })
  .refine(isRfc2822Date, 'expected an RFC 2822 date');
/** v3 dates: ISO 8601 / RFC 3339. */
export const v3Date = z
  .string({ error: (iss) => `expected an ISO 8601 date, received ${received(iss.input)}` })
  .refine(isIsoDate, 'expected an ISO 8601 date');
/** A date that is "" or null until it happens (date_shipped) or when unknown: undefined then. */
export const optV2Date = optionalNonBlank(v2Date);
export const optV3Date = optionalNonBlank(v3Date);

/**
 * A record never modified may say so with date_modified "" or null: it was last modified when
 * it was created. Cursors need a date, so the creation date stands in; when both are missing
 * the record fails on date_modified.
 */
export function modifiedDefaultsToCreated<T extends z.ZodType>(schema: T) {
  return z.preprocess((raw) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
    const r = raw as Record<string, unknown>;
    return isBlank(r.date_modified) && !isBlank(r.date_created) ? { ...r, date_modified: r.date_created } : r;
  }, schema);
}

/** `{url, resource}`: what v2 returns in place of a sub-resource that was not included. Strict: it tells links from records. */
export const BcLink = z.looseObject({ url: z.string(), resource: z.string() });
export type BcLink = z.infer<typeof BcLink>;
/** Form fields are carried, never read: any value. */
const formField = z.looseObject({ name: text, value: z.unknown() });
export const formFields = optional(z.array(formField));
