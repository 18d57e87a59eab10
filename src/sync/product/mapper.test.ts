import { describe, expect, it } from 'vitest';
import type { BcImage, BcOptionValue, BcProduct, BcVariant } from '../../bigcommerce/schemas.js';
import {
  extraImages,
  htmlToText,
  imageUrl,
  isMainImage,
  mapTemplate,
  mapVariant,
  optionAxes,
  primaryImage,
  variantChanges,
  weightFactor,
  type OdooVariantState,
  type TemplateRefs,
} from './mapper.js';
import type { PriceLayout } from './pricing.js';

const STAMP = '2025-05-12T09:30:00+00:00';
const LBS = 0.45359237;

/** The sample store's Classic Oxford Shirt (101), as /v3/catalog/products returns it; `over` makes the others. */
const product = (over: Partial<BcProduct> = {}): BcProduct => ({
  id: 101,
  name: 'Classic Oxford Shirt',
  type: 'physical',
  sku: 'OXF',
  description: '<p>Our best-selling Oxford shirt.</p><ul><li>100% cotton</li><li>Machine wash</li></ul>',
  weight: 0.4,
  width: 0,
  depth: 0,
  height: 0,
  price: 59,
  cost_price: 21.5,
  retail_price: 69,
  sale_price: 0,
  map_price: 0,
  calculated_price: 59,
  tax_class_id: 0,
  categories: [24, 20],
  brand_id: 1,
  inventory_level: 120,
  inventory_warning_level: 0,
  inventory_tracking: 'variant',
  is_free_shipping: false,
  is_visible: true,
  is_featured: true,
  availability: 'available',
  condition: 'New',
  upc: '',
  mpn: '',
  gtin: '',
  base_variant_id: undefined,
  date_created: '2024-07-16T09:30:00+00:00',
  date_modified: STAMP,
  images: [],
  primary_image: undefined,
  ...over,
});

let nextVariant = 9000;
const ov = (option_id: number, option_display_name: string, id: number, label: string): BcOptionValue => ({
  id,
  label,
  option_id,
  option_display_name,
});
const variant = (option_values: BcOptionValue[], over: Partial<BcVariant> = {}): BcVariant => ({
  id: nextVariant++,
  product_id: 101,
  sku: 'OXF-WHI-S',
  sku_id: 4001,
  price: undefined,
  sale_price: undefined,
  retail_price: undefined,
  cost_price: undefined,
  calculated_price: 59,
  weight: undefined,
  calculated_weight: 0.4,
  purchasing_disabled: false,
  image_url: '',
  upc: '',
  mpn: '',
  gtin: '',
  inventory_level: 10,
  option_values,
  ...over,
});

/** An image of product 101 with BigCommerce's CDN URL shapes. */
const image = (id: number, sort_order: number, over: Partial<BcImage> = {}): BcImage => {
  const stencil = (size: string): string =>
    `https://cdn11.bigcommerce.com/s-abc123/images/stencil/${size}/products/101/${id}/oxford-${id}.jpg?c=1`;
  return {
    id,
    product_id: 101,
    is_thumbnail: false,
    sort_order,
    description: '',
    image_file: `o/${id}/oxford-${id}.jpg`,
    url_zoom: stencil('1280x1280'),
    url_standard: stencil('500x659'),
    url_thumbnail: stencil('220x290'),
    url_tiny: stencil('44x58'),
    image_url: `https://cdn11.bigcommerce.com/s-abc123/product_images/o/${id}/oxford-${id}.jpg`,
    date_modified: STAMP,
    ...over,
  };
};

const layout = (base: number): PriceLayout => ({ kind: 'additive', base, extras: new Map() });

