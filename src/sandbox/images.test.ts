/** Image URLs in API answers point at real PNG/JPEG bytes served by the sandbox. */
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderImage, solidJpeg, solidPng } from './images.js';
import { startSandbox, type SandboxHandle } from './index.js';
import { apiGet } from './testing.js';

let sb: SandboxHandle;

beforeAll(async () => {
  sb = await startSandbox();
});

afterAll(async () => {
  await sb?.close();
});

/** width, height and the first pixel of an 8-bit RGB PNG */
function readPng(buf: Buffer): { w: number; h: number; rgb: number[] } {
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const w = buf.readUInt32BE(16);
  const h = buf.readUInt32BE(20);
  const idatLen = buf.readUInt32BE(33);
  const raw = inflateSync(buf.subarray(41, 41 + idatLen));
  expect(raw.length).toBe(h * (1 + w * 3));
  return { w, h, rgb: [...raw.subarray(1, 4)] };
}

/** dimensions from a baseline JPEG's SOF0 segment */
function jpegSize(buf: Buffer): { w: number; h: number } {
  expect([buf[0], buf[1], buf.at(-2), buf.at(-1)]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
  let i = 2;
  while (i < buf.length) {
    const marker = buf[i + 1] as number;
    const len = buf.readUInt16BE(i + 2);
    if (marker === 0xc0) return { h: buf.readUInt16BE(i + 5), w: buf.readUInt16BE(i + 7) };
    i += 2 + len;
  }
  throw new Error('no SOF0');
}

describe('images', () => {
  it('solid PNGs and JPEGs are well-formed', () => {
    expect(readPng(solidPng(16, [10, 20, 30]))).toEqual({ w: 16, h: 16, rgb: [10, 20, 30] });
    expect(jpegSize(solidJpeg(32, [200, 100, 50]))).toEqual({ w: 32, h: 32 });
  });

  it('product image URLs from the API serve JPEG and PNG bytes with the right Content-Type', async () => {
    const p = (
      await apiGet<{ data: { images: Array<Record<string, string>>; primary_image: Record<string, string> } }>(
        sb,
        '/v3/catalog/products/103?include=images,primary_image',
      )
    ).body.data;
    const jpg = p.images[0] as Record<string, string>;
    const png = p.images.find((i) => (i.image_url ?? '').endsWith('.png')) as Record<string, string>;
    expect(jpg.url_standard?.startsWith(`${sb.url}/images/`)).toBe(true);
    expect(p.primary_image.url_zoom).toBe(jpg.url_zoom);
    for (const key of ['url_zoom', 'url_standard', 'url_thumbnail', 'url_tiny', 'image_url']) {
      const res = await fetch(jpg[key] as string);
      expect(res.status, key).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      jpegSize(Buffer.from(await res.arrayBuffer()));
    }
    const zoom = await fetch(png.url_zoom as string);
    expect(zoom.headers.get('content-type')).toBe('image/png');
    const tiny = await fetch(png.url_tiny as string);
    const big = readPng(Buffer.from(await zoom.arrayBuffer()));
    const small = readPng(Buffer.from(await tiny.arrayBuffer()));
    expect(big.w).toBeGreaterThan(small.w);
    expect(big.rgb).toEqual(small.rgb); // renditions of one image share its colour
  });

  it('two images differ; one sample image URL is broken (404)', async () => {
    const a = renderImage('/images/h/products/1/1/standard/a.png');
    const b = renderImage('/images/h/products/1/2/standard/a.png');
    expect(a?.body.equals(b?.body as Buffer)).toBe(false);
    const vase = (await apiGet<{ data: Array<{ url_standard: string }> }>(sb, '/v3/catalog/products/129/images')).body
      .data[0];
    expect((await fetch(vase?.url_standard as string)).status).toBe(404);
    expect((await fetch(`${sb.url}/images/x/y.gif`)).status).toBe(404);
  });

  it('category and brand images are served too', async () => {
    const cat = (await apiGet<{ data: Array<{ image_url: string }> }>(sb, '/v3/catalog/categories?id:in=20')).body
      .data[0];
    expect((await fetch(cat?.image_url as string)).headers.get('content-type')).toBe('image/jpeg');
    const brand = (await apiGet<{ data: Array<{ image_url: string }> }>(sb, '/v3/catalog/brands?id:in=1')).body.data[0];
    expect((await fetch(brand?.image_url as string)).headers.get('content-type')).toBe('image/png');
  });
});
