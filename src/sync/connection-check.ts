/**
 * Checks both sides of an instance, as `bc-odoo test-connection` and the daemon's /readyz do:
 * BigCommerce (GET /v2/store with the token) and Odoo (reachable, version, login, setup done,
 * rights present). Each failure carries a reason a user can act on — bad token, unreachable
 * host, wrong database, wrong credentials — decided from the typed errors, never from text.
 */
import PQueue from 'p-queue';
import { redactText } from '../log/redact.js';
import { OdooAccessError, OdooNotFoundError } from '../odoo/errors.js';
import type { OdooRpc } from '../odoo/rpc.js';
import { integrationRights } from '../odoo/setup/access-rights.js';
import { MODELS, SETUP_VERSION } from '../odoo/setup/schema.js';
import { bigCommerceFailure, odooConnectFailure } from './connection-failure.js';

export type FailureReason =
  | 'bad_token'
  | 'unreachable'
  | 'unknown_store'
  | 'timeout'
  | 'wrong_database'
  | 'bad_credentials'
  | 'setup_missing'
  | 'rights_missing'
  | 'error';

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
      ok: true,
      connectionFailure: false,
      store,
      ms: Date.now() - t0,
      message: `store "${store.name}"${plan ? `, plan ${plan}` : ''}${store.currency ? `, currency ${store.currency}` : ''}`,
    };
  } catch (err) {
    const ms = Date.now() - t0;
    const f = bigCommerceFailure(err);
    return f
      ? fail(f.reason, f.message, ms)
      : fail('error', redactText(err instanceof Error ? err.message : String(err)), ms);
  }
}

export interface OdooCheckResult extends SideResult {
  version?: string;
  uid?: number;
  /** false: setup never ran; undefined: this user may not read it (Settings only), the models and fields were checked instead */
  setupVersion?: string | false;
  missingRights?: string[];
  /** models or fields of this bc-odoo's setup that Odoo lacks */
  missingSetup?: string[];
}

/** Rights each command needs, checked with check_access_rights as the configured user. */
export const REQUIRED_RIGHTS: readonly [model: string, op: 'read' | 'write' | 'create'][] = [
  // what setup gives the BigCommerce Integration group, bar unlink (only for clean-ups, never needed to import)
  ...MODELS.flatMap((m) =>
    (['read', 'create', 'write'] as const)
      .filter((op) => integrationRights(m.model).includes(op))
      .map((op) => [m.model, op] as [string, typeof op]),
  ),
  ['product.template', 'create'],
  ['product.category', 'create'],
  ['res.partner', 'create'],
  ['sale.order', 'create'],
  ['account.move', 'create'],
  ['stock.quant', 'create'],
];

export async function checkOdoo(
  connect: () => Promise<OdooRpc & { version: { serverVersion: string } }>,
  where: { url: string; db: string; username: string },
): Promise<OdooCheckResult & { client?: OdooRpc }> {
  const t0 = Date.now();
  let client: (OdooRpc & { version: { serverVersion: string } }) | undefined;
  try {
    client = await connect();
  } catch (err) {
    const ms = Date.now() - t0;
    const f = odooConnectFailure(err, where);
    return f
      ? fail(f.reason, f.message, ms)
      : fail('error', redactText(err instanceof Error ? err.message : String(err)), ms);
  }
  const base = { version: client.version.serverVersion, uid: client.uid, client };
  const url = redactText(where.url);
  // Neither ir.config_parameter nor ir.model is readable without administration rights, so
  // setup is judged from what every user may see (fields_get), the version only when readable.
  const [setupVersion, shape] = await Promise.all([readSetupVersion(client), checkSetupShape(client)]);
  if (shape.missingModels.length === MODELS.length || setupVersion === false) {
    return {
      ...base,
      ok: false,
      connectionFailure: false,
      reason: 'setup_missing',
      setupVersion,
      ms: Date.now() - t0,
      message: `Odoo ${base.version}, logged in as "${where.username}", but setup has not run on "${where.db}": run \`bc-odoo setup\``,
    };
  }
  const missingRights = await checkRights(client);
  const missingSetup = [...shape.missingModels, ...shape.missingFields];
  const outdated = describeOutdated(setupVersion, missingSetup);
  if (missingRights.length) {
    return {
      ...base,
      ok: false,
      connectionFailure: false,
      reason: 'rights_missing',
      setupVersion,
      missingRights,
      missingSetup,
      ms: Date.now() - t0,
      message:
        `Odoo ${base.version}, logged in as "${where.username}", missing rights: ${missingRights.join(', ')} ` +
        `(add the user to "BigCommerce Integration" and the Sales, Inventory and Invoicing groups)${outdated}`,
    };
  }
  return {
    ...base,
    ok: !outdated,
    connectionFailure: false,
    reason: outdated ? 'setup_missing' : undefined,
    setupVersion,
    missingSetup,
    ms: Date.now() - t0,
    message: `Odoo ${base.version} at ${url}, database "${where.db}", logged in as "${where.username}" (uid ${client.uid}), setup done, rights present${outdated}`,
  };
}