const ODOO18_TYPES: TemplateRefs['types'] = {
  storable: { type: 'consu', is_storable: true },
  consumable: { type: 'consu', is_storable: false },
  service: { type: 'service', is_storable: false },
};
const refs = (over: Partial<TemplateRefs> = {}): TemplateRefs => ({
  categoryIds: new Map([
    ['20', 520],
    ['24', 524],
    ['25', 525],
    ['34', 534],
    ['50', 550],
  ]),
  publicCategoryIds: new Map([
    ['20', 720],
    ['24', 724],
    ['25', 725],
    ['50', 750],
  ]),
  brandIds: new Map([
    ['1', 901],
    ['2', 902],
    ['4', 904],
  ]),
  rootCategoryId: 1,
  weightToKg: 1,
  types: ODOO18_TYPES,
  has: { descriptionEcommerce: true, comparePrice: true, published: true, publicCategories: true },
  ...over,
});

describe('weightFactor', () => {
  it.each([
    ['kg', 1],
    ['KGS', 1],
    ['Kilograms', 1],
    ['g', 0.001],
    ['Grams', 0.001],
    ['gram', 0.001],
    ['LBS', LBS],
    ['lb', LBS],
    ['Pounds', LBS],
    ['oz', 0.028349523125],
    ['Ounces', 0.028349523125],
    ['Tonnes', 1000],
    [' lbs ', LBS],
    [undefined, 1],
  ])('%j → %d', (units, want) => expect(weightFactor(units)).toBe(want));

  it.each([
    ['stone', 'unknown BigCommerce weight unit "stone"'],
    ['', 'unknown BigCommerce weight unit ""'],
    ['Tons', 'unknown BigCommerce weight unit "Tons"'],
  ])('an unknown unit %j throws', (units, message) => expect(() => weightFactor(units)).toThrow(new Error(message)));
});

describe('htmlToText', () => {
  it.each([
    ['paragraphs', '<p>Hello <strong>world</strong></p><p>Second</p>', 'Hello world\nSecond'],
    ['line breaks of every spelling', 'One<br>Two<br/>Three<br />Four<BR>Five', 'One\nTwo\nThree\nFour\nFive'],
    [
      'list items and headings',
      '<h2>Care</h2><ul><li>Cotton</li><li>Machine wash</li></ul>',
      'Care\nCotton\nMachine wash',
    ],
    ['divs', '<div>Row 1</div><div>Row 2</div>', 'Row 1\nRow 2'],
    [
      'entities',
      'Hand&nbsp;wash &amp; dry &lt;flat&gt; &quot;gently&quot; it&#39;s',
      'Hand wash & dry <flat> "gently" it\'s',
    ],
    ['whitespace collapsed, blank lines dropped', '  <p>  lots   of\n\tspace </p>\n\n<p></p>', 'lots of\nspace'],
    ['attributes and self-closing tags', '<p class="lead" style="x">A <img src="a.jpg" alt="x"/>B</p>', 'A B'],
    ['plain text', 'No markup here', 'No markup here'],
    ['empty', '', ''],
  ])('%s', (_label, html, want) => expect(htmlToText(html)).toBe(want));

  // Entities are decoded in one pass: an escaped entity is decoded once, not twice.
  it('decodes an escaped entity once (&amp;lt; → &lt;)', () => expect(htmlToText('a &amp;lt; b')).toBe('a &lt; b'));
  it.each([
    ['named', 'It&rsquo;s &mdash; caf&eacute; &frac12;', 'It\u2019s \u2014 caf\u00e9 \u00bd'],
    ['decimal and hex', '&#8217;&#x27;&#169;', "\u2019'\u00a9"],
    ['unknown kept', 'a &bogus; b', 'a &bogus; b'],
    ['a <br> with attributes breaks the line', 'a<br class="x">b<BR data-y=1 />c', 'a\nb\nc'],
    ['script and style text dropped', '<style>p{color:red}</style>Soft<script>alert(1)</script> cotton', 'Soft cotton'],
  ])('entities: %s', (_label, html, want) => expect(htmlToText(html)).toBe(want));
});

