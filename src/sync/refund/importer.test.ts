import { describe, expect, it } from 'vitest';
import { cursorBefore } from './importer.js';

describe('cursorBefore: the refunds cursor never passes a refund that has no record', () => {
  it.each<[string, string | undefined, string[], string | undefined]>([
    ['every refund recorded: as far as the walk went', '2025-03-04T10:00:00.000Z', [], '2025-03-04T10:00:00.000Z'],
    [
      'one refund Odoo would not record: just before it',
      '2025-03-04T10:00:00.000Z',
      ['2025-03-02T08:00:00+00:00'],
      '2025-03-02T07:59:59.000Z',
    ],
    [
      'several: just before the oldest',
      '2025-03-04T10:00:00.000Z',
      ['2025-03-03T08:00:00+00:00', '2025-03-01T12:00:00+02:00'],
      '2025-03-01T09:59:59.000Z',
    ],
    [
      'the newest refund unrecorded: before it, behind the others',
      '2025-03-04T10:00:00.000Z',
      ['2025-03-04T10:00:00.000Z'],
      '2025-03-04T09:59:59.000Z',
    ],
    [
      'a walk that may not move the cursor (an unreadable refund): still none',
      undefined,
      ['2025-03-02T08:00:00Z'],
      undefined,
    ],
  ])('%s', (_name, walked, unrecorded, want) => {
    expect(
      cursorBefore(
        walked,
        unrecorded.map((created) => ({ created })),
      ),
    ).toBe(want);
  });
});
