import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, redactText, redactUrlCredentials, registerSecret, urlCredentials } from './redact.js';

afterEach(() => clearSecrets());

describe('credentials in URLs', () => {
  it('keeps the user name, never the password, wherever a URL appears in text', () => {
    expect(
      redactText(
        'Odoo unreachable at http://bob:s3cret-pw@127.0.0.1:9 (cannot reach http://bob:s3cret-pw@127.0.0.1:9/web)',
      ),
    ).toBe(
      'Odoo unreachable at http://bob:[REDACTED]@127.0.0.1:9 (cannot reach http://bob:[REDACTED]@127.0.0.1:9/web)',
    );
    expect(redactUrlCredentials('https://admin:p%40ss@odoo.example.com/')).toBe(
      'https://admin:[REDACTED]@odoo.example.com/',
    );
  });

  it('redacts a lone user part whole (often a token), and leaves URLs without credentials and e-mail addresses alone', () => {
    expect(redactUrlCredentials('https://ghp_abcdef123456@host/x')).toBe('https://[REDACTED]@host/x');
    expect(redactUrlCredentials('http://localhost:8069/web?next=/odoo, mail ops@example.com')).toBe(
      'http://localhost:8069/web?next=/odoo, mail ops@example.com',
    );
    expect(redactUrlCredentials('http://example.com/path@v2')).toBe('http://example.com/path@v2');
  });

  it('gives the password raw and decoded, so either form is registered as a secret', () => {
    expect(urlCredentials('http://bob:p%40ss-word@host')).toEqual(['p%40ss-word', 'p@ss-word']);
    expect(urlCredentials('http://host:8069')).toEqual([]);
    for (const s of urlCredentials('http://bob:p%40ss-word@host')) registerSecret(s);
    expect(redactText('login failed with p@ss-word')).toBe('login failed with [REDACTED]');
  });
});
