/**
 * The bench's arithmetic that needs no Odoo: medians and spreads of repeated runs, the
 * in-process baseline's median phases, the worker comparison's rows and the extrapolation of
 * an import to the full store. Kept apart from run.ts so it can be unit-tested.
 */
import type { ScaleOptions } from '../src/sandbox/index.js';
import type { InProcess, InProcessPhase } from './inprocess.js';
import type { PoolRun } from './pool.js';

export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** Median (the middle one; of an even count, the lower middle one: always a measured value) and range. */
export function spread(xs: readonly number[]): Spread {
  const s = [...xs].filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return { median: NaN, min: NaN, max: NaN };
  return { median: s[Math.floor((s.length - 1) / 2)]!, min: s[0]!, max: s.at(-1)! };
}

const median = (xs: readonly number[]): number => spread(xs).median;

/** The baseline's phases with every time the median over its runs (records are the same in every run). */
export function medianPhases(runs: readonly InProcess[]): Record<string, InProcessPhase> {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.phases)))];
  const part = (k: string, sub: 'create' | 'workflow' | 'templates' | 'variants' | 'rest') => {
    const xs = runs.map((r) => r.phases[k]?.[sub]?.wall_ms).filter((x): x is number => x !== undefined);
    return xs.length ? { [sub]: { wall_ms: median(xs) } } : {};
  };
  return Object.fromEntries(
    names.map((k) => {
      const of = (f: 'wall_ms' | 'cpu_ms' | 'pg_cpu_ms') => median(runs.map((r) => r.phases[k]?.[f] ?? NaN));
      const phase: InProcessPhase = {
        records: runs.find((r) => r.phases[k])?.phases[k]?.records ?? 0,
        wall_ms: of('wall_ms'),
        cpu_ms: of('cpu_ms'),
        pg_cpu_ms: of('pg_cpu_ms'),
        ...part(k, 'create'),
        ...part(k, 'workflow'),
        ...part(k, 'templates'),
        ...part(k, 'variants'),
        ...part(k, 'rest'),
      };
      return [k, phase];
    }),
  );
}

/** What the catalog is, on bc-odoo's side (brands: 40 records the baseline does not write). */
export const CATALOG = ['categories', 'brands', 'products'] as const;

/**
 * How many times more records of each entity the full store has than `scale`: orders and
 * refunds follow the orders, the catalog and the stock the products, customers the customers.
 */
export function fullStoreFactors(scale: Required<ScaleOptions>, full: Required<ScaleOptions>): Record<string, number> {
  const f = (a: number, b: number): number => (b > 0 ? a / b : 1);
  const products = f(full.products, scale.products);
  const orders = f(full.orders, scale.orders);
  return {
    categories: products,
    brands: products,
    products,
    customers: f(full.customers, scale.customers),
    orders,
    refunds: orders,
    inventory: products,
  };
}

/**
 * An import's wall time at the full store's size: its fixed part (`fixedS`: processes starting,
 * opening the instance) as measured, the rest scaled by the entities' factors weighted by the
 * time each took. Entities that overlap in a pool keep their overlap. Per record, the scaled-down
 * stores cost more than the full one (a payment wizard per order instead of about 7: bench/README.md),
 * so this errs long.
 */
export function extrapolateS(
  importS: number,
  fixedS: number,
  entityS: Readonly<Record<string, number>>,
  factors: Readonly<Record<string, number>>,
): number {
  const total = Object.values(entityS).reduce((t, s) => t + s, 0);
  if (total <= 0) return fixedS + importS;
  const weighted = Object.entries(entityS).reduce((t, [e, s]) => t + s * (factors[e] ?? 1), 0) / total;
  return fixedS + importS * weighted;
}

/** The bc-odoo import a pool run is compared with, and the in-process baseline (median of its runs). */
export interface Reference {
  /** orders wall s, catalog wall s (categories + brands + products) */
  ordersS: number;
  catalogS: number;
}

export interface WorkerRow {
  label: string;
  workers: number | null;
  odooWorkers: number;
  orders: number;
  products: number;
  ordersS: number;
  catalogS: number;
  ordersPerS: number;
  productsPerS: number;
  /** throughput ratios (higher is faster): reference wall ÷ this wall */
  ordersVsPool1: number | null;
  catalogVsPool1: number | null;
  ordersVsChild: number;
  catalogVsChild: number;
  ordersVsInprocess: number;
  catalogVsInprocess: number;
  /** members started → settled (the child: its whole import), s */
  wallS: number;
  /** the whole first import of the full store (2,000 / 5,000 / 10,000), extrapolated, minutes */
  fullStoreMin: number;
}

const r2 = (n: number): number => Math.round(n * 100) / 100;

/** The catalog's wall in a pool run: first start to last end of categories, brands and products. */
export function poolCatalogS(run: PoolRun): number {
  const c = run.entities.filter((e) => (CATALOG as readonly string[]).includes(e.entity));
  if (!c.length) return NaN;
  return Math.max(...c.map((e) => e.endS)) - Math.min(...c.map((e) => e.startS));
}

export function poolOrdersS(run: PoolRun): number {
  return run.entities.find((e) => e.entity === 'orders')?.wallS ?? NaN;
}