describe('mapTemplate', () => {
  it('Classic Oxford Shirt: tracked by variant → storable, two categories, brand, HTML description', () => {
    const p = product();
    expect(mapTemplate(p, layout(59), refs())).toEqual({
      values: {
        name: 'Classic Oxford Shirt',
        list_price: 59,
        weight: 0.4,
        categ_id: 524,
        x_bc_brand_id: 901,
        sale_ok: true,
        active: true,
        type: 'consu',
        is_storable: true,
        description_sale: 'Our best-selling Oxford shirt.\n100% cotton\nMachine wash',
        description_ecommerce:
          '<p>Our best-selling Oxford shirt.</p><ul><li>100% cotton</li><li>Machine wash</li></ul>',
        compare_list_price: 0,
        is_published: true,
        public_categ_ids: [[6, 0, [724, 720]]],
      },
      warnings: [],
    });
  });

  it.each([
    ['no variants listed', undefined, 0.4],
    ['only the base variant', [{ opts: [] }], 0.4],
    ['variants of options: each carries its weight, the template none', [{ opts: ['S'] }, { opts: ['M'] }], undefined],
  ])('weight with %s', (_, variants, weight) => {
    const p = product({
      variants: variants?.map(({ opts }) => variant(opts.map((label, i) => ov(1, 'Size', 70 + i, label)))),
    });
    expect(mapTemplate(p, layout(59), refs()).values.weight).toBe(weight);
  });

  it('Waxed Field Jacket on sale, in a pound store: compare price is the regular price, weight in kg', () => {
    const p = product({
      id: 103,
      name: 'Waxed Field Jacket',
      sku: 'WFJ',
      price: 189,
      sale_price: 159,
      calculated_price: 159,
      categories: [25],
      weight: 1.6,
      description: '<p>Waxed cotton &amp; corduroy collar.<br>Fits true to size.</p>',
    });
    expect(mapTemplate(p, layout(159), refs({ weightToKg: LBS }))).toEqual({
      values: {
        name: 'Waxed Field Jacket',
        list_price: 159,
        weight: 0.7257,
        categ_id: 525,
        x_bc_brand_id: 901,
        sale_ok: true,
        active: true,
        type: 'consu',
        is_storable: true,
        description_sale: 'Waxed cotton & corduroy collar.\nFits true to size.',
        description_ecommerce: '<p>Waxed cotton &amp; corduroy collar.<br>Fits true to size.</p>',
        compare_list_price: 189,
        is_published: true,
        public_categ_ids: [[6, 0, [725]]],
      },
      warnings: [],
    });
  });

  it('Cooking for Two (eBook): digital → service, no description → false', () => {
    const p = product({
      id: 122,
      name: 'Cooking for Two (eBook)',
      type: 'digital',
      sku: 'EBK-C42',
      price: 12.99,
      calculated_price: 12.99,
      categories: [50],
      brand_id: 4,
      inventory_tracking: 'none',
      weight: 0,
      description: '',
    });
    expect(mapTemplate(p, layout(12.99), refs())).toEqual({
      values: {
        name: 'Cooking for Two (eBook)',
        list_price: 12.99,
        weight: 0,
        categ_id: 550,
        x_bc_brand_id: 904,
        sale_ok: true,
        active: true,
        type: 'service',
        is_storable: false,
        description_sale: false,
        description_ecommerce: false,
        compare_list_price: 0,
        is_published: true,
        public_categ_ids: [[6, 0, [750]]],
      },
      warnings: [],
    });
  });

  it('Mystery Mug: its brand was deleted → no brand and a warning; category with no public twin', () => {
    const p = product({
      id: 124,
      name: 'Mystery Mug',
      sku: 'MUG-X',
      price: 18,
      calculated_price: 18,
      categories: [34],
      brand_id: 42,
      inventory_tracking: 'product',
      weight: undefined,
      description: undefined,
    });
    expect(mapTemplate(p, layout(18), refs())).toEqual({
      values: {
        name: 'Mystery Mug',
        list_price: 18,
        weight: 0,
        categ_id: 534,
        x_bc_brand_id: false,
        sale_ok: true,
        active: true,
        type: 'consu',
        is_storable: true,
        description_sale: false,
        description_ecommerce: false,
        compare_list_price: 0,
        is_published: true,
        public_categ_ids: [[6, 0, []]],
      },
      warnings: ['brand 42 does not exist in Odoo (missing in BigCommerce, or not imported); imported without a brand'],
    });
  });

  it.each([
    [
      'only an orphan category → the root, warned',
      [99],
      1,
      [],
      ["categories 99 are not imported; run `import categories` (the product is filed under the store's root)"],
    ],
    [
      'two missing categories in one warning',
      [99, 98],
      1,
      [],
      ["categories 99, 98 are not imported; run `import categories` (the product is filed under the store's root)"],
    ],
    [
      'the first imported category wins',
      [99, 20, 24],
      520,
      [720, 724],
      ["categories 99 are not imported; run `import categories` (the product is filed under the store's root)"],
    ],
    ['no category at all → the root, quietly', [], 1, [], []],
  ])('categories: %s', (_label, categories, categ, pub, warnings) => {
    const m = mapTemplate(product({ categories, brand_id: 0 }), layout(59), refs());
    expect([m.values.categ_id, m.values.public_categ_ids, m.values.x_bc_brand_id, m.warnings]).toEqual([
      categ,
      [[6, 0, pub]],
      false,
      warnings,
    ]);
  });

  it.each([
    ['a positive price', 59, []],
    ['a free product', 0, []],
    ['a negative price: imported, and warned', -5, ['price -5 is negative: imported as is, check it in BigCommerce']],
  ])('%s', (_label, price, warnings) => {
    const m = mapTemplate(product({ price, calculated_price: price }), layout(price), refs());
    expect([m.values.list_price, m.warnings]).toEqual([price, warnings]);
  });

  it.each([
    ['none', 'physical', { type: 'consu', is_storable: false }],
    ['product', 'physical', { type: 'consu', is_storable: true }],
    ['variant', 'physical', { type: 'consu', is_storable: true }],
    ['product', 'digital', { type: 'service', is_storable: false }],
  ])('inventory_tracking %j on a %s product → %j', (inventory_tracking, type, want) => {
    const v = mapTemplate(product({ inventory_tracking, type }), layout(59), refs()).values;
    expect({ type: v.type, is_storable: v.is_storable }).toEqual(want);
  });

  it('types as Odoo 16/17 spell them (detailed_type) pass through unchanged', () => {
    const types = {
      storable: { detailed_type: 'product' },
      consumable: { detailed_type: 'consu' },
      service: { detailed_type: 'service' },
    };
    const v = mapTemplate(product({ inventory_tracking: 'product' }), layout(59), refs({ types })).values;
    expect([v.detailed_type, 'type' in v, 'is_storable' in v]).toEqual(['product', false, false]);
  });

  it.each([
    ['visible and available', { is_visible: true, availability: 'available' }, { is_published: true, sale_ok: true }],
    [
      'hidden (Prototype Lamp)',
      { is_visible: false, availability: 'available' },
      { is_published: false, sale_ok: true },
    ],
    [
      'visibility not given → published',
      { is_visible: undefined, availability: undefined },
      { is_published: true, sale_ok: true },
    ],
    ['pre-order stays sellable', { availability: 'preorder' }, { is_published: true, sale_ok: true }],
    ['availability disabled → not sellable', { availability: 'disabled' }, { is_published: true, sale_ok: false }],
  ])('%s', (_label, over, want) => {
    const v = mapTemplate(product(over), layout(59), refs()).values;
    expect({ is_published: v.is_published, sale_ok: v.sale_ok }).toEqual(want);
  });

  it.each([
    ['kg', 1, 0.4, 0.4],
    ['LBS', LBS, 1.6, 0.7257],
    ['Ounces', 0.028349523125, 16, 0.4536],
    ['Grams', 0.001, 1250, 1.25],
    ['Tonnes', 1000, 0.0025, 2.5],
    ['kg, no weight', 1, undefined, 0],
  ])('weight in a %s store: %j → %j kg', (_units, factor, weight, want) => {
    expect(mapTemplate(product({ weight }), layout(59), refs({ weightToKg: factor })).values.weight).toBe(want);
  });

  it('a blank name becomes "Product <id>"', () => {
    expect(mapTemplate(product({ id: 125, name: '   ' }), layout(59), refs()).values.name).toBe('Product 125');
    expect(mapTemplate(product({ name: '  Classic Oxford Shirt ' }), layout(59), refs()).values.name).toBe(
      'Classic Oxford Shirt',
    );
  });

  it('fields this Odoo lacks are left out', () => {
    const has = { descriptionEcommerce: false, comparePrice: false, published: false, publicCategories: false };
    const v = mapTemplate(
      product({ price: 189, sale_price: 159, calculated_price: 159 }),
      layout(159),
      refs({ has }),
    ).values;
    expect(Object.keys(v).sort()).toEqual([
      'active',
      'categ_id',
      'description_sale',
      'is_storable',
      'list_price',
      'name',
      'sale_ok',
      'type',
      'weight',
      'x_bc_brand_id',
    ]);
  });
});

