export { loadConfig, selectInstance, DEFAULT_CONFIG_PATH } from './load.js';
export { interpolate } from './file.js';
export {
  defaultOrdersConfig,
  defaultInventoryConfig,
  defaultScheduleConfig,
  defaultShipmentsConfig,
  defaultStockConfig,
  defaultDaemonConfig,
} from './compile.js';
export {
  DEFAULT_STATUS_MAP,
  ORDER_ACTIONS,
  DEFAULT_SCHEDULE,
  SYNC_ENTITIES,
  IMPORT_ENTITIES,
  EXPORT_ENTITIES,
  BC_SHIPPING_PROVIDERS,
  parseInterval,
  type OrderAction,
  type SyncEntity,
  type ImportEntity,
  type ExportEntity,
  type StockMaster,
  type ExportQuantity,
} from './schema.js';
export type { LoadConfigOptions } from './load.js';
export type {
  AppConfig,
  InstanceConfig,
  BigCommerceConfig,
  OdooConfig,
  OrdersConfig,
  PaymentRow,
  InventoryConfig,
  StockConfig,
  ShipmentsConfig,
  CarrierTarget,
  OdooLocationRef,
  CustomersConfig,
  LogLevel,
  DaemonConfig,
  WebhooksConfig,
  QueueConfig,
  Schedule,
  EntitySchedule,
  ScheduleConfig,
} from './types.js';
export { ConfigError, type ConfigIssue } from './errors.js';
