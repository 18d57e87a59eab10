/**
 * Real, tiny image files for the sandbox's image URLs. An importer downloads and stores product
 * images, so it must get genuine PNG/JPEG bytes (with the right Content-Type) rather than a
 * placeholder string. The images are solid squares whose colour derives from the URL, so two
 * different images never have identical bytes while the same URL always does.
 */
import { deflateSync } from 'node:zlib';
import { hash32 } from './rng.js';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

export type Rgb = readonly [number, number, number];

export function solidPng(size: number, [r, g, b]: Rgb): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour
  const row = Buffer.alloc(1 + size * 3); // filter byte 0, then RGB triplets
  for (let x = 0; x < size; x++) row.set([r, g, b], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A baseline JPEG of one colour. A constant 8×8 block has only a DC coefficient, so with a
 * quantisation table of ones, a 12-symbol DC Huffman table and an AC table holding just EOB the
 * whole encoder fits here; the output is a standard JFIF file any decoder reads.
 */
export function solidJpeg(size: number, [r, g, b]: Rgb): Buffer {
  const w = Math.max(8, Math.ceil(size / 8) * 8);
  const ycc = [
    0.299 * r + 0.587 * g + 0.114 * b,
    128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
    128 + 0.5 * r - 0.418688 * g - 0.081312 * b,
  ].map((v) => Math.max(-1024, Math.min(1016, Math.round(8 * (Math.max(0, Math.min(255, v)) - 128)))));

  const seg = (marker: number, body: number[]): number[] => [
    0xff,
    marker,
    (body.length + 2) >> 8,
    (body.length + 2) & 0xff,
    ...body,
  ];
  const out: number[] = [0xff, 0xd8];
  out.push(...seg(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
  out.push(...seg(0xdb, [0x00, ...new Array<number>(64).fill(1)]));
  out.push(...seg(0xc0, [8, w >> 8, w & 0xff, w >> 8, w & 0xff, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]));
  // DC table 0: categories 0..11, all 4-bit codes (0000..1011). AC table 0: EOB only, code "0".
  const dcCounts = new Array<number>(16).fill(0);
  dcCounts[3] = 12;
  out.push(...seg(0xc4, [0x00, ...dcCounts, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]));
  const acCounts = new Array<number>(16).fill(0);
  acCounts[0] = 1;
  out.push(...seg(0xc4, [0x10, ...acCounts, 0x00]));
  out.push(...seg(0xda, [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]));

  const bytes: number[] = [];
  let acc = 0;
  let nbits = 0;
  const put = (value: number, len: number): void => {
    for (let i = len - 1; i >= 0; i--) {
      acc = (acc << 1) | ((value >> i) & 1);
      nbits++;
      if (nbits === 8) {
        bytes.push(acc);
        if (acc === 0xff) bytes.push(0x00); // byte stuffing
        acc = 0;
        nbits = 0;
      }
    }
  };
  const prev = [0, 0, 0];
  const mcus = (w / 8) * (w / 8);
  for (let m = 0; m < mcus; m++) {
    for (let c = 0; c < 3; c++) {
      const dc = ycc[c] as number;
      const diff = dc - (prev[c] as number);
      prev[c] = dc;
      const cat = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
      put(cat, 4);
      if (cat > 0) put(diff > 0 ? diff : diff + (1 << cat) - 1, cat);
      put(0, 1); // EOB: every AC coefficient is zero
    }
  }
  if (nbits > 0) put(0x7f, 8 - nbits); // pad with one-bits
  out.push(...bytes, 0xff, 0xd9);
  return Buffer.from(out);
}

const SIZES: Record<string, number> = { zoom: 64, standard: 32, original: 48, thumbnail: 16, tiny: 8 };

/** Colour from the file's identity (not its size), so all renditions of one image match. */
export function colourFor(key: string): Rgb {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = hash32(h, key.charCodeAt(i));
  return [h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff];
}

/**
 * Renders `/images/...` paths. Returns undefined (→ 404) for anything but .png/.jpg/.jpeg, and
 * for file names containing `missing`, which the sample store uses for one broken image URL.
 */
export function renderImage(path: string): { contentType: string; body: Buffer } | undefined {
  const m = /^(.*)\/(zoom|standard|original|thumbnail|tiny)\/([^/]+)\.(png|jpe?g)$/i.exec(path);
  if (!m) return undefined;
  const [, dir = '', sizeName = 'original', name = '', ext = 'png'] = m;
  if (name.includes('missing')) return undefined;
  const size = SIZES[sizeName] ?? 32;
  const colour = colourFor(`${dir}/${name}`);
  return ext.toLowerCase() === 'png'
    ? { contentType: 'image/png', body: solidPng(size, colour) }
    : { contentType: 'image/jpeg', body: solidJpeg(size, colour) };
}
