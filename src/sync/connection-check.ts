/**
 * Checks both sides of an instance, as `bc-odoo test-connection` and the daemon's /readyz do:
 * BigCommerce (GET /v2/store with the token) and Odoo (reachable, version, login, setup done,
 * rights present). Each failure carries a reason a user can act on — bad token, unreachable
 * host, wrong database, wrong credentials — decided from the typed errors, never from text.
 */
import {
  BigCommerceAuthError, BigCommerceNetworkError, BigCommerceNotFoundError, BigCommerceTimeoutError,
} from '../bigcommerce/errors.js';
import { redactText } from '../log/redact.js';
import { OdooAuthError, OdooNotFoundError, OdooTimeoutError, OdooTransportError } from '../odoo/errors.js';
import type { OdooRpc } from '../odoo/rpc.js';
import { MODELS, SETUP_VERSION } from '../odoo/setup/schema.js';

export type FailureReason =
  | 'bad_token' | 'unreachable' | 'unknown_store' | 'timeout'
  | 'wrong_database' | 'bad_credentials' | 'setup_missing' | 'rights_missing' | 'error';

export interface SideResult {
  ok: boolean;
  /** connection failures (exit 3) as opposed to an Odoo that is reachable but not ready (exit 1) */
  connectionFailure: boolean;
  reason?: FailureReason;
  message: string;
  ms: number;
}

export interface StoreInfo {
  name: string;
  plan_name?: string;
  plan_level?: string;
  currency?: string;
}

export interface BigCommerceCheckResult extends SideResult {
  store?: StoreInfo;
}

export async function checkBigCommerce(getStore: () => Promise<StoreInfo>): Promise<BigCommerceCheckResult> {
  const t0 = Date.now();
  try {
    const store = await getStore();
    const plan = store.plan_name || store.plan_level;
    return {
      ok: true, connectionFailure: false, store, ms: Date.now() - t0,
      message: `store "${store.name}"${plan ? `, plan ${plan}` : ''}${store.currency ? `, currency ${store.currency}` : ''}`,
    };
  } catch (err) {
    const ms = Date.now() - t0;
    const text = redactText(err instanceof Error ? err.message : String(err));
    if (err instanceof BigCommerceAuthError) return fail('bad_token', `the access token was refused (${text}); check bigcommerce.access_token and its scopes`, ms);
    if (err instanceof BigCommerceNotFoundError) return fail('unknown_store', `no such store (${text}); check bigcommerce.store_hash and api_base_url`, ms);
    if (err instanceof BigCommerceNetworkError) return fail('unreachable', `host unreachable (${text}); check bigcommerce.api_base_url and the network`, ms);
    if (err instanceof BigCommerceTimeoutError) return fail('timeout', `no answer in time (${text})`, ms);
    return fail('error', text, ms);
  }
}

export interface OdooCheckResult extends SideResult {
  version?: string;
  uid?: number;
  setupVersion?: string | false;
  missingRights?: string[];
}

/** Rights each command needs, checked with check_access_rights as the configured user. */
export const REQUIRED_RIGHTS: readonly [model: string, op: 'read' | 'write' | 'create'][] = [
  ...MODELS.flatMap((m) => [[m.model, 'read'], [m.model, 'create'], [m.model, 'write']] as [string, 'read' | 'create' | 'write'][]),
  ['product.template', 'create'], ['product.category', 'create'], ['res.partner', 'create'],
  ['sale.order', 'create'], ['account.move', 'create'], ['stock.quant', 'create'],
];

export async function checkOdoo(connect: () => Promise<OdooRpc & { version: { serverVersion: string } }>, where: { url: string; db: string; username: string }): Promise<OdooCheckResult & { client?: OdooRpc }> {
  const t0 = Date.now();
  let client: (OdooRpc & { version: { serverVersion: string } }) | undefined;
  try {
    client = await connect();
  } catch (err) {
    const ms = Date.now() - t0;
    const text = redactText(err instanceof Error ? err.message : String(err));
    if (err instanceof OdooAuthError) return fail('bad_credentials', `login refused for user "${where.username}" on database "${where.db}"; check odoo.username and odoo.password`, ms);
    if (err instanceof OdooNotFoundError) return fail('wrong_database', `database "${where.db}" not found at ${where.url} (${text}); check odoo.db`, ms);
    if (err instanceof OdooTransportError) return fail('unreachable', `Odoo unreachable at ${where.url} (${text}); check odoo.url`, ms);
    if (err instanceof OdooTimeoutError) return fail('timeout', `Odoo did not answer in time at ${where.url}`, ms);
    return fail('error', text, ms);
  }
  const base = { version: client.version.serverVersion, uid: client.uid, client };
  const setupVersion = await client.call<string | false>('ir.config_parameter', 'get_param', ['bc_odoo.setup_version']).catch(() => false as const);
  const models = await client.searchRead<{ model: string }>('ir.model', [['model', 'in', MODELS.map((m) => m.model)]], ['model']);
  if (models.length < MODELS.length || !setupVersion) {
    return {
      ...base, ok: false, connectionFailure: false, reason: 'setup_missing', setupVersion, ms: Date.now() - t0,
      message: `Odoo ${base.version}, logged in as "${where.username}", but setup has not run on "${where.db}": run \`bc-odoo setup\``,
    };
  }
  const missingRights: string[] = [];
  const checks = await Promise.all(REQUIRED_RIGHTS.map(([model, op]) =>
    client!.call<boolean>(model, 'check_access_rights', [op], { raise_exception: false }).catch(() => false)));
  checks.forEach((ok, n) => { if (!ok) missingRights.push(`${REQUIRED_RIGHTS[n]![1]} ${REQUIRED_RIGHTS[n]![0]}`); });
  const outdated = setupVersion !== SETUP_VERSION ? ` (setup version ${setupVersion}, this bc-odoo expects ${SETUP_VERSION}: run \`bc-odoo setup\`)` : '';
  if (missingRights.length) {
    return {
      ...base, ok: false, connectionFailure: false, reason: 'rights_missing', setupVersion, missingRights, ms: Date.now() - t0,
      message: `Odoo ${base.version}, logged in as "${where.username}", missing rights: ${missingRights.join(', ')} (add the user to "BigCommerce User" and the Sales, Inventory and Invoicing groups)`,
    };
  }
  return {
    ...base, ok: !outdated, connectionFailure: false, reason: outdated ? 'setup_missing' : undefined, setupVersion, ms: Date.now() - t0,
    message: `Odoo ${base.version} at ${where.url}, database "${where.db}", logged in as "${where.username}" (uid ${client.uid}), setup done, rights present${outdated}`,
  };
}

function fail(reason: FailureReason, message: string, ms: number): SideResult & { ok: false } {
  const connectionFailure = reason !== 'setup_missing' && reason !== 'rights_missing' && reason !== 'error';
  return { ok: false, connectionFailure, reason, message, ms };
}
