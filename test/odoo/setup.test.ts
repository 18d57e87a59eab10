import { beforeAll, describe, expect, it } from 'vitest';
import { BigCommerceClient } from '../../src/bigcommerce/client.js';
import { silentLogger } from '../../src/log/logger.js';
import { OdooClient } from '../../src/odoo/client.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { setupInstance } from '../../src/sync/setup-instance.js';
import { importBed } from '../support/import.js';
import { runSetup } from '../../src/odoo/setup/apply.js';
import { EXTRA_FIELDS } from '../../src/odoo/setup/own-model-fields.js';
import { MODELS } from '../../src/odoo/setup/schema.js';
import { freshDatabase, type TestOdoo } from '../support/odoo.js';

let odoo: TestOdoo;
let client: OdooClient;

beforeAll(async () => {
  odoo = await freshDatabase('setup');
  client = await OdooClient.connect({
    url: odoo.url,
    db: odoo.db,
    username: odoo.username,
    password: odoo.password,
    protocol: 'jsonrpc',
  });
});

describe('bc-odoo setup on a fresh Odoo', () => {
  it('creates the models, fields, group, access, views, actions and menus, then changes nothing on a second run', async () => {
    const first = await runSetup(client);
    expect(first.created.length).toBeGreaterThan(30);
    for (const m of MODELS) expect(first.created).toContain(`ir.model ${m.model}`);

    // The models answer over RPC with every declared field.
    for (const m of MODELS) {
      const fields = await client.fieldsGet(m.model);
      for (const f of m.fields) expect(Object.keys(fields), `${m.model}.${f.name}`).toContain(f.name);
    }
    for (const f of EXTRA_FIELDS) expect(Object.keys(await client.fieldsGet(f.model))).toContain(f.name);

    const writeDatesBefore = await client.searchRead<{ write_date: string }>(
      'ir.ui.view',
      [['model', 'like', 'x_bc_']],
      ['write_date'],
    );
    const second = await runSetup(client);
    expect(second.created).toEqual([]);
    expect(second.updated).toEqual([]);
    expect(second.unchanged).toBeGreaterThan(30);
    const writeDatesAfter = await client.searchRead<{ write_date: string }>(
      'ir.ui.view',
      [['model', 'like', 'x_bc_']],
      ['write_date'],
    );
    expect(writeDatesAfter).toEqual(writeDatesBefore);
  });

  it('gives the BigCommerce User group access and a menu with working views', async () => {
    const [group] = await client.searchRead<{ id: number; name: string }>(
      'res.groups',
      [['name', '=', 'BigCommerce User']],
      ['name'],
    );
    expect(group).toBeDefined();
    const access = await client.searchRead<{ model_id: [number, string] }>(
      'ir.model.access',
      [['group_id', '=', group!.id]],
      ['model_id'],
    );
    // every custom model, plus external ids (ir.model.data), which the binder reads and writes
    expect(access.length).toBe(MODELS.length + 1);

    // A non-admin user in the group can create and read an operation log through the ORM.
    const [login] = [`bcuser_${Date.now()}`];
    const [userId] = await client.create('res.users', [
      {
        name: 'BC User',
        login,
        password: 'bc-user-pass-1',
        groups_id: [
          [
            6,
            0,
            [
              group!.id,
              (
                await client.searchRead<{ res_id: number }>(
                  'ir.model.data',
                  [
                    ['module', '=', 'base'],
                    ['name', '=', 'group_user'],
                  ],
                  ['res_id'],
                )
              )[0]!.res_id,
            ],
          ],
        ],
      },
    ]);
    expect(userId).toBeGreaterThan(0);
    const asUser = await OdooClient.connect({
      url: odoo.url,
      db: odoo.db,
      username: login,
      password: 'bc-user-pass-1',
      protocol: 'jsonrpc',
    });
    const [logId] = await asUser.create('x_bc_operation_log', [
      { x_name: 'probe', x_operation: 'test', x_status: 'done' },
    ]);
    expect(logId).toBeGreaterThan(0);

    // The menu tree the web client loads for that user contains our root and its children.
    const menus = await asUser.call<{ children: number[]; all_menu_ids?: number[] } & Record<string, unknown>>(
      'ir.ui.menu',
      'load_menus',
      [false],
    );
    const names = Object.values(menus)
      .filter((m): m is { name: string } => !!m && typeof m === 'object' && 'name' in m)
      .map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['BigCommerce', 'Stores', 'Brands', 'Refunds', 'Operation Log']));

    // Every view we made is valid for Odoo's view engine (get_views renders them).
    for (const m of MODELS) {
      const res = await asUser.call<{ views: Record<string, { arch: string }> }>(m.model, 'get_views', [
        [
          [false, 'list'],
          [false, 'form'],
          [false, 'search'],
        ],
      ]);
      expect(res.views.form!.arch).toContain('<form');
      expect(res.views.list!.arch).toMatch(/<(list|tree)/);
    }
  });

  it("turns on Odoo's Variants feature, and for a store selling in EUR activates it with a pricelist and the Pricelists feature, once", async () => {
    const bed = await importBed('setupcur');
    try {
      const sb = bed.sandbox;
      const bc = new BigCommerceClient({
        baseUrl: sb.url,
        storeHash: sb.storeHash,
        accessToken: sb.accessToken,
        logger: silentLogger,
      });
      const first = await setupInstance(bed.admin, bed.instance, silentLogger, bc);
      // Activating a second currency turns on Odoo's Pricelists feature and its default pricelist by itself.
      expect(first.updated).toEqual(expect.arrayContaining(['activated currencies EUR', 'created pricelists in EUR']));
      expect(first.warnings).toEqual([]);
      const groups = await bed.admin.call<Record<string, boolean>>('res.config.settings', 'default_get', [
        ['group_product_variant', 'group_product_pricelist'],
      ]);
      expect(groups).toMatchObject({ group_product_variant: true, group_product_pricelist: true });
      // Odoo's own default pricelist (company currency) comes first, ours after it.
      const pricelists = await bed.admin.searchRead<{ name: string; currency_id: [number, string] }>(
        'product.pricelist',
        [],
        ['name', 'currency_id'],
        { order: 'sequence, id' },
      );
      expect(pricelists.map((p) => p.currency_id[1])).toEqual(['USD', 'EUR']);
      const again = await setupInstance(bed.admin, bed.instance, silentLogger, bc);
      expect([again.created, again.updated]).toEqual([[], []]);
      // A store BigCommerce cannot be reached for: setup still succeeds, and says so.
      const down = await startSandbox({ store: 'sample' });
      await down.close();
      const offline = new BigCommerceClient({
        baseUrl: down.url,
        storeHash: sb.storeHash,
        accessToken: sb.accessToken,
        logger: silentLogger,
        schedulerOptions: { policy: { maxAttempts: 1, maxRateLimitAttempts: 1, baseDelayMs: 10, maxDelayMs: 10 } },
      });
      const off = await setupInstance(bed.admin, bed.instance, silentLogger, offline);
      expect(off.warnings[0]).toMatch(/could not read the store's currencies/);
    } finally {
      await bed.close();
    }
  }, 300_000);
});
