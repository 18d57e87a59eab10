/** The bench's results as Markdown tables, and their place in bench/README.md. */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { type Spread, type WorkerRow, workerTargets } from './figures.js';
import type { RunFigures } from './run.js';

export interface ReportInput {
  date: string;
  scale: { products: number; variants: number; customers: number; orders: number; seed: number };
  machine: { cores: number; loadavgAtEnd: number[] };
  naiveSample: number;
  summary: Record<string, number | number[] | null>;
  /** each ratio against the in-process runs: median and range */
  ratios: Record<'catalog' | 'orders' | 'ordersCreate' | 'customers' | 'catalogCpu' | 'ordersCpu', Spread>;
  inprocessRuns: { phases: Record<string, { wall_ms: number; create?: { wall_ms: number } }> }[];
  workers: WorkerRow[];
  full: RunFigures;
  inprocess: {
    phases: Record<
      string,
      {
        records: number;
        wall_ms: number;
        create?: { wall_ms: number };
        workflow?: { wall_ms: number };
        templates?: { wall_ms: number };
        variants?: { wall_ms: number };
        rest?: { wall_ms: number };
      }
    >;
  };
  incremental: RunFigures;
  nochange: RunFigures[];
  doubled?: {
    full: RunFigures;
    incremental?: RunFigures;
    nochange?: RunFigures;
    changed?: { products: number; orders: number };
  };
  changed: { products: number; orders: number };
  probe?: { size: { products: number; customers: number; orders: number } };
}

const START = '<!-- bench-results:start -->';
const END = '<!-- bench-results:end -->';

const fmt = (n: number | null | undefined, d = 1): string =>
  n === null || n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(d);

