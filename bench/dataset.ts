/**
 * The in-process baseline's input: the same store, read through the same BigCommerce client,
 * turned into Odoo values by bc-odoo's own pure mappers (mapTemplate, mapVariant,
 * layoutPrices, mapCustomer, orderLines, addressValues), so Odoo is asked to write the same
 * values either way. References to records the baseline creates itself (categories,
 * attribute values, variants, partners) travel as BigCommerce ids and are resolved by
 * baseline_inprocess.py; everything that only exists once per database (countries, states,
 * tags, journals, pricelists, service products) is read from or made in the baseline's
 * database beforehand, untimed, as it is for bc-odoo (setup, first run).
 *
 * Written as JSON lines (one record a line) so neither side holds the store as one string.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { BigCommerceClient } from '../src/bigcommerce/client.js';
import type { BcOrderDetails } from '../src/bigcommerce/client.js';
import { parseBcDate } from '../src/bigcommerce/dates.js';
import type { BcProduct } from '../src/bigcommerce/schemas.js';
import { DEFAULT_STATUS_MAP } from '../src/config/index.js';
import { catalogLevels, stockPlan } from '../src/sync/inventory/mapper.js';
import { probeCapabilities } from '../src/odoo/capabilities.js';
import type { OdooClient } from '../src/odoo/client.js';
import { odooDatetime } from '../src/odoo/operation-log.js';
import type { SandboxHandle } from '../src/sandbox/index.js';
import { mapCustomer, INVALID_EMAIL_TAG, TAG_ROOT, type OdooState } from '../src/sync/customer/mapper.js';
import { orderLines } from '../src/sync/order/mapper.js';
import { adjustmentLine, totalDifference } from '../src/sync/order/totals.js';
import { addressKey, addressValues } from '../src/sync/order/partners.js';
import {
  extraImages,
  imageUrl,
  isMainImage,
  mapTemplate,
  mapVariant,
  optionAxes,
  primaryImage,
  weightFactor,
} from '../src/sync/product/mapper.js';
import { layoutPrices } from '../src/sync/product/pricing.js';

/** ids above this are BigCommerce ids of records the baseline creates (categories) */
export const REF = 1_000_000_000;

export interface DatasetInfo {
  products: number;
  variants: number;
  customers: number;
  orders: number;
  skippedOrders: number;
  lines: number;
  images: number;
}

async function imageB64(url: string | undefined): Promise<string | null> {
  if (!url) return null;
  const res = await fetch(url);
  if (!res.ok) return null;
  return Buffer.from(await res.arrayBuffer()).toString('base64');
}

function line(out: WriteStream, rec: unknown): Promise<void> {
  return new Promise((resolve) => {
    if (out.write(`${JSON.stringify(rec)}\n`)) resolve();
    else out.once('drain', () => resolve());
  });
}

/**
 * Reads `sandbox` (a copy of the benchmarked store, with no quota) and writes the baseline's
 * input to `path`. `odoo` is the baseline's database (ids of countries, states, categories'
 * root and tags are read or created there).
 */
