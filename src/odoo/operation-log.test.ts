import { describe, expect, it } from 'vitest';
import { OperationLog } from './operation-log.js';
import type { OdooRpc, Values } from './rpc.js';

/** Records what the log writes: the run's record and its lines. */
function fakeOdoo() {
  const runs = new Map<number, Values>();
  const lines: Values[] = [];
  const rpc: OdooRpc = {
    uid: 2,
    callModel: async () => undefined as never,
    callRecords: async () => undefined as never,
    searchRead: async () => [],
    fieldsGet: async () => ({}),
    create: async (model, values) => {
      if (model === 'x_bc_operation_log_line') return values.map((v) => lines.push(v));
      runs.set(runs.size + 1, { ...values[0] });
      return [runs.size];
    },
    write: async (_model, ids, values) => {
      for (const id of ids) Object.assign(runs.get(id)!, values);
      return true;
    },
  };
  return { rpc, runs, lines };
}

describe('OperationLog', () => {
  it('writes created, updated, unchanged, skipped, failed and warnings as separate columns', async () => {
    const odoo = fakeOdoo();
    const log = await OperationLog.start(odoo.rpc, { operation: 'import', entity: 'products' });
    log.add({ created: 2, updated: 3, unchanged: 5, skipped: 1 });
    await log.fail({ bcId: 7, error: 'refused' });
    await log.warn({ bcId: 8, error: 'odd' });
    await log.warn({ bcId: 9, error: 'odd' });
    expect(await log.finish()).toBe('partial');
    expect(odoo.runs.get(log.id)).toMatchObject({
      x_status: 'partial',
      x_created_count: 2,
      x_updated_count: 3,
      x_unchanged_count: 5,
      x_skipped_count: 1,
      x_failed_count: 1,
      x_warning_count: 2,
    });
    expect(odoo.lines.map((l) => l.x_level)).toEqual(['error', 'warning', 'warning']);
  });

  it.each([
    ['done', 1, 'warning'],
    ['done', 0, 'done'],
    [undefined, 1, 'warning'],
    ['partial', 1, 'partial'],
    ['failed', 1, 'failed'],
  ] as const)('a run ending %s with %i warnings is logged %s', async (status, warnings, logged) => {
    const odoo = fakeOdoo();
    const log = await OperationLog.start(odoo.rpc, { operation: 'import', entity: 'brands' });
    for (let i = 0; i < warnings; i++) await log.warn({ bcId: i, error: 'odd' });
    expect(await log.finish(status)).toBe(logged);
    expect(odoo.runs.get(log.id)!.x_status).toBe(logged);
  });
});
