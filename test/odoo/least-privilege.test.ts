/**
 * Least privilege, live: `bc-odoo setup` run by a Settings / Administration user who is not the
 * superuser's admin; then a user with exactly the rights README lists ("BigCommerce Integration" plus
 * Sales / Administrator, Inventory / Administrator, Invoicing / Billing) runs the commands that
 * need no setup rights — test-connection through the CLI, an import of categories through the
 * library — and may create, change and delete bc-odoo's own external ids but no other
 * module's (record rules on ir.model.data made by setup).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OdooClient } from '../../src/odoo/client.js';
import { OdooAccessError } from '../../src/odoo/errors.js';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { categoryImporter } from '../../src/sync/category/importer.js';
import { openImportContext } from '../../src/sync/context.js';
import { runImport } from '../../src/sync/run-import.js';
import { silentLogger } from '../../src/log/logger.js';
import { defaultInventoryConfig, defaultOrdersConfig, type InstanceConfig } from '../../src/config/index.js';
import { runCli } from '../support/cli.js';
import { credentialFor, freshDatabase, type TestOdoo } from '../support/odoo.js';

const TOKEN = 'tok-least-privilege-51c0';
const LOGIN = 'bc-operator';
const PASSWORD = 'operator-pw-93d1';
/** what README's rights section lists for `import` and `test-connection` */
const GROUPS = [
  'bc_odoo.group_integration',
  'base.group_user',
  'sales_team.group_sale_manager',
  'stock.group_stock_manager',
  'account.group_account_invoice',
];

let sandbox: SandboxHandle;
let odoo: TestOdoo;
let admin: OdooClient;
let operator: OdooClient;
/** the operator's password over /jsonrpc, or the API key they made over /json/2 */
let operatorSecret: string;

const xmlid = async (full: string) => {
  const [module, name] = full.split('.') as [string, string];
  const [row] = await admin.searchRead<{ id: number; res_id: number; model: string }>(
    'ir.model.data',
    [
      ['module', '=', module],
      ['name', '=', name],
    ],
    ['res_id', 'model'],
  );
  return row!;
};

function env(over: Record<string, string> = {}): Record<string, string> {
  return {
    BC_STORE_HASH: sandbox.storeHash,
    BC_ACCESS_TOKEN: TOKEN,
    BC_API_BASE_URL: sandbox.url,
    ODOO_URL: odoo.url,
    ODOO_DB: odoo.db,
    ODOO_USERNAME: LOGIN,
    ODOO_PASSWORD: operatorSecret,
    ODOO_PROTOCOL: odoo.protocol,
    ...over,
  };
}

function instance(): InstanceConfig {
  return {
    name: 'default',
    bigcommerce: {
      storeHash: sandbox.storeHash,
      accessToken: TOKEN,
      apiBaseUrl: sandbox.url,
      concurrency: 4,
      quotaHeadroom: 0.2,
      timeoutMs: 30_000,
    },
    odoo: {
      url: odoo.url,
      db: odoo.db,
      username: LOGIN,
      password: operatorSecret,
      protocol: odoo.protocol,
      timeoutMs: 120_000,
    },
    orders: defaultOrdersConfig(),
    payments: [{ isDefault: true }],
    inventory: defaultInventoryConfig(),
  };
}

beforeAll(async () => {
  [sandbox, odoo] = await Promise.all([
    startSandbox({ store: 'sample', accessToken: TOKEN }),
    freshDatabase('leastpriv'),
  ]);
  admin = await OdooClient.connect({
    url: odoo.url,
    db: odoo.db,
    username: odoo.username,
    password: odoo.password,
    protocol: odoo.protocol,
  });
  const groupsField = (await admin.fieldsGet('res.users')).group_ids ? 'group_ids' : 'groups_id';
  // setup as README says: a user of Settings / Administration, not the superuser's admin, with
  // its own API key on /json/2 (its password on /jsonrpc), through the CLI
  const settingsGroups = await Promise.all(
    ['base.group_user', 'base.group_system'].map(async (g) => (await xmlid(g)).res_id),
  );
  await admin.create('res.users', [
    { name: 'Odoo administrator', login: 'bc-setup', password: PASSWORD, [groupsField]: [[6, 0, settingsGroups]] },
  ]);
  const setup = await runCli(
    ['setup'],
    env({ ODOO_USERNAME: 'bc-setup', ODOO_PASSWORD: await credentialFor(odoo, 'bc-setup', PASSWORD) }),
    240_000,
  );
  expect(setup.code, setup.stdout + setup.stderr).toBe(0);
  expect(setup.stdout).toMatch(/setup default: [1-9]\d* created/);
  const groupIds = await Promise.all(GROUPS.map(async (g) => (await xmlid(g)).res_id));
  await admin.create('res.users', [
    { name: 'BigCommerce operator', login: LOGIN, password: PASSWORD, [groupsField]: [[6, 0, groupIds]] },
  ]);
  operatorSecret = await credentialFor(odoo, LOGIN, PASSWORD);
  operator = await OdooClient.connect({
    url: odoo.url,
    db: odoo.db,
    username: LOGIN,
    password: operatorSecret,
    protocol: odoo.protocol,
  });
}, 480_000);

afterAll(async () => {
  await sandbox?.close();
});

