/**
 * The configuration's shape, validated once at start. YAML keys are snake_case; the
 * compiled config handed to constructors is camelCase and frozen. Objects are strict so
 * that a misspelt key is reported instead of silently ignored.
 */
import { z } from 'zod';

function isHttpUrl(u: string): boolean {
  try {
    const p = new URL(u).protocol;
    return p === 'http:' || p === 'https:';
  } catch {
    return false;
  }
}

const httpUrl = z
  .string()
  .refine(isHttpUrl, 'must be an http:// or https:// URL, e.g. https://api.bigcommerce.com or http://localhost:8069')
  .transform((u) => u.replace(/\/+$/, ''));

const positiveInt = z.number().int().positive();

export const bigcommerceSchema = z.strictObject({
  store_hash: z
    .string()
    .regex(/^[a-z0-9]+$/i, 'must be the store hash from the API path (letters and digits), e.g. abc123'),
  access_token: z.string().min(1, 'is required (the X-Auth-Token of a store API account)'),
  api_base_url: httpUrl.default('https://api.bigcommerce.com'),
  /** concurrent requests to this store */
  concurrency: positiveInt.max(32).default(4),
  /** share of the quota left for the store's other apps */
  quota_headroom: z.number().min(0).max(0.9).default(0.2),
  timeout_ms: positiveInt.default(30_000),
});

export const odooSchema = z.strictObject({
  url: httpUrl,
  db: z.string().min(1, 'is required (the Odoo database name)'),
  username: z.string().min(1, 'is required (the Odoo login)'),
  password: z.string().min(1, 'is required (the password or an API key of that user)'),
  protocol: z.enum(['auto', 'jsonrpc', 'json2']).default('auto'),
  timeout_ms: positiveInt.default(60_000),
});

export const instanceSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must be a short name of letters, digits, "_", "-" or "."'),
  bigcommerce: bigcommerceSchema,
  odoo: odooSchema,
});

export const fileSchema = z.strictObject({
  log_level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  instances: z.array(instanceSchema).min(1, 'needs at least one store instance'),
});

export type FileConfigInput = z.input<typeof fileSchema>;
export type FileConfig = z.output<typeof fileSchema>;
