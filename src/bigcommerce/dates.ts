/**
 * Dates as BigCommerce writes and reads them. Filters always carry a full UTC timestamp:
 * a bare date on v3 products gets the *current time of the request* appended server-side,
 * which silently narrows an incremental window.
 */
import { RESOURCES, type DateFormat, type ResourceName } from './resources.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function assertValid(date: Date): void {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid Date');
}

/**
 * Writes `date` in `format`, in UTC, to the second (BigCommerce stores seconds; dropping
 * milliseconds floors the value, so a `:min` filter never skips the boundary record).
 *  - iso8601: `2025-01-15T00:03:17Z`
 *  - rfc2822: `Thu, 20 Apr 2017 11:32:00 +0000`
 *  - rfc3339: `2025-01-15T00:03:17+00:00` (the numeric offset the refunds spec shows)
 */
export function formatBcDate(date: Date, format: DateFormat): string {
  assertValid(date);
  const y = pad(date.getUTCFullYear(), 4);
  const mo = pad(date.getUTCMonth() + 1);
  const d = pad(date.getUTCDate());
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  switch (format) {
    case 'iso8601':
      return `${y}-${mo}-${d}T${time}Z`;
    case 'rfc3339':
      return `${y}-${mo}-${d}T${time}+00:00`;
    case 'rfc2822':
      return `${DAYS[date.getUTCDay()]}, ${d} ${MONTHS[date.getUTCMonth()]} ${y} ${time} +0000`;
  }
}

/** The `{param: value}` pair for a resource's "changed since" filter, from the resource table. */
export function sinceFilter(resource: ResourceName, since: Date): Record<string, string> {
  const spec = RESOURCES[resource] as { dateFilter?: { minParam: string; format: DateFormat } };
  if (!spec.dateFilter) throw new Error(`resource ${resource} has no date filter`);
  return { [spec.dateFilter.minParam]: formatBcDate(since, spec.dateFilter.format) };
}

const RFC2822 =
  /^\s*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s*)?(\d{1,2})\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s+([+-]\d{4}|GMT|UTC|UT|Z)\s*$/i;

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Parses a BigCommerce date: RFC 2822 (v2: `Tue, 20 Nov 2012 00:00:00 +0000`) or ISO 8601 /
 * RFC 3339 (v3). An ISO value without an offset is taken as UTC, which is what BigCommerce
 * means by it. Returns null for the empty values v2 uses for "never" (`date_shipped: ""`);
 * throws RangeError for anything else it cannot read, rather than guessing.
 */
export function parseBcDate(value: string | null | undefined): Date | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const r = RFC2822.exec(value);
  if (r) {
    const [, d, mon, y, h, mi, s, zone] = r as unknown as [
      string,
      string,
      string,
      string,
      string,
      string,
      string | undefined,
      string,
    ];
    const month = MONTHS.findIndex((m) => m.toLowerCase() === mon.toLowerCase());
    const ms = utc(value, +y, month, +d, +h, +mi, s === undefined ? 0 : +s, 0);
    return new Date(ms - offsetMinutes(zone) * 60_000);
  }
  const i = ISO.exec(value.trim());
  if (i) {
    const [, y, mo, d, h, mi, s, frac, zone] = i as unknown as [
      string,
      string,
      string,
      string,
      string | undefined,
      string | undefined,
      string | undefined,
      string | undefined,
      string | undefined,
    ];
    const millis = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
    const ms = utc(
      value,
      +y,
      +mo - 1,
      +d,
      h === undefined ? 0 : +h,
      mi === undefined ? 0 : +mi,
      s === undefined ? 0 : +s,
      millis,
    );
    return new Date(ms - offsetMinutes(zone) * 60_000);
  }
  throw new RangeError(`not a BigCommerce date: ${JSON.stringify(value.slice(0, 40))}`);
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || /^(Z|GMT|UTC|UT)$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m) return 0;
  const sign = m[1] === '-' ? -1 : 1;
  return sign * (Number(m[2]) * 60 + Number(m[3]));
}

/** Date.UTC rolls 31 Feb over into March and 25:00 into the next day; refuse such values instead. */
function utc(raw: string, y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const t = Date.UTC(y, mo, d, h, mi, s, ms);
  const back = new Date(t);
  if (
    Number.isNaN(t) ||
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo ||
    back.getUTCDate() !== d ||
    h > 23 ||
    mi > 59 ||
    s > 59
  ) {
    throw new RangeError(`not a valid date: ${JSON.stringify(raw.slice(0, 40))}`);
  }
  return t;
}

/** True when `value` is empty or parses as a BigCommerce date (used by the schemas). */
export function isBcDate(value: string): boolean {
  try {
    parseBcDate(value);
    return true;
  } catch {
    return false;
  }
}

/** True for a non-empty RFC 2822 date that parses (v2's format). */
export function isRfc2822Date(value: string): boolean {
  return RFC2822.test(value) && isBcDate(value);
}

/** True for a non-empty ISO 8601 / RFC 3339 date that parses (v3's format). */
export function isIsoDate(value: string): boolean {
  return ISO.test(value.trim()) && isBcDate(value);
}
