/**
 * OdooClient against a real Odoo (a fresh database cloned from the template): login, the
 * error class of every failure kind as Odoo really raises it, batching, caching, capabilities.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/testbed/odoo-testbed.js';
import { OdooClient } from '../../src/odoo/client.js';
import { probeCapabilities } from '../../src/odoo/capabilities.js';
import {
  OdooAccessError,
  OdooAuthError,
  OdooMissingError,
  OdooNotFoundError,
  OdooTimeoutError,
  OdooTransportError,
  OdooUserError,
  OdooValidationError,
  type OdooError,
} from '../../src/odoo/errors.js';
import { makeApiKey } from '../../src/testbed/api-key.js';
import { credentialFor, freshDatabase, type TestOdoo } from '../support/odoo.js';

let odoo: TestOdoo;
let admin: OdooClient;

async function failure(p: Promise<unknown>): Promise<OdooError> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as OdooError,
  );
}

beforeAll(async () => {
  odoo = await freshDatabase('client');
  admin = await OdooClient.connect({
    url: odoo.url,
    db: odoo.db,
    username: odoo.username,
    password: odoo.password,
    protocol: odoo.protocol,
    context: { lang: 'en_US', tz: 'UTC' },
  });
});

describe('OdooClient on a live Odoo', () => {
  it('connects over the protocol asked for and counts the version probe and the login', async () => {
    expect(admin.protocol).toBe(odoo.protocol);
    expect(admin.version.major).toBe(odoo.major);
    expect(admin.uid).toBe(2);
    expect(admin.stats.byMethod.version).toBe(1);
    // /json/2 has no login call: the key goes with every request, and its user is looked up once
    if (odoo.protocol === 'json2') expect(admin.stats.byMethod.context_get).toBe(1);
    else expect(admin.stats.byMethod.authenticate).toBe(1);
    const v = await OdooClient.probeVersion(odoo.url);
    expect(v.serverVersion).toMatch(new RegExp(`^${odoo.major}\\.`));
  });

  it('protocol "auto": /json/2 for an API key on Odoo 19+, /jsonrpc for a password (and for any secret before 19)', async () => {
    const key = await makeApiKey(odoo.url, odoo.db, 'admin', odoo.webPassword);
    const auto = (password: string) =>
      OdooClient.connect({ url: odoo.url, db: odoo.db, username: 'admin', password, protocol: 'auto' });
    expect((await auto(key)).protocol).toBe(odoo.major >= 19 ? 'json2' : 'jsonrpc');
    expect((await auto(odoo.webPassword)).protocol).toBe('jsonrpc');
  });

  it('wrong password → OdooAuthError', async () => {
    const e = await failure(
      OdooClient.connect({
        url: odoo.url,
        db: odoo.db,
        username: 'admin',
        password: 'not-the-password',
        protocol: odoo.protocol,
      }),
    );
    expect(e).toBeInstanceOf(OdooAuthError);
    expect(e.message).not.toContain('not-the-password');
  });

  it('unknown database → OdooNotFoundError saying it does not exist', async () => {
    const e = await failure(
      OdooClient.connect({ url: odoo.url, db: `${odoo.db}_nope`, username: 'admin', password: 'admin' }),
    );
    expect(e).toBeInstanceOf(OdooNotFoundError);
    expect(e.kind).toBe('not_found');
    expect(e.message).toMatch(/database ".*_nope" does not exist/);
  });

  it('unreachable port → OdooTransportError with host and ECONNREFUSED', async () => {
    const port = await freePort();
    const e = await failure(
      OdooClient.connect({
        url: `http://127.0.0.1:${port}`,
        db: odoo.db,
        username: 'admin',
        password: 'admin',
        retries: 0,
      }),
    );
    expect(e).toBeInstanceOf(OdooTransportError);
    expect((e as OdooTransportError).code).toBe('ECONNREFUSED');
    expect(e.message).toContain(`127.0.0.1:${port}`);
  });

  it('a tiny timeout → OdooTimeoutError', async () => {
    const e = await failure(
      admin.callModel(
        'res.partner',
        'search_read',
        { domain: [], fields: ['name'] },
        { timeoutMs: 1, retryable: false },
      ),
    );
    expect(e).toBeInstanceOf(OdooTimeoutError);
    expect(e.model).toBe('res.partner');
  });

  it('access error for a user without rights', async () => {
    const caps = await probeCapabilities(admin);
    const [groupUser] = await admin.searchRead<{ res_id: number }>(
      'ir.model.data',
      [
        ['module', '=', 'base'],
        ['name', '=', 'group_user'],
      ],
      ['res_id'],
    );
    const login = `norights_${Date.now()}`;
    await admin.create('res.users', [
      { name: 'No Rights', login, password: 'no-rights-pass-1', [caps.groupUsersField]: [[6, 0, [groupUser!.res_id]]] },
    ]);
    const user = await OdooClient.connect({
      url: odoo.url,
      db: odoo.db,
      username: login,
      password: await credentialFor(odoo, login, 'no-rights-pass-1'),
      protocol: odoo.protocol,
    });
    const e = await failure(user.searchRead('ir.model.data', [], ['name'], { limit: 1 }));
    expect(e).toBeInstanceOf(OdooAccessError);
    expect(e.odooName).toBe('odoo.exceptions.AccessError');
    expect(e.model).toBe('ir.model.data');
    const e2 = await failure(user.create('product.template', [{ name: 'x' }]));
    expect(e2).toBeInstanceOf(OdooAccessError);
  });

  it('validation errors: missing required value, unknown field', async () => {
    const e = await failure(admin.create('res.partner', [{ name: false }]));
    expect(e).toBeInstanceOf(OdooValidationError);
    expect(e.method).toBe('create');
    expect(e.message).toMatch(/require a name/);
    expect(await failure(admin.create('res.partner', [{ name: 'x', no_such_field: 1 }]))).toBeInstanceOf(
      OdooValidationError,
    );
  });

  it('user error: removing the admin user', async () => {
    const e = await failure(admin.unlink('res.users', [2]));
    expect(e).toBeInstanceOf(OdooUserError);
    expect(e.odooName).toBe('odoo.exceptions.UserError');
  });

  it('missing record: write to id 999999', async () => {
    const e = await failure(admin.write('res.partner', [999999], { name: 'x' }));
    expect(e).toBeInstanceOf(OdooMissingError);
  });

  it('unknown model and unknown method → OdooNotFoundError', async () => {
    expect(await failure(admin.search('x_no.such_model', []))).toBeInstanceOf(OdooNotFoundError);
    expect(await failure(admin.callRecords('res.partner', [], 'no_such_method'))).toBeInstanceOf(OdooNotFoundError);
  });

  it('creates 250 records in ONE call', async () => {
    const before = admin.stats.calls;
    const ids = await admin.create(
      'res.partner',
      Array.from({ length: 250 }, (_, i) => ({ name: `Batch ${i}`, ref: `batch-${i}` })),
    );
    expect(admin.stats.calls - before).toBe(1);
    expect(ids).toHaveLength(250);
    const back = await admin.read<{ id: number; ref: string }>('res.partner', [ids[0]!, ids[249]!], ['ref']);
    expect(back.map((r) => r.ref)).toEqual(['batch-0', 'batch-249']);
    expect(await admin.searchCount('res.partner', [['ref', '=like', 'batch-%']])).toBe(250);
  });

  it('caches fields_get per model', async () => {
    const before = admin.stats.byMethod.fields_get ?? 0;
    const f = await admin.fieldsGet('res.partner');
    expect(f.name?.type).toBe('char');
    expect(await admin.hasField('res.partner', 'email')).toBe(true);
    expect(await admin.hasField('res.partner', 'no_such_field')).toBe(false);
    expect((admin.stats.byMethod.fields_get ?? 0) - before).toBeLessThanOrEqual(1);
    await admin.fieldsGet('res.partner');
    expect((admin.stats.byMethod.fields_get ?? 0) - before).toBeLessThanOrEqual(1);
  });

  it(`capabilities of this Odoo (18: is_storable, tax_id, groups_id, list)`, async () => {
    const caps = await probeCapabilities(admin);
    expect(await probeCapabilities(admin)).toBe(caps);
    if (odoo.major === 18) {
      expect(caps).toMatchObject({
        productTypeField: 'type',
        storableField: 'is_storable',
        storableValue: { type: 'consu', is_storable: true },
        saleLineTaxField: 'tax_id',
        groupUsersField: 'groups_id',
        groupImpliedField: 'implied_ids',
        listViewType: 'list',
        hasPublicCategories: true,
        hasProductImages: true,
        hasSale: true,
      });
    }
    // the values actually make a storable product
    const [id] = await admin.create('product.template', [{ name: 'Storable', ...caps.storableValue }]);
    const [p] = await admin.read<Record<string, unknown>>('product.template', [id!], Object.keys(caps.storableValue));
    expect(p).toMatchObject(caps.storableValue);
  });
});
