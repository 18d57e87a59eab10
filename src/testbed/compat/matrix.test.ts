import { describe, expect, it } from 'vitest';
import { cellFromCounts, merge, odooCells, protocolsOf, renderTable } from './matrix.js';

describe('the compatibility matrix', () => {
  it('runs /json/2 only where Odoo has it, and nothing for an absent source', () => {
    expect(protocolsOf(17)).toEqual(['jsonrpc']);
    expect(protocolsOf(19)).toEqual(['jsonrpc', 'json2']);
    const cells = odooCells([{ home: '/opt/odoo/17.0' }, { home: '/o/18', major: 18 }, { home: '/o/19', major: 19 }]);
    expect(cells.map((c) => [c.key, c.home])).toEqual([
      ['odoo 18.0 jsonrpc', '/o/18'],
      ['odoo 19.0 jsonrpc', '/o/19'],
      ['odoo 19.0 json2', '/o/19'],
    ]);
  });

  it.each([
    ['every test passed, exit 0', { passed: 10, failed: 0, exitCode: 0 }, 'passed', undefined],
    ['a test failed', { passed: 9, failed: 1, exitCode: 1 }, 'failed', '1 failed'],
    [
      'all passed but the run failed (a teardown, a broken request)',
      { passed: 10, failed: 0, exitCode: 1 },
      'failed',
      'exit code 1',
    ],
    ['nothing ran (Odoo did not start)', { passed: 0, failed: 0, exitCode: 1 }, 'failed', 'no test ran'],
    ['nothing ran, yet exit 0', { passed: 0, failed: 0, exitCode: 0 }, 'failed', 'no test ran'],
  ] as const)('%s', (_label, counts, status, note) => {
    const c = cellFromCounts('odoo 18.0 jsonrpc', { ...counts, skipped: 0, files: 3 }, '2026-12-02', 61.4);
    expect(c.status).toBe(status);
    expect(c.note).toBe(note);
    expect(c.seconds).toBe(61);
  });

  it('a cell not run keeps its last real run and says it was not run; a run replaces it', () => {
    const before = {
      cells: {
        'odoo 17.0 jsonrpc': cellFromCounts(
          'odoo 17.0 jsonrpc',
          { passed: 5, failed: 0, skipped: 0, files: 1, exitCode: 0 },
          '2026-11-27',
          9,
        ),
      },
    };
    const skipped = merge(before, [{ key: 'odoo 17.0 jsonrpc', status: 'not run', note: 'would not fit in 10 min' }]);
    expect(skipped.cells['odoo 17.0 jsonrpc']).toMatchObject({
      status: 'passed',
      date: '2026-11-27',
      note: 'not run on the last matrix run (would not fit in 10 min)',
    });
    const failed = merge(before, [
      cellFromCounts('odoo 17.0 jsonrpc', { passed: 4, failed: 1, skipped: 0, files: 1, exitCode: 1 }, '2026-12-02', 9),
    ]);
    expect(failed.cells['odoo 17.0 jsonrpc']).toMatchObject({ status: 'failed', date: '2026-12-02' });
    expect(merge({ cells: {} }, [{ key: 'odoo 19.0 json2', status: 'absent' }]).cells['odoo 19.0 json2']!.status).toBe(
      'absent',
    );
  });

  it('the README table shows each cell with its date, and what never ran as such', () => {
    const table = renderTable({
      cells: {
        'odoo 18.0 jsonrpc': cellFromCounts(
          'odoo 18.0 jsonrpc',
          { passed: 120, failed: 0, skipped: 0, files: 30, exitCode: 0 },
          '2026-12-02',
          800,
        ),
        'odoo 19.0 json2': cellFromCounts(
          'odoo 19.0 json2',
          { passed: 119, failed: 1, skipped: 0, files: 30, exitCode: 1 },
          '2026-12-02',
          900,
        ),
        'node 24': cellFromCounts(
          'node 24',
          { passed: 1000, failed: 0, skipped: 0, files: 60, exitCode: 0 },
          '2026-12-02',
          60,
        ),
      },
    });
    expect(table).toContain('| 17.0 | never run | n/a (Odoo 19+) |');
    expect(table).toContain('| 18.0 | ✅ 120 passed (2026-12-02) | n/a (Odoo 19+) |');
    expect(table).toContain('| 19.0 | never run | ❌ 1 failed (2026-12-02) |');
    expect(table).toContain('| 24 | ✅ 1000 passed (2026-12-02) |');
  });
});
