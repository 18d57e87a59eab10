import { describe, expect, it } from 'vitest';
import type { CarrierTarget } from '../../config/index.js';
import {
  carrierTarget,
  findShipmentOf,
  planShipment,
  shipmentMarker,
  type OrderProductInfo,
  type PickingToShip,
  type SaleLineInfo,
} from './planner.js';

const lines = new Map<number, SaleLineInfo>([
  [1, { orderProductId: 501, productId: 11, quantity: 2 }],
  [2, { orderProductId: 502, productId: 12, quantity: 3 }],
  [3, { productId: 99, quantity: 1 }], // shipping line: no order product
  [
    4,
    {
      orderProductId: 504,
      productId: 40,
      quantity: 2,
      componentDemand: new Map([
        [41, 2],
        [42, 4],
      ]),
    },
  ], // kit
]);
const products: OrderProductInfo[] = [
  { id: 501, orderAddressId: 7, left: 2 },
  { id: 502, orderAddressId: 7, left: 3 },
  { id: 504, orderAddressId: 7, left: 2 },
  { id: 509, orderAddressId: 8, left: 1 },
];
const picking = (over: Partial<PickingToShip> = {}): PickingToShip => ({
  id: 30,
  name: 'WH/OUT/00030',
  trackingRef: 'TRACK1',
  carrier: { name: 'FedEx Ground', deliveryType: 'fixed' },
  moves: [
    { saleLineId: 1, productId: 11, quantity: 2 },
    { saleLineId: 2, productId: 12, quantity: 1 },
  ],
  ...over,
});

describe('planShipment', () => {
  it('a done delivery: items by order product, its address, tracking, carrier and marker', () => {
    expect(planShipment(picking(), lines, products, new Map())).toEqual({
      kind: 'ship',
      notes: [],
      shipment: {
        orderAddressId: 7,
        items: [
          { orderProductId: 501, quantity: 2 },
          { orderProductId: 502, quantity: 1 },
        ],
        trackingNumber: 'TRACK1',
        shippingProvider: 'fedex',
        shippingMethod: 'FedEx Ground',
        comments: 'Odoo delivery WH/OUT/00030',
      },
    });
  });

  it.each<[string, Partial<PickingToShip>, ReadonlyArray<{ orderProductId: number; quantity: number }> | string]>([
    [
      'moves of one line add up',
      {
        moves: [
          { saleLineId: 2, productId: 12, quantity: 1 },
          { saleLineId: 2, productId: 12, quantity: 2 },
        ],
      },
      [{ orderProductId: 502, quantity: 3 }],
    ],
    [
      'zero quantities are left out',
      {
        moves: [
          { saleLineId: 1, productId: 11, quantity: 0 },
          { saleLineId: 2, productId: 12, quantity: 1 },
        ],
      },
      [{ orderProductId: 502, quantity: 1 }],
    ],
    [
      'a kit: as many kits as every component covers',
      {
        moves: [
          { saleLineId: 4, productId: 41, quantity: 2 },
          { saleLineId: 4, productId: 42, quantity: 3 },
        ],
      },
      [{ orderProductId: 504, quantity: 1 }],
    ],
    ['nothing delivered', { moves: [{ saleLineId: 1, productId: 11, quantity: 0 }] }, 'nothing'],
    ['a move not from the order only', { moves: [{ productId: 11, quantity: 1 }] }, 'nothing'],
    ['a line bc-odoo did not write', { moves: [{ saleLineId: 3, productId: 99, quantity: 1 }] }, 'nothing'],
    ['more than BigCommerce has left', { moves: [{ saleLineId: 1, productId: 11, quantity: 3 }] }, 'invalid'],
    ['half a unit', { moves: [{ saleLineId: 1, productId: 11, quantity: 1.5 }] }, 'invalid'],
  ])('%s', (_label, over, want) => {
    const plan = planShipment(picking(over), lines, products, new Map());
    if (typeof want === 'string') expect(plan.kind).toBe(want);
    else expect(plan.kind === 'ship' && plan.shipment.items).toEqual(want);
  });

  it('items of two shipping addresses: refused, saying what to do', () => {
    const two = new Map(lines).set(9, { orderProductId: 509, productId: 19, quantity: 1 });
    const plan = planShipment(
      picking({
        moves: [
          { saleLineId: 1, productId: 11, quantity: 1 },
          { saleLineId: 9, productId: 19, quantity: 1 },
        ],
      }),
      two,
      products,
      new Map(),
    );
    expect(plan).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/one delivery per address/) });
  });

  it('a partial delivery, then its backorder: what is left decides', () => {
    const first = planShipment(
      picking({ moves: [{ saleLineId: 2, productId: 12, quantity: 1 }] }),
      lines,
      products,
      new Map(),
    );
    expect(first.kind === 'ship' && first.shipment.items).toEqual([{ orderProductId: 502, quantity: 1 }]);
    const after = products.map((p) => (p.id === 502 ? { ...p, left: 2 } : p));
    const backorder = planShipment(
      picking({ id: 31, name: 'WH/OUT/00031', moves: [{ saleLineId: 2, productId: 12, quantity: 2 }] }),
      lines,
      after,
      new Map(),
    );
    expect(backorder.kind === 'ship' && backorder.shipment.items).toEqual([{ orderProductId: 502, quantity: 2 }]);
    expect(backorder.kind === 'ship' && backorder.shipment.comments).toBe('Odoo delivery WH/OUT/00031');
  });

  it('no tracking number and no carrier: neither is sent', () => {
    const plan = planShipment(picking({ trackingRef: '  ', carrier: undefined }), lines, products, new Map());
    expect(plan.kind === 'ship' && plan.shipment).toEqual({
      orderAddressId: 7,
      items: [
        { orderProductId: 501, quantity: 2 },
        { orderProductId: 502, quantity: 1 },
      ],
      comments: 'Odoo delivery WH/OUT/00030',
    });
  });
});

