/**
 * Turns what a command throws into an exit code and one clear, redacted message:
 * configuration mistakes → 2, connection failures → 3, anything else → 1.
 */
import { ConfigError } from '../config/index.js';
import { redactText } from '../log/redact.js';
import { EXIT } from './exit-codes.js';

export class CommandFailed extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export function exitCodeFor(err: unknown): number {
  if (err instanceof ConfigError) return EXIT.CONFIG;
  if (err instanceof CommandFailed) return err.exitCode;
  return EXIT.FAILURE;
}

export async function runAction(fn: () => Promise<number | undefined>): Promise<void> {
  try {
    const code = await fn();
    process.exitCode = code ?? EXIT.OK;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`bc-odoo: ${redactText(message)}\n`);
    if (process.env.BC_ODOO_DEBUG && err instanceof Error && err.stack)
      process.stderr.write(`${redactText(err.stack)}\n`);
    process.exitCode = exitCodeFor(err);
  }
}
