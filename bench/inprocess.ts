/**
 * Baseline (a), in-process: `baseline_inprocess.py` run in `odoo-bin shell` on one database,
 * which writes the dataset's values with the ORM and reports per phase its wall time, its own
 * CPU and its PostgreSQL backend's CPU (bench/README.md, "What runs").
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningOdoo } from '../src/testbed/odoo-testbed.js';

export const BASELINE_SCRIPT = join(import.meta.dirname, 'baseline_inprocess.py');

export interface InProcessPhase {
  records: number;
  wall_ms: number;
  cpu_ms: number;
  pg_cpu_ms: number;
  create?: { wall_ms: number };
  workflow?: { wall_ms: number };
  templates?: { wall_ms: number };
  variants?: { wall_ms: number };
  rest?: { wall_ms: number };
}

export interface InProcess {
  phases: Record<string, InProcessPhase>;
  wallS: number;
}

/**
 * Runs the baseline script on `db` (as the admin user, in the shell's own process) and reads
 * its figures. `label` names its work files (`<label>.json`, `<label>.log` under `work`).
 */
export async function runInProcess(
  odoo: RunningOdoo,
  db: string,
  dataset: string,
  work: string,
  opts: { label?: string; batch?: number; script?: string } = {},
): Promise<InProcess> {
  const label = opts.label ?? 'inprocess';
  const out = join(work, `${label}.json`);
  const logFile = join(work, `${label}.log`);
  const args = [
    join(odoo.odooHome, 'odoo-bin'),
    'shell',
    `--addons-path=${join(odoo.odooHome, 'odoo', 'addons')}`,
    `--db_host=${odoo.pg.host}`,
    `--db_port=${odoo.pg.port}`,
    `--db_user=${odoo.pg.user}`,
    `--db_password=${odoo.pg.password}`,
    '-d',
    db,
    '--no-http',
    '--log-level=warn',
    '--without-demo=all',
  ];
  const t0 = Date.now();
  const code = await new Promise<number>((resolve, reject) => {
    const input = openSync(opts.script ?? BASELINE_SCRIPT, 'r');
    const fd = openSync(logFile, 'w');
    const p = spawn('/usr/bin/python3', args, {
      stdio: [input, fd, fd],
      env: { ...process.env, BENCH_DATA: dataset, BENCH_OUT: out, BENCH_BATCH: String(opts.batch ?? 250) },
    });
    p.on('error', reject);
    p.on('exit', (c) => {
      closeSync(fd);
      closeSync(input);
      resolve(c ?? 1);
    });
  });
  let parsed: InProcess['phases'] | undefined;
  try {
    parsed = (JSON.parse(readFileSync(out, 'utf8')) as { phases: InProcess['phases'] }).phases;
  } catch {
    /* below */
  }
  if (code !== 0 || !parsed) {
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
    throw new Error(`the in-process baseline failed (exit ${code}); log ${logFile}:\n${tail}`);
  }
  return { phases: parsed, wallS: (Date.now() - t0) / 1000 };
}
