import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearSecrets } from '../log/redact.js';
import { BigCommerceClient, idRanges } from './client.js';
import { InvalidRecordError } from './errors.js';

const BASE = 'https://api.bc.test';
const HASH = 'cl1';
const V3 = `/stores/${HASH}/v3`;
const V2 = `/stores/${HASH}/v2`;
const TOKEN = 'client-test-token-xyz';

function client(opts: { idChunkSize?: number } = {}): BigCommerceClient {
  return new BigCommerceClient({
    storeHash: HASH,
    accessToken: TOKEN,
    baseUrl: BASE,
    ...opts,
    schedulerOptions: { policy: { maxAttempts: 1, timeScale: 0.001 } },
  });
}

/** Every request path+query the fake API saw, in order. */
let requests: string[] = [];
function api(): nock.Scope {
  return nock(BASE).on('request', (req: { path: string }) => {
    requests.push(decodeURIComponent(req.path));
  });
}

const empty = { data: [], meta: {} };

beforeEach(() => {
  requests = [];
  nock.disableNetConnect();
});

afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  clearSecrets();
  expect(pending).toEqual([]);
});

// ------------------------------------------------------------------ fixtures (shapes from orders.v2.oas2.yml)

function orderProduct(id: number, orderId: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    order_id: orderId,
    product_id: 77,
    variant_id: 501,
    order_address_id: 1,
    name: 'Scarf',
    sku: 'SCARF-1',
    type: 'physical',
    quantity: 2,
    base_price: '10.0000',
    price_ex_tax: '10.0000',
    price_inc_tax: '10.0000',
    price_tax: '0.0000',
    base_total: '20.0000',
    total_ex_tax: '20.0000',
    total_inc_tax: '20.0000',
    total_tax: '0.0000',
    is_refunded: false,
    quantity_refunded: 0,
    refund_amount: '0.0000',
    applied_discounts: [],
    product_options: [],
    ...extra,
  };
}

function shipping(lineItems: unknown[]): Record<string, unknown> {
  return {
    id: 1,
    first_name: 'Jane',
    last_name: 'Doe',
    company: '',
    street_1: '1 Main St',
    street_2: '',
    city: 'Austin',
    zip: '78701',
    country: 'United States',
    country_iso2: 'US',
    state: 'Texas',
    email: 'jane@example.com',
    phone: '',
    form_fields: [],
    line_items: lineItems,
    items_total: 2,
    items_shipped: 0,
    shipping_method: 'Flat Rate',
    base_cost: 15,
    cost_ex_tax: 15,
    cost_inc_tax: 15,
    cost_tax: 0,
    cost_tax_class_id: 2,
    base_handling_cost: 0,
    handling_cost_ex_tax: 0,
    handling_cost_inc_tax: 0,
    handling_cost_tax: 0,
    handling_cost_tax_class_id: 2,
    shipping_zone_id: 1,
    shipping_zone_name: 'US',
  };
}

function order(id: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    status_id: 11,
    status: 'Awaiting Fulfillment',
    customer_id: 0,
    channel_id: 1,
    date_created: 'Tue, 20 Nov 2012 00:00:00 +0000',
    date_modified: 'Wed, 21 Nov 2012 10:00:00 +0000',
    date_shipped: '',
    subtotal_ex_tax: '20.0000',
    subtotal_inc_tax: '20.0000',
    subtotal_tax: '0.0000',
    shipping_cost_ex_tax: '15.0000',
    shipping_cost_inc_tax: '15.0000',
    total_ex_tax: '35.0000',
    total_inc_tax: '35.0000',
    total_tax: '0.0000',
    discount_amount: '0.0000',
    coupon_discount: '0.0000',
    items_total: 2,
    shipping_address_count: 1,
    currency_code: 'USD',
    default_currency_code: 'USD',
    currency_exchange_rate: '1.0000000000',
    payment_method: 'Cash',
    payment_status: 'captured',
    is_deleted: false,
    billing_address: {
      first_name: 'Jane',
      last_name: 'Doe',
      street_1: '1 Main St',
      city: 'Austin',
      state: 'Texas',
      zip: '78701',
      country: 'United States',
      country_iso2: 'US',
      email: 'jane@example.com',
    },
    products: { url: `${BASE}${V2}/orders/${id}/products`, resource: `/orders/${id}/products` },
    shipping_addresses: {
      url: `${BASE}${V2}/orders/${id}/shipping_addresses`,
      resource: `/orders/${id}/shipping_addresses`,
    },
    coupons: { url: `${BASE}${V2}/orders/${id}/coupons`, resource: `/orders/${id}/coupons` },
    consignments: {
      shipping: [shipping([orderProduct(id * 10, id)])],
      pickups: [],
      downloads: [],
      email: { gift_certificates: [] },
    },
    fees: [],
    ...extra,
  };
}

