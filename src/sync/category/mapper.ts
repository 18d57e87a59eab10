/**
 * BigCommerce category → Odoo product.category (internal, under the store's root) and
 * product.public.category (website). Pure: parents arrive already resolved to Odoo ids.
 */
import type { BcCategory } from '../../bigcommerce/schemas.js';

export interface CategoryNode {
  category: BcCategory;
  depth: number;
  /** the BigCommerce parent is not in the store: the category goes to the root */
  orphan: boolean;
}

/**
 * Orders categories so that parents come before children (by depth), and flags those whose
 * parent does not exist. Cycles (which BigCommerce should never produce) are cut and flagged
 * as orphans too, so the import always terminates.
 */
export function layoutTree(categories: readonly BcCategory[]): CategoryNode[] {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const depth = new Map<number, { depth: number; orphan: boolean }>();
  const visit = (c: BcCategory, seen: Set<number>): { depth: number; orphan: boolean } => {
    const known = depth.get(c.id);
    if (known) return known;
    let out: { depth: number; orphan: boolean };
    if (!c.parent_id) out = { depth: 0, orphan: false };
    else {
      const parent = byId.get(c.parent_id);
      if (!parent || seen.has(parent.id)) out = { depth: 0, orphan: true };
      else out = { depth: visit(parent, new Set([...seen, c.id])).depth + 1, orphan: false };
    }
    depth.set(c.id, out);
    return out;
  };
  return categories
    .map((c) => ({ category: c, ...visit(c, new Set([c.id])) }))
    .sort(
      (a, b) =>
        a.depth - b.depth ||
        (a.category.sort_order ?? 0) - (b.category.sort_order ?? 0) ||
        a.category.id - b.category.id,
    );
}

export function mapInternalCategory(c: BcCategory, parentId: number): Record<string, unknown> {
  return { name: c.name.trim() || `Category ${c.id}`, parent_id: parentId };
}

export function mapPublicCategory(c: BcCategory, parentId: number | false): Record<string, unknown> {
  return { name: c.name.trim() || `Category ${c.id}`, parent_id: parentId, sequence: c.sort_order ?? 0 };
}