describe('optionAxes', () => {
  it('no variants, or only the base variant of a simple product → no axes', () => {
    expect(optionAxes([])).toEqual([]);
    expect(optionAxes([variant([])])).toEqual([]);
  });

  it("the Oxford shirt's sparse grid: one axis per option, values in the order the variants use them", () => {
    const colour = (id: number, l: string): BcOptionValue => ov(1, 'Colour', id, l);
    const size = (id: number, l: string): BcOptionValue => ov(2, 'Size', id, l);
    const vs = [
      [colour(11, 'White'), size(21, 'S')],
      [colour(11, 'White'), size(22, 'M')],
      [colour(11, 'White'), size(23, 'L')],
      [colour(11, 'White'), size(24, 'XL')],
      [colour(12, 'Blue'), size(21, 'S')],
      [colour(12, 'Blue'), size(24, 'XL')],
      [colour(13, 'Pink'), size(22, 'M')],
      [colour(13, 'Pink'), size(23, 'L')],
    ].map((o) => variant(o));
    expect(optionAxes(vs)).toEqual([
      { name: 'Colour', values: ['White', 'Blue', 'Pink'] },
      { name: 'Size', values: ['S', 'M', 'L', 'XL'] },
    ]);
  });

  it('display names and labels match trimmed and case-blind; the first spelling is kept', () => {
    const vs = [
      variant([ov(1, ' Colour ', 11, ' Navy ')]),
      variant([ov(1, 'colour', 11, 'navy')]),
      variant([ov(1, 'COLOUR', 12, 'Olive')]),
    ];
    expect(optionAxes(vs)).toEqual([{ name: 'Colour', values: ['Navy', 'Olive'] }]);
  });

  it('values follow variant order, not option sort order', () => {
    expect(optionAxes([variant([ov(2, 'Size', 23, 'L')]), variant([ov(2, 'Size', 22, 'M')])])).toEqual([
      { name: 'Size', values: ['L', 'M'] },
    ]);
  });
});

