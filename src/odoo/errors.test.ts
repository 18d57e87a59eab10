import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, registerSecret } from '../log/redact.js';
import {
  OdooAccessError,
  OdooAuthError,
  OdooConcurrencyError,
  OdooError,
  OdooMissingError,
  OdooNotFoundError,
  OdooServerError,
  OdooUserError,
  OdooValidationError,
  classifyOdooError,
  errorFromOdooPayload,
} from './errors.js';

/** The JSON-RPC `error` member Odoo 18 sends (odoo/http.py JsonRPCDispatcher.handle_error + serialize_exception). */
function rpcError(name: string, message: string, extra: { code?: number; debug?: string; arguments?: unknown[] } = {}) {
  return {
    code: extra.code ?? 200,
    message: extra.code === 404 ? '404: Not Found' : 'Odoo Server Error',
    data: {
      name,
      debug:
        extra.debug ??
        `Traceback (most recent call last):\n  File "/opt/odoo/18.0/odoo/http.py", line 1963, in _transactioning\n    return service_model.retrying(func, env=self.env)\n${name}: ${message}\n`,
      message,
      arguments: extra.arguments ?? [message],
      context: {},
    },
  };
}

const ctx = { model: 'res.partner', method: 'write', db: 'shop', url: 'https://erp.example.com:8069' };

describe('errorFromOdooPayload (Odoo 18 /jsonrpc payloads)', () => {
  const cases: [string, string, string, new (...a: never[]) => OdooError, string][] = [
    ['odoo.exceptions.AccessDenied', 'Access Denied', 'auth', OdooAuthError, 'wrong password on execute_kw'],
    ['odoo.http.SessionExpiredException', 'Session expired', 'auth', OdooAuthError, 'session'],
    [
      'odoo.exceptions.AccessError',
      "You are not allowed to modify 'Contact' (res.partner) records.\n\nThis operation is allowed for the following groups:\n\t- Extra Rights/Contact Creation\n\nContact your administrator to request access if necessary.",
      'access',
      OdooAccessError,
      'rights',
    ],
    [
      'odoo.exceptions.ValidationError',
      'The operation cannot be completed: Contacts require a name',
      'validation',
      OdooValidationError,
      'constraint',
    ],
    [
      'builtins.ValueError',
      "Invalid field 'nofield' on model 'res.partner'",
      'validation',
      OdooValidationError,
      'bad field',
    ],
    [
      'psycopg2.errors.InvalidTextRepresentation',
      'invalid input syntax for type integer: "abc"\nLINE 1: ...',
      'validation',
      OdooValidationError,
      'bad value',
    ],
    [
      'psycopg2.errors.UniqueViolation',
      'duplicate key value violates unique constraint "ir_model_data_module_name_uniq_index"',
      'validation',
      OdooValidationError,
      'unique',
    ],
    [
      'odoo.exceptions.UserError',
      'You can not remove the admin user as it is used internally for resources created by Odoo (updates, module installation, ...)',
      'user',
      OdooUserError,
      'business rule',
    ],
    [
      'odoo.exceptions.RedirectWarning',
      'Please define an accounting sales journal for the company My Company (ID: 1).',
      'user',
      OdooUserError,
      'redirect',
    ],
    [
      'odoo.exceptions.MissingError',
      'Record does not exist or has been deleted.\n(Record: res.partner(999999,), User: 2)',
      'missing',
      OdooMissingError,
      'deleted',
    ],
    [
      'psycopg2.errors.SerializationFailure',
      'could not serialize access due to concurrent update\n',
      'concurrency',
      OdooConcurrencyError,
      'serialization',
    ],
    [
      'psycopg2.errors.LockNotAvailable',
      'could not obtain lock on row in relation "res_partner"\n',
      'concurrency',
      OdooConcurrencyError,
      'lock',
    ],
    [
      'psycopg2.errors.DeadlockDetected',
      'deadlock detected\nDETAIL: ...',
      'concurrency',
      OdooConcurrencyError,
      'deadlock',
    ],
    [
      'psycopg2.OperationalError',
      'could not serialize access due to read/write dependencies among transactions',
      'concurrency',
      OdooConcurrencyError,
      'serialize text',
    ],
    ['odoo.exceptions.UserError', "Object no.model doesn't exist", 'not_found', OdooNotFoundError, 'unknown model'],
    [
      'builtins.AttributeError',
      "The method 'res.partner.nomethod' does not exist",
      'not_found',
      OdooNotFoundError,
      'unknown method',
    ],
    [
      'werkzeug.exceptions.NotFound',
      '404 Not Found: The requested URL was not found on the server.',
      'not_found',
      OdooNotFoundError,
      'route',
    ],
    [
      'builtins.TypeError',
      'BaseModel.write() takes 2 positional arguments but 3 were given',
      'server',
      OdooServerError,
      'bug',
    ],
  ];
  it.each(cases)('%s → %s', (name, message, kind, cls) => {
    const e = errorFromOdooPayload(rpcError(name, message), ctx);
    expect(e).toBeInstanceOf(cls);
    expect(e).toBeInstanceOf(OdooError);
    expect(e.kind).toBe(kind);
    expect(e.odooName).toBe(name);
    expect(e.model).toBe('res.partner');
    expect(e.method).toBe('write');
    expect(e.db).toBe('shop');
    expect(e.host).toBe('erp.example.com:8069');
    expect(e.message).toContain(message.trim().split('\n')[0]!);
    expect(e.debug).toContain('Traceback');
    expect(e.retryable).toBe(kind === 'concurrency');
  });

  it('says the database does not exist (psycopg2.OperationalError from Registry(db))', () => {
    const e = errorFromOdooPayload(
      rpcError(
        'psycopg2.OperationalError',
        'connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "nope" does not exist\n',
      ),
      { db: 'nope', url: 'http://odoo:8069', method: 'authenticate' },
    );
    expect(e).toBeInstanceOf(OdooNotFoundError);
    expect(e.message).toMatch(/^database "nope" does not exist on odoo:8069/);
  });

  it('maps KeyError naming the database to not_found, other KeyErrors to server', () => {
    expect(errorFromOdooPayload(rpcError('builtins.KeyError', "'nope'"), { db: 'nope' }).kind).toBe('not_found');
    expect(errorFromOdooPayload(rpcError('builtins.KeyError', "'partner_id'"), { db: 'nope' }).kind).toBe('server');
  });

  it('uses the JSON-RPC code 404 when the name is missing', () => {
    expect(errorFromOdooPayload({ code: 404, message: '404: Not Found', data: { message: 'x' } }).kind).toBe(
      'not_found',
    );
  });

  it('redacts registered secrets from message and traceback', () => {
    registerSecret('hunter2-secret-key');
    const e = errorFromOdooPayload(
      rpcError('odoo.exceptions.AccessDenied', 'bad key hunter2-secret-key', {
        debug: 'Traceback\n  args=(hunter2-secret-key)',
      }),
      ctx,
    );
    expect(e.message).not.toContain('hunter2-secret-key');
    expect(e.debug).not.toContain('hunter2-secret-key');
    expect(e.message).toContain('[REDACTED]');
  });
  afterEach(() => clearSecrets());
});

