/**
 * An API key for an Odoo user, made the way a person makes one in Odoo (Preferences → Account
 * Security → New API Key): a web session logs in, fills the key's description wizard, and
 * confirms the password in the identity check Odoo puts in front of it. Only over HTTP, as
 * Odoo wants (its `check_identity` refuses any other caller), and without any access a user
 * does not already have. Odoo 17/18 read the confirmed password from the check wizard's field,
 * Odoo 19 from the context: both are given.
 *
 * The key is printed once by Odoo and stored hashed, so it is returned here and nowhere else.
 */
export async function makeApiKey(url: string, db: string, login: string, password: string): Promise<string> {
  const session = await logIn(url, db, login, password);
  const [descriptionId] = await session.call<number[]>('res.users.apikeys.description', 'create', [
    [{ name: `bc-odoo (${login})` }],
  ]);
  const check = await session.call<Action>('res.users.apikeys.description', 'make_key', [[descriptionId]]);
  const shown =
    check.res_model === 'res.users.identitycheck' && check.res_id
      ? await confirmPassword(session, check.res_id, password)
      : check;
  const key = shown.context?.default_key;
  if (typeof key !== 'string' || !key) {
    throw new Error(`Odoo made no API key for "${login}" on ${db} (answer: ${shown.res_model ?? 'no action'})`);
  }
  return key;
}

interface Action {
  res_model?: string;
  res_id?: number;
  context?: { default_key?: unknown };
}

async function confirmPassword(session: WebSession, checkId: number, password: string): Promise<Action> {
  await session.call('res.users.identitycheck', 'write', [[checkId], { password }]);
  return session.call<Action>('res.users.identitycheck', 'run_check', [[checkId]], { context: { password } });
}

interface WebSession {
  call<T = unknown>(model: string, method: string, args: unknown[], kwargs?: Record<string, unknown>): Promise<T>;
}

async function logIn(url: string, db: string, login: string, password: string): Promise<WebSession> {
  const res = await post(`${url}/web/session/authenticate`, { db, login, password });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c?.startsWith('session_id='));
  if (!cookie) throw new Error(`Odoo set no session cookie for "${login}" on ${db}`);
  await answer(res, 'web session login');
  return {
    call: async (model, method, args, kwargs = {}) =>
      answer(
        await post(`${url}/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs }, cookie),
        `${model}.${method}`,
      ),
  };
}

function post(url: string, params: unknown, cookie?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params }),
  });
}

async function answer<T>(res: Response, what: string): Promise<T> {
  const body = (await res.json()) as { result?: T; error?: { data?: { message?: string }; message?: string } };
  if (body.error) throw new Error(`${what}: ${body.error.data?.message ?? body.error.message ?? 'Odoo error'}`);
  return body.result as T;
}