describe('mapVariant', () => {
  const oxford = product({ weight: 0.4, cost_price: 21.5 });
  it.each([
    ['inherits weight and cost (null)', {}, 1, { weight: 0.4, standard_price: 21.5 }],
    ['own weight and cost', { weight: 0.55, cost_price: 24 }, 1, { weight: 0.55, standard_price: 24 }],
    [
      'own weight 0 and cost 0 are kept, not inherited',
      { weight: 0, cost_price: 0 },
      1,
      { weight: 0, standard_price: 0 },
    ],
    ['inherited weight converted from pounds', {}, LBS, { weight: 0.1814, standard_price: 21.5 }],
    ['own weight converted from pounds', { weight: 2.5 }, LBS, { weight: 1.134, standard_price: 21.5 }],
  ])('%s', (_label, over, factor, want) => {
    expect(mapVariant(variant([ov(1, 'Colour', 11, 'White')], over), oxford, { weightToKg: factor })).toEqual({
      default_code: 'OXF-WHI-S',
      barcode: false,
      active: true,
      ...want,
    });
  });

  it('neither the variant nor the product has weight or cost → 0', () => {
    const p = product({ weight: undefined, cost_price: undefined });
    expect(mapVariant(variant([]), p, { weightToKg: 1 })).toMatchObject({ weight: 0, standard_price: 0 });
  });

  it.each([
    ['upc preferred over gtin', '012345678905', '00012345678905', '012345678905'],
    ['gtin when upc is empty', '', '00012345678905', '00012345678905'],
    ['gtin when upc is null', null, '00012345678905', '00012345678905'],
    ['trimmed', ' 012345678905 ', null, '012345678905'],
    ['neither → false', null, null, false],
    ['both empty → false', '', '', false],
  ])('barcode: %s', (_label, upc, gtin, want) => {
    // the schema reads null as undefined
    expect(
      mapVariant(variant([], { upc: upc ?? undefined, gtin: gtin ?? undefined }), oxford, { weightToKg: 1 }).barcode,
    ).toBe(want);
  });

  // A whitespace-only upc counts as none.
  it('a blank (whitespace) upc falls back to the gtin', () => {
    expect(mapVariant(variant([], { upc: '  ', gtin: '00012345678905' }), oxford, { weightToKg: 1 }).barcode).toBe(
      '00012345678905',
    );
  });

  it.each([
    ['OXF-WHI-S', 'OXF-WHI-S'],
    ['  OXF-WHI-S ', 'OXF-WHI-S'],
    ['', false],
    ['   ', false],
  ])('sku %j → default_code %j', (sku, want) => {
    expect(mapVariant(variant([], { sku }), oxford, { weightToKg: 1 }).default_code).toBe(want);
  });
});

