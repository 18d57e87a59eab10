export { loadConfig, selectInstance, interpolate, defaultOrdersConfig, DEFAULT_CONFIG_PATH } from './load.js';
export { DEFAULT_STATUS_MAP, ORDER_ACTIONS, type OrderAction } from './schema.js';
export type { AppConfig, InstanceConfig, BigCommerceConfig, OdooConfig, OrdersConfig, PaymentRow, LogLevel, LoadConfigOptions } from './load.js';
export { ConfigError, type ConfigIssue } from './errors.js';
