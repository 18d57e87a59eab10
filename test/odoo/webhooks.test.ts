/**
 * Webhooks end to end (README "Webhooks"): a running daemon with its receiver, hooks registered
 * in the sandbox store by `syncHooks` as `bc-odoo webhooks sync` does, and a live Odoo.
 * - an order created in the store is in Odoo, confirmed and invoiced per the status map, within
 *   seconds, brought by its callback while the scheduled orders poll (every hour) stays idle;
 * - 20 copies of one callback make exactly one import run;
 * - requests without the secret, with a wrong one, of another store, and malformed bodies are
 *   refused (401/401/403/400) and import nothing;
 * - with the receiver down, an order still arrives by the next poll, counted as missed.
 * One bed, one daemon for the first three; the last restarts it.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncHooks } from '../../src/bigcommerce/hooks-sync.js';
import { HOOK_SCOPES, WEBHOOK_SECRET_HEADER } from '../../src/bigcommerce/webhook-events.js';
import {
  DEFAULT_STATUS_MAP,
  defaultDaemonConfig,
  SYNC_ENTITIES,
  type DaemonConfig,
  type ScheduleConfig,
} from '../../src/config/index.js';
import { METRIC_NAMES, runDaemon, type DaemonEvent, type DaemonHandle } from '../../src/daemon/index.js';
import { customerImporter } from '../../src/sync/customer/importer.js';
import { runImport } from '../../src/sync/run-import.js';
import { apiGet } from '../../src/sandbox/testing.js';
import { importBed, importCatalog, xmlidTarget, type ImportBed } from '../support/import.js';

let bed: ImportBed;
let secret: string;
let port: number;
let publicUrl: string;
/** a customer of the sample store that is in Odoo */
let customerId: number;
/** a simple product of the sample store that is in Odoo */
const PRODUCT = 111;
/** a sample-store order the daemon would import if asked (it is not in Odoo): the refused bodies name it */
let bait: number;
/** the daemon of the first three tests */
let daemon: { handle: DaemonHandle; events: DaemonEvent[] };
/** the order created in the first test */
let orderA: number;
const daemons: DaemonHandle[] = [];

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const p = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return p;
}

/** Orders polled on `every` (long: no poll between a change and its callback); nothing else runs. */
function ordersEvery(ms: number, text: string): ScheduleConfig {
  return Object.fromEntries(
    SYNC_ENTITIES.map((e) => [e, { enabled: e === 'orders', schedule: { kind: 'every', ms, text } }]),
  ) as ScheduleConfig;
}

async function startDaemon(): Promise<{ handle: DaemonHandle; events: DaemonEvent[] }> {
  const events: DaemonEvent[] = [];
  const settings: DaemonConfig = {
    ...defaultDaemonConfig(),
    http: { host: '127.0.0.1', port: 0 },
    leaseSeconds: 10,
    shutdownGraceSeconds: 10,
    webhooks: { host: '127.0.0.1', port, path: '/webhooks', publicUrl, secret, checkEveryMs: 3_600_000 },
  };
  const handle = await runDaemon(
    { instances: [{ ...bed.instance, schedule: ordersEvery(3_600_000, '1h') }], daemon: settings },
    { http: false, onEvent: (e) => events.push(e) },
  );
  daemons.push(handle);
  return { handle, events };
}

