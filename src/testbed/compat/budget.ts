/**
 * The time budget in ms: none given means no limit; a spent one (0, or below when the steps
 * before it ran long) means no cell fits, which is said per cell, never an error.
 */
export function budgetFrom(minutes: string | undefined): number {
  if (minutes === undefined || minutes === '') return Number.POSITIVE_INFINITY;
  const n = Number(minutes);
  if (!Number.isFinite(n)) throw new Error(`--budget-minutes must be a number of minutes, not "${minutes}"`);
  return Math.max(n, 0) * 60_000;
}
