/**
 * The scheduler loop of one instance: its enabled entities (jobs), one run at a time, each
 * when due, in dependency order when several are due at once (`once`: each exactly once, in
 * that order). Sleeps until the next job is due; stop() and abandon() wake it. The runs
 * themselves are entity-run.ts.
 */
import { Nap } from './nap.js';
import { defaultScheduleConfig, type InstanceConfig } from '../config/index.js';
import type { Logger } from '../log/logger.js';
import { ORDER, RUNNERS } from '../sync/importers.js';
import { runEntity, type RunSite } from './entity-run.js';
import { InstanceSession } from './instance-session.js';
import type { Lease } from './lease.js';
import { describeSchedule } from './schedule.js';
import type { Job, Shared } from './shared.js';
import type { EventImport } from './webhooks/dispatch.js';
import { eventImport } from './webhooks/event-import.js';

export class InstanceWorker implements RunSite {
  readonly log: Logger;
  readonly session: InstanceSession;
  readonly running = new Set<Lease>();
  private readonly jobs: Job[] = [];
  private inRun = false;
  private readonly nap = new Nap();

  constructor(
    readonly inst: InstanceConfig,
    readonly s: Shared,
  ) {
    this.log = s.logger.child({ instance: inst.name });
    const schedule = inst.schedule ?? defaultScheduleConfig(inst.stock?.master);
    ORDER.forEach((entity, rank) => {
      const plan = schedule[entity];
      const importer = RUNNERS[entity];
      if (!plan.enabled) {
        this.log.info({ entity }, `${entity}: auto-update disabled`);
      } else if (!importer) {
        this.log.info({ entity }, `${entity}: no importer in this version; not scheduled`);
      } else {
        this.jobs.push({ entity, importer, plan, rank, nextAt: Date.now(), failures: 0 });
        s.metrics.track(inst.name, entity);
        this.log.info(
          { entity, schedule: describeSchedule(plan.schedule) },
          `${entity}: ${describeSchedule(plan.schedule)}`,
        );
      }
    });
    this.session = new InstanceSession(inst, s, new Set(this.jobs.map((j) => j.entity)));
  }

  busy(): boolean {
    return this.inRun || this.running.size > 0;
  }

  /** the entities this daemon runs on the instance (webhook imports are limited to them) */
  entities(): ReadonlySet<string> {
    return new Set(this.jobs.map((j) => j.entity));
  }

  /** imports by id for webhook events, on this instance's session, under the entity's lease */
  eventImport(): EventImport {
    return eventImport(this);
  }

  /** the enabled entities, in dependency order (the pool turns them into streams) */
  scheduled(): readonly Job[] {
    return this.jobs;
  }

  /** nothing scheduled on this instance */
  idle(): boolean {
    return this.jobs.length === 0;
  }

  wake(): void {
    this.nap.wake();
  }

  /** As if the process died: the running import's lease is left to expire. */
  abandon(): void {
    for (const lease of this.running) lease.abandon();
    this.wake();
  }

  async loop(): Promise<void> {
    if (this.s.once) {
      for (const job of this.jobs) {
        if (this.s.stopping()) return;
        await this.run(job);
      }
      return;
    }
    while (!this.s.stopping() && this.jobs.length) {
      const job = this.jobs.reduce((a, b) =>
        b.nextAt < a.nextAt || (b.nextAt === a.nextAt && b.rank < a.rank) ? b : a,
      );
      const wait = job.nextAt - Date.now();
      if (wait > 0) {
        await this.nap.sleep(wait);
        continue;
      }
      await this.run(job);
    }
  }

  private async run(job: Job): Promise<void> {
    this.inRun = true;
    try {
      await runEntity(this, job);
    } finally {
      this.inRun = false;
    }
  }
}
