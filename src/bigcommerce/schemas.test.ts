/**
 * The schemas against BigCommerce's own response examples in the OpenAPI specs, so a field
 * made required here is one the spec's examples really carry. Reads the offline spec copy
 * (BC_API_REFERENCE, default /work/shared/bigcommerce-api/reference); skipped without it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'zod';
import {
  BcBrand,
  BcCategory,
  BcCategoryTree,
  BcCoupon,
  BcCustomer,
  BcImage,
  BcOrder,
  BcOrderCount,
  BcOrderProduct,
  BcOrderStatus,
  BcProduct,
  BcShippingAddress,
  BcStore,
  BcTaxClass,
  BcTime,
  BcTreeCategory,
  BcVariant,
  recordIdOf,
} from './schemas.js';

const REFERENCE = process.env.BC_API_REFERENCE ?? '/work/shared/bigcommerce-api/reference';
const haveSpecs = existsSync(REFERENCE);

type Doc = { paths: Record<string, Record<string, unknown>> } & Record<string, unknown>;
const docs = new Map<string, Doc>();

function load(file: string): Doc {
  let d = docs.get(file);
  if (!d) {
    d = parse(readFileSync(join(REFERENCE, file), 'utf8')) as Doc;
    docs.set(file, d);
  }
  return d;
}

function deref(doc: Doc, node: unknown): unknown {
  let cur = node as { $ref?: string } | undefined;
  while (cur && typeof cur === 'object' && typeof cur.$ref === 'string') {
    let o: unknown = doc;
    for (const k of cur.$ref.slice(2).split('/')) o = (o as Record<string, unknown>)[k.replace(/~1/g, '/')];
    cur = o as { $ref?: string };
  }
  return cur;
}

/** Every example body of GET `path`'s 200 response. */
function examples(file: string, path: string): unknown[] {
  const doc = load(file);
  const get = (doc.paths[path] as { get?: { responses?: Record<string, unknown> } } | undefined)?.get;
  const res = deref(doc, get?.responses?.['200']) as {
    content?: Record<string, { example?: unknown; examples?: Record<string, unknown> }>;
  };
  const c = res?.content?.['application/json'];
  const out: unknown[] = [];
  if (c?.example !== undefined) out.push(c.example);
  for (const e of Object.values(c?.examples ?? {})) out.push((deref(doc, e) as { value?: unknown }).value);
  return out;
}

/** Records of an example body: v3 `{data}` (list or one), v2 array, or a bare object. */
function recordsOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (body && typeof body === 'object' && 'data' in body) {
    const data = (body as { data: unknown }).data;
    return Array.isArray(data) ? data : [data];
  }
  return [body];
}

/** The customers GET example leaves out id and dates, which every real customer record has. */
const customerOmissions = { id: 1, date_created: '2024-01-01T00:00:00Z', date_modified: '2024-01-02T00:00:00Z' };

const cases: [string, string, z.ZodType, Record<string, unknown>?][] = [
  ['store_information.v2.yml', '/store', BcStore],
  ['store_information.v2.yml', '/time', BcTime],
  ['orders.v2.oas2.yml', '/order_statuses', BcOrderStatus],
  ['tax_classes.v2.yml', '/tax_classes', BcTaxClass],
  ['catalog/categories_catalog.v3.yml', '/catalog/categories', BcCategory],
  ['catalog/category-trees_catalog.v3.yml', '/catalog/trees', BcCategoryTree],
  ['catalog/category-trees_catalog.v3.yml', '/catalog/trees/categories', BcTreeCategory],
  ['catalog/brands_catalog.v3.yml', '/catalog/brands', BcBrand],
  ['catalog/product-variants_catalog.v3.yml', '/catalog/products/{product_id}/variants', BcVariant],
  ['catalog/products_catalog.v3.yml', '/catalog/products/{product_id}/images', BcImage],
  ['customers.v3.yml', '/customers', BcCustomer, customerOmissions],
  ['orders.v2.oas2.yml', '/orders', BcOrder],
  ['orders.v2.oas2.yml', '/orders/{order_id}/products', BcOrderProduct],
  ['orders.v2.oas2.yml', '/orders/{order_id}/shipping_addresses', BcShippingAddress],
  ['orders.v2.oas2.yml', '/orders/{order_id}/coupons', BcCoupon],
  ['orders.v2.oas2.yml', '/orders/count', BcOrderCount],
];

describe.skipIf(!haveSpecs)('schemas accept the spec examples', () => {
  it.each(cases)('%s GET %s', (file, path, schema, amend) => {
    const bodies = examples(file, path);
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) {
      for (const record of recordsOf(body)) {
        const r = schema.safeParse(amend ? { ...amend, ...(record as object) } : record);
        const problems = r.success
          ? []
          : r.error.issues.map((i) => `${recordIdOf(record)}: ${i.path.join('.')} ${i.message}`);
        expect(problems).toEqual([]);
      }
    }
  });
});

describe('schema behaviour', () => {
  it('v2 money is normalised to a 4-decimal string whichever type came', () => {
    const base = {
      id: 1,
      order_id: 2,
      first_name: 'a',
      last_name: 'b',
      street_1: 's',
      city: 'c',
      zip: 'z',
      country: 'US',
      country_iso2: 'US',
    };
    expect(BcShippingAddress.parse({ ...base, cost_ex_tax: 15, cost_inc_tax: '15.0000' })).toMatchObject({
      cost_ex_tax: '15.0000',
      cost_inc_tax: '15.0000',
    });
    expect(BcShippingAddress.safeParse({ ...base, cost_ex_tax: 'fifteen', cost_inc_tax: 1 }).success).toBe(false);
  });

  it('v2 order dates must be RFC 2822; date_shipped may be empty', () => {
    const r = BcOrder.safeParse({ id: 1, date_created: '2012-11-20T00:00:00Z', date_shipped: '' });
    expect(r.success).toBe(false);
    const paths = r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('date_created');
    expect(paths).not.toContain('date_shipped');
  });

  it('a product without an image: primary_image {} or null becomes undefined, and may be absent', () => {
    const p = {
      id: 1,
      name: 'P',
      type: 'physical',
      sku: 'P',
      price: 0,
      categories: [],
      inventory_tracking: 'none',
      date_modified: '2025-01-01T00:00:00Z',
    };
    expect(BcProduct.parse({ ...p, primary_image: {} }).primary_image).toBeUndefined();
    expect(BcProduct.parse({ ...p, primary_image: null }).primary_image).toBeUndefined();
    expect(BcProduct.safeParse(p).success).toBe(true);
    expect(BcProduct.safeParse({ ...p, primary_image: { id: 'x' } }).success).toBe(false);
  });

  it('tax class ids are numbers even when the API sends strings', () => {
    expect(BcTaxClass.parse({ id: '3', name: 'Shipping' }).id).toBe(3);
  });

  it('recordIdOf finds id, category_id or identity.variant_id', () => {
    expect(recordIdOf({ id: 4 })).toBe(4);
    expect(recordIdOf({ category_id: 5 })).toBe(5);
    expect(recordIdOf({ identity: { variant_id: 6 } })).toBe(6);
    expect(recordIdOf(null)).toBeUndefined();
  });
});
