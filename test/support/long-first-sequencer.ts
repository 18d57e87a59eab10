/**
 * Starts the longest live test files first. Vitest's own order is by the last run's durations
 * (a cache a fresh CI machine does not have), else by file size: a 7-minute file started last
 * would leave the other fork idle at the end and add its whole length to the run. Two forks,
 * so the two crash files start together and everything else fills in around them.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Longest first (measured on a 2-core machine), by file name. */
const LONGEST = [
  'crash-resume-orders',
  'crash-resume-catalog',
  'daemon',
  'pool',
  'odoo-restart',
  'import-orders-tax',
  'import-products-edge',
];

function rank(spec: TestSpecification): number {
  const i = LONGEST.findIndex((name) => spec.moduleId.endsWith(`/${name}.test.ts`));
  return i < 0 ? LONGEST.length : i;
}

export class LongFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return sorted
      .map((spec, i) => ({ spec, i }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.i - b.i)
      .map((x) => x.spec);
  }
}