export function renderTable(r: ReportInput): string {
  const s = r.summary as Record<string, number | null>;
  const out: string[] = [];
  out.push(
    `Run of ${r.date.slice(0, 16).replace('T', ' ')} UTC, ${r.machine.cores} cores (load average at the end ${r.machine.loadavgAtEnd.join(' ')}); ` +
      `scale store ${r.scale.products} products × ${r.scale.variants} variants, ${r.scale.customers} customers, ${r.scale.orders} orders (seed ${r.scale.seed}).`,
  );
  out.push('');
  out.push('**Full import** (bc-odoo in a child process; wall time split by what was in flight):');
  out.push('');
  out.push(
    '| entity | records | wall s | rec/s | Odoo calls | calls/rec | BC requests | minimal pages | peak RSS MB | in flight: Odoo / BC / images / nothing, s | CPU s: bc-odoo / Odoo / PostgreSQL |',
  );
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |');
  for (const e of r.full.entities) {
    out.push(
      `| ${e.entity} | ${e.records} | ${fmt(e.wallS)} | ${fmt(e.recordsPerS)} | ${e.odooCalls} | ${fmt(e.callsPerRecord, 2)} | ${e.bcRequests} | ${e.minimalPages} | ${fmt(e.peakRssMb, 0)} | ` +
        `${fmt(e.split.odooS)} / ${fmt(e.split.bigcommerceS)} / ${fmt(e.split.imagesS)} / ${fmt(e.split.noIoS)} | ${fmt(e.cpu.nodeS)} / ${fmt(e.cpu.odooS)} / ${fmt(e.cpu.pgS)} |`,
    );
  }
  out.push(
    `| **all** (incl. ${fmt(r.full.openS)} s opening) | | ${fmt(r.full.totalS)} | | ${r.full.odooCalls} | | ${r.full.bcRequests} | ${s.bc_minimal_pages} | ${fmt(r.full.peakRssMb, 0)} | | |`,
  );
  out.push('');
  const ip = r.inprocess.phases;
  const ipS = (k: string): number => (ip[k]?.wall_ms ?? NaN) / 1000;
  out.push('**Against the baselines and the targets:**');
  out.push('');
  out.push('| measure | bc-odoo | baseline | ratio | target | met |');
  out.push('| --- | ---: | ---: | ---: | --- | --- |');
  const catalog = ['categories', 'brands', 'products'].reduce(
    (t, n) => t + (r.full.entities.find((e) => e.entity === n)?.wallS ?? 0),
    0,
  );
  const orders = r.full.entities.find((e) => e.entity === 'orders')?.wallS ?? NaN;
  const customers = r.full.entities.find((e) => e.entity === 'customers')?.wallS ?? NaN;
  const ok = (b: boolean): string => (b ? 'yes' : '**no**');
  const n = r.inprocessRuns.length;
  // the in-process side as "median (min–max)" over its runs, seconds
  const runsS = (f: (p: ReportInput['inprocessRuns'][number]['phases']) => number, med: number): string => {
    const xs = r.inprocessRuns.map((x) => f(x.phases));
    return n > 1 ? `${fmt(med)} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})` : fmt(med);
  };
  const ratio = (x: Spread): string =>
    n > 1 ? `${fmt(x.median, 2)}× (${fmt(x.min, 2)}–${fmt(x.max, 2)})` : `${fmt(x.median, 2)}×`;
  const sec = (p: Record<string, { wall_ms: number } | undefined>, k: string): number => (p[k]?.wall_ms ?? NaN) / 1000;
  out.push(
    `| catalog s (categories+brands+products) vs in-process (categories+products)${n > 1 ? `, median of ${n} runs (range)` : ''} | ${fmt(catalog)} | ${runsS((p) => sec(p, 'categories') + sec(p, 'products'), ipS('categories') + ipS('products'))} | ${ratio(r.ratios.catalog)} | ≤ 1.5× | ${ok((s.catalog_ratio_vs_inprocess ?? Infinity) <= 1.5)} |`,
  );
  out.push(
    `| orders s vs in-process, same workflow${n > 1 ? `, median of ${n} runs (range)` : ''}; create only | ${fmt(orders)} | ${runsS((p) => sec(p, 'orders'), ipS('orders'))}; ${fmt((ip.orders?.create?.wall_ms ?? NaN) / 1000)} | ${ratio(r.ratios.orders)}; ${fmt(r.ratios.ordersCreate.median, 2)}× | ≤ 2× | ${ok((s.orders_ratio_vs_inprocess ?? Infinity) <= 2)} |`,
  );
  const pp = ip.products;
  if (pp?.templates && pp.variants && pp.rest) {
    out.push(
      `| in-process products: templates with attribute lines (Odoo builds the variants) / variant values / archive, extras, gallery, s | | ${fmt(pp.templates.wall_ms / 1000)} / ${fmt(pp.variants.wall_ms / 1000)} / ${fmt(pp.rest.wall_ms / 1000)} | | | |`,
    );
  }
  out.push(
    `| customers s vs in-process | ${fmt(customers)} | ${runsS((p) => sec(p, 'customers'), ipS('customers'))} | ${ratio(r.ratios.customers)} | – | |`,
  );
  out.push(
    `| CPU s (node+Odoo+PostgreSQL) ratio, catalog / orders | | | ${ratio(r.ratios.catalogCpu)} / ${ratio(r.ratios.ordersCpu)} | – | |`,
  );
  out.push(
    `| ms per product vs naive RPC (${r.naiveSample} creates) | ${fmt(s.bcodoo_ms_per_product)} | ${fmt(s.naive_ms_per_product)} | ${fmt(s.naive_speedup)}× faster | ≥ 50× | ${ok((s.naive_speedup ?? 0) >= 50)} |`,
  );
  out.push(
    `| BigCommerce requests vs minimal pages | ${s.bc_requests} | ${s.bc_minimal_pages} | ${fmt(s.bc_requests_ratio, 2)}× | ≤ 1.1× | ${ok((s.bc_requests_ratio ?? Infinity) <= 1.1)} |`,
  );
  out.push(
    `| peak RSS MB, store doubled (same work, by itself: ${s.rss_noise_same_work === null || s.rss_noise_same_work === undefined ? '–' : `${fmt(s.rss_noise_same_work * 100, 1)}%`}) | ${fmt(s.peak_rss_mb, 0)} → ${fmt(s.peak_rss_mb_doubled, 0)} | | ${s.rss_growth_doubled === null ? '–' : `${fmt((s.rss_growth_doubled ?? 0) * 100, 1)}%`} | < 300, ±10% | ${s.peak_rss_mb_doubled === null || s.peak_rss_mb_doubled === undefined ? 'not run' : ok((s.peak_rss_mb ?? Infinity) < 300 && s.peak_rss_mb_doubled < 300 && Math.abs(s.rss_growth_doubled ?? Infinity) <= 0.1)} |`,
  );
  if (s.probe_bc_requests_ratio !== null && s.probe_bc_requests_ratio !== undefined) {
    const ps = r.probe ? `${r.probe.size.products}/${r.probe.size.customers}/${r.probe.size.orders}` : '?';
    out.push(
      `| BigCommerce requests vs minimal pages, ${ps} store (dry run) | ${s.probe_bc_requests} | ${s.probe_bc_minimal_pages} | ${fmt(s.probe_bc_requests_ratio, 2)}× | ≤ 1.1× | ${ok(s.probe_bc_requests_ratio <= 1.1)} |`,
    );
  }
  if (s.probe_dry_run_peak_rss_mb !== null && s.probe_dry_run_peak_rss_mb !== undefined) {
    const ps = r.probe ? `${r.probe.size.products}/${r.probe.size.customers}/${r.probe.size.orders}` : '?';
    out.push(
      `| peak RSS MB of a dry run (every page read and planned, nothing written), ${ps} store → doubled, mean of ${((r.summary.probe_dry_run_peak_rss_runs_mb ?? []) as number[]).length / 2} each (${((r.summary.probe_dry_run_peak_rss_runs_mb ?? []) as number[]).map((x) => fmt(x, 0)).join(', ')}) | ${fmt(s.probe_dry_run_peak_rss_mb, 0)} → ${fmt(s.probe_dry_run_peak_rss_mb_doubled, 0)} | | ${fmt(((s.probe_dry_run_peak_rss_mb_doubled ?? NaN) / s.probe_dry_run_peak_rss_mb - 1) * 100, 1)}% | < 300, ±10% | ${ok((s.probe_dry_run_peak_rss_mb_doubled ?? Infinity) < 300 && Math.abs((s.probe_dry_run_peak_rss_mb_doubled ?? Infinity) / s.probe_dry_run_peak_rss_mb - 1) <= 0.1)} |`,
    );
  }
  if (s.probe_live_heap_mb !== null && s.probe_live_heap_mb !== undefined) {
    out.push(
      `| live heap MB after a GC at every page of the same dry runs (what the run keeps) | ${fmt(s.probe_live_heap_mb)} → ${fmt(s.probe_live_heap_mb_doubled)} | | ${fmt(((s.probe_live_heap_mb_doubled ?? NaN) / s.probe_live_heap_mb - 1) * 100, 1)}% | flat | ${ok(Math.abs((s.probe_live_heap_mb_doubled ?? Infinity) / s.probe_live_heap_mb - 1) <= 0.1)} |`,
    );
  }
  out.push(
    `| no-change run s (median of ${(r.summary.incremental_nochange_runs_s as number[]).length}: ${(r.summary.incremental_nochange_runs_s as number[]).map((x) => fmt(x)).join(', ')}) | ${fmt(s.incremental_nochange_s, 2)} | | | < 10 s | ${ok((s.incremental_nochange_s ?? Infinity) < 10)} |`,
  );
  if (r.workers.length) out.push('', ...renderWorkers(r.workers));
  out.push('');
  out.push('**Incremental runs** (each one `import all`):');
  out.push('');
  out.push('| run | changed | s | BC requests | Odoo calls |');
  out.push('| --- | --- | ---: | ---: | ---: |');
  const inc = (label: string, f: RunFigures, changed: string): void => {
    out.push(`| ${label} | ${changed} | ${fmt(f.totalS)} | ${f.bcRequests} | ${f.odooCalls} |`);
  };
  inc('after the full import', r.incremental, `${r.changed.products} products, ${r.changed.orders} orders`);
  r.nochange.forEach((f, i) => {
    inc(`no change #${i + 1}`, f, 'nothing');
  });
  const d = r.doubled;
  if (d?.incremental && d.nochange && d.changed) {
    inc(
      'store doubled: after its full import',
      d.incremental,
      `${d.changed.products} products, ${d.changed.orders} orders`,
    );
    inc('store doubled: no change', d.nochange, 'nothing');
  }
  return out.join('\n');
}

