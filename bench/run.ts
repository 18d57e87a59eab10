/**
 * `npm run bench`: bc-odoo's full import of a generated store into a real Odoo 18, against
 * Odoo's own floor (the same values written in-process with the ORM, three times) and against
 * the naive path (one RPC create per record); the same import by pools of N daemons; then
 * incremental runs and the memory check with the store doubled. See bench/README.md for what
 * is measured and how to read it.
 *
 *   npm run bench -- [--size tiny|small|full] [--tiny] [--products N] [--variants N]
 *                    [--customers N] [--orders N] [--seed S] [--workers 1,2,4|none]
 *                    [--baseline-runs N] [--naive N] [--skip-doubled] [--skip-probe] [--keep]
 *
 * The last line printed is one JSON object with the headline figures.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SCALE, startSandbox, type SandboxHandle, type ScaleOptions } from '../src/sandbox/index.js';
import { cloneUsedDatabase, dropDatabase } from '../src/testbed/odoo-testbed.js';
import { writeDataset, type DatasetInfo } from './dataset.js';
import {
  CATALOG,
  estimateSeconds,
  fullStoreFactors,
  medianPhases,
  parseWorkers,
  spread,
  workerRows,
  type Spread,
  type WorkerRow,
} from './figures.js';
import type { ChildResult } from './import-child.js';
import { type InProcess, runInProcess } from './inprocess.js';
import { naiveCreates, type NaiveResult } from './naive.js';
import { createQueueDb, poolImport, type PoolRun } from './pool.js';
import { renderTable, updateReadme } from './report.js';
import {
  adminClient,
  BENCH_DB_PREFIX,
  cpuBetween,
  enableEur,
  freshDb,
  importDb,
  procCpuMs,
  runImportChild,
  startBenchOdoo,
  writeConfig,
  workCounts,
  type BenchOdoo,
  type ChildRun,
} from './stack.js';

const BENCH_DIR = import.meta.dirname;
const PAGE = 250;
/** BigCommerce Pro's quota, the sandbox's default: the import is paced as it would be live */
const QUOTA = { requests: 450, windowMs: 30_000 };
/**
 * The store sizes. `small`, the default, is 1/25 of `full` on every entity (the size of
 * bench/README.md's runs 1–4): with everything the bench runs at it (three baseline runs, pools
 * of 1 and 2, the doubled store) about 30 minutes on the 2-core machine of bench/README.md,
 * which leaves room under 45 for a run that is 30% slow; `full` takes about 7.3 hours.
 */
export const SIZES = {
  tiny: { products: 6, variants: 2, customers: 10, orders: 12, seed: 1 },
  small: { products: 80, variants: 5, customers: 200, orders: 400, seed: 1 },
  full: DEFAULT_SCALE,
} as const satisfies Record<string, Required<ScaleOptions>>;
export type SizeName = keyof typeof SIZES;
/** Pools measured unless --workers says otherwise (none at the tiny size: it keeps CI short). */
const DEFAULT_WORKERS: Record<SizeName, number[]> = { tiny: [], small: [1, 2], full: [1, 2] };

// ---- measured figures, as saved in bench/results/<date>.json --------------------------------

export interface EntityRow {
  entity: string;
  records: number;
  wallS: number;
  recordsPerS: number;
  odooCalls: number;
  callsPerRecord: number;
  bcRequests: number;
  minimalPages: number;
  peakRssMb: number;
  /** live heap after a GC at page boundaries (memory probe runs with --gc-pages only) */
  livePeakMb?: number;
  failed: number;
  cpu: { nodeS: number; odooS: number; pgS: number };
  /** wall time with an Odoo call / a BigCommerce request / an image download in flight, and with none */
  split: { odooS: number; bigcommerceS: number; imagesS: number; noIoS: number };
  /** the Odoo methods and BigCommerce endpoints that took longest (summed latency) */
  top: { key: string; n: number; s: number; maxS: number }[];
}

export interface RunFigures {
  label: string;
  totalS: number;
  openS: number;
  peakRssMb: number;
  sampledPeakRssMb: number;
  bcRequests: number;
  odooCalls: number;
  entities: EntityRow[];
  error?: string;
}

const r1 = (n: number): number => Math.round(n * 10) / 10;
const r2 = (n: number): number => Math.round(n * 100) / 100;
const r3 = (n: number): number => Math.round(n * 1000) / 1000;

