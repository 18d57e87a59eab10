import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, registerSecret } from '../log/redact.js';
import {
  BigCommerceAuthError,
  BigCommerceError,
  BigCommerceNetworkError,
  BigCommerceNotFoundError,
  BigCommerceRateLimitError,
  BigCommerceServerError,
  BigCommerceValidationError,
  errorFromResponse,
  InvalidRecordError,
  parseErrorBody,
} from './errors.js';

afterEach(() => clearSecrets());

describe('errorFromResponse', () => {
  it.each([
    [401, BigCommerceAuthError],
    [403, BigCommerceAuthError],
    [404, BigCommerceNotFoundError],
    [400, BigCommerceValidationError],
    [422, BigCommerceValidationError],
    [429, BigCommerceRateLimitError],
    [500, BigCommerceServerError],
    [501, BigCommerceServerError],
  ])('%i → %o', (status, cls) => {
    const err = errorFromResponse({ method: 'GET', path: '/stores/x/v3/catalog/products', status, body: undefined });
    expect(err).toBeInstanceOf(cls);
    expect(err).toBeInstanceOf(BigCommerceError);
    expect(err.name).toBe(cls.name);
    expect(err).toMatchObject({ method: 'GET', path: '/stores/x/v3/catalog/products', status });
  });
});

describe('parseErrorBody', () => {
  it('reads v3 bodies', () => {
    expect(parseErrorBody({ status: 422, title: 'Missing Required Fields', type: 't', errors: { name: 'x' } })).toEqual(
      { status: 422, title: 'Missing Required Fields', type: 't', detail: undefined, errors: { name: 'x' } },
    );
  });

  it('reads v2 bodies (an array of {status, message})', () => {
    expect(parseErrorBody([{ status: 404, message: 'The requested resource was not found.' }])).toEqual({
      status: 404,
      title: 'The requested resource was not found.',
      errors: undefined,
    });
  });

  it('keeps a non-JSON body as detail', () => {
    expect(parseErrorBody('<html>Bad gateway</html>')).toEqual({ detail: '<html>Bad gateway</html>' });
    expect(parseErrorBody(undefined)).toBeUndefined();
  });
});

describe('redaction at construction', () => {
  it('removes registered secrets from message, path and body', () => {
    registerSecret('sekret-token-123');
    const err = errorFromResponse({
      method: 'GET',
      path: '/stores/x/v2/orders?access_token=sekret-token-123',
      status: 401,
      body: { title: 'bad token sekret-token-123' },
    });
    expect(err.message).not.toContain('sekret-token-123');
    expect(err.path).not.toContain('sekret-token-123');
    expect(JSON.stringify(err.body)).not.toContain('sekret-token-123');
  });

  it('network errors carry host and code for the user', () => {
    const err = new BigCommerceNetworkError('cannot reach', {
      method: 'GET',
      path: '/p',
      host: 'api.bigcommerce.com',
      code: 'ENOTFOUND',
    });
    expect(err).toMatchObject({ host: 'api.bigcommerce.com', code: 'ENOTFOUND', name: 'BigCommerceNetworkError' });
  });
});

describe('InvalidRecordError', () => {
  it('names resource, record id and issue paths, not values', () => {
    const err = new InvalidRecordError({
      resource: 'orders',
      recordId: 101,
      method: 'GET',
      path: '/stores/x/v2/orders?page=1',
      issues: [{ path: 'billing_address.zip', message: 'Invalid input: expected string, received number' }],
    });
    expect(err.message).toBe(
      'invalid orders record 101 from GET /stores/x/v2/orders?page=1: billing_address.zip: Invalid input: expected string, received number',
    );
    expect(err.status).toBe(200);
    expect(err).toBeInstanceOf(BigCommerceError);
  });
});
