/**
 * The public webhook receiver: its own node:http listener (public-facing behind a TLS proxy,
 * apart from the loopback /metrics one), taking BigCommerce's callbacks on one path. Each
 * request goes through named checks — route, method, secret, size, body, store — and the first
 * that fails answers with its status; an accepted event is handed to `accept` (which only
 * queues it) and answered 200 at once: BigCommerce counts slow answers as failures, retries
 * them and, below a 90 % success ratio, blocklists the destination.
 *
 * Status codes: 404 other paths, 405 other methods, 401 a missing or wrong secret header, 413 a
 * body over the limit (reading stops there), 400 not JSON or not a callback body, 403 a store
 * no configured instance has — the callback is authentic and well-formed, but this daemon is
 * not the one to act on it (an instance removed while its hooks remain): 403 rather than 400
 * says "not here", and BigCommerce's retries end in deactivating the stale hook, which is the
 * cleanup wanted. Neither the secret nor any header is ever logged.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BcWebhookEvent, eventStoreHash } from '../../bigcommerce/webhook-events.js';
import type { Logger } from '../../log/logger.js';
import { WEBHOOK_SECRET_HEADER } from '../../bigcommerce/webhook-events.js';

/** Callbacks are light notifications (a few hundred bytes): anything near this is not one. */
export const MAX_BODY_BYTES = 64 * 1024;

export type RejectReason =
  | 'not_found'
  | 'method'
  | 'unauthorized'
  | 'too_large'
  | 'malformed'
  | 'not_an_event'
  | 'unknown_store';

const STATUS: Readonly<Record<RejectReason, number>> = {
  not_found: 404,
  method: 405,
  unauthorized: 401,
  too_large: 413,
  malformed: 400,
  not_an_event: 400,
  unknown_store: 403,
};

export interface ReceiverOptions {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly secret: string;
  /** lower-cased store hash → whether an instance of this daemon has it */
  knownStore(storeHash: string): boolean;
  /** queues an authentic event of a known store; must not wait for any import */
  accept(event: BcWebhookEvent, receivedAt: number): void;
  /** every refusal, for the metrics */
  onReject?(reason: RejectReason): void;
  readonly logger: Logger;
  readonly maxBodyBytes?: number;
  readonly now?: () => number;
}

export interface WebhookReceiver {
  readonly url: string;
  close(): Promise<void>;
}

type Verdict = { ok: true; event: BcWebhookEvent } | { ok: false; reason: RejectReason; detail?: string };

export async function startReceiver(o: ReceiverOptions): Promise<WebhookReceiver> {
  const log = o.logger.child({ component: 'webhooks' });
  const expected = digest(o.secret);
  const limit = o.maxBodyBytes ?? MAX_BODY_BYTES;
  const now = o.now ?? Date.now;
  const server: Server = createServer((req, res) => {
    const receivedAt = now();
    const early = routeAndAuth(req, o.path, expected, limit);
    if (early) return reject(res, early, log, o.onReject);
    readBody(req, limit).then(
      (body) => {
        const verdict = body.ok ? judge(body.bytes, o.knownStore) : body;
        if (!verdict.ok) return reject(res, verdict, log, o.onReject);
        // Queued before the answer: an event answered 200 is never lost to this process.
        o.accept(verdict.event, receivedAt);
        answer(res, 200, { ok: true });
      },
      () => reject(res, { ok: false, reason: 'malformed', detail: 'the request body could not be read' }, log),
    );
  });
  // Slow senders must not hold sockets open: a callback arrives in one go.
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  await listen(server, o.port, o.host);
  const addr = server.address() as AddressInfo;
  const urlHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${addr.port}${o.path}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** The checks that need no body: path, method, secret, declared size. */
function routeAndAuth(
  req: IncomingMessage,
  path: string,
  expected: Buffer,
  limit: number,
): Extract<Verdict, { ok: false }> | undefined {
  if ((req.url ?? '/').split('?')[0] !== path) return { ok: false, reason: 'not_found' };
  if (req.method !== 'POST') return { ok: false, reason: 'method' };
  if (!secretMatches(req.headers[WEBHOOK_SECRET_HEADER.toLowerCase()], expected))
    return { ok: false, reason: 'unauthorized' };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return { ok: false, reason: 'too_large' };
  return undefined;
}

/**
 * Constant-time comparison of the header with the secret. Both are hashed first, so the
 * buffers timingSafeEqual compares have equal length and the secret's length leaks nothing.
 */
export function secretMatches(header: string | string[] | undefined, expected: Buffer): boolean {
  if (typeof header !== 'string' || !header) return false;
  return timingSafeEqual(digest(header), expected);
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

type Body = { ok: true; bytes: Buffer } | { ok: false; reason: 'too_large' };

/** The body, or too_large as soon as it passes the limit (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve({ ok: false, reason: 'too_large' });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve({ ok: true, bytes: Buffer.concat(chunks) }));
    req.once('error', reject);
  });
}

/** The body's checks: JSON, a callback body, a store of this daemon. */
export function judge(bytes: Buffer, knownStore: (storeHash: string) => boolean): Verdict {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed', detail: 'the body is not JSON' };
  }
  const parsed = BcWebhookEvent.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'not_an_event', detail: 'the body is not a BigCommerce callback' };
  const store = eventStoreHash(parsed.data);
  if (!knownStore(store))
    return { ok: false, reason: 'unknown_store', detail: `store ${store} is not configured on this daemon` };
  return { ok: true, event: parsed.data };
}

function reject(
  res: ServerResponse,
  v: Extract<Verdict, { ok: false }>,
  log: Logger,
  onReject?: (r: RejectReason) => void,
): void {
  onReject?.(v.reason);
  // No headers, no body, no secret: only why, which a scanner of the public port cannot abuse.
  log.debug({ reason: v.reason, detail: v.detail }, `webhook refused: ${v.reason}`);
  const headers: Record<string, string> = {};
  if (v.reason === 'method') headers.Allow = 'POST';
  // A body left unread must not be read after all: the connection ends with the answer.
  if (v.reason === 'too_large' || v.reason === 'unauthorized') headers.Connection = 'close';
  answer(res, STATUS[v.reason], { ok: false, error: v.reason }, headers);
}

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
  if (headers.Connection === 'close') res.once('finish', () => res.req.socket.destroySoon?.());
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
