/**
 * How a run ended, as the operation log and the sync states store it (one selection for both).
 * "warning": done, with warnings and no failures (operation-log.ts finish); "interrupted"
 * closes a run whose process died (operation-log.ts closeInterruptedRuns).
 */
export const RUN_STATUS = [
  ['running', 'Running'],
  ['done', 'Done'],
  ['warning', 'Done with warnings'],
  ['partial', 'Done with errors'],
  ['failed', 'Failed'],
  ['interrupted', 'Interrupted'],
] as const;