export async function writeDataset(sandbox: SandboxHandle, odoo: OdooClient, path: string): Promise<DatasetInfo> {
  const bc = new BigCommerceClient({
    baseUrl: sandbox.url,
    storeHash: sandbox.storeHash,
    accessToken: sandbox.accessToken,
    concurrency: 8,
  });
  const caps = await probeCapabilities(odoo);
  const store = await bc.getStore();
  const fields = await odoo.fieldsGet('product.template');
  const [root] = await odoo.searchRead<{ id: number }>('product.category', [['parent_id', '=', false]], ['id'], {
    limit: 1,
    order: 'id',
  });
  // Tags as bc-odoo's customer import makes them (once per database, untimed on both sides).
  const [tagRoot] = await odoo.create('res.partner.category', [{ name: TAG_ROOT }]);
  const [invalidTag] = await odoo.create('res.partner.category', [{ name: INVALID_EMAIL_TAG, parent_id: tagRoot }]);
  const groupTags = new Map<number, number>();
  for (const g of (await bc.customerGroups().all()).records) {
    const [id] = await odoo.create('res.partner.category', [{ name: g.name, parent_id: tagRoot }]);
    groupTags.set(g.id, id!);
  }
  const countries = new Map(
    (await odoo.searchRead<{ id: number; code: string | false }>('res.country', [], ['code']))
      .filter((c) => c.code)
      .map((c) => [String(c.code).toUpperCase(), c.id]),
  );
  const states = new Map<number, OdooState[]>([...countries.values()].map((id) => [id, []]));
  for (const s of await odoo.searchRead<{ id: number; name: string; code: string; country_id: [number, string] }>(
    'res.country.state',
    [],
    ['name', 'code', 'country_id'],
  )) {
    states.get(s.country_id[0])?.push({ id: s.id, name: s.name, code: s.code });
  }
  const places = { countries, states };

  const out = createWriteStream(path);
  const info: DatasetInfo = {
    products: 0,
    variants: 0,
    customers: 0,
    orders: 0,
    skippedOrders: 0,
    lines: 0,
    images: 0,
  };
  await line(out, {
    kind: 'setup',
    store: store.name,
    types: { storable: caps.storableValue, consumable: caps.consumableValue, service: caps.serviceValue },
    saleLineTaxField: caps.saleLineTaxField,
    rootCategoryId: root!.id,
  });

  const categories = (await bc.categories().all()).records;
  for (const c of categories)
    await line(out, {
      kind: 'category',
      id: c.id,
      parent_id: c.parent_id,
      name: c.name,
      sort_order: c.sort_order ?? 0,
    });
  const catRefs = new Map(categories.map((c) => [String(c.id), REF + c.id]));

  const refs = {
    categoryIds: catRefs,
    publicCategoryIds: catRefs,
    brandIds: new Map<string, number>(),
    rootCategoryId: root!.id,
    weightToKg: weightFactor(store.weight_units),
    types: { storable: { __kind: 'storable' }, consumable: { __kind: 'consumable' }, service: { __kind: 'service' } },
    has: {
      descriptionEcommerce: 'description_ecommerce' in fields,
      comparePrice: 'compare_list_price' in fields,
      published: 'is_published' in fields,
      publicCategories: 'public_categ_ids' in fields,
    },
  };
  for await (const page of bc.products()) {
    for (const p of page.records) {
      await line(out, await productRecord(p, refs));
      info.products++;
      info.variants += p.variants?.length ?? 0;
      info.images += p.images?.length ?? 0;
    }
  }

  for await (const page of bc.customers()) {
    for (const c of page.records) {
      const m = mapCustomer(c, {
        groupTags,
        invalidEmailTag: invalidTag!,
        places,
        taxExempt: { tags: new Map(), positions: new Map() },
      });
      await line(out, {
        kind: 'customer',
        id: c.id,
        values: { ...m.partner, customer_rank: 1 },
        addresses: m.addresses.map((a) => a.values),
      });
      info.customers++;
    }
  }

  for await (const page of bc.orders()) {
    for (const d of page.records) {
      const rec = orderRecord(d, places, store.name);
      if (!rec) {
        info.skippedOrders++;
        continue;
      }
      await line(out, rec);
      info.orders++;
      info.lines += rec.lines.length;
    }
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return info;
}

async function productRecord(p: BcProduct, refs: Parameters<typeof mapTemplate>[2]): Promise<Record<string, unknown>> {
  const variants = p.variants ?? [];
  const layout = layoutPrices(p, variants);
  const { values } = mapTemplate(p, layout, refs);
  delete values.x_bc_brand_id; // the brand model exists only after bc-odoo setup
  const kind = Object.entries(values).find(([k]) => k === '__kind')?.[1] as string;
  delete values.__kind;
  const main = primaryImage(p);
  const valueName = new Map<number, [string, string]>();
  for (const v of variants)
    for (const o of v.option_values) valueName.set(o.id, [o.option_display_name.trim(), o.label.trim()]);
  // The stock bc-odoo's product import sets (its inventory hook), so the floor does it too.
  const plan = stockPlan(p);
  const levels = plan.kind === 'tracked' ? catalogLevels(p, plan) : new Map<number, number>();
  return {
    kind: 'product',
    id: p.id,
    type: kind,
    values,
    image: await imageB64(main && imageUrl(main)),
    axes: optionAxes(variants).map((a) => ({ name: a.name, values: a.values })),
    variants: await Promise.all(
      variants.map(async (v) => ({
        id: v.id,
        combo: v.option_values.map((o) => [o.option_display_name.trim(), o.label.trim()]),
        values: mapVariant(v, p, refs),
        image: v.image_url && !isMainImage(v.image_url, p) ? await imageB64(v.image_url) : null,
        stock: levels.get(v.id) ?? 0,
      })),
    ),
    extras:
      layout.kind === 'additive'
        ? [...layout.extras].filter(([, x]) => x !== 0).map(([id, x]) => [...valueName.get(id)!, x])
        : [],
    fixed: layout.kind === 'pricelist' ? [...layout.fixed].map(([vid, price]) => [vid, price]) : [],
    gallery: await Promise.all(
      extraImages(p).map(async (i) => ({
        name: (i.description || p.name).slice(0, 250),
        sequence: i.sort_order ?? 0,
        image: await imageB64(imageUrl(i)),
      })),
    ),
  };
}

interface OrderRecord {
  kind: 'order';
  id: number;
  action: string;
  customer: number;
  guest: { key: string; values: Record<string, unknown> } | null;
  addresses: { key: string; type: 'invoice' | 'delivery'; values: Record<string, unknown> }[];
  currency: string;
  header: Record<string, unknown>;
  lines: { kind: string; variant: number | null; name: string; qty: number; price: number; tax: number }[];
}

function orderRecord(
  d: BcOrderDetails,
  places: Parameters<typeof addressValues>[1],
  storeName: string,
): OrderRecord | undefined {
  const o = d.order;
  const action = DEFAULT_STATUS_MAP[o.status_id];
  if (!action || action === 'skip') return undefined;
  let lines = orderLines(d);
  if (totalDifference(o, lines) !== 0) lines = [...lines, adjustmentLine(o, lines)!];
  const email = o.billing_address.email?.trim().toLowerCase();
  const guest =
    o.customer_id > 0
      ? null
      : {
          key: email ? addressKey(['guest', email]) : `order${o.id}`,
          values: {
            ...addressValues(o.billing_address, places).values,
            customer_rank: 1,
            comment: 'BigCommerce guest checkout',
          },
        };
  const owner = o.customer_id > 0 ? `c${o.customer_id}` : guest!.key;
  const ship = d.shippingAddresses[0];
  const addresses: OrderRecord['addresses'] = [];
  const wanted: ['invoice' | 'delivery', Parameters<typeof addressValues>[0]][] = [['invoice', o.billing_address]];
  if (ship) wanted.push(['delivery', ship]);
  for (const [type, a] of wanted) {
    const { values } = addressValues(a, places);
    addresses.push({ key: addressKey([owner, type, values]), type, values: { ...values, type } });
  }
  return {
    kind: 'order',
    id: o.id,
    action,
    customer: o.customer_id,
    guest,
    addresses,
    currency: o.default_currency_code,
    header: {
      client_order_ref: String(o.id),
      origin: `BigCommerce ${storeName}`,
      date_order: odooDatetime(parseBcDate(o.date_created)!),
      note: o.customer_message || false,
    },
    lines: lines.map((l) => ({
      kind: l.kind,
      variant: l.product?.variantId ?? null,
      name: l.name,
      qty: l.quantity,
      price: l.priceUnit,
      tax: l.taxRate,
    })),
  };
}
