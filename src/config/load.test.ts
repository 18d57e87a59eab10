import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { redactText } from '../log/redact.js';
import { loadConfig, selectInstance } from './load.js';

function tmpFile(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bcodoo-cfg-'));
  const p = join(dir, 'c.yaml');
  writeFileSync(p, body);
  return p;
}

const GOOD = `
instances:
  - name: main
    bigcommerce:
      store_hash: abc123
      access_token: \${TOKEN}
    odoo:
      url: http://localhost:8069/
      db: prod
      username: admin
      password: \${PW:-fallbackpw}
`;

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig from a file', () => {
  it('interpolates env vars, applies defaults, strips trailing slashes, freezes', () => {
    const cfg = loadConfig({ configPath: tmpFile(GOOD), env: { TOKEN: 'tok-secret-123' } });
    const i = cfg.instances[0]!;
    expect(i.bigcommerce).toEqual({
      storeHash: 'abc123',
      accessToken: 'tok-secret-123',
      apiBaseUrl: 'https://api.bigcommerce.com',
      concurrency: 4,
      quotaHeadroom: 0.2,
      timeoutMs: 30000,
    });
    expect(i.odoo).toMatchObject({ url: 'http://localhost:8069', password: 'fallbackpw', protocol: 'auto' });
    expect(cfg.logLevel).toBe('info');
    expect(Object.isFrozen(i.odoo)).toBe(true);
  });

  it('reports an unset variable with its path', () => {
    expect(issuesOf(() => loadConfig({ configPath: tmpFile(GOOD), env: {} }))).toEqual([
      {
        path: 'instances[0].bigcommerce.access_token',
        message:
          'environment variable TOKEN is not set: set it (export TOKEN=…), or write ${TOKEN:-default} in the file',
      },
    ]);
  });

  it('keeps $${ literal', () => {
    const cfg = loadConfig({
      configPath: tmpFile(GOOD.replace('${PW:-fallbackpw}', () => 'a$${b}c')),
      env: { TOKEN: 't' },
    });
    expect(cfg.instances[0]!.odoo.password).toBe('a${b}c');
  });

  it.each([
    ['a bad URL', GOOD.replace('http://localhost:8069/', 'localhost'), 'instances[0].odoo.url'],
    ['a misspelt key', GOOD.replace('db: prod', 'database: prod'), 'instances[0].odoo'],
    ['a bad protocol', GOOD.replace('db: prod', 'db: prod\n      protocol: xmlrpc'), 'instances[0].odoo.protocol'],
    ['a bad store hash', GOOD.replace('abc123', 'abc/123'), 'instances[0].bigcommerce.store_hash'],
    [
      'headroom out of range',
      GOOD.replace('store_hash: abc123', 'store_hash: abc123\n      quota_headroom: 2'),
      'instances[0].bigcommerce.quota_headroom',
    ],
    ['no instances', 'instances: []', 'instances'],
  ])('rejects %s naming the path', (_label, body, path) => {
    const issues = issuesOf(() => loadConfig({ configPath: tmpFile(body), env: { TOKEN: 't' } }));
    expect(issues.map((i) => i.path)).toContain(path);
  });

  it('reports every problem at once', () => {
    const body = GOOD.replace('http://localhost:8069/', 'nope').replace('db: prod', 'db: ""');
    const issues = issuesOf(() => loadConfig({ configPath: tmpFile(body), env: { TOKEN: 't' } }));
    expect(issues.map((i) => i.path).sort()).toEqual(['instances[0].odoo.db', 'instances[0].odoo.url']);
  });

  it('reports YAML syntax errors with a line', () => {
    const issues = issuesOf(() => loadConfig({ configPath: tmpFile('instances:\n  - name: [unclosed\n'), env: {} }));
    expect(issues[0]!.path).toMatch(/^line \d+/);
  });

  it('rejects duplicate instance names', () => {
    const two = GOOD + GOOD.replace('instances:\n', '');
    const issues = issuesOf(() => loadConfig({ configPath: tmpFile(two), env: { TOKEN: 't' } }));
    expect(issues).toEqual([
      { path: 'instances[1].name', message: 'duplicate instance name "main": give each instance its own' },
    ]);
  });

  it('fails when an explicit file is missing', () => {
    const issues = issuesOf(() => loadConfig({ configPath: '/nonexistent/x.yaml', env: {} }));
    expect(issues[0]!.message).toContain('does not exist');
  });
});

