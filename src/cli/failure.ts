/**
 * What a command that stopped tells its operator, as data: the exit code, a kind a script can
 * branch on, one redacted message, and where it happened (instance, entity). `run-action.ts`
 * prints it on stderr, and under `--json` also on stdout as
 * `{"ok":false,"error":{"kind","message","exitCode","instance"?,"entity"?,"code"?,"host"?,"issues"?}}`.
 */
import { ConfigError, type ConfigIssue } from '../config/index.js';
import { redactText } from '../log/redact.js';
import {
  bigCommerceFailure,
  type ConnectionFailureReason,
  describeConnectionFailure,
} from '../sync/connection-failure.js';
import { EXIT } from './exit-codes.js';

export type FailureKind = ConnectionFailureReason | 'config' | 'lease_held' | 'error';

export interface CommandFailure {
  readonly kind: FailureKind;
  readonly message: string;
  readonly exitCode: number;
  readonly instance?: string;
  readonly entity?: string;
  /** unreachable: the system error code and host */
  readonly code?: string;
  readonly host?: string;
  /** config: every mistake, with its path */
  readonly issues?: readonly ConfigIssue[];
}

/** A command's own failure (an Odoo that cannot be used, a lease held…), with its exit code and kind. */
export class CommandFailed extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly failure: Partial<CommandFailure> = {},
  ) {
    super(message);
  }
}

/** Turns whatever a command threw into its failure: config → 2, connection → 3, anything else → 1. */
export function describeFailure(err: unknown): CommandFailure {
  if (err instanceof ConfigError)
    return { kind: 'config', exitCode: EXIT.CONFIG, message: redactText(err.message), issues: err.issues };
  if (err instanceof CommandFailed)
    return {
      kind: err.exitCode === EXIT.CONFIG ? 'config' : 'error',
      ...err.failure,
      exitCode: err.exitCode,
      message: redactText(err.message),
    };
  const bc = bigCommerceFailure(err);
  if (bc)
    return {
      kind: bc.reason,
      exitCode: EXIT.CONNECTION,
      message: describeConnectionFailure(bc),
      ...(bc.code ? { code: bc.code } : {}),
      ...(bc.host ? { host: bc.host } : {}),
    };
  return {
    kind: 'error',
    exitCode: EXIT.FAILURE,
    message: redactText(err instanceof Error ? err.message : String(err)),
  };
}

/** The same failure, said to have happened to this instance (and entity). */
export function failedAt(err: unknown, where: { instance: string; entity?: string }): CommandFailed {
  if (err instanceof ConfigError) throw err;
  const f = describeFailure(err);
  return new CommandFailed(f.message, f.exitCode, { ...f, ...where });
}
