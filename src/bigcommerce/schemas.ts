/**
 * Record schemas, one per resource, split by area under schemas/ (store, catalog, customers,
 * orders, payments, inventory); the lenient building blocks they share, and the rules for
 * what real stores send, are in schemas/common.ts. This barrel keeps `./schemas.js` the one
 * import path for the rest of the code.
 *
 * A record is validated once, when its page arrives (paging.ts); a failure becomes an
 * InvalidRecordError, naming the record and the field, delivered next to the page's valid
 * records.
 */
export { BcLink } from './schemas/common.js';
export * from './schemas/store.js';
export * from './schemas/catalog.js';
export * from './schemas/customers.js';
export * from './schemas/orders.js';
export * from './schemas/payments.js';
export * from './schemas/inventory.js';
export * from './schemas/hooks.js';
export { recordIdOf } from './schemas/record-id.js';
