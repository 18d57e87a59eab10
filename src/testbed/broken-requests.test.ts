import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brokenRequests } from './odoo-testbed.js';

const entry = (time: string, text: string) => `2026-12-02 13:54:${time},864 1 ${text}`;
const page500 = [
  entry('31', 'ERROR db odoo.http: Exception during request handling.'),
  'Traceback (most recent call last):',
  '  File "/opt/odoo/18.0/odoo/addons/web/controllers/binary.py", line 1, in content',
  "FileNotFoundError: [Errno 2] No such file or directory: '/x/filestore/db/ab/abc'",
].join('\n');
const rpcError = [
  entry('32', 'ERROR db odoo.http: Exception during request handling.'),
  'Traceback (most recent call last):',
  '  File "/opt/odoo/18.0/odoo/addons/base/controllers/rpc.py", line 178, in jsonrpc',
  "KeyError: 'no_such_field'",
].join('\n');
const rpcError19 = [
  entry('34', 'ERROR None odoo.http: Exception during request handling.'),
  'Traceback (most recent call last):',
  '  File "/opt/odoo/19.0/odoo/addons/rpc/controllers/jsonrpc.py", line 16, in jsonrpc',
  "KeyError: 'shop_nope'",
].join('\n');
const missingFile = entry('33', "INFO db odoo.addons.base.models.ir_attachment: FileNotFoundError: '/x/ab/abc'");

function logOf(...entries: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'bcodoo-log-'));
  const file = join(dir, 'odoo.log');
  writeFileSync(file, `${[entry('30', 'INFO db odoo.x: fine'), ...entries].join('\n')}\n`);
  return file;
}

describe('brokenRequests', () => {
  it.each([
    ['a page answered 500 is found, with its cause', [page500], 1, /FileNotFoundError/],
    ['an RPC error (a JSON answer the client reads) is not', [rpcError], 0, undefined],
    ["nor one of Odoo 19's rpc module (an unknown database)", [rpcError19], 0, undefined],
    ['a missing attachment file is found', [missingFile], 1, /FileNotFoundError/],
    ['a clean log has none', [], 0, undefined],
  ] as const)('%s', (_label, entries, count, pattern) => {
    const found = brokenRequests(logOf(...entries));
    expect(found).toHaveLength(count);
    if (pattern) expect(found[0]).toMatch(pattern);
  });

  it('a missing log file has none', () => {
    expect(brokenRequests('/nonexistent/odoo.log')).toEqual([]);
  });
});