/** The fewest list requests that can read each entity of this store (a page per 250 records, at least one). */
function minimalPagesOf(sb: SandboxHandle): Record<string, number> {
  const s = sb.store;
  const pages = (n: number, per = PAGE): number => Math.max(1, Math.ceil(n / per));
  return {
    categories: pages(s.categories.size),
    brands: pages(s.brands.size),
    products: pages(s.products.size),
    // customers need the customer groups too (their names become the partners' tags): one list
    customers: pages(s.customers.size) + pages(s.customerGroups.size),
    orders: pages(s.orders.size),
    refunds: pages(s.refundEntries().length),
    // stock comes with the products' variants, a products page at a time (no location mapping)
    inventory: pages(s.products.size),
  };
}

function figures(label: string, run: ChildRun, minimal: Record<string, number>): RunFigures {
  const res: ChildResult = run.result;
  const entities = res.entities.map((e): EntityRow => {
    const a = run.cpu.get(`${e.entity}:start`);
    const b = run.cpu.get(`${e.entity}:end`);
    const cpu = a && b ? cpuBetween(a, b) : { odooMs: 0, pgMs: 0 };
    const c = e.io.classes;
    return {
      entity: e.entity,
      records: e.records,
      wallS: r2(e.wallMs / 1000),
      recordsPerS: r1(e.records / Math.max(0.001, e.wallMs / 1000)),
      odooCalls: e.summary.odooCalls,
      callsPerRecord: r3(e.summary.odooCalls / Math.max(1, e.records)),
      bcRequests: e.summary.bcRequests,
      minimalPages: minimal[e.entity] ?? 1,
      peakRssMb: r1(e.peakRssMb),
      ...(e.livePeakMb === undefined ? {} : { livePeakMb: e.livePeakMb }),
      failed: e.summary.failed,
      cpu: { nodeS: r2(e.cpuMs / 1000), odooS: r2(cpu.odooMs / 1000), pgS: r2(cpu.pgMs / 1000) },
      split: {
        odooS: r2(c.odoo.busyMs / 1000),
        bigcommerceS: r2(c.bigcommerce.busyMs / 1000),
        imagesS: r2(c.images.busyMs / 1000),
        noIoS: r2((e.wallMs - e.io.anyBusyMs) / 1000),
      },
      top: Object.entries(e.io.byKey)
        .sort((x, y) => y[1].ms - x[1].ms)
        .slice(0, 8)
        .map(([key, v]) => ({ key, n: v.n, s: r2(v.ms / 1000), maxS: r2(v.max / 1000) })),
    };
  });
  return {
    label,
    totalS: r2(res.totalMs / 1000),
    openS: r2(res.openMs / 1000),
    peakRssMb: r1(res.peakRssMb),
    sampledPeakRssMb: r1(run.sampledPeakRssMb),
    bcRequests: entities.reduce((n, e) => n + e.bcRequests, 0) + res.openIo.classes.bigcommerce.n,
    odooCalls: entities.reduce((n, e) => n + e.odooCalls, 0),
    entities,
    ...(res.error ? { error: res.error } : {}),
  };
}

/**
 * What makes a bench's figures untrustworthy: failed records, a failed run, a database that
 * does not hold what bc-odoo's child import made (each in-process run's, each pool's).
 */
export function benchProblems(
  runs: readonly (RunFigures | undefined)[],
  bcOdoo: Record<string, unknown>,
  others: readonly { label: string; counts: Record<string, unknown> }[],
): string[] {
  const out: string[] = [];
  for (const r of runs) {
    if (!r) continue;
    if (r.error) out.push(`${r.label}: ${r.error}`);
    const failed = r.entities.filter((e) => e.failed > 0);
    if (failed.length)
      out.push(`${r.label}: failed records: ${failed.map((e) => `${e.entity} ${e.failed}`).join(', ')}`);
  }
  for (const o of others) {
    for (const k of Object.keys({ ...bcOdoo, ...o.counts })) {
      if (JSON.stringify(bcOdoo[k]) !== JSON.stringify(o.counts[k]))
        out.push(
          `not the same work: ${k} is ${JSON.stringify(bcOdoo[k])} in bc-odoo's database, ${JSON.stringify(o.counts[k])} in ${o.label}`,
        );
    }
  }
  return out;
}

