/**
 * What `bc-odoo setup` provisions in Odoo, as data: the custom models (no Odoo module needed)
 * with their fields and the layout of their views. Beside it: fields on Odoo's own models
 * (own-model-fields.ts), the "BigCommerce User" group and its rights (access-rights.ts), menus
 * and the dashboard (ui.ts, dashboard.ts). apply.ts compares all of it with what the database
 * has and creates or updates only the difference, so a second run changes nothing.
 */

import { FAILURE_KINDS } from '../../sync/failure.js';
import { countFields } from './dashboard.js';
import { RUN_STATUS } from './run-status.js';
import type { ModelSpec } from './spec.js';

export const SETUP_MODULE = 'bc_odoo';

export const ENTITIES = [
  ['categories', 'Categories'],
  ['brands', 'Brands'],
  ['products', 'Products'],
  ['customers', 'Customers'],
  ['orders', 'Orders'],
  ['refunds', 'Refunds'],
  ['inventory', 'Inventory'],
  ['export_inventory', 'Export: Inventory'],
  ['export_shipments', 'Export: Shipments'],
] as const;

const CONNECTION_STATUS = [
  ['unknown', 'Not tested'],
  ['ok', 'Connected'],
  ['failed', 'Failed'],
] as const;

export const MODELS: readonly ModelSpec[] = [
  {
    model: 'x_bc_instance',
    label: 'BigCommerce Store',
    title: 'Stores',
    key: 'instance',
    order: 'x_name',
    fields: [
      { name: 'x_store_hash', label: 'Store Hash', type: 'char', required: true, index: true },
      { name: 'x_store_name', label: 'Store Name', type: 'char' },
      { name: 'x_plan', label: 'Plan', type: 'char' },
      { name: 'x_currency_code', label: 'Default Currency', type: 'char' },
      { name: 'x_api_base_url', label: 'API Base URL', type: 'char' },
      { name: 'x_connection_status', label: 'Connection', type: 'selection', selection: CONNECTION_STATUS },
      { name: 'x_connection_message', label: 'Connection Message', type: 'text' },
      { name: 'x_last_test', label: 'Last Tested', type: 'datetime' },
      // the daemon's last hook check (daemon/webhooks/hook-check.ts), one line; empty without webhooks
      { name: 'x_webhooks_status', label: 'Webhooks', type: 'char' },
      { name: 'x_active', label: 'Active', type: 'boolean' },
      {
        name: 'x_sync_state_ids',
        label: 'Sync State',
        type: 'one2many',
        relation: 'x_bc_sync_state',
        relationField: 'x_instance_id',
      },
      ...countFields(),
    ],
    list: ['x_name', 'x_store_hash', 'x_store_name', 'x_connection_status', 'x_last_test'],
    form: {
      groups: [
        ['x_name', 'x_store_hash', 'x_store_name', 'x_plan', 'x_currency_code', 'x_api_base_url'],
        ['x_connection_status', 'x_last_test', 'x_connection_message', 'x_webhooks_status', 'x_active'],
      ],
      tables: [
        {
          field: 'x_sync_state_ids',
          columns: ['x_entity', 'x_last_sync', 'x_cursor', 'x_last_status', 'x_last_message'],
          readonly: true,
        },
      ],
    },
    search: {
      fields: ['x_name', 'x_store_hash'],
      filters: [{ name: 'failed', label: 'Connection failed', domain: "[('x_connection_status', '=', 'failed')]" }],
    },
    menu: { sequence: 10 },
  },
  {
    model: 'x_bc_sync_state',
    label: 'BigCommerce Sync State',
    title: 'Sync States',
    key: 'sync_state',
    readonlyUi: true,
    order: 'x_instance_id, x_entity',
    fields: [
      {
        name: 'x_instance_id',
        label: 'Store',
        type: 'many2one',
        relation: 'x_bc_instance',
        required: true,
        onDelete: 'cascade',
        index: true,
      },
      { name: 'x_entity', label: 'Entity', type: 'selection', selection: ENTITIES, required: true },
      { name: 'x_last_sync', label: 'Last Sync', type: 'datetime' },
      {
        name: 'x_cursor',
        label: 'Cursor',
        type: 'char',
        help: 'Where the next incremental import starts (BigCommerce date_modified or id)',
      },
      { name: 'x_last_status', label: 'Last Status', type: 'selection', selection: RUN_STATUS },
      { name: 'x_last_message', label: 'Last Message', type: 'text' },
      { name: 'x_auto_update', label: 'Auto Update', type: 'boolean' },
      { name: 'x_lease_holder', label: 'Lease Holder', type: 'char' },
      { name: 'x_lease_until', label: 'Lease Until', type: 'datetime' },
    ],
    list: ['x_instance_id', 'x_entity', 'x_last_sync', 'x_last_status', 'x_cursor'],
    form: {
      groups: [
        ['x_instance_id', 'x_entity', 'x_auto_update'],
        ['x_last_sync', 'x_cursor', 'x_last_status', 'x_last_message', 'x_lease_holder', 'x_lease_until'],
      ],
    },
    search: { fields: ['x_instance_id'], groupBy: ['x_instance_id', 'x_entity'] },
  },
  {
    model: 'x_bc_operation_log',
    label: 'BigCommerce Operation Log',
    title: 'Operation Logs',
    key: 'operation_log',
    readonlyUi: true,
    order: 'x_started desc, id desc',
    fields: [
      {
        name: 'x_operation',
        label: 'Operation',
        type: 'char',
        required: true,
        help: 'import, setup, test-connection, retry…',
      },
      { name: 'x_entity', label: 'Entity', type: 'char', index: true },
      {
        name: 'x_instance_id',
        label: 'Store',
        type: 'many2one',
        relation: 'x_bc_instance',
        onDelete: 'set null',
        index: true,
      },
      { name: 'x_started', label: 'Started', type: 'datetime' },
      { name: 'x_finished', label: 'Finished', type: 'datetime' },
      { name: 'x_created_count', label: 'Created', type: 'integer' },
      { name: 'x_updated_count', label: 'Updated', type: 'integer' },
      { name: 'x_unchanged_count', label: 'Unchanged', type: 'integer' },
      { name: 'x_skipped_count', label: 'Skipped', type: 'integer' },
      { name: 'x_failed_count', label: 'Failed', type: 'integer' },
      { name: 'x_warning_count', label: 'Warnings', type: 'integer' },
      { name: 'x_status', label: 'Status', type: 'selection', selection: RUN_STATUS, index: true },
      { name: 'x_message', label: 'Message', type: 'text' },
      {
        name: 'x_line_ids',
        label: 'Failed Records',
        type: 'one2many',
        relation: 'x_bc_operation_log_line',
        relationField: 'x_log_id',
      },
    ],
    list: [
      'x_started',
      'x_instance_id',
      'x_operation',
      'x_entity',
      'x_status',
      'x_created_count',
      'x_updated_count',
      'x_unchanged_count',
      'x_skipped_count',
      'x_failed_count',
      'x_warning_count',
    ],
    form: {
      groups: [
        ['x_name', 'x_operation', 'x_entity', 'x_instance_id', 'x_status'],
        [
          'x_started',
          'x_finished',
          'x_created_count',
          'x_updated_count',
          'x_unchanged_count',
          'x_skipped_count',
          'x_failed_count',
          'x_warning_count',
        ],
        ['x_message'],
      ],
      tables: [
        { field: 'x_line_ids', columns: ['x_level', 'x_bc_id', 'x_entity', 'x_name', 'x_error'], readonly: true },
      ],
    },
    search: {
      fields: ['x_name', 'x_operation', 'x_entity', 'x_instance_id'],
      filters: [
        { name: 'failed', label: 'With failures', domain: "[('x_failed_count', '>', 0)]" },
        { name: 'warnings', label: 'With warnings', domain: "[('x_warning_count', '>', 0)]" },
        { name: 'running', label: 'Running', domain: "[('x_status', '=', 'running')]" },
      ],
      groupBy: ['x_instance_id', 'x_entity', 'x_status'],
    },
    menu: { sequence: 50 },
  },
  {
    model: 'x_bc_operation_log_line',
    label: 'BigCommerce Operation Log Line',
    title: 'Operation Log Lines',
    key: 'operation_log_line',
    readonlyUi: true,
    order: 'id',
    fields: [
      {
        name: 'x_log_id',
        label: 'Operation',
        type: 'many2one',
        relation: 'x_bc_operation_log',
        required: true,
        onDelete: 'cascade',
        index: true,
      },
      { name: 'x_bc_id', label: 'BigCommerce ID', type: 'char', index: true },
      { name: 'x_entity', label: 'Entity', type: 'char' },
      {
        name: 'x_level',
        label: 'Level',
        type: 'selection',
        selection: [
          ['error', 'Error'],
          ['warning', 'Warning'],
        ],
      },
      { name: 'x_error', label: 'Error', type: 'text' },
    ],
    list: ['x_log_id', 'x_level', 'x_entity', 'x_bc_id', 'x_name', 'x_error'],
    form: { groups: [['x_log_id', 'x_level', 'x_entity', 'x_bc_id', 'x_name'], ['x_error']] },
    search: {
      fields: ['x_bc_id', 'x_entity', 'x_log_id'],
      filters: [
        { name: 'errors', label: 'Errors', domain: "[('x_level', '!=', 'warning')]" },
        { name: 'warnings', label: 'Warnings', domain: "[('x_level', '=', 'warning')]" },
      ],
    },
  },
  {
    model: 'x_bc_parked',
    label: 'BigCommerce Parked Record',
    title: 'Parked Records',
    key: 'parked',
    order: 'x_instance_id, x_entity, id',
    fields: [
      {
        name: 'x_instance_id',
        label: 'Store',
        type: 'many2one',
        relation: 'x_bc_instance',
        required: true,
        onDelete: 'cascade',
        index: true,
      },
      { name: 'x_entity', label: 'Entity', type: 'selection', selection: ENTITIES, required: true, index: true },
      { name: 'x_bc_id', label: 'BigCommerce ID', type: 'char', required: true, index: true },
      { name: 'x_kind', label: 'Failure', type: 'selection', selection: FAILURE_KINDS },
      { name: 'x_reason', label: 'Reason', type: 'text' },
      { name: 'x_attempts', label: 'Attempts', type: 'integer' },
      { name: 'x_first_failed', label: 'First Failed', type: 'datetime' },
      { name: 'x_last_failed', label: 'Last Failed', type: 'datetime' },
    ],
    list: ['x_instance_id', 'x_entity', 'x_bc_id', 'x_kind', 'x_attempts', 'x_last_failed', 'x_reason'],
    form: {
      groups: [
        ['x_instance_id', 'x_entity', 'x_bc_id', 'x_kind'],
        ['x_attempts', 'x_first_failed', 'x_last_failed'],
        ['x_reason'],
      ],
    },
    search: { fields: ['x_bc_id', 'x_entity', 'x_instance_id'], groupBy: ['x_instance_id', 'x_entity', 'x_kind'] },
    menu: { sequence: 45 },
  },
  {
    model: 'x_bc_brand',
    label: 'BigCommerce Brand',
    title: 'Brands',
    key: 'brand',
    order: 'x_name',
    fields: [
      { name: 'x_bc_id', label: 'BigCommerce ID', type: 'integer', index: true },
      { name: 'x_instance_id', label: 'Store', type: 'many2one', relation: 'x_bc_instance', onDelete: 'set null' },
      { name: 'x_image', label: 'Image', type: 'binary' },
      { name: 'x_page_title', label: 'Page Title', type: 'char' },
      { name: 'x_active', label: 'Active', type: 'boolean' },
      { name: 'x_bc_hash', label: 'BigCommerce Fingerprint', type: 'char' },
    ],
    list: ['x_name', 'x_bc_id', 'x_instance_id'],
    form: { groups: [['x_name', 'x_bc_id', 'x_instance_id', 'x_page_title'], ['x_image']] },
    search: { fields: ['x_name', 'x_bc_id'] },
    menu: { sequence: 20 },
  },
  {
    model: 'x_bc_refund',
    label: 'BigCommerce Refund',
    title: 'Refunds',
    key: 'refund',
    order: 'id desc',
    fields: [
      { name: 'x_bc_refund_id', label: 'BigCommerce Refund ID', type: 'integer', required: true, index: true },
      { name: 'x_bc_order_id', label: 'BigCommerce Order ID', type: 'integer', index: true },
      { name: 'x_instance_id', label: 'Store', type: 'many2one', relation: 'x_bc_instance', onDelete: 'set null' },
      { name: 'x_currency_id', label: 'Currency', type: 'many2one', relation: 'res.currency' },
      { name: 'x_amount', label: 'Amount', type: 'monetary' },
      { name: 'x_reason', label: 'Reason', type: 'char' },
      { name: 'x_refund_date', label: 'Refunded On', type: 'datetime' },
      { name: 'x_sale_order_id', label: 'Sale Order', type: 'many2one', relation: 'sale.order', onDelete: 'set null' },
      {
        name: 'x_credit_note_id',
        label: 'Credit Note',
        type: 'many2one',
        relation: 'account.move',
        onDelete: 'set null',
      },
      {
        name: 'x_status',
        label: 'Status',
        type: 'selection',
        selection: [
          ['pending', 'Pending'],
          ['synced', 'Synced'],
          ['error', 'Error'],
        ],
        index: true,
      },
      { name: 'x_message', label: 'Message', type: 'text' },
    ],
    list: [
      'x_bc_refund_id',
      'x_bc_order_id',
      'x_sale_order_id',
      'x_amount',
      'x_currency_id',
      'x_status',
      'x_credit_note_id',
    ],
    form: {
      groups: [
        ['x_name', 'x_bc_refund_id', 'x_bc_order_id', 'x_instance_id', 'x_reason', 'x_refund_date'],
        ['x_amount', 'x_currency_id', 'x_sale_order_id', 'x_credit_note_id', 'x_status', 'x_message'],
      ],
    },
    search: {
      fields: ['x_bc_refund_id', 'x_bc_order_id', 'x_sale_order_id'],
      filters: [
        { name: 'error', label: 'Errors', domain: "[('x_status', '=', 'error')]" },
        { name: 'pending', label: 'Pending', domain: "[('x_status', '=', 'pending')]" },
      ],
      groupBy: ['x_status', 'x_instance_id'],
    },
    menu: { sequence: 30 },
  },
];

/** Bumped when this schema changes; kept in ir.config_parameter so test-connection can tell. */
export const SETUP_VERSION = '8';
