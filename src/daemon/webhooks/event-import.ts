/**
 * One import by id that webhooks asked for, as the daemon runs it: on the instance's session,
 * under the entity's lease (leased-run.ts, like the scheduled runs and `bc-odoo import --id`),
 * with its own BigCommerce client whose requests stop on a lost lease or a forced shutdown.
 * A lease held by a scheduled run comes back as `{ ok: false }`: dispatch.ts keeps the ids.
 */
import { BigCommerceError } from '../../bigcommerce/errors.js';
import { RUNNERS } from '../../sync/importers.js';
import { type RunSite, runContext } from '../entity-run.js';
import { runLeasedImport } from '../leased-run.js';
import type { EventImport } from './dispatch.js';

export function eventImport(site: RunSite): EventImport {
  return async (entity, opts) => {
    const log = site.log.child({ entity, trigger: 'webhook' });
    const { ctx, stateIds, leases } = await site.session.open(entity);
    const stateId = stateIds.get(entity);
    if (stateId === undefined) throw new Error(`no sync-state row for ${entity} in Odoo: run \`bc-odoo setup\``);
    const lost = new AbortController();
    try {
      return await runLeasedImport({
        ctx: runContext(site, ctx, AbortSignal.any([site.s.hardAbort.signal, lost.signal])),
        leases,
        importer: RUNNERS[entity],
        opts,
        logger: log,
        stateId,
        onLost: (err) => lost.abort(err),
        abandoned: () => site.s.abandoned(),
      });
    } catch (err) {
      // As for scheduled runs: BigCommerce errors leave the Odoo side intact; others may not.
      if (!(err instanceof BigCommerceError)) site.session.reset();
      throw err;
    }
  };
}
