/**
 * What a binding links: the `<kind>` in a binder's external id `bigcommerce_<store>.<kind>_<id>`.
 * A closed list, so a misspelt kind is a compile error instead of a second, empty set of
 * bindings (every record imported again as new). Each kind names one Odoo model; several kinds
 * may share one (a customer, its addresses, a guest buyer and an order's addresses are all
 * res.partner), which is why the kind, not the model, is part of the name.
 *
 * Renaming a kind orphans every binding already written under the old name: add, never rename.
 */
export type BindingKind =
  /** product.category; `root` is the store's own category under "BigCommerce" */
  | 'category'
  /** product.public.category (the website's tree) */
  | 'public_category'
  /** x_bc_brand */
  | 'brand'
  /** product.template */
  | 'product'
  /** product.product, by BigCommerce variant id */
  | 'variant'
  /** product.template.attribute.line, by `<product id>-<attribute>` */
  | 'attribute_line'
  /** product.pricelist.item: a variant's fixed price on the store pricelist */
  | 'variant_price'
  /** product.image */
  | 'image'
  /** product.pricelist: `store`, and `currency_<code>` per currency */
  | 'pricelist'
  /** res.partner: a BigCommerce customer */
  | 'customer'
  /** res.partner: a customer's address (child contact) */
  | 'address'
  /** res.partner.category: a BigCommerce customer group */
  | 'customer_group'
  /** res.partner: the buyer of a guest order */
  | 'guest'
  /** res.partner: an order's billing or shipping address */
  | 'order_address'
  /** sale.order */
  | 'order'
  /** sale.order.line */
  | 'order_line'
  /** product.product: the service products of order lines (shipping, fees, discounts…) */
  | 'service'
  /** x_bc_refund */
  | 'refund'
  /** account.move: a refund's credit note (the refund importer writes these external ids itself) */
  | 'credit_note'
  /**
   * stock.picking: a delivery claimed by `export shipments` before its shipment is sent, by the
   * Odoo picking id (the BigCommerce shipment id is not known yet; it goes on x_bc_shipment_id)
   */
  | 'shipment_claim'
  /** x_bc_parked: a record set aside after failing, by `<entity>-<id>` */
  | 'parked';