describe('variantChanges', () => {
  const odoo = (over: Partial<OdooVariantState> = {}): OdooVariantState => ({
    default_code: 'OXF-WHI-S',
    barcode: '012345678905',
    weight: 0.45,
    standard_price: 21.5,
    active: true,
    ...over,
  });
  const wanted = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
    default_code: 'OXF-WHI-S',
    barcode: '012345678905',
    weight: 0.45,
    standard_price: 21.5,
    active: true,
    ...over,
  });

  it.each<
    [string, Record<string, unknown>, OdooVariantState, Record<string, number | undefined>, Record<string, unknown>]
  >([
    ['identical → nothing', wanted(), odoo(), {}, {}],
    ['identical at scale → nothing', wanted(), odoo(), { weight: 2, standard_price: 2 }, {}],
    ['weight 0.4536 vs 0.45 at scale 2 → same', wanted({ weight: 0.4536 }), odoo(), { weight: 2 }, {}],
    [
      'weight 0.4536 vs 0.45 at scale 4 → changed',
      wanted({ weight: 0.4536 }),
      odoo(),
      { weight: 4 },
      { weight: 0.4536 },
    ],
    ['weight 0.4536 vs 0.45 without a scale → changed', wanted({ weight: 0.4536 }), odoo(), {}, { weight: 0.4536 }],
    ['weight 0.4536 vs 0.4536 without a scale → same', wanted({ weight: 0.4536 }), odoo({ weight: 0.4536 }), {}, {}],
    [
      'weight 0.456 vs 0.45 at scale 2 → changed (rounds to 0.46)',
      wanted({ weight: 0.456 }),
      odoo(),
      { weight: 2 },
      { weight: 0.456 },
    ],
    [
      'a scale for one field does not apply to another',
      wanted({ weight: 0.4536, standard_price: 21.504 }),
      odoo(),
      { weight: 2 },
      { standard_price: 21.504 },
    ],
    ['cost 21.504 vs 21.5 at scale 2 → same', wanted({ standard_price: 21.504 }), odoo(), { standard_price: 2 }, {}],
    [
      'cost 24 vs 21.5 → changed',
      wanted({ standard_price: 24 }),
      odoo(),
      { standard_price: 2 },
      { standard_price: 24 },
    ],
    ['code false vs "" → same', wanted({ default_code: false }), odoo({ default_code: '' }), {}, {}],
    ['code "" vs false → same', wanted({ default_code: '' }), odoo({ default_code: false }), {}, {}],
    [
      'code set where Odoo has none → changed',
      wanted(),
      odoo({ default_code: false }),
      {},
      { default_code: 'OXF-WHI-S' },
    ],
    ['code cleared → false written', wanted({ default_code: false }), odoo(), {}, { default_code: false }],
    ['barcode changed', wanted({ barcode: '00012345678905' }), odoo(), {}, { barcode: '00012345678905' }],
    ['barcode false vs false → same', wanted({ barcode: false }), odoo({ barcode: false }), {}, {}],
    ['archived in Odoo → active: true', wanted(), odoo({ active: false }), {}, { active: true }],
    ['active already → nothing', wanted({ active: true }), odoo({ active: true }), {}, {}],
    [
      'no active wanted → an archived variant stays archived',
      { default_code: 'OXF-WHI-S' },
      odoo({ active: false }),
      {},
      {},
    ],
    [
      'only the fields given are compared',
      { weight: 1 },
      odoo({ default_code: 'OTHER', barcode: false, standard_price: 0 }),
      {},
      { weight: 1 },
    ],
    [
      'several at once',
      wanted({ default_code: 'OXF-WHI-S2', weight: 0.5, active: true }),
      odoo({ active: false }),
      { weight: 2 },
      { default_code: 'OXF-WHI-S2', weight: 0.5, active: true },
    ],
  ])('%s', (_label, want, current, scales, expected) =>
    expect(variantChanges(want, current, scales)).toEqual(expected),
  );

  it('the scales argument is optional (exact comparison)', () => {
    expect(variantChanges(wanted({ weight: 0.4536 }), odoo())).toEqual({ weight: 0.4536 });
  });

  it('an unchanged pound-store variant, mapped again, asks for nothing', () => {
    const v = variant([ov(1, 'Colour', 11, 'White')], {
      sku: 'OXF-WHI-S',
      upc: '012345678905',
      weight: 1,
      cost_price: 21.5,
    });
    const mapped = mapVariant(v, product(), { weightToKg: LBS });
    expect(mapped.weight).toBe(0.4536);
    expect(variantChanges(mapped, odoo({ weight: 0.45 }), { weight: 2, standard_price: 2 })).toEqual({});
    expect(variantChanges(mapped, odoo({ weight: 0.45 }), { weight: 4, standard_price: 2 })).toEqual({
      weight: 0.4536,
    });
  });

  // Math.round(1.005 * 100) is 100 (binary 100.4999…) while Odoo's float_round stores 1.01:
  // compared within half a unit, so this weight is not rewritten on every run.
  it("weight 1.005 vs Odoo's 1.01 at scale 2 → same", () => {
    expect(variantChanges(wanted({ weight: 1.005 }), odoo({ weight: 1.01 }), { weight: 2 })).toEqual({});
  });
});

