import { describe, expect, it } from 'vitest';
import { CursorTracker } from './cursor.js';

type Step = [date: string, failed: boolean] | 'hold';
const walk = (sorted: boolean, steps: Step[]) => {
  const c = new CursorTracker(sorted);
  for (const s of steps)
    if (s === 'hold') c.hold();
    else c.record(s[0], s[1]);
  return c.value();
};
const D = (day: number) => `2025-01-0${day}T00:00:00Z`;
const iso = (day: number) => new Date(D(day)).toISOString();

describe('CursorTracker, a walk sorted by date (incremental)', () => {
  it.each([
    ['nothing read', [], undefined],
    [
      'all committed: the newest',
      [
        [D(1), false],
        [D(2), false],
      ],
      iso(2),
    ],
    [
      'a failure freezes it for the rest of the walk',
      [
        [D(1), false],
        [D(2), true],
        [D(3), false],
      ],
      iso(1),
    ],
    [
      'a failure first: nowhere',
      [
        [D(1), true],
        [D(3), false],
      ],
      undefined,
    ],
    ['an unreadable record freezes it', [[D(1), false], 'hold', [D(3), false]], iso(1)],
  ] as const)('%s', (_l, steps, want) => expect(walk(true, steps as unknown as Step[])).toBe(want));
});

describe('CursorTracker, a walk in id order (full runs)', () => {
  it.each([
    [
      'all committed: the newest, whatever the order',
      [
        [D(3), false],
        [D(1), false],
        [D(2), false],
      ],
      iso(3),
    ],
    [
      'a failure: just before the oldest failure',
      [
        [D(5), false],
        [D(3), true],
        [D(1), false],
        [D(4), true],
      ],
      new Date(Date.parse(D(3)) - 1000).toISOString(),
    ],
    [
      'a failure newer than everything committed: the newest committed',
      [
        [D(1), false],
        [D(5), true],
      ],
      iso(1),
    ],
    ['an unreadable record: nowhere (its date is unknown)', [[D(1), false], 'hold', [D(2), false]], undefined],
  ] as const)('%s', (_l, steps, want) => expect(walk(false, steps as unknown as Step[])).toBe(want));
});
