import { describe, expect, it } from 'vitest';
import { fingerprint, stableText } from './fingerprint.js';

describe('stableText', () => {
  it.each([
    [
      'a sandbox URL loses scheme, host and port',
      'http://127.0.0.1:43127/product_images/a/b.jpg',
      '/product_images/a/b.jpg',
    ],
    [
      'a CDN URL loses its cache-busting query',
      'https://cdn11.bigcommerce.com/s-abc/images/1/x.jpg?c=2',
      '/s-abc/images/1/x.jpg',
    ],
    ['a fragment goes too', 'https://example.com/a#top', '/a'],
    ['a bare host is its root', 'https://example.com', '/'],
    ['text stays as it is', 'Classic Oxford Shirt', 'Classic Oxford Shirt'],
    ['a relative path stays', '/stores/abc/v2/orders/1/products', '/stores/abc/v2/orders/1/products'],
    ['a URL inside text stays', 'see https://example.com/a', 'see https://example.com/a'],
  ])('%s', (_label, input, want) => {
    expect(stableText(input)).toBe(want);
  });
});

describe('fingerprint', () => {
  it('is the same for the same record reached through another host or port', () => {
    const order = (host: string) => ({
      id: 7,
      products: { url: `http://${host}/stores/abc/v2/orders/7/products`, resource: '/orders/7/products' },
    });
    expect(fingerprint(order('127.0.0.1:8787'))).toBe(fingerprint(order('0.0.0.0:43127')));
  });

  it('changes when the path or any other value changes', () => {
    const base = { image: 'https://cdn/a/1.jpg', date: '2026-01-01' };
    expect(fingerprint({ ...base, image: 'https://cdn/a/2.jpg' })).not.toBe(fingerprint(base));
    expect(fingerprint({ ...base, date: '2026-01-02' })).not.toBe(fingerprint(base));
  });

  it('does not depend on key order', () => {
    expect(fingerprint({ a: 1, b: [1, { c: 'x', d: null }] })).toBe(fingerprint({ b: [1, { d: null, c: 'x' }], a: 1 }));
  });
});
