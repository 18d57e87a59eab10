/**
 * Crash safety, live: orders imports killed at each workflow step (test/support/crash-scenario.ts says what each scenario proves).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { CrashPoint } from '../../src/sync/crash-points.js';
import { CrashBeds, type CrashEntity } from '../support/crash-scenario.js';

const beds = new CrashBeds(['orders']);
beforeAll(() => beds.buildReference(), 900_000);
afterAll(() => beds.close());

describe('an orders import killed at a step is finished by the next run', () => {
  it.each([
    ['orders', 'orders:headers'],
    ['orders', 'orders:lines'],
    ['orders', 'orders:confirm'],
    ['orders', 'orders:invoice'],
    ['orders', 'orders:post'],
  ] as [CrashEntity, CrashPoint][])('%s killed at %s', (entity, point) => beds.scenario(entity, point), 900_000);
});
