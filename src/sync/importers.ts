/** Which importer handles which entity, and the order `import catalog` runs them in. */
import { brandImporter } from './brand/importer.js';
import { categoryImporter } from './category/importer.js';
import { customerImporter } from './customer/importer.js';
import { inventoryImporter } from './inventory/importer.js';
import { orderImporter } from './order/importer.js';
import { refundImporter } from './refund/importer.js';
import { productImporter } from './product/importer.js';
import { inventoryExporter } from './export-inventory/exporter.js';
import { shipmentExporter } from './export-shipments/exporter.js';
import { ENTITIES, type EntityName } from './entities.js';
import type { ExportEntity, ImportEntity } from '../config/index.js';
import { IMPORT_ENTITIES } from '../config/schema.js';
import type { EntityImporter } from './run-import.js';

export const IMPORTERS: Record<ImportEntity, EntityImporter> = {
  categories: categoryImporter,
  brands: brandImporter,
  products: productImporter,
  customers: customerImporter,
  orders: orderImporter,
  refunds: refundImporter,
  inventory: inventoryImporter,
};

/** What `bc-odoo export <entity>` runs, by its daemon entity name. */
export const EXPORTERS: Record<ExportEntity, EntityImporter> = {
  export_inventory: inventoryExporter,
  export_shipments: shipmentExporter,
};

/** Everything the daemon can run, imports then exports. */
export const RUNNERS: Record<EntityName, EntityImporter> = { ...IMPORTERS, ...EXPORTERS };

/** Dependency order (entities.ts). */
export const ORDER = ENTITIES;

export const GROUPS: Record<string, readonly string[]> = {
  catalog: ['categories', 'brands', 'products'],
  all: IMPORT_ENTITIES,
};

export function resolveEntities(name: string): EntityImporter[] {
  const names = GROUPS[name] ?? [name];
  return names.map((n) => IMPORTERS[n as ImportEntity]).filter((i): i is EntityImporter => !!i);
}
