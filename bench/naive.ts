/**
 * Baseline (b), the naive path: one RPC `create` per product, as a script without batching
 * would do — each call a product.template with its attribute lines (so Odoo builds the
 * variant grid) and its main image, the same values as the in-process baseline. It does
 * less than bc-odoo per product (no variant values, no archived combinations, no gallery,
 * no external ids), so the speed-up computed from it is a lower bound.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { OdooClient } from '../src/odoo/client.js';
import { REF } from './dataset.js';

interface ProductLine {
  kind: string;
  type: 'storable' | 'consumable' | 'service';
  values: Record<string, unknown>;
  image: string | null;
  axes: { name: string; values: string[] }[];
}

export interface NaiveResult {
  records: number;
  wallMs: number;
  perRecordMs: number;
  calls: number;
}

export async function naiveCreates(odoo: OdooClient, datasetPath: string, sample: number): Promise<NaiveResult> {
  let types: Record<string, Record<string, unknown>> = {};
  let root = 0;
  const products: ProductLine[] = [];
  for await (const l of createInterface({ input: createReadStream(datasetPath) })) {
    const rec = JSON.parse(l) as {
      kind: string;
      types?: Record<string, Record<string, unknown>>;
      rootCategoryId?: number;
    };
    if (rec.kind === 'setup') {
      types = rec.types!;
      root = rec.rootCategoryId!;
    }
    if (rec.kind === 'product' && products.length < sample) products.push(rec as unknown as ProductLine);
  }
  // Untimed: the attributes and values the products use; every product filed under one category.
  const attr = new Map<string, number>();
  const value = new Map<string, number>();
  for (const p of products) {
    for (const a of p.axes) {
      if (!attr.has(a.name))
        attr.set(
          a.name,
          (
            await odoo.create('product.attribute', [{ name: a.name, create_variant: 'always', display_type: 'radio' }])
          )[0]!,
        );
      for (const v of a.values) {
        const k = `${a.name}\u0000${v}`;
        if (!value.has(k))
          value.set(
            k,
            (await odoo.create('product.attribute.value', [{ attribute_id: attr.get(a.name), name: v }]))[0]!,
          );
      }
    }
  }
  const calls0 = odoo.stats.calls;
  const t0 = performance.now();
  for (const p of products) {
    const values: Record<string, unknown> = { ...p.values, ...types[p.type] };
    if (typeof values.categ_id === 'number' && values.categ_id >= REF) values.categ_id = root;
    delete values.public_categ_ids;
    if (p.image) values.image_1920 = p.image;
    values.attribute_line_ids = p.axes.map((a) => [
      0,
      0,
      {
        attribute_id: attr.get(a.name),
        value_ids: [[6, 0, a.values.map((v) => value.get(`${a.name}\u0000${v}`))]],
      },
    ]);
    await odoo.create('product.template', [values]);
  }
  const wallMs = performance.now() - t0;
  return {
    records: products.length,
    wallMs,
    perRecordMs: wallMs / Math.max(1, products.length),
    calls: odoo.stats.calls - calls0,
  };
}