// ---- phases -----------------------------------------------------------------------------------

interface Ctx {
  odoo: BenchOdoo;
  work: string;
  dbs: string[];
  log: (s: string) => void;
}

async function importRun(
  ctx: Ctx,
  sandbox: SandboxHandle,
  db: string,
  label: string,
  extra: string[] = [],
): Promise<RunFigures> {
  const cfg = writeConfig(ctx.work, sandbox, ctx.odoo, db, label);
  const t0 = Date.now();
  const run = await runImportChild(ctx.odoo, db, cfg, join(ctx.work, `${label}.json`), extra);
  const f = figures(label, run, minimalPagesOf(sandbox));
  ctx.log(
    `  ${label}: ${f.totalS} s in the import (${((Date.now() - t0) / 1000).toFixed(1)} s with process start), ` +
      `${f.odooCalls} Odoo calls, ${f.bcRequests} BigCommerce requests, peak RSS ${f.peakRssMb} MB` +
      `${
        f.entities.some((e) => e.failed)
          ? `, FAILED records: ${f.entities
              .filter((e) => e.failed)
              .map((e) => `${e.entity} ${e.failed}`)
              .join(', ')}`
          : ''
      }` +
      `${f.error ? `, ERROR ${f.error}` : ''}`,
  );
  for (const e of f.entities) {
    ctx.log(
      `    ${e.entity.padEnd(10)} ${String(e.records).padStart(6)} rec ${e.wallS.toFixed(1).padStart(7)} s ` +
        `${String(e.odooCalls).padStart(5)} calls ${String(e.bcRequests).padStart(5)} req  odoo ${e.split.odooS}s bc ${e.split.bigcommerceS}s img ${e.split.imagesS}s none ${e.split.noIoS}s`,
    );
  }
  return f;
}

