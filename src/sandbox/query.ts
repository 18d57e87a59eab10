/**
 * Query-string handling shared by the sandbox's endpoints: BigCommerce's filter operators
 * (`:in`, `:not_in`, `:min`, `:max`, `:greater`, `:less`, `:like`), includes, field selection
 * and errors in each API version's shape.
 */
import { parseFilterDate, type DateParseOptions } from './dates.js';

export type ApiVersion = 'v2' | 'v3';

const STATUS_DOCS = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

/** An error answer; rendered as v2's `[{status, message}]` or v3's `{status, title, type, errors}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly details: Record<string, string> = {},
  ) {
    super(title);
    this.name = 'ApiError';
  }
}

export function errorBody(
  api: ApiVersion,
  status: number,
  title: string,
  details: Record<string, string> = {},
): unknown {
  if (api === 'v2') return [{ status, message: title, ...(Object.keys(details).length > 0 ? { details } : {}) }];
  return { status, title, type: STATUS_DOCS, errors: details };
}

/** 422 on v3, 400 on v2: how each version rejects a malformed filter */
export function badFilter(api: ApiVersion, name: string, value: string): ApiError {
  return api === 'v2'
    ? new ApiError(400, `The field '${name}' is invalid.`, { [name]: value })
    : new ApiError(422, `The filter(s): ${name} are not valid.`, { [name]: `Invalid value "${value}"` });
}

export class Query {
  constructor(
    readonly params: URLSearchParams,
    readonly api: ApiVersion,
  ) {}

  has(name: string): boolean {
    return this.params.has(name);
  }

  str(name: string): string | undefined {
    const v = this.params.get(name);
    return v === null ? undefined : v;
  }

  int(name: string): number | undefined {
    const v = this.str(name);
    if (v === undefined || v === '') return undefined;
    if (!/^-?\d+$/.test(v.trim())) throw badFilter(this.api, name, v);
    return Number(v);
  }

  bool(name: string): boolean | undefined {
    const v = this.str(name);
    if (v === undefined || v === '') return undefined;
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
    throw badFilter(this.api, name, v);
  }

  /** `a,b,c` (also repeated `name=a&name=b`) */
  list(name: string): string[] | undefined {
    const all = this.params.getAll(name);
    if (all.length === 0) return undefined;
    return all
      .flatMap((v) => v.split(','))
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }

  intList(name: string): number[] | undefined {
    const l = this.list(name);
    if (!l) return undefined;
    for (const v of l) if (!/^-?\d+$/.test(v)) throw badFilter(this.api, name, v);
    return l.map(Number);
  }

  date(name: string, opts: DateParseOptions): number | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    const t = parseFilterDate(v, opts);
    if (t === undefined) throw badFilter(this.api, name, v);
    return t;
  }

  /** the `include` values, limited to those the endpoint knows */
  includes(known: readonly string[]): Set<string> {
    const want = this.list('include') ?? [];
    return new Set(want.filter((w) => known.includes(w)));
  }
}

/** Numeric filters on one field: `f`, `f:in`, `f:not_in`, `f:min`, `f:max`, `f:greater`, `f:less`. */
export function numberFilter(q: Query, field: string): ((v: number) => boolean) | undefined {
  const eq = q.int(field);
  const inList = q.intList(`${field}:in`);
  const notIn = q.intList(`${field}:not_in`);
  const min = q.int(`${field}:min`);
  const max = q.int(`${field}:max`);
  const gt = q.int(`${field}:greater`);
  const lt = q.int(`${field}:less`);
  if ([eq, inList, notIn, min, max, gt, lt].every((x) => x === undefined)) return undefined;
  const inSet = inList ? new Set(inList) : undefined;
  const notSet = notIn ? new Set(notIn) : undefined;
  return (v) =>
    (eq === undefined || v === eq) &&
    (inSet === undefined || inSet.has(v)) &&
    (notSet === undefined || !notSet.has(v)) &&
    (min === undefined || v >= min) &&
    (max === undefined || v <= max) &&
    (gt === undefined || v > gt) &&
    (lt === undefined || v < lt);
}

/** `field:like` as SQL LIKE with implicit wildcards on both ends (BigCommerce's behaviour), case-insensitive */
export function likeFilter(q: Query, param: string): ((v: string) => boolean) | undefined {
  const terms = q.list(param);
  if (!terms) return undefined;
  const lowered = terms.map((t) => t.toLowerCase().replace(/%/g, ''));
  return (v) => lowered.some((t) => v.toLowerCase().includes(t));
}

/**
 * `include_fields` / `exclude_fields`: the id (and any `include`d sub-resource) always stays,
 * as on the platform.
 */
export function projector(
  q: Query,
  keep: readonly string[] = [],
): ((o: Record<string, unknown>) => Record<string, unknown>) | undefined {
  const inc = q.list('include_fields');
  const exc = q.list('exclude_fields');
  if (!inc && !exc) return undefined;
  const always = new Set(['id', ...keep]);
  return (o) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) {
      if (always.has(k) || ((!inc || inc.includes(k)) && (!exc || !exc.includes(k)))) out[k] = v;
    }
    return out;
  };
}

export type Comparator<T> = (a: T, b: T) => number;

export function by<T>(
  key: (t: T) => number | string | boolean,
  desc = false,
  tie: (t: T) => number = (t) => (t as { id: number }).id,
): Comparator<T> {
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    let c = 0;
    if (ka < kb) c = -1;
    else if (ka > kb) c = 1;
    if (c === 0) c = tie(a) - tie(b);
    return desc ? -c : c;
  };
}
