/**
 * The sample store: a small, hand-written store that holds one of every case an importer has
 * to get right. Everything is fixed (dates included), so tests can name records by id:
 *
 * - catalog: simple products and products with options whose variants are *sparse* (not every
 *   combination exists), variant prices/SKUs/UPCs, modifiers that are not variants, tracking
 *   none/product/variant, bulk pricing, custom fields, a hidden, a pre-order and a disabled
 *   product, a product whose brand does not exist (124), one without a brand (109, brand_id 0),
 *   one in an orphan category (126), one with no category or image (127), one whose image URL is
 *   broken (129);
 * - categories: a 3-level tree plus an orphan (99, parent 77 does not exist);
 * - customers: with and without addresses, an invalid email (13), an unknown country/state (14),
 *   B2B and tax-exempt ones, duplicate names, non-ASCII names, customer groups;
 * - orders: every status 0–14, guests (customer_id 0), coupons, manual discounts, shipping,
 *   handling, gift wrapping, several tax rates, a line for a product deleted from the catalog
 *   (199) and a custom product, EUR (transactional) and GBP (display-only) orders, several
 *   payment methods, an archived order, full and partial refunds (order 112 has two partials),
 *   and orders created through the API (125 by a marketplace, 131 by an ERP: `order_source`
 *   "external", with staff_notes, customer_message and cart_id null, as real stores send them),
 *   two tax rates on one order (136, 138), untaxed shipping (136), a 4-decimal ex-tax price (137);
 * - `sampleStoreSeed({ taxInclusive: true })`: the same store with prices entered with tax.
 */
import { buildProduct, stockRow, type IdSequences, type ProductSpec } from './catalog-builder.js';
import type {
  AddressRec,
  BrandRec,
  CategoryRec,
  CurrencyRec,
  CustomerGroupRec,
  CustomerRec,
  LocationRec,
  OrderAddressRec,
  OrderRec,
  ProductRec,
  StockRec,
  TaxClassRec,
  VariantRec,
} from './model.js';
import { buildOrder, type CatalogLookup, type OrderIdSequences, type OrderSpec } from './order-builder.js';
import { orderTotals } from './order-math.js';
import { applyRefund, buildRefund, type RefundRequest } from './refunds.js';
import { Rng } from './rng.js';
import type { OrderData, StoreSeed } from './store.js';
import { listSource } from './table.js';

export const SAMPLE_BASE_TIME = Date.UTC(2025, 5, 1, 12, 0, 0);
const DAY = 86_400_000;

/** a fixed instant `days` before the base time, at hh:mm UTC */
function at(days: number, hh = 10, mm = 0): number {
  return SAMPLE_BASE_TIME - days * DAY - (SAMPLE_BASE_TIME % DAY) + (hh * 60 + mm) * 60_000;
}

// ---------------------------------------------------------------------------------------------
// store settings

const currencies: CurrencyRec[] = [
  {
    id: 1,
    code: 'USD',
    name: 'US Dollar',
    rate: 1,
    isDefault: true,
    isTransactional: true,
    enabled: true,
    token: '$',
    tokenLocation: 'left',
    decimalToken: '.',
    thousandsToken: ',',
    countryIso2: 'US',
    defaultForCountryCodes: ['US'],
    lastUpdated: at(400),
  },
  {
    id: 2,
    code: 'EUR',
    name: 'Euro',
    rate: 0.92,
    isDefault: false,
    isTransactional: true,
    enabled: true,
    token: '€',
    tokenLocation: 'right',
    decimalToken: ',',
    thousandsToken: '.',
    countryIso2: 'EU',
    defaultForCountryCodes: ['DE', 'FR', 'ES', 'IT', 'NL'],
    lastUpdated: at(30),
  },
  {
    id: 3,
    code: 'GBP',
    name: 'Pound Sterling',
    rate: 0.79,
    isDefault: false,
    isTransactional: false,
    enabled: true,
    token: '£',
    tokenLocation: 'left',
    decimalToken: '.',
    thousandsToken: ',',
    countryIso2: 'GB',
    defaultForCountryCodes: ['GB'],
    lastUpdated: at(30),
  },
  {
    id: 4,
    code: 'CAD',
    name: 'Canadian Dollar',
    rate: 1.36,
    isDefault: false,
    isTransactional: true,
    enabled: false,
    token: 'C$',
    tokenLocation: 'left',
    decimalToken: '.',
    thousandsToken: ',',
    countryIso2: 'CA',
    defaultForCountryCodes: ['CA'],
    lastUpdated: at(200),
  },
];

// Tax class 0 ("Default Tax Class") is what most products use and is *not* in /v2/tax_classes.
const taxClasses: TaxClassRec[] = [
  { id: 1, name: 'Non-Taxable Products', createdAt: at(900), updatedAt: at(900) },
  { id: 2, name: 'Shipping', createdAt: at(900), updatedAt: at(900) },
  { id: 3, name: 'Gift Wrapping', createdAt: at(900), updatedAt: at(900) },
  { id: 4, name: 'Books (reduced rate)', createdAt: at(500), updatedAt: at(120) },
];

const customerGroups: CustomerGroupRec[] = [
  {
    id: 1,
    name: 'Retail',
    isDefault: true,
    isGroupForGuests: false,
    categoryAccess: { type: 'all', categories: [] },
    discountRules: [],
    dateCreated: at(800),
    dateModified: at(800),
  },
  {
    id: 2,
    name: 'Wholesale',
    isDefault: false,
    isGroupForGuests: false,
    categoryAccess: { type: 'all', categories: [] },
    discountRules: [{ type: 'all', method: 'percent', amount: '10.0000' }],
    dateCreated: at(700),
    dateModified: at(90),
  },
  {
    id: 3,
    name: 'VIP',
    isDefault: false,
    isGroupForGuests: false,
    categoryAccess: { type: 'specific', categories: [20, 30, 40, 50] },
    discountRules: [{ type: 'category', method: 'percent', amount: '5.0000', category_id: 20 }],
    dateCreated: at(600),
    dateModified: at(60),
  },
  {
    id: 4,
    name: 'Guests',
    isDefault: false,
    isGroupForGuests: true,
    categoryAccess: { type: 'all', categories: [] },
    discountRules: [],
    dateCreated: at(600),
    dateModified: at(600),
  },
];

function category(
  id: number,
  parentId: number,
  name: string,
  sortOrder: number,
  extra: Partial<CategoryRec> = {},
): CategoryRec {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return {
    id,
    parentId,
    treeId: 1,
    uuid: `c0ffee00-0000-4000-8000-${String(id).padStart(12, '0')}`,
    name,
    description: `<p>${name}</p>`,
    sortOrder,
    isVisible: true,
    pageTitle: '',
    metaKeywords: [],
    imageFile: null,
    urlPath: `/${slug}/`,
    defaultProductSort: 'use_store_settings',
    views: id * 11,
    ...extra,
  };
}

const categories: CategoryRec[] = [
  category(20, 0, 'Apparel', 1, { imageFile: 'apparel.jpg' }),
  category(21, 20, 'Men', 1),
  category(24, 21, "Men's Shirts", 1),
  category(25, 21, "Men's Outerwear", 2),
  category(22, 20, 'Women', 2),
  category(26, 22, "Women's Dresses", 1),
  category(27, 22, "Women's Knitwear", 2),
  category(23, 20, 'Accessories', 3),
  category(30, 0, 'Home', 2, { imageFile: 'home.png' }),
  category(31, 30, 'Kitchen', 1),
  category(33, 31, 'Cookware', 1),
  category(34, 31, 'Tableware', 2),
  category(32, 30, 'Bath', 2),
  category(40, 0, 'Garden', 3),
  category(41, 40, 'Garden Tools', 1),
  category(50, 0, 'Books', 4),
  category(60, 0, 'Clearance', 5, { isVisible: false }),
  // an orphan: its parent (77) was deleted
  category(99, 77, 'Vintage Finds', 9),
];

