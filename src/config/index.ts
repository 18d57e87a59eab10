export {
  loadConfig,
  selectInstance,
  interpolate,
  defaultOrdersConfig,
  defaultScheduleConfig,
  defaultDaemonConfig,
  DEFAULT_CONFIG_PATH,
} from './load.js';
export {
  DEFAULT_STATUS_MAP,
  ORDER_ACTIONS,
  DEFAULT_SCHEDULE,
  SYNC_ENTITIES,
  parseInterval,
  type OrderAction,
  type SyncEntity,
} from './schema.js';
export type {
  AppConfig,
  InstanceConfig,
  BigCommerceConfig,
  OdooConfig,
  OrdersConfig,
  PaymentRow,
  LogLevel,
  LoadConfigOptions,
  DaemonConfig,
  Schedule,
  EntitySchedule,
  ScheduleConfig,
} from './load.js';
export { ConfigError, type ConfigIssue } from './errors.js';
