/**
 * BigCommerce's OpenAPI documents (../shared/bigcommerce-api/reference) as validators, for the
 * sandbox's contract tests: the response schema of an operation, the request-body schema of a
 * write, or a named component.
 *
 * Validator choice: ajv 8 (already a dev dependency) with a small OpenAPI 3.0 → JSON Schema step
 * below, rather than a dedicated OpenAPI validator package. The specs need only a few
 * adaptations, all visible here: OpenAPI 3.0's `nullable` becomes a JSON Schema type union and
 * its boolean `exclusiveMinimum/Maximum` numeric bounds; OpenAPI's numeric formats (int32,
 * float, …) and a made-up `ISO-4217` are registered; `#/components/...` refs resolve against the
 * spec document. `additionalProperties` is left exactly as the spec states it. A dedicated
 * package would add a dependency for what these lines do and would hide those adaptations — and
 * the spec defects patched in SPEC_DEFECTS — inside it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

export type { ValidateFunction } from 'ajv';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SPEC_DIR = resolve(PROJECT_ROOT, '../shared/bigcommerce-api/reference');

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

type Schema = Record<string, unknown>;

/**
 * Places where the published spec cannot describe what BigCommerce returns — its `oneOf`
 * branches overlap (so no real value matches exactly one), its description says `null` where
 * the schema forgot `nullable`, or real stores send `null` the spec does not admit (real
 * responses are the authority). Each patch is the narrowest change that lets the spec accept
 * BigCommerce's actual behaviour; nothing else is relaxed.
 */
const SPEC_DEFECTS: Array<{ file: string; pointer: string; why: string; patch: (s: Schema) => Schema }> = [
  {
    file: 'catalog/products_catalog.v3.yml',
    pointer: '/components/schemas/product_Full/allOf/2/properties/base_variant_id',
    why: 'description: "This value is `null` for complex products", but the schema is a plain integer',
    patch: (s) => ({ ...s, nullable: true }),
  },
  {
    file: 'catalog/product-variants_catalog.v3.yml',
    pointer: '/paths/~1catalog~1variants/get/responses/200/content/application~1json/schema/properties/data/items',
    why: 'an inline copy of the variant schema without the `nullable` marks productVariant_Full (same resource, same file) has: inherited prices and dimensions are null',
    patch: () => ({ $ref: '#/components/schemas/productVariant_Full' }),
  },
  // Orders created through the API (`order_source` "external": marketplaces, POS, ERPs) come back
  // from real stores with null in these strings; the spec says string. Real responses are the
  // authority: the sandbox sends null there too (sample orders 125 and 131), and so may a store.
  ...['staff_notes', 'customer_message'].map((field) => ({
    file: 'orders.v2.oas2.yml',
    pointer: `/components/schemas/order_Shared/properties/${field}`,
    why: `real API-created orders send "${field}": null`,
    patch: (s: Schema): Schema => ({ ...s, nullable: true }),
  })),
  {
    file: 'orders.v2.oas2.yml',
    pointer: '/components/schemas/order_RespOnly/properties/cart_id',
    why: 'real API-created orders have no cart: "cart_id": null',
    patch: (s) => ({ ...s, nullable: true }),
  },
  {
    file: 'webhooks.v3.yml',
    pointer: '/components/responses/webhooks_Resp/content/application~1json/schema/properties/data',
    why: '`minItems: 1` on the list: a store with no hooks answers `"data": []`, as every v3 list does past its end',
    patch: (s) => ({ ...s, minItems: undefined }),
  },
  {
    file: 'customers.v2.yml',
    pointer: '/components/schemas/customerGroup_Full/properties/discount_rules',
    why: 'oneOf of four array shapes whose items have no required fields: every array matches all four',
    patch: (s) => ({ ...s, anyOf: s.oneOf, oneOf: undefined }),
  },
];

/**
 * The orders spec offers `{url, resource}` links as `oneOf` alternatives to full objects
 * (consignments, their line items, fees), but declares no required fields on the link schemas,
 * so every object matches the link branch as well and no value satisfies `oneOf`. Requiring
 * both fields of a link — which every link has — restores the intended either/or. It only
 * tightens the spec. (An empty `line_items` array would still match both branches; the
 * sandbox never sends one.)
 */
function isLinkSchema(s: Schema): boolean {
  const props = s.properties as Schema | undefined;
  return props !== undefined && Object.keys(props).sort().join(',') === 'resource,url' && s.required === undefined;
}

function pointerGet(doc: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>(
      (o, k) => (o as Record<string, unknown> | undefined)?.[k.replace(/~1/g, '/').replace(/~0/g, '~')],
      doc,
    );
}

function pointerSet(doc: unknown, pointer: string, value: unknown): void {
  const keys = pointer
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = keys.pop() as string;
  const parent = keys.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], doc) as Record<string, unknown>;
  parent[last] = value;
}

/**
 * Rewrites OpenAPI 3.0's own keywords into JSON Schema, in place, everywhere in the document:
 * `nullable` becomes a type union, and the boolean `exclusiveMinimum`/`exclusiveMaximum` of
 * draft 4 become the numeric bounds ajv knows.
 */