const brands: BrandRec[] = [
  {
    id: 1,
    name: 'Acme Apparel',
    pageTitle: 'Acme Apparel',
    metaKeywords: ['apparel'],
    metaDescription: '',
    searchKeywords: 'acme',
    imageFile: 'acme.png',
    urlPath: '/brands/acme-apparel.html',
  },
  {
    id: 2,
    name: 'Hearth & Home',
    pageTitle: '',
    metaKeywords: [],
    metaDescription: '',
    searchKeywords: '',
    imageFile: 'hearth.jpg',
    urlPath: '/brands/hearth-home.html',
  },
  {
    id: 3,
    name: 'Greenleaf Garden',
    pageTitle: '',
    metaKeywords: [],
    metaDescription: '',
    searchKeywords: '',
    imageFile: null,
    urlPath: '/brands/greenleaf-garden.html',
  },
  {
    id: 4,
    name: 'Northwind Press',
    pageTitle: '',
    metaKeywords: [],
    metaDescription: '',
    searchKeywords: 'books',
    imageFile: null,
    urlPath: '/brands/northwind-press.html',
  },
  {
    id: 5,
    name: 'Søstrene Design',
    pageTitle: '',
    metaKeywords: [],
    metaDescription: '',
    searchKeywords: '',
    imageFile: null,
    urlPath: '/brands/sostrene-design.html',
  },
];

const locations: LocationRec[] = [
  {
    id: 1,
    code: 'BC-LOCATION-1',
    label: 'Main Warehouse',
    description: 'Default location',
    typeId: 'PHYSICAL',
    enabled: true,
    storefrontVisibility: true,
    isDefault: true,
    address: {
      address1: '1200 Industrial Blvd',
      address2: '',
      city: 'Austin',
      state: 'Texas',
      zip: '78744',
      email: 'warehouse@example.com',
      phone: '512-555-0100',
      countryCode: 'US',
      lat: 30.2,
      lng: -97.74,
    },
    timeZone: 'America/Chicago',
    createdAt: at(900),
    updatedAt: at(300),
  },
  {
    id: 2,
    code: 'STORE-DT',
    label: 'Downtown Store',
    description: 'Retail shop with pickup',
    typeId: 'PHYSICAL',
    enabled: true,
    storefrontVisibility: true,
    isDefault: false,
    address: {
      address1: '400 Congress Ave',
      address2: 'Suite 1',
      city: 'Austin',
      state: 'Texas',
      zip: '78701',
      email: 'downtown@example.com',
      phone: '512-555-0142',
      countryCode: 'US',
      lat: 30.27,
      lng: -97.74,
    },
    timeZone: 'America/Chicago',
    createdAt: at(500),
    updatedAt: at(100),
  },
  {
    // disabled: its stock does not count towards inventory_level
    id: 3,
    code: 'DROPSHIP',
    label: 'Dropship Partner',
    description: 'Disabled while the contract is renegotiated',
    typeId: 'VIRTUAL',
    enabled: false,
    storefrontVisibility: false,
    isDefault: false,
    address: {
      address1: '1 Harbour Rd',
      address2: '',
      city: 'Rotterdam',
      state: 'Zuid-Holland',
      zip: '3011',
      email: 'ops@dropship.example',
      phone: '+31 10 555 0101',
      countryCode: 'NL',
      lat: 51.92,
      lng: 4.48,
    },
    timeZone: 'Europe/Amsterdam',
    createdAt: at(300),
    updatedAt: at(20),
  },
];

// ---------------------------------------------------------------------------------------------
// catalog

const SIZES = ['S', 'M', 'L', 'XL'];

