/** Which importer handles which entity, and the order `import catalog` runs them in. */
import { brandImporter } from './brand/importer.js';
import { categoryImporter } from './category/importer.js';
import { customerImporter } from './customer/importer.js';
import { inventoryImporter } from './inventory/importer.js';
import { orderImporter } from './order/importer.js';
import { refundImporter } from './refund/importer.js';
import { productImporter } from './product/importer.js';
import { ENTITIES, type EntityName } from './entities.js';
import type { EntityImporter } from './run-import.js';

export const IMPORTERS: Record<EntityName, EntityImporter> = {
  categories: categoryImporter,
  brands: brandImporter,
  products: productImporter,
  customers: customerImporter,
  orders: orderImporter,
  refunds: refundImporter,
  inventory: inventoryImporter,
};

/** Dependency order (entities.ts). */
export const ORDER = ENTITIES;

export const GROUPS: Record<string, readonly string[]> = {
  catalog: ['categories', 'brands', 'products'],
  all: ORDER,
};

export function resolveEntities(name: string): EntityImporter[] {
  const names = GROUPS[name] ?? [name];
  return names.map((n) => IMPORTERS[n as EntityName]).filter((i): i is EntityImporter => !!i);
}
