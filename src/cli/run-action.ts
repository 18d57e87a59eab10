/**
 * Turns what a command throws into an exit code and one clear, redacted message (failure.ts):
 * configuration mistakes → 2, connection failures → 3, anything else → 1. Under `--json` the
 * failure is also printed on stdout as `{"ok":false,"error":{…}}`, so a script always gets JSON.
 */
import { redactText } from '../log/redact.js';
import { EXIT } from './exit-codes.js';
import { describeFailure } from './failure.js';

export { CommandFailed } from './failure.js';

export function exitCodeFor(err: unknown): number {
  return describeFailure(err).exitCode;
}

export async function runAction(fn: () => Promise<number | undefined>, opts: { json?: boolean } = {}): Promise<void> {
  try {
    const code = await fn();
    process.exitCode = code ?? EXIT.OK;
  } catch (err) {
    const failure = describeFailure(err);
    process.stderr.write(`bc-odoo: ${failure.message}\n`);
    if (process.env.BC_ODOO_DEBUG && err instanceof Error && err.stack)
      process.stderr.write(`${redactText(err.stack)}\n`);
    if (opts.json) process.stdout.write(`${JSON.stringify({ ok: false, error: failure }, null, 2)}\n`);
    process.exitCode = failure.exitCode;
  }
}
