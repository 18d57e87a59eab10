/**
 * Where stock goes in Odoo: the configured BigCommerce location → Odoo location mapping,
 * resolved once per run and checked all at once (a wrong mapping stops the run with every
 * problem named), the main warehouse's stock location as the default, and warnings for
 * mapped BigCommerce locations the store does not have or has disabled.
 */
import type { OdooLocationRef } from '../../config/index.js';
import type { ImportContext } from '../context.js';
import type { Tally } from '../tally.js';

export const E = 'inventory';

/** A mapped Odoo location that does not exist, or no warehouse to default to: the run cannot start. */
export class InventoryLocationError extends Error {
  override readonly name = 'InventoryLocationError';
}

export interface StockSetup {
  /** a location mapping is configured: stock is read per BigCommerce location */
  readonly perLocation: boolean;
  /** BigCommerce location id → Odoo location id */
  readonly mapped: ReadonlyMap<number, number>;
  /** where unmapped BigCommerce locations go (looked up on first use) */
  defaultTarget(): Promise<number>;
  /** Odoo location id → its full name, for messages */
  readonly names: Map<number, string>;
  /** cached location → target attribution per set of targets */
  readonly attribution: Map<string, Promise<Map<number, number>>>;
}

interface LocationRow {
  id: number;
  complete_name: string;
  usage: string;
}

/** Resolves the configured Odoo locations, failing with every problem at once. */
export async function openStock(ctx: ImportContext): Promise<StockSetup> {
  const cfg = ctx.instance.inventory;
  const refs: { key: string; ref: OdooLocationRef }[] = [...cfg.locations].map(([bc, ref]) => ({
    key: `locations.${bc}`,
    ref,
  }));
  if (cfg.defaultLocation !== undefined) refs.push({ key: 'default_location', ref: cfg.defaultLocation });
  const names = new Map<number, string>();
  const resolved = new Map<string, number>();
  if (refs.length) {
    const ids = refs.map((r) => r.ref).filter((r): r is number => typeof r === 'number');
    const full = refs.map((r) => r.ref).filter((r): r is string => typeof r === 'string');
    const rows = await ctx.odoo.searchRead<LocationRow>(
      'stock.location',
      ['|', ['id', 'in', ids], ['complete_name', 'in', full]],
      ['complete_name', 'usage'],
    );
    const problems: string[] = [];
    for (const { key, ref } of refs) {
      const hits = rows.filter((r) => (typeof ref === 'number' ? r.id === ref : r.complete_name === ref));
      const where = `instances[${ctx.instance.name}].inventory.${key}`;
      if (hits.length === 0)
        problems.push(
          `${where}: Odoo has no location ${typeof ref === 'number' ? `with id ${ref}` : `"${ref}"`} (or it is archived); create it in Odoo (Inventory → Configuration → Locations) or fix the mapping`,
        );
      else if (hits.length > 1)
        problems.push(
          `${where}: "${ref}" names ${hits.length} Odoo locations (ids ${hits.map((h) => h.id).join(', ')}); use the id`,
        );
      else if (hits[0]!.usage !== 'internal')
        problems.push(
          `${where}: Odoo location "${hits[0]!.complete_name}" is of type ${hits[0]!.usage}; stock can only be held in an internal location`,
        );
      else {
        resolved.set(key, hits[0]!.id);
        names.set(hits[0]!.id, hits[0]!.complete_name);
      }
    }
    if (problems.length) throw new InventoryLocationError(`inventory location mapping: ${problems.join('; ')}`);
  }
  const mapped = new Map([...cfg.locations.keys()].map((bc) => [bc, resolved.get(`locations.${bc}`)!]));
  let fallback: Promise<number> | undefined = resolved.has('default_location')
    ? Promise.resolve(resolved.get('default_location')!)
    : undefined;
  const defaultTarget = () => {
    fallback ??= mainStockLocation(ctx, names);
    return fallback;
  };
  return { perLocation: cfg.locations.size > 0, mapped, defaultTarget, names, attribution: new Map() };
}

/** The stock location of the first warehouse by sequence. */
async function mainStockLocation(ctx: ImportContext, names: Map<number, string>): Promise<number> {
  const [wh] = await ctx.odoo.searchRead<{ id: number; name: string; lot_stock_id: [number, string] | false }>(
    'stock.warehouse',
    [],
    ['name', 'lot_stock_id'],
    { limit: 1, order: 'sequence, id' },
  );
  if (!wh || !wh.lot_stock_id) {
    throw new InventoryLocationError(
      `Odoo has no warehouse with a stock location to put BigCommerce's stock in; create a warehouse, or set instances[${ctx.instance.name}].inventory.default_location`,
    );
  }
  names.set(wh.lot_stock_id[0], wh.lot_stock_id[1]);
  return wh.lot_stock_id[0];
}

/** Mapped BigCommerce locations that do not exist or are disabled: warnings, once per run. */
export async function checkBcLocations(ctx: ImportContext, tally: Tally, setup: StockSetup): Promise<void> {
  const { records } = await ctx.bc.locations().all();
  const byId = new Map(records.map((l) => [l.id, l]));
  for (const bc of setup.mapped.keys()) {
    const l = byId.get(bc);
    if (!l)
      await tally.warn(
        E,
        `location ${bc}`,
        `the configuration maps BigCommerce location ${bc}, which the store does not have`,
      );
    else if (!l.enabled)
      await tally.warn(
        E,
        `location ${bc}`,
        `BigCommerce location ${bc} (${l.label}) is disabled: its stock is ignored`,
      );
  }
}
