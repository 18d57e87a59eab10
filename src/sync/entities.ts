/**
 * The entities bc-odoo imports, in dependency order: products refer to categories and brands,
 * orders to products and customers, refunds to orders. Spelled once, in the config schema
 * (the daemon's schedule keys); everything else takes it from there.
 */
export { SYNC_ENTITIES as ENTITIES, type SyncEntity as EntityName } from '../config/schema.js';

import type { SyncEntity } from '../config/schema.js';

/** What a failure or warning is recorded under: an entity, or a customer's addresses. */
export type RecordEntity = SyncEntity | 'addresses';
