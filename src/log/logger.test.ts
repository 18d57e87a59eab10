import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { clearSecrets, redactText, redactValue, registerSecret } from './redact.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, logger: createLogger({ level: 'trace', destination }) };
}

const TOKEN = 'bc-token-0123456789abcdef';
const PASSWORD = 'odoo-Pa55word-xyz';

afterEach(() => clearSecrets());

describe('secrets never reach the logs', () => {
  it('redacts secret keys at any depth, registered secrets in free text, errors and stacks', () => {
    registerSecret(TOKEN);
    registerSecret(PASSWORD);
    const { lines, logger } = capture();
    logger.info(
      { access_token: TOKEN, config: { odoo: { password: PASSWORD } }, headers: { 'X-Auth-Token': TOKEN } },
      'structured',
    );
    logger.warn(`free text with ${TOKEN} and ${PASSWORD}`);
    logger.error({ err: new Error(`request failed for token ${TOKEN}`) }, 'an error');
    logger.debug({ deep: { a: { b: { c: { d: `x${PASSWORD}y` } } } }, url: `http://h/?p=${PASSWORD}` }, 'deep');
    logger.info({ authorization: `Bearer ${TOKEN}` }, 'bearer');
    const out = lines.join('');
    expect(lines).toHaveLength(5);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(PASSWORD);
    expect(out).toContain('[REDACTED]');
    expect(out).toContain('request failed for token [REDACTED]');
  });

  it('redacts bearer and X-Auth-Token values even when not registered', () => {
    expect(redactText('Authorization: Bearer abcdef123456')).toBe('Authorization: Bearer [REDACTED]');
    expect(redactText('{"X-Auth-Token":"zzzz9999"}')).toBe('{"X-Auth-Token":"[REDACTED]"}');
  });

  it('redactValue blanks secret keys and keeps the rest', () => {
    expect(redactValue({ password: 'p', user: 'u', nested: [{ api_key: 'k' }] })).toEqual({
      password: '[REDACTED]',
      user: 'u',
      nested: [{ api_key: '[REDACTED]' }],
    });
  });
});
