/**
 * OdooClient on a scripted transport (nock intercepts Node's fetch): exact request shapes for
 * /jsonrpc and /json/2, error mapping, which calls are retried, timeouts, stats.
 */
import nock from 'nock';
import { inspect } from 'node:util';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { clearSecrets } from '../log/redact.js';
import { OdooClient, type OdooConnectionOptions } from './client.js';
import { looksLikeApiKey } from './login.js';
import { retryDelay, shouldRetry } from './retry-policy.js';
import {
  OdooAccessError,
  OdooAuthError,
  OdooConcurrencyError,
  type OdooError,
  OdooMissingError,
  OdooNotFoundError,
  OdooTimeoutError,
  OdooTransportError,
  OdooUserError,
  OdooValidationError,
} from './errors.js';

const URL = 'http://odoo.test:8069';
const PASSWORD = 'S3cret-Passw0rd!';
const API_KEY = '6578616d706c65206a736f6e20617069206b6579';

type Body = {
  jsonrpc: string;
  method: string;
  id: number;
  params: { service: string; method: string; args: unknown[] };
};

function versionInfo(major: number) {
  return {
    server_version: `${major}.0`,
    server_version_info: [major, 0, 0, 'final', 0, ''],
    server_serie: `${major}.0`,
    protocol_version: 1,
  };
}

function rpcOk(result: unknown) {
  return (_uri: string, body: Body) => ({ jsonrpc: '2.0', id: body.id, result });
}

function rpcErr(name: string, message: string, debug = `Traceback (most recent call last):\n${name}: ${message}\n`) {
  return (_uri: string, body: Body) => ({
    jsonrpc: '2.0',
    id: body.id,
    error: {
      code: 200,
      message: 'Odoo Server Error',
      data: { name, debug, message, arguments: [message], context: {} },
    },
  });
}

const isExec = (method: string) => (b: Body) => b.params?.service === 'object' && b.params.args[4] === method;

/** version_info + authenticate on a Odoo 18 (or `major`) server. */
function mockLogin(major = 18, uid: number | false = 2) {
  return nock(URL)
    .post('/web/webclient/version_info')
    .reply(200, rpcOk(versionInfo(major)))
    .post('/jsonrpc', (b: Body) => b.params.service === 'common' && b.params.method === 'authenticate')
    .reply(200, rpcOk(uid));
}

function opts(extra: Partial<OdooConnectionOptions> = {}): OdooConnectionOptions {
  return {
    url: URL,
    db: 'shop',
    username: 'admin',
    password: PASSWORD,
    retryBaseDelayMs: 1,
    timeoutMs: 2000,
    ...extra,
  };
}

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  clearSecrets();
  expect(pending).toEqual([]);
});

