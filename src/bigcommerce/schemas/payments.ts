/**
 * Payment records (v3): an order's transactions, and refunds with their items and payments.
 */
import { z } from 'zod';
import {
  optional,
  optionalNonBlank,
  list,
  num,
  int,
  id,
  ref,
  text,
  optText,
  optBool,
  v3Date,
  optV3Date,
} from './common.js';

export const BcTransaction = z.looseObject({
  id,
  /** a string in orders.v3.yml; made a number to join with orders */
  order_id: id,
  event: text,
  method: text,
  amount: num,
  currency: text,
  gateway: text,
  gateway_transaction_id: optText,
  status: optText,
  test: optBool,
  fraud_review: optBool,
  reference_transaction_id: ref,
  payment_method_id: optText,
  date_created: optV3Date,
  offline: optional(z.looseObject({ display_name: optText })),
  custom: optional(z.looseObject({ payment_method: optText })),
});
export type BcTransaction = z.infer<typeof BcTransaction>;

/**
 * What a refund line refunds, by `item_type`: PRODUCT/GIFT_WRAPPING → order product id;
 * SHIPPING/HANDLING → order address id; ORDER → the order id; FEE → the fee id.
 */
export const BcRefundItem = z.looseObject({
  item_type: text,
  item_id: id,
  quantity: optional(int),
  requested_amount: optionalNonBlank(num),
  reason: optText,
  adjustments: optional(z.array(z.looseObject({ amount: optional(num), description: optText }))),
});
export type BcRefundItem = z.infer<typeof BcRefundItem>;

export const BcRefundPayment = z.looseObject({
  id: optional(id),
  provider_id: text,
  amount: optional(num),
  offline: optBool,
  is_declined: optBool,
  declined_message: optText,
  transaction_id: optText,
});
export type BcRefundPayment = z.infer<typeof BcRefundPayment>;

/** A refund: its date and amount make the credit note, so they are required. */
export const BcRefund = z.looseObject({
  id,
  order_id: id,
  user_id: optional(int),
  created: v3Date,
  reason: optText,
  total_amount: num,
  total_tax: optional(num),
  uses_merchant_override_values: optBool,
  items: list(BcRefundItem),
  payments: list(BcRefundPayment),
});
export type BcRefund = z.infer<typeof BcRefund>;
