/**
 * Parts of a split import running at once (issue 16).
 * - Orders: two parts whose orders share customers no run imported yet, so both create the
 *   same partners on the fly at the same time. Each customer ends up as one partner, each tax
 *   and tax group is made once (under the pool's lock, as in a pool), no order fails, and the
 *   database equals one plain import of the same orders (snapshot).
 * - Products: two parts whose products share option names (Colour, Size) no run made yet.
 *   Each attribute and value is made once, neither part archives the other's templates, and
 *   the database equals one plain import (snapshot).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createPgMutex } from '../../src/daemon/pool/pg-mutex.js';
import { IMPORTERS } from '../../src/sync/importers.js';
import { type EntityImporter, type ImportSummary, runImport } from '../../src/sync/run-import.js';
import type { ImportPart } from '../../src/sync/split.js';
import { importBed, importCatalog, type ImportBed } from '../support/import.js';
import { bedFrom } from '../support/shared-state.js';
import { throwawayDatabase } from '../support/pg-database.js';
import { snapshot } from '../support/snapshot.js';

const beds: ImportBed[] = [];
afterAll(async () => {
  for (const b of beds) await b.close();
});

async function catalogOnly(label: string): Promise<ImportBed> {
  const bed = await bedFrom('catalog', label);
  beds.push(bed);
  return bed;
}

/** Categories and brands imported (a few seconds), no product yet. */
async function categoriesAndBrands(label: string): Promise<ImportBed> {
  const bed = await importBed(label);
  beds.push(bed);
  await importCatalog(await bed.context(), { products: false });
  return bed;
}

/** Two runs against one bed at once, sharing a pool's lock on a throwaway queue database. */
async function twoAtOnce(
  bed: ImportBed,
  importer: EntityImporter,
  ranges: [ImportPart, ImportPart],
): Promise<ImportSummary[]> {
  const queueDb = await throwawayDatabase('bcodoo_parts_lock');
  const mutex = createPgMutex(queueDb.url);
  const contexts = await Promise.all([bed.context(), bed.context()]);
  return Promise.all(
    ranges.map((part, i) => runImport({ ...contexts[i]!, exclusive: mutex.exclusive }, importer, { part, full: true })),
  ).finally(async () => {
    await mutex.close();
    await queueDb.drop();
  });
}

describe('two parts of a split orders import at once', () => {
  it('create each shared customer once and leave what one plain import leaves', async () => {
    const [ref, bed] = await Promise.all([catalogOnly('parts_ref'), catalogOnly('parts')]);
    await runImport(await ref.context(), IMPORTERS.orders!);

    // Customers 1, 2, 3, 7, 8, 12, 15 and 16 have orders in both halves of the sample store (100–138).
    const parts = await twoAtOnce(bed, IMPORTERS.orders!, [
      { min: 100, max: 119 },
      { min: 120, max: 138 },
    ]);
    expect(parts.map((p) => [p.failed, p.failures])).toEqual([
      [0, []],
      [0, []],
    ]);
    expect(parts[0]!.created + parts[1]!.created).toBeGreaterThan(30);

    const module = `bigcommerce_${bed.sandbox.storeHash}`;
    const customers = await bed.admin.searchRead<{ name: string }>(
      'ir.model.data',
      [
        ['module', '=', module],
        ['name', '=like', 'customer\\_%'],
      ],
      ['name'],
    );
    expect(customers.length).toBeGreaterThan(8);
    const groups = async (b: ImportBed) =>
      (await b.admin.searchRead<{ name: string }>('account.tax.group', [], ['name'])).map((g) => g.name).sort();
    expect(await groups(bed)).toEqual(await groups(ref));
    const taxes = async (b: ImportBed) =>
      (await b.admin.searchRead<{ name: string }>('account.tax', [['type_tax_use', '=', 'sale']], ['name']))
        .map((t) => t.name)
        .sort();
    expect(await taxes(bed)).toEqual(await taxes(ref));
    // The totals count every partner and tag, bound or not: a tag both parts made shows there.
    expect(await snapshot(bed.admin, module)).toEqual(
      await snapshot(ref.admin, `bigcommerce_${ref.sandbox.storeHash}`),
    );
  }, 600_000);
});

describe('two parts of a split products import at once', () => {
  it('make each shared attribute and value once, archive nothing of the other part, and leave what one plain import leaves', async () => {
    const [ref, bed] = await Promise.all([categoriesAndBrands('pparts_ref'), categoriesAndBrands('pparts')]);
    const plain = await runImport(await ref.context(), IMPORTERS.products!);

    // Colour is an option of products 101–106 and 112, and of 115 and 116; Size of 101–105 and 120.
    const parts = await twoAtOnce(bed, IMPORTERS.products!, [
      { min: 101, max: 112 },
      { min: 113, max: 1_000_000 },
    ]);
    expect(parts.map((p) => [p.failed, p.failures])).toEqual([
      [0, []],
      [0, []],
    ]);
    expect(parts[0]!.created).toBe(12);
    expect(parts[0]!.created + parts[1]!.created).toBe(plain.created);
    // Variants BigCommerce lacks, as the plain import archives them; no template of the other part.
    expect(parts[0]!.archived + parts[1]!.archived).toBe(plain.archived);

    const attributes = async (b: ImportBed) =>
      (await b.admin.searchRead<{ name: string; value_ids: number[] }>('product.attribute', [], ['name', 'value_ids']))
        .map((a) => `${a.name}:${a.value_ids.length}`)
        .sort();
    const made = await attributes(bed);
    expect(made).toEqual(await attributes(ref));
    expect(made.filter((a) => a.startsWith('Colour:'))).toHaveLength(1);
    expect(await snapshot(bed.admin, `bigcommerce_${bed.sandbox.storeHash}`)).toEqual(
      await snapshot(ref.admin, `bigcommerce_${ref.sandbox.storeHash}`),
    );
  }, 600_000);
});