describe('planShipment, a line split for rounding', () => {
  it('its parts are one order product: their quantities add up in one item', () => {
    const split = new Map<number, SaleLineInfo>([
      [7, { orderProductId: 39, productId: 99, quantity: 1 }],
      [8, { orderProductId: 39, productId: 99, quantity: 2 }],
    ]);
    const plan = planShipment(
      picking({
        moves: [
          { saleLineId: 7, productId: 99, quantity: 1 },
          { saleLineId: 8, productId: 99, quantity: 2 },
        ],
      }),
      split,
      [{ id: 39, orderAddressId: 7, left: 3 }],
      new Map(),
    );
    expect(plan.kind === 'ship' && plan.shipment.items).toEqual([{ orderProductId: 39, quantity: 3 }]);
  });
});

describe('carrierTarget', () => {
  const map = new Map<string, CarrierTarget>([['local courier', { trackingCarrier: 'dpd-uk' }]]);
  it.each<[string, PickingToShip['carrier'], CarrierTarget]>([
    ['no carrier', undefined, {}],
    ['configured, any case', { name: 'Local Courier', deliveryType: 'fixed' }, { trackingCarrier: 'dpd-uk' }],
    ['by delivery type', { name: 'Express', deliveryType: 'ups' }, { shippingProvider: 'ups' }],
    ['by a word of its name', { name: 'USPS Priority', deliveryType: 'base_on_rule' }, { shippingProvider: 'usps' }],
    ['DHL: the Aftership slug', { name: 'DHL Express', deliveryType: 'fixed' }, { trackingCarrier: 'dhl' }],
    ['unknown', { name: 'Standard delivery', deliveryType: 'fixed' }, {}],
  ])('%s', (_l, carrier, want) => expect(carrierTarget(carrier, map)).toEqual(want));
});

describe('findShipmentOf', () => {
  const shipments = [
    { id: 1, comments: 'Odoo delivery WH/OUT/00001' },
    { id: 2, comments: 'hand made' },
    { id: 3, comments: 'Odoo delivery WH/OUT/000300' },
    { id: 4, comments: `note\n${shipmentMarker('WH/OUT/00030')}` },
  ];
  it('finds the shipment by the marker line, never by a prefix', () => {
    expect(findShipmentOf(shipments, 'WH/OUT/00030')?.id).toBe(4);
    expect(findShipmentOf(shipments, 'WH/OUT/00001')?.id).toBe(1);
    expect(findShipmentOf(shipments, 'WH/OUT/00002')).toBeUndefined();
  });
});
