/**
 * Builds catalog records from short product specs, for both the sample and the scale store.
 * The rules BigCommerce applies are encoded once here: a product with options has variants
 * only for the combinations that exist (sparse), each with its own SKU id, and
 * `base_variant_id` null; a simple product has exactly one base variant without options.
 */
import type {
  BulkPricingRuleRec,
  ImageRec,
  InventoryTracking,
  ModifierRec,
  ModifierValueRec,
  OptionRec,
  ProductRec,
  StockRec,
  VariantRec,
} from './model.js';
import { toCents } from './money.js';

export interface OptionSpec {
  name: string;
  display: string;
  type: OptionRec['type'];
  values: string[];
  colors?: string[];
}

export interface ModifierSpec {
  display: string;
  type: ModifierRec['type'];
  required?: boolean;
  values?: Array<{ label: string; price?: number; percent?: number }>;
  maxLength?: number;
  checkboxLabel?: string;
}

export interface ProductSpec {
  id: number;
  name: string;
  sku: string;
  /** in currency units */
  price: number;
  sale?: number;
  cost?: number;
  retail?: number;
  categories: number[];
  brand: number;
  tracking: InventoryTracking;
  type?: 'physical' | 'digital';
  weight?: number;
  taxClass?: number;
  options?: OptionSpec[];
  /** which combinations exist, as value indexes per option; default: all of them */
  combos?: number[][];
  /** variant-specific price for a combination (currency units), or undefined to inherit */
  variantPrice?: (combo: number[]) => number | undefined;
  /** combinations that cannot be bought */
  disabled?: number[][];
  modifiers?: ModifierSpec[];
  images?: string[];
  customFields?: Array<[string, string]>;
  bulk?: Array<[number, number, BulkPricingRuleRec['type'], number]>;
  visible?: boolean;
  featured?: boolean;
  availability?: ProductRec['availability'];
  related?: number[];
  description?: string;
  freeShipping?: boolean;
  fixedShipping?: number;
  createdAt: number;
  modifiedAt: number;
  upc?: boolean;
}

export interface IdSequences {
  option: number;
  optionValue: number;
  variant: number;
  skuId: number;
  image: number;
  customField: number;
  bulkRule: number;
}

