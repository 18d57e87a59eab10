/**
 * The pool's job engine: pg-boss on the queue database, reduced to what the pool does with it —
 * make a stream's queue, put a run in it once per pool, take the next job, complete or fail it,
 * and keep a running job alive. pg-boss does the rest: `stately` queues (one job running and one
 * waiting per stream), retries with exponential backoff, a dead worker's job failed by timeout
 * and retried elsewhere (its maintenance, which one pool member runs at a time), archiving.
 *
 * A job's expiry is the pool's heartbeat: jobs expire `heartbeatSeconds` after they started,
 * and a running job is renewed every quarter of that (renew()). A daemon that dies stops
 * renewing, so its job is retried on another member within a heartbeat or two, however long
 * an import runs — without a job time limit that every import would have to fit in.
 */
import PgBoss from 'pg-boss';
import type { QueueConfig } from '../../config/index.js';
import type { Logger } from '../../log/logger.js';
import { redactText } from '../../log/redact.js';
import { POOL_SCHEMA } from './pg-quota.js';

/** How long a completed job stays where its id blocks a second one (pool.ts queues no older schedule time). */
export const COMPLETED_KEPT_SECONDS = 86_400;

/** pg-boss's tables live in this schema of the queue database. */
export const QUEUE_SCHEMA = 'bc_odoo_queue';

/** DDL of members starting together collides (a deadlock, a duplicate): retried after a short random pause. */
async function retryCollisions<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (attempt >= 8 || !(code === '40P01' || code === '23505' || code === '40001' || code === '42P07')) throw err;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200 * attempt));
    }
  }
}

export interface PoolJob<T = Record<string, unknown>> {
  readonly id: string;
  readonly queue: string;
  readonly data: T;
  /** retries so far (0 on the first attempt) */
  readonly retryCount: number;
  readonly retryLimit: number;
}

export class JobQueue {
  private constructor(
    private readonly boss: PgBoss,
    private readonly cfg: QueueConfig,
    private readonly logger: Logger,
  ) {}

  /** Connects, creates or migrates pg-boss's schema, and starts its maintenance. */
  static async open(cfg: QueueConfig, logger: Logger): Promise<JobQueue> {
    const boss = new PgBoss({
      connectionString: cfg.url,
      schema: QUEUE_SCHEMA,
      application_name: 'bc-odoo',
      max: 4,
      // The pool fires schedules itself (streams.ts): seconds-precise and once per schedule time.
      schedule: false,
      supervise: true,
      // Expiry is found by maintenance: run it often enough that a dead worker's job waits little.
      maintenanceIntervalSeconds: Math.max(1, Math.floor(cfg.heartbeatSeconds / 4)),
      // A done job's id is what stops a schedule time from being queued again: it stays in the
      // job table (which the id's uniqueness covers) as long as a member may still queue it.
      archiveCompletedAfterSeconds: COMPLETED_KEPT_SECONDS,
    });
    const q = new JobQueue(boss, cfg, logger);
    // pg-boss reports connection trouble here; an unhandled 'error' event would end the process.
    boss.on('error', (err: Error) =>
      logger.warn({ error: redactText(err.message) }, 'job queue: %s', redactText(err.message)),
    );
    await boss.start();
    await q.ensurePlanTable();
    return q;
  }

  /** The split plans' table (split-runner.ts), next to the shared quota's. */
  private async ensurePlanTable(): Promise<void> {
    const ddl = `CREATE SCHEMA IF NOT EXISTS ${POOL_SCHEMA};
      CREATE TABLE IF NOT EXISTS ${POOL_SCHEMA}.split_plan (
        job_id uuid PRIMARY KEY,
        planned_at timestamptz NOT NULL,
        parts jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now())`;
    await retryCollisions(() => this.boss.getDb().executeSql(ddl, []));
    // A plan matters while its job can still be retried: days at most.
    await this.boss
      .getDb()
      .executeSql(`DELETE FROM ${POOL_SCHEMA}.split_plan WHERE created_at < now() - interval '7 days'`, []);
  }

  /**
   * The plan of the split import a stream job makes: the first attempt's is kept, and every
   * retry of the job (same id) gets it back — the same parts, so a retried run never runs
   * ranges that overlap parts of its earlier attempt still running elsewhere, and the same
   * time, so the cursor never moves past what the earliest part read.
   */
  async rememberPlan<P>(jobId: string, plannedAt: Date, parts: P): Promise<{ plannedAt: Date; parts: P }> {
    const sql = `WITH ins AS (
        INSERT INTO ${POOL_SCHEMA}.split_plan (job_id, planned_at, parts) VALUES ($1, $2, $3::jsonb)
        ON CONFLICT (job_id) DO NOTHING RETURNING planned_at, parts)
      SELECT planned_at, parts FROM ins
      UNION ALL SELECT planned_at, parts FROM ${POOL_SCHEMA}.split_plan WHERE job_id = $1 AND NOT EXISTS (SELECT 1 FROM ins)`;
    const res = await this.boss.getDb().executeSql(sql, [jobId, plannedAt.toISOString(), JSON.stringify(parts)]);
    const row = res.rows[0] as { planned_at: Date | string; parts: P };
    return { plannedAt: new Date(row.planned_at), parts: row.parts };
  }