describe('a user with the rights README lists, no administration rights', () => {
  it('test-connection reports on both sides and exits 0', async () => {
    const r = await runCli(['test-connection'], env());
    expect(r.stdout + r.stderr).not.toMatch(/not allowed to access/);
    expect(r.stdout).toMatch(/\[default\] Odoo: OK — .*logged in as "bc-operator".*setup done, rights present/);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }, 120_000);

  it('a user lacking some of them gets them named as a finding (exit 1), not a crash', async () => {
    const groupIds = await Promise.all(
      ['bc_odoo.group_user', 'base.group_user'].map(async (g) => (await xmlid(g)).res_id),
    );
    const groupsField = (await admin.fieldsGet('res.users')).group_ids ? 'group_ids' : 'groups_id';
    await admin.create('res.users', [
      { name: 'BigCommerce viewer', login: 'bc-viewer', password: PASSWORD, [groupsField]: [[6, 0, groupIds]] },
    ]);
    const r = await runCli(
      ['test-connection'],
      env({ ODOO_USERNAME: 'bc-viewer', ODOO_PASSWORD: await credentialFor(odoo, 'bc-viewer', PASSWORD) }),
    );
    expect(r.stdout).toMatch(/\[default\] BigCommerce: OK/);
    expect(r.stdout).toMatch(/\[default\] Odoo: FAILED \(rights missing\) — .*missing rights: .*create sale\.order/);
    expect(r.stdout + r.stderr).not.toMatch(/not allowed to access/);
    expect(r.code, r.stdout + r.stderr).toBe(1);
  }, 120_000);

  it('imports categories (external ids in bigcommerce_<hash> and bc_odoo)', async () => {
    const ctx = await openImportContext(instance(), { logger: silentLogger, odoo: operator });
    const s = await runImport(ctx, categoryImporter);
    expect(s.failed).toBe(0);
    expect(s.created).toBeGreaterThan(5);
    const ours = await admin.searchCount('ir.model.data', [
      ['module', '=', ctx.binder.module],
      ['model', '=', 'product.category'],
    ]);
    expect(ours).toBeGreaterThanOrEqual(s.created);
  }, 240_000);

  it('may create, change and delete its own external ids', async () => {
    const [partner] = await operator.create('res.partner', [{ name: 'xmlid target' }]);
    const [mine] = await operator.create('ir.model.data', [
      { module: `bigcommerce_${sandbox.storeHash}`, name: 'probe_1', model: 'res.partner', res_id: partner },
    ]);
    await operator.write('ir.model.data', [mine!], { noupdate: true });
    await operator.unlink('ir.model.data', [mine!]);
    expect(await admin.searchCount('ir.model.data', [['id', '=', mine!]])).toBe(0);
  });

  it("may read, but not change or delete, another module's external id (base.group_system)", async () => {
    const sys = await xmlid('base.group_system');
    const [read] = await operator.searchRead<{ res_id: number }>('ir.model.data', [['id', '=', sys.id]], ['res_id']);
    expect(read!.res_id).toBe(sys.res_id);
    const [partner] = await operator.create('res.partner', [{ name: 'would-be admin group' }]);
    await expect(
      operator.write('ir.model.data', [sys.id], { model: 'res.partner', res_id: partner }),
    ).rejects.toBeInstanceOf(OdooAccessError);
    await expect(operator.unlink('ir.model.data', [sys.id])).rejects.toBeInstanceOf(OdooAccessError);
    await expect(
      operator.create('ir.model.data', [
        { module: 'base', name: 'bc_probe_forged', model: 'res.partner', res_id: partner },
      ]),
    ).rejects.toBeInstanceOf(OdooAccessError);
    expect(await xmlid('base.group_system')).toEqual(sys);
  });

  it('(measured, left open) renaming one of its own into another module under a free name is not caught: Odoo checks write rules before a write only', async () => {
    const [partner] = await operator.create('res.partner', [{ name: 'renamed xmlid' }]);
    const [mine] = await operator.create('ir.model.data', [
      { module: 'bc_odoo', name: 'probe_rename', model: 'res.partner', res_id: partner },
    ]);
    // measured on Odoo 18: allowed (README says so); should Odoo start checking rules after a write, this fails and README can drop it
    const renamed = await operator.write('ir.model.data', [mine!], { module: 'base', name: 'bc_probe_renamed' }).then(
      () => true,
      () => false,
    );
    expect(renamed).toBe(true);
    // an existing id of another module stays out of reach: the unique index refuses the clash
    await expect(operator.write('ir.model.data', [mine!], { module: 'base', name: 'group_system' })).rejects.toThrow();
  });

  it('may add to the operation log and the sync state but delete neither (only what bc-odoo does)', async () => {
    const [log] = await operator.searchRead<{ id: number }>(
      'x_bc_operation_log',
      [['x_operation', '=', 'import']],
      ['id'],
      { limit: 1 },
    );
    expect(log).toBeDefined();
    await expect(operator.unlink('x_bc_operation_log', [log!.id])).rejects.toBeInstanceOf(OdooAccessError);
    expect(await admin.searchCount('x_bc_operation_log', [['id', '=', log!.id]])).toBe(1);
    const [state] = await operator.searchRead<{ id: number; x_cursor: string | false }>(
      'x_bc_sync_state',
      [['x_entity', '=', 'categories']],
      ['x_cursor'],
    );
    await expect(operator.unlink('x_bc_sync_state', [state!.id])).rejects.toBeInstanceOf(OdooAccessError);
    expect(await admin.searchCount('x_bc_sync_state', [['id', '=', state!.id]])).toBe(1);
  });

  it('an administrator in the group keeps full access to every external id', async () => {
    const [partner] = await admin.create('res.partner', [{ name: 'admin xmlid' }]);
    const [other] = await admin.create('ir.model.data', [
      { module: 'some_module', name: 'admin_probe', model: 'res.partner', res_id: partner },
    ]);
    await admin.write('ir.model.data', [other!], { noupdate: true });
    await admin.unlink('ir.model.data', [other!]);
  });
});
