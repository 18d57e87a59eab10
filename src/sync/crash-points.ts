/**
 * Named points inside an import where the crash tests (test/odoo/crash-resume.test.ts) kill
 * the process with SIGKILL, to prove that the next run finishes whatever was interrupted.
 * Off unless BC_ODOO_CRASH_AT names the point: then the process dies there, as a kill -9 or a
 * power cut would, with nothing flushed or closed. Read from the environment on purpose (not
 * the config): it is a test fault, never a setting.
 */
export type CrashPoint =
  | 'orders:headers' | 'orders:lines' | 'orders:confirm' | 'orders:invoice' | 'orders:post'
  | 'products:templates' | 'products:variants'
  | 'refunds:credit-notes' | 'refunds:post';

const armed = process.env.BC_ODOO_CRASH_AT;

export function crashPoint(point: CrashPoint): void {
  if (armed === point) process.kill(process.pid, 'SIGKILL');
}
