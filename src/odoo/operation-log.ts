/**
 * The operation log inside Odoo (x_bc_operation_log, made by setup): one record per run of
 * an import, setup, test-connection…, with counts, a status and one line per failed record
 * naming its BigCommerce id and the error. Text is redacted before it is written.
 */
import { redactText } from '../log/redact.js';
import { OdooError } from './errors.js';
import type { OdooRpc } from './rpc.js';

/**
 * `warning`: done, with warnings and no failures (finish() turns a `done` with warnings into it);
 * `interrupted`: the run's process died (or lost its lease) before it could say how it ended.
 */
export type RunStatus = 'running' | 'done' | 'warning' | 'partial' | 'failed' | 'interrupted';

export interface FailedRecord {
  bcId: string | number;
  /** default error; warnings are logged as lines but not counted as failures */
  level?: 'error' | 'warning';
  entity?: string;
  name?: string;
  error: string;
}

/** The run's columns in the log; failed and warnings also count fail() and warn() lines. */
export interface OperationCounts {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
  warnings: number;
}

const COUNT_FIELDS: Readonly<Record<keyof OperationCounts, string>> = {
  created: 'x_created_count',
  updated: 'x_updated_count',
  unchanged: 'x_unchanged_count',
  skipped: 'x_skipped_count',
  failed: 'x_failed_count',
  warnings: 'x_warning_count',
};

function countValues(counts: OperationCounts): Record<string, number> {
  return Object.fromEntries(Object.entries(COUNT_FIELDS).map(([k, f]) => [f, counts[k as keyof OperationCounts]]));
}

const LINE_BATCH = 200;

export class OperationLog {
  private pending: FailedRecord[] = [];
  readonly counts: OperationCounts = { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, warnings: 0 };

  private constructor(
    private readonly rpc: OdooRpc,
    readonly id: number,
    readonly entity: string | undefined,
  ) {}

  static async start(
    rpc: OdooRpc,
    /** trigger: what started the run (e.g. webhook), shown in the name: the log has no column for it */
    run: { operation: string; entity?: string; instanceId?: number; name?: string; trigger?: string },
  ): Promise<OperationLog> {
    const now = odooDatetime(new Date());
    const [id] = await rpc.create('x_bc_operation_log', [
      {
        x_name:
          run.name ??
          `${run.operation}${run.entity ? ` ${run.entity}` : ''}${run.trigger ? ` (${run.trigger})` : ''} ${now}`,
        x_operation: run.operation,
        x_entity: run.entity ?? false,
        x_instance_id: run.instanceId ?? false,
        x_started: now,
        x_status: 'running',
        ...countValues({ created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, warnings: 0 }),
      },
    ]);
    return new OperationLog(rpc, id!, run.entity);
  }

  add(counts: Partial<OperationCounts>): void {
    for (const k of Object.keys(counts) as (keyof OperationCounts)[]) this.counts[k] += counts[k] ?? 0;
  }

  /** Queues a failed record; lines are written in batches, not one call each. */
  async fail(rec: FailedRecord): Promise<void> {
    this.counts.failed++;
    this.pending.push({ ...rec, level: 'error' });
    if (this.pending.length >= LINE_BATCH) await this.flush();
  }

  /** Queues a warning about a record that was imported (or skipped on purpose) anyway. */
  async warn(rec: Omit<FailedRecord, 'level'>): Promise<void> {
    this.counts.warnings++;
    this.pending.push({ ...rec, level: 'warning' });
    if (this.pending.length >= LINE_BATCH) await this.flush();
  }

  get warnings(): number {
    return this.counts.warnings;
  }

  async flush(): Promise<void> {
    if (!this.pending.length) return;
    const lines = this.pending.splice(0);
    await this.rpc.create(
      'x_bc_operation_log_line',
      lines.map((l) => ({
        x_log_id: this.id,
        x_bc_id: String(l.bcId),
        x_entity: l.entity ?? this.entity ?? false,
        x_level: l.level ?? 'error',
        x_name: redactText(l.name ?? String(l.bcId)).slice(0, 250),
        x_error: redactText(l.error),
      })),
    );
  }

  /**
   * Closes the run: without a status, partial when records failed, else done; a done run with
   * warnings ends "done with warnings" (`warning`). Returns the status written.
   */
  async finish(status?: RunStatus, message?: string): Promise<RunStatus> {
    await this.flush();
    let final: RunStatus = status ?? (this.counts.failed ? 'partial' : 'done');
    if (final === 'done' && this.counts.warnings) final = 'warning';
    await this.rpc.write('x_bc_operation_log', [this.id], {
      x_finished: odooDatetime(new Date()),
      x_status: final,
      x_message: message ? redactText(message) : false,
      ...countValues(this.counts),
    });
    return final;
  }
}

/**
 * Closes the import runs of an instance and entity still marked "running" as "interrupted".
 * Called by whoever has just taken the entity's lease: holding it, no other leased import of
 * that entity can be running, so such a record was left by a process that was killed, crashed
 * or lost Odoo (dry runs write no record; retries of parked records are not leased and have
 * their own operation, so neither is touched). Returns the ids it closed.
 */
export async function closeInterruptedRuns(
  rpc: OdooRpc,
  run: { instanceId: number; entity: string; previousHolder?: string; by: string },
): Promise<number[]> {
  const ids = (
    await rpc.searchRead<{ id: number }>(
      'x_bc_operation_log',
      [
        ['x_instance_id', '=', run.instanceId],
        ['x_entity', '=', run.entity],
        ['x_operation', '=', 'import'],
        ['x_status', '=', 'running'],
      ],
      ['id'],
    )
  ).map((r) => r.id);
  if (!ids.length) return [];
  const at = odooDatetime(new Date());
  const who = run.previousHolder ? `its process (${run.previousHolder})` : 'its process';
  const message = redactText(
    `interrupted: ${who} stopped before finishing the run (killed, crashed or lost Odoo); ` +
      `closed at ${at} UTC by ${run.by}, which took over the lease. Counts are those last written.`,
  );
  try {
    await rpc.write('x_bc_operation_log', ids, { x_status: 'interrupted', x_finished: at, x_message: message });
  } catch (err) {
    // Setup older than this status (SETUP_VERSION 5): "failed" says as much, with the message.
    if (!(err instanceof OdooError) || err.kind !== 'validation') throw err;
    await rpc.write('x_bc_operation_log', ids, { x_status: 'failed', x_finished: at, x_message: message });
  }
  return ids;
}

/** Odoo's datetime wire format: UTC, "YYYY-MM-DD HH:MM:SS". */
export function odooDatetime(d: Date): string {
  return d.toISOString().replace('T', ' ').slice(0, 19);
}