const productSpecs: ProductSpec[] = [
  {
    id: 101,
    name: 'Classic Oxford Shirt',
    sku: 'OXF',
    price: 59,
    retail: 69,
    categories: [24, 20],
    brand: 1,
    tracking: 'variant',
    options: [
      {
        name: 'Color',
        display: 'Colour',
        type: 'swatch',
        values: ['White', 'Blue', 'Pink'],
        colors: ['#ffffff', '#4a7bd0', '#f4b6c2'],
      },
      { name: 'Size', display: 'Size', type: 'rectangles', values: SIZES },
    ],
    // sparse: no Pink S and no Pink XL
    combos: [
      [0, 0],
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 0],
      [1, 1],
      [1, 2],
      [1, 3],
      [2, 1],
      [2, 2],
    ],
    variantPrice: ([, s]) => (s === 3 ? 62 : undefined),
    images: ['oxford-white.jpg', 'oxford-blue.jpg'],
    customFields: [
      ['Material', '100% cotton'],
      ['Fit', 'Regular'],
    ],
    featured: true,
    createdAt: at(300),
    modifiedAt: at(12, 9, 30),
    weight: 0.4,
  },
  {
    id: 102,
    name: 'Linen Camp Shirt',
    sku: 'LCS',
    price: 48,
    categories: [24],
    brand: 1,
    tracking: 'variant',
    options: [
      { name: 'Color', display: 'Colour', type: 'swatch', values: ['Sand', 'Sage'], colors: ['#d8c8a8', '#9caf88'] },
      { name: 'Size', display: 'Size', type: 'rectangles', values: ['M', 'L'] },
    ],
    // the same date_modified as 101, to the second: a `>` instead of `>=` filter loses one
    images: ['linen-camp.jpg'],
    createdAt: at(250),
    modifiedAt: at(12, 9, 30),
    weight: 0.3,
  },
  {
    id: 103,
    name: 'Waxed Field Jacket',
    sku: 'WFJ',
    price: 189,
    sale: 159,
    categories: [25],
    brand: 1,
    tracking: 'variant',
    options: [{ name: 'Size', display: 'Size', type: 'rectangles', values: SIZES }],
    modifiers: [
      {
        display: 'Gift box',
        type: 'checkbox',
        checkboxLabel: 'Add a gift box',
        values: [{ label: 'Yes', price: 5 }, { label: 'No' }],
      },
    ],
    images: ['field-jacket.jpg', 'field-jacket-back.jpg', 'field-jacket-detail.png'],
    createdAt: at(280),
    modifiedAt: at(40),
    weight: 1.6,
  },
  {
    id: 104,
    name: 'Quilted Vest',
    sku: 'QVE',
    price: 79,
    categories: [25],
    brand: 1,
    tracking: 'variant',
    options: [
      { name: 'Color', display: 'Colour', type: 'swatch', values: ['Navy', 'Olive'], colors: ['#1f2a44', '#6b6b3a'] },
      { name: 'Size', display: 'Size', type: 'rectangles', values: ['M', 'L'] },
    ],
    combos: [
      [0, 0],
      [0, 1],
      [1, 1],
    ],
    images: ['vest.png'],
    createdAt: at(200),
    modifiedAt: at(35),
    weight: 0.7,
  },
  {
    id: 105,
    name: 'Wrap Dress',
    sku: 'WRD',
    price: 120,
    categories: [26, 22],
    brand: 5,
    tracking: 'variant',
    options: [
      { name: 'Color', display: 'Colour', type: 'dropdown', values: ['Black', 'Red', 'Floral'] },
      { name: 'Size', display: 'Size', type: 'rectangles', values: ['XS', 'S', 'M', 'L'] },
    ],
    combos: [
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 1],
      [1, 2],
      [2, 1],
      [2, 2],
      [2, 3],
    ],
    variantPrice: ([c]) => (c === 2 ? 125 : undefined),
    disabled: [[2, 3]],
    images: ['wrap-dress.jpg'],
    customFields: [['Care', 'Hand wash cold; do not tumble dry']],
    createdAt: at(190),
    modifiedAt: at(8, 16, 45),
    weight: 0.5,
  },
  {
    id: 106,
    name: 'Merino Crewneck',
    sku: 'MCN',
    price: 95,
    categories: [27],
    brand: 5,
    tracking: 'variant',
    options: [
      { name: 'Color', display: 'Colour', type: 'swatch', values: ['Oat', 'Charcoal'], colors: ['#e6dcc8', '#3b3b3b'] },
      { name: 'Size', display: 'Size', type: 'rectangles', values: ['S', 'M', 'L'] },
    ],
    images: ['merino.jpg'],
    createdAt: at(180),
    modifiedAt: at(60),
    weight: 0.45,
  },
  {
    id: 107,
    name: 'Silk Scarf',
    sku: 'SSC',
    price: 65,
    categories: [23],
    brand: 5,
    tracking: 'product',
    images: ['scarf.png'],
    createdAt: at(170),
    modifiedAt: at(90),
  },
  {
    id: 108,
    name: 'Leather Belt',
    sku: 'BLT',
    price: 45,
    categories: [23],
    brand: 1,
    tracking: 'variant',
    options: [{ name: 'Waist', display: 'Waist size', type: 'dropdown', values: ['32', '34', '36', '38'] }],
    disabled: [[3]],
    images: ['belt.jpg'],
    createdAt: at(160),
    modifiedAt: at(70),
  },
  {
    id: 109,
    name: 'Canvas Tote',
    sku: 'TOTE',
    price: 28,
    categories: [23],
    brand: 0,
    tracking: 'none',
    modifiers: [{ display: 'Monogram', type: 'text', maxLength: 3 }],
    images: ['tote.png'],
    createdAt: at(150),
    modifiedAt: at(150),
  },
  {
    id: 110,
    name: 'Wool Beanie',
    sku: 'BEA',
    price: 25,
    categories: [23, 60],
    brand: 1,
    tracking: 'product',
    images: ['beanie.jpg'],
    createdAt: at(140),
    modifiedAt: at(5, 11, 0),
  },
  {
    id: 111,
    name: 'Cast Iron Skillet 10"',
    sku: 'CIS10',
    price: 42,
    categories: [33],
    brand: 2,
    tracking: 'product',
    weight: 2.5,
    bulk: [
      [3, 5, 'percent', 5],
      [6, 0, 'percent', 10],
    ],
    images: ['skillet.jpg'],
    createdAt: at(400),
    modifiedAt: at(25),
  },
  {
    id: 112,
    name: 'Enamel Dutch Oven',
    sku: 'EDO',
    price: 210,
    categories: [33],
    brand: 2,
    tracking: 'variant',
    weight: 5.2,
    options: [
      {
        name: 'Color',
        display: 'Colour',
        type: 'swatch',
        values: ['Flame', 'Marseille', 'White'],
        colors: ['#e25822', '#2b5aa8', '#f7f7f2'],
      },
    ],
    variantPrice: ([c]) => [210, 220, 205][c ?? 0],
    images: ['dutch-oven.jpg'],
    createdAt: at(380),
    modifiedAt: at(18),
  },
  {
    id: 113,
    name: 'Chef\'s Knife 8"',
    sku: 'KNF8',
    price: 135,
    categories: [31],
    brand: 2,
    tracking: 'product',
    modifiers: [
      { display: 'Engraving', type: 'text', maxLength: 20 },
      {
        display: 'Extended warranty',
        type: 'dropdown',
        values: [{ label: 'None' }, { label: '2 years', price: 15 }, { label: '5 years', percent: 20 }],
      },
    ],
    images: ['knife.jpg'],
    createdAt: at(360),
    modifiedAt: at(45),
  },
  {
    id: 114,
    name: 'Stoneware Dinner Plates (Set of 4)',
    sku: 'PLT4',
    price: 64,
    categories: [34],
    brand: 2,
    tracking: 'product',
    bulk: [[2, 0, 'price', 58]],
    images: ['plates.png'],
    createdAt: at(340),
    modifiedAt: at(50),
  },
  {
    id: 115,
    name: 'Linen Napkins',
    sku: 'NAP',
    price: 24,
    categories: [34],
    brand: 5,
    tracking: 'variant',
    options: [
      { name: 'Color', display: 'Colour', type: 'dropdown', values: ['Natural', 'Indigo'] },
      { name: 'Pack', display: 'Pack size', type: 'radio_buttons', values: ['4-pack', '8-pack'] },
    ],
    combos: [
      [0, 0],
      [0, 1],
      [1, 0],
    ],
    variantPrice: ([, p]) => (p === 1 ? 44 : 24),
    images: ['napkins.jpg'],
    createdAt: at(330),
    modifiedAt: at(30),
  },
  {
    id: 116,
    name: 'Bamboo Bath Towel',
    sku: 'TWL',
    price: 32,
    categories: [32],
    brand: 2,
    tracking: 'variant',
    options: [
      { name: 'Color', display: 'Colour', type: 'swatch', values: ['White', 'Grey'], colors: ['#fafafa', '#9a9a9a'] },
    ],
    images: ['towel.jpg'],
    createdAt: at(320),
    modifiedAt: at(28),
  },
  {
    id: 117,
    name: 'Cotton Bath Mat',
    sku: 'MAT',
    price: 29,
    categories: [32],
    brand: 2,
    tracking: 'none',
    images: ['bathmat.png'],
    createdAt: at(310),
    modifiedAt: at(310),
  },
  {
    id: 118,
    name: 'Bypass Pruning Shears',
    sku: 'PRN',
    price: 36,
    categories: [41],
    brand: 3,
    tracking: 'product',
    images: ['shears.jpg'],
    createdAt: at(300),
    modifiedAt: at(22),
  },
  {
    id: 119,
    name: 'Garden Hose 50 ft',
    sku: 'HOSE50',
    price: 54,
    categories: [41, 40],
    brand: 3,
    tracking: 'product',
    weight: 4,
    freeShipping: true,
    images: ['hose.jpg'],
    createdAt: at(290),
    modifiedAt: at(21),
  },
  {
    id: 120,
    name: 'Raised Bed Kit',
    sku: 'RBK',
    price: 149,
    categories: [40],
    brand: 3,
    tracking: 'variant',
    fixedShipping: 25,
    options: [{ name: 'Size', display: 'Size', type: 'rectangles', values: ['Small', 'Large'] }],
    variantPrice: ([s]) => (s === 1 ? 229 : undefined),
    images: ['raised-bed.jpg'],
    createdAt: at(270),
    modifiedAt: at(14),
  },
  {
    id: 121,
    name: 'Field Guide to Birds',
    sku: 'BK-BIRDS',
    price: 29.95,
    categories: [50],
    brand: 4,
    tracking: 'product',
    taxClass: 4,
    images: ['birds.jpg'],
    createdAt: at(260),
    modifiedAt: at(100),
  },
  {
    id: 122,
    name: 'Cooking for Two (eBook)',
    sku: 'EBK-C42',
    price: 12.99,
    categories: [50],
    brand: 4,
    tracking: 'none',
    type: 'digital',
    taxClass: 4,
    weight: 0,
    upc: false,
    images: ['cooking-ebook.png'],
    createdAt: at(250),
    modifiedAt: at(100),
  },
  {
    id: 123,
    name: 'Gift Card $50',
    sku: 'GIFT50',
    price: 50,
    categories: [],
    brand: 0,
    tracking: 'none',
    type: 'digital',
    taxClass: 1,
    weight: 0,
    upc: false,
    images: ['gift-card.png'],
    createdAt: at(240),
    modifiedAt: at(240),
  },
  // its brand (42) was deleted
  {
    id: 124,
    name: 'Mystery Mug',
    sku: 'MUG-X',
    price: 18,
    categories: [34],
    brand: 42,
    tracking: 'product',
    images: ['mug.jpg'],
    createdAt: at(230),
    modifiedAt: at(16),
  },
  {
    id: 125,
    name: 'Prototype Lamp',
    sku: 'LAMP-P',
    price: 99,
    categories: [60],
    brand: 2,
    tracking: 'product',
    visible: false,
    images: ['lamp.jpg'],
    createdAt: at(220),
    modifiedAt: at(10),
  },
  // in the orphan category only
  {
    id: 126,
    name: 'Vintage Travel Poster',
    sku: 'PST-V',
    price: 39,
    categories: [99],
    brand: 0,
    tracking: 'product',
    images: ['poster.jpg'],
    createdAt: at(210),
    modifiedAt: at(9),
  },
  // no category, no image, no brand
  {
    id: 127,
    name: 'Fabric Swatch Pack',
    sku: 'SWATCH',
    price: 0,
    categories: [],
    brand: 0,
    tracking: 'none',
    upc: false,
    createdAt: at(200),
    modifiedAt: at(200),
  },
  {
    id: 128,
    name: 'Limited Edition Print',
    sku: 'PRINT-LE',
    price: 150,
    categories: [30],
    brand: 0,
    tracking: 'product',
    availability: 'preorder',
    images: ['print.jpg'],
    createdAt: at(60),
    modifiedAt: at(3, 15, 20),
  },
  // its image URL answers 404
  {
    id: 129,
    name: 'Ceramic Vase',
    sku: 'VASE',
    price: 58,
    categories: [30],
    brand: 5,
    tracking: 'product',
    images: ['vase-missing.jpg'],
    createdAt: at(120),
    modifiedAt: at(7),
  },
  {
    id: 130,
    name: 'Hand-thrown Bowl — Ø 20 cm',
    sku: 'BOWL-20',
    price: 46,
    categories: [34],
    brand: 5,
    tracking: 'product',
    description:
      '<h2>Hand-thrown</h2><p>Each bowl is <strong>unique</strong> &amp; glazed by hand.<br/>Größe: Ø 20 cm.</p>',
    customFields: [
      ['Care', 'Hand wash only; dishwasher-safe: no'],
      ['Origin', 'Made in Portugal'],
      ['Glaze', 'Lead-free, food-safe'],
    ],
    images: ['bowl.jpg', 'bowl-top.png'],
    related: [114, 124],
    createdAt: at(110),
    modifiedAt: at(6),
  },
  {
    id: 131,
    name: 'Herb Seed Kit',
    sku: 'SEED-H',
    price: 22,
    categories: [40],
    brand: 3,
    tracking: 'product',
    modifiers: [
      {
        display: 'Gift wrap',
        type: 'checkbox',
        checkboxLabel: 'Wrap it',
        values: [{ label: 'Yes', price: 3 }, { label: 'No' }],
      },
    ],
    images: ['seeds.jpg'],
    createdAt: at(100),
    modifiedAt: at(11),
  },
  {
    id: 132,
    name: 'Discontinued Candle',
    sku: 'CNDL-OLD',
    price: 19,
    categories: [60],
    brand: 2,
    tracking: 'product',
    availability: 'disabled',
    images: ['candle.jpg'],
    createdAt: at(500),
    modifiedAt: at(95),
  },
  {
    id: 133,
    name: 'Kids Rain Boots',
    sku: 'KRB',
    price: 38,
    categories: [23],
    brand: 1,
    tracking: 'variant',
    options: [
      { name: 'Kids size', display: 'Size', type: 'dropdown', values: ['10', '11', '12', '13', '1', '2'] },
      { name: 'Color', display: 'Colour', type: 'swatch', values: ['Yellow', 'Red'], colors: ['#f5d000', '#c8102e'] },
    ],
    combos: [
      [0, 0],
      [1, 0],
      [2, 0],
      [3, 0],
      [2, 1],
      [3, 1],
      [4, 1],
    ],
    images: ['rain-boots.jpg'],
    createdAt: at(90),
    modifiedAt: at(4, 8, 5),
  },
  {
    id: 134,
    name: 'Espresso Cups (Set of 2)',
    sku: 'ESP2',
    price: 30,
    sale: 24,
    categories: [34, 60],
    brand: 5,
    tracking: 'product',
    images: ['espresso.jpg'],
    createdAt: at(80),
    modifiedAt: at(2, 13, 0),
  },
  {
    id: 135,
    name: 'Custom Name Necklace',
    sku: 'NCK',
    price: 85,
    categories: [23],
    brand: 0,
    tracking: 'none',
    modifiers: [
      { display: 'Name', type: 'text', required: true, maxLength: 12 },
      { display: 'Delivery date', type: 'date' },
    ],
    images: ['necklace.jpg'],
    createdAt: at(70),
    modifiedAt: at(1, 17, 10),
  },
];

