/**
 * Named points inside an import where the crash tests (test/odoo/crash-resume.test.ts) kill
 * the process with SIGKILL, to prove that the next run finishes whatever was interrupted.
 * Off unless BC_ODOO_CRASH_AT names the point: then the process dies there, as a kill -9 or a
 * power cut would, with nothing flushed or closed. With BC_ODOO_PAUSE_FILE it pauses there
 * instead — writes that file and waits for `<file>.go` — so a test can stop Odoo under a
 * running import (test/odoo/odoo-restart.test.ts). Read from the environment on purpose (not
 * the config): it is a test fault, never a setting.
 */
import { existsSync, writeFileSync } from 'node:fs';
export type CrashPoint =
  | 'orders:headers'
  | 'orders:lines'
  | 'orders:confirm'
  | 'orders:invoice'
  | 'orders:post'
  | 'orders:deliver'
  | 'categories:internal'
  | 'products:templates'
  | 'products:variants'
  | 'customers:partners'
  | 'refunds:credit-notes'
  | 'refunds:post'
  | 'shipments:claimed';

const armed = process.env.BC_ODOO_CRASH_AT;
const pauseFile = process.env.BC_ODOO_PAUSE_FILE;

export function crashPoint(point: CrashPoint): void {
  if (armed !== point) return;
  if (!pauseFile) process.kill(process.pid, 'SIGKILL');
  else pauseUntilReleased(pauseFile);
}

/** Blocks the whole process (nothing else may run meanwhile) until the test says go. */
function pauseUntilReleased(file: string): void {
  writeFileSync(file, String(process.pid));
  const tick = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(`${file}.go`)) Atomics.wait(tick, 0, 0, 100);
}
