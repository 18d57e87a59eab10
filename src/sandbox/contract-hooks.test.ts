/**
 * Contract tests of the sandbox's webhooks API (/v3/hooks): request bodies are checked against
 * webhooks.v3.yml's request schemas before they are sent, and every answer against the
 * operation's response schema; the rules of the docs (https on 443, one hook per scope and
 * destination) are refused as the spec's 422, and the quota counts these routes like any other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeErrors, SPEC_DIR, SpecValidator, type ValidateFunction } from '../../test/support/openapi.js';
import { RESOURCES, WRITES } from '../bigcommerce/resources.js';
import { startSandbox, type SandboxHandle } from './index.js';

const SPEC = RESOURCES.hooks.spec;
const ONE = `${RESOURCES.hooks.path}/{webhook_id}`;

let sb: SandboxHandle;
let specs: SpecValidator;

beforeAll(async () => {
  specs = new SpecValidator(SPEC_DIR);
  sb = await startSandbox({ quota: { requests: 1_000_000, windowMs: 30_000 } });
});

afterAll(async () => {
  await sb?.close();
});

interface Got {
  status: number;
  headers: Headers;
  body: unknown;
}

async function call(handle: SandboxHandle, method: string, path: string, body?: unknown): Promise<Got> {
  const headers: Record<string, string> = { Accept: 'application/json', 'X-Auth-Token': handle.accessToken };
  const init: RequestInit = { method, headers };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(`${handle.url}/stores/${handle.storeHash}/v3${path}`, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

function expectValid(v: ValidateFunction, body: unknown, what: string): void {
  if (!v(body)) throw new Error(`${what} does not match the spec:\n${describeErrors(v.errors, body)}`);
}

/** Checks the body against the request schema, sends it, and checks the answer against the spec. */
async function send(method: 'post' | 'put', path: string, specPath: string, body: unknown, status = 200): Promise<Got> {
  expectValid(specs.request(SPEC, specPath, method), body, `${method.toUpperCase()} ${specPath} request`);
  const got = await call(sb, method.toUpperCase(), path, body);
  expect(got.status, JSON.stringify(got.body)).toBe(status);
  expectValid(specs.response(SPEC, specPath, status, method), got.body, `${method.toUpperCase()} ${path} → ${status}`);
  return got;
}

const dataOf = (g: Got) => (g.body as { data: Record<string, unknown> }).data;