function buildCatalog(): { products: ProductRec[]; variants: VariantRec[]; stock: Map<number, StockRec[]> } {
  const seq: IdSequences = {
    option: 200,
    optionValue: 500,
    variant: 1001,
    skuId: 7001,
    image: 3001,
    customField: 4001,
    bulkRule: 5001,
  };
  const products: ProductRec[] = [];
  const variants: VariantRec[] = [];
  for (const spec of productSpecs) {
    const built = buildProduct(spec, seq);
    products.push(built.product);
    variants.push(...built.variants);
  }
  // Stock from a fixed seed; the main warehouse holds most of it, the disabled dropship
  // location some that must not count.
  const rng = new Rng(42);
  const stock = new Map<number, StockRec[]>();
  for (const p of products) {
    for (const vid of p.variantIds) {
      if (p.inventoryTracking === 'none') continue;
      const outOfStock = p.id === 110;
      stock.set(vid, [
        stockRow(outOfStock ? 0 : rng.int(0, 40), p.id === 111 ? 2 : 0),
        stockRow(outOfStock ? 0 : rng.int(0, 8)),
        stockRow(outOfStock ? 0 : rng.int(0, 5)),
      ]);
    }
  }
  return { products, variants, stock };
}

// ---------------------------------------------------------------------------------------------
// customers

type AddressSpec = Partial<AddressRec> &
  Pick<AddressRec, 'address1' | 'city' | 'stateOrProvince' | 'postalCode' | 'countryCode' | 'country'>;

/** address ids are store-wide, handed out in customer order */
function addressMaker(): (customerId: number, firstName: string, lastName: string, a: AddressSpec) => AddressRec {
  let next = 1;
  return (customerId, firstName, lastName, a) => ({
    id: next++,
    customerId,
    firstName,
    lastName,
    company: '',
    address2: '',
    phone: '',
    addressType: 'residential',
    ...a,
  });
}

type CustomerSpec = [
  id: number,
  first: string,
  last: string,
  email: string,
  group: number,
  created: number,
  modified: number,
  extra?: Partial<CustomerRec>,
];

const US_TX = {
  city: 'Austin',
  stateOrProvince: 'Texas',
  postalCode: '78701',
  countryCode: 'US',
  country: 'United States',
};
const US_CA = {
  city: 'San Francisco',
  stateOrProvince: 'California',
  postalCode: '94103',
  countryCode: 'US',
  country: 'United States',
};
const US_NY = {
  city: 'Brooklyn',
  stateOrProvince: 'New York',
  postalCode: '11201',
  countryCode: 'US',
  country: 'United States',
};
const DE_BE = { city: 'Berlin', stateOrProvince: 'Berlin', postalCode: '10115', countryCode: 'DE', country: 'Germany' };
const FR_IDF = {
  city: 'Paris',
  stateOrProvince: 'Île-de-France',
  postalCode: '75011',
  countryCode: 'FR',
  country: 'France',
};
const GB_LDN = {
  city: 'London',
  stateOrProvince: 'England',
  postalCode: 'E1 6AN',
  countryCode: 'GB',
  country: 'United Kingdom',
};
const CA_ON = {
  city: 'Toronto',
  stateOrProvince: 'Ontario',
  postalCode: 'M5V 2T6',
  countryCode: 'CA',
  country: 'Canada',
};

