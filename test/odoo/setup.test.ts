import { beforeAll, describe, expect, it } from 'vitest';
import { BigCommerceClient } from '../../src/bigcommerce/client.js';
import { silentLogger } from '../../src/log/logger.js';
import { OdooClient } from '../../src/odoo/client.js';
import { OdooAccessError } from '../../src/odoo/errors.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { setupInstance } from '../../src/sync/setup-instance.js';
import { importBed } from '../support/import.js';
import { runSetup } from '../../src/odoo/setup/apply.js';
import { EXTRA_FIELDS } from '../../src/odoo/setup/own-model-fields.js';
import { MODELS, SETUP_VERSION } from '../../src/odoo/setup/schema.js';
import { readTaxRounding } from '../../src/odoo/tax-rounding.js';
import { credentialFor, freshDatabase, type TestOdoo } from '../support/odoo.js';

let odoo: TestOdoo;
let client: OdooClient;

beforeAll(async () => {
  odoo = await freshDatabase('setup');
  client = await OdooClient.connect({
    url: odoo.url,
    db: odoo.db,
    username: odoo.username,
    password: odoo.password,
    protocol: odoo.protocol,
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

  it('gives people read-only run history, plural menus and working views; the integration group may write it', async () => {
    const xmlid = async (name: string) =>
      (
        await client.searchRead<{ res_id: number }>(
          'ir.model.data',
          [
            ['module', '=', name.split('.')[0]!],
            ['name', '=', name.split('.')[1]!],
          ],
          ['res_id'],
        )
      )[0]!.res_id;
    const [group, integration, baseUser] = await Promise.all(
      ['bc_odoo.group_user', 'bc_odoo.group_integration', 'base.group_user'].map(xmlid),
    );
    const access = await client.searchRead<{ model_id: [number, string]; group_id: [number, string] }>(
      'ir.model.access',
      [['group_id', 'in', [group!, integration!]]],
      ['model_id', 'group_id'],
    );
    // every custom model for both; external ids (ir.model.data), which the binder writes, for the integration only
    expect(access.filter((a) => a.group_id[0] === group).length).toBe(MODELS.length);
    expect(access.filter((a) => a.group_id[0] === integration).length).toBe(MODELS.length + 1);

    const userClient = async (login: string, groups: number[]) => {
      const groupsField = (await client.fieldsGet('res.users')).group_ids ? 'group_ids' : 'groups_id';
      await client.create('res.users', [
        { name: login, login, password: 'bc-user-pass-1', [groupsField]: [[6, 0, groups]] },
      ]);
      return OdooClient.connect({
        url: odoo.url,
        db: odoo.db,
        username: login,
        password: await credentialFor(odoo, login, 'bc-user-pass-1'),
        protocol: odoo.protocol,
      });
    };
    const asUser = await userClient('bc-person', [group!, baseUser!]);
    const asIntegration = await userClient('bc-integration', [integration!, baseUser!]);

    // The integration writes the run history and the sync state (as bc-odoo does)…
    const [instanceId] = await asIntegration.create('x_bc_instance', [{ x_name: 'probe', x_store_hash: 'probe' }]);
    const [stateId] = await asIntegration.create('x_bc_sync_state', [
      { x_name: 'probe', x_instance_id: instanceId, x_entity: 'products', x_cursor: '2024-01-01T00:00:00Z' },
    ]);
    const [logId] = await asIntegration.create('x_bc_operation_log', [
      { x_name: 'probe', x_operation: 'import', x_status: 'running' },
    ]);
    const [lineId] = await asIntegration.create('x_bc_operation_log_line', [
      { x_log_id: logId, x_bc_id: '1', x_error: 'probe' },
    ]);
    await asIntegration.write('x_bc_operation_log', [logId!], { x_status: 'warning', x_warning_count: 1 });
    await asIntegration.write('x_bc_sync_state', [stateId!], { x_last_status: 'warning' });
    // …a person reads it but creates, changes and deletes none of it: the cursor stays.
    expect(await asUser.searchCount('x_bc_operation_log', [['id', '=', logId!]])).toBe(1);
    const refused = [
      () => asUser.create('x_bc_operation_log', [{ x_name: 'probe', x_operation: 'test' }]),
      () => asUser.write('x_bc_operation_log', [logId!], { x_status: 'done' }),
      () => asUser.unlink('x_bc_operation_log', [logId!]),
      () => asUser.write('x_bc_operation_log_line', [lineId!], { x_error: 'edited' }),
      () => asUser.unlink('x_bc_operation_log_line', [lineId!]),
      () => asUser.write('x_bc_sync_state', [stateId!], { x_cursor: false }),
      () => asUser.unlink('x_bc_sync_state', [stateId!]),
      () => asUser.write('x_bc_instance', [instanceId!], { x_sync_state_ids: [[2, stateId!]] }),
      () => asIntegration.unlink('x_bc_sync_state', [stateId!]),
    ];
    for (const r of refused) await expect(r(), String(r)).rejects.toBeInstanceOf(OdooAccessError);
    const [state] = await client.read<{ x_cursor: string }>('x_bc_sync_state', [stateId!], ['x_cursor']);
    expect(state!.x_cursor).toBe('2024-01-01T00:00:00Z');
    // The store's active toggle stays a person's to switch.
    await asUser.write('x_bc_instance', [instanceId!], { x_active: false });

    // The menu tree the web client loads for a person: our root and its children, titles plural.
    const menus = await asUser.callModel<Record<string, unknown>>('ir.ui.menu', 'load_menus', { debug: false });
    const names = Object.values(menus)
      .filter((m): m is { name: string } => !!m && typeof m === 'object' && 'name' in m)
      .map((m) => m.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'BigCommerce',
        'Dashboard',
        'Stores',
        'Brands',
        'Refunds',
        'Parked Records',
        'Operation Logs',
      ]),
    );
    const actions = await client.searchRead<{ name: string; res_model: string }>(
      'ir.actions.act_window',
      [['res_model', 'in', MODELS.map((m) => m.model)]],
      ['name', 'res_model'],
    );
    for (const m of MODELS) expect(actions.map((a) => a.name)).toContain(m.title);

    // Every view we made is valid for Odoo's view engine (get_views renders them); read-only
    // models offer no create, edit or delete, and the store's sync states are read-only on its form.
    for (const m of MODELS) {
      const res = await asUser.callModel<{ views: Record<string, { arch: string }> }>(m.model, 'get_views', {
        views: [
          [false, 'list'],
          [false, 'form'],
          [false, 'search'],
        ],
      });
      const { form, list } = res.views as { form: { arch: string }; list: { arch: string } };
      expect(form.arch).toContain('<form');
      expect(list.arch).toMatch(/<(list|tree)/);
      for (const arch of [form.arch, list.arch]) {
        if (m.readonlyUi) expect(arch).toMatch(/create="false"[^>]*edit="false"[^>]*delete="false"/);
        else expect(arch.split('>')[0]).not.toContain('create="false"');
      }
    }
    const instanceForm = await asUser.callModel<{ views: { form: { arch: string } } }>('x_bc_instance', 'get_views', {
      views: [[false, 'form']],
    });
    expect(instanceForm.views.form.arch).toMatch(/<field name="x_sync_state_ids"[^>]*readonly="(1|True)"/);
  });

  it('upgrades a database set up by the previous version (5), then changes nothing', async () => {
    // Put back what version 5 had: singular titles, no unchanged/warnings columns or "warning"
    // status, no integration group, and the User group writing run history and external ids.
    const data = async (name: string) =>
      (
        await client.searchRead<{ id: number; res_id: number }>(
          'ir.model.data',
          [
            ['module', '=', 'bc_odoo'],
            ['name', '=', name],
          ],
          ['res_id'],
        )
      )[0]!;
    const user = (await data('group_user')).res_id;
    await client.write('ir.ui.menu', [(await data('menu_operation_log')).res_id], { name: 'Operation Log' });
    await client.write('ir.actions.act_window', [(await data('action_instance')).res_id], { name: 'Store' });
    await client.write('ir.model.access', [(await data('access_sync_state_user')).res_id], {
      perm_write: true,
      perm_create: true,
    });
    await client.write('ir.model.access', [(await data('access_ir_model_data_user')).res_id], { group_id: user });
    const integration = await data('group_integration');
    await client.write('ir.rule', [(await data('rule_ir_model_data_own')).res_id], { groups: [[6, 0, [user]]] });
    // Views naming the new fields go first (Odoo refuses to drop a field a view shows).
    for (const v of ['view_operation_log_list', 'view_operation_log_form', 'view_operation_log_search']) {
      const id = (await data(v)).res_id;
      const [{ type }] = (await client.read<{ type: string }>('ir.ui.view', [id], ['type'])) as [{ type: string }];
      await client.write('ir.ui.view', [id], { arch: `<${type}><field name="x_name"/></${type}>` });
    }
    await client.unlink(
      'ir.model.access',
      await client.search('ir.model.access', [['group_id', '=', integration.res_id]]),
    );
    await client.unlink('res.groups', [integration.res_id]);
    const newFields = await client.searchRead<{ id: number }>(
      'ir.model.fields',
      [
        ['model', '=', 'x_bc_operation_log'],
        ['name', 'in', ['x_unchanged_count', 'x_warning_count']],
      ],
      ['id'],
    );
    await client.unlink(
      'ir.model.fields',
      newFields.map((f) => f.id),
    );
    const warning = await client.searchRead<{ id: number }>(
      'ir.model.fields.selection',
      [
        ['field_id.model', 'in', ['x_bc_operation_log', 'x_bc_sync_state']],
        ['value', '=', 'warning'],
      ],
      ['id'],
    );
    // one field's values per call: Odoo 19 unlinks selection values of a single field at a time
    for (const w of warning) await client.unlink('ir.model.fields.selection', [w.id]);
    await client.callModel('ir.config_parameter', 'set_param', { key: 'bc_odoo.setup_version', value: '5' });

    const upgrade = await runSetup(client);
    expect(upgrade.created).toEqual(
      expect.arrayContaining([
        'res.groups bc_odoo.group_integration',
        'ir.model.fields x_bc_operation_log.x_unchanged_count',
        'ir.model.fields x_bc_operation_log.x_warning_count',
        'ir.model.access bc_odoo.access_sync_state_integration',
      ]),
    );
    expect(upgrade.updated).toEqual(
      expect.arrayContaining([
        'ir.ui.menu bc_odoo.menu_operation_log (name)',
        'ir.actions.act_window bc_odoo.action_instance (name)',
        'ir.model.access bc_odoo.access_sync_state_user (perm_write, perm_create)',
        'ir.model.access bc_odoo.access_ir_model_data_user (group_id)',
        'ir.rule bc_odoo.rule_ir_model_data_own (groups)',
        'ir.ui.view bc_odoo.view_operation_log_list (arch)',
        'ir.model.fields x_bc_operation_log.x_status (selection_ids)',
        'ir.model.fields x_bc_sync_state.x_last_status (selection_ids)',
        `ir.config_parameter bc_odoo.setup_version=${SETUP_VERSION}`,
      ]),
    );
    const again = await runSetup(client);
    expect([again.created, again.updated]).toEqual([[], []]);
  });

  it('rounds tax per line as BigCommerce does, once: an operator who moves the company back is not overruled', async () => {
    const at = await freshDatabase('taxround');
    const admin = await OdooClient.connect({ ...at, protocol: at.protocol });
    const before = await readTaxRounding(admin);
    const first = await runSetup(admin);
    expect(await readTaxRounding(admin)).toBe('round_per_line');
    // Odoo 19 makes companies that round per tax; 17 and 18 round per line already.
    const said = first.updated.filter((u) => /rounds tax per line/.test(u));
    expect(said).toHaveLength(before === 'round_globally' ? 1 : 0);
    const company = (await admin.read<{ company_id: [number, string] }>('res.users', [admin.uid], ['company_id']))[0]!;
    await admin.write('res.company', [company.company_id[0]], { tax_calculation_rounding_method: 'round_globally' });
    const again = await runSetup(admin);
    expect([again.created, again.updated]).toEqual([[], []]);
    expect(await readTaxRounding(admin)).toBe('round_globally');
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
      const groups = await bed.admin.callModel<Record<string, boolean>>('res.config.settings', 'default_get', {
        fields: ['group_product_variant', 'group_product_pricelist'],
      });
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
