import { describe, expect, it } from 'vitest';
import type { OdooRpc } from '../odoo/rpc.js';
import { MODELS, SETUP_VERSION } from '../odoo/setup/schema.js';
import { checkOdoo, REQUIRED_RIGHTS } from './connection-check.js';

/** An Odoo where setup ran and every right is granted, counting the calls in flight. */
function fakeOdoo(): {
  client: OdooRpc & { version: { serverVersion: string } };
  peak: () => number;
  calls: () => number;
} {
  let inFlight = 0;
  let peak = 0;
  let calls = 0;
  const answer = async <T>(value: T): Promise<T> => {
    calls++;
    peak = Math.max(peak, ++inFlight);
    await new Promise((r) => setTimeout(r, 2));
    inFlight--;
    return value;
  };
  const fieldsOf = (model: string) =>
    Object.fromEntries(
      MODELS.find((m) => m.model === model)!.fields.map((f) => [
        f.name,
        { type: 'char', selection: f.selection?.map(([v]) => [v, v]) },
      ]),
    );
  const client = {
    uid: 2,
    version: { serverVersion: '18.0' },
    callModel: <T>(_model: string, method: string) => answer((method === 'get_param' ? SETUP_VERSION : true) as T),
    callRecords: () => Promise.reject(new Error('not used')),
    searchRead: () => Promise.reject(new Error('not used')),
    create: () => Promise.reject(new Error('not used')),
    write: () => Promise.reject(new Error('not used')),
    fieldsGet: (model: string) => answer(fieldsOf(model)),
  } as unknown as OdooRpc & { version: { serverVersion: string } };
  return { client, peak: () => peak, calls: () => calls };
}

describe('checkOdoo', () => {
  it('asks about every model and right, a few calls at a time: a threaded Odoo has 64 cursors for everyone', async () => {
    const odoo = fakeOdoo();
    const r = await checkOdoo(async () => odoo.client, { url: 'http://odoo', db: 'db', username: 'u' });
    expect(r.ok, r.message).toBe(true);
    expect(odoo.calls()).toBe(1 + MODELS.length + REQUIRED_RIGHTS.length);
    expect(REQUIRED_RIGHTS.length).toBeGreaterThan(20);
    // get_param beside the fields_get queue, then the rights alone
    expect(odoo.peak()).toBeLessThanOrEqual(5);
    expect(odoo.peak()).toBeGreaterThan(1);
  });
});
