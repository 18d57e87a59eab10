import { pino, stdSerializers, destination, type Logger, type LevelWithSilent, type DestinationStream } from 'pino';
import { isSecretKey, redactText, redactValue, REDACTED, SECRET_KEYS } from './redact.js';

export type { Logger };

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** pretty-print (default: when stdout is a TTY) */
  pretty?: boolean;
  /** where JSON lines go (tests pass a stream to inspect output) */
  destination?: DestinationStream;
}

// pino's path redaction covers structured fields one and two levels deep; the
// formatters below also scrub free text (messages, error stacks) of registered secrets.
const redactPaths = SECRET_KEYS.flatMap((k) => [
  `["${k}"]`,
  `*["${k}"]`,
  `*.*["${k}"]`,
  `headers["${k}"]`,
  `*.headers["${k}"]`,
]);

export function createLogger(opts: LoggerOptions = {}): Logger {
  const pretty = opts.pretty ?? (process.stdout.isTTY === true && !opts.destination);
  const base = {
    level: opts.level ?? 'info',
    redact: { paths: redactPaths, censor: REDACTED },
    formatters: {
      log(obj: Record<string, unknown>) {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(obj)) {
          out[k] = isSecretKey(k) ? REDACTED : redactValue(v);
        }
        return out;
      },
    },
    hooks: {
      logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? redactText(a) : a)),
        );
      },
    },
    serializers: {
      err: (e: unknown) => redactValue(stdSerializers.err(e as Error)),
    },
  };
  if (opts.destination) return pino(base, opts.destination);
  if (pretty) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } } });
  }
  // JSON logs go to stderr so that `--json` command output on stdout stays machine-readable.
  return pino(base, destination(2));
}

/** A logger that drops everything (library default when the caller gives none). */
export const silentLogger: Logger = pino({ level: 'silent' });