describe('errorFromOdooPayload (Odoo 19 /json/2 bodies with HTTP status)', () => {
  const body = (name: string, message: string, args: unknown[] = [message]) => ({
    name,
    message,
    arguments: args,
    context: {},
    debug: `Traceback (most recent call last):\n${name}: ${message}\n`,
  });
  const cases: [number, ReturnType<typeof body>, string][] = [
    [401, body('werkzeug.exceptions.Unauthorized', 'Invalid apikey', ['Invalid apikey', 401]), 'auth'],
    [
      403,
      body('odoo.exceptions.AccessError', "You are not allowed to create 'Contact' (res.partner) records."),
      'access',
    ],
    [
      404,
      body('werkzeug.exceptions.NotFound', "the model 'no.model' does not exist", [
        "the model 'no.model' does not exist",
        404,
      ]),
      'not_found',
    ],
    [404, body('odoo.exceptions.MissingError', 'Record does not exist or has been deleted.'), 'missing'],
    [
      422,
      body('odoo.exceptions.ValidationError', 'The operation cannot be completed: Contacts require a name'),
      'validation',
    ],
    [422, body('odoo.exceptions.UserError', 'You cannot delete a confirmed order.'), 'user'],
    [
      422,
      body('werkzeug.exceptions.UnprocessableEntity', "missing a required argument: 'vals_list'", [
        "missing a required argument: 'vals_list'",
        422,
      ]),
      'validation',
    ],
    [
      409,
      body('odoo.exceptions.ConcurrencyError', 'could not serialize access due to concurrent update'),
      'concurrency',
    ],
    [500, body('builtins.ZeroDivisionError', 'division by zero'), 'server'],
    [403, body('some.custom.Forbidden403', 'nope'), 'access'],
  ];
  it.each(cases)('HTTP %i %j', (httpStatus, payload, kind) => {
    const e = errorFromOdooPayload(payload, { ...ctx, httpStatus });
    expect(e.kind).toBe(kind);
    expect(e.httpStatus).toBe(httpStatus);
  });
});

describe('classifyOdooError', () => {
  it('falls back on the HTTP status for unknown names', () => {
    expect(classifyOdooError('x.Y', 'm', { httpStatus: 401 })).toBe('auth');
    expect(classifyOdooError('x.Y', 'm', { httpStatus: 404 })).toBe('not_found');
    expect(classifyOdooError('x.Y', 'm', { httpStatus: 409 })).toBe('concurrency');
    expect(classifyOdooError('x.Y', 'm', { httpStatus: 422 })).toBe('user');
    expect(classifyOdooError('x.Y', 'm')).toBe('server');
  });
});
