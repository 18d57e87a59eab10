/**
 * Odoo 19's /json/2/<model>/<method> takes named arguments only: a JSON object with `ids`
 * (the recordset, omitted for @api.model methods — Odoo answers 422 "cannot call ... with
 * ids" otherwise), `context`, and one key per Python parameter. execute_kw-style positional
 * arguments are mapped with this table: for record methods the first positional argument is
 * the ids, the rest are named in order; keyword arguments pass through unchanged.
 *
 * The names are those of Odoo 19's ORM signatures (odoo/orm/models.py), e.g.
 * `default_get(fields)` (was `fields_list` up to 18). A method not in the table may be
 * called with keyword arguments only (record methods: `action_*`, `button_*` take the ids
 * as their only positional argument); anything else is refused with a TypeError naming the
 * method, rather than guessing parameter names.
 */

export interface Json2Signature {
  /** first positional argument is the record ids */
  readonly ids: boolean;
  /** names of the remaining positional parameters, in order */
  readonly params: readonly string[];
}

export const JSON2_SIGNATURES: Readonly<Record<string, Json2Signature>> = Object.freeze({
  create: { ids: false, params: ['vals_list'] },
  write: { ids: true, params: ['vals'] },
  unlink: { ids: true, params: [] },
  read: { ids: true, params: ['fields', 'load'] },
  copy: { ids: true, params: ['default'] },
  exists: { ids: true, params: [] },
  search: { ids: false, params: ['domain', 'offset', 'limit', 'order'] },
  search_read: { ids: false, params: ['domain', 'fields', 'offset', 'limit', 'order'] },
  search_count: { ids: false, params: ['domain', 'limit'] },
  fields_get: { ids: false, params: ['allfields', 'attributes'] },
  name_search: { ids: false, params: ['name', 'domain', 'operator', 'limit'] },
  name_create: { ids: false, params: ['name'] },
  read_group: { ids: false, params: ['domain', 'fields', 'groupby', 'offset', 'limit', 'orderby', 'lazy'] },
  default_get: { ids: false, params: ['fields'] },
  load: { ids: false, params: ['fields', 'data'] },
  check_access_rights: { ids: false, params: ['operation', 'raise_exception'] },
  has_access: { ids: true, params: ['operation'] },
  check_access: { ids: true, params: ['operation'] },
  has_group: { ids: true, params: ['group_ext_id'] },
  action_archive: { ids: true, params: [] },
  action_unarchive: { ids: true, params: [] },
  context_get: { ids: false, params: [] },
});

/** Body of a /json/2 call from execute_kw-style arguments. Never mutates its inputs. */
export function json2Body(
  model: string,
  method: string,
  args: readonly unknown[],
  kwargs: Readonly<Record<string, unknown>>,
  signatures: Readonly<Record<string, Json2Signature>> = JSON2_SIGNATURES,
): Record<string, unknown> {
  const sig = signatures[method] ?? (/^(action|button)_/.test(method) ? { ids: true, params: [] } : undefined);
  const body: Record<string, unknown> = {};
  let rest = args;
  if (sig?.ids && args.length > 0) {
    const ids = args[0];
    body.ids = typeof ids === 'number' ? [ids] : ids;
    rest = args.slice(1);
  }
  if (rest.length > 0) {
    if (!sig) {
      throw new TypeError(
        `${model}.${method}: /json/2 takes named arguments only and the parameter names of "${method}" are not known; ` +
          'pass them as kwargs (or add the method to JSON2_SIGNATURES)',
      );
    }
    if (rest.length > sig.params.length) {
      throw new TypeError(
        `${model}.${method}: ${rest.length} positional arguments given, /json/2 mapping knows ${sig.params.length} (${sig.params.join(', ')})`,
      );
    }
    rest.forEach((value, i) => {
      body[sig.params[i]!] = value;
    });
  }
  for (const [k, v] of Object.entries(kwargs)) {
    if (k in body) throw new TypeError(`${model}.${method}: argument "${k}" given both positionally and by name`);
    body[k] = v;
  }
  return body;
}