function convertOpenApi30(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(convertOpenApi30);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const s = node as Schema;
  for (const v of Object.values(s)) convertOpenApi30(v);
  for (const [flag, bound] of [
    ['exclusiveMaximum', 'maximum'],
    ['exclusiveMinimum', 'minimum'],
  ] as const) {
    if (typeof s[flag] === 'boolean') {
      if (s[flag] === true && typeof s[bound] === 'number') {
        s[flag] = s[bound];
        delete s[bound];
      } else {
        delete s[flag];
      }
    }
  }
  if (s.nullable === true) {
    delete s.nullable;
    if (typeof s.type === 'string') {
      s.type = [s.type, 'null'];
      if (Array.isArray(s.enum) && !s.enum.includes(null)) s.enum = [...s.enum, null];
    } else {
      const inner: Schema = { ...s };
      for (const k of Object.keys(s)) delete s[k];
      s.anyOf = [inner, { type: 'null' }];
    }
  } else if (s.nullable === false) {
    delete s.nullable;
  }
  if (isLinkSchema(s)) s.required = ['url', 'resource'];
}

export class SpecValidator {
  private readonly ajv: Ajv;
  private readonly docs = new Map<string, Schema>();
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(private readonly dir: string) {
    // strict: false lets OpenAPI's annotation keywords (example, x-*, readOnly, discriminator…) pass unremarked
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    for (const f of ['int32', 'int64'])
      this.ajv.addFormat(f, { type: 'number', validate: (n: number) => Number.isInteger(n) });
    for (const f of ['float', 'double']) this.ajv.addFormat(f, { type: 'number', validate: () => true });
    // made-up string formats found in the specs, accepted as plain strings
    for (const f of ['ISO-4217', 'string', 'float'])
      this.ajv.addFormat(`${f}`, { type: 'string', validate: () => true });
  }

  private doc(file: string): Schema {
    let d = this.docs.get(file);
    if (!d) {
      const path = join(this.dir, file);
      if (!existsSync(path)) throw new Error(`OpenAPI spec ${file} not found under ${this.dir}`);
      d = parseYaml(readFileSync(path, 'utf8')) as Schema;
      for (const defect of SPEC_DEFECTS.filter((x) => x.file === file)) {
        const target = pointerGet(d, defect.pointer);
        if (!target) throw new Error(`spec defect patch: ${defect.pointer} not found in ${file}`);
        pointerSet(d, defect.pointer, JSON.parse(JSON.stringify(defect.patch(target as Schema))));
      }
      convertOpenApi30(d);
      this.docs.set(file, d);
    }
    return d;
  }

  /** the operation object of `method path` in a spec file */
  private operation(file: string, path: string, method: string): Schema {
    const op = pointerGet(this.doc(file), `/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}`) as
      | Schema
      | undefined;
    if (!op) throw new Error(`${file}: no operation ${method.toUpperCase()} ${path}`);
    return op;
  }

  /** the schema of `method path → status` (application/json), compiled */
  response(file: string, path: string, status: number, method = 'get'): ValidateFunction {
    const key = `${file} ${method} ${path} ${status}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const doc = this.doc(file);
    const op = this.operation(file, path, method);
    let res = (op.responses as Schema | undefined)?.[String(status)] as Schema | undefined;
    if (!res) throw new Error(`${file}: ${method.toUpperCase()} ${path} documents no ${status} response`);
    while (typeof res.$ref === 'string') res = pointerGet(doc, res.$ref.slice(1)) as Schema;
    const content = res.content as Record<string, { schema?: Schema }> | undefined;
    // v3 errors are documented as application/problem+json (the same JSON)
    const schema = (content?.['application/json'] ?? content?.['application/problem+json'])?.schema;
    if (!schema) throw new Error(`${file}: ${method.toUpperCase()} ${path} ${status} has no application/json schema`);
    return this.compile(key, file, schema);
  }

  /** the request-body schema (application/json) of `method path` */
  request(file: string, path: string, method: string): ValidateFunction {
    const key = `${file} ${method} ${path} request`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const op = this.operation(file, path, method);
    const content = (op.requestBody as Schema | undefined)?.content as Record<string, { schema?: Schema }> | undefined;
    const schema = content?.['application/json']?.schema;
    if (!schema) throw new Error(`${file}: ${method.toUpperCase()} ${path} has no application/json request body`);
    return this.compile(key, file, schema);
  }

  /** a named component schema, e.g. `orderProducts` */
  component(file: string, name: string): ValidateFunction {
    const key = `${file} #${name}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const doc = this.doc(file);
    if (!pointerGet(doc, `/components/schemas/${name}`)) throw new Error(`${file}: no component schema ${name}`);
    return this.compile(key, file, { $ref: `#/components/schemas/${name}` });
  }

  private compile(key: string, file: string, schema: Schema): ValidateFunction {
    const doc = this.doc(file);
    // refs are `#/components/...`: carry the components along so they resolve
    const v = this.ajv.compile({ components: doc.components, allOf: [schema] });
    this.cache.set(key, v);
    return v;
  }
}

export function describeErrors(errors: ErrorObject[] | null | undefined, body: unknown): string {
  return (errors ?? [])
    .slice(0, 8)
    .map((e) => {
      const value = e.instancePath
        .split('/')
        .slice(1)
        .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], body);
      return `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)} got ${JSON.stringify(value)?.slice(0, 120)}`;
    })
    .join('\n');
}
