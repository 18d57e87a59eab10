import { describe, expect, it } from 'vitest';
import { defaultInventoryConfig, defaultOrdersConfig, type InstanceConfig } from '../../config/index.js';
import { fromEnv } from '../../config/env.js';
import { describeRunningDemo, exportBlock } from './demo-banner.js';

const instance: InstanceConfig = {
  name: 'sandbox',
  bigcommerce: {
    storeHash: 'sandbox1',
    accessToken: 'sandbox-token',
    apiBaseUrl: 'http://127.0.0.1:8787',
    concurrency: 4,
    quotaHeadroom: 0.2,
    timeoutMs: 30_000,
  },
  odoo: {
    url: 'http://127.0.0.1:8069',
    db: 'bcodoo_demo',
    username: 'admin',
    password: 'admin',
    protocol: 'jsonrpc',
    timeoutMs: 60_000,
  },
  orders: defaultOrdersConfig(),
  payments: [{ isDefault: true }],
  inventory: defaultInventoryConfig(),
};
const dashboardUrl = 'http://127.0.0.1:8069/odoo/action-bc_odoo.action_dashboard';

describe('what the demo prints when it is done', () => {
  it('kept running: URL, login, where to click, the export block, how to stop', () => {
    const text = describeRunningDemo({ instance, dashboardUrl, keep: true });
    expect(text).toContain('http://127.0.0.1:8069/web/login');
    expect(text).toContain('admin / admin');
    expect(text).toContain('BigCommerce menu › Dashboard');
    expect(text).toContain(dashboardUrl);
    expect(text).toContain('  export BC_STORE_HASH=sandbox1\n');
    expect(text).toContain('Ctrl-C');
  });

  it('with --exit: no export block (nothing left to point at)', () => {
    const text = describeRunningDemo({ instance, dashboardUrl, keep: false });
    expect(text).not.toContain('export ');
    expect(text).toContain('--exit');
  });

  it('the export block is what zero-file mode reads back into the same instance', () => {
    const env: Record<string, string> = {};
    for (const line of exportBlock(instance)) {
      const m = /^export (\w+)=(.*)$/.exec(line);
      expect(m, line).not.toBeNull();
      env[m![1]!] = m![2]!;
    }
    expect(fromEnv(env)).toEqual({
      instances: [
        {
          name: 'sandbox',
          bigcommerce: { store_hash: 'sandbox1', access_token: 'sandbox-token', api_base_url: 'http://127.0.0.1:8787' },
          odoo: { url: 'http://127.0.0.1:8069', db: 'bcodoo_demo', username: 'admin', password: 'admin' },
        },
      ],
    });
  });

  it('quotes a value the shell would split', () => {
    const odd = { ...instance, odoo: { ...instance.odoo, password: "a b'c" } };
    expect(exportBlock(odd)).toContain(`export ODOO_PASSWORD='a b'\\''c'`);
  });
});
