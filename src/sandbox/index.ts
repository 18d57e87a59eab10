/**
 * A BigCommerce API simulator for tests, benchmarks and demos: the resources of
 * src/bigcommerce/resources.ts served with BigCommerce's shapes, paging, filters, quota headers
 * and error bodies, over a hand-built sample store or a generated store of any size.
 *
 *   const sb = await startSandbox();           // random port, sample store
 *   fetch(`${sb.url}/stores/${sb.storeHash}/v3/catalog/products`, { headers: { 'X-Auth-Token': sb.accessToken } });
 *   sb.store.touchProduct(101, { price: 1999 }); // cents; an incremental sync must now see it
 *   await sb.close();
 */
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '../log/logger.js';
import { FaultInjector, NO_FAULTS, parseFaultSpec, type FaultSpec } from './faults.js';
import { Quota } from './quota.js';
import { sampleStoreSeed } from './sample-store.js';
import { DEFAULT_SCALE, scaleStoreSeed, type ScaleOptions } from './scale-store.js';
import { createSandboxServer, type SandboxStats } from './server.js';
import { SandboxStore } from './store.js';
import { WebhookDispatcher, type WebhookOptions } from './webhooks.js';

export { RefundError, SandboxStore, type RefundRequest, type StoreSeed, type StoreProfile } from './store.js';
export { parseFaultSpec, type FaultSpec } from './faults.js';
export { parseQuota } from './quota.js';
export { DEFAULT_SCALE, validateScaleOptions, type ScaleOptions } from './scale-store.js';
export type { SandboxStats } from './server.js';
export type { NewOrder } from './store.js';
export type { StoreEvent } from './events.js';
export {
  BIGCOMMERCE_RETRY_SECONDS,
  WebhookDispatcher,
  type DeliveryAttempt,
  type WebhookBody,
  type WebhookOptions,
  type WebhookStats,
} from './webhooks.js';
export type * from './model.js';

export const DEFAULT_STORE_HASH = 'sandbox1';
/** a dummy, not a secret: the sandbox accepts only this token unless told otherwise */
export const DEFAULT_ACCESS_TOKEN = 'sandbox-token';
export const DEFAULT_QUOTA = { requests: 450, windowMs: 30_000 } as const;
export const DEFAULT_CLI_PORT = 8787;

export interface SandboxOptions {
  /** 0 = a random free port (the default) */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /**
   * The base URL clients reach the sandbox by, used in its links and image URLs (e.g.
   * http://sandbox:8787 in docker-compose). Default: the address it listens on, with a
   * wildcard address (0.0.0.0, ::) replaced by the loopback one.
   */
  publicUrl?: string;
  store?: 'sample' | 'scale';
  scale?: ScaleOptions;
  /** the sample store with prices entered with tax (is_price_entered_with_tax); sample store only */
  taxInclusive?: boolean;
  storeHash?: string;
  accessToken?: string;
  /** default 450 requests per 30,000 ms (BigCommerce Pro) */
  quota?: { requests: number; windowMs: number };
  /** e.g. "5xx=0.05,429=0.02,latency=20-80,seed=7" */
  faults?: string | FaultSpec;
  logger?: Logger;
  /**
   * Accept hooks whose destination is plain http or on a port other than 443 (BigCommerce
   * refuses both with a 422). Off by default; for tests and demos that deliver to a local
   * receiver such as http://127.0.0.1:<port>/webhooks.
   */
  allowHttpHooks?: boolean;
  /** delivery of webhooks: retry schedule, deactivation threshold, attempt timeout (webhooks.ts) */
  webhooks?: WebhookOptions;
}

export interface SandboxHandle {
  /** base URL, e.g. http://127.0.0.1:PORT; the API is at `${url}/stores/${storeHash}/v2|v3/...` */
  url: string;
  storeHash: string;
  accessToken: string;
  /** the live data; tests change it through its helpers (touchProduct, addRefund, setStock, ...) */
  store: SandboxStore;
  /**
   * Sends the store's changes to its hooks (/v3/hooks): `webhookStats()`, `attempts()`,
   * `idle()` to wait for deliveries and retries, `send(scope, data)` to fire an event at will.
   */
  webhooks: WebhookDispatcher;
  stats(): SandboxStats;
  close(): Promise<void>;
}

export function buildStore(opts: Pick<SandboxOptions, 'store' | 'scale' | 'taxInclusive'> = {}): SandboxStore {
  if (opts.store === 'scale' && opts.taxInclusive)
    throw new Error('taxInclusive is an option of the sample store only');
  return new SandboxStore(
    opts.store === 'scale'
      ? scaleStoreSeed({ ...DEFAULT_SCALE, ...opts.scale })
      : sampleStoreSeed({ taxInclusive: opts.taxInclusive }),
  );
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<SandboxHandle> {
  const storeHash = opts.storeHash ?? DEFAULT_STORE_HASH;
  const accessToken = opts.accessToken ?? DEFAULT_ACCESS_TOKEN;
  const logger = opts.logger ?? silentLogger;
  const faultSpec =
    opts.faults === undefined ? NO_FAULTS : typeof opts.faults === 'string' ? parseFaultSpec(opts.faults) : opts.faults;
  const store = buildStore(opts);
  store.hooks.allowHttp = opts.allowHttpHooks ?? false;
  let baseUrl = '';
  const { server, stats } = createSandboxServer({
    store,
    storeHash,
    accessToken,
    quota: new Quota(opts.quota ?? DEFAULT_QUOTA),
    faults: new FaultInjector(faultSpec),
    logger,
    baseUrl: () => baseUrl,
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  baseUrl = opts.publicUrl?.replace(/\/+$/, '') ?? listeningUrl(addr);
  logger.info({ url: baseUrl, storeHash, store: store.kind }, 'sandbox listening');
  const webhooks = new WebhookDispatcher(store, storeHash, logger, opts.webhooks);

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    storeHash,
    accessToken,
    store,
    webhooks,
    stats: () => ({ ...stats, byPath: { ...stats.byPath } }),
    close() {
      webhooks.close();
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // keep-alive sockets would otherwise hold close() open until they time out
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** http://<address>:<port>, a wildcard address replaced by loopback (nobody can connect to 0.0.0.0). */
function listeningUrl(addr: AddressInfo): string {
  const wildcard = addr.address === '0.0.0.0' || addr.address === '::';
  const host = wildcard ? '127.0.0.1' : addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return `http://${host}:${addr.port}`;
}
