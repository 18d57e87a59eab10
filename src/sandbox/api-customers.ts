/** v3 customers (cursor paging) and customer addresses. */
import { RESOURCES } from '../bigcommerce/resources.js';
import { ok, type Handler } from './context.js';
import type { CustomerRec } from './model.js';
import { cursorPage, offsetPage, type CursorKey } from './paging.js';
import { ApiError, likeFilter, numberFilter } from './query.js';
import { addressJson, customerJson } from './serialize-store.js';

const CUSTOMER_INCLUDES = [
  'addresses',
  'storecredit',
  'attributes',
  'formfields',
  'shopper_profile_id',
  'segment_ids',
] as const;

type SortField = 'id' | 'date_created' | 'date_modified' | 'last_name';

const SORT_KEY: Record<SortField, (c: CustomerRec) => number | string> = {
  id: (c) => c.id,
  date_created: (c) => c.dateCreated,
  date_modified: (c) => c.dateModified,
  last_name: (c) => c.lastName.toLowerCase(),
};

export const listCustomers: Handler = (ctx) => {
  const q = ctx.query;
  const include = q.includes(CUSTOMER_INCLUDES);
  const dateOpts = { bareDate: 'midnight' as const, now: ctx.store.now() };
  const idF = numberFilter(q, 'id');
  const groups = q.intList('customer_group_id:in');
  const emails = q.list('email:in')?.map((e) => e.toLowerCase());
  const companies = q.list('company:in')?.map((e) => e.toLowerCase());
  const names = q.list('name:in')?.map((e) => e.toLowerCase());
  const nameLike = likeFilter(q, 'name:like');
  const dmMin = q.date('date_modified:min', dateOpts);
  const dmMax = q.date('date_modified:max', dateOpts);
  const dcMin = q.date('date_created:min', dateOpts);
  const dcMax = q.date('date_created:max', dateOpts);

  const sortRaw = q.str('sort') ?? 'id:asc';
  const [field, dir = 'asc'] = sortRaw.split(':') as [string, string | undefined];
  if (!(field in SORT_KEY) || (dir !== 'asc' && dir !== 'desc'))
    throw new ApiError(422, `The sort '${sortRaw}' is not valid.`, { sort: sortRaw });
  const keyFn = SORT_KEY[field as SortField];
  const sign = dir === 'desc' ? -1 : 1;
  const keyOf = (c: CustomerRec): CursorKey => (field === 'id' ? { id: c.id } : { id: c.id, k: keyFn(c) });
  const compare = (a: CursorKey, b: CursorKey): number => {
    const ka = field === 'id' ? a.id : (a.k ?? '');
    const kb = field === 'id' ? b.id : (b.k ?? '');
    const c = ka < kb ? -1 : ka > kb ? 1 : a.id - b.id;
    return c * sign;
  };

  const rows = ctx.store.customers
    .all()
    .filter(
      (c) =>
        (!idF || idF(c.id)) &&
        (!groups || groups.includes(c.customerGroupId)) &&
        (!emails || emails.includes(c.email.toLowerCase())) &&
        (!companies || companies.includes(c.company.toLowerCase())) &&
        (!names || names.includes(`${c.firstName} ${c.lastName}`.toLowerCase())) &&
        (!nameLike || nameLike(`${c.firstName} ${c.lastName}`)) &&
        (dmMin === undefined || c.dateModified >= dmMin) &&
        (dmMax === undefined || c.dateModified <= dmMax) &&
        (dcMin === undefined || c.dateCreated >= dcMin) &&
        (dcMax === undefined || c.dateCreated <= dcMax),
    );
  rows.sort((a, b) => compare(keyOf(a), keyOf(b)));
  const page = cursorPage(rows, q, RESOURCES.customers.maxLimit, keyOf, compare);
  return ok({ data: page.items.map((c) => customerJson(c, include)), meta: page.meta });
};

export const listCustomerAddresses: Handler = (ctx) => {
  const q = ctx.query;
  const include = q.includes(['formfields']);
  const idF = numberFilter(q, 'id');
  const customerIds = q.intList('customer_id:in');
  const companies = q.list('company:in')?.map((e) => e.toLowerCase());
  const names = q.list('name:in')?.map((e) => e.toLowerCase());
  const rows = ctx.store.customers
    .all()
    .filter((c) => !customerIds || customerIds.includes(c.id))
    .flatMap((c) => c.addresses)
    .filter(
      (a) =>
        (!idF || idF(a.id)) &&
        (!companies || companies.includes(a.company.toLowerCase())) &&
        (!names || names.includes(`${a.firstName} ${a.lastName}`.toLowerCase())),
    )
    .sort((a, b) => a.id - b.id);
  const page = offsetPage(rows, q, RESOURCES.customerAddresses.maxLimit);
  return ok({ data: page.items.map((a) => addressJson(a, include)), meta: page.meta });
};
