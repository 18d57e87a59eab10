/**
 * Before the first call: which Odoo answers (its version, from /web/webclient/version_info or,
 * on servers without it, /jsonrpc's `common.version`), whether the secret looks like an API
 * key (needed for /json/2), and the /jsonrpc login that turns user and password into a uid.
 * OdooClient.connect puts these steps together and chooses the protocol.
 */
import { hostOf, OdooAuthError, OdooNotFoundError, OdooTransportError } from './errors.js';
import { parseJsonRpc } from './responses.js';
import type { SendOptions, Transport } from './transport.js';

export interface OdooServerVersion {
  serverVersion: string;
  major: number;
  minor: number;
  saas: boolean;
}

/** Odoo API keys are 160 random bits in hex (res.users.apikeys `_generate`). */
export function looksLikeApiKey(secret: string): boolean {
  return /^[0-9a-f]{40}$/i.test(secret);
}

export async function serverVersion(t: Transport, timeoutMs: number): Promise<OdooServerVersion> {
  const opts: SendOptions = { safe: true, timeoutMs };
  const body = (params: unknown) => ({ jsonrpc: '2.0', method: 'call', id: t.rpcId(), params });
  try {
    return parseVersion(
      await t.send(
        '/web/webclient/version_info',
        body({}),
        {},
        { service: 'web', method: 'version' },
        opts,
        parseJsonRpc,
      ),
    );
  } catch (err) {
    if (!(err instanceof OdooNotFoundError)) throw err;
    const info = await t.send(
      '/jsonrpc',
      body({ service: 'common', method: 'version', args: [] }),
      {},
      { service: 'common', method: 'version' },
      opts,
      parseJsonRpc,
    );
    return parseVersion(info);
  }
}

/** `common.authenticate` over /jsonrpc: the user's uid; refused credentials → OdooAuthError. */
export async function authenticate(
  t: Transport,
  login: { db: string; username: string; password: string },
  timeoutMs: number,
): Promise<number> {
  const { db, username, password } = login;
  const uid = await t.send(
    '/jsonrpc',
    {
      jsonrpc: '2.0',
      method: 'call',
      id: t.rpcId(),
      params: { service: 'common', method: 'authenticate', args: [db, username, password, {}] },
    },
    {},
    { service: 'common', method: 'authenticate' },
    { safe: true, timeoutMs },
    parseJsonRpc,
  );
  if (typeof uid !== 'number' || !uid) {
    throw new OdooAuthError(`login refused for user "${username}" on database "${db}" at ${hostOf(t.url)}`, {
      url: t.url,
      db,
      method: 'authenticate',
    });
  }
  return uid;
}

function parseVersion(info: unknown): OdooServerVersion {
  const v = info as { server_version?: string; server_version_info?: unknown[]; server_serie?: string } | undefined;
  const first = v?.server_version_info?.[0];
  const major =
    typeof first === 'number' ? first : parseInt(String(first ?? v?.server_version ?? '').replace(/^saas~/, ''), 10);
  const minor = Number(v?.server_version_info?.[1] ?? 0) || 0;
  const serverVersion = String(v?.server_version ?? `${major}.${minor}`);
  if (!Number.isFinite(major))
    throw new OdooTransportError(`unrecognised Odoo version answer`, { code: 'BAD_RESPONSE' });
  return {
    serverVersion,
    major,
    minor,
    saas: /saas/.test(`${serverVersion} ${v?.server_serie ?? ''} ${String(first)}`),
  };
}
