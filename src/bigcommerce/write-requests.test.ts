import { describe, expect, it } from 'vitest';
import {
  absoluteAdjustmentBodies,
  orderStatusBody,
  relativeAdjustmentBodies,
  shipmentBody,
  type InventoryItem,
} from './write-requests.js';

const item = (location_id: number, variant_id: number, quantity: number): InventoryItem => ({
  location_id,
  variant_id,
  quantity,
});

describe('absoluteAdjustmentBodies', () => {
  it.each([
    [0, 0],
    [1, 1],
    [2000, 1],
    [2001, 2],
    [4000, 2],
    [4001, 3],
  ])('%i distinct items → %i requests (the spec limit of 2000 each)', (n, requests) => {
    const items = Array.from({ length: n }, (_, i) => item(1 + (i % 3), 1000 + i, i));
    const bodies = absoluteAdjustmentBodies(items);
    expect(bodies).toHaveLength(requests);
    expect(bodies.flatMap((b) => b.items)).toHaveLength(n);
    for (const b of bodies) expect(b.items.length).toBeLessThanOrEqual(2000);
  });

  it('groups by location, keeps the last level of an item named twice, and carries the reason', () => {
    const bodies = absoluteAdjustmentBodies(
      [item(2, 10, 1), item(1, 10, 5), { location_id: 1, product_id: 7, quantity: 3 }, item(2, 10, 9)],
      'nightly',
    );
    expect(bodies).toEqual([
      {
        reason: 'nightly',
        items: [item(1, 10, 5), { location_id: 1, product_id: 7, quantity: 3 }, item(2, 10, 9)],
      },
    ]);
  });

  it('cuts at a smaller limit when asked, and refuses a limit that is not a positive integer', () => {
    expect(absoluteAdjustmentBodies([item(1, 1, 1), item(1, 2, 1), item(1, 3, 1)], undefined, 2)).toEqual([
      { items: [item(1, 1, 1), item(1, 2, 1)] },
      { items: [item(1, 3, 1)] },
    ]);
    expect(() => absoluteAdjustmentBodies([item(1, 1, 1)], undefined, 0)).toThrow(RangeError);
  });
});

describe('relativeAdjustmentBodies', () => {
  it('keeps every difference, in order (two of one item both count)', () => {
    const items = [item(1, 10, -2), item(1, 10, -3)];
    expect(relativeAdjustmentBodies(items)).toEqual([{ items }]);
    expect(relativeAdjustmentBodies(Array.from({ length: 2001 }, (_, i) => item(1, i, 1)))).toHaveLength(2);
  });
});

describe('shipmentBody and orderStatusBody', () => {
  it('writes the spec field names and leaves absent fields out', () => {
    expect(shipmentBody({ orderAddressId: 36, items: [{ orderProductId: 53, quantity: 2 }] })).toEqual({
      order_address_id: 36,
      items: [{ order_product_id: 53, quantity: 2 }],
    });
    expect(
      shipmentBody({
        orderAddressId: 1,
        items: [],
        trackingNumber: 'EJ1',
        shippingProvider: '',
        trackingCarrier: 'dhl',
        trackingLink: 'https://t.example/EJ1',
        shippingMethod: 'Ground',
        comments: 'two boxes',
      }),
    ).toEqual({
      order_address_id: 1,
      items: [],
      tracking_number: 'EJ1',
      shipping_provider: '',
      tracking_carrier: 'dhl',
      tracking_link: 'https://t.example/EJ1',
      shipping_method: 'Ground',
      comments: 'two boxes',
    });
    expect(orderStatusBody(2)).toEqual({ status_id: 2 });
  });
});
