/**
 * A page's attribute lines (product.template.attribute.line, `attribute_line_<product>-<attribute>`):
 * one per option axis of each product, with the values its variants use. Writing them makes
 * Odoo build the variant grid; removing a line whose option BigCommerce dropped removes that
 * axis. 1 read, 1 lookup + 1 load, at most 1 unlink for the page.
 */
import type { Mapped } from '../changes.js';
import type { ImportContext } from '../context.js';
import type { Tally } from '../tally.js';
import type { AttributeIndex } from './attributes.js';
import { E, type PlannedProduct } from './plan.js';

/** Returns the BigCommerce ids of products whose lines Odoo refused (failed in the tally). */
export async function syncAttributeLines(
  ctx: ImportContext,
  tally: Tally,
  done: PlannedProduct[],
  tmplOf: (c: PlannedProduct) => number,
  attrs: AttributeIndex,
): Promise<Set<number>> {
  const failed = new Set<number>();
  const lines: Mapped[] = [];
  const wanted = new Set<string>();
  for (const c of done) {
    const byAttr = new Map<number, Set<number>>();
    for (const v of c.variants) {
      for (const o of v.option_values) {
        const a = attrs.attribute(o.option_display_name);
        const val = a === undefined ? undefined : attrs.value(a, o.label);
        if (a === undefined || val === undefined) continue;
        if (!byAttr.has(a)) byAttr.set(a, new Set());
        byAttr.get(a)!.add(val);
      }
    }
    for (const [a, vals] of byAttr) {
      wanted.add(`${tmplOf(c)}:${a}`);
      lines.push({
        bcId: `${c.product.id}-${a}`,
        values: { product_tmpl_id: tmplOf(c), attribute_id: a, value_ids: [[6, 0, [...vals].sort((x, y) => x - y)]] },
      });
    }
  }
  // Lines whose option is gone from BigCommerce: removing them makes Odoo drop that axis.
  const existing = await ctx.odoo.searchRead<{
    id: number;
    product_tmpl_id: [number, string];
    attribute_id: [number, string];
  }>(
    'product.template.attribute.line',
    [['product_tmpl_id', 'in', done.map(tmplOf)]],
    ['product_tmpl_id', 'attribute_id'],
  );
  const stale = existing.filter((l) => !wanted.has(`${l.product_tmpl_id[0]}:${l.attribute_id[0]}`)).map((l) => l.id);
  if (stale.length) await ctx.odoo.unlink('product.template.attribute.line', stale);
  if (lines.length) {
    const res = await ctx.binder.upsert(
      'attribute_line',
      'product.template.attribute.line',
      lines.map((l) => ({ bcId: l.bcId, values: l.values })),
    );
    for (const f of res.failed) {
      const productId = Number(String(f.bcId).split('-')[0]);
      if (!failed.has(productId)) {
        failed.add(productId);
        const c = done.find((d) => d.product.id === productId);
        await tally.fail(E, productId, new Error(`variant options: ${f.error.message}`), c?.product.name);
      }
    }
  }
  return failed;
}