describe('connect over /jsonrpc', () => {
  it('probes the version, authenticates and sends execute_kw with the merged context', async () => {
    const bodies: Body[] = [];
    mockLogin()
      .post('/jsonrpc', (b: Body) => {
        bodies.push(b);
        return isExec('search_read')(b);
      })
      .reply(200, rpcOk([{ id: 7, name: 'Azure' }]));
    const c = await OdooClient.connect(opts({ context: { lang: 'en_US', tz: 'UTC' } }));
    expect(c.version).toEqual({ serverVersion: '18.0', major: 18, minor: 0, saas: false });
    expect(c.uid).toBe(2);
    expect(c.protocol).toBe('jsonrpc');
    const rows = await c.searchRead('res.partner', [['is_company', '=', true]], ['name'], {
      limit: 5,
      context: { active_test: false },
    });
    expect(rows).toEqual([{ id: 7, name: 'Azure' }]);
    expect(bodies[0]).toEqual({
      jsonrpc: '2.0',
      method: 'call',
      id: expect.any(Number),
      params: {
        service: 'object',
        method: 'execute_kw',
        args: [
          'shop',
          2,
          PASSWORD,
          'res.partner',
          'search_read',
          [],
          {
            domain: [['is_company', '=', true]],
            fields: ['name'],
            limit: 5,
            context: { lang: 'en_US', tz: 'UTC', active_test: false },
          },
        ],
      },
    });
    expect(c.stats.calls).toBe(3);
    expect(c.stats.byMethod).toEqual({ version: 1, authenticate: 1, search_read: 1 });
  });

  it('falls back to common.version when /web/webclient/version_info is missing', async () => {
    nock(URL)
      .post('/web/webclient/version_info')
      .reply(404, '<html>Not Found</html>')
      .post('/jsonrpc', (b: Body) => b.params.method === 'version')
      .reply(
        200,
        rpcOk({
          ...versionInfo(17),
          server_version: 'saas~17.2',
          server_version_info: ['saas~17', 2, 0, 'final', 0, ''],
        }),
      );
    const v = await OdooClient.probeVersion(URL);
    expect(v).toEqual({ serverVersion: 'saas~17.2', major: 17, minor: 2, saas: true });
  });

  it('refuses a wrong password with OdooAuthError (authenticate → false)', async () => {
    mockLogin(18, false);
    const err = await OdooClient.connect(opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OdooAuthError);
    expect((err as Error).message).toContain('"admin"');
    expect((err as Error).message).not.toContain(PASSWORD);
  });

  it('reports an unknown database as OdooNotFoundError', async () => {
    nock(URL)
      .post('/web/webclient/version_info')
      .reply(200, rpcOk(versionInfo(18)))
      .post('/jsonrpc')
      .reply(
        200,
        rpcErr(
          'psycopg2.OperationalError',
          'connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "shop" does not exist\n',
        ),
      );
    const err = await OdooClient.connect(opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OdooNotFoundError);
    expect((err as OdooError).kind).toBe('not_found');
    expect((err as Error).message).toMatch(/database "shop" does not exist/);
  });

  it('reports an unreachable server as OdooTransportError with host and code', async () => {
    nock(URL)
      .post('/web/webclient/version_info')
      .times(2)
      .replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    const err = await OdooClient.connect(opts({ retries: 1 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OdooTransportError);
    expect((err as OdooTransportError).code).toBe('ECONNREFUSED');
    expect((err as OdooTransportError).host).toBe('odoo.test:8069');
    expect((err as Error).message).toContain('odoo.test:8069');
  });

  it('creates a whole batch in ONE call and returns ids in order', async () => {
    let sent: unknown;
    mockLogin()
      .post('/jsonrpc', (b: Body) => {
        sent = b.params.args[5];
        return isExec('create')(b);
      })
      .reply(200, rpcOk([11, 12, 13]));
    const c = await OdooClient.connect(opts());
    const before = c.stats.calls;
    expect(await c.create('res.partner', [{ name: 'a' }, { name: 'b' }, { name: 'c' }])).toEqual([11, 12, 13]);
    expect(c.stats.calls - before).toBe(1);
    expect(sent).toEqual([[{ name: 'a' }, { name: 'b' }, { name: 'c' }]]);
  });

  it('caches fields_get per model', async () => {
    mockLogin()
      .post('/jsonrpc', isExec('fields_get'))
      .once()
      .reply(200, rpcOk({ name: { type: 'char', string: 'Name' } }));
    const c = await OdooClient.connect(opts());
    expect(await c.hasField('res.partner', 'name')).toBe(true);
    expect(await c.hasField('res.partner', 'nope')).toBe(false);
    await c.fieldsGet('res.partner');
    expect(c.stats.byMethod.fields_get).toBe(1);
  });
});

describe('error mapping through the client', () => {
  const cases: [string, string, new (...a: never[]) => OdooError][] = [
    ['odoo.exceptions.AccessError', "You are not allowed to access 'Contact' (res.partner) records.", OdooAccessError],
    [
      'odoo.exceptions.ValidationError',
      'The operation cannot be completed: Contacts require a name',
      OdooValidationError,
    ],
    ['odoo.exceptions.UserError', 'You can not remove the admin user', OdooUserError],
    [
      'odoo.exceptions.MissingError',
      'Record does not exist or has been deleted.\n(Record: res.partner(999999,), User: 2)',
      OdooMissingError,
    ],
    ['odoo.exceptions.UserError', "Object x_nope doesn't exist", OdooNotFoundError],
    ['odoo.exceptions.AccessDenied', 'Access Denied', OdooAuthError],
  ];
  it.each(cases)('%s: %s', async (name, message, cls) => {
    mockLogin().post('/jsonrpc', isExec('write')).reply(200, rpcErr(name, message));
    const c = await OdooClient.connect(opts());
    const err = await c.write('res.partner', [1], { name: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(cls);
    expect((err as OdooError).model).toBe('res.partner');
    expect((err as OdooError).method).toBe('write');
    expect((err as OdooError).db).toBe('shop');
  });

  it('never puts the password in errors, even when Odoo echoes it', async () => {
    mockLogin()
      .post('/jsonrpc', isExec('read'))
      .reply(
        200,
        rpcErr(
          'builtins.TypeError',
          `bad args ('shop', 2, '${PASSWORD}')`,
          `Traceback\n  execute_kw('shop', 2, '${PASSWORD}')`,
        ),
      );
    const c = await OdooClient.connect(opts());
    const err = (await c.read('res.partner', [1], ['name']).catch((e: unknown) => e)) as OdooError;
    expect(err.kind).toBe('server');
    expect(err.message).not.toContain(PASSWORD);
    expect(err.debug).not.toContain(PASSWORD);
    expect(JSON.stringify(err)).not.toContain(PASSWORD);
    expect(inspect(c, { depth: 5 })).not.toContain(PASSWORD);
  });
});

describe('retries', () => {
  it('retries a search_read after 503, a reset connection and a serialization failure', async () => {
    const bodies: string[] = [];
    const record = (b: Body) => {
      bodies.push(JSON.stringify(b));
      return isExec('search_read')(b);
    };
    mockLogin()
      .post('/jsonrpc', record)
      .reply(503, '<html>Service Unavailable</html>')
      .post('/jsonrpc', record)
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
      .post('/jsonrpc', record)
      .reply(200, rpcErr('psycopg2.errors.SerializationFailure', 'could not serialize access due to concurrent update'))
      .post('/jsonrpc', record)
      .reply(200, rpcOk([{ id: 1 }]));
    const c = await OdooClient.connect(opts());
    const domain = [['name', 'ilike', 'a']];
    const frozen = structuredClone(domain);
    expect(await c.searchRead('res.partner', domain, ['name'])).toEqual([{ id: 1 }]);
    expect(c.stats.retries).toBe(3);
    expect(c.stats.byMethod.search_read).toBe(4);
    expect(new Set(bodies).size).toBe(1); // the same bytes every attempt
    expect(domain).toEqual(frozen);
  });

  it('gives up after `retries` extra attempts', async () => {
    mockLogin().post('/jsonrpc', isExec('search')).times(3).reply(502, 'Bad Gateway');
    const c = await OdooClient.connect(opts({ retries: 2 }));
    const err = await c.search('res.partner', []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OdooTransportError);
    expect((err as OdooTransportError).code).toBe('HTTP_502');
    expect(c.stats.byMethod.search).toBe(3);
  });

  it('does not retry a create that timed out (it may have committed)', async () => {
    mockLogin()
      .post('/jsonrpc', isExec('create'))
      .delay(300)
      .reply(200, rpcOk([1]));
    const c = await OdooClient.connect(opts());
    const err = await c.create('res.partner', [{ name: 'x' }], { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OdooTimeoutError);
    expect((err as Error).message).toContain('50 ms');
    expect(c.stats.byMethod.create).toBe(1);
  });

  it('retries a timed-out search_read, and a create marked retryable', async () => {
    mockLogin()
      .post('/jsonrpc', isExec('search_read'))
      .delay(300)
      .reply(200, rpcOk([]))
      .post('/jsonrpc', isExec('search_read'))
      .reply(200, rpcOk([{ id: 3 }]))
      .post('/jsonrpc', isExec('create'))
      .reply(503, '')
      .post('/jsonrpc', isExec('create'))
      .reply(200, rpcOk([9]));
    const c = await OdooClient.connect(opts({ timeoutMs: 50 }));
    expect(await c.searchRead('res.partner', [], ['id'])).toEqual([{ id: 3 }]);
    const values = [{ name: 'x', child_ids: [[0, 0, { name: 'y' }]] }];
    const frozen = structuredClone(values);
    expect(await c.create('res.partner', values, { retryable: true })).toEqual([9]);
    expect(values).toEqual(frozen);
  });

  it('does not retry a validation error, nor a create after 503', async () => {
    mockLogin()
      .post('/jsonrpc', isExec('search'))
      .reply(200, rpcErr('builtins.ValueError', 'Invalid field res.partner.bogus in leaf'))
      .post('/jsonrpc', isExec('create'))
      .reply(503, '');
    const c = await OdooClient.connect(opts());
    await expect(c.search('res.partner', [['bogus', '=', 1]])).rejects.toBeInstanceOf(OdooValidationError);
    const err = await c.create('res.partner', [{ name: 'x' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OdooTransportError);
    expect((err as OdooError).retryable).toBe(true);
    expect(c.stats.retries).toBe(0);
  });

  it('an abort signal stops the call and its retries with the abort reason', async () => {
    mockLogin().post('/jsonrpc', isExec('search')).delay(500).reply(200, rpcOk([]));
    const c = await OdooClient.connect(opts());
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('shutting down')), 20);
    await expect(c.callModel('res.partner', 'search', { domain: [] }, { signal: ac.signal })).rejects.toThrow(
      'shutting down',
    );
    expect(c.stats.retries).toBe(0);
    const ac2 = new AbortController();
    ac2.abort(new Error('stopped'));
    await expect(c.callModel('res.partner', 'search', { domain: [] }, { signal: ac2.signal })).rejects.toThrow(
      'stopped',
    );
  });

  it('policy: full-jitter backoff with a cap, retry only safe + retryable', () => {
    const p = { retries: 3, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(retryDelay(1, p, () => 0.999)).toBe(99);
    expect(retryDelay(3, p, () => 0.5)).toBe(200);
    expect(retryDelay(10, p, () => 0.999)).toBe(999);
    const conc = new OdooConcurrencyError('x');
    expect(shouldRetry(conc, 1, true, p)).toBe(true);
    expect(shouldRetry(conc, 4, true, p)).toBe(false);
    expect(shouldRetry(conc, 1, false, p)).toBe(false);
    expect(shouldRetry(new OdooValidationError('x'), 1, true, p)).toBe(false);
    expect(shouldRetry(new Error('x'), 1, true, p)).toBe(false);
  });
});

describe('/json/2 (Odoo 19)', () => {
  function mockJson2Login(major = 19) {
    nock(URL)
      .post('/web/webclient/version_info')
      .reply(200, rpcOk(versionInfo(major)));
    return nock(URL, { reqheaders: { authorization: `bearer ${API_KEY}`, 'x-odoo-database': 'shop' } })
      .post('/json/2/res.users/context_get', (b: Record<string, unknown>) => !('ids' in b))
      .reply(200, { lang: 'en_US', tz: 'UTC', uid: 2 })
      .post('/json/2/res.users/read', (b: Record<string, unknown>) => JSON.stringify(b.ids) === '[2]')
      .reply(200, [{ id: 2, login: 'admin' }]);
  }

  it("refuses a key that is not the configured user's own", async () => {
    nock(URL)
      .post('/web/webclient/version_info')
      .reply(200, rpcOk(versionInfo(19)))
      .post('/json/2/res.users/context_get')
      .reply(200, { lang: 'en_US', tz: 'UTC', uid: 7 })
      .post('/json/2/res.users/read')
      .reply(200, [{ id: 7, login: 'someone-else' }]);
    const err = await OdooClient.connect(opts({ password: API_KEY, protocol: 'json2' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OdooAuthError);
    expect((err as Error).message).toMatch(/not the key of user "admin"/);
  });

  it('auto-selects json2 for an API key on 19 and sends every call with named arguments', async () => {
    const seen: Record<string, unknown> = {};
    const scope = mockJson2Login();
    for (const m of ['create', 'write', 'search_read', 'read', 'unlink', 'action_confirm', 'fields_get']) {
      scope
        .post(`/json/2/res.partner/${m}`, (b: Record<string, unknown>) => {
          seen[m] = b;
          return true;
        })
        .reply(200, () =>
          JSON.stringify(
            m === 'create'
              ? [5, 6]
              : m === 'search_read' || m === 'read'
                ? [{ id: 5 }]
                : m === 'fields_get'
                  ? {}
                  : true,
          ),
        );
    }
    const c = await OdooClient.connect(opts({ password: API_KEY, context: { lang: 'en_US' } }));
    expect(c.protocol).toBe('json2');
    expect(c.uid).toBe(2);
    expect(await c.create('res.partner', [{ name: 'a' }, { name: 'b' }])).toEqual([5, 6]);
    await c.write('res.partner', [5], { name: 'c' });
    await c.searchRead('res.partner', [['id', '>', 1]], ['name'], { limit: 2, order: 'id' });
    await c.read('res.partner', [5], ['name']);
    await c.unlink('res.partner', [6]);
    await c.callRecords('res.partner', [5], 'action_confirm');
    await c.fieldsGet('res.partner');
    expect(seen).toEqual({
      create: { vals_list: [{ name: 'a' }, { name: 'b' }], context: { lang: 'en_US' } },
      write: { ids: [5], vals: { name: 'c' }, context: { lang: 'en_US' } },
      search_read: { domain: [['id', '>', 1]], fields: ['name'], limit: 2, order: 'id', context: { lang: 'en_US' } },
      read: { ids: [5], fields: ['name'], context: { lang: 'en_US' } },
      unlink: { ids: [6], context: { lang: 'en_US' } },
      action_confirm: { ids: [5], context: { lang: 'en_US' } },
      fields_get: { attributes: expect.any(Array), context: { lang: 'en_US' } },
    });
  });

  it('calls what no table of signatures knew: get_param by name, a wizard button on its ids', async () => {
    const seen: Record<string, unknown> = {};
    mockJson2Login()
      .post('/json/2/ir.config_parameter/get_param', (b: Record<string, unknown>) => {
        seen.get_param = b;
        return true;
      })
      .reply(200, '"6"')
      .post('/json/2/sale.advance.payment.inv/create_invoices', (b: Record<string, unknown>) => {
        seen.create_invoices = b;
        return true;
      })
      .reply(200, 'true');
    const c = await OdooClient.connect(opts({ password: API_KEY, protocol: 'json2' }));
    expect(await c.callModel('ir.config_parameter', 'get_param', { key: 'bc_odoo.setup_version' })).toBe('6');
    await c.callRecords('sale.advance.payment.inv', [9], 'create_invoices', {}, { context: { active_ids: [3] } });
    expect(seen).toEqual({
      get_param: { key: 'bc_odoo.setup_version', context: {} },
      create_invoices: { ids: [9], context: { active_ids: [3] } },
    });
  });

  it('maps JSON error bodies with their HTTP status', async () => {
    const err = (name: string, message: string) => ({
      name,
      message,
      arguments: [message],
      context: {},
      debug: `Traceback\n${name}: ${message}`,
    });
    mockJson2Login()
      .post('/json/2/x.nope/search')
      .reply(404, err('werkzeug.exceptions.NotFound', "the model 'x.nope' does not exist"))
      .post('/json/2/res.partner/write')
      .reply(404, err('odoo.exceptions.MissingError', 'Record does not exist or has been deleted.'))
      .post('/json/2/res.partner/create')
      .reply(422, err('odoo.exceptions.ValidationError', 'Contacts require a name'))
      .post('/json/2/res.partner/unlink')
      .reply(403, err('odoo.exceptions.AccessError', 'You are not allowed to delete'))
      .post('/json/2/sale.order/action_confirm')
      .reply(422, err('odoo.exceptions.UserError', 'Order has no lines'));
    const c = await OdooClient.connect(opts({ password: API_KEY }));
    await expect(c.search('x.nope', [])).rejects.toBeInstanceOf(OdooNotFoundError);
    await expect(c.write('res.partner', [999], { name: 'x' })).rejects.toBeInstanceOf(OdooMissingError);
    await expect(c.create('res.partner', [{}])).rejects.toBeInstanceOf(OdooValidationError);
    await expect(c.unlink('res.partner', [1])).rejects.toBeInstanceOf(OdooAccessError);
    const e = await c.callRecords('sale.order', [1], 'action_confirm').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OdooUserError);
    expect((e as OdooError).httpStatus).toBe(422);
    expect(c.stats.retries).toBe(0);
  });

  it('falls back to /jsonrpc when an API-key-looking secret is refused by /json/2', async () => {
    nock(URL)
      .post('/web/webclient/version_info')
      .reply(200, rpcOk(versionInfo(19)))
      .post('/json/2/res.users/context_get')
      .reply(401, {
        name: 'werkzeug.exceptions.Unauthorized',
        message: 'Invalid apikey',
        arguments: ['Invalid apikey', 401],
        context: {},
        debug: '',
      })
      .post('/jsonrpc', (b: Body) => b.params.method === 'authenticate')
      .reply(200, rpcOk(2));
    const c = await OdooClient.connect(opts({ password: API_KEY }));
    expect(c.protocol).toBe('jsonrpc');
  });

  it('uses /jsonrpc on 19 with a plain password, and refuses json2 on 18', async () => {
    mockLogin(19);
    expect((await OdooClient.connect(opts())).protocol).toBe('jsonrpc');
    nock(URL)
      .post('/web/webclient/version_info')
      .reply(200, rpcOk(versionInfo(18)));
    await expect(OdooClient.connect(opts({ password: API_KEY, protocol: 'json2' }))).rejects.toThrow(/needs Odoo 19/);
    expect(looksLikeApiKey(API_KEY)).toBe(true);
    expect(looksLikeApiKey('admin')).toBe(false);
  });

  it('an invalid key with protocol json2 is an OdooAuthError', async () => {
    nock(URL)
      .post('/web/webclient/version_info')
      .reply(200, rpcOk(versionInfo(19)))
      .post('/json/2/res.users/context_get')
      .reply(401, {
        name: 'werkzeug.exceptions.Unauthorized',
        message: 'Invalid apikey',
        arguments: ['Invalid apikey', 401],
        context: {},
        debug: '',
      });
    const err = await OdooClient.connect(opts({ password: API_KEY, protocol: 'json2' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OdooAuthError);
    expect((err as Error).message).not.toContain(API_KEY);
  });
});