describe('primaryImage', () => {
  it("BigCommerce's primary_image wins over the list", () => {
    const primary = image(7, 3, { is_thumbnail: true, image_url: undefined });
    expect(
      primaryImage(product({ primary_image: primary, images: [image(5, 0), image(7, 3, { is_thumbnail: true })] })),
    ).toBe(primary);
  });

  it.each<[string, BcImage[], number | undefined]>([
    ['the thumbnail, wherever it sorts', [image(5, 0), image(6, 1), image(7, 2, { is_thumbnail: true })], 7],
    ['no thumbnail → the first by sort_order', [image(5, 2), image(6, 0), image(7, 1)], 6],
    ['equal sort_order → the lower id', [image(8, 1), image(6, 1), image(7, 1)], 6],
    ['missing sort_order counts as 0', [image(5, 1), image(9, 0, { sort_order: undefined })], 9],
    [
      'two thumbnails → the first by sort order',
      [image(5, 4, { is_thumbnail: true }), image(6, 2, { is_thumbnail: true })],
      6,
    ],
    ['no images', [], undefined],
  ])('%s', (_label, images, id) => expect(primaryImage(product({ images }))?.id).toBe(id));

  it('no images at all (field absent, primary_image absent) → undefined', () => {
    expect(primaryImage(product({ images: undefined, primary_image: undefined }))).toBeUndefined();
  });

  it("does not reorder the product's images", () => {
    const p = product({ images: [image(5, 2), image(6, 0)] });
    primaryImage(p);
    expect(p.images!.map((i) => i.id)).toEqual([5, 6]);
  });
});

