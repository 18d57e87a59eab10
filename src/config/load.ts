/**
 * Compiles the configuration once at start: defaults ← env ← file ← flags, validated into a
 * frozen object. This is the only module that reads process.env (callers pass `env` in tests).
 * The steps, in order: find the source (a file, or the environment: file.ts, env.ts), overlay
 * the environment on what a file leaves out, validate (schema.ts), register the secrets with
 * the redactor (secrets.ts), compile and freeze (compile.ts).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileDaemon, compileInstance, deepFreeze } from './compile.js';
import { fromEnv, hasEnvInstance, overlayEnv } from './env.js';
import { ConfigError, type ConfigIssue } from './errors.js';
import { interpolateAll, parseYaml } from './file.js';
import { plainIssues } from './issues.js';
import { fileSchema, type FileConfig } from './schema.js';
import { exposedSecretWarnings, registerSecrets } from './secrets.js';
import type { AppConfig, InstanceConfig, LogLevel } from './types.js';

export const DEFAULT_CONFIG_PATH = 'config/bc-odoo.yaml';

export interface LoadConfigOptions {
  /** --config flag */
  configPath?: string;
  /** --log-level flag */
  logLevel?: LogLevel;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export function loadConfig(opts: LoadConfigOptions = {}): AppConfig {
  const env = opts.env ?? process.env;
  const { raw, source, envMode, warnings, unset } = readSource(opts, env);
  const fromEnv = overlayEnv(raw, env, envMode);
  const cfg = validate(raw, source, envMode, unset, fromEnv);
  registerSecrets(cfg);
  return deepFreeze({
    source,
    logLevel: opts.logLevel ?? cfg.log_level,
    instances: cfg.instances.map(compileInstance),
    daemon: compileDaemon(cfg.daemon, cfg.queue),
    warnings,
  });
}

interface Source {
  /** the configuration as written, placeholders filled, not yet validated */
  raw: unknown;
  /** a file path or "environment" */
  source: string;
  /** zero-file mode: the instance comes from BC_* and ODOO_* variables */
  envMode: boolean;
  warnings: string[];
  /** `${NAME}` placeholders whose variable is not set, reported with the file's other mistakes */
  unset: ConfigIssue[];
}

/** The --config file, else BC_ODOO_CONFIG's, else the default path if it exists, else the environment. */
function readSource(opts: LoadConfigOptions, env: NodeJS.ProcessEnv): Source {
  const explicit = opts.configPath ?? env.BC_ODOO_CONFIG;
  const path = resolve(opts.cwd ?? process.cwd(), explicit ?? DEFAULT_CONFIG_PATH);
  if (existsSync(path)) {
    const parsedFile = parseYaml(path);
    const warnings = exposedSecretWarnings(path, parsedFile);
    const { value, issues } = interpolateAll(parsedFile, env);
    return { raw: value, source: path, envMode: false, warnings, unset: issues };
  }
  if (explicit) {
    throw new ConfigError(explicit, [
      {
        path: '',
        message: `configuration file ${path} does not exist (from ${opts.configPath ? '--config' : 'BC_ODOO_CONFIG'})`,
      },
    ]);
  }
  if (hasEnvInstance(env)) return { raw: fromEnv(env), source: 'environment', envMode: true, warnings: [], unset: [] };
  throw new ConfigError('none', [
    {
      path: '',
      message:
        `no configuration: create ${DEFAULT_CONFIG_PATH} from config/bc-odoo.example.yaml, pass --config FILE, ` +
        'or set BC_STORE_HASH, BC_ACCESS_TOKEN, ODOO_URL, ODOO_DB, ODOO_USERNAME and ODOO_PASSWORD',
    },
  ]);
}

/**
 * Every mistake at once: unset variables, the file schema's findings (but none about a value
 * that is only empty because its variable is unset), and what the schema cannot say: instance
 * names are unique.
 */
function validate(
  raw: unknown,
  source: string,
  envMode: boolean,
  unset: ConfigIssue[],
  fromEnv: ReadonlyMap<string, string>,
): FileConfig {
  const parsed = fileSchema.safeParse(raw);
  const blank = new Set(unset.map((i) => i.path));
  const found = parsed.success
    ? []
    : plainIssues(parsed.error, raw, envMode, fromEnv).filter((i) => !blank.has(i.path));
  const issues = [...unset, ...found, ...duplicateNames(raw)];
  if (issues.length || !parsed.success) throw new ConfigError(source, issues);
  return parsed.data;
}

function duplicateNames(raw: unknown): ConfigIssue[] {
  const instances = (raw as { instances?: unknown } | null)?.instances;
  if (!Array.isArray(instances)) return [];
  const names = new Set<unknown>();
  const dupes: ConfigIssue[] = [];
  instances.forEach((i: unknown, n) => {
    const name = (i as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') return;
    if (names.has(name))
      dupes.push({
        path: `instances[${n}].name`,
        message: `duplicate instance name "${name}": give each instance its own`,
      });
    names.add(name);
  });
  return dupes;
}

/** Picks the instance a command works on: the named one, or the only one. */
export function selectInstance(cfg: AppConfig, name?: string): InstanceConfig {
  if (name) {
    const found = cfg.instances.find((i) => i.name === name);
    if (!found) {
      throw new ConfigError(cfg.source, [
        {
          path: '--instance',
          message: `no instance named "${name}"; configured: ${cfg.instances.map((i) => i.name).join(', ')}`,
        },
      ]);
    }
    return found;
  }
  if (cfg.instances.length > 1) {
    throw new ConfigError(cfg.source, [
      {
        path: '--instance',
        message: `several instances are configured (${cfg.instances.map((i) => i.name).join(', ')}); choose one with --instance NAME`,
      },
    ]);
  }
  return cfg.instances[0]!;
}
