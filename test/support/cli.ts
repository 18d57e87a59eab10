/** Runs the real CLI (src/cli.ts through tsx) as a child process and captures everything it prints. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const ROOT = join(import.meta.dirname, '..', '..');

export function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  timeoutMs = 90_000,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const clean: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env))
      if (!/^(BC_|ODOO_URL|ODOO_DB|ODOO_USERNAME|ODOO_PASSWORD|ODOO_PROTOCOL)/.test(k)) clean[k] = v;
    // One process (node --import tsx), so exit codes and signals are the CLI's own.
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli.ts'), ...args], {
      cwd: ROOT,
      env: { ...clean, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(t);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
