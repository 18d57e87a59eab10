/**
 * The daemon without any live service: the endpoint while nothing is reachable (not ready, with
 * reasons and no secret), failed runs backing off, a bounded stop, and refusing to start with
 * nothing to do. The live behaviour is in test/odoo/daemon.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  defaultDaemonConfig,
  defaultInventoryConfig,
  defaultOrdersConfig,
  defaultScheduleConfig,
  SYNC_ENTITIES,
  type InstanceConfig,
  type ScheduleConfig,
} from '../config/index.js';
import { runDaemon, type DaemonEvent } from './daemon.js';
import { METRIC_NAMES } from './metrics.js';
import { WEBHOOK_SECRET_HEADER } from '../bigcommerce/webhook-events.js';

const TOKEN = 'tok-daemon-unit-5f1e2d3c';

function instance(schedule: ScheduleConfig): InstanceConfig {
  return {
    name: 'nowhere',
    // port 9 (discard) on loopback: refused at once
    bigcommerce: {
      storeHash: 'abc123',
      accessToken: TOKEN,
      apiBaseUrl: 'http://127.0.0.1:9',
      concurrency: 1,
      quotaHeadroom: 0.2,
      timeoutMs: 2_000,
    },
    odoo: {
      url: 'http://127.0.0.1:9',
      db: 'none',
      username: 'u',
      password: 'pw-daemon-unit-9a8b',
      protocol: 'jsonrpc',
      timeoutMs: 2_000,
    },
    orders: defaultOrdersConfig(),
    payments: [{ isDefault: true }],
    inventory: defaultInventoryConfig(),
    schedule,
  };
}

const only = (entity: string): ScheduleConfig => {
  const d = defaultScheduleConfig();
  return Object.fromEntries(SYNC_ENTITIES.map((e) => [e, { ...d[e], enabled: e === entity }])) as ScheduleConfig;
};

describe('runDaemon', () => {
  it('serves /healthz, a 503 /readyz with reasons and no secret, and /metrics; failed runs back off; stop is bounded', async () => {
    const events: DaemonEvent[] = [];
    const daemon = {
      ...defaultDaemonConfig(),
      http: { host: '127.0.0.1', port: 0 },
      shutdownGraceSeconds: 0,
      backoff: { initialSeconds: 0.05, maxSeconds: 0.2 },
    };
    const h = await runDaemon(
      { instances: [instance(only('brands'))], daemon },
      { onEvent: (e) => events.push(e), random: () => 1 },
    );
    try {
      expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${h.url}/healthz`);
      expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);

      const deadline = Date.now() + 20_000;
      while (events.filter((e) => e.type === 'failed').length < 2 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      const fails = events.filter((e): e is Extract<DaemonEvent, { type: 'failed' }> => e.type === 'failed');
      expect(fails.length).toBeGreaterThanOrEqual(2);
      expect(fails.slice(0, 2).map((f) => [f.entity, f.failures, f.retryInMs])).toEqual([
        ['brands', 1, 50],
        ['brands', 2, 100],
      ]);

      const ready = await fetch(`${h.url}/readyz`);
      expect(ready.status).toBe(503);
      const text = await ready.text();
      expect(JSON.parse(text)).toMatchObject({
        ready: false,
        instances: { nowhere: { bigcommerce: { ok: false }, odoo: { ok: false } } },
      });
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain('pw-daemon-unit-9a8b');

      const metrics = await (await fetch(`${h.url}/metrics`)).text();
      expect(metrics).toMatch(
        new RegExp(`^${METRIC_NAMES.runs}\\{instance="nowhere",entity="brands",status="failed"\\} [1-9]`, 'm'),
      );
      expect(metrics).toMatch(new RegExp(`^${METRIC_NAMES.leaseHeld}\\{instance="nowhere",entity="brands"\\} 0$`, 'm'));
      expect(metrics).toMatch(new RegExp(`^${METRIC_NAMES.imported}\\{instance="nowhere",entity="brands"\\} 0$`, 'm'));
      expect((await fetch(`${h.url}/nope`)).status).toBe(404);
    } finally {
      const t0 = Date.now();
      const result = await h.stop();
      // grace 0: anything running is aborted at once; stop resolves within the 2 s wind-down
      expect(Date.now() - t0).toBeLessThan(3_000);
      expect(result.failed).toBeGreaterThanOrEqual(2);
    }
  }, 30_000);

  it('refuses to start with no entity enabled (a configuration mistake)', async () => {
    const none = Object.fromEntries(
      SYNC_ENTITIES.map((e) => [e, { ...defaultScheduleConfig()[e], enabled: false }]),
    ) as ScheduleConfig;
    await expect(runDaemon({ instances: [instance(none)], daemon: defaultDaemonConfig() })).rejects.toBeInstanceOf(
      ConfigError,
    );
  });

  it('with daemon.webhooks: a public receiver apart from /metrics, counted there; polls unaffected; stopped cleanly', async () => {
    const secret = 'daemon-unit-webhook-secret-77';
    const daemon = {
      ...defaultDaemonConfig(),
      http: { host: '127.0.0.1', port: 0 },
      shutdownGraceSeconds: 0,
      backoff: { initialSeconds: 0.05, maxSeconds: 0.2 },
      webhooks: {
        host: '127.0.0.1',
        port: 0,
        path: '/hooks',
        publicUrl: 'https://example.test/hooks',
        secret,
        checkEveryMs: 600_000,
      },
    };
    const h = await runDaemon(
      { instances: [instance(only('orders'))], daemon },
      { random: () => 1, webhooks: { debounceMs: 10, retryMs: 50 } },
    );
    try {
      expect(h.webhooksUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks$/);
      expect(h.webhooksUrl).not.toContain(new URL(h.url!).port);
      const event = {
        scope: 'store/order/created',
        store_id: '1',
        data: { type: 'order', id: 250 },
        hash: 'abc',
        created_at: 1,
        producer: 'stores/abc123',
      };
      const post = (headers: Record<string, string>) =>
        fetch(h.webhooksUrl!, { method: 'POST', body: JSON.stringify(event), headers });
      expect((await post({ [WEBHOOK_SECRET_HEADER]: secret })).status).toBe(200);
      expect((await post({ [WEBHOOK_SECRET_HEADER]: 'wrong' })).status).toBe(401);
      const metrics = await (await fetch(`${h.url}/metrics`)).text();
      expect(metrics).toMatch(
        new RegExp(`^${METRIC_NAMES.webhookReceived}\\{instance="nowhere",scope="store/order/created"\\} 1$`, 'm'),
      );
      expect(metrics).toMatch(new RegExp(`^${METRIC_NAMES.webhookRejected}\\{reason="unauthorized"\\} 1$`, 'm'));
      expect(metrics).toMatch(
        new RegExp(`^${METRIC_NAMES.eventsMissed}\\{instance="nowhere",entity="orders"\\} 0$`, 'm'),
      );
      expect(metrics).not.toContain(secret);
    } finally {
      const t0 = Date.now();
      await h.stop();
      expect(Date.now() - t0).toBeLessThan(3_000);
    }
    await expect(fetch(h.webhooksUrl!, { method: 'POST', body: '{}' })).rejects.toThrow();
  }, 30_000);
});