function buildCustomers(): CustomerRec[] {
  const addr = addressMaker();
  const specs: CustomerSpec[] = [
    [1, 'Jane', 'Doe', 'jane.doe@example.com', 1, at(420), at(30)],
    [2, 'John', 'Smith', 'john.smith@example.com', 1, at(410), at(200)],
    [3, 'Priya', 'Patel', 'priya.patel@example.com', 3, at(400), at(15, 14, 0)],
    [4, 'Lukas', 'Müller', 'lukas.mueller@example.de', 1, at(390), at(60)],
    [5, 'Emily', 'Chen', 'emily.chen@example.com', 0, at(380), at(380)],
    [6, 'Carlos', 'Álvarez', 'carlos.alvarez@example.es', 1, at(370), at(100)],
    [
      7,
      'Wholesale',
      'Buyer',
      'purchasing@bigbox.example',
      2,
      at(360),
      at(12),
      {
        company: 'BigBox Retail LLC',
        phone: '212-555-0199',
        taxExemptCategory: 'G',
        notes: 'Net 30 terms; tax exempt (resale certificate on file).',
      },
    ],
    [8, 'Zoë', 'Ångström', 'zoe.angstrom@example.se', 3, at(350), at(40)],
    [9, 'Guest', 'Turned-Customer', 'late.signup@example.com', 0, at(20), at(20)],
    [10, 'John', 'Smith', 'j.smith+work@example.org', 2, at(330), at(80), { company: 'Smith & Sons' }],
    [11, 'Anna', 'Schmidt', 'Anna.Schmidt@Example.DE', 1, at(320), at(25)],
    [12, 'Oliver', 'Brown', 'oliver.brown@example.co.uk', 1, at(310), at(33)],
    // invalid email address, as some imports leave them
    [13, 'Marco', 'Rossi', 'marco.rossi(at)example.com', 1, at(300), at(18)],
    // an address in a country/state an ERP may not know
    [14, 'Arben', 'Krasniqi', 'arben.k@example.net', 1, at(290), at(9, 10, 30)],
    [15, 'Sophie', 'Martin', 'sophie.martin@example.fr', 3, at(280), at(50), { storeCredit: 2500 }],
    [16, 'Noah', 'Wilson', 'noah.wilson@example.com', 1, at(270), at(270)],
    [17, 'Mia', 'Taylor', 'mia.taylor@example.com', 0, at(260), at(7, 9, 0)],
    [18, 'Liam', "O'Connor", 'liam.oconnor@example.ie', 1, at(250), at(45)],
    [19, 'Harper', 'Lee', 'harper.lee@example.com', 1, at(240), at(240), { forcePasswordReset: true }],
    [20, 'Ethan', 'Nguyen', 'ethan.nguyen@example.ca', 1, at(230), at(3, 12, 0)],
    [21, 'Ava', 'Johnson', 'ava.johnson@example.com', 2, at(220), at(2, 9, 15), { company: 'Johnson Interiors' }],
    [22, 'Søren', 'Kierkegaard', 'soren.k@example.dk', 1, at(210), at(1, 8, 0)],
    [23, 'Yuki', 'Tanaka', 'yuki.tanaka@example.jp', 1, at(200), at(200)],
    [24, 'Grace', 'Kim', 'grace.kim@example.com', 3, at(150), at(1, 8, 0)],
    [25, 'Test', 'Account', 'qa+sandbox@example.com', 1, at(10), at(10), { notes: 'internal test account' }],
  ];
  const addresses: Record<number, (id: number, f: string, l: string) => AddressRec[]> = {
    1: (id, f, l) => [
      addr(id, f, l, { address1: '455 Main Street', ...US_TX, phone: '512-555-0123' }),
      addr(id, f, l, { address1: '12 Lake Shore Dr', address2: 'Apt 4B', ...US_CA, postalCode: '94110' }),
    ],
    2: (id, f, l) => [addr(id, f, l, { address1: '88 Elm St', ...US_NY })],
    3: (id, f, l) => [addr(id, f, l, { address1: '9 Market St', ...US_CA, phone: '415-555-0188' })],
    4: (id, f, l) => [addr(id, f, l, { address1: 'Torstraße 12', ...DE_BE, phone: '+49 30 5550101' })],
    6: (id, f, l) => [
      addr(id, f, l, {
        address1: 'Calle Mayor 5',
        city: 'Madrid',
        stateOrProvince: 'Madrid',
        postalCode: '28013',
        countryCode: 'ES',
        country: 'Spain',
      }),
    ],
    7: (id, f, l) => [
      addr(id, f, l, {
        address1: '1 Commerce Plaza',
        ...US_NY,
        company: 'BigBox Retail LLC',
        addressType: 'commercial',
        phone: '212-555-0199',
      }),
      addr(id, 'Receiving', 'Dock 4', {
        address1: '500 Distribution Way',
        city: 'Newark',
        stateOrProvince: 'New Jersey',
        postalCode: '07114',
        countryCode: 'US',
        country: 'United States',
        company: 'BigBox Retail LLC',
        addressType: 'commercial',
      }),
      addr(id, 'Accounts', 'Payable', {
        address1: 'PO Box 771',
        ...US_NY,
        company: 'BigBox Retail LLC',
        addressType: 'commercial',
      }),
    ],
    8: (id, f, l) => [
      addr(id, f, l, {
        address1: 'Drottninggatan 3',
        city: 'Stockholm',
        stateOrProvince: 'Stockholm',
        postalCode: '111 51',
        countryCode: 'SE',
        country: 'Sweden',
      }),
    ],
    10: (id, f, l) => [
      addr(id, f, l, {
        address1: '77 Workshop Rd',
        city: 'Portland',
        stateOrProvince: 'Oregon',
        postalCode: '97201',
        countryCode: 'US',
        country: 'United States',
        company: 'Smith & Sons',
        addressType: 'commercial',
      }),
    ],
    11: (id, f, l) => [
      addr(id, f, l, {
        address1: 'Hauptstraße 1',
        city: 'München',
        stateOrProvince: 'Bayern',
        postalCode: '80331',
        countryCode: 'DE',
        country: 'Germany',
      }),
    ],
    12: (id, f, l) => [addr(id, f, l, { address1: '221B Baker Street', ...GB_LDN, postalCode: 'NW1 6XE' })],
    13: (id, f, l) => [
      addr(id, f, l, {
        address1: 'Via Roma 10',
        city: 'Milano',
        stateOrProvince: 'MI',
        postalCode: '20121',
        countryCode: 'IT',
        country: 'Italy',
      }),
    ],
    14: (id, f, l) => [
      addr(id, f, l, {
        address1: 'Rruga Nëna Terezë 20',
        city: 'Prishtinë',
        stateOrProvince: 'Prishtinë',
        postalCode: '10000',
        countryCode: 'XK',
        country: 'Kosovo',
      }),
      addr(id, f, l, {
        address1: '1 Unknown Road',
        city: 'Springfield',
        stateOrProvince: 'Calfornia',
        postalCode: '00000',
        countryCode: 'US',
        country: 'United States',
      }),
    ],
    15: (id, f, l) => [addr(id, f, l, { address1: '10 Rue de la Roquette', ...FR_IDF })],
    16: (id, f, l) => [addr(id, f, l, { address1: '300 Pine St', ...US_TX, postalCode: '78702' })],
    18: (id, f, l) => [
      addr(id, f, l, {
        address1: '4 Grafton St',
        city: 'Dublin',
        stateOrProvince: 'Dublin',
        postalCode: 'D02 XY45',
        countryCode: 'IE',
        country: 'Ireland',
      }),
    ],
    19: (id, f, l) => [addr(id, f, l, { address1: '19 Oak Ave', ...US_NY, postalCode: '11215' })],
    20: (id, f, l) => [addr(id, f, l, { address1: '100 King St W', ...CA_ON })],
    21: (id, f, l) => [
      addr(id, f, l, { address1: '2 Design Row', ...US_CA, company: 'Johnson Interiors', addressType: 'commercial' }),
    ],
    22: (id, f, l) => [
      addr(id, f, l, {
        address1: 'Nyhavn 17',
        city: 'København',
        stateOrProvince: 'Hovedstaden',
        postalCode: '1051',
        countryCode: 'DK',
        country: 'Denmark',
      }),
    ],
    23: (id, f, l) => [
      addr(id, f, l, {
        address1: '1-2-3 Shibuya',
        city: 'Shibuya-ku',
        stateOrProvince: 'Tokyo',
        postalCode: '150-0002',
        countryCode: 'JP',
        country: 'Japan',
      }),
    ],
    24: (id, f, l) => [addr(id, f, l, { address1: '55 Ocean Ave', ...US_CA, postalCode: '94112' })],
    25: (id, f, l) => [addr(id, f, l, { address1: '1 Test Lane', ...US_TX })],
  };
  return specs.map(([id, firstName, lastName, email, group, created, modified, extra]) => ({
    id,
    email,
    firstName,
    lastName,
    company: '',
    phone: '',
    notes: '',
    taxExemptCategory: '',
    customerGroupId: group,
    registrationIpAddress: id % 4 === 0 ? '' : `198.51.100.${id}`,
    dateCreated: created,
    dateModified: modified,
    addresses: addresses[id]?.(id, firstName, lastName) ?? [],
    storeCredit: 0,
    acceptsMarketing: id % 2 === 0,
    originChannelId: 1,
    channelIds: [1],
    forcePasswordReset: false,
    ...extra,
  }));
}

// ---------------------------------------------------------------------------------------------
// orders

function billingOf(c: CustomerRec | undefined, fallback?: OrderAddressRec): OrderAddressRec {
  const a = c?.addresses[0];
  if (!c || !a) {
    if (!fallback) throw new Error('sample order: a guest order needs a billing address');
    return fallback;
  }
  return {
    firstName: a.firstName,
    lastName: a.lastName,
    company: a.company,
    street1: a.address1,
    street2: a.address2,
    city: a.city,
    state: a.stateOrProvince,
    zip: a.postalCode,
    country: a.country,
    countryIso2: a.countryCode,
    phone: a.phone,
    email: c.email,
  };
}

function ship(
  a: OrderAddressRec,
  method: string,
  cost: number,
  handling = 0,
  zone: [number, string] = [1, 'United States'],
  taxBp?: number,
) {
  return {
    ...a,
    shippingMethod: method,
    cost: Math.round(cost * 100),
    handling: Math.round(handling * 100),
    zoneId: zone[0],
    zoneName: zone[1],
    ...(taxBp === undefined ? {} : { taxBp }),
  };
}

const guestAnna: OrderAddressRec = {
  firstName: 'Anna',
  lastName: 'Guest',
  company: '',
  street1: '14 Birch Rd',
  street2: '',
  city: 'Denver',
  state: 'Colorado',
  zip: '80202',
  country: 'United States',
  countryIso2: 'US',
  phone: '303-555-0111',
  email: 'anna.guest@example.com',
};
const guestPierre: OrderAddressRec = {
  firstName: 'Pierre',
  lastName: 'Dubois',
  company: '',
  street1: '3 Place Bellecour',
  street2: '',
  city: 'Lyon',
  state: 'Auvergne-Rhône-Alpes',
  zip: '69002',
  country: 'France',
  countryIso2: 'FR',
  phone: '',
  email: 'pierre.dubois@example.fr',
};
const guestKate: OrderAddressRec = {
  firstName: 'Kate',
  lastName: 'Walker',
  company: '',
  street1: '8 High St',
  street2: 'Flat 2',
  city: 'Bristol',
  state: 'England',
  zip: 'BS1 4DJ',
  country: 'United Kingdom',
  countryIso2: 'GB',
  phone: '+44 117 555 0102',
  email: 'kate.walker@example.co.uk',
};
const guestSam: OrderAddressRec = {
  firstName: 'Sam',
  lastName: 'Rivera',
  company: '',
  street1: '700 Sunset Blvd',
  street2: '',
  city: 'Los Angeles',
  state: 'California',
  zip: '90028',
  country: 'United States',
  countryIso2: 'US',
  phone: '',
  email: 'sam.rivera@example.com',
};

