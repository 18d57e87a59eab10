import { describe, expect, it } from 'vitest';
import { type LineState, type OpenMove, planBcDeliveries, shipmentRecord } from './bc-shipped-plan.js';

const line = (id: number, op: number, product: number, ordered: number, delivered = 0): LineState => ({
  id,
  orderProductId: op,
  productId: product,
  ordered,
  delivered,
});
const move = (id: number, picking: number, saleLine: number, product: number, demand: number): OpenMove => ({
  id,
  pickingId: picking,
  saleLineId: saleLine,
  productId: product,
  demand,
});

describe('planBcDeliveries', () => {
  const cases: {
    name: string;
    lines: LineState[];
    shipped: [number, number][];
    moves: OpenMove[];
    quantities: [number, number][];
    pickings: number[];
    delivered: [number, number][];
    notes?: number;
  }[] = [
    {
      name: 'nothing shipped in BigCommerce: nothing to deliver',
      lines: [line(1, 101, 11, 2)],
      shipped: [],
      moves: [move(1, 50, 1, 11, 2)],
      quantities: [],
      pickings: [],
      delivered: [],
    },
    {
      name: 'all shipped: every move delivered in full',
      lines: [line(1, 101, 11, 2), line(2, 102, 12, 1)],
      shipped: [
        [101, 2],
        [102, 1],
      ],
      moves: [move(1, 50, 1, 11, 2), move(2, 50, 2, 12, 1)],
      quantities: [
        [1, 2],
        [2, 1],
      ],
      pickings: [50],
      delivered: [
        [101, 2],
        [102, 1],
      ],
    },
    {
      name: 'partly shipped: the rest of the picking set to 0, for the backorder',
      lines: [line(1, 101, 11, 3), line(2, 102, 12, 1)],
      shipped: [[101, 1]],
      moves: [move(1, 50, 1, 11, 3), move(2, 50, 2, 12, 1)],
      quantities: [
        [1, 1],
        [2, 0],
      ],
      pickings: [50],
      delivered: [[101, 1]],
    },
    {
      name: 'already delivered in Odoo (exported, or by an earlier run): nothing twice',
      lines: [line(1, 101, 11, 3, 2)],
      shipped: [[101, 2]],
      moves: [move(1, 51, 1, 11, 1)],
      quantities: [],
      pickings: [],
      delivered: [],
    },
    {
      name: 'the second shipment of a backordered line goes on the backorder',
      lines: [line(1, 101, 11, 3, 1)],
      shipped: [[101, 3]],
      moves: [move(7, 51, 1, 11, 2)],
      quantities: [[7, 2]],
      pickings: [51],
      delivered: [[101, 2]],
    },
    {
      name: 'more shipped than waiting: what waits is delivered, and said',
      lines: [line(1, 101, 11, 2)],
      shipped: [[101, 5]],
      moves: [move(1, 50, 1, 11, 2)],
      quantities: [[1, 2]],
      pickings: [50],
      delivered: [[101, 2]],
      notes: 1,
    },
    {
      name: 'a kit: each component gets the share of the kits shipped',
      lines: [line(1, 101, 11, 2)],
      shipped: [[101, 1]],
      moves: [move(1, 50, 1, 21, 4), move(2, 50, 1, 22, 2)],
      quantities: [
        [1, 2],
        [2, 1],
      ],
      pickings: [50],
      delivered: [[101, 1]],
    },
    {
      name: 'a line with no open move (a service): nothing, no note',
      lines: [line(1, 101, 11, 1)],
      shipped: [[101, 1]],
      moves: [],
      quantities: [],
      pickings: [],
      delivered: [],
    },
    {
      name: 'a picking with nothing shipped is left alone',
      lines: [line(1, 101, 11, 1), line(2, 102, 12, 1)],
      shipped: [[101, 1]],
      moves: [move(1, 50, 1, 11, 1), move(2, 60, 2, 12, 1)],
      quantities: [[1, 1]],
      pickings: [50],
      delivered: [[101, 1]],
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      const plan = planBcDeliveries(c.lines, new Map(c.shipped), c.moves);
      expect([...plan.quantities].sort((a, b) => a[0] - b[0])).toEqual(c.quantities);
      expect(plan.pickingIds).toEqual(c.pickings);
      expect([...plan.delivered]).toEqual(c.delivered);
      expect(plan.notes).toHaveLength(c.notes ?? 0);
    });
});

describe('shipmentRecord', () => {
  it('the newest id, the tracking numbers once each, a carrier line per shipment', () => {
    expect(
      shipmentRecord([
        { id: 9, trackingNumber: '1Z2', shippingProvider: 'ups', shippingMethod: 'UPS Ground' },
        { id: 4, trackingNumber: '1Z1', shippingProvider: '', trackingCarrier: 'dhl', shippingMethod: null },
        { id: 5, trackingNumber: '1Z1' },
      ]),
    ).toEqual({ shipmentId: 9, tracking: '1Z1, 1Z2', carrier: 'dhl · 1Z1\n1Z1\nups · UPS Ground · 1Z2' });
  });
  it('no shipment: nothing', () => {
    expect(shipmentRecord([])).toEqual({ shipmentId: 0, tracking: '', carrier: '' });
  });
});

describe('planBcDeliveries, a line split for rounding', () => {
  it('is one order product: what BigCommerce shipped fills its lines in order', () => {
    const lines = [line(1, 39, 99, 1, 1), line(2, 39, 99, 1), line(3, 39, 99, 1)];
    const moves = [move(74, 2, 2, 99, 1), move(75, 2, 3, 99, 1)];
    const plan = planBcDeliveries(lines, new Map([[39, 3]]), moves);
    expect([...plan.quantities]).toEqual([
      [74, 1],
      [75, 1],
    ]);
    expect(plan.notes).toEqual([]);
    expect([...plan.delivered]).toEqual([[39, 2]]);
  });
});