/** The setup version, false when setup never ran, undefined when this user may not read it. */
async function readSetupVersion(client: OdooRpc): Promise<string | false | undefined> {
  try {
    return await client.callModel<string | false>('ir.config_parameter', 'get_param', { key: 'bc_odoo.setup_version' });
  } catch (err) {
    return err instanceof OdooAccessError ? undefined : false;
  }
}

/**
 * The check's calls in flight at once. It asks about every model (fields_get, then each right:
 * some 60 calls); all at once, a few daemons checking together (a pool's members start, or
 * their /ready is polled) hold more cursors than a threaded Odoo has (db_maxconn, 64) and it
 * answers HTTP 500 to everyone. A few at a time costs little more and stays polite.
 */
const CHECK_CALLS_IN_FLIGHT = 4;

/** `fn` over `items`, at most CHECK_CALLS_IN_FLIGHT at a time, results in order. */
function eachLimited<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const queue = new PQueue({ concurrency: CHECK_CALLS_IN_FLIGHT });
  return queue.addAll(items.map((item) => () => fn(item)));
}

/** Models and fields of this bc-odoo's setup that Odoo lacks (fields_get needs no access right). */
async function checkSetupShape(client: OdooRpc): Promise<{ missingModels: string[]; missingFields: string[] }> {
  const missingModels: string[] = [];
  const missingFields: string[] = [];
  await eachLimited(MODELS, async (m) => {
    let have: Record<string, { type: string; selection?: unknown }>;
    try {
      have = await client.fieldsGet(m.model);
    } catch (err) {
      if (err instanceof OdooNotFoundError) return void missingModels.push(m.model);
      throw err;
    }
    for (const f of m.fields) {
      const values = Array.isArray(have[f.name]?.selection)
        ? (have[f.name]!.selection as [string, string][]).map((s) => s[0])
        : [];
      if (!have[f.name] || f.selection?.some(([v]) => !values.includes(v))) missingFields.push(`${m.model}.${f.name}`);
    }
  });
  return { missingModels: missingModels.sort(), missingFields: missingFields.sort() };
}

/** Each required right the user lacks, as "create sale.order": a finding, never a crash. */
async function checkRights(client: OdooRpc): Promise<string[]> {
  const checks = await eachLimited(REQUIRED_RIGHTS, ([model, op]) =>
    client
      .callModel<boolean>(model, 'check_access_rights', { operation: op, raise_exception: false })
      .catch(() => false),
  );
  return REQUIRED_RIGHTS.filter((_, n) => !checks[n]).map(([model, op]) => `${op} ${model}`);
}

function describeOutdated(setupVersion: string | false | undefined, missingSetup: string[]): string {
  if (typeof setupVersion === 'string' && setupVersion !== SETUP_VERSION) {
    return ` (setup version ${setupVersion}, this bc-odoo expects ${SETUP_VERSION}: run \`bc-odoo setup\`)`;
  }
  if (!missingSetup.length) return '';
  const shown =
    missingSetup.slice(0, 5).join(', ') + (missingSetup.length > 5 ? `, … ${missingSetup.length - 5} more` : '');
  return ` (setup is older than this bc-odoo, missing ${shown}: run \`bc-odoo setup\` as an administrator)`;
}

function fail(reason: FailureReason, message: string, ms: number): SideResult & { ok: false } {
  const connectionFailure = reason !== 'setup_missing' && reason !== 'rights_missing' && reason !== 'error';
  return { ok: false, connectionFailure, reason, message, ms };
}