// ------------------------------------------------------------------ tests

describe('store-level resources', () => {
  it('getStore validates the v2 store object', async () => {
    api()
      .get(`${V2}/store`)
      .reply(200, {
        id: HASH,
        name: 'Test store',
        domain: 'x.test',
        currency: 'USD',
        weight_units: 'kg',
        dimension_units: 'Centimeters',
        is_price_entered_with_tax: false,
        timezone: { name: 'Europe/London', raw_offset: 0, dst_offset: 0, dst_correction: false },
        plan_name: 'Standard',
      });
    const store = await client().getStore();
    expect(store).toMatchObject({ id: HASH, name: 'Test store', currency: 'USD' });
  });

  it('getStore throws InvalidRecordError on a malformed store', async () => {
    api().get(`${V2}/store`).reply(200, { id: HASH });
    await expect(client().getStore()).rejects.toBeInstanceOf(InvalidRecordError);
  });

  it('getTime returns BigCommerce’s clock as a Date', async () => {
    api().get(`${V2}/time`).reply(200, { time: 1_700_000_000 });
    expect((await client().getTime()).toISOString()).toBe('2023-11-14T22:13:20.000Z');
  });

  it('reference lists: order statuses (not paged), tax classes (string ids made numbers)', async () => {
    api()
      .get(`${V2}/order_statuses`)
      .reply(200, [
        { id: 0, name: 'Incomplete' },
        { id: 11, name: 'Awaiting Fulfillment' },
      ]);
    api()
      .get(`${V2}/tax_classes`)
      .query({ page: '1', limit: '250' })
      .reply(200, [{ id: '1', name: 'Non-Taxable Products' }]);
    const c = client();
    expect((await c.orderStatuses().all()).records.map((s) => s.id)).toEqual([0, 11]);
    expect((await c.taxClasses().all()).records).toEqual([{ id: 1, name: 'Non-Taxable Products' }]);
    expect(requests).toEqual([`${V2}/order_statuses`, `${V2}/tax_classes?page=1&limit=250`]);
  });
});

