/**
 * Crash safety, live: categories, products, customers and refunds imports killed at each step (test/support/crash-scenario.ts says what each scenario proves).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { CrashPoint } from '../../src/sync/crash-points.js';
import { CrashBeds, type CrashEntity } from '../support/crash-scenario.js';

const beds = new CrashBeds(['categories', 'products', 'customers', 'refunds']);
beforeAll(() => beds.buildReference(), 900_000);
afterAll(() => beds.close());

describe('an import killed at a step is finished by the next run', () => {
  it.each([
    ['categories', 'categories:internal'],
    ['products', 'products:templates'],
    ['products', 'products:variants'],
    ['customers', 'customers:partners'],
    ['refunds', 'refunds:credit-notes'],
    ['refunds', 'refunds:post'],
  ] as [CrashEntity, CrashPoint][])('%s killed at %s', (entity, point) => beds.scenario(entity, point), 900_000);
});
