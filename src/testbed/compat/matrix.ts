/**
 * The compatibility matrix: which Odoo sources and protocols, which Node versions, and what
 * each cell did when it last ran. Pure: the cells to run, how a run's counts become a status,
 * the record kept in docs/compat.json, and the Markdown table the README shows. A cell that
 * was not run says so ("absent", "not run"), with the date of the last run that did happen;
 * it is never shown as passed.
 */

export type CompatProtocol = 'jsonrpc' | 'json2';

export type CellStatus = 'passed' | 'failed' | 'absent' | 'not run';

export interface OdooSource {
  /** the source tree (ODOO_HOME) */
  home: string;
  /** its major version, or undefined when no source is there */
  major?: number;
}

export interface CellResult {
  /** "odoo 19.0 json2", "node v24.22.3" */
  key: string;
  status: CellStatus;
  /** ISO date (YYYY-MM-DD) of the run this result comes from */
  date?: string;
  passed?: number;
  failed?: number;
  skipped?: number;
  files?: number;
  seconds?: number;
  /** why it was not run, or what failed first */
  note?: string;
}

export interface CompatRecord {
  cells: Record<string, CellResult>;
}

export interface OdooCell {
  kind: 'odoo';
  key: string;
  home: string;
  major: number;
  protocol: CompatProtocol;
}

export interface NodeCell {
  kind: 'node';
  key: string;
  /** the node binary */
  node: string;
  version: string;
}

export const odooKey = (major: number, protocol: CompatProtocol): string => `odoo ${major}.0 ${protocol}`;
export const nodeKey = (version: string): string => `node ${version.replace(/^v/, '').split('.')[0]}`;

/** /jsonrpc on every version; /json/2 from Odoo 19. */
export function protocolsOf(major: number): CompatProtocol[] {
  return major >= 19 ? ['jsonrpc', 'json2'] : ['jsonrpc'];
}

export function odooCells(sources: readonly OdooSource[]): OdooCell[] {
  return sources.flatMap((s) =>
    s.major === undefined
      ? []
      : protocolsOf(s.major).map((protocol) => ({
          kind: 'odoo' as const,
          key: odooKey(s.major!, protocol),
          home: s.home,
          major: s.major!,
          protocol,
        })),
  );
}

/** What vitest's JSON report says of a run, as a cell. A run with no test counted is a failure. */
export function cellFromCounts(
  key: string,
  counts: { passed: number; failed: number; skipped: number; files: number; exitCode: number | null },
  date: string,
  seconds: number,
): CellResult {
  const ran = counts.passed + counts.failed > 0;
  const ok = ran && counts.failed === 0 && counts.exitCode === 0;
  return {
    key,
    status: ok ? 'passed' : 'failed',
    date,
    passed: counts.passed,
    failed: counts.failed,
    skipped: counts.skipped,
    files: counts.files,
    seconds: Math.round(seconds),
    ...(ok
      ? {}
      : {
          note: !ran
            ? 'no test ran'
            : counts.failed
              ? `${counts.failed} failed`
              : `exit code ${counts.exitCode ?? 'signal'}`,
        }),
  };
}

/** This run's results over the last record: cells run now replace theirs; the rest keep their last run. */
export function merge(previous: CompatRecord, now: readonly CellResult[]): CompatRecord {
  const cells = { ...previous.cells };
  for (const c of now) {
    const before = cells[c.key];
    // A cell not run now keeps its last real result, marked with why it was not run this time.
    if ((c.status === 'absent' || c.status === 'not run') && before && before.status !== c.status) {
      cells[c.key] = { ...before, note: `${c.status} on the last matrix run${c.note ? ` (${c.note})` : ''}` };
    } else {
      cells[c.key] = c;
    }
  }
  return { cells };
}

const ODOO_ROWS = [17, 18, 19];
const NODE_ROWS = ['20', '22', '24', '26'];

function show(c: CellResult | undefined): string {
  if (!c) return 'never run';
  if (c.status === 'passed') return `✅ ${c.passed} passed (${c.date})`;
  if (c.status === 'failed') return `❌ ${c.note ?? 'failed'} (${c.date})`;
  return c.status;
}

/** The README's table: Odoo × protocol, then Node × unit suite, each cell with its last run's date. */
export function renderTable(record: CompatRecord): string {
  const odoo = [
    '| Odoo | `/jsonrpc` (live suite) | `/json/2` with an API key (live suite) |',
    '| --- | --- | --- |',
    ...ODOO_ROWS.map((major) => {
      const json2 = major >= 19 ? show(record.cells[odooKey(major, 'json2')]) : 'n/a (Odoo 19+)';
      return `| ${major}.0 | ${show(record.cells[odooKey(major, 'jsonrpc')])} | ${json2} |`;
    }),
  ];
  const node = [
    '| Node | unit suite |',
    '| --- | --- |',
    ...NODE_ROWS.map((major) => `| ${major} | ${show(record.cells[`node ${major}`])} |`),
  ];
  return [...odoo, '', ...node].join('\n');
}

/** The matrix as this run printed it, one line per cell run or skipped. */
export function renderRun(now: readonly CellResult[]): string {
  const width = Math.max(...now.map((c) => c.key.length), 4);
  return now
    .map((c) => {
      const counts =
        c.passed !== undefined
          ? ` ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped in ${c.files} files, ${c.seconds} s`
          : '';
      return `${c.key.padEnd(width)}  ${c.status.toUpperCase()}${counts}${c.note ? ` — ${c.note}` : ''}`;
    })
    .join('\n');
}