describe('catalog', () => {
  it('products: default include (no options/modifiers), 250 a page, ISO date filter sorted by date_modified', async () => {
    api().get(`${V3}/catalog/products`).query(true).reply(200, empty);
    await client()
      .products({ since: new Date(Date.UTC(2025, 0, 15, 0, 3, 17)) })
      .all();
    expect(requests).toEqual([
      `${V3}/catalog/products?include=variants,images,custom_fields,primary_image&date_modified:min=2025-01-15T00:03:17Z&sort=date_modified&direction=asc&page=1&limit=250`,
    ]);
  });

  it('products: asking for options drops the page size to the 10 BigCommerce allows', async () => {
    api().get(`${V3}/catalog/products`).query(true).reply(200, empty);
    await client()
      .products({ include: ['variants', 'options'] })
      .all();
    expect(requests).toEqual([`${V3}/catalog/products?include=variants,options&page=1&limit=10`]);
  });

  it('products: ids become id:in chunks, deduplicated and sorted', async () => {
    api().get(`${V3}/catalog/products`).query(true).times(3).reply(200, empty);
    await client({ idChunkSize: 2 })
      .products({ ids: [5, 1, 3, 2, 4, 1], include: [] })
      .all();
    expect(requests).toEqual([
      `${V3}/catalog/products?id:in=1,2&page=1&limit=250`,
      `${V3}/catalog/products?id:in=3,4&page=1&limit=250`,
      `${V3}/catalog/products?id:in=5&page=1&limit=250`,
    ]);
  });

  it('products validate nested variants: a bad variant makes the product invalid, not the page', async () => {
    const product = (id: number, variants: unknown[]): Record<string, unknown> => ({
      id,
      name: `P${id}`,
      type: 'physical',
      sku: `P${id}`,
      price: 10,
      categories: [1],
      brand_id: 0,
      inventory_tracking: 'none',
      date_modified: '2025-01-15T00:03:17+00:00',
      variants,
    });
    const v = (id: number, pid: number): Record<string, unknown> => ({
      id,
      product_id: pid,
      sku: `V${id}`,
      price: null,
      option_values: [],
    });
    api()
      .get(`${V3}/catalog/products`)
      .query(true)
      .reply(200, {
        data: [product(1, [v(11, 1)]), product(2, [v(21, 2), { id: 22, product_id: 2 }])],
        meta: {},
      });
    const [page] = await collectPages(client().products());
    expect(page?.records.map((p) => p.id)).toEqual([1]);
    expect(page?.errors[0]).toMatchObject({ resource: 'products', recordId: 2 });
    expect(page?.errors[0]?.issues.map((i) => i.path)).toEqual(['variants.1.sku', 'variants.1.option_values']);
  });

  it('product(id), variants, images and options of one product', async () => {
    api()
      .get(`${V3}/catalog/products/7`)
      .query({ include: 'variants,images,custom_fields,primary_image' })
      .reply(200, {
        data: {
          id: 7,
          name: 'P',
          type: 'physical',
          sku: 'P',
          price: 1,
          categories: [],
          inventory_tracking: 'none',
          date_modified: '2025-01-15T00:03:17Z',
        },
        meta: {},
      });
    api().get(`${V3}/catalog/products/7/variants`).query(true).reply(200, empty);
    api().get(`${V3}/catalog/products/7/images`).query(true).reply(200, empty);
    api().get(`${V3}/catalog/products/7/options`).query(true).reply(200, empty);
    const c = client();
    expect((await c.product(7)).id).toBe(7);
    await c.productVariants(7).all();
    await c.productImages(7).all();
    await c.productOptions(7).all();
    expect(requests.slice(1)).toEqual([
      `${V3}/catalog/products/7/variants?page=1&limit=250`,
      `${V3}/catalog/products/7/images?page=1&limit=250`,
      `${V3}/catalog/products/7/options?page=1&limit=250`,
    ]);
  });

  it('categories, brands, trees', async () => {
    api().get(`${V3}/catalog/categories`).query(true).reply(200, empty);
    api().get(`${V3}/catalog/brands`).query(true).reply(200, empty);
    api().get(`${V3}/catalog/trees/categories`).query(true).reply(200, empty);
    const c = client();
    await c.categories({ ids: [3, 4] }).all();
    await c.brands().all();
    await c.treeCategories({ treeIds: [1] }).all();
    expect(requests).toEqual([
      `${V3}/catalog/categories?id:in=3,4&page=1&limit=250`,
      `${V3}/catalog/brands?page=1&limit=250`,
      `${V3}/catalog/trees/categories?tree_id:in=1&page=1&limit=250`,
    ]);
  });
});

