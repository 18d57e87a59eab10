/**
 * The daemon's HTTP endpoint (node:http, loopback unless configured otherwise; it has no
 * authentication): /healthz (liveness), /readyz (BigCommerce and Odoo of every instance
 * answered their last check), /metrics (Prometheus text format).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/logger.js';
import { redactText } from '../log/redact.js';

export interface EndpointHandlers {
  /** true while the scheduling loop runs */
  alive(): boolean;
  readiness(): { ready: boolean } & Record<string, unknown>;
  metrics(): Promise<{ contentType: string; body: string }>;
}

export interface HttpEndpoint {
  readonly url: string;
  close(): Promise<void>;
}

export async function startEndpoint(
  host: string,
  port: number,
  h: EndpointHandlers,
  logger: Logger,
): Promise<HttpEndpoint> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const json = (status: number, body: unknown): void => {
      const text = redactText(JSON.stringify(body));
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'Cache-Control': 'no-store',
        'Content-Length': Buffer.byteLength(text),
      });
      res.end(req.method === 'HEAD' ? undefined : text);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    switch (path) {
      case '/healthz':
        return h.alive() ? json(200, { status: 'ok' }) : json(503, { status: 'stopping' });
      case '/readyz': {
        const r = h.readiness();
        return json(r.ready ? 200 : 503, r);
      }
      case '/metrics':
        h.metrics().then(
          ({ contentType, body }) => {
            res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
            res.end(req.method === 'HEAD' ? undefined : body);
          },
          (err: unknown) => {
            logger.error({ err }, 'metrics collection failed');
            json(500, { error: 'metrics collection failed' });
          },
        );
        return;
      default:
        return json(404, { error: 'not found', endpoints: ['/healthz', '/readyz', '/metrics'] });
    }
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const urlHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${addr.port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
