/**
 * The demo's built-in pieces when no store is configured: the BigCommerce sandbox with its
 * sample store and a local Odoo from ODOO_HOME with a `bcodoo_demo` database, on the ports an
 * operator expects (Odoo 8069, sandbox 8787) unless those are taken, when a free port is used
 * and a line says so.
 */
import { createServer } from 'node:net';
import { defaultInventoryConfig, defaultOrdersConfig, type InstanceConfig } from '../../config/index.js';
import type { Logger } from '../../log/logger.js';
import { DEFAULT_CLI_PORT, startSandbox } from '../../sandbox/index.js';
import { cloneDatabase, databaseExists, freePort, startOdoo } from '../../testbed/odoo-testbed.js';

export const DEMO_DB = 'bcodoo_demo';
export const DEMO_ODOO_PORT = 8069;
export const DEMO_SANDBOX_PORT = DEFAULT_CLI_PORT;
const DASHBOARD_ACTION = 'bc_odoo.action_dashboard';

export interface DemoStack {
  instance: InstanceConfig;
  /** the BigCommerce dashboard in Odoo's web client (its URL scheme changed in Odoo 18) */
  dashboardUrl: string;
  /** in the order they started (sandbox, Odoo); run them in reverse */
  stops: (() => Promise<void>)[];
}

type Say = (line: string) => void;

/** Starts the sandbox, then Odoo (building its template database on a first run), and clones the demo database. */
export async function startDemoStack(logger: Logger, say: Say): Promise<DemoStack> {
  say('no store configured; starting the BigCommerce sandbox (sample store) and a local Odoo from ODOO_HOME');
  const sandbox = await startSandbox({
    store: 'sample',
    logger,
    port: await portOrFree(DEMO_SANDBOX_PORT, 'the sandbox', say),
  });
  try {
    const odoo = await startOdoo({
      dbPrefix: DEMO_DB,
      port: await portOrFree(DEMO_ODOO_PORT, 'Odoo', say),
      progress: say,
    });
    if (!(await databaseExists(odoo.pg, DEMO_DB))) await cloneDatabase(odoo.pg, odoo.template, DEMO_DB);
    say(`sandbox ${sandbox.url} (store ${sandbox.storeHash}); Odoo ${odoo.url} database ${DEMO_DB}`);
    return {
      instance: demoInstance(sandbox, odoo.url),
      dashboardUrl:
        odoo.major >= 18 ? `${odoo.url}/odoo/action-${DASHBOARD_ACTION}` : `${odoo.url}/web#action=${DASHBOARD_ACTION}`,
      stops: [() => sandbox.close(), () => odoo.stop()],
    };
  } catch (err) {
    await sandbox.close().catch(() => undefined);
    throw err;
  }
}

function demoInstance(
  sandbox: { url: string; storeHash: string; accessToken: string },
  odooUrl: string,
): InstanceConfig {
  return {
    name: 'sandbox',
    bigcommerce: {
      storeHash: sandbox.storeHash,
      accessToken: sandbox.accessToken,
      apiBaseUrl: sandbox.url,
      concurrency: 4,
      quotaHeadroom: 0.2,
      timeoutMs: 30_000,
    },
    odoo: { url: odooUrl, db: DEMO_DB, username: 'admin', password: 'admin', protocol: 'jsonrpc', timeoutMs: 60_000 },
    orders: defaultOrdersConfig(),
    payments: [{ isDefault: true }],
    inventory: defaultInventoryConfig(),
  };
}

/** `preferred` when nothing listens on it (loopback), else a free port, with a line saying so. */
export async function portOrFree(preferred: number, what: string, say: Say): Promise<number> {
  if (await isFree(preferred)) return preferred;
  const port = await freePort();
  say(`port ${preferred} is taken; ${what} listens on ${port} instead`);
  return port;
}

export function isFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/**
 * Resolves on the first Ctrl-C (SIGINT) or SIGTERM, so the caller stops Odoo and the sandbox;
 * the handlers are gone by then, so a second one ends the process at once.
 */
export function untilInterrupted(say: Say): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      say('stopping Odoo and the sandbox');
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}
