export { loadConfig, selectInstance, interpolate, DEFAULT_CONFIG_PATH } from './load.js';
export type { AppConfig, InstanceConfig, BigCommerceConfig, OdooConfig, LogLevel, LoadConfigOptions } from './load.js';
export { ConfigError, type ConfigIssue } from './errors.js';
