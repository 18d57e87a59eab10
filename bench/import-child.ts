/**
 * One `bc-odoo import all`, in a process of its own so the bench can measure its peak RSS:
 * the same path as the CLI's import command (config file → openImportContext → runImport of
 * every importer in dependency order), plus measurement — per entity the wall time, the
 * import's own summary (records, Odoo calls, BigCommerce requests), where the time went
 * (io-meter.ts), this process's CPU time and its peak RSS (VmHWM, reset per entity).
 *
 *   node --import tsx bench/import-child.ts --config FILE --out FILE [--instance NAME] [--dry-run] [--gc-pages]
 *
 * `--gc-pages` runs a full GC after every page (through the import's progress callback) and
 * records the largest live heap seen there: what the run keeps while it walks, as opposed to
 * garbage not yet collected. It costs time, so it is for memory probes only.
 *
 * With an IPC channel (the bench spawns it so), it tells the parent when each entity starts
 * and ends and waits for the answer, so the parent can read Odoo's and PostgreSQL's CPU time
 * at the same moments.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig, selectInstance } from '../src/config/index.js';
import { createLogger } from '../src/log/logger.js';
import { openImportContext } from '../src/sync/context.js';
import { resolveEntities } from '../src/sync/importers.js';
import { runImport, type ImportSummary } from '../src/sync/run-import.js';
import { IoMeter, type IoSnapshot } from './io-meter.js';

export interface EntityMeasure {
  entity: string;
  /** records BigCommerce sent that the run handled: created + updated + unchanged + skipped + failed */
  records: number;
  summary: Omit<ImportSummary, 'failures' | 'warningList'> & { firstFailures: string[]; firstWarnings: string[] };
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  heapUsedMb: number;
  /** live heap after a full GC at the end of the entity (what the run really keeps) */
  heapAfterGcMb: number;
  rssAfterGcMb: number;
  /** highest values of process.memoryUsage() sampled every 50 ms during the entity, MB */
  sampledMaxMb: { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
  /** with --gc-pages: the largest live heap after a GC at a page boundary, and the pages seen */
  livePeakMb?: number;
  pages?: number;
  io: IoSnapshot;
}

export interface ChildResult {
  openMs: number;
  openIo: IoSnapshot;
  entities: EntityMeasure[];
  totalMs: number;
  peakRssMb: number;
  maxRssMb: number;
  cpuMs: number;
  error?: string;
}

function vmHwmMb(): number {
  const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
}

function resetPeak(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    /* not Linux, or not allowed: the peak then covers the whole run */
  }
}

let ackWaiters: (() => void)[] = [];
process.on('message', (m: unknown) => {
  if ((m as { ack?: boolean })?.ack) {
    const w = ackWaiters;
    ackWaiters = [];
    for (const f of w) f();
  }
});

/** Tells the parent (if any) that a mark is passed, and waits until it has taken its readings. */
function mark(name: string): Promise<void> {
  if (!process.send) return Promise.resolve();
  return new Promise((resolve) => {
    ackWaiters.push(resolve);
    process.send!({ mark: name });
  });
}

const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

/** Samples process.memoryUsage() to tell what a peak is made of (V8 heap or buffers). */
class MemorySampler {
  max = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  private timer = setInterval(() => this.sample(), 50);
  constructor() {
    this.timer.unref();
  }
  sample(): void {
    const m = process.memoryUsage();
    for (const k of Object.keys(this.max) as (keyof MemorySampler['max'])[])
      this.max[k] = Math.max(this.max[k], m[k] / 2 ** 20);
  }
  stop(): MemorySampler['max'] {
    clearInterval(this.timer);
    this.sample();
    return Object.fromEntries(Object.entries(this.max).map(([k, v]) => [k, Math.round(v)])) as MemorySampler['max'];
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      out: { type: 'string' },
      instance: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'gc-pages': { type: 'boolean' },
    },
  });
  if (!values.config || !values.out)
    throw new Error('usage: import-child.ts --config FILE --out FILE [--instance NAME]');
  const cfg = loadConfig({ configPath: values.config });
  const inst = selectInstance(cfg, values.instance);
  const meter = new IoMeter(inst.odoo.url, inst.bigcommerce.apiBaseUrl);
  meter.install();
  const logger = createLogger({ level: cfg.logLevel });
  const result: ChildResult = {
    openMs: 0,
    openIo: meter.snapshot(),
    entities: [],
    totalMs: 0,
    peakRssMb: 0,
    maxRssMb: 0,
    cpuMs: 0,
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    await mark('open:start');
    const io0 = meter.snapshot();
    const ctx = await openImportContext(inst, { logger });
    result.openIo = IoMeter.diff(io0, meter.snapshot());
    result.openMs = performance.now() - t0;
    result.peakRssMb = vmHwmMb();
    await mark('open:end');
    for (const importer of resolveEntities('all')) {
      await mark(`${importer.entity}:start`);
      resetPeak();
      meter.resetMax();
      const before = meter.snapshot();
      const c0 = process.cpuUsage();
      const sampler = new MemorySampler();
      const t = performance.now();
      let livePeak = 0;
      let pages = 0;
      const gc = (globalThis as { gc?: () => void }).gc;
      const onProgress =
        values['gc-pages'] && gc
          ? () => {
              gc();
              pages++;
              livePeak = Math.max(livePeak, process.memoryUsage().heapUsed / 2 ** 20);
            }
          : undefined;
      const s = await runImport(ctx, importer, { dryRun: values['dry-run'], onProgress });
      const wallMs = performance.now() - t;
      const sampledMaxMb = sampler.stop();
      const cpu = cpuMs(process.cpuUsage(c0));
      const io = IoMeter.diff(before, meter.snapshot());
      const peak = vmHwmMb();
      const heapUsed = process.memoryUsage().heapUsed;
      (globalThis as { gc?: () => void }).gc?.();
      const afterGc = process.memoryUsage();
      await mark(`${importer.entity}:end`);
      const { failures, warningList, ...rest } = s;
      result.entities.push({
        entity: importer.entity,
        records: s.created + s.updated + s.unchanged + s.skipped + s.failed,
        summary: {
          ...rest,
          firstFailures: failures.slice(0, 5).map((f) => `${f.bcId}: ${f.message}`),
          firstWarnings: warningList.slice(0, 3).map((w) => `${w.bcId}: ${w.message}`),
        },
        wallMs,
        cpuMs: cpu,
        peakRssMb: peak,
        heapUsedMb: heapUsed / 2 ** 20,
        heapAfterGcMb: afterGc.heapUsed / 2 ** 20,
        rssAfterGcMb: afterGc.rss / 2 ** 20,
        sampledMaxMb,
        ...(onProgress ? { livePeakMb: Math.round(livePeak * 10) / 10, pages } : {}),
        io,
      });
      result.peakRssMb = Math.max(result.peakRssMb, peak);
    }
  } catch (err) {
    result.error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
  result.totalMs = performance.now() - t0;
  result.cpuMs = cpuMs(process.cpuUsage(cpu0));
  result.maxRssMb = process.resourceUsage().maxRSS / 1024;
  writeFileSync(values.out, JSON.stringify(result));
  // Keep-alive sockets and the scheduler's timers would hold the process open.
  process.exit(result.error ? 1 : 0);
}

await main();