async function until<T>(
  what: string,
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A counter's value with these labels in the daemon's /metrics text (0 when it has no sample). */
async function metric(handle: DaemonHandle, name: string, labels: Record<string, string>): Promise<number> {
  for (const line of (await handle.metrics()).split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return 0;
}

const runsOf = (events: DaemonEvent[]) =>
  events.filter((e): e is Extract<DaemonEvent, { type: 'run' }> => e.type === 'run' && e.entity === 'orders');
const startsOf = (events: DaemonEvent[]) => events.filter((e) => e.type === 'start' && e.entity === 'orders');

/** Operation-log records of orders runs: those webhooks started (`import orders (webhook) …`), and the others. */
async function orderRuns(): Promise<{ webhook: number; scheduled: number }> {
  const [webhook, all] = await Promise.all([
    bed.admin.searchCount('x_bc_operation_log', [
      ['x_entity', '=', 'orders'],
      ['x_name', '=like', 'import orders (webhook)%'],
    ]),
    bed.admin.searchCount('x_bc_operation_log', [['x_entity', '=', 'orders']]),
  ]);
  return { webhook, scheduled: all - webhook };
}

const ordersInOdoo = () => bed.admin.searchCount('sale.order', [['x_bc_order_id', '!=', false]]);

/** The sale order of a BigCommerce order once it is confirmed with a posted invoice, else undefined. */
async function confirmedAndInvoiced(bcId: number) {
  const [so] = await bed.admin.searchRead<{ id: number; state: string; invoice_ids: number[] }>(
    'sale.order',
    [['x_bc_order_id', '=', bcId]],
    ['state', 'invoice_ids'],
  );
  if (!so || so.state !== 'sale' || !so.invoice_ids.length) return undefined;
  const moves = await bed.admin.read<{ state: string; move_type: string; payment_state: string }>(
    'account.move',
    so.invoice_ids,
    ['state', 'move_type', 'payment_state'],
  );
  const invoices = moves.filter((m) => m.move_type === 'out_invoice' && m.state === 'posted');
  return invoices.length ? { so, invoices } : undefined;
}

/** A new order in the store, as a shopper's checkout makes it: Awaiting Fulfillment (11). */
function newOrder(): number {
  return bed.sandbox.store.createOrder({ customerId, statusId: 11, lines: [{ product: PRODUCT, qty: 2 }] }).id;
}

function post(body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(daemon.handle.webhooksUrl!, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  });
}

beforeAll(async () => {
  bed = await importBed('webhooks', {
    store: 'sample',
    allowHttpHooks: true,
    // BigCommerce's first retry comes a minute later: a callback that failed stays failed for this test.
    webhooks: { retryDelaysMs: [60_000], timeoutMs: 5_000 },
  });
  const ctx = await bed.context();
  const module = ctx.binder.module;
  await importCatalog(ctx);
  await runImport(ctx, customerImporter);
  // The orders this test is about are the ones it creates: the cursor starts now, as after an
  // initial import, so the daemon's first poll finds nothing and whatever it imports later came
  // by a callback or by the backstop poll.
  const [state] = await bed.admin.searchRead<{ id: number }>('x_bc_sync_state', [['x_entity', '=', 'orders']], ['id']);
  expect(state, 'the orders sync-state row').toBeDefined();
  await bed.admin.write('x_bc_sync_state', [state!.id], { x_cursor: new Date().toISOString() });

  const inOdoo = await xmlidTarget(bed.admin, module, [`product_${PRODUCT}`]);
  expect(inOdoo.size, `product ${PRODUCT} in Odoo`).toBe(1);
  const sample = await apiGet<Array<{ id: number; customer_id: number; status_id: number }>>(
    bed.sandbox,
    '/v2/orders?limit=250',
  );
  expect(sample.status).toBe(200);
  const customerIds = [...new Set(sample.body.filter((o) => o.customer_id > 0).map((o) => o.customer_id))];
  const partners = await xmlidTarget(
    bed.admin,
    module,
    customerIds.map((c) => `customer_${c}`),
  );
  customerId = customerIds.find((c) => partners.has(`customer_${c}`))!;
  expect(customerId, 'a sample customer in Odoo').toBeDefined();
  bait = sample.body.find((o) => o.customer_id === customerId && DEFAULT_STATUS_MAP[o.status_id] !== 'skip')
    ?.id as number;
  expect(bait, 'an importable order of that customer').toBeDefined();

  secret = `whsec-${randomBytes(12).toString('hex')}`;
  port = await freePort();
  publicUrl = `http://127.0.0.1:${port}/webhooks`;
  const sync = await syncHooks(ctx.bc, { destination: publicUrl, secret });
  expect(sync.failed).toEqual([]);
  expect(sync.applied.map((a) => a.kind === 'create' && a.scope).sort()).toEqual([...HOOK_SCOPES].sort());
}, 300_000);

afterAll(async () => {
  await Promise.all(daemons.map((d) => d.abort().catch(() => undefined)));
  await bed?.close();
});

describe('webhooks against a live Odoo', () => {
  it('an order created in the store is in Odoo within seconds, confirmed and invoiced, with no poll in between', async () => {
    daemon = await startDaemon();
    expect(daemon.handle.webhooksUrl).toBe(publicUrl);
    // the daemon's first poll runs at its start; the next one is an hour away
    const first = await until('the first orders poll', () => runsOf(daemon.events)[0], 60_000);
    expect(first.summary.created + first.summary.updated).toBe(0);
    const before = await orderRuns();
    expect(before).toEqual({ webhook: 0, scheduled: 1 });

    orderA = newOrder();
    // within seconds: the callback's import run has ended, and the order is in Odoo as the map says
    const log = await until('the import run of its callback ended', async () => {
      const [l] = await bed.admin.searchRead<{ x_status: string; x_created_count: number; x_failed_count: number }>(
        'x_bc_operation_log',
        [
          ['x_name', '=like', 'import orders (webhook)%'],
          ['x_status', '!=', 'running'],
        ],
        ['x_status', 'x_created_count', 'x_failed_count'],
      );
      return l;
    });
    expect(log).toMatchObject({ x_status: 'done', x_created_count: 1, x_failed_count: 0 });
    expect(DEFAULT_STATUS_MAP[11]).toBe('confirm+invoice+paid');
    const got = await confirmedAndInvoiced(orderA);
    expect(got, `order ${orderA} confirmed and invoiced in Odoo`).toBeDefined();
    expect(got!.invoices).toHaveLength(1);
    expect(['paid', 'in_payment']).toContain(got!.invoices[0]!.payment_state);

    // it came by its callback, delivered once with 200, and no poll ran
    expect(await orderRuns()).toEqual({ webhook: 1, scheduled: 1 });
    expect(startsOf(daemon.events)).toHaveLength(1);
    const created = bed.sandbox.webhooks.attempts().filter((a) => a.scope === 'store/order/created');
    expect(created.map((a) => [a.ok, a.status])).toEqual([[true, 200]]);
    expect(await metric(daemon.handle, METRIC_NAMES.eventsMissed, { entity: 'orders' })).toBe(0);
  });

  it('20 copies of one callback make exactly one import run', async () => {
    const before = await orderRuns();
    const coalesced = await metric(daemon.handle, METRIC_NAMES.webhookCoalesced, { entity: 'orders' });
    const body = JSON.stringify(
      bed.sandbox.webhooks.bodyOf({ scope: 'store/order/updated', data: { type: 'order', id: orderA } }),
    );
    // one after another, as redeliveries come: none waits for another's import
    const answers: number[] = [];
    for (let n = 0; n < 20; n++) answers.push((await post(body, { [WEBHOOK_SECRET_HEADER]: secret })).status);
    expect(answers).toEqual(Array(20).fill(200));

    await until('the import run of the 20 callbacks', async () => (await orderRuns()).webhook > before.webhook);
    // longer than the debounce and an import: a second run would have started by now
    await sleep(5_000);
    expect(await orderRuns()).toEqual({ webhook: before.webhook + 1, scheduled: before.scheduled });
    expect(await metric(daemon.handle, METRIC_NAMES.webhookCoalesced, { entity: 'orders' })).toBe(coalesced + 19);
    expect(startsOf(daemon.events)).toHaveLength(1);
  });

  it('refuses requests without the secret, with a wrong one, of another store, and malformed bodies; imports nothing', async () => {
    const runs = await orderRuns();
    const orders = await ordersInOdoo();
    const rejected = (reason: string) => metric(daemon.handle, METRIC_NAMES.webhookRejected, { reason });
    const base = {
      unauthorized: await rejected('unauthorized'),
      unknown_store: await rejected('unknown_store'),
      malformed: await rejected('malformed'),
      not_an_event: await rejected('not_an_event'),
    };
    // an authentic-looking callback for an order of the store that is not in Odoo
    const event = bed.sandbox.webhooks.bodyOf({ scope: 'store/order/created', data: { type: 'order', id: bait } });
    const good = JSON.stringify(event);
    const ok = { [WEBHOOK_SECRET_HEADER]: secret };

    expect((await post(good, {})).status).toBe(401);
    expect((await post(good, { [WEBHOOK_SECRET_HEADER]: `${secret.slice(0, -1)}x` })).status).toBe(401);
    expect((await post(JSON.stringify({ ...event, producer: 'stores/otherhash' }), ok)).status).toBe(403);
    expect((await post(`${good.slice(0, -3)}`, ok)).status).toBe(400);
    expect((await post(JSON.stringify({ scope: event.scope, data: event.data }), ok)).status).toBe(400);

    expect({
      unauthorized: await rejected('unauthorized'),
      unknown_store: await rejected('unknown_store'),
      malformed: await rejected('malformed'),
      not_an_event: await rejected('not_an_event'),
    }).toEqual({
      unauthorized: base.unauthorized + 2,
      unknown_store: base.unknown_store + 1,
      malformed: base.malformed + 1,
      not_an_event: base.not_an_event + 1,
    });
    // longer than the debounce and an import: an accepted one would show by now
    await sleep(5_000);
    expect(await orderRuns()).toEqual(runs);
    expect(await ordersInOdoo()).toBe(orders);
    expect(await bed.admin.searchCount('sale.order', [['x_bc_order_id', '=', bait]])).toBe(0);
  });

  it('with the receiver down, an order arrives by the next poll and is counted as missed', async () => {
    await daemon.handle.stop();
    const runs = await orderRuns();
    const orderB = newOrder();
    const failed = await until('the failed delivery of the new order', () =>
      bed.sandbox.webhooks.attempts().find((a) => a.scope === 'store/order/created' && !a.ok && a.attempt === 1),
    );
    expect(failed.error).toBe('ECONNREFUSED');
    expect(await bed.admin.searchCount('sale.order', [['x_bc_order_id', '=', orderB]])).toBe(0);

    // restarted: its first poll is the next one
    const again = await startDaemon();
    const poll = await until('the first poll of the restarted daemon', () => runsOf(again.events)[0], 60_000);
    expect(poll.summary.writtenIds).toContain(String(orderB));
    expect(await confirmedAndInvoiced(orderB)).toBeDefined();
    // no callback announced what it wrote to this daemon: every record it wrote counts as missed
    expect(await metric(again.handle, METRIC_NAMES.eventsMissed, { instance: 'sandbox', entity: 'orders' })).toBe(
      poll.summary.writtenIds.length,
    );
    expect(await orderRuns()).toEqual({ webhook: runs.webhook, scheduled: runs.scheduled + 1 });
    await again.handle.stop();
  });
});