describe('sandbox /v3/hooks against webhooks.v3.yml', () => {
  it('creates, reads, lists, updates and deletes a hook, each answer the spec’s {data, meta}', async () => {
    const created = await send('post', RESOURCES.hooks.path, RESOURCES.hooks.path, {
      scope: 'store/order/*',
      destination: 'https://example.com/hooks',
      is_active: true,
      headers: { 'X-Secret': 's3cr3t' },
    });
    const hook = dataOf(created);
    expect(hook).toMatchObject({
      scope: 'store/order/*',
      destination: 'https://example.com/hooks',
      is_active: true,
      headers: { 'X-Secret': 's3cr3t' },
      store_hash: sb.storeHash,
    });
    const id = hook.id as number;

    const one = await call(sb, 'GET', `/hooks/${id}`);
    expect(one.status).toBe(200);
    expectValid(specs.response(SPEC, ONE, 200), one.body, 'GET /hooks/{id}');
    expect(dataOf(one)).toEqual(hook);

    const list = await call(sb, 'GET', '/hooks');
    expect(list.status).toBe(200);
    expectValid(specs.response(SPEC, RESOURCES.hooks.path, 200), list.body, 'GET /hooks');

    const updated = await send('put', `/hooks/${id}`, ONE, { is_active: false, headers: { 'X-Secret': 'new' } });
    expect(dataOf(updated)).toMatchObject({ id, is_active: false, headers: { 'X-Secret': 'new' } });

    const del = await call(sb, 'DELETE', `/hooks/${id}`);
    expect(del.status).toBe(200);
    expectValid(specs.response(SPEC, ONE, 200, 'delete'), del.body, 'DELETE /hooks/{id}');
    expect(dataOf(del).id).toBe(id);

    const gone = await call(sb, 'GET', `/hooks/${id}`);
    expect(gone.status).toBe(404);
    expectValid(specs.response(SPEC, ONE, 404), gone.body, 'GET /hooks/{id} → 404');
    expect((gone.body as { title: string }).title).toBe(`Webhook with id [${id}] not found`);
    expect((await call(sb, 'DELETE', `/hooks/${id}`)).status).toBe(404);
    expect((await call(sb, 'PUT', `/hooks/${id}`, { is_active: true })).status).toBe(404);
  });

  it('pages the list as the spec’s Pagination says and filters by is_active, scope and destination', async () => {
    const own = await startSandbox();
    try {
      for (let i = 0; i < 5; i++) {
        const r = await call(own, 'POST', '/hooks', {
          scope: i < 3 ? 'store/product/*' : 'store/category/*',
          destination: `https://example.com/h${i}`,
          is_active: i !== 4,
        });
        expect(r.status).toBe(200);
      }
      const p2 = await call(own, 'GET', '/hooks?page=2&limit=2');
      expectValid(specs.response(SPEC, RESOURCES.hooks.path, 200), p2.body, 'GET /hooks page 2');
      const { data, meta } = p2.body as { data: Array<{ id: number }>; meta: { pagination: Record<string, unknown> } };
      expect(data.map((h) => h.id)).toEqual([3, 4]);
      expect(meta.pagination).toMatchObject({ total: 5, count: 2, per_page: 2, current_page: 2, total_pages: 3 });
      const filtered = await call(own, 'GET', '/hooks?scope=store/category/*&is_active=true');
      expect((filtered.body as { data: Array<{ id: number }> }).data.map((h) => h.id)).toEqual([4]);
      const byDest = await call(own, 'GET', `/hooks?destination=${encodeURIComponent('https://example.com/h0')}`);
      expect((byDest.body as { data: unknown[] }).data).toHaveLength(1);
      const past = await call(own, 'GET', '/hooks?page=9');
      expect(past.status).toBe(200);
      expectValid(specs.response(SPEC, RESOURCES.hooks.path, 200), past.body, 'GET /hooks past the end');
      expect((past.body as { data: unknown[] }).data).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('refuses a second hook for the same scope and destination with the spec’s 422', async () => {
    const body = { scope: 'store/sku/*', destination: 'https://example.com/dup' };
    await send('post', '/hooks', RESOURCES.hooks.path, body);
    const again = await call(sb, 'POST', '/hooks', body);
    expect(again.status).toBe(422);
    expectValid(specs.response(SPEC, RESOURCES.hooks.path, 422, 'post'), again.body, 'POST /hooks → 422');
    expect((again.body as { errors: Record<string, string> }).errors.destination).toMatch(/already exists/);
    // another destination for the same scope is a hook of its own
    await send('post', '/hooks', RESOURCES.hooks.path, { ...body, destination: 'https://example.com/dup2' });
  });

  it('refuses a destination that is not https on port 443, and bodies the spec refuses', async () => {
    for (const destination of ['http://example.com/h', 'https://example.com:8443/h', 'not a url']) {
      const r = await call(sb, 'POST', '/hooks', { scope: 'store/order/*', destination });
      expect(r.status, destination).toBe(422);
      expectValid(specs.response(SPEC, RESOURCES.hooks.path, 422, 'post'), r.body, `POST ${destination}`);
      expect(Object.keys((r.body as { errors: object }).errors)).toEqual(['destination']);
    }
    const missing = { destination: 'https://example.com/h' };
    expect(specs.request(SPEC, RESOURCES.hooks.path, 'post')(missing)).toBe(false);
    expect((await call(sb, 'POST', '/hooks', missing)).status).toBe(422);
    const badScope = await call(sb, 'POST', '/hooks', { scope: 'orders', destination: 'https://example.com/h' });
    expect(badScope.status).toBe(422);
    const created = await call(sb, 'POST', '/hooks', { scope: 'store/order/*', destination: 'https://example.com/x' });
    const id = dataOf(created).id as number;
    expect((await call(sb, 'PUT', `/hooks/${id}`, {})).status).toBe(422);
    expect((await call(sb, 'PUT', `/hooks/${id}`, { destination: 'http://example.com/x' })).status).toBe(422);
  });

  it('accepts a local http receiver only when the sandbox is started with allowHttpHooks', async () => {
    const own = await startSandbox({ allowHttpHooks: true });
    try {
      const r = await call(own, 'POST', '/hooks', { scope: 'store/order/*', destination: 'http://127.0.0.1:9/hooks' });
      expect(r.status).toBe(200);
      expect((await call(own, 'POST', '/hooks', { scope: 'store/order/*', destination: 'ftp://x/y' })).status).toBe(
        422,
      );
    } finally {
      await own.close();
    }
  });

  it('spends quota on the hooks routes and answers 401 without the token, as every route', async () => {
    const own = await startSandbox({ quota: { requests: 2, windowMs: 60_000 } });
    try {
      const a = await call(own, 'GET', '/hooks');
      expect(Number(a.headers.get('x-rate-limit-requests-left'))).toBe(1);
      await call(own, 'POST', '/hooks', { scope: 'store/order/*', destination: 'https://example.com/q' });
      expect((await call(own, 'DELETE', '/hooks/1')).status).toBe(429);
      const anon = await fetch(`${own.url}/stores/${own.storeHash}/v3/hooks`);
      expect(anon.status).toBe(401);
    } finally {
      await own.close();
    }
    expect(WRITES.hookDelete.method).toBe('DELETE');
  });
});
