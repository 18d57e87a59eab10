import { describe, expect, it } from 'vitest';
import { formatBcDate, isIsoDate, isRfc2822Date, parseBcDate, sinceFilter } from './dates.js';
import type { DateFormat } from './resources.js';

describe('formatBcDate', () => {
  const d = new Date(Date.UTC(2025, 0, 15, 0, 3, 17, 987));
  it.each<[DateFormat, Date, string]>([
    ['iso8601', d, '2025-01-15T00:03:17Z'],
    ['rfc3339', d, '2025-01-15T00:03:17+00:00'],
    ['rfc2822', d, 'Wed, 15 Jan 2025 00:03:17 +0000'],
    ['rfc2822', new Date(Date.UTC(2017, 3, 20, 11, 32, 0)), 'Thu, 20 Apr 2017 11:32:00 +0000'],
    ['rfc2822', new Date(Date.UTC(2012, 10, 20)), 'Tue, 20 Nov 2012 00:00:00 +0000'],
    ['iso8601', new Date('2024-02-29T23:59:59.999+02:00'), '2024-02-29T21:59:59Z'],
    ['rfc2822', new Date(Date.UTC(1999, 11, 31, 23, 59, 59)), 'Fri, 31 Dec 1999 23:59:59 +0000'],
  ])('%s of %s → %s', (format, date, expected) => {
    expect(formatBcDate(date, format)).toBe(expected);
  });

  it('always writes a time, never a bare date', () => {
    for (const f of ['iso8601', 'rfc2822', 'rfc3339'] as const) {
      expect(formatBcDate(new Date(Date.UTC(2025, 0, 15)), f)).toMatch(/00:00:00/);
    }
  });

  it('refuses an invalid Date', () => {
    expect(() => formatBcDate(new Date('nope'), 'iso8601')).toThrow(RangeError);
  });
});

describe('sinceFilter (param and format from the resource table)', () => {
  const since = new Date(Date.UTC(2025, 0, 15, 0, 3, 17));
  it.each([
    ['products', { 'date_modified:min': '2025-01-15T00:03:17Z' }],
    ['customers', { 'date_modified:min': '2025-01-15T00:03:17Z' }],
    ['orders', { min_date_modified: 'Wed, 15 Jan 2025 00:03:17 +0000' }],
    ['refunds', { 'created:min': '2025-01-15T00:03:17+00:00' }],
  ] as const)('%s → %j', (resource, expected) => {
    expect(sinceFilter(resource, since)).toEqual(expected);
  });

  it('throws for a resource without a date filter', () => {
    expect(() => sinceFilter('brands', since)).toThrow(/no date filter/);
  });
});

describe('parseBcDate', () => {
  it.each([
    ['Tue, 20 Nov 2012 00:00:00 +0000', '2012-11-20T00:00:00.000Z'],
    ['Thu, 20 Apr 2017 11:32:00 -0400', '2017-04-20T15:32:00.000Z'],
    ['Mon, 1 Jan 2024 08:05:09 +0530', '2024-01-01T02:35:09.000Z'],
    ['20 Nov 2012 00:00:00 GMT', '2012-11-20T00:00:00.000Z'],
    ['Tue, 20 Nov 2012 00:00 +0000', '2012-11-20T00:00:00.000Z'],
    ['2025-01-15T00:03:17Z', '2025-01-15T00:03:17.000Z'],
    ['2025-01-15T00:03:17+00:00', '2025-01-15T00:03:17.000Z'],
    ['2020-01-15T01:02:34-01:00', '2020-01-15T02:02:34.000Z'],
    ['2018-09-05T13:32:33.123456Z', '2018-09-05T13:32:33.123Z'],
    ['2024-05-14T09:34:00', '2024-05-14T09:34:00.000Z'], // no offset: BigCommerce means UTC
    ['2024-05-14', '2024-05-14T00:00:00.000Z'],
  ])('%s → %s', (input, iso) => {
    expect(parseBcDate(input)?.toISOString()).toBe(iso);
  });

  it.each([[''], ['   '], [null], [undefined]])('%j (v2 "never") → null', (input) => {
    expect(parseBcDate(input)).toBeNull();
  });

  it.each([
    ['yesterday'],
    ['Tue, 31 Feb 2012 00:00:00 +0000'],
    ['2025-13-01T00:00:00Z'],
    ['2025-01-15T25:00:00Z'],
    ['Tue, 20 Foo 2012 00:00:00 +0000'],
    ['1700000000'],
  ])('refuses %j rather than guessing', (input) => {
    expect(() => parseBcDate(input)).toThrow(RangeError);
  });

  it('round-trips every format', () => {
    const d = new Date(Date.UTC(2023, 6, 4, 5, 6, 7));
    for (const f of ['iso8601', 'rfc2822', 'rfc3339'] as const) {
      expect(parseBcDate(formatBcDate(d, f))?.getTime()).toBe(d.getTime());
    }
  });

  it('tells the v2 and v3 formats apart', () => {
    expect(isRfc2822Date('Tue, 20 Nov 2012 00:00:00 +0000')).toBe(true);
    expect(isRfc2822Date('2012-11-20T00:00:00Z')).toBe(false);
    expect(isIsoDate('2012-11-20T00:00:00Z')).toBe(true);
    expect(isIsoDate('Tue, 20 Nov 2012 00:00:00 +0000')).toBe(false);
    expect(isRfc2822Date('')).toBe(false);
  });
});