describe('customers, refunds, inventory', () => {
  it('customers: include=addresses, date filter sorted by date_modified:asc, id:in, cursor paging', async () => {
    api().get(`${V3}/customers`).query(true).times(3).reply(200, empty);
    const c = client();
    await c.customers({ since: new Date(Date.UTC(2024, 4, 14, 9, 34)), ids: [9, 8] }).all();
    await c.customers().all();
    await c.customers({ sort: 'date_modified' }).all();
    expect(requests).toEqual([
      `${V3}/customers?include=addresses&date_modified:min=2024-05-14T09:34:00Z&sort=date_modified:asc&id:in=8,9&limit=250`,
      `${V3}/customers?include=addresses&limit=250`,
      `${V3}/customers?include=addresses&sort=date_modified:asc&limit=250`,
    ]);
  });

  it('refunds: created:min in RFC 3339 (URL-encoded +) and order_id:in', async () => {
    api()
      .get(`${V3}/orders/payment_actions/refunds`)
      .query(true)
      .reply(200, {
        data: [
          {
            id: 1,
            order_id: 100,
            user_id: 0,
            created: '2025-01-15T00:03:17+00:00',
            reason: 'damaged',
            total_amount: 5,
            total_tax: 0,
            uses_merchant_override_values: false,
            items: [{ item_type: 'PRODUCT', item_id: 1000, quantity: 1, requested_amount: null, reason: null }],
            payments: [
              {
                id: 1,
                provider_id: 'storecredit',
                amount: 5,
                offline: false,
                is_declined: false,
                declined_message: '',
              },
            ],
          },
        ],
        meta: {},
      });
    const { records } = await client()
      .refunds({ since: new Date(Date.UTC(2025, 0, 15, 0, 3, 17)), orderIds: [100] })
      .all();
    expect(records[0]?.items[0]).toMatchObject({ item_type: 'PRODUCT', item_id: 1000 });
    expect(requests).toEqual([
      `${V3}/orders/payment_actions/refunds?created:min=2025-01-15T00:03:17+00:00&order_id:in=100&page=1&limit=250`,
    ]);
  });

  it('the RFC 3339 offset reaches the server as %2B, not as a space', async () => {
    api()
      .get(`${V3}/orders/payment_actions/refunds`)
      .query({ 'created:min': '2025-01-15T00:03:17+00:00', page: '1', limit: '250' })
      .reply(200, empty);
    await client()
      .refunds({ since: new Date(Date.UTC(2025, 0, 15, 0, 3, 17)) })
      .all();
  });

  it('inventory items: 1000 a page, product_id:in and location_id:in', async () => {
    api().get(`${V3}/inventory/items`).query(true).times(2).reply(200, empty);
    await client({ idChunkSize: 2 })
      .inventoryItems({ productIds: [1, 2, 3], locationIds: [1] })
      .all();
    expect(requests).toEqual([
      `${V3}/inventory/items?location_id:in=1&product_id:in=1,2&page=1&limit=1000`,
      `${V3}/inventory/items?location_id:in=1&product_id:in=3&page=1&limit=1000`,
    ]);
  });

  it('order transactions and refunds of one order', async () => {
    api()
      .get(`${V3}/orders/5/transactions`)
      .query(true)
      .reply(200, {
        data: [
          {
            id: 1,
            order_id: '5',
            event: 'purchase',
            method: 'credit_card',
            amount: 35,
            currency: 'USD',
            gateway: 'testgateway',
            status: 'ok',
            date_created: '2025-01-15T00:03:17+00:00',
          },
        ],
        meta: {},
      });
    api().get(`${V3}/orders/5/payment_actions/refunds`).query(true).reply(200, empty);
    const c = client();
    const { records } = await c.orderTransactions(5).all();
    expect(records[0]?.order_id).toBe(5);
    await c.orderRefunds(5).all();
  });
});

