/**
 * What every command needs, built once from the global flags: the compiled config and a
 * logger. Commands receive it; only src/config reads the environment.
 */
import { loadConfig, selectInstance, type AppConfig, type InstanceConfig, type LogLevel } from '../config/index.js';
import { createLogger, type Logger } from '../log/logger.js';

export interface GlobalOptions {
  config?: string;
  logLevel?: LogLevel;
}

export interface CommandContext {
  config: AppConfig;
  logger: Logger;
  instances(name?: string): readonly InstanceConfig[];
}

export function buildContext(opts: GlobalOptions): CommandContext {
  const config = loadConfig({ configPath: opts.config, logLevel: opts.logLevel });
  const logger = createLogger({ level: config.logLevel });
  for (const warning of config.warnings ?? []) logger.warn({ source: config.source }, warning);
  return {
    config,
    logger,
    instances: (name?: string) => (name ? [selectInstance(config, name)] : config.instances),
  };
}