const TX = 825;
const CA = 725;
const NY = 888;
const DE_VAT = 1900;
const FR_VAT = 2000;
const UK_VAT = 2000;
/** a reduced rate (books, food) next to a standard one on the same order */
const REDUCED = 550;

/** Specs for the sample orders; `v(product, n)` names the n-th variant of a product. */
function orderSpecs(customers: Map<number, CustomerRec>, v: (productId: number, n: number) => number): OrderSpec[] {
  const c = (id: number) => customers.get(id);
  const b = (id: number) => billingOf(c(id));
  const usps = (a: OrderAddressRec, cost = 7.95, handling = 0) => ship(a, 'USPS Priority Mail', cost, handling);
  const ups = (a: OrderAddressRec, cost = 14.5, handling = 2.5) => ship(a, 'UPS Ground', cost, handling);
  const dhl = (a: OrderAddressRec, cost = 19) => ship(a, 'DHL Express', cost, 0, [2, 'Europe']);
  const specs: OrderSpec[] = [
    {
      id: 100,
      customerId: 1,
      statusId: 10,
      createdAt: at(200),
      modifiedAt: at(195),
      payment: 'card',
      taxBp: TX,
      billing: b(1),
      shipping: [usps(b(1))],
      lines: [
        { product: 101, variant: v(101, 1), qty: 2, shipped: 2 },
        { product: 107, qty: 1, shipped: 1 },
      ],
    },
    {
      id: 101,
      customerId: 2,
      statusId: 2,
      createdAt: at(150),
      modifiedAt: at(148),
      payment: 'paypal',
      taxBp: NY,
      billing: b(2),
      shipping: [ups(b(2))],
      lines: [
        { product: 111, qty: 1, shipped: 1 },
        { product: 114, qty: 2, shipped: 2 },
      ],
    },
    {
      id: 102,
      customerId: 3,
      statusId: 11,
      createdAt: at(30),
      modifiedAt: at(30),
      payment: 'card',
      taxBp: CA,
      billing: b(3),
      shipping: [usps(b(3), 9.5)],
      lines: [{ product: 105, variant: v(105, 5), qty: 1 }],
      coupons: [{ code: 'WELCOME10', type: 5, amount: 10 }],
    },
    // Incomplete: an abandoned checkout, no payment, no transactions
    {
      id: 103,
      customerId: 0,
      statusId: 0,
      createdAt: at(29),
      modifiedAt: at(29),
      payment: 'card',
      taxBp: 0,
      billing: guestAnna,
      shipping: [],
      lines: [{ product: 110, qty: 1 }],
    },
    // Pending
    {
      id: 104,
      customerId: 5,
      statusId: 1,
      createdAt: at(28),
      modifiedAt: at(28),
      payment: 'bank',
      taxBp: TX,
      billing: { ...guestAnna, firstName: 'Emily', lastName: 'Chen', email: 'emily.chen@example.com' },
      shipping: [usps(guestAnna)],
      lines: [{ product: 117, qty: 2 }],
    },
    // Partially Shipped, two shipping addresses
    {
      id: 105,
      customerId: 7,
      statusId: 3,
      createdAt: at(27),
      modifiedAt: at(20),
      payment: 'bank',
      taxBp: 0,
      billing: b(7),
      shipping: [ups(b(7), 22, 5), ship(billingOf(c(7)), 'Freight', 80, 15)],
      lines: [
        { product: 114, qty: 12, address: 0, shipped: 12 },
        { product: 111, qty: 10, address: 1 },
        { product: 112, variant: v(112, 2), qty: 4, address: 1 },
      ],
      staffNotes: 'Tax exempt: resale certificate #RS-2231',
      discount: 120,
    },
    // Cancelled
    {
      id: 106,
      customerId: 4,
      statusId: 5,
      createdAt: at(26),
      modifiedAt: at(25),
      currency: 'EUR',
      payment: 'card',
      taxBp: DE_VAT,
      billing: b(4),
      shipping: [dhl(b(4))],
      lines: [{ product: 106, variant: v(106, 3), qty: 1 }],
      locale: 'de',
    },
    // Declined
    {
      id: 107,
      customerId: 0,
      statusId: 6,
      createdAt: at(25),
      modifiedAt: at(25),
      payment: 'card',
      taxBp: CA,
      billing: guestSam,
      shipping: [usps(guestSam)],
      lines: [{ product: 103, variant: v(103, 2), qty: 1 }],
    },
    // Awaiting Payment
    {
      id: 108,
      customerId: 10,
      statusId: 7,
      createdAt: at(24),
      modifiedAt: at(24),
      payment: 'bank',
      taxBp: 0,
      billing: b(10),
      shipping: [ups(b(10))],
      lines: [
        { product: 118, qty: 6 },
        { product: 119, qty: 3 },
      ],
    },
    // Awaiting Pickup (in-store pickup: no shipping cost)
    {
      id: 109,
      customerId: 16,
      statusId: 8,
      createdAt: at(23),
      modifiedAt: at(22),
      payment: 'card',
      taxBp: TX,
      billing: b(16),
      shipping: [ship(b(16), 'Pickup In Store', 0)],
      lines: [{ product: 112, variant: v(112, 0), qty: 1 }],
    },
    // Awaiting Shipment, gift wrapping with a message
    {
      id: 110,
      customerId: 8,
      statusId: 9,
      createdAt: at(22),
      modifiedAt: at(21),
      currency: 'EUR',
      payment: 'paypal',
      taxBp: FR_VAT,
      billing: b(8),
      shipping: [dhl(b(8), 24)],
      lines: [
        { product: 107, qty: 1, wrap: { name: 'Gift box', cost: 4.5, message: 'Grattis på födelsedagen!' } },
        { product: 130, qty: 2 },
      ],
      customerMessage: 'Please deliver after 5 pm.',
      locale: 'sv',
    },
    // Refunded in full (item-level, below)
    {
      id: 111,
      customerId: 12,
      statusId: 10,
      createdAt: at(21),
      modifiedAt: at(20),
      payment: 'card',
      taxBp: 2000,
      billing: b(12),
      shipping: [dhl(b(12), 15)],
      lines: [
        { product: 108, variant: v(108, 1), qty: 1, shipped: 1 },
        { product: 116, variant: v(116, 0), qty: 2, shipped: 2 },
      ],
    },
    // Partially refunded twice (below)
    {
      id: 112,
      customerId: 1,
      statusId: 10,
      createdAt: at(20),
      modifiedAt: at(19),
      payment: 'card',
      taxBp: TX,
      billing: b(1),
      shipping: [ups(b(1))],
      lines: [
        { product: 101, variant: v(101, 4), qty: 1, shipped: 1 },
        { product: 106, variant: v(106, 0), qty: 2, shipped: 2 },
        { product: 131, qty: 1, shipped: 1, text: [['Gift wrap', 'Yes']], price: 25 },
      ],
    },
    // Manual Verification Required
    {
      id: 113,
      customerId: 0,
      statusId: 12,
      createdAt: at(19),
      modifiedAt: at(19),
      payment: 'card',
      taxBp: NY,
      billing: { ...guestAnna, state: 'New York', city: 'Albany', zip: '12207' },
      shipping: [ship(guestAnna, 'UPS Next Day Air', 45)],
      lines: [{ product: 103, variant: v(103, 3), qty: 3 }],
    },
    // Disputed
    {
      id: 114,
      customerId: 11,
      statusId: 13,
      createdAt: at(18),
      modifiedAt: at(10),
      currency: 'EUR',
      payment: 'paypal',
      taxBp: DE_VAT,
      billing: b(11),
      shipping: [dhl(b(11))],
      lines: [{ product: 115, variant: v(115, 1), qty: 1, shipped: 1 }],
      locale: 'de',
    },
    // Partially refunded (goodwill, by amount, in EUR)
    {
      id: 115,
      customerId: 15,
      statusId: 10,
      createdAt: at(17),
      modifiedAt: at(16),
      currency: 'EUR',
      payment: 'card',
      taxBp: FR_VAT,
      billing: b(15),
      shipping: [dhl(b(15), 12)],
      lines: [{ product: 105, variant: v(105, 6), qty: 1, shipped: 1 }],
      locale: 'fr',
    },
    // a product since deleted from the catalog, and a custom product
    {
      id: 116,
      customerId: 2,
      statusId: 10,
      createdAt: at(160),
      modifiedAt: at(158),
      payment: 'cod',
      taxBp: NY,
      billing: b(2),
      shipping: [usps(b(2))],
      lines: [
        { product: 199, qty: 1, snapshot: { name: 'Discontinued Teapot', sku: 'TEAPOT-OLD', price: 34 }, shipped: 1 },
        { product: 0, qty: 1, snapshot: { name: 'Custom engraving service', sku: '', price: 15 }, shipped: 1 },
      ],
    },
    // digital-only: no shipping address
    {
      id: 117,
      customerId: 17,
      statusId: 10,
      createdAt: at(16),
      modifiedAt: at(16),
      payment: 'paypal',
      taxBp: 0,
      billing: { ...guestSam, firstName: 'Mia', lastName: 'Taylor', email: 'mia.taylor@example.com' },
      shipping: [],
      lines: [
        { product: 122, qty: 1 },
        { product: 123, qty: 2 },
      ],
    },
    // shopper browsed in GBP (display only), paid in USD
    {
      id: 118,
      customerId: 0,
      statusId: 11,
      createdAt: at(15),
      modifiedAt: at(15),
      displayCurrency: 'GBP',
      payment: 'card',
      taxBp: 0,
      billing: guestKate,
      shipping: [ship(guestKate, 'International Standard', 28, 0, [3, 'International'])],
      lines: [{ product: 113, qty: 1, text: [['Engraving', 'K.W.']] }],
    },
    // customer with an invalid email
    {
      id: 119,
      customerId: 13,
      statusId: 11,
      createdAt: at(14),
      modifiedAt: at(14),
      currency: 'EUR',
      payment: 'card',
      taxBp: 2200,
      billing: b(13),
      shipping: [dhl(b(13))],
      lines: [{ product: 134, qty: 2 }],
      locale: 'it',
    },
    // customer in a country an ERP may not know
    {
      id: 120,
      customerId: 14,
      statusId: 9,
      createdAt: at(13),
      modifiedAt: at(12),
      currency: 'EUR',
      payment: 'bank',
      taxBp: 0,
      billing: b(14),
      shipping: [ship(b(14), 'International Standard', 31, 0, [3, 'International'])],
      lines: [{ product: 126, qty: 1 }],
    },
    // Refunded by amount (below)
    {
      id: 121,
      customerId: 6,
      statusId: 10,
      createdAt: at(40),
      modifiedAt: at(38),
      currency: 'EUR',
      payment: 'card',
      taxBp: 2100,
      billing: b(6),
      shipping: [dhl(b(6))],
      lines: [{ product: 104, variant: v(104, 0), qty: 1, shipped: 1 }],
      locale: 'es',
    },
    // store credit
    {
      id: 122,
      customerId: 15,
      statusId: 11,
      createdAt: at(11),
      modifiedAt: at(11),
      payment: 'storecredit',
      taxBp: 0,
      billing: b(15),
      shipping: [ship(b(15), 'Free Shipping', 0, 0, [2, 'Europe'])],
      lines: [{ product: 121, qty: 1 }],
    },
    // split payment: store credit + card, coupon $ off the order, handling
    {
      id: 123,
      customerId: 3,
      statusId: 2,
      createdAt: at(10),
      modifiedAt: at(8),
      payment: 'card+storecredit',
      storeCredit: 20,
      taxBp: CA,
      billing: b(3),
      shipping: [ups(b(3), 12, 3)],
      lines: [{ product: 120, variant: v(120, 1), qty: 1, shipped: 1 }],
      coupons: [{ code: 'SPRING20', type: 2, amount: 20 }],
    },
    // manual (phone) order by staff, POS
    {
      id: 124,
      customerId: 21,
      statusId: 10,
      createdAt: at(9),
      modifiedAt: at(9),
      payment: 'manual',
      taxBp: CA,
      billing: b(21),
      shipping: [ship(b(21), 'Pickup In Store', 0)],
      lines: [
        { product: 130, qty: 4, shipped: 4 },
        { product: 114, qty: 2, shipped: 2 },
      ],
      orderSource: 'manual',
      externalSource: 'POS',
      staffNotes: 'Phone order; paid by check',
    },
    // test gateway, marketplace order created through the API: null notes and cart
    {
      id: 125,
      customerId: 0,
      statusId: 11,
      createdAt: at(8),
      modifiedAt: at(8),
      payment: 'test',
      taxBp: TX,
      billing: { ...guestAnna, firstName: 'Amazon', lastName: 'Customer', email: 'buyer-7731@marketplace.example' },
      shipping: [usps(guestAnna)],
      lines: [{ product: 119, qty: 1 }],
      orderSource: 'external',
      externalSource: 'Amazon',
      externalId: '113-5555555-7777777',
    },
    // Partially refunded (one product), wholesale customer
    {
      id: 126,
      customerId: 7,
      statusId: 10,
      createdAt: at(7),
      modifiedAt: at(6),
      payment: 'card',
      taxBp: NY,
      billing: b(7),
      shipping: [ups(b(7), 30, 5)],
      lines: [
        { product: 133, variant: v(133, 0), qty: 3, shipped: 3 },
        { product: 133, variant: v(133, 4), qty: 2, shipped: 2 },
      ],
      discount: 10,
    },
    // archived (deleted) order: only listed with is_deleted=true
    {
      id: 127,
      customerId: 2,
      statusId: 10,
      createdAt: at(180),
      modifiedAt: at(5),
      payment: 'card',
      taxBp: NY,
      billing: b(2),
      shipping: [usps(b(2))],
      lines: [{ product: 124, qty: 1, shipped: 1 }],
      isDeleted: true,
    },
    {
      id: 128,
      customerId: 20,
      statusId: 11,
      createdAt: at(5),
      modifiedAt: at(5),
      payment: 'card',
      taxBp: 1300,
      billing: b(20),
      shipping: [ship(b(20), 'Canada Post Expedited', 18, 0, [4, 'Canada'])],
      lines: [
        { product: 128, qty: 1 },
        {
          product: 135,
          qty: 1,
          text: [
            ['Name', 'Ethan'],
            ['Delivery date', '2025-06-20'],
          ],
        },
      ],
    },
    {
      id: 129,
      customerId: 24,
      statusId: 2,
      createdAt: at(4),
      modifiedAt: at(2, 13, 0),
      payment: 'paypal',
      taxBp: CA,
      billing: b(24),
      shipping: [usps(b(24))],
      lines: [
        { product: 102, variant: v(102, 3), qty: 1, shipped: 1 },
        { product: 109, qty: 1, text: [['Monogram', 'GK']], shipped: 1 },
      ],
    },
    // Refunded in full, shipped to a guest (below)
    {
      id: 130,
      customerId: 0,
      statusId: 10,
      createdAt: at(60),
      modifiedAt: at(59),
      currency: 'EUR',
      payment: 'card',
      taxBp: FR_VAT,
      billing: guestPierre,
      shipping: [dhl(guestPierre, 14)],
      lines: [{ product: 116, variant: v(116, 1), qty: 1, shipped: 1 }],
      locale: 'fr',
    },
    // created through the API by an ERP: null notes and cart, not yet shipped (date_shipped "")
    {
      id: 131,
      customerId: 22,
      statusId: 11,
      createdAt: at(3),
      modifiedAt: at(3),
      payment: 'card',
      taxBp: 2500,
      billing: b(22),
      shipping: [dhl(b(22))],
      lines: [{ product: 106, variant: v(106, 4), qty: 1 }],
      orderSource: 'external',
      externalSource: 'ERP (Acumatica)',
      externalId: 'SO-0041',
    },
    {
      id: 132,
      customerId: 3,
      statusId: 1,
      createdAt: at(2),
      modifiedAt: at(2),
      payment: 'card',
      taxBp: CA,
      billing: b(3),
      shipping: [usps(b(3))],
      lines: [{ product: 129, qty: 1 }],
    },
    // the same date_modified, to the second, as order 133 (a `>` filter loses one)
    {
      id: 133,
      customerId: 18,
      statusId: 11,
      createdAt: at(1, 8, 0),
      modifiedAt: at(1, 8, 0),
      currency: 'EUR',
      payment: 'card',
      taxBp: 2300,
      billing: b(18),
      shipping: [dhl(b(18))],
      lines: [{ product: 108, variant: v(108, 2), qty: 1 }],
      coupons: [{ code: 'VIP5', type: 1, amount: 5 }],
    },
    {
      id: 134,
      customerId: 1,
      statusId: 11,
      createdAt: at(1, 8, 0),
      modifiedAt: at(1, 8, 0),
      payment: 'card',
      taxBp: TX,
      billing: b(1),
      shipping: [usps(b(1))],
      lines: [
        { product: 125, qty: 1 },
        { product: 127, qty: 1 },
      ],
    },
    {
      id: 135,
      customerId: 0,
      statusId: 0,
      createdAt: at(0, 9, 0),
      modifiedAt: at(0, 9, 0),
      payment: 'paypal',
      taxBp: 0,
      billing: guestSam,
      shipping: [usps(guestSam)],
      lines: [{ product: 112, variant: v(112, 1), qty: 1 }],
    },
    // two tax rates on one order (towels standard, a book reduced), a $ coupon spread over both, untaxed shipping
    {
      id: 136,
      customerId: 12,
      statusId: 11,
      createdAt: at(6, 14, 0),
      modifiedAt: at(6, 14, 0),
      payment: 'card',
      taxBp: UK_VAT,
      billing: b(12),
      shipping: [ship(b(12), 'Royal Mail Tracked', 6.5, 0, [2, 'Europe'], 0)],
      lines: [
        { product: 116, variant: v(116, 0), qty: 3 },
        { product: 121, qty: 2, taxBp: REDUCED },
      ],
      coupons: [{ code: 'SAVE10', type: 2, amount: 10 }],
    },
    // ten at 250.00 with 5.5 % tax (ex tax 236.9668 when entered with tax), a manual discount, taxed shipping and handling
    {
      id: 137,
      customerId: 16,
      statusId: 11,
      createdAt: at(6, 15, 0),
      modifiedAt: at(6, 15, 0),
      payment: 'bank',
      taxBp: REDUCED,
      billing: b(16),
      shipping: [ups(b(16))],
      lines: [{ product: 128, qty: 10, price: 250 }],
      discount: 100,
      staffNotes: 'Trade order: 100.00 off',
    },
    // three lines, two rates, a percent coupon, several units per line (per-line rounding of the tax)
    {
      id: 138,
      customerId: 8,
      statusId: 2,
      createdAt: at(6, 16, 0),
      modifiedAt: at(5, 16, 0),
      payment: 'paypal',
      taxBp: UK_VAT,
      billing: b(8),
      shipping: [dhl(b(8), 9.99)],
      coupons: [{ code: 'SUMMER15', type: 5, amount: 15 }],
      lines: [
        { product: 130, qty: 3, shipped: 3 },
        { product: 122, qty: 1, taxBp: REDUCED, shipped: 1 },
        { product: 114, qty: 2, shipped: 2 },
      ],
    },
  ];
  return specs;
}

