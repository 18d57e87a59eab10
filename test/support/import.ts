/** Shared builders for live import tests: a set-up Odoo database, a sandbox, an import context. */
import { defaultInventoryConfig, defaultOrdersConfig, type InstanceConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log/logger.js';
import { OdooClient } from '../../src/odoo/client.js';
import { runSetup } from '../../src/odoo/setup/apply.js';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../src/sandbox/index.js';
import { brandImporter } from '../../src/sync/brand/importer.js';
import { categoryImporter } from '../../src/sync/category/importer.js';
import { openImportContext, type ImportContext } from '../../src/sync/context.js';
import { productImporter } from '../../src/sync/product/importer.js';
import { runImport } from '../../src/sync/run-import.js';
import { freshDatabase, type TestOdoo } from './odoo.js';

export interface ImportBed {
  odoo: TestOdoo;
  admin: OdooClient;
  sandbox: SandboxHandle;
  instance: InstanceConfig;
  /** a new context (new clients, fresh call counters) */
  context(): Promise<ImportContext>;
  close(): Promise<void>;
}

/** `on`: a database of another Odoo than the test bed's (e.g. one a test restarts). */
export async function importBed(
  label: string,
  sandboxOpts: SandboxOptions = { store: 'sample' },
  on?: TestOdoo,
): Promise<ImportBed> {
  const [odoo, sandbox] = await Promise.all([on ?? freshDatabase(label), startSandbox(sandboxOpts)]);
  const connect = () =>
    OdooClient.connect({
      url: odoo.url,
      db: odoo.db,
      username: odoo.username,
      password: odoo.password,
      protocol: odoo.protocol,
    });
  const admin = await connect();
  await runSetup(admin);
  const instance: InstanceConfig = {
    name: 'sandbox',
    bigcommerce: {
      storeHash: sandbox.storeHash,
      accessToken: sandbox.accessToken,
      apiBaseUrl: sandbox.url,
      concurrency: 4,
      quotaHeadroom: 0.2,
      timeoutMs: 30_000,
    },
    odoo: {
      url: odoo.url,
      db: odoo.db,
      username: odoo.username,
      password: odoo.password,
      protocol: odoo.protocol,
      timeoutMs: 120_000,
    },
    orders: defaultOrdersConfig(),
    payments: [{ isDefault: true }],
    inventory: defaultInventoryConfig(),
  };
  return {
    odoo,
    admin,
    sandbox,
    instance,
    context: async () => openImportContext(instance, { logger: silentLogger, odoo: await connect() }),
    close: () => sandbox.close(),
  };
}

/** The catalog an entity's tests need first: categories and brands, and products unless told not to. */
export async function importCatalog(ctx: ImportContext, opts: { products?: boolean } = {}): Promise<void> {
  await runImport(ctx, categoryImporter);
  await runImport(ctx, brandImporter);
  if (opts.products ?? true) await runImport(ctx, productImporter);
}

/** res_id of `bigcommerce_<hash>.<name>` */
export async function xmlidTarget(admin: OdooClient, module: string, names: string[]): Promise<Map<string, number>> {
  const rows = await admin.searchRead<{ name: string; res_id: number }>(
    'ir.model.data',
    [
      ['module', '=', module],
      ['name', 'in', names],
    ],
    ['name', 'res_id'],
  );
  return new Map(rows.map((r) => [r.name, r.res_id]));
}

/** The environment that points `bc-odoo` (the built CLI) at this bed's sandbox and database. */
export function cliEnv(bed: ImportBed): Record<string, string> {
  return {
    BC_STORE_HASH: bed.sandbox.storeHash,
    BC_ACCESS_TOKEN: bed.sandbox.accessToken,
    BC_API_BASE_URL: bed.sandbox.url,
    BC_INSTANCE_NAME: bed.instance.name,
    ODOO_URL: bed.odoo.url,
    ODOO_DB: bed.odoo.db,
    ODOO_USERNAME: bed.odoo.username,
    ODOO_PASSWORD: bed.odoo.password,
    ODOO_PROTOCOL: 'jsonrpc',
    BC_ODOO_LOG_LEVEL: 'error',
  };
}