/** 1% of products (prices and names) and of orders (status moves, messages), at least one each. */
function changeStore(
  sb: SandboxHandle,
  share: number,
  count?: { products: number; orders: number },
): { products: number; orders: number } {
  const s = sb.store;
  const pick = (ids: readonly number[], n: number): number[] => {
    const step = ids.length / n;
    return Array.from({ length: n }, (_, i) => ids[Math.floor(i * step)]!);
  };
  const productIds = pick(s.products.ids(), count?.products ?? Math.max(1, Math.round(s.products.size * share)));
  productIds.forEach((id, i) => {
    const p = s.products.get(id)!;
    s.touchProduct(id, i % 2 ? { name: `${p.name} (new)` } : { price: p.price + 100 });
  });
  const orderIds = pick(s.orders.ids(), count?.orders ?? Math.max(1, Math.round(s.orders.size * share)));
  for (const id of orderIds) {
    const st = s.orders.head(id)!.statusId;
    if (st === 1 || st === 12)
      s.setOrderStatus(id, 11); // a quotation is now paid: confirm, invoice, pay
    else if (st === 9 || st === 11)
      s.setOrderStatus(id, 2); // shipped
    else s.touchOrder(id, { customerMessage: 'Please leave at the back door' });
  }
  return { products: productIds.length, orders: orderIds.length };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// ---- main -------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { values: f } = parseArgs({
    options: {
      products: { type: 'string' },
      variants: { type: 'string' },
      customers: { type: 'string' },
      orders: { type: 'string' },
      seed: { type: 'string' },
      naive: { type: 'string' },
      size: { type: 'string' },
      tiny: { type: 'boolean' },
      workers: { type: 'string' },
      'baseline-runs': { type: 'string' },
      'skip-doubled': { type: 'boolean' },
      'skip-probe': { type: 'boolean' },
      keep: { type: 'boolean' },
    },
  });
  // --tiny is --size tiny (CI runs it); explicit counts override the size's
  if (f.tiny && f.size !== undefined && f.size !== 'tiny') throw new Error(`--tiny and --size ${f.size} disagree`);
  const size = (f.tiny ? 'tiny' : (f.size ?? 'small')) as SizeName;
  if (!(size in SIZES)) throw new Error(`--size ${f.size}: give tiny, small or full`);
  const tiny = size === 'tiny';
  const base = SIZES[size];
  const num = (v: string | undefined, d: number): number => (v === undefined ? d : Number(v));
  const scale: Required<ScaleOptions> = {
    products: num(f.products, base.products),
    variants: num(f.variants, base.variants),
    customers: num(f.customers, base.customers),
    orders: num(f.orders, base.orders),
    seed: num(f.seed, base.seed),
  };
  const naiveSample = Math.min(scale.products, num(f.naive, tiny ? 5 : 200));
  const workers = f.workers === undefined ? DEFAULT_WORKERS[size] : parseWorkers(f.workers);
  const baselineRuns = num(f['baseline-runs'], 3);
  if (!Number.isInteger(baselineRuns) || baselineRuns < 1) throw new Error('--baseline-runs: give 1 or more');
  const started = new Date();
  const lines: string[] = [];
  const log = (s: string): void => {
    const t = `[${((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(4)} s] `;
    lines.push(s);
    process.stdout.write(`${s.startsWith('bench:') ? t : ''}${s}\n`);
  };
  const work = mkdtempSync(join(tmpdir(), 'bc-odoo-bench-'));
  log(
    `bench: ${size} size, scale store ${scale.products} products × ${scale.variants} variants, ${scale.customers} customers, ${scale.orders} orders (seed ${scale.seed}); ` +
      `load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}; work files in ${work}${f.keep ? '' : ' (removed at the end; --keep keeps them)'}`,
  );

  const eta = estimateSeconds(scale, naiveSample, {
    doubled: !f['skip-doubled'] && !tiny,
    tiny,
    baselineRuns,
    workers,
  });
  log(
    `bench: expect about ${Math.round(eta.total / 60)} min on a 2-core machine like the one in bench/README.md ` +
      `(${Math.round(eta.orders / 60)} of them orders: Odoo's order workflow, which both sides run; ` +
      `${baselineRuns} in-process run(s), pools of ${workers.join(', ') || 'none'}; --orders N makes it shorter)`,
  );

  const t0 = Date.now();
  const odoo = await startBenchOdoo();
  const ctx: Ctx = { odoo, work, dbs: [], log };
  const sandboxes: SandboxHandle[] = [];
  const parentCpu0 = process.cpuUsage();
  try {
    const sb = await startSandbox({ store: 'scale', scale, quota: QUOTA });
    // A second copy of the store, unmetered, from which the baselines' values are read.
    const copy = await startSandbox({ store: 'scale', scale, quota: { requests: 1e9, windowMs: 30_000 } });
    sandboxes.push(sb, copy);

    log('bench: preparing databases (clone of the template; bc-odoo setup and EUR for the import; untimed)');
    const doDoubled = !f['skip-doubled'] && !tiny;
    const doProbe = !f['skip-doubled'] && !f['skip-probe'];
    const [dbImport, dbInproc, dbNaive, dbBig, dbProbeOwn, ...dbPools] = await Promise.all([
      importDb(odoo, 'import'),
      freshDb(odoo, 'inproc1'),
      freshDb(odoo, 'naive'),
      doDoubled ? importDb(odoo, 'doubled') : undefined,
      doProbe && !tiny ? importDb(odoo, 'probe') : undefined,
      ...workers.map((n) => importDb(odoo, `pool${n}`)),
    ]);
    ctx.dbs.push(...[dbImport, dbInproc, dbNaive, dbBig, dbProbeOwn, ...dbPools].filter((x): x is string => !!x));
    const inprocAdmin = await adminClient(odoo, dbInproc);
    await enableEur(inprocAdmin);
    const datasetPath = join(work, 'dataset.jsonl');
    const dataset: DatasetInfo = await writeDataset(copy, inprocAdmin, datasetPath);
    await copy.close();
    log(`bench: baseline input: ${JSON.stringify(dataset)}`);
    // The dataset refers to records made in the first baseline database (tags): the other runs
    // start from copies of it, made before any run writes there.
    const dbInprocs = [dbInproc];
    for (let i = 2; i <= baselineRuns; i++) {
      const name = `${BENCH_DB_PREFIX}inproc${i}`;
      await dropDatabase(odoo.pg, name);
      await cloneUsedDatabase(odoo.pg, dbInproc, name);
      ctx.dbs.push(name);
      dbInprocs.push(name);
    }

    log(`bench: (b) naive path, ${naiveSample} products, one RPC create each`);
    const naive: NaiveResult = await naiveCreates(await adminClient(odoo, dbNaive), datasetPath, naiveSample);
    log(
      `  ${naive.records} creates in ${(naive.wallMs / 1000).toFixed(1)} s: ${naive.perRecordMs.toFixed(0)} ms per product`,
    );

    log('bench: full import (bc-odoo, child process)');
    const sbReq0 = sb.stats().requests;
    const full = await importRun(ctx, sb, dbImport, 'full');
    const sandboxRequests = sb.stats().requests - sbReq0;
    const workBcOdoo = await workCounts(odoo.pg, dbImport);

    log(`bench: (a) in-process baseline (odoo-bin shell, batched ORM create), ${baselineRuns} run(s) on fresh copies`);
    const inprocRuns: InProcess[] = [];
    const workInprocs: { label: string; counts: Record<string, unknown> }[] = [];
    log(`  same work? bc-odoo ${JSON.stringify(workBcOdoo)}`);
    for (const [i, db] of dbInprocs.entries()) {
      const run = await runInProcess(odoo, db, datasetPath, work, { batch: PAGE, label: `inprocess${i + 1}` });
      inprocRuns.push(run);
      log(
        `  run ${i + 1}: ${Object.entries(run.phases)
          .map(([k, v]) => `${k} ${v.records} rec ${(v.wall_ms / 1000).toFixed(1)} s`)
          .join(', ')}`,
      );
      const counts = await workCounts(odoo.pg, db);
      workInprocs.push({ label: `in-process run ${i + 1}'s database`, counts });
      log(`             in-process run ${i + 1} ${JSON.stringify(counts)}`);
    }
    const inproc: InProcess = {
      phases: medianPhases(inprocRuns),
      wallS: spread(inprocRuns.map((r) => r.wallS)).median,
    };

    const pools: PoolRun[] = [];
    const workPools: { label: string; counts: Record<string, unknown> }[] = [];
    for (const [i, n] of workers.entries()) {
      log(`bench: pool of ${n} bc-odoo daemon(s), one job queue, Odoo with ${n + 1} HTTP workers (prefork)`);
      const queueDb = `${BENCH_DB_PREFIX}queue${n}`;
      await createQueueDb(odoo.pg, queueDb);
      ctx.dbs.push(queueDb);
      // the same store, unchanged, as the child import had it; paced by the same quota, which the members share
      const psb = await startSandbox({ store: 'scale', scale, quota: QUOTA });
      const prefork = await startBenchOdoo({ workers: n + 1 });
      try {
        const run = await poolImport({
          odoo: prefork,
          db: dbPools[i]!,
          queueDb,
          sandbox: psb,
          workers: n,
          odooWorkers: n + 1,
          work,
          // generous: a pool slower than four child imports is broken, not slow
          timeoutMs: Math.max(15 * 60_000, 4 * full.totalS * 1000),
          log,
        });
        pools.push(run);
        log(
          `  ${run.wallS.toFixed(1)} s members started → settled (${run.importS.toFixed(1)} s first run → last); ` +
            run.entities
              .map((e) => `${e.entity} ${e.wallS.toFixed(1)} s${e.runs > 1 ? ` (${e.runs} runs)` : ''}`)
              .join(', '),
        );
      } finally {
        await prefork.stop();
        await psb.close();
      }
      const counts = await workCounts(odoo.pg, dbPools[i]!);
      workPools.push({ label: `the pool of ${n}'s database`, counts });
      log(`             pool of ${n} ${JSON.stringify(counts)}`);
    }

    log('bench: incremental: 1% of products and orders changed');
    const changed = changeStore(sb, 0.01);
    log(`  changed ${changed.products} products, ${changed.orders} orders`);
    const incremental = await importRun(ctx, sb, dbImport, 'incremental');
    log(`bench: no change, ${tiny ? 'one run' : 'three runs'}`);
    const nochange: RunFigures[] = [];
    for (let i = 1; i <= (tiny ? 1 : 3); i++) nochange.push(await importRun(ctx, sb, dbImport, `nochange${i}`));

    let doubled:
      | {
          full: RunFigures;
          incremental?: RunFigures;
          nochange?: RunFigures;
          changed?: { products: number; orders: number };
        }
      | undefined;
    // --tiny leaves the doubled import out (the same code as the full import) and keeps the probe below.
    if (doDoubled && dbBig) {
      log('bench: the same import with the store doubled (memory), then the same number of changes');
      const big = await startSandbox({
        store: 'scale',
        quota: QUOTA,
        scale: { ...scale, products: scale.products * 2, customers: scale.customers * 2, orders: scale.orders * 2 },
      });
      sandboxes.push(big);
      const bigFull = await importRun(ctx, big, dbBig, 'doubled');
      if (!tiny) {
        const bigChanged = changeStore(big, 0, changed);
        const bigInc = await importRun(ctx, big, dbBig, 'doubled-incremental');
        const bigNo = await importRun(ctx, big, dbBig, 'doubled-nochange');
        doubled = { full: bigFull, incremental: bigInc, nochange: bigNo, changed: bigChanged };
      } else doubled = { full: bigFull };
    }

    // Memory of the streaming path at the default size and doubled, whatever size was imported:
    // a dry run reads every page from BigCommerce and plans it against Odoo, writing nothing.
    let probe:
      | {
          size: Required<ScaleOptions>;
          rssMb: number;
          doubledRssMb: number;
          liveMb: number;
          doubledLiveMb: number;
          bcRequests: number;
          minimalPages: number;
          runs: RunFigures[];
        }
      | undefined;
    if (doProbe) {
      // --tiny: at the tiny size, planned against the imported database
      const size = tiny ? scale : { ...SIZES.full, variants: scale.variants, seed: scale.seed };
      log(
        `bench: memory probe, dry runs of a ${size.products}/${size.customers}/${size.orders} store and doubled, unmetered quota`,
      );
      const dbProbe = dbProbeOwn ?? dbImport;
      // Peak RSS twice per size, alternating (a peak moves by several percent from run to run
      // with GC timing), then once per size with a GC after every page for the live heap.
      const plan: [number, boolean][] = [
        ...(tiny
          ? []
          : ([
              [1, false],
              [2, false],
            ] as [number, boolean][])),
        [1, false],
        [2, false],
        [1, true],
        [2, true],
      ];
      const runs: RunFigures[] = [];
      let pages = 0;
      for (const [k, gcPages] of plan) {
        const psb = await startSandbox({
          store: 'scale',
          quota: { requests: 1e9, windowMs: 30_000 },
          scale: { ...size, products: size.products * k, customers: size.customers * k, orders: size.orders * k },
        });
        try {
          const run = await importRun(ctx, psb, dbProbe, `probe-x${k}-${runs.length + 1}${gcPages ? '-live' : ''}`, [
            '--dry-run',
            ...(gcPages ? ['--gc-pages'] : []),
          ]);
          runs.push(run);
          if (k === 1) pages = run.entities.reduce((n, e) => n + e.minimalPages, 0) + 1;
        } finally {
          await psb.close();
        }
      }
      const natural = runs.filter((r) => !r.label.endsWith('-live'));
      const mean = (xs: RunFigures[]): number => r1(xs.reduce((t, x) => t + x.peakRssMb, 0) / xs.length);
      const live = (r: RunFigures | undefined): number =>
        Math.max(0, ...(r?.entities ?? []).map((e) => e.livePeakMb ?? 0));
      probe = {
        size,
        rssMb: mean(natural.filter((_, i) => i % 2 === 0)),
        doubledRssMb: mean(natural.filter((_, i) => i % 2 === 1)),
        liveMb: live(runs.at(-2)),
        doubledLiveMb: live(runs.at(-1)),
        bcRequests: runs[0]!.bcRequests,
        minimalPages: pages,
        runs,
      };
    }

    // ---- figures ----
    const ent = (r: RunFigures, name: string): EntityRow | undefined => r.entities.find((e) => e.entity === name);
    const wall = (r: RunFigures, names: string[]): number => names.reduce((s, n) => s + (ent(r, n)?.wallS ?? 0), 0);
    const cpuAll = (r: RunFigures, names: string[]): number =>
      names.reduce((s, n) => {
        const e = ent(r, n);
        return s + (e ? e.cpu.nodeS + e.cpu.odooS + e.cpu.pgS : 0);
      }, 0);
    type Phases = InProcess['phases'];
    const ipWall = (ip: Phases, names: string[]): number => names.reduce((s, n) => s + (ip[n]?.wall_ms ?? 0) / 1000, 0);
    const ipCpu = (ip: Phases, names: string[]): number =>
      names.reduce((s, n) => s + ((ip[n]?.cpu_ms ?? 0) + (ip[n]?.pg_cpu_ms ?? 0)) / 1000, 0);
    const productsEntity = ent(full, 'products')!;
    const ordersEntity = ent(full, 'orders')!;
    const catalogWall = wall(full, [...CATALOG]);
    const minimalPages = full.entities.reduce((n, e) => n + e.minimalPages, 0) + 1; // + GET /v2/store
    // Each ratio against each in-process run; the figure is their median, with their range.
    const perRun = (f: (ip: Phases) => number): Spread => {
      const x = spread(inprocRuns.map((r) => f(r.phases)));
      return { median: r2(x.median), min: r2(x.min), max: r2(x.max) };
    };
    const ratios = {
      catalog: perRun((ip) => catalogWall / ipWall(ip, ['categories', 'products'])),
      orders: perRun((ip) => ordersEntity.wallS / ipWall(ip, ['orders'])),
      ordersCreate: perRun((ip) => ordersEntity.wallS / ((ip.orders?.create?.wall_ms ?? NaN) / 1000)),
      customers: perRun((ip) => wall(full, ['customers']) / ipWall(ip, ['customers'])),
      catalogCpu: perRun((ip) => cpuAll(full, [...CATALOG]) / ipCpu(ip, ['categories', 'products'])),
      ordersCpu: perRun((ip) => cpuAll(full, ['orders']) / ipCpu(ip, ['orders'])),
    };
    const ip = inproc.phases;
    const worker: WorkerRow[] = workers.length
      ? workerRows({
          child: {
            ordersS: ordersEntity.wallS,
            catalogS: catalogWall,
            wallS: full.totalS,
            openS: full.openS,
            entityS: Object.fromEntries(full.entities.map((e) => [e.entity, e.wallS])),
          },
          inprocess: { ordersS: ipWall(ip, ['orders']), catalogS: ipWall(ip, ['categories', 'products']) },
          pools,
          records: { orders: ordersEntity.records, products: productsEntity.records },
          factors: fullStoreFactors(scale, SIZES.full),
        })
      : [];
    const summary = {
      catalog_ratio_vs_inprocess: ratios.catalog.median,
      catalog_ratio_vs_inprocess_range: [ratios.catalog.min, ratios.catalog.max],
      orders_ratio_vs_inprocess: ratios.orders.median,
      orders_ratio_vs_inprocess_range: [ratios.orders.min, ratios.orders.max],
      orders_ratio_vs_inprocess_create_only: ratios.ordersCreate.median,
      customers_ratio_vs_inprocess: ratios.customers.median,
      catalog_cpu_ratio_vs_inprocess: ratios.catalogCpu.median,
      orders_cpu_ratio_vs_inprocess: ratios.ordersCpu.median,
      inprocess_runs: inprocRuns.length,
      ...Object.fromEntries(
        worker
          .filter((w) => w.workers !== null && w.workers > 1)
          .flatMap((w) => [
            [`orders_speedup_${w.workers}_workers`, w.ordersVsPool1],
            [`catalog_speedup_${w.workers}_workers`, w.catalogVsPool1],
          ]),
      ),
      full_store_first_import_min: worker.length ? Math.min(...worker.map((w) => w.fullStoreMin)) : null,
      naive_speedup: r1(naive.perRecordMs / ((productsEntity.wallS * 1000) / productsEntity.records)),
      naive_ms_per_product: r1(naive.perRecordMs),
      bcodoo_ms_per_product: r1((productsEntity.wallS * 1000) / productsEntity.records),
      inprocess_ms_per_product: r1((ipWall(ip, ['products']) * 1000) / (ip.products?.records ?? 1)),
      bc_requests: full.bcRequests,
      bc_minimal_pages: minimalPages,
      bc_requests_ratio: r2(full.bcRequests / minimalPages),
      peak_rss_mb: full.peakRssMb,
      peak_rss_mb_doubled: doubled?.full.peakRssMb ?? null,
      rss_growth_doubled: doubled ? r3(doubled.full.peakRssMb / full.peakRssMb - 1) : null,
      // the same work (the 137 categories, first entity) in both runs: how much a peak moves by itself
      rss_noise_same_work: doubled
        ? r3((ent(doubled.full, 'categories')?.peakRssMb ?? NaN) / (ent(full, 'categories')?.peakRssMb ?? NaN) - 1)
        : null,
      incremental_s: incremental.totalS,
      incremental_bc_requests: incremental.bcRequests,
      incremental_odoo_calls: incremental.odooCalls,
      incremental_nochange_s: r2(median(nochange.map((r) => r.totalS))),
      incremental_nochange_runs_s: nochange.map((r) => r.totalS),
      incremental_nochange_bc_requests: median(nochange.map((r) => r.bcRequests)),
      incremental_nochange_odoo_calls: median(nochange.map((r) => r.odooCalls)),
      doubled_incremental_s: doubled?.incremental?.totalS ?? null,
      doubled_incremental_bc_requests: doubled?.incremental?.bcRequests ?? null,
      doubled_incremental_odoo_calls: doubled?.incremental?.odooCalls ?? null,
      doubled_nochange_s: doubled?.nochange?.totalS ?? null,
      failed_records: full.entities.reduce((n, e) => n + e.failed, 0),
      probe_dry_run_peak_rss_mb: probe?.rssMb ?? null,
      probe_dry_run_peak_rss_runs_mb:
        probe?.runs.filter((r) => !r.label.endsWith('-live')).map((r) => r.peakRssMb) ?? null,
      probe_live_heap_mb: probe?.liveMb ?? null,
      probe_live_heap_mb_doubled: probe?.doubledLiveMb ?? null,
      probe_bc_requests: probe?.bcRequests ?? null,
      probe_bc_minimal_pages: probe?.minimalPages ?? null,
      probe_bc_requests_ratio: probe ? r2(probe.bcRequests / probe.minimalPages) : null,
      probe_dry_run_peak_rss_mb_doubled: probe?.doubledRssMb ?? null,
    };
    const result = {
      date: started.toISOString(),
      machine: { cores: cpus().length, loadavgAtEnd: loadavg().map(r2), node: process.version },
      size,
      scale,
      tiny,
      naiveSample,
      quota: QUOTA,
      page: PAGE,
      dataset,
      sandboxRequestsFull: sandboxRequests,
      changed,
      workCheck: { bcOdoo: workBcOdoo, others: [...workInprocs, ...workPools] },
      summary,
      ratios,
      full,
      inprocess: inproc,
      inprocessRuns: inprocRuns,
      workers: worker,
      pools,
      naive,
      incremental,
      nochange,
      doubled,
      probe,
      benchWallS: r1((Date.now() - t0) / 1000),
      parentCpuS: r1((process.cpuUsage(parentCpu0).user + process.cpuUsage(parentCpu0).system) / 1e6),
      odooServerCpuS: r1(procCpuMs(odoo.pid) / 1000),
    };
    const resultsDir = join(BENCH_DIR, 'results');
    mkdirSync(resultsDir, { recursive: true });
    const file = join(resultsDir, `${started.toISOString().slice(0, 10)}${tiny ? '.tiny' : ''}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    const table = renderTable(result);
    log('');
    log(table);
    if (!tiny) updateReadme(join(BENCH_DIR, 'README.md'), table, file);
    log(`bench: results in ${file}${tiny ? '' : ' and bench/README.md'}; ${result.benchWallS} s in all`);
    // Figures over failed records or different work would mislead: say so, and fail the run
    // (CI runs `--tiny` to keep the bench working, so this is what it checks).
    const problems = benchProblems(
      [full, incremental, ...nochange, ...(doubled ? [doubled.full, doubled.incremental, doubled.nochange] : [])],
      workBcOdoo,
      [...workInprocs, ...workPools],
    );
    problems.push(...pools.flatMap((p) => p.problems));
    for (const p of problems) log(`bench: PROBLEM: ${p}`);
    if (problems.length) process.exitCode = 1;
    process.stdout.write(`${JSON.stringify({ ...summary, problems })}\n`);
  } finally {
    for (const s of sandboxes) await s.close().catch(() => undefined);
    await odoo.stop();
    if (!f.keep) await Promise.all(ctx.dbs.map((db) => dropDatabase(odoo.pg, db).catch(() => undefined)));
    if (f.keep)
      process.stderr.write(
        `bench: databases kept: ${ctx.dbs.join(', ')} (prefix ${BENCH_DB_PREFIX}); work files in ${work}\n`,
      );
    else rmSync(work, { recursive: true, force: true });
  }
}

await main();
