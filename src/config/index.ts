export { loadConfig, selectInstance, DEFAULT_CONFIG_PATH } from './load.js';
export { interpolate } from './file.js';
export {
  defaultOrdersConfig,
  defaultInventoryConfig,
  defaultScheduleConfig,
  defaultDaemonConfig,
} from './compile.js';
export {
  DEFAULT_STATUS_MAP,
  ORDER_ACTIONS,
  DEFAULT_SCHEDULE,
  SYNC_ENTITIES,
  parseInterval,
  type OrderAction,
  type SyncEntity,
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
  OdooLocationRef,
  CustomersConfig,
  LogLevel,
  DaemonConfig,
  Schedule,
  EntitySchedule,
  ScheduleConfig,
} from './types.js';
export { ConfigError, type ConfigIssue } from './errors.js';
