/**
 * The store instance as a record in Odoo (x_bc_instance), with one sync-state row per entity.
 * Found by store hash (the store's permanent id), so renaming the instance in config keeps it.
 */
import { redactText } from '../log/redact.js';
import { odooDatetime } from './operation-log.js';
import type { OdooRpc } from './rpc.js';
import { ENTITIES } from './setup/schema.js';

export interface InstanceIdentity {
  name: string;
  storeHash: string;
  apiBaseUrl: string;
}

export async function findInstanceRecord(rpc: OdooRpc, storeHash: string): Promise<number | undefined> {
  const [row] = await rpc.searchRead<{ id: number }>('x_bc_instance', [['x_store_hash', '=', storeHash]], ['id'], {
    limit: 1,
  });
  return row?.id;
}

/** Creates the instance record and its missing sync-state rows; returns the record id. */
export async function ensureInstanceRecord(
  rpc: OdooRpc,
  inst: InstanceIdentity,
): Promise<{ id: number; created: boolean }> {
  let id = await findInstanceRecord(rpc, inst.storeHash);
  let created = false;
  if (id === undefined) {
    [id] = await rpc.create('x_bc_instance', [
      {
        x_name: inst.name,
        x_store_hash: inst.storeHash,
        x_api_base_url: inst.apiBaseUrl,
        x_connection_status: 'unknown',
        x_active: true,
      },
    ]);
    created = true;
  } else {
    const [row] = await rpc.callRecords<{ x_name: string; x_api_base_url: string | false }[]>(
      'x_bc_instance',
      [id],
      'read',
      {
        fields: ['x_name', 'x_api_base_url'],
      },
    );
    if (row && (row.x_name !== inst.name || row.x_api_base_url !== inst.apiBaseUrl)) {
      await rpc.write('x_bc_instance', [id], { x_name: inst.name, x_api_base_url: inst.apiBaseUrl });
    }
  }
  const have = await rpc.searchRead<{ x_entity: string }>(
    'x_bc_sync_state',
    [['x_instance_id', '=', id!]],
    ['x_entity'],
  );
  const missing = ENTITIES.filter(([e]) => !have.some((h) => h.x_entity === e));
  const rows = (list: typeof missing) =>
    list.map(([e]) => ({ x_name: `${inst.name} ${e}`, x_instance_id: id, x_entity: e }));
  if (missing.length) {
    try {
      await rpc.create('x_bc_sync_state', rows(missing));
    } catch (err) {
      // A database set up by an older bc-odoo has no export entities in the selection yet: its
      // imports go on; the exports ask for `bc-odoo setup` (they find no sync-state row).
      const imports = missing.filter(([e]) => !e.startsWith('export_'));
      if (imports.length === missing.length) throw err;
      if (imports.length) await rpc.create('x_bc_sync_state', rows(imports));
    }
  }
  return { id: id!, created };
}

export interface ConnectionRecord {
  ok: boolean;
  message: string;
  storeName?: string;
  plan?: string;
  currency?: string;
}

export async function recordConnectionStatus(rpc: OdooRpc, id: number, rec: ConnectionRecord): Promise<void> {
  const values: Record<string, unknown> = {
    x_connection_status: rec.ok ? 'ok' : 'failed',
    x_connection_message: redactText(rec.message),
    x_last_test: odooDatetime(new Date()),
  };
  if (rec.storeName) values.x_store_name = rec.storeName;
  if (rec.plan) values.x_plan = rec.plan;
  if (rec.currency) values.x_currency_code = rec.currency;
  await rpc.write('x_bc_instance', [id], values);
}

/** The daemon's last hook check, as the dashboard shows it (x_webhooks_status); the text is redacted again here. */
export async function recordWebhooksStatus(rpc: OdooRpc, id: number, text: string): Promise<void> {
  await rpc.write('x_bc_instance', [id], { x_webhooks_status: redactText(text) });
}