/** Puts the table between the markers in bench/README.md. */
export function updateReadme(path: string, table: string, resultFile: string): void {
  const text = readFileSync(path, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return;
  const body = `${START}\n${table}\n\nFull figures: [\`${relative(path.replace(/README\.md$/, ''), resultFile)}\`](${relative(path.replace(/README\.md$/, ''), resultFile)}).\n${END}`;
  writeFileSync(path, text.slice(0, a) + body + text.slice(b + END.length));
}

/**
 * The worker comparison: per pool (and bc-odoo's child import, the first row) orders and
 * catalog wall times and throughputs, the speed-ups against the pool of 1, the child import and
 * the in-process baseline, and the whole first import extrapolated to the full store.
 */
export function renderWorkers(rows: readonly WorkerRow[]): string[] {
  const yes = (b: boolean | null): string => (b === null ? '' : b ? 'met' : '**missed**');
  const x = (v: number | null): string => (v === null ? '–' : `${fmt(v, 2)}×`);
  const out = [
    `**Workers** (${rows[0]?.orders ?? 0} orders, ${rows[0]?.products ?? 0} products; a pool is N \`bc-odoo daemon\` processes on one job queue against Odoo with N + 1 HTTP workers; speed-up = reference wall ÷ this wall, higher is faster; targets for N > 1: orders ≥ 1.6×, catalog ≥ 1.3× the pool of 1, full store < 30 min):`,
    '',
    '| bc-odoo | Odoo workers | orders s | orders/s | catalog s | products/s | orders × pool of 1 / × child / × in-process | catalog × pool of 1 / × child / × in-process | all s | full store, min (extrapolated) | orders ≥ 1.6× | catalog ≥ 1.3× | < 30 min |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: | --- | --- | --- |',
  ];
  for (const w of rows) {
    const t = workerTargets(w);
    out.push(
      `| ${w.label} | ${w.odooWorkers || 'threaded'} | ${fmt(w.ordersS)} | ${fmt(w.ordersPerS, 2)} | ${fmt(w.catalogS)} | ${fmt(w.productsPerS, 2)} | ` +
        `${x(w.ordersVsPool1)} / ${x(w.ordersVsChild)} / ${x(w.ordersVsInprocess)} | ${x(w.catalogVsPool1)} / ${x(w.catalogVsChild)} / ${x(w.catalogVsInprocess)} | ` +
        `${fmt(w.wallS)} | ${fmt(w.fullStoreMin)} | ${yes(t.orders)} | ${yes(t.catalog)} | ${yes(t.fullStore)} |`,
    );
  }
  return out;
}
