import { defineConfig } from 'vitest/config';
import { LongFirstSequencer } from './test/support/long-first-sequencer.js';

// Two projects: `unit` needs nothing but Node; `odoo` runs against a live Odoo + PostgreSQL
// that test/support/odoo-global-setup.ts starts (or reuses when ODOO_TEST_URL is set).
export default defineConfig({
  test: {
    // 2 cores: two test files at once (each live-Odoo file has its own database).
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    sequence: { sequencer: LongFirstSequencer },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
          environment: 'node',
          // A ceiling, not a speed target: a few tests serve thousands of sandbox requests, and
          // a busy 2-core machine takes longer than vitest's default 5 s for them.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'odoo',
          include: ['test/odoo/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/odoo-global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
