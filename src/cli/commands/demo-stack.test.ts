import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../testbed/odoo-testbed.js';
import { isFree, portOrFree, untilInterrupted } from './demo-stack.js';

let held: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (held ? held.close(() => r()) : r()));
  held = undefined;
});

async function hold(port: number): Promise<void> {
  held = createServer();
  await new Promise<void>((r) => held!.listen(port, '127.0.0.1', () => r()));
}

describe('the demo’s stable ports', () => {
  it('keeps the preferred port when it is free, silently', async () => {
    const port = await freePort();
    const said: string[] = [];
    expect(await portOrFree(port, 'Odoo', (l) => said.push(l))).toBe(port);
    expect(said).toEqual([]);
  });

  it('falls back to a free port when the preferred one is taken, with a line saying so', async () => {
    const port = await freePort();
    await hold(port);
    expect(await isFree(port)).toBe(false);
    const said: string[] = [];
    const got = await portOrFree(port, 'Odoo', (l) => said.push(l));
    expect(got).not.toBe(port);
    expect(await isFree(got)).toBe(true);
    expect(said).toEqual([`port ${port} is taken; Odoo listens on ${got} instead`]);
  });
});

describe('the demo waits for Ctrl-C', () => {
  it('the first SIGINT ends the wait and takes its handlers away, so a second one is the default (exit)', async () => {
    const before = process.listenerCount('SIGINT');
    const beforeTerm = process.listenerCount('SIGTERM');
    const said: string[] = [];
    const waiting = untilInterrupted((l) => said.push(l));
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    process.emit('SIGINT');
    await waiting;
    expect(said).toEqual(['stopping Odoo and the sandbox']);
    expect(process.listenerCount('SIGINT')).toBe(before);
    expect(process.listenerCount('SIGTERM')).toBe(beforeTerm);
  });
});
