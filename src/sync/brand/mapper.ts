/** BigCommerce brand → x_bc_brand (the brand model made by setup). Pure. */
import type { BcBrand } from '../../bigcommerce/schemas.js';

export function mapBrand(b: BcBrand, instanceId: number): Record<string, unknown> {
  return {
    x_name: b.name.trim() || `Brand ${b.id}`,
    x_bc_id: b.id,
    x_instance_id: instanceId,
    x_page_title: b.page_title || false,
    x_active: true,
  };
}

/** An image URL is worth downloading only when BigCommerce gives a non-empty one. */
export function brandImageUrl(b: BcBrand): string | undefined {
  const u = b.image_url?.trim();
  return u ? u : undefined;
}
