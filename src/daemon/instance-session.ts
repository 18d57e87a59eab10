/**
 * An instance as the daemon's runs use it: the import context (opened on demand on the store's
 * shared scheduler, and opened again after an Odoo error), the ids of its sync-state rows (the
 * rows leases are taken on) and the lease manager. Opening also shows in Odoo which entities
 * this daemon keeps up to date (the auto-update toggle) and reports each stored cursor.
 */
import type { InstanceConfig } from '../config/index.js';
import { openImportContext, type ImportContext } from '../sync/context.js';
import { LeaseManager } from './lease.js';
import type { Shared } from './shared.js';

export interface OpenInstance {
  readonly ctx: ImportContext;
  /** entity → x_bc_sync_state id */
  readonly stateIds: ReadonlyMap<string, number>;
  readonly leases: LeaseManager;
}

export class InstanceSession {
  private opened: OpenInstance | undefined;

  constructor(
    private readonly inst: InstanceConfig,
    private readonly s: Shared,
    /** the entities this daemon runs on the instance */
    private readonly scheduled: ReadonlySet<string>,
  ) {}

  /** `entity`: the run that needs it, recorded in the operation log as failed when BigCommerce fails first. */
  async open(entity?: string): Promise<OpenInstance> {
    if (this.opened) return this.opened;
    const ctx = await openImportContext(this.inst, {
      logger: this.s.logger,
      registry: this.s.registry,
      signal: this.s.hardAbort.signal,
      run: entity ? { operation: entity.startsWith('export_') ? 'export' : 'import', entity } : undefined,
    });
    const stateIds = await this.readSyncStates(ctx);
    const leases = new LeaseManager(ctx.odoo, this.s.holder, this.s.config.daemon.leaseSeconds * 1000);
    this.opened = { ctx, stateIds, leases };
    return this.opened;
  }

  /** After an error that may have broken the context: the next run opens it again. */
  reset(): void {
    this.opened = undefined;
  }

  private async readSyncStates(ctx: ImportContext): Promise<Map<string, number>> {
    const rows = await ctx.odoo.searchRead<{
      id: number;
      x_entity: string;
      x_auto_update: boolean;
      x_cursor: string | false;
    }>('x_bc_sync_state', [['x_instance_id', '=', ctx.instanceId]], ['x_entity', 'x_auto_update', 'x_cursor']);
    // Odoo shows which entities this daemon keeps up to date (the auto-update toggle).
    for (const r of rows) {
      const want = this.scheduled.has(r.x_entity);
      if (r.x_auto_update !== want) await ctx.odoo.write('x_bc_sync_state', [r.id], { x_auto_update: want });
      this.s.metrics.cursor(this.inst.name, r.x_entity, r.x_cursor || undefined);
    }
    return new Map(rows.map((r) => [r.x_entity, r.id]));
  }
}