  /** How many of these jobs are in each state; a job no longer found counts as `missing`. */
  async statesOf(queue: string, ids: readonly string[]): Promise<Record<string, number>> {
    const sql = `SELECT state::text AS state, count(*)::int AS n FROM (
        SELECT id, state FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND id = ANY($2::uuid[])
        UNION SELECT id, state FROM ${QUEUE_SCHEMA}.archive WHERE name = $1 AND id = ANY($2::uuid[])) j GROUP BY state`;
    const res = await this.boss.getDb().executeSql(sql, [queue, ids]);
    const out: Record<string, number> = {};
    let found = 0;
    for (const r of res.rows as { state: string; n: number }[]) {
      out[r.state] = r.n;
      found += r.n;
    }
    if (found < ids.length) out.missing = ids.length - found;
    return out;
  }

  /**
   * Creates the queue when missing (every member does it at start: the first one wins).
   * Members starting together make pg-boss's DDL collide (a deadlock, a duplicate): those
   * are retried after a short random pause, when the winner's queue is there to be found.
   */
  async ensureQueue(name: string, policy: 'stately' | 'standard'): Promise<void> {
    await retryCollisions(() => this.createOrUpdate(name, policy));
  }

  private async createOrUpdate(name: string, policy: 'stately' | 'standard'): Promise<void> {
    const options = {
      name,
      policy,
      retryLimit: this.cfg.retryLimit,
      retryDelay: this.cfg.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: this.cfg.heartbeatSeconds,
    };
    if (await this.boss.getQueue(name)) return this.boss.updateQueue(name, options);
    try {
      await this.boss.createQueue(name, options);
    } catch (err) {
      // Another member created it between our look and our create.
      if (!(await this.boss.getQueue(name))) throw err;
    }
  }

  /** Puts a job in the queue under `id`; false when a job with that id (or the stream's waiting one) is there already. */
  async put(queue: string, id: string, data: Record<string, unknown>): Promise<boolean> {
    return (await this.boss.send(queue, data, { id })) !== null;
  }

  /** The next job of `queue`, now running on this daemon; undefined when there is none (or the stream's job runs elsewhere). */
  async take<T = Record<string, unknown>>(queue: string): Promise<PoolJob<T> | undefined> {
    const [job] = await this.boss.fetch<T>(queue, { batchSize: 1, includeMetadata: true });
    if (!job) return undefined;
    return { id: job.id, queue, data: job.data, retryCount: job.retryCount, retryLimit: job.retryLimit };
  }

  complete(job: PoolJob<unknown>, output: Record<string, unknown> = {}): Promise<void> {
    return this.boss.complete(job.queue, job.id, output);
  }

  /** Fails the attempt: pg-boss retries it after its backoff, or gives it up once the retries are spent. */
  fail(job: PoolJob<unknown>, message: string): Promise<void> {
    return this.boss.fail(job.queue, job.id, { message: redactText(message) });
  }

  /**
   * Pushes a running job's expiry a heartbeat further. pg-boss 10 has no heartbeat of its own:
   * this is the one place bc-odoo writes pg-boss's table, and only the expiry of its own job.
   */
  async renew(job: PoolJob<unknown>): Promise<boolean> {
    const sql = `UPDATE ${QUEUE_SCHEMA}.job SET expire_in = (now() - started_on) + make_interval(secs => $3)
      WHERE name = $1 AND id = $2 AND state = 'active'`;
    const res = await this.boss.getDb().executeSql(sql, [job.queue, job.id, this.cfg.heartbeatSeconds]);
    return ((res as { rowCount?: number }).rowCount ?? 0) > 0;
  }

  /** Which of these queues have a job waiting, retrying or running (one query for a whole pass). */
  async busyQueues(names: readonly string[]): Promise<Set<string>> {
    const sql = `SELECT DISTINCT name FROM ${QUEUE_SCHEMA}.job WHERE name = ANY($1::text[]) AND state < 'completed'`;
    const res = await this.boss.getDb().executeSql(sql, [names]);
    return new Set(res.rows.map((r: { name: string }) => r.name));
  }

  /** The state of a job (for a split import waiting on its parts); undefined once archived and gone. */
  async stateOf(queue: string, id: string): Promise<string | undefined> {
    const job = await this.boss.getJobById(queue, id, { includeArchive: true });
    return job?.state;
  }

  async stop(): Promise<void> {
    // Jobs are completed or failed by the pool before this; pg-boss only closes its pool here.
    await this.boss.stop({ graceful: false, wait: true, close: true }).catch((err: unknown) => {
      this.logger.warn({ error: redactText(String(err)) }, 'job queue: stop failed');
    });
  }
}
