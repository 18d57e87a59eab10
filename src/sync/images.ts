/**
 * Downloads images for Odoo's binary fields (base64). Images come from BigCommerce's CDN, not
 * the API, so they do not spend API quota; a bounded number run at once. A failed image is a
 * warning — the record is imported without it — never a failed record.
 */
import PQueue from 'p-queue';

const MAX_BYTES = 20 * 1024 * 1024;

export interface ImageFetcher {
  fetchBase64(url: string): Promise<string>;
}

export function imageFetcher(
  opts: { concurrency?: number; timeoutMs?: number; signal?: AbortSignal } = {},
): ImageFetcher {
  const queue = new PQueue({ concurrency: opts.concurrency ?? 8 });
  return {
    fetchBase64: (url: string) =>
      queue.add(async () => {
        const signal = AbortSignal.any([
          AbortSignal.timeout(opts.timeoutMs ?? 30_000),
          ...(opts.signal ? [opts.signal] : []),
        ]);
        const res = await fetch(url, { signal });
        if (!res.ok) throw new Error(`image ${url}: HTTP ${res.status}`);
        const type = res.headers.get('content-type') ?? '';
        if (type && !type.startsWith('image/')) throw new Error(`image ${url}: not an image (${type})`);
        const buf = Buffer.from(await res.arrayBuffer());
        if (buf.length > MAX_BYTES) throw new Error(`image ${url}: ${buf.length} bytes is over the ${MAX_BYTES} limit`);
        if (!buf.length) throw new Error(`image ${url}: empty`);
        return buf.toString('base64');
      }) as Promise<string>,
  };
}
