/**
 * Reading a configuration file: YAML, with parse errors reported by line, and `${NAME}` /
 * `${NAME:-default}` placeholders in string values filled from the environment (so secrets need
 * not be written in the file; `$${` is a literal `${`).
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { ConfigError, type ConfigIssue } from './errors.js';

/** The file's content as plain data, placeholders not yet filled. */
export function parseYaml(path: string): unknown {
  const doc = parseDocument(readFileSync(path, 'utf8'), { prettyErrors: true });
  if (doc.errors.length) {
    throw new ConfigError(
      path,
      doc.errors.map((e) => ({
        path: `line ${e.linePos?.[0]?.line ?? '?'}`,
        message: e.message.split('\n')[0] ?? e.message,
      })),
    );
  }
  return doc.toJS();
}

/** `${NAME}` and `${NAME:-default}` in string values; `$${` is a literal `${`. Throws every unset variable at once. */
export function interpolate(value: unknown, env: NodeJS.ProcessEnv, source: string): unknown {
  const { value: out, issues } = interpolateAll(value, env);
  if (issues.length) throw new ConfigError(source, issues);
  return out;
}

/**
 * The same, but an unset variable is a finding, not an exception: the value becomes "" and the
 * caller reports it with whatever else is wrong in the file (a bad URL next to it).
 */
export function interpolateAll(value: unknown, env: NodeJS.ProcessEnv): { value: unknown; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === 'string') {
      return v.replace(
        /\$?\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
        (m, name: string, def: string | undefined) => {
          if (m.startsWith('$$')) return m.slice(1);
          const got = env[name];
          if (got !== undefined && got !== '') return got;
          if (def !== undefined) return def;
          issues.push({
            path,
            message: `environment variable ${name} is not set: set it (export ${name}=…), or write \${${name}:-default} in the file`,
          });
          return '';
        },
      );
    }
    if (Array.isArray(v)) return v.map((x, n) => walk(x, `${path}[${n}]`));
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, path ? `${path}.${k}` : k)]));
    }
    return v;
  };
  return { value: walk(value, ''), issues };
}
