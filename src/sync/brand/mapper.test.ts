import { describe, expect, it } from 'vitest';
import type { BcBrand } from '../../bigcommerce/schemas.js';
import { brandImageUrl, mapBrand } from './mapper.js';

describe('mapBrand', () => {
  it.each([
    [
      { id: 3, name: 'Acme', page_title: 'Acme Co' },
      { x_name: 'Acme', x_bc_id: 3, x_instance_id: 9, x_page_title: 'Acme Co', x_active: true },
    ],
    [
      { id: 4, name: ' ', page_title: '' },
      { x_name: 'Brand 4', x_bc_id: 4, x_instance_id: 9, x_page_title: false, x_active: true },
    ],
  ])('%j', (b, want) => expect(mapBrand(b as BcBrand, 9)).toEqual(want));

  it.each([
    [{ image_url: 'https://cdn/x.png' }, 'https://cdn/x.png'],
    [{ image_url: '' }, undefined],
    [{}, undefined],
  ])('image url %j', (b, want) => expect(brandImageUrl(b as BcBrand)).toBe(want));
});