/**
 * The worker comparison's rows: bc-odoo's child-process import first (threaded Odoo), then
 * each pool. Ratios are throughputs relative to the N = 1 pool, the child import and the
 * in-process baseline.
 */
export function workerRows(opts: {
  child: Reference & { wallS: number; openS: number; entityS: Record<string, number> };
  inprocess: Reference;
  pools: readonly PoolRun[];
  records: { orders: number; products: number };
  factors: Record<string, number>;
}): WorkerRow[] {
  const { child, inprocess, records, factors } = opts;
  const pool1 = opts.pools.find((p) => p.workers === 1);
  const row = (
    label: string,
    workers: number | null,
    odooWorkers: number,
    ordersS: number,
    catalogS: number,
    wallS: number,
    fullS: number,
  ): WorkerRow => ({
    label,
    workers,
    odooWorkers,
    orders: records.orders,
    products: records.products,
    ordersS: r2(ordersS),
    catalogS: r2(catalogS),
    ordersPerS: r2(records.orders / ordersS),
    productsPerS: r2(records.products / catalogS),
    ordersVsPool1: pool1 ? r2(poolOrdersS(pool1) / ordersS) : null,
    catalogVsPool1: pool1 ? r2(poolCatalogS(pool1) / catalogS) : null,
    ordersVsChild: r2(child.ordersS / ordersS),
    catalogVsChild: r2(child.catalogS / catalogS),
    ordersVsInprocess: r2(inprocess.ordersS / ordersS),
    catalogVsInprocess: r2(inprocess.catalogS / catalogS),
    wallS: r2(wallS),
    fullStoreMin: r2(fullS / 60),
  });
  const childTotal = Object.values(child.entityS).reduce((t, s) => t + s, 0);
  return [
    row(
      'child process (`import all`)',
      null,
      0,
      child.ordersS,
      child.catalogS,
      child.wallS,
      extrapolateS(childTotal, child.openS, child.entityS, factors),
    ),
    ...opts.pools.map((p) =>
      row(
        `pool of ${p.workers}`,
        p.workers,
        p.odooWorkers,
        poolOrdersS(p),
        poolCatalogS(p),
        p.wallS,
        extrapolateS(
          p.importS,
          p.wallS - p.importS,
          Object.fromEntries(p.entities.map((e) => [e.entity, e.wallS])),
          factors,
        ),
      ),
    ),
  ];
}

/** The targets for a pool of more than one: met, missed, or not applicable (null). */
export function workerTargets(r: WorkerRow): { orders: boolean | null; catalog: boolean | null; fullStore: boolean } {
  const many = r.workers !== null && r.workers > 1;
  return {
    orders: many && r.ordersVsPool1 !== null ? r.ordersVsPool1 >= 1.6 : null,
    catalog: many && r.catalogVsPool1 !== null ? r.catalogVsPool1 >= 1.3 : null,
    fullStore: r.fullStoreMin < 30,
  };
}

/** `--workers 1,2,4` → [1, 2, 4]; `none` or `0` → []. */
export function parseWorkers(text: string): number[] {
  if (/^(none|0|)$/.test(text.trim())) return [];
  const out = text.split(',').map((s) => Number(s.trim()));
  if (out.some((n) => !Number.isInteger(n) || n < 1 || n > 16))
    throw new Error(`--workers ${text}: give worker counts from 1 to 16, e.g. 1,2,4 (or none)`);
  return [...new Set(out)].sort((a, b) => a - b);
}

/**
 * Rough duration of a bench, from the per-record costs measured on the 2-core machine of
 * bench/README.md. bc-odoo imports the store once in the child process, once per pool (1.3 times
 * the child's time: the members' start, prefork Odoo) and (unless left out) the doubled store,
 * which is twice the work; each in-process baseline run
 * costs about half a bc-odoo import (the floor: no RPC, no chatter; bench/README.md). Orders dominate: Odoo's
 * confirm, invoice, post and payment take about 0.3 s an order at the full store's density
 * (0.46 s when a payment wizard serves one order, as in the scaled-down stores).
 */
export function estimateSeconds(
  scale: Required<ScaleOptions>,
  naiveSample: number,
  opts: { doubled: boolean; tiny?: boolean; baselineRuns?: number; workers?: readonly number[] },
): { total: number; orders: number } {
  const pools = opts.workers?.length ?? 0;
  const bcOdoo = 1 + (opts.doubled ? 2 : 0) + 1.3 * pools;
  const all = bcOdoo + 0.5 * (opts.baselineRuns ?? 1);
  // The payment wizard runs once per journal, currency and day: about 0.18 s a run, shared by
  // the orders of a day (the scale store spreads its orders over two years, in two currencies).
  const perDay = scale.orders / 730;
  const perOrder = 0.28 + 0.18 * (Math.min(perDay, 2) / Math.max(perDay, 1e-9));
  const orders = all * scale.orders * perOrder + bcOdoo * scale.orders * 0.05 * 0.35; // refunds on 5%: bc-odoo only
  const rest = all * (scale.products * 0.035 * scale.variants + scale.customers * 0.016);
  // Odoo start, clones, dataset, incremental runs, the memory probe (at the full size unless
  // tiny); the naive sample; per pool a prefork Odoo and its members starting and stopping
  const fixed = (opts.tiny ? 60 : 240) + naiveSample * 0.55 + pools * 40;
  return { total: fixed + orders + rest, orders };
}