const SAMPLE_REFUNDS: Array<[orderId: number, created: number, req: (o: OrderRec) => RefundRequest]> = [
  // full, item level: every product and the shipping
  [
    111,
    at(19),
    (o) => ({
      items: [
        ...o.lines.map((l) => ({ type: 'PRODUCT' as const, itemId: l.id })),
        ...o.shipping.map((s) => ({ type: 'SHIPPING' as const, itemId: s.id })),
      ],
      reason: 'Returned: wrong size',
    }),
  ],
  // two partials: a product, then part of the shipping
  [
    112,
    at(18),
    (o) => ({
      items: [{ type: 'PRODUCT', itemId: (o.lines[1] as { id: number }).id, quantity: 1 }],
      reason: 'One sweater damaged',
    }),
  ],
  [
    112,
    at(17),
    (o) => ({
      items: [{ type: 'SHIPPING', itemId: (o.shipping[0] as { id: number }).id, amount: 5 }],
      reason: 'Late delivery',
    }),
  ],
  // goodwill amount
  [115, at(15), () => ({ amount: 15, reason: 'Goodwill gesture' })],
  // full, by amount
  [121, at(37), (o) => ({ amount: orderTotals(o).totalInc / 100, reason: 'Order cancelled after payment' })],
  [126, at(5), (o) => ({ items: [{ type: 'PRODUCT', itemId: (o.lines[0] as { id: number }).id, quantity: 1 }] })],
  [
    130,
    at(58),
    (o) => ({
      items: [
        ...o.lines.map((l) => ({ type: 'PRODUCT' as const, itemId: l.id })),
        { type: 'SHIPPING' as const, itemId: (o.shipping[0] as { id: number }).id },
      ],
    }),
  ],
];

