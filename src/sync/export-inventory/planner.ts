/**
 * Stock master Odoo: which absolute levels BigCommerce must be sent, decided apart from Odoo
 * and BigCommerce. Pure, over what the exporter has read: per bound variant, how BigCommerce
 * tracks it, whether Odoo stores it, Odoo's quantity at each mapped BigCommerce location, and
 * what BigCommerce last accepted (`x_bc_stock_sent`). Only levels that differ from that are sent.
 *
 *   BigCommerce tracking  variant  → { variant_id, location_id, quantity }
 *                         product  → { product_id, location_id, quantity } (its single variant)
 *                         none     → left alone, reported as untracked
 *   Odoo                  not storable while BigCommerce tracks it → left alone, a warning
 *
 * A level is Odoo's quantity rounded down to a whole unit, never below 0 (BigCommerce counts
 * whole units, and a negative forecast or free quantity means nothing can be sold).
 */
import type { InventoryItem } from '../../bigcommerce/write-requests.js';

export type Tracking = 'variant' | 'product' | 'none' | 'unsupported' | 'missing';

export interface VariantStock {
  /** product.product id */
  odooId: number;
  bcVariantId: number;
  bcProductId: number;
  name: string;
  /** how BigCommerce tracks it; `missing`: BigCommerce no longer has it; `unsupported`: by product with several variants */
  tracking: Tracking;
  /** storable in Odoo (tracked in stock) */
  storable: boolean;
  /** BigCommerce location id → Odoo's quantity there (the configured kind: free, on hand, forecast) */
  quantities: ReadonlyMap<number, number>;
  /** BigCommerce location id → the level BigCommerce last accepted */
  sent: Readonly<Record<string, number>>;
}

export interface SkippedVariant {
  odooId: number;
  bcVariantId: number;
  name: string;
  reason: 'untracked' | 'not_storable' | 'not_in_bigcommerce' | 'unsupported';
}

export interface InventoryPlan {
  /** the absolute levels to send */
  items: InventoryItem[];
  /** product.product id → its x_bc_stock_sent once BigCommerce accepted the items (only those that change) */
  sent: Map<number, Record<string, number>>;
  /** variants whose every level is already what BigCommerce has */
  unchanged: number[];
  /** variants whose levels are sent */
  changed: number[];
  skipped: SkippedVariant[];
}

export function level(quantity: number): number {
  if (!Number.isFinite(quantity)) return 0;
  return Math.max(0, Math.floor(quantity + 1e-9));
}

export function planInventory(variants: readonly VariantStock[]): InventoryPlan {
  const plan: InventoryPlan = { items: [], sent: new Map(), unchanged: [], changed: [], skipped: [] };
  for (const v of variants) {
    const skip = skipReason(v);
    if (skip) {
      plan.skipped.push({ odooId: v.odooId, bcVariantId: v.bcVariantId, name: v.name, reason: skip });
      continue;
    }
    const next: Record<string, number> = { ...v.sent };
    let differs = false;
    for (const [location, q] of [...v.quantities].sort((a, b) => a[0] - b[0])) {
      const want = level(q);
      if (v.sent[String(location)] === want) continue;
      differs = true;
      next[String(location)] = want;
      plan.items.push(
        v.tracking === 'product'
          ? { product_id: v.bcProductId, location_id: location, quantity: want }
          : { variant_id: v.bcVariantId, location_id: location, quantity: want },
      );
    }
    if (differs) {
      plan.sent.set(v.odooId, next);
      plan.changed.push(v.odooId);
    } else plan.unchanged.push(v.odooId);
  }
  return plan;
}

function skipReason(v: VariantStock): SkippedVariant['reason'] | undefined {
  if (v.tracking === 'missing') return 'not_in_bigcommerce';
  if (v.tracking === 'none') return 'untracked';
  if (v.tracking === 'unsupported') return 'unsupported';
  if (!v.storable) return 'not_storable';
  return undefined;
}

/** x_bc_stock_sent as stored (JSON of location id → level); anything unreadable counts as nothing sent. */
export function parseSent(raw: unknown): Record<string, number> {
  if (typeof raw !== 'string' || !raw) return {};
  try {
    const v = JSON.parse(raw) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    const out: Record<string, number> = {};
    for (const [k, q] of Object.entries(v)) if (/^\d+$/.test(k) && Number.isInteger(q)) out[k] = q as number;
    return out;
  } catch {
    return {};
  }
}

/** The stored form: keys in order, so equal levels are equal text. */
export function formatSent(sent: Readonly<Record<string, number>>): string {
  const keys = Object.keys(sent).sort((a, b) => Number(a) - Number(b));
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, sent[k]])));
}

/**
 * Odoo location → BigCommerce location, for the export: each mapped BigCommerce location takes
 * the stock of its Odoo location; without a mapping, the default Odoo location feeds
 * BigCommerce's default location. Returns BigCommerce location id → Odoo location id, or the
 * problem (an Odoo location mapped from several BigCommerce locations cannot be split).
 */
export function exportTargets(
  mapped: ReadonlyMap<number, number>,
  fallback: { odoo: number; bc: number } | undefined,
): { ok: true; targets: Map<number, number> } | { ok: false; problem: string } {
  if (!mapped.size) {
    if (!fallback) return { ok: false, problem: 'no BigCommerce location to send stock to' };
    return { ok: true, targets: new Map([[fallback.bc, fallback.odoo]]) };
  }
  const byOdoo = new Map<number, number[]>();
  for (const [bc, odoo] of mapped) byOdoo.set(odoo, [...(byOdoo.get(odoo) ?? []), bc]);
  const shared = [...byOdoo].filter(([, bcs]) => bcs.length > 1);
  if (shared.length)
    return {
      ok: false,
      problem: shared
        .map(
          ([odoo, bcs]) =>
            `Odoo location ${odoo} is mapped from BigCommerce locations ${bcs.join(', ')}; with stock.master: odoo each Odoo location feeds one BigCommerce location`,
        )
        .join('; '),
    };
  return { ok: true, targets: new Map(mapped) };
}