export function upcFor(n: number): string {
  const body = `0${String(70000 + n).padStart(5, '0')}${String(n % 100000).padStart(5, '0')}`.slice(0, 11);
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += Number(body[i]) * (i % 2 === 0 ? 3 : 1);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

function code(label: string): string {
  const c = label
    .normalize('NFD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toUpperCase();
  return c.length <= 3 ? c : c.slice(0, 3);
}

function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function cartesian(sizes: number[]): number[][] {
  return sizes.reduce<number[][]>((acc, n) => acc.flatMap((c) => Array.from({ length: n }, (_, i) => [...c, i])), [[]]);
}

export function buildProduct(spec: ProductSpec, seq: IdSequences): { product: ProductRec; variants: VariantRec[] } {
  const options: OptionRec[] = (spec.options ?? []).map((o, oi) => ({
    id: seq.option++,
    productId: spec.id,
    name: `${o.name}-${spec.id}`,
    displayName: o.display,
    type: o.type,
    sortOrder: oi,
    values: o.values.map((label, vi) => ({
      id: seq.optionValue++,
      label,
      sortOrder: vi,
      isDefault: false,
      ...(o.colors?.[vi] ? { colors: [o.colors[vi] as string] } : {}),
    })),
  }));
  const modifiers: ModifierRec[] = (spec.modifiers ?? []).map((m, mi) => ({
    id: seq.option++,
    productId: spec.id,
    name: `${m.display}-${spec.id}`,
    displayName: m.display,
    type: m.type,
    required: m.required ?? false,
    sortOrder: options.length + mi,
    defaultValue: '',
    checkboxLabel: m.checkboxLabel ?? '',
    textMaxLength: m.maxLength ?? null,
    values: (m.values ?? []).map(
      (v, vi): ModifierValueRec => ({
        id: seq.optionValue++,
        label: v.label,
        sortOrder: vi,
        isDefault: vi === 0 && m.type === 'checkbox',
        priceAdjuster:
          v.price !== undefined
            ? { kind: 'relative', value: v.price }
            : v.percent !== undefined
              ? { kind: 'percentage', value: v.percent }
              : null,
      }),
    ),
  }));

  const variants: VariantRec[] = [];
  const base = {
    salePrice: null,
    retailPrice: null,
    costPrice: null,
    weight: null,
    mpn: '',
    gtin: '',
    binPickingNumber: '',
    imageFile: null,
    purchasingDisabledMessage: '',
    inventoryWarningLevel: 0,
  };
  if (options.length === 0) {
    variants.push({
      ...base,
      id: seq.variant++,
      productId: spec.id,
      sku: spec.sku,
      skuId: null,
      price: null,
      upc: spec.upc === false ? '' : upcFor(spec.id * 100),
      optionValueIds: [],
      purchasingDisabled: false,
    });
  } else {
    const combos = spec.combos ?? cartesian(options.map((o) => o.values.length));
    for (const combo of combos) {
      const values = combo.map((vi, oi) => options[oi]?.values[vi]);
      if (values.some((v) => v === undefined))
        throw new Error(`product ${spec.id}: combination ${combo.join('/')} is out of range`);
      const vp = spec.variantPrice?.(combo);
      const id = seq.variant++;
      const disabled = spec.disabled?.some((d) => d.join('/') === combo.join('/')) ?? false;
      variants.push({
        ...base,
        id,
        productId: spec.id,
        sku: [spec.sku, ...values.map((v) => code(v!.label))].join('-'),
        skuId: seq.skuId++,
        price: vp === undefined ? null : toCents(vp),
        upc: spec.upc === false ? '' : upcFor(id),
        optionValueIds: values.map((v) => v!.id),
        purchasingDisabled: disabled,
        purchasingDisabledMessage: disabled ? 'This combination is no longer available.' : '',
      });
    }
  }

  const images: ImageRec[] = (spec.images ?? []).map((file, i) => ({
    id: seq.image++,
    productId: spec.id,
    isThumbnail: i === 0,
    sortOrder: i,
    description: i === 0 ? spec.name : `${spec.name} (${i + 1})`,
    file,
    dateModified: spec.modifiedAt,
  }));

  const product: ProductRec = {
    id: spec.id,
    name: spec.name,
    type: spec.type ?? 'physical',
    sku: spec.sku,
    description: spec.description ?? `<p>${spec.name}.</p>`,
    weight: spec.weight ?? 1,
    width: 0,
    depth: 0,
    height: 0,
    price: toCents(spec.price),
    costPrice: toCents(spec.cost ?? Math.round(spec.price * 45) / 100),
    retailPrice: toCents(spec.retail ?? 0),
    salePrice: toCents(spec.sale ?? 0),
    mapPrice: 0,
    taxClassId: spec.taxClass ?? 0,
    productTaxCode: '',
    categories: spec.categories,
    brandId: spec.brand,
    inventoryTracking: spec.tracking,
    inventoryWarningLevel: spec.tracking === 'none' ? 0 : 3,
    fixedCostShippingPrice: toCents(spec.fixedShipping ?? 0),
    isFreeShipping: spec.freeShipping ?? false,
    isVisible: spec.visible ?? true,
    isFeatured: spec.featured ?? false,
    relatedProducts: spec.related ?? [-1],
    warranty: '',
    binPickingNumber: '',
    upc: options.length === 0 ? (variants[0]?.upc ?? '') : '',
    mpn: '',
    gtin: '',
    searchKeywords: spec.name.toLowerCase().split(/\s+/).slice(0, 3).join(', '),
    availability: spec.availability ?? 'available',
    availabilityDescription: spec.availability === 'preorder' ? 'Ships in 4–6 weeks' : '',
    condition: 'New',
    sortOrder: 0,
    pageTitle: '',
    metaKeywords: [],
    metaDescription: '',
    urlPath: `/${slug(spec.name)}/`,
    viewCount: (spec.id * 37) % 500,
    totalSold: (spec.id * 13) % 90,
    dateCreated: spec.createdAt,
    dateModified: spec.modifiedAt,
    baseVariantId: options.length === 0 ? (variants[0]?.id ?? null) : null,
    variantIds: variants.map((v) => v.id),
    options,
    modifiers,
    images,
    customFields: (spec.customFields ?? []).map(([name, value]) => ({ id: seq.customField++, name, value })),
    bulkPricingRules: (spec.bulk ?? []).map(([quantityMin, quantityMax, type, amount]) => ({
      id: seq.bulkRule++,
      quantityMin,
      quantityMax,
      type,
      amount,
    })),
    channels: [1],
  };
  return { product, variants };
}

export function stockRow(onHand: number, safetyStock = 0): StockRec {
  return { onHand, safetyStock, warningLevel: 3, binPickingNumber: '' };
}