describe('zero-file mode', () => {
  const env = {
    BC_STORE_HASH: 'xyz9',
    BC_ACCESS_TOKEN: 'tok',
    ODOO_URL: 'http://o:8069',
    ODOO_DB: 'd',
    ODOO_USERNAME: 'u',
    ODOO_PASSWORD: 'p',
    ODOO_PROTOCOL: 'jsonrpc',
    BC_API_BASE_URL: 'http://127.0.0.1:8787',
  };
  it('builds one instance from the environment', () => {
    const cfg = loadConfig({ env, cwd: '/nonexistent' });
    expect(cfg.source).toBe('environment');
    expect(cfg.instances).toHaveLength(1);
    expect(cfg.instances[0]!.bigcommerce.apiBaseUrl).toBe('http://127.0.0.1:8787');
    expect(cfg.instances[0]!.odoo.protocol).toBe('jsonrpc');
  });
  it('names the missing variables', () => {
    const issues = issuesOf(() => loadConfig({ env: { BC_STORE_HASH: 'x' }, cwd: '/nonexistent' }));
    expect(issues.map((i) => i.path).sort()).toEqual([
      'env BC_ACCESS_TOKEN',
      'env ODOO_DB',
      'env ODOO_PASSWORD',
      'env ODOO_URL',
      'env ODOO_USERNAME',
    ]);
  });
  it('says how to configure when nothing is given', () => {
    const issues = issuesOf(() => loadConfig({ env: {}, cwd: '/nonexistent' }));
    expect(issues[0]!.message).toContain('BC_STORE_HASH');
  });
  it('--log-level overrides', () => {
    expect(loadConfig({ env, cwd: '/nonexistent', logLevel: 'debug' }).logLevel).toBe('debug');
  });
});

describe('selectInstance', () => {
  const two = GOOD + GOOD.replace('instances:\n', '').replace('name: main', 'name: second');
  const cfg = loadConfig({ configPath: tmpFile(two), env: { TOKEN: 't' } });
  it('requires --instance when several exist', () => {
    expect(issuesOf(() => selectInstance(cfg))[0]!.message).toContain('--instance');
  });
  it('finds by name and rejects unknown names', () => {
    expect(selectInstance(cfg, 'second').name).toBe('second');
    expect(issuesOf(() => selectInstance(cfg, 'nope'))[0]!.message).toContain('main, second');
  });
});

describe('orders and payments', () => {
  const withOrders = (extra: string) => GOOD + extra;
  it('defaults: documented status map, adjust on mismatch, one built-in default payment row', () => {
    const i = loadConfig({ configPath: tmpFile(GOOD), env: { TOKEN: 't' } }).instances[0]!;
    expect(i.orders.statusMap[0]).toBe('skip');
    expect(i.orders.statusMap[5]).toBe('cancel');
    expect(i.orders.statusMap[10]).toBe('confirm+invoice+paid');
    expect(i.orders.totalMismatch).toBe('adjust');
    expect(i.payments).toEqual([{ isDefault: true }]);
  });
  it('merges a status_map over the defaults, keyed by id', () => {
    const i = loadConfig({
      configPath: tmpFile(
        withOrders(
          '    orders:\n      status_map:\n        "11": confirm\n        "20": quotation\n      total_mismatch: fail\n',
        ),
      ),
      env: { TOKEN: 't' },
    }).instances[0]!;
    expect(i.orders.statusMap[11]).toBe('confirm');
    expect(i.orders.statusMap[20]).toBe('quotation');
    expect(i.orders.statusMap[10]).toBe('confirm+invoice+paid');
    expect(i.orders.totalMismatch).toBe('fail');
  });
  it('payment rows: methods lower-cased, overrides kept', () => {
    const body = withOrders(
      '    payments:\n      - method: Credit Card\n        journal: BNK1\n        currency: EUR\n      - default: true\n        journal: Bank\n',
    );
    expect(loadConfig({ configPath: tmpFile(body), env: { TOKEN: 't' } }).instances[0]!.payments).toEqual([
      { method: 'credit card', isDefault: false, journal: 'BNK1', pricelist: undefined, currency: 'EUR' },
      { method: undefined, isDefault: true, journal: 'Bank', pricelist: undefined, currency: undefined },
    ]);
  });
  it.each([
    [
      'no default row',
      '    payments:\n      - method: Cash\n        journal: CSH1\n',
      'instances[0].payments',
      /exactly one row with default: true \(found 0\)/,
    ],
    [
      'two default rows',
      '    payments:\n      - default: true\n        journal: A\n      - default: true\n        journal: B\n',
      'instances[0].payments',
      /found 2/,
    ],
    [
      'a row without a method',
      '    payments:\n      - journal: A\n      - default: true\n        journal: B\n',
      'instances[0].payments[0].method',
      /is required/,
    ],
    [
      'a method mapped twice',
      '    payments:\n      - method: Cash\n        journal: A\n      - method: cash\n        journal: B\n      - default: true\n        journal: C\n',
      'instances[0].payments[1].method',
      /already mapped/,
    ],
    [
      'an unknown action',
      '    orders:\n      status_map:\n        "2": ship\n',
      'instances[0].orders.status_map.2',
      /must be one of/,
    ],
    [
      'a bad currency',
      '    payments:\n      - default: true\n        journal: A\n        currency: euro\n',
      'instances[0].payments[0].currency',
      /ISO currency/,
    ],
  ])('rejects %s', (_l, extra, path, message) => {
    const issues = issuesOf(() => loadConfig({ configPath: tmpFile(withOrders(extra)), env: { TOKEN: 't' } }));
    const hit = issues.find((i) => i.path === path);
    expect(hit, JSON.stringify(issues)).toBeDefined();
    expect(hit!.message).toMatch(message);
  });
});

