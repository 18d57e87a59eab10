/**
 * Dates as BigCommerce writes and reads them. v2 writes RFC 2822 in UTC
 * (`Tue, 20 Nov 2012 00:00:00 +0000`); v3 writes ISO 8601 with an offset
 * (`2018-05-08T15:06:12+00:00`). Timestamps are whole seconds, as on the platform, so a client
 * that compares with `>` instead of `>=` (or keeps no overlap) misses records here too.
 */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const pad = (n: number): string => String(n).padStart(2, '0');

export function floorToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

export function rfc2822(ms: number): string {
  const d = new Date(ms);
  return (
    `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
  );
}

export function iso8601(ms: number): string {
  return `${new Date(floorToSecond(ms)).toISOString().slice(0, 19)}+00:00`;
}

const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_NO_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

export interface DateParseOptions {
  /**
   * What a bare `YYYY-MM-DD` means. The catalog appends the *current time of day* to it
   * (the documented gotcha: `date_modified:min=2025-01-15` at 14:03 means 2025-01-15T14:03Z);
   * elsewhere it is midnight UTC.
   */
  bareDate: 'midnight' | 'append-current-time';
  now: number;
}

/**
 * Parses an ISO 8601 / RFC 3339 or RFC 2822 date as BigCommerce's filters accept them;
 * a value without a zone is UTC. Returns undefined when the value is not a date.
 */
export function parseFilterDate(raw: string, opts: DateParseOptions): number | undefined {
  const v = raw.trim();
  if (v === '') return undefined;
  if (BARE_DATE.test(v)) {
    const midnight = Date.parse(`${v}T00:00:00Z`);
    if (Number.isNaN(midnight)) return undefined;
    if (opts.bareDate === 'midnight') return midnight;
    return midnight + (opts.now % 86_400_000);
  }
  if (/^\d+$/.test(v)) return Number(v) * 1000; // unix seconds, accepted by v2 filters
  const t = Date.parse(ISO_NO_ZONE.test(v) ? `${v}Z` : v);
  return Number.isNaN(t) ? undefined : t;
}
