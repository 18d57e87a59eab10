/**
 * A page's addresses: child contacts of the partners just written (`address_<id>`), planned and
 * upserted in one batch (an unchanged partner has unchanged addresses: its fingerprint covers
 * them); bound children BigCommerce no longer has are archived. Addresses are part of their
 * customer: not counted on their own; a customer with an address missing is incomplete.
 */
import { applyChanges, planChanges, type ChangePlan, type Mapped } from '../changes.js';
import type { ImportContext } from '../context.js';
import type { Tally } from '../tally.js';
import type { MappedCustomer } from './mapper.js';
import { E, PARTNER } from './models.js';

type Written = ChangePlan['create'][number] | ChangePlan['update'][number];

/**
 * Writes the addresses of the `written` partners and archives removed ones. Returns the
 * BigCommerce ids of customers left incomplete (failed in the tally).
 */
export async function syncAddresses(
  ctx: ImportContext,
  tally: Tally,
  written: readonly Written[],
  updated: ChangePlan['update'],
  partners: ReadonlyMap<string, number>,
  mapped: ReadonlyMap<string, { m: MappedCustomer }>,
): Promise<Set<number>> {
  const ownerOf = new Map<string, number>();
  const addressItems: Mapped[] = written.flatMap((w) => {
    const parent = partners.get(String(w.bcId))!;
    return mapped.get(String(w.bcId))!.m.addresses.map((a) => {
      ownerOf.set(String(a.address.id), Number(w.bcId));
      return {
        bcId: a.address.id,
        name: `${a.values.name} (customer ${w.bcId})`,
        values: { ...a.values, parent_id: parent },
      };
    });
  });
  const addressPlan = await planChanges(ctx, 'address', PARTNER, addressItems);
  const addresses = await applyChanges(ctx, tally, 'addresses', 'address', PARTNER, addressPlan, {
    counted: false,
  });
  const incomplete = new Set<number>();
  for (const [addressId, owner] of ownerOf) if (!addresses.has(addressId)) incomplete.add(owner);
  const complete = updated.filter((u) => partners.has(String(u.bcId)) && !incomplete.has(Number(u.bcId)));
  await archiveRemoved(ctx, tally, complete, new Set(addresses.values()), incomplete);
  return incomplete;
}

/** Addresses deleted in BigCommerce: the bound children of updated partners no longer there. */
async function archiveRemoved(
  ctx: ImportContext,
  tally: Tally,
  updated: ChangePlan['update'],
  keep: ReadonlySet<number>,
  incomplete: Set<number>,
): Promise<void> {
  try {
    tally.archived += await archiveRemovedAddresses(
      ctx,
      updated.map((u) => u.odooId),
      keep,
    );
  } catch (err) {
    for (const u of updated) {
      incomplete.add(Number(u.bcId));
      await tally.fail(
        E,
        u.bcId,
        new Error(`addresses deleted in BigCommerce not archived: ${(err as Error).message}`, { cause: err }),
        u.name,
      );
    }
  }
}

/** Archives children of `parents` bound as BigCommerce addresses and not in `keep`; returns how many. */
async function archiveRemovedAddresses(
  ctx: ImportContext,
  parents: number[],
  keep: ReadonlySet<number>,
): Promise<number> {
  if (!parents.length) return 0;
  const children = await ctx.odoo.search(PARTNER, [['parent_id', 'in', parents]]);
  const candidates = children.filter((id) => !keep.has(id));
  if (!candidates.length) return 0;
  const bound = await ctx.odoo.searchRead<{ res_id: number }>(
    'ir.model.data',
    [
      ['module', '=', ctx.binder.module],
      ['model', '=', PARTNER],
      ['res_id', 'in', candidates],
      ['name', '=like', 'address\\_%'],
    ],
    ['res_id'],
  );
  const stale = [...new Set(bound.map((b) => b.res_id))];
  if (stale.length) await ctx.odoo.write(PARTNER, stale, { active: false });
  return stale.length;
}