function buildOrders(
  products: Map<number, ProductRec>,
  variants: Map<number, VariantRec>,
  customers: Map<number, CustomerRec>,
  taxInclusive: boolean,
): OrderData {
  const catalog: CatalogLookup = {
    product: (id) => products.get(id),
    variant: (id) => variants.get(id),
    brand: (id) => brands.find((b) => b.id === id),
  };
  const v = (productId: number, n: number): number => {
    const id = products.get(productId)?.variantIds[n];
    if (id === undefined) throw new Error(`sample store: product ${productId} has no variant #${n}`);
    return id;
  };
  const seq: OrderIdSequences = { line: 1, address: 1, coupon: 1, transaction: 5001, lineOption: 1 };
  const orders = orderSpecs(customers, v).map((s) => buildOrder({ ...s, taxInclusive }, catalog, seq));
  const byId = new Map(orders.map((o) => [o.id, o]));
  const refunds: OrderData['refunds'] = [];
  let paymentId = 1;
  for (const [orderId, created, req] of SAMPLE_REFUNDS) {
    const o = byId.get(orderId) as OrderRec;
    const built = buildRefund(
      o,
      req(o),
      { refundId: refunds.length + 1, paymentId: paymentId++, transactionId: seq.transaction++ },
      created,
    );
    applyRefund(o, built);
    refunds.push({ id: built.refund.id, orderId, created });
  }
  return { orders: listSource(orders), refunds };
}

export interface SampleStoreOptions {
  /**
   * Prices entered with tax (is_price_entered_with_tax), as in most stores outside North
   * America: the same orders, their prices, costs and discounts read as tax-included, ex-tax
   * unit prices with four decimals, line total_tax after the order discount (order-math.ts).
   */
  taxInclusive?: boolean;
}

export function sampleStoreSeed(opts: SampleStoreOptions = {}): StoreSeed {
  const taxInclusive = opts.taxInclusive ?? false;
  let catalogCache: ReturnType<typeof buildCatalog> | undefined;
  let customerCache: CustomerRec[] | undefined;
  const catalog = () => (catalogCache ??= buildCatalog());
  const customers = () => (customerCache ??= buildCustomers());
  return {
    kind: 'sample',
    profile: {
      name: 'Northwind Outfitters (sandbox)',
      domain: 'northwind-outfitters.example',
      address: '400 Congress Ave\nAustin, TX 78701',
      country: 'United States',
      countryCode: 'US',
      phone: '512-555-0100',
      adminEmail: 'admin@northwind-outfitters.example',
      orderEmail: 'orders@northwind-outfitters.example',
      firstName: 'Nora',
      lastName: 'Winters',
      timezone: { name: 'America/Chicago', rawOffset: -21600, dstOffset: -18000 },
      language: 'en',
      weightUnits: 'kg',
      dimensionUnits: 'Centimeters',
      isPriceEnteredWithTax: taxInclusive,
      planName: 'Pro',
      planLevel: 'Pro',
      industry: 'Apparel & Home',
      storeId: 1001234,
    },
    baseTime: SAMPLE_BASE_TIME,
    currencies,
    taxClasses,
    customerGroups,
    statusLabels: { 9: 'Packed — awaiting carrier' },
    trees: [{ id: 1, name: 'Default', channels: [1] }],
    categories,
    brands,
    locations,
    catalog: () => {
      const c = catalog();
      return { products: listSource(c.products), variants: listSource(c.variants), stock: c.stock };
    },
    customers: () => listSource(customers()),
    orders: () => {
      const c = catalog();
      return buildOrders(
        new Map(c.products.map((p) => [p.id, p])),
        new Map(c.variants.map((x) => [x.id, x])),
        new Map(customers().map((x) => [x.id, x])),
        taxInclusive,
      );
    },
  };
}
