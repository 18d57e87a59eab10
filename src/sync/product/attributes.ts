/**
 * Option axes → product.attribute / product.attribute.value, shared across products (and
 * stores) by name, case-insensitively. Attributes we create make variants ("always"), so a
 * template's variants follow its attribute lines; combinations BigCommerce lacks are archived
 * by the variant step. Two reads and at most two creates for a whole page.
 */
import type { ImportContext } from '../context.js';
import { exclusively } from '../exclusive.js';
import type { OptionAxis } from './mapper.js';

export interface AttributeIndex {
  attribute(name: string): number | undefined;
  value(attributeId: number, label: string): number | undefined;
}

const key = (s: string): string => s.trim().toLowerCase();

/**
 * Attributes are shared by name, which Odoo does not keep unique: parts of a split import (or
 * an orders part importing a product on the fly) look them up and make them one at a time.
 */
export function ensureAttributes(
  ctx: ImportContext,
  axes: readonly OptionAxis[],
  dryRun?: boolean,
): Promise<AttributeIndex> {
  if (!axes.length || dryRun) return findOrMakeAttributes(ctx, axes, dryRun);
  return exclusively(ctx, 'product-attributes', () => findOrMakeAttributes(ctx, axes, dryRun));
}

async function findOrMakeAttributes(
  ctx: ImportContext,
  axes: readonly OptionAxis[],
  dryRun?: boolean,
): Promise<AttributeIndex> {
  const attrs = new Map<string, number>();
  const values = new Map<string, number>();
  const index: AttributeIndex = {
    attribute: (name) => attrs.get(key(name)),
    value: (attributeId, label) => values.get(`${attributeId}:${key(label)}`),
  };
  if (!axes.length) return index;
  const names = [...new Map(axes.map((a) => [key(a.name), a.name])).values()];
  // Attributes that do not make variants (no_variant/dynamic) cannot carry BigCommerce's variants.
  const rows = await ctx.odoo.searchRead<{ id: number; name: string }>(
    'product.attribute',
    [['create_variant', '=', 'always']],
    ['name'],
    { order: 'id' },
  );
  for (const r of rows) if (!attrs.has(key(r.name))) attrs.set(key(r.name), r.id);
  const missing = names.filter((n) => !attrs.has(key(n)));
  if (missing.length && !dryRun) {
    const ids = await ctx.odoo.create(
      'product.attribute',
      missing.map((name) => ({ name, create_variant: 'always', display_type: 'radio' })),
    );
    missing.forEach((n, i) => {
      attrs.set(key(n), ids[i]!);
    });
  }
  const attrIds = [...new Set(names.map((n) => attrs.get(key(n))).filter((x): x is number => x !== undefined))];
  if (!attrIds.length) return index;
  const existing = await ctx.odoo.searchRead<{ id: number; name: string; attribute_id: [number, string] }>(
    'product.attribute.value',
    [['attribute_id', 'in', attrIds]],
    ['name', 'attribute_id'],
  );
  for (const v of existing) values.set(`${v.attribute_id[0]}:${key(v.name)}`, v.id);
  const toCreate: { attribute_id: number; name: string }[] = [];
  for (const axis of axes) {
    const a = attrs.get(key(axis.name));
    if (a === undefined) continue;
    for (const label of axis.values) {
      const k = `${a}:${key(label)}`;
      if (!values.has(k) && !toCreate.some((t) => t.attribute_id === a && key(t.name) === key(label)))
        toCreate.push({ attribute_id: a, name: label });
    }
  }
  if (toCreate.length && !dryRun) {
    const ids = await ctx.odoo.create('product.attribute.value', toCreate);
    toCreate.forEach((t, i) => {
      values.set(`${t.attribute_id}:${key(t.name)}`, ids[i]!);
    });
  }
  return index;
}
