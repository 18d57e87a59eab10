/**
 * One Odoo method call, said once with named arguments, and how each endpoint wants it.
 *
 * Every call names its arguments with the parameter names Odoo documents (the ORM's
 * `search(domain, offset, limit, order)`, `read(fields, load)`, `write(vals)`,
 * `ir.config_parameter.get_param(key, default)`…; the same names on 17, 18 and 19 for
 * everything bc-odoo calls). Positional arguments are never guessed, so there is no table of
 * signatures to keep up with Odoo: a call is either on the model (`@api.model` methods: no
 * ids) or on records (the ids, which both endpoints take apart from the arguments).
 *
 * - /json/2 (Odoo 19+, odoo/addons/rpc/controllers/json2.py): a JSON object of `ids` (record
 *   calls only; Odoo answers 422 "cannot call … with ids" for a model method), `context` and
 *   the named arguments, which Odoo binds to the Python signature.
 * - /jsonrpc `execute_kw` (odoo/service/model.py `call_kw`, odoo/api.py on 17/18): `args` is
 *   `[ids]` for a record call and `[]` for a model call; the named arguments go in `kwargs`.
 *   Except the first argument of the ORM entry points that models override under other names
 *   on 17 and 18 (`write(self, values)` on ir.ui.menu and 88 more, `create(self, values_list)`,
 *   `default_get(self, fields_list)`…), which goes positionally right after the ids, as Odoo's
 *   own web client sends it. Odoo 19 renamed every override to one name for /json/2. `create`
 *   has a second reason: call_kw reads `args[0]` to shape its answer and fails with an
 *   IndexError when the values come by name.
 */
export type Kwargs = Readonly<Record<string, unknown>>;

export interface MethodCall {
  readonly model: string;
  readonly method: string;
  /** the recordset for a method on records; absent for an `@api.model` method */
  readonly ids?: readonly number[];
  /** named arguments, by Odoo's parameter names; never `context` (given apart) */
  readonly kwargs: Kwargs;
}

/** The body of POST /json/2/<model>/<method>. */
export function json2Body(call: MethodCall, context: Kwargs): Record<string, unknown> {
  return { ...(call.ids ? { ids: call.ids } : {}), ...call.kwargs, context };
}

/**
 * ORM entry points whose first parameter is named differently by overrides on Odoo 17/18, by
 * the name Odoo 19 gives it everywhere.
 */
const POSITIONAL_ON_JSONRPC: Readonly<Record<string, string>> = {
  create: 'vals_list',
  write: 'vals',
  default_get: 'fields',
};

/** `execute_kw`'s positional `args` and `kwargs`. */
export function executeKwArgs(call: MethodCall, context: Kwargs): { args: unknown[]; kwargs: Record<string, unknown> } {
  const records = call.ids ? [call.ids] : [];
  const first = POSITIONAL_ON_JSONRPC[call.method];
  if (first && first in call.kwargs) {
    const { [first]: value, ...rest } = call.kwargs;
    return { args: [...records, value], kwargs: { ...rest, context } };
  }
  return { args: records, kwargs: { ...call.kwargs, context } };
}