describe('orders', () => {
  it('one request per page: products and shipping addresses come from consignments', async () => {
    api()
      .get(`${V2}/orders`)
      .query(true)
      .reply(200, [order(1), order(2)]);
    const pages = await collectPages(client().orders({ since: new Date(Date.UTC(2017, 3, 20, 11, 32)) }));
    expect(requests).toEqual([
      `${V2}/orders?include=consignments.line_items,fees&consignment_structure=object&min_date_modified=Thu, 20 Apr 2017 11:32:00 +0000&sort=date_modified:asc&page=1&limit=250`,
    ]);
    const [d1] = pages[0]?.records ?? [];
    expect(d1?.order.id).toBe(1);
    expect(d1?.products.map((p) => p.id)).toEqual([10]);
    expect(d1?.shippingAddresses).toEqual([
      expect.objectContaining({ id: 1, order_id: 1, cost_ex_tax: '15.0000', shipping_method: 'Flat Rate' }),
    ]);
    expect(d1?.coupons).toEqual([]);
    expect(d1?.couponCodes).toEqual([]);
  });

  /** An order whose one line carries these applied discounts. */
  function discountedOrder(
    id: number,
    discounts: unknown[],
    extra: Record<string, unknown> = {},
  ): Record<string, unknown> {
    return order(id, {
      coupon_discount: '5.0000',
      consignments: { shipping: [shipping([orderProduct(id * 10, id, { applied_discounts: discounts })])] },
      ...extra,
    });
  }
  const couponDiscount = (code: string, amount = '5.0000') => ({
    id: 'coupon-1',
    amount,
    name: `Coupon ${code}`,
    code,
    target: 'order',
  });
  const manualDiscount = {
    id: 'manual-discount',
    amount: '2.0000',
    name: 'Manual Discount',
    code: null,
    target: 'order',
  };

  it("takes coupon codes from the lines' applied discounts: no /coupons request", async () => {
    api()
      .get(`${V2}/orders`)
      .query(true)
      .reply(200, [
        order(1),
        discountedOrder(2, [couponDiscount('SAVE5'), manualDiscount], { discount_amount: '2.0000' }),
        order(3, {
          coupon_discount: '8.0000',
          consignments: {
            shipping: [
              shipping([
                orderProduct(30, 3, {
                  applied_discounts: [
                    couponDiscount('A', '3.0000'),
                    manualDiscount,
                    { ...couponDiscount('', '0.0000') },
                  ],
                }),
                orderProduct(31, 3, {
                  applied_discounts: [couponDiscount('B', '2.0000'), couponDiscount('A', '3.0000')],
                }),
              ]),
            ],
          },
        }),
      ]);
    const { records } = await client().orders().all();
    expect(requests).toHaveLength(1);
    expect(records.map((r) => r.couponCodes)).toEqual([[], ['SAVE5'], ['A', 'B']]);
    expect(records.map((r) => r.coupons)).toEqual([[], [], []]);
  });

  it('fetches /coupons for a coupon-discounted order whose lines carry no code, and names the codes from it', async () => {
    api()
      .get(`${V2}/orders`)
      .query(true)
      .reply(200, [
        order(1),
        discountedOrder(2, []),
        discountedOrder(3, [manualDiscount]),
        discountedOrder(4, [couponDiscount('INLINE')]),
      ]);
    api()
      .get(`${V2}/orders/2/coupons`)
      .query(true)
      .reply(200, [
        { id: 3, coupon_id: 1, order_id: 2, code: 'SAVE5', amount: 5, type: 2, discount: 4 },
        { id: 4, coupon_id: 2, order_id: 2, code: '', amount: 1, type: 2, discount: 1 },
        { id: 5, coupon_id: 1, order_id: 2, code: 'SAVE5', amount: 5, type: 2, discount: 0 },
      ]);
    api()
      .get(`${V2}/orders/3/coupons`)
      .query(true)
      .reply(200, [{ id: 6, coupon_id: 3, order_id: 3, code: 'TEN', amount: 5, type: 2, discount: 5 }]);
    const { records } = await client().orders().all();
    expect(requests).toHaveLength(3);
    expect(requests.filter((r) => r.includes('/coupons'))).toEqual([
      `${V2}/orders/2/coupons?page=1&limit=250`,
      `${V2}/orders/3/coupons?page=1&limit=250`,
    ]);
    expect(records.map((r) => r.couponCodes)).toEqual([[], ['SAVE5'], ['TEN'], ['INLINE']]);
    expect(records.map((r) => r.coupons.map((c) => c.code))).toEqual([[], ['SAVE5', '', 'SAVE5'], ['TEN'], []]);
  });

  it("coupons: 'always' costs one request per order, and the codes come from /coupons", async () => {
    api()
      .get(`${V2}/orders`)
      .query(true)
      .reply(200, [order(1), discountedOrder(2, [couponDiscount('INLINE')])]);
    api().get(`${V2}/orders/1/coupons`).query(true).reply(204);
    api()
      .get(`${V2}/orders/2/coupons`)
      .query(true)
      .reply(200, [{ id: 3, coupon_id: 1, order_id: 2, code: 'SAVE5', amount: 5, type: 2, discount: 5 }]);
    const { records } = await client().orders({ coupons: 'always' }).all();
    expect(requests).toHaveLength(3);
    expect(records.map((r) => r.couponCodes)).toEqual([[], ['SAVE5']]);
  });

  it("coupons: 'never' spends no request and still reads the lines' codes", async () => {
    api()
      .get(`${V2}/orders`)
      .query(true)
      .reply(200, [discountedOrder(1, []), discountedOrder(2, [couponDiscount('INLINE')])]);
    const { records } = await client().orders({ coupons: 'never' }).all();
    expect(requests).toHaveLength(1);
    expect(records.map((r) => r.couponCodes)).toEqual([[], ['INLINE']]);
  });

  it('without inline line items, decides on /coupons after /products', async () => {
    const link = { url: 'x', resource: '/orders/1/consignments' };
    api()
      .get(`${V2}/orders`)
      .query(true)
      .reply(200, [
        order(1, { coupon_discount: '5.0000', consignments: link }),
        order(2, { coupon_discount: '5.0000', consignments: link }),
      ]);
    const address = (id: number) => [
      {
        ...shipping([]),
        order_id: id,
        base_cost: '15.0000',
        cost_ex_tax: '15.0000',
        cost_inc_tax: '15.0000',
        cost_tax: '0.0000',
      },
    ];
    api()
      .get(`${V2}/orders/1/products`)
      .query(true)
      .reply(200, [orderProduct(10, 1, { applied_discounts: [couponDiscount('INLINE')] })]);
    api().get(`${V2}/orders/1/shipping_addresses`).query(true).reply(200, address(1));
    api()
      .get(`${V2}/orders/2/products`)
      .query(true)
      .reply(200, [orderProduct(20, 2)]);
    api().get(`${V2}/orders/2/shipping_addresses`).query(true).reply(200, address(2));
    api()
      .get(`${V2}/orders/2/coupons`)
      .query(true)
      .reply(200, [{ id: 3, coupon_id: 1, order_id: 2, code: 'SAVE5', amount: 5, type: 2, discount: 5 }]);
    const { records } = await client().orders().all();
    expect(records.map((r) => r.couponCodes)).toEqual([['INLINE'], ['SAVE5']]);
    expect(requests.filter((r) => r.includes('/coupons'))).toEqual([`${V2}/orders/2/coupons?page=1&limit=250`]);
    // order 2's /coupons came only after its /products
    expect(requests.indexOf(`${V2}/orders/2/coupons?page=1&limit=250`)).toBeGreaterThan(
      requests.indexOf(`${V2}/orders/2/products?page=1&limit=250`),
    );
  });

  it('falls back to /products and /shipping_addresses when consignments are only a link', async () => {
    const link = { url: 'x', resource: '/orders/1/consignments' };
    api()
      .get(`${V2}/orders`)
      .query(true)
      .reply(200, [order(1, { consignments: link })]);
    api()
      .get(`${V2}/orders/1/products`)
      .query(true)
      .reply(200, [orderProduct(10, 1), orderProduct(11, 1)]);
    api()
      .get(`${V2}/orders/1/shipping_addresses`)
      .query(true)
      .reply(200, [
        {
          ...shipping([]),
          order_id: 1,
          base_cost: '15.0000',
          cost_ex_tax: '15.0000',
          cost_inc_tax: '15.0000',
          cost_tax: '0.0000',
        },
      ]);
    const { records } = await client().orders().all();
    expect(records[0]?.products.map((p) => p.id)).toEqual([10, 11]);
    expect(records[0]?.shippingAddresses[0]?.cost_ex_tax).toBe('15.0000');
  });

  it('an order with a bad line is reported whole as InvalidRecordError; the others still come', async () => {
    const bad = order(2, {
      consignments: { shipping: [shipping([orderProduct(20, 2, { price_ex_tax: null })])] },
    });
    api()
      .get(`${V2}/orders`)
      .query(true)
      .reply(200, [order(1), bad, { id: 3, status_id: 'x' }]);
    const [page] = await collectPages(client().orders());
    expect(page?.records.map((r) => r.order.id)).toEqual([1]);
    expect(page?.errors.map((e) => e.recordId).sort()).toEqual([2, 3]);
    const e2 = page?.errors.find((e) => e.recordId === 2);
    expect(e2?.issues.map((i) => i.path)).toEqual(['consignments.shipping.0.line_items.0.price_ex_tax']);
  });

  it('a sub-resource 404 makes that order invalid without stopping the page', async () => {
    api()
      .get(`${V2}/orders`)
      .query(true)
      .reply(200, [order(1, { coupon_discount: '1.0000' }), order(2)]);
    api()
      .get(`${V2}/orders/1/coupons`)
      .query(true)
      .reply(404, [{ status: 404, message: 'The requested resource was not found.' }]);
    const [page] = await collectPages(client().orders());
    expect(page?.records.map((r) => r.order.id)).toEqual([2]);
    expect(page?.errors[0]).toMatchObject({ recordId: 1, issues: [{ path: 'coupons' }] });
  });

  it('ids: min_id/max_id ranges, with orders outside the set dropped before any sub-request', async () => {
    api()
      .get(`${V2}/orders`)
      .query(true)
      .times(2)
      .reply((uri) => {
        const q = new URL(uri, BASE).searchParams;
        const min = Number(q.get('min_id'));
        const max = Number(q.get('max_id'));
        const all = [1, 2, 3, 500].filter((i) => i >= min && i <= max);
        return [200, all.map((i) => order(i, { coupon_discount: '1.0000' }))];
      });
    api().get(`${V2}/orders/1/coupons`).query(true).reply(204);
    api().get(`${V2}/orders/3/coupons`).query(true).reply(204);
    api().get(`${V2}/orders/500/coupons`).query(true).reply(204);
    const { records } = await client()
      .orders({ ids: [500, 3, 1] })
      .all();
    expect(records.map((r) => r.order.id)).toEqual([1, 3, 500]);
    expect(requests.filter((r) => r.includes('/orders?'))).toEqual([
      expect.stringContaining('min_id=1&max_id=3&page=1&limit=250'),
      expect.stringContaining('min_id=500&max_id=500&page=1&limit=250'),
    ]);
    expect(requests.some((r) => r.includes('/orders/2/'))).toBe(false);
  });

  it('createdFrom/createdTo/statusId filters and orderCount', async () => {
    api().get(`${V2}/orders`).query(true).reply(204);
    api()
      .get(`${V2}/orders/count`)
      .query(true)
      .reply(200, { count: 3, statuses: [{ id: 11, name: 'Awaiting Fulfillment', count: 3 }] });
    const c = client();
    await c
      .orders({ createdFrom: new Date(Date.UTC(2024, 0, 1)), createdTo: new Date(Date.UTC(2024, 1, 1)), statusId: 11 })
      .all();
    expect((await c.orderCount({ statusId: 11 })).count).toBe(3);
    expect(requests[0]).toContain(
      'min_date_created=Mon, 01 Jan 2024 00:00:00 +0000&max_date_created=Thu, 01 Feb 2024 00:00:00 +0000&status_id=11',
    );
    expect(requests[1]).toBe(`${V2}/orders/count?status_id=11`);
  });
});

describe('idRanges', () => {
  it.each([
    [[1, 2, 3], [[1, 3]]],
    [
      [1, 250, 251],
      [
        [1, 250],
        [251, 251],
      ],
    ],
    [
      [10, 5, 5, 1000],
      [
        [5, 10],
        [1000, 1000],
      ],
    ],
    [[], []],
  ])('%j → %j', (ids, ranges) => {
    expect(idRanges(ids, 250).map((r) => [r.min, r.max])).toEqual(ranges);
  });
});

async function collectPages<T>(p: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of p) out.push(x);
  return out;
}
