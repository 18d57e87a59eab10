/**
 * Which journal receives an order's payment and which pricelist (hence currency) the order
 * uses, from the instance's payment-method rows. Pure over data the importer loads once per
 * run; table-tested. The levels, in order:
 *   payment_pricelist  the row names a pricelist
 *   payment_currency   the row names a currency: the pricelist in that currency
 *   order_currency     the order's transactional currency: the pricelist in that currency
 *   default            the customer's pricelist, else the company's first one — only when its
 *                      currency is the order's, since anything else would change the totals
 *   company_currency   no pricelist in the order's currency, which is the company's: none is
 *                      needed (Odoo as installed has no pricelist at all)
 * A missing journal, currency or pricelist is an error naming what to create in Odoo.
 */
import type { PaymentRow } from '../../config/index.js';
import { findJournal, matchRow, type JournalRow } from '../payment-rows.js';

export interface PricelistRow {
  id: number;
  name: string;
  currency: string;
  storePricelist?: boolean;
}

export type PricelistLevel =
  | 'payment_pricelist'
  | 'payment_currency'
  | 'order_currency'
  | 'default'
  | 'company_currency';

export type Resolution =
  /** pricelistId undefined: an order in the company currency, with no pricelist */
  | {
      ok: true;
      journalId: number;
      pricelistId: number | undefined;
      level: PricelistLevel;
      currency: string;
      row: PaymentRow;
    }
  | { ok: false; field: string; error: string };

export interface ResolveInput {
  paymentMethod: string | undefined;
  orderCurrency: string;
  /** the customer's own pricelist, when Odoo has one for them */
  partnerPricelist?: PricelistRow;
}

export interface ResolveData {
  rows: readonly PaymentRow[];
  pricelists: readonly PricelistRow[];
  journals: readonly JournalRow[];
  /** codes of currencies active in Odoo */
  activeCurrencies: ReadonlySet<string>;
  /** the company's currency code: orders in it need no pricelist */
  companyCurrency: string;
}

function inCurrency(pricelists: readonly PricelistRow[], code: string): PricelistRow | undefined {
  // The store's own pricelist (variant prices) wins among those in the right currency.
  return pricelists.find((p) => p.currency === code && p.storePricelist) ?? pricelists.find((p) => p.currency === code);
}

export function resolveOrder(input: ResolveInput, data: ResolveData): Resolution {
  const row = matchRow(data.rows, input.paymentMethod);
  const via = row.isDefault ? 'the default payment row' : `the payment row for "${row.method}"`;
  const journal = findJournal(data.journals, row.journal);
  if (!journal) {
    return {
      ok: false,
      field: 'payment_method',
      error: row.journal
        ? `journal "${row.journal}" (from ${via}) does not exist in Odoo: create a bank or cash journal with that code or name`
        : 'Odoo has no bank journal: create one (Accounting → Configuration → Journals)',
    };
  }
  const done = (p: PricelistRow, level: PricelistLevel): Resolution => ({
    ok: true,
    journalId: journal.id,
    pricelistId: p.id,
    level,
    currency: p.currency,
    row,
  });
  const companyCurrency = (): Resolution => ({
    ok: true,
    journalId: journal.id,
    pricelistId: undefined,
    level: 'company_currency',
    currency: data.companyCurrency,
    row,
  });
  if (row.pricelist) {
    const p = data.pricelists.find((x) => x.name.toLowerCase() === row.pricelist!.toLowerCase());
    return p
      ? done(p, 'payment_pricelist')
      : {
          ok: false,
          field: 'payment_method',
          error: `pricelist "${row.pricelist}" (from ${via}) does not exist in Odoo: create it`,
        };
  }
  const needCurrency = (code: string, why: string): Resolution | undefined => {
    if (!data.activeCurrencies.has(code))
      return {
        ok: false,
        field: 'default_currency_code',
        error: `currency ${code} (${why}) is not active in Odoo: activate it (Accounting → Settings → Currencies) and create a pricelist in ${code}`,
      };
    return undefined;
  };
  if (row.currency) {
    const bad = needCurrency(row.currency, `from ${via}`);
    if (bad) return bad;
    const p = inCurrency(data.pricelists, row.currency);
    if (!p && row.currency.toUpperCase() === data.companyCurrency) return companyCurrency();
    return p
      ? done(p, 'payment_currency')
      : {
          ok: false,
          field: 'payment_method',
          error: `no pricelist in ${row.currency} (from ${via}): create one in Odoo`,
        };
  }
  const code = input.orderCurrency.toUpperCase();
  const byCurrency = inCurrency(data.pricelists, code);
  if (byCurrency) return done(byCurrency, 'order_currency');
  const fallback = input.partnerPricelist ?? data.pricelists[0];
  if (fallback && fallback.currency === code) return done(fallback, 'default');
  if (code === data.companyCurrency) return companyCurrency();
  return (
    needCurrency(code, "the order's currency") ?? {
      ok: false,
      field: 'default_currency_code',
      error: `no pricelist in ${code}, the order's currency: create one in Odoo (Sales → Products → Pricelists)`,
    }
  );
}
