/**
 * Why a connection failed, in words a person can act on, decided from the typed errors (never
 * from message text). One place for `test-connection`, the import commands, the daemon and the
 * operation log, so each of them gives the same reason for the same failure: a bad token, an
 * unknown store, an unreachable host (with its system error code), a timeout, a wrong database,
 * wrong credentials. Messages are redacted here, before anyone prints or stores them.
 */
import {
  BigCommerceAuthError,
  BigCommerceNetworkError,
  BigCommerceNotFoundError,
  BigCommerceTimeoutError,
} from '../bigcommerce/errors.js';
import { redactText } from '../log/redact.js';
import { OdooAuthError, OdooNotFoundError, OdooTimeoutError, OdooTransportError } from '../odoo/errors.js';

export type ConnectionFailureReason =
  | 'bad_token'
  | 'unknown_store'
  | 'unreachable'
  | 'timeout'
  | 'wrong_database'
  | 'bad_credentials';

export interface ConnectionFailure {
  readonly side: 'bigcommerce' | 'odoo';
  readonly reason: ConnectionFailureReason;
  /** what went wrong and what to check, redacted */
  readonly message: string;
  /** unreachable: the host and the system error code (ECONNREFUSED, ENOTFOUND, …) */
  readonly host?: string;
  readonly code?: string;
}

/** The reason a BigCommerce request failed, when it is a connection failure; undefined otherwise. */
export function bigCommerceFailure(err: unknown): ConnectionFailure | undefined {
  const text = redactText(err instanceof Error ? err.message : String(err));
  const side = 'bigcommerce';
  if (err instanceof BigCommerceAuthError)
    return {
      side,
      reason: 'bad_token',
      message: `the access token was refused (${text}); check bigcommerce.access_token and its scopes`,
    };
  if (err instanceof BigCommerceNotFoundError)
    return {
      side,
      reason: 'unknown_store',
      message: `no such store (${text}); check bigcommerce.store_hash and api_base_url`,
    };
  if (err instanceof BigCommerceNetworkError)
    return {
      side,
      reason: 'unreachable',
      host: err.host,
      code: err.code,
      message: `host unreachable (${text}); check bigcommerce.api_base_url and the network`,
    };
  if (err instanceof BigCommerceTimeoutError)
    return { side, reason: 'timeout', message: `no answer in time (${text})` };
  return undefined;
}

/** The reason connecting to Odoo failed, when it is a connection failure; undefined otherwise. */
export function odooConnectFailure(
  err: unknown,
  where: { url: string; db: string; username: string },
): ConnectionFailure | undefined {
  const text = redactText(err instanceof Error ? err.message : String(err));
  const url = redactText(where.url);
  const side = 'odoo';
  if (err instanceof OdooAuthError)
    return {
      side,
      reason: 'bad_credentials',
      message: `login refused for user "${where.username}" on database "${where.db}"; check odoo.username and odoo.password`,
    };
  if (err instanceof OdooNotFoundError)
    return {
      side,
      reason: 'wrong_database',
      message: `database "${where.db}" not found at ${url} (${text}); check odoo.db`,
    };
  if (err instanceof OdooTransportError)
    return { side, reason: 'unreachable', message: `Odoo unreachable at ${url} (${text}); check odoo.url` };
  if (err instanceof OdooTimeoutError)
    return { side, reason: 'timeout', message: `Odoo did not answer in time at ${url}` };
  return undefined;
}

/** "BigCommerce: bad token — the access token was refused (…)" */
export function describeConnectionFailure(f: ConnectionFailure): string {
  return `${f.side === 'bigcommerce' ? 'BigCommerce' : 'Odoo'}: ${f.reason.replace(/_/g, ' ')} — ${f.message}`;
}

/** Why a run stopped, for the operation log and the daemon's log: the connection reason when there is one. */
export function describeRunFailure(err: unknown): string {
  const f = bigCommerceFailure(err);
  return f ? describeConnectionFailure(f) : redactText(err instanceof Error ? err.message : String(err));
}
