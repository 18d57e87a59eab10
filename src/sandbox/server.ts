/**
 * The sandbox's HTTP front: store hash and token checks, the quota, injected faults, routing
 * by path and method, the JSON body of a write, and BigCommerce's error shapes — in the order the platform applies them (an unknown store or
 * a bad token never spends quota; a platform-load 429 carries no rate headers; every response
 * the quota saw carries the four X-Rate-Limit-* headers).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../log/logger.js';
import { readJsonBody } from './body.js';
import type { RequestCtx } from './context.js';
import type { FaultInjector } from './faults.js';
import { renderImage } from './images.js';
import { ApiError, errorBody, Query, type ApiVersion } from './query.js';
import { type Quota, rateHeaders, type QuotaState } from './quota.js';
import { findRoute, type Method } from './routes.js';
import type { SandboxStore } from './store.js';

export interface SandboxStats {
  requests: number;
  rateLimited: number;
  faults: number;
  byPath: Record<string, number>;
}

export interface ServerConfig {
  store: SandboxStore;
  storeHash: string;
  accessToken: string;
  quota: Quota;
  faults: FaultInjector;
  logger: Logger;
  /** set once listening: the base URL used in links and image URLs */
  baseUrl: () => string;
}

const STORE_PATH = /^\/stores\/([^/]+)\/(v2|v3)(\/.*)?$/;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function createSandboxServer(cfg: ServerConfig): { server: Server; stats: SandboxStats } {
  const stats: SandboxStats = { requests: 0, rateLimited: 0, faults: 0, byPath: {} };
  const count = (key: string): void => {
    stats.byPath[key] = (stats.byPath[key] ?? 0) + 1;
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    if (status === 204 || body === undefined) {
      res.writeHead(status, headers);
      res.end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  };

  const handleStoreRequest = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    m: RegExpExecArray,
  ): Promise<number> => {
    const [, hash = '', api = 'v3', rest = '/'] = m;
    const version = api as ApiVersion;
    // v2 still answers on `.json` paths; trailing slashes are tolerated on both versions
    let path = rest.length > 1 ? rest.replace(/\/+$/, '') : rest;
    if (version === 'v2') path = path.replace(/\.json$/, '');
    const found = findRoute(version, path);
    count(found ? `/${version}${found.route.template}` : `/${version}/(unknown)`);
    stats.requests++;

    if (hash !== cfg.storeHash) {
      send(res, 404, errorBody(version, 404, 'Store not found.'));
      return 404;
    }
    const token = req.headers['x-auth-token'];
    if (token !== cfg.accessToken) {
      const title =
        token === undefined
          ? 'No credentials were supplied in the request.'
          : 'The credentials supplied in the request are invalid.';
      send(res, 401, errorBody(version, 401, title), rateHeaders(cfg.quota.peek()));
      return 401;
    }

    const fault = cfg.faults.active ? cfg.faults.next() : undefined;
    if (fault && fault.delayMs > 0) await sleep(fault.delayMs);
    if (fault?.kind === '429') {
      stats.faults++;
      send(res, 429, errorBody(version, 429, 'Too many requests. The platform is under heavy load; try again later.'));
      return 429;
    }
    const q: QuotaState = cfg.quota.take();
    const limits = rateHeaders(q);
    if (!q.allowed) {
      stats.rateLimited++;
      send(res, 429, errorBody(version, 429, 'You have exceeded your request quota for this period.'), {
        ...limits,
        'X-Retry-After': String(Math.max(1, Math.ceil(q.resetMs / 1000))),
      });
      return 429;
    }
    if (fault?.kind === '5xx') {
      stats.faults++;
      if (fault.status === 502) {
        // a gateway error comes from the load balancer, as HTML, not from the API
        const html =
          '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';
        res.writeHead(502, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(html), ...limits });
        res.end(html);
      } else {
        const title = fault.status === 500 ? 'Internal Server Error' : 'Service Unavailable';
        send(res, fault.status, errorBody(version, fault.status, title), limits);
      }
      return fault.status;
    }

    if (!found) {
      send(
        res,
        404,
        errorBody(version, 404, version === 'v2' ? 'The requested resource was not found.' : 'Route not found.'),
        limits,
      );
      return 404;
    }
    const method = req.method ?? 'GET';
    const handler = Object.hasOwn(found.route.handlers, method) ? found.route.handlers[method as Method] : undefined;
    if (!handler) {
      const allow = Object.keys(found.route.handlers).join(', ');
      send(res, 405, errorBody(version, 405, `The ${method} method is not supported by this resource.`), {
        ...limits,
        Allow: allow,
      });
      return 405;
    }
    const ctx: RequestCtx = {
      store: cfg.store,
      baseUrl: cfg.baseUrl(),
      storeHash: cfg.storeHash,
      query: new Query(url.searchParams, version),
      params: found.params,
    };
    try {
      // a write's body is read after the quota, as on the platform: a refused body still costs a request
      // a DELETE carries no body (BigCommerce ignores one)
      if (method === 'PUT' || method === 'POST') ctx.body = await readJsonBody(req, version);
      else req.resume();
      const reply = handler(ctx);
      send(res, reply.status, reply.body, limits);
      return reply.status;
    } catch (err) {
      if (err instanceof ApiError) {
        send(res, err.status, errorBody(version, err.status, err.title, err.details), limits);
        return err.status;
      }
      cfg.logger.error({ err, path: url.pathname }, 'sandbox handler failed');
      send(res, 500, errorBody(version, 500, 'Internal Server Error'), limits);
      return 500;
    }
  };

  const server = createServer((req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const done = (status: number): void => {
      cfg.logger.debug({ method: req.method, path: url.pathname, status, ms: Date.now() - started }, 'sandbox request');
    };
    if (url.pathname.startsWith('/images/')) {
      count('/images');
      const img = req.method === 'GET' || req.method === 'HEAD' ? renderImage(url.pathname) : undefined;
      if (!img) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('Not Found');
        done(404);
        return;
      }
      res.writeHead(200, {
        'Content-Type': img.contentType,
        'Content-Length': img.body.length,
        'Cache-Control': 'public, max-age=31536000',
      });
      res.end(req.method === 'HEAD' ? undefined : img.body);
      done(200);
      return;
    }
    const m = STORE_PATH.exec(url.pathname);
    if (!m) {
      count('(unknown)');
      send(
        res,
        404,
        errorBody('v3', 404, 'Not found. API paths are /stores/{store_hash}/v2/... and /stores/{store_hash}/v3/...'),
      );
      done(404);
      return;
    }
    handleStoreRequest(req, res, url, m).then(done, (err: unknown) => {
      cfg.logger.error({ err }, 'sandbox request failed');
      if (!res.headersSent) send(res, 500, errorBody('v3', 500, 'Internal Server Error'));
      else res.end();
      done(500);
    });
  });
  return { server, stats };
}
