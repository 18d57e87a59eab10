/** The bench's arithmetic (bench/figures.ts, bench/pool.ts): medians, spans, worker rows, extrapolation. */
import { describe, expect, it } from 'vitest';
import {
  estimateSeconds,
  extrapolateS,
  fullStoreFactors,
  medianPhases,
  parseWorkers,
  poolCatalogS,
  spread,
  workerRows,
  workerTargets,
} from '../../bench/figures.js';
import { entitySpans, type PoolRun, refineMs } from '../../bench/pool.js';

const phase = (wall: number, create?: number) => ({
  records: 10,
  wall_ms: wall,
  cpu_ms: wall / 2,
  pg_cpu_ms: wall / 4,
  ...(create === undefined ? {} : { create: { wall_ms: create } }),
});

describe('spread', () => {
  it('takes the middle run of three and their range', () => {
    expect(spread([30, 10, 20])).toEqual({ median: 20, min: 10, max: 30 });
  });
  it('of an even count takes the lower middle one, a measured value', () => {
    expect(spread([4, 1, 3, 2]).median).toBe(2);
  });
  it('is NaN with nothing measured', () => {
    expect(spread([NaN]).median).toBeNaN();
  });
});

describe('medianPhases', () => {
  it('takes every time as the median over the runs, parts included', () => {
    const m = medianPhases([
      { phases: { orders: phase(300, 30) }, wallS: 1 },
      { phases: { orders: phase(100, 10) }, wallS: 1 },
      { phases: { orders: phase(200, 50) }, wallS: 1 },
    ]);
    expect(m.orders).toMatchObject({ records: 10, wall_ms: 200, cpu_ms: 100, create: { wall_ms: 30 } });
    expect(m.orders).not.toHaveProperty('workflow');
  });
});

describe('fullStoreFactors and extrapolateS', () => {
  const small = { products: 100, variants: 5, customers: 250, orders: 500, seed: 1 };
  const full = { products: 2000, variants: 5, customers: 5000, orders: 10000, seed: 1 };

  it('scales each entity with what it follows', () => {
    expect(fullStoreFactors(small, full)).toMatchObject({ products: 20, customers: 20, orders: 20, refunds: 20 });
    expect(fullStoreFactors({ ...small, orders: 1000 }, full)).toMatchObject({ orders: 10, products: 20 });
  });

  it('keeps the fixed part and scales the rest by time-weighted factors', () => {
    expect(extrapolateS(100, 8, { products: 20, orders: 80 }, { products: 20, orders: 20 })).toBe(8 + 2000);
    // orders take 80% of the time and grow 10×, products 20% and 20×: the import grows 12×
    expect(extrapolateS(100, 0, { products: 20, orders: 80 }, { products: 20, orders: 10 })).toBeCloseTo(1200);
  });

  it('keeps the overlap of entities that ran side by side', () => {
    // 60 s of entity time in a 40 s import: still 40 s × 20
    expect(extrapolateS(40, 0, { products: 30, orders: 30 }, { products: 20, orders: 20 })).toBe(800);
  });
});

describe('refineMs and entitySpans', () => {
  it('takes a sighting half a poll early, kept within the stored second', () => {
    expect(refineMs(10_500, 10_000)).toBe(10_375);
    expect(refineMs(10_100, 10_000)).toBe(10_000);
    expect(refineMs(12_000, 10_000)).toBe(10_999);
    expect(refineMs(12_000, undefined)).toBe(11_875);
  });

  it('spans the first start to the last end of an entity split into runs, counts summed', () => {
    const row = (id: number, entity: string, s: number, f: number, logged: number, failed = 0) => ({
      row: { id, entity, status: 'done', started: new Date(s), finished: new Date(f), logged, failed },
      startMs: s + 100,
      endMs: f + 100,
    });
    const spans = entitySpans(
      [
        row(1, 'orders', 10_000, 20_000, 50),
        row(2, 'orders', 11_000, 25_000, 50, 2),
        row(3, 'products', 1_000, 5_000, 9),
      ],
      0,
    );
    const orders = spans.find((e) => e.entity === 'orders')!;
    expect(orders).toMatchObject({ runs: 2, logged: 100, failed: 2, startS: 10, endS: 25 });
    expect(orders.wallS).toBeCloseTo(15);
  });
});