describe('daemon schedule and settings', () => {
  const load = (extra: string, env: NodeJS.ProcessEnv = {}) =>
    loadConfig({ configPath: tmpFile(GOOD + extra), env: { TOKEN: 't', ...env } });
  const every = (ms: number, text: string) => ({ enabled: true, schedule: { kind: 'every', ms, text } });

  it('defaults: every entity enabled on the documented intervals; loopback endpoint on 9187', () => {
    const cfg = load('');
    expect(cfg.instances[0]!.schedule).toEqual({
      categories: every(3_600_000, '1h'),
      brands: every(3_600_000, '1h'),
      products: every(900_000, '15m'),
      customers: every(900_000, '15m'),
      orders: every(300_000, '5m'),
      refunds: every(600_000, '10m'),
      inventory: every(600_000, '10m'),
      export_inventory: { ...every(300_000, '5m'), enabled: false },
      export_shipments: { ...every(300_000, '5m'), enabled: false },
    });
    expect(cfg.daemon).toEqual({
      http: { host: '127.0.0.1', port: 9187 },
      leaseSeconds: 60,
      shutdownGraceSeconds: 20,
      backoff: { initialSeconds: 10, maxSeconds: 900 },
      readinessCheckSeconds: 60,
    });
    expect(Object.isFrozen(cfg.daemon.http)).toBe(true);
  });

  it('per entity: enabled, every (s/m/h) or cron; entities left out keep their defaults', () => {
    const s = load(
      [
        '    schedule:',
        '      orders: { every: 30s }',
        '      products: { cron: "*/10 * * * *" }',
        '      customers: { enabled: false }',
        '      inventory: { enabled: false, every: 2h }',
        '',
      ].join('\n'),
    ).instances[0]!.schedule!;
    expect(s.orders).toEqual(every(30_000, '30s'));
    expect(s.products).toEqual({ enabled: true, schedule: { kind: 'cron', pattern: '*/10 * * * *' } });
    expect(s.customers).toEqual({ enabled: false, schedule: { kind: 'every', ms: 900_000, text: '15m' } });
    expect(s.inventory).toEqual({ enabled: false, schedule: { kind: 'every', ms: 7_200_000, text: '2h' } });
    expect(s.categories).toEqual(every(3_600_000, '1h'));
  });

  it('daemon section: endpoint, lease, grace, backoff', () => {
    const d = load(
      'daemon:\n  http: { host: 0.0.0.0, port: 0 }\n  lease_seconds: 30\n  shutdown_grace_seconds: 5\n  backoff: { initial_seconds: 1, max_seconds: 60 }\n  readiness_check_seconds: 15\n',
    ).daemon;
    expect(d).toEqual({
      http: { host: '0.0.0.0', port: 0 },
      leaseSeconds: 30,
      shutdownGraceSeconds: 5,
      backoff: { initialSeconds: 1, maxSeconds: 60 },
      readinessCheckSeconds: 15,
    });
  });

  it('BC_ODOO_HTTP_HOST / BC_ODOO_HTTP_PORT fill in what the file leaves out', () => {
    expect(load('', { BC_ODOO_HTTP_HOST: '0.0.0.0', BC_ODOO_HTTP_PORT: '9300' }).daemon.http).toEqual({
      host: '0.0.0.0',
      port: 9300,
    });
    expect(load('daemon:\n  http: { port: 9400 }\n', { BC_ODOO_HTTP_PORT: '9300' }).daemon.http).toEqual({
      host: '127.0.0.1',
      port: 9400,
    });
    const env = {
      BC_STORE_HASH: 'xyz9',
      BC_ACCESS_TOKEN: 'tok',
      ODOO_URL: 'http://o:8069',
      ODOO_DB: 'd',
      ODOO_USERNAME: 'u',
      ODOO_PASSWORD: 'p',
    };
    expect(loadConfig({ env: { ...env, BC_ODOO_HTTP_HOST: '0.0.0.0' }, cwd: '/nonexistent' }).daemon.http).toEqual({
      host: '0.0.0.0',
      port: 9187,
    });
    expect(
      issuesOf(() => loadConfig({ env: { ...env, BC_ODOO_HTTP_PORT: 'http' }, cwd: '/nonexistent' })).map(
        (i) => i.path,
      ),
    ).toEqual(['env BC_ODOO_HTTP_PORT']);
  });

  it.each([
    [
      'an interval without unit',
      '    schedule:\n      orders: { every: "5" }\n',
      'instances[0].schedule.orders.every',
      /unit s, m or h/,
    ],
    [
      'a zero interval',
      '    schedule:\n      orders: { every: 0m }\n',
      'instances[0].schedule.orders.every',
      /unit s, m or h/,
    ],
    ['days', '    schedule:\n      orders: { every: 1d }\n', 'instances[0].schedule.orders.every', /unit s, m or h/],
    [
      'a bad cron pattern',
      '    schedule:\n      products: { cron: "61 * * * *" }\n',
      'instances[0].schedule.products.cron',
      /not a cron pattern \(.*minute/,
    ],
    [
      'a cron pattern of 4 fields',
      '    schedule:\n      products: { cron: "* * * *" }\n',
      'instances[0].schedule.products.cron',
      /not a cron pattern/,
    ],
    [
      'both every and cron',
      '    schedule:\n      products: { every: 5m, cron: "0 * * * *" }\n',
      'instances[0].schedule.products.cron',
      /either every or cron/,
    ],
    [
      'an unknown entity',
      '    schedule:\n      invoices: { every: 5m }\n',
      'instances[0].schedule',
      /unknown key "invoices"/,
    ],
    [
      'a misspelt key',
      '    schedule:\n      orders: { evry: 5m }\n',
      'instances[0].schedule.orders',
      /unknown key "evry"/,
    ],
    [
      'a non-boolean toggle',
      '    schedule:\n      orders: { enabled: "yes" }\n',
      'instances[0].schedule.orders.enabled',
      /must be true or false, not text/,
    ],
    ['a port out of range', 'daemon:\n  http: { port: 70000 }\n', 'daemon.http.port', /65535/],
    ['a fractional port', 'daemon:\n  http: { port: 80.5 }\n', 'daemon.http.port', /whole number/],
    ['a too short lease', 'daemon:\n  lease_seconds: 1\n', 'daemon.lease_seconds', /at least 2/],
    ['a negative grace', 'daemon:\n  shutdown_grace_seconds: -1\n', 'daemon.shutdown_grace_seconds', /./],
    [
      'a backoff cap below its start',
      'daemon:\n  backoff: { initial_seconds: 60, max_seconds: 10 }\n',
      'daemon.backoff.max_seconds',
      /at least initial_seconds/,
    ],
    ['an unknown daemon key', 'daemon:\n  port: 9187\n', 'daemon', /unknown key "port"/],
  ])('rejects %s, naming the path', (_l, extra, path, message) => {
    const issues = issuesOf(() => load(extra));
    const hit = issues.find((i) => i.path === path);
    expect(hit, JSON.stringify(issues)).toBeDefined();
    expect(hit!.message).toMatch(message);
  });

  it('reports every schedule mistake at once', () => {
    const issues = issuesOf(() =>
      load('    schedule:\n      orders: { every: soon }\n      products: { cron: nope }\n'),
    );
    expect(issues.map((i) => i.path).sort()).toEqual([
      'instances[0].schedule.orders.every',
      'instances[0].schedule.products.cron',
    ]);
  });
});

describe('inventory locations', () => {
  const load = (extra: string) =>
    loadConfig({ configPath: tmpFile(GOOD + extra), env: { TOKEN: 't' } }).instances[0]!.inventory;
  it('defaults to no mapping: everything into the main warehouse', () => {
    expect(load('')).toEqual({ locations: new Map() });
  });
  it('maps BigCommerce location ids to Odoo locations by name or id, with an optional default', () => {
    const inv = load(
      '    inventory:\n      locations:\n        1: WH/Stock\n        "2": " Shop/Stock "\n        3: 17\n      default_location: WH/Stock\n',
    );
    expect([...inv.locations]).toEqual([
      [1, 'WH/Stock'],
      [2, 'Shop/Stock'],
      [3, 17],
    ]);
    expect(inv.defaultLocation).toBe('WH/Stock');
  });
  it('the example maps two BigCommerce locations into one', () => {
    const cfg = loadConfig({
      configPath: join(import.meta.dirname, '..', '..', 'config', 'bc-odoo.example.yaml'),
      env: { BC_ACCESS_TOKEN: 'tok', ODOO_PASSWORD: 'pw' },
    });
    expect([...cfg.instances[0]!.inventory.locations]).toEqual([
      [1, 'WH/Stock'],
      [2, 'WH/Stock'],
    ]);
  });
  it.each([
    [
      'a location key that is not an id',
      '    inventory:\n      locations:\n        main: WH/Stock\n',
      'instances[0].inventory.locations.main',
      /"main" is not a BigCommerce location id/,
    ],
    [
      'an empty Odoo location',
      '    inventory:\n      locations:\n        1: ""\n',
      'instances[0].inventory.locations.1',
      /full name such as WH\/Stock, or its id/,
    ],
    [
      'a zero id',
      '    inventory:\n      locations:\n        1: 0\n',
      'instances[0].inventory.locations.1',
      /full name such as WH\/Stock, or its id/,
    ],
    [
      'a bad default',
      '    inventory:\n      default_location: [WH]\n',
      'instances[0].inventory.default_location',
      /Odoo location/,
    ],
    [
      'a misspelt key',
      '    inventory:\n      location:\n        1: WH/Stock\n',
      'instances[0].inventory',
      /unknown key "location"/,
    ],
  ])('rejects %s, naming the path', (_l, extra, path, message) => {
    const issues = issuesOf(() => load(extra));
    const hit = issues.find((i) => i.path === path);
    expect(hit, JSON.stringify(issues)).toBeDefined();
    expect(hit!.message).toMatch(message);
  });
});

describe('config/bc-odoo.example.yaml', () => {
  it('is a valid configuration once its variables are set', () => {
    const cfg = loadConfig({
      configPath: join(import.meta.dirname, '..', '..', 'config', 'bc-odoo.example.yaml'),
      env: { BC_ACCESS_TOKEN: 'tok', ODOO_PASSWORD: 'pw' },
    });
    expect(cfg.instances[0]!.payments.filter((p) => p.isDefault)).toHaveLength(1);
    expect(cfg.instances[0]!.schedule!.products.schedule).toEqual({ kind: 'cron', pattern: '*/15 * * * *' });
    expect(cfg.daemon.http).toEqual({ host: '127.0.0.1', port: 9187 });
  });
});

describe('secrets held by the file', () => {
  const INLINE = GOOD.replace('${TOKEN}', 'tok-inline-4f2a9b').replace(
    'url: http://localhost:8069/',
    'url: http://ops:url-pw-77d1@localhost:8069/',
  );
  const withMode = (body: string, mode: number) => {
    const p = tmpFile(body);
    chmodSync(p, mode);
    return p;
  };

  it('warns (and still loads) when a group- or world-readable file holds secrets inline, naming them and the fix', () => {
    const p = withMode(INLINE, 0o644);
    const cfg = loadConfig({ configPath: p, env: {} });
    expect(cfg.instances[0]!.bigcommerce.accessToken).toBe('tok-inline-4f2a9b');
    expect(cfg.warnings).toEqual([
      `${p} is readable by everyone on this machine (mode 644) and holds secrets inline at instances[0].bigcommerce.access_token, ` +
        `instances[0].odoo.url: run \`chmod 600 ${p}\`, or put them in environment variables and write \${NAME} in the file`,
    ]);
    expect(loadConfig({ configPath: withMode(INLINE, 0o640), env: {} }).warnings![0]).toMatch(
      /readable by its group \(mode 640\)/,
    );
  });

  it('is quiet for a private file, and for secrets that come from the environment', () => {
    expect(loadConfig({ configPath: withMode(INLINE, 0o600), env: {} }).warnings).toEqual([]);
    expect(loadConfig({ configPath: withMode(GOOD, 0o644), env: { TOKEN: 'tok-secret-123' } }).warnings).toEqual([]);
  });

  it('registers a password carried by a URL as a secret', () => {
    loadConfig({ configPath: withMode(INLINE, 0o600), env: {} });
    expect(redactText('GET http://localhost:8069/x failed, password url-pw-77d1')).toBe(
      'GET http://localhost:8069/x failed, password [REDACTED]',
    );
  });
});

describe('stock master and shipments', () => {
  const load = (extra: string) => loadConfig({ configPath: tmpFile(GOOD + extra), env: { TOKEN: 't' } });

  it('defaults: BigCommerce is stock master, free quantity, carriers by delivery type', () => {
    const i = load('').instances[0]!;
    expect(i.stock).toEqual({ master: 'bigcommerce', exportQuantity: 'free' });
    expect(i.shipments).toEqual({ carriers: new Map() });
    expect(i.schedule!.inventory.enabled).toBe(true);
    expect(i.schedule!.export_inventory.enabled).toBe(false);
  });

  it('stock master odoo: the exports run, the inventory import does not; the carrier map compiled', () => {
    const i = load(
      [
        '    stock: { master: odoo, export_quantity: on_hand }',
        '    shipments:',
        '      carriers:',
        '        "Local Courier": { tracking_carrier: dpd-uk }',
        '        FedEx Ground: { shipping_provider: fedex }',
        '',
      ].join('\n'),
    ).instances[0]!;
    expect(i.stock).toEqual({ master: 'odoo', exportQuantity: 'on_hand' });
    expect(i.shipments!.carriers).toEqual(
      new Map([
        ['local courier', { trackingCarrier: 'dpd-uk' }],
        ['fedex ground', { shippingProvider: 'fedex' }],
      ]),
    );
    expect(i.schedule!.inventory.enabled).toBe(false);
    expect(i.schedule!.export_inventory.enabled).toBe(true);
    expect(i.schedule!.export_shipments.enabled).toBe(true);
  });

  it.each([
    ['an unknown master', '    stock: { master: shopify }\n', 'instances[0].stock.master', /bigcommerce, odoo/],
    [
      'an unknown quantity',
      '    stock: { export_quantity: available }\n',
      'instances[0].stock.export_quantity',
      /free, on_hand, forecast/,
    ],
    [
      'the inventory import enabled while Odoo is master',
      '    stock: { master: odoo }\n    schedule:\n      inventory: { enabled: true }\n',
      'instances[0].schedule.inventory.enabled',
      /stock.master is odoo/,
    ],
    [
      'the stock export enabled while BigCommerce is master',
      '    schedule:\n      export_inventory: { enabled: true }\n',
      'instances[0].schedule.export_inventory.enabled',
      /set stock.master: odoo/,
    ],
    [
      'one Odoo location for two BigCommerce locations, Odoo master',
      '    stock: { master: odoo }\n    inventory:\n      locations: { 1: WH/Stock, 2: WH/Stock }\n',
      'instances[0].inventory.locations.2',
      /already mapped from BigCommerce location 1/,
    ],
    [
      'a shipping provider BigCommerce does not know',
      '    shipments:\n      carriers:\n        Post: { shipping_provider: dhl }\n',
      'instances[0].shipments.carriers.Post.shipping_provider',
      /carrier_<id>/,
    ],
    [
      'a tracking carrier that is no slug',
      '    shipments:\n      carriers:\n        Post: { tracking_carrier: "DPD UK" }\n',
      'instances[0].shipments.carriers.Post.tracking_carrier',
      /Aftership courier slug/,
    ],
    [
      'a carrier entry saying nothing',
      '    shipments:\n      carriers:\n        Post: {}\n',
      'instances[0].shipments.carriers.Post',
      /shipping_provider, tracking_carrier or both/,
    ],
  ])('%s: exit-2 issue at its path', (_label, extra, path, message) => {
    const issues = issuesOf(() => load(extra));
    expect(issues.map((i) => i.path)).toContain(path);
    expect(issues.find((i) => i.path === path)!.message).toMatch(message);
  });

  it('two BigCommerce locations may share an Odoo location while BigCommerce is master', () => {
    expect(
      load('    inventory:\n      locations: { 1: WH/Stock, 2: WH/Stock }\n').instances[0]!.inventory.locations.size,
    ).toBe(2);
  });
});
