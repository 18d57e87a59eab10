/**
 * What the demo prints once the built-in stack is imported and left running: where Odoo is,
 * how to log in, where to click, and the variables that point the CLI at the same sandbox and
 * Odoo from another terminal (zero-file mode, src/config/env.ts). Pure: text in, text out.
 */
import type { InstanceConfig } from '../../config/index.js';

export interface RunningDemo {
  instance: InstanceConfig;
  dashboardUrl: string;
  /** false: the demo stops everything right after printing this */
  keep: boolean;
}

export function describeRunningDemo({ instance, dashboardUrl, keep }: RunningDemo): string {
  const { odoo } = instance;
  const lines = [
    '',
    `See it in Odoo: ${odoo.url}/web/login  (database ${odoo.db}, login ${odoo.username} / ${odoo.password})`,
    '  click the BigCommerce menu › Dashboard, or open',
    `  ${dashboardUrl}`,
    "  A store's card counts what was imported (each count opens those records);",
    '  BigCommerce › Operation Logs has a record of every run.',
  ];
  if (!keep) {
    lines.push('', 'demo: stopping Odoo and the sandbox (--exit); run without --exit to leave them running', '');
    return lines.join('\n');
  }
  lines.push(
    '',
    'Try the CLI against this sandbox and Odoo from another terminal:',
    '',
    ...exportBlock(instance).map((l) => `  ${l}`),
    '  node dist/cli.js test-connection',
    '  node dist/cli.js import orders --full',
    '',
    'demo: running; press Ctrl-C to stop Odoo and the sandbox',
    '',
  );
  return lines.join('\n');
}

/** `export NAME=value` lines for zero-file mode; the sandbox's token is a fixed dummy, not a secret. */
export function exportBlock(instance: InstanceConfig): string[] {
  const { bigcommerce: bc, odoo } = instance;
  const vars: [string, string][] = [
    ['BC_INSTANCE_NAME', instance.name],
    ['BC_API_BASE_URL', bc.apiBaseUrl],
    ['BC_STORE_HASH', bc.storeHash],
    ['BC_ACCESS_TOKEN', bc.accessToken],
    ['ODOO_URL', odoo.url],
    ['ODOO_DB', odoo.db],
    ['ODOO_USERNAME', odoo.username],
    ['ODOO_PASSWORD', odoo.password],
  ];
  return vars.map(([k, v]) => `export ${k}=${shellQuote(v)}`);
}

function shellQuote(v: string): string {
  return /^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}