describe('workerRows and workerTargets', () => {
  const pool = (workers: number, ordersS: number, catalog: [number, number]): PoolRun => ({
    workers,
    odooWorkers: workers + 1,
    wallS: 10 + ordersS + catalog[1],
    importS: ordersS + catalog[1],
    entities: [
      { entity: 'categories', wallS: 1, runs: 1, logged: 1, failed: 0, startS: catalog[0], endS: catalog[0] + 1 },
      { entity: 'products', wallS: 1, runs: 1, logged: 1, failed: 0, startS: catalog[1] - 1, endS: catalog[1] },
      { entity: 'orders', wallS: ordersS, runs: 1, logged: 1, failed: 0, startS: 50, endS: 50 + ordersS },
    ],
    problems: [],
    logs: [],
  });

  it('measures a pool catalog from the first catalog start to the last end', () => {
    expect(poolCatalogS(pool(1, 100, [10, 40]))).toBe(30);
  });

  it('gives speed-ups against the pool of 1, the child import and the in-process baseline', () => {
    const rows = workerRows({
      child: { ordersS: 110, catalogS: 33, wallS: 150, openS: 2, entityS: { products: 33, orders: 110 } },
      inprocess: { ordersS: 80, catalogS: 24 },
      pools: [pool(1, 100, [10, 40]), pool(2, 50, [10, 30])],
      records: { orders: 500, products: 100 },
      factors: { categories: 20, products: 20, orders: 20 },
    });
    expect(rows.map((r) => r.label)).toEqual(['child process (`import all`)', 'pool of 1', 'pool of 2']);
    const two = rows[2]!;
    expect(two).toMatchObject({ ordersVsPool1: 2, catalogVsPool1: 1.5, ordersVsChild: 2.2, ordersVsInprocess: 1.6 });
    expect(two.ordersPerS).toBe(10);
    expect(workerTargets(two)).toEqual({ orders: true, catalog: true, fullStore: two.fullStoreMin < 30 });
    expect(workerTargets(rows[1]!)).toMatchObject({ orders: null, catalog: null });
    // the child's import: 2 s opening + 143 s × 20
    expect(rows[0]!.fullStoreMin).toBeCloseTo((2 + 143 * 20) / 60, 1);
  });
});

describe('parseWorkers', () => {
  it('reads a list, sorted and without repeats, and none', () => {
    expect(parseWorkers('4,1,2,2')).toEqual([1, 2, 4]);
    expect(parseWorkers('none')).toEqual([]);
    expect(() => parseWorkers('1,x')).toThrow(/--workers/);
  });
});

describe('estimateSeconds', () => {
  const small = { products: 80, variants: 5, customers: 200, orders: 400, seed: 1 };
  const full = { products: 2000, variants: 5, customers: 5000, orders: 10000, seed: 1 };
  const everything = { doubled: true, baselineRuns: 3, workers: [1, 2] };

  it('puts the default size, with everything it runs, well under 45 minutes', () => {
    const min = estimateSeconds(small, 80, everything).total / 60;
    expect(min).toBeGreaterThan(25);
    expect(min).toBeLessThan(35);
  });

  it('puts the full size at about seven hours, most of it orders', () => {
    const e = estimateSeconds(full, 200, everything);
    expect(e.total / 3600).toBeGreaterThan(6.5);
    expect(e.total / 3600).toBeLessThan(8);
    expect(e.orders / e.total).toBeGreaterThan(0.8);
  });
});
