/** Platform-wide constants of a BigCommerce store (identical on every store). */

export interface OrderStatusRec {
  id: number;
  name: string;
  customLabel: string;
  description: string;
  /** the control panel's display order */
  order: number;
}

const STATUSES: Array<[number, string, string, number]> = [
  [
    0,
    'Incomplete',
    'An incomplete order happens when a shopper reached the payment page, but did not complete the transaction.',
    0,
  ],
  [1, 'Pending', 'Customer started the checkout process, but did not complete it.', 1],
  [
    2,
    'Shipped',
    'Order has been shipped, but receipt has not been confirmed; seller has used the Ship Items action.',
    8,
  ],
  [
    3,
    'Partially Shipped',
    'Only some items in the order have been shipped, due to some products being pre-order only or other reasons.',
    6,
  ],
  [4, 'Refunded', 'Seller has used the Refund action.', 11],
  [5, 'Cancelled', 'Seller has cancelled an order, due to a stock inconsistency or other reasons.', 9],
  [6, 'Declined', 'Seller has marked the order as declined for lack of manual payment, or other reasons.', 10],
  [7, 'Awaiting Payment', 'Customer has completed checkout process, but payment has yet to be confirmed.', 2],
  [8, 'Awaiting Pickup', 'Order has been pulled, and is awaiting customer pickup from a seller-specified location.', 5],
  [
    9,
    'Awaiting Shipment',
    'Order has been pulled and packaged, and is awaiting collection from a shipping provider.',
    4,
  ],
  [10, 'Completed', 'Client has paid for their digital product and their file(s) are available for download.', 7],
  [11, 'Awaiting Fulfillment', 'Customer has completed the checkout process and payment has been confirmed.', 3],
  [12, 'Manual Verification Required', 'Order is on hold while some aspect needs to be manually confirmed.', 13],
  [
    13,
    'Disputed',
    'Customer has initiated a dispute resolution process for the PayPal transaction that paid for the order.',
    12,
  ],
  [14, 'Partially Refunded', 'Seller has partially refunded the order.', 14],
];

/**
 * Merchants can rename statuses (the custom label), which is why an importer must map on the
 * id. The sample store renames one so that a mapping on names shows up in tests.
 */
export function orderStatuses(renamed: Record<number, string> = {}): OrderStatusRec[] {
  return STATUSES.map(([id, name, description, order]) => ({
    id,
    name,
    customLabel: renamed[id] ?? name,
    description,
    order,
  }));
}

export const ALL_STATUS_IDS: readonly number[] = STATUSES.map(([id]) => id);