describe('imageUrl', () => {
  const zoom = 'https://cdn11.bigcommerce.com/s-abc123/images/stencil/1280x1280/products/101/5/oxford-5.jpg?c=1';
  const standard = 'https://cdn11.bigcommerce.com/s-abc123/images/stencil/500x659/products/101/5/oxford-5.jpg?c=1';
  const original = 'https://cdn11.bigcommerce.com/s-abc123/product_images/o/5/oxford-5.jpg';
  it.each<[string, Partial<BcImage>, string | undefined]>([
    ['url_zoom first', {}, zoom],
    ['url_standard when zoom is empty', { url_zoom: '' }, standard],
    ['image_url when zoom and standard are missing', { url_zoom: undefined, url_standard: undefined }, original],
    ['image_url when zoom and standard are empty', { url_zoom: '', url_standard: '' }, original],
    ['thumbnail and tiny sizes are never used', { url_zoom: '', url_standard: '', image_url: '' }, undefined],
    [
      'nothing at all',
      {
        url_zoom: undefined,
        url_standard: undefined,
        image_url: undefined,
        url_thumbnail: undefined,
        url_tiny: undefined,
      },
      undefined,
    ],
  ])('%s', (_label, over, want) => expect(imageUrl(image(5, 0, over))).toBe(want));
});

describe('extraImages', () => {
  it.each<[string, Partial<BcProduct>, number[]]>([
    [
      'all but the thumbnail, by sort_order',
      { images: [image(7, 2), image(5, 0, { is_thumbnail: true }), image(6, 1)] },
      [6, 7],
    ],
    ['all but the first when there is no thumbnail', { images: [image(7, 2), image(5, 1), image(6, 0)] }, [5, 7]],
    ['ties by id', { images: [image(9, 1), image(8, 1), image(5, 0, { is_thumbnail: true }), image(7, 1)] }, [7, 8, 9]],
    [
      'primary_image excluded by id',
      { primary_image: image(6, 1, { image_url: undefined }), images: [image(5, 0), image(6, 1), image(7, 2)] },
      [5, 7],
    ],
    [
      'a primary_image outside the list excludes nothing',
      { primary_image: image(99, 0), images: [image(6, 1), image(5, 0)] },
      [5, 6],
    ],
    ['only one image → none', { images: [image(5, 0)] }, []],
    ['no images', { images: undefined }, []],
  ])('%s', (_label, over, ids) => expect(extraImages(product(over)).map((i) => i.id)).toEqual(ids));

  it("returns the list's own image objects", () => {
    const i7 = image(7, 2);
    const out = extraImages(product({ images: [image(5, 0, { is_thumbnail: true }), i7] }));
    expect(out).toHaveLength(1);
    expect(out[0]).toBe(i7);
  });
});

describe('isMainImage', () => {
  const main = image(5, 0, { is_thumbnail: true });
  const other = image(6, 1);
  it.each<[string, Partial<BcProduct>, string, boolean]>([
    ["the main image's original url", { images: [main, other] }, main.image_url!, true],
    ["the main image's zoom url", { images: [main, other] }, main.url_zoom!, true],
    ['another image of the product', { images: [main, other] }, other.image_url!, false],
    [
      'primary_image without image_url: matched through the list',
      { primary_image: image(5, 0, { image_url: undefined }), images: [main, other] },
      main.image_url!,
      true,
    ],
    ['no images', { images: [] }, main.image_url!, false],
  ])('%s', (_label, over, url, want) => expect(isMainImage(url, product(over))).toBe(want));
});
