import { describe, expect, it } from 'vitest';
import type { BcCategory } from '../../bigcommerce/schemas.js';
import { layoutTree, mapInternalCategory, mapPublicCategory } from './mapper.js';

const cat = (id: number, parent_id: number, name = `C${id}`, sort_order = 0): BcCategory =>
  ({ id, parent_id, name, sort_order }) as BcCategory;

describe('layoutTree', () => {
  it.each([
    [
      'flat roots',
      [cat(1, 0), cat(2, 0)],
      [
        [1, 0, false],
        [2, 0, false],
      ],
    ],
    [
      'children after parents whatever the input order',
      [cat(3, 2), cat(2, 1), cat(1, 0)],
      [
        [1, 0, false],
        [2, 1, false],
        [3, 2, false],
      ],
    ],
    [
      'an orphan goes to the root, flagged',
      [cat(1, 0), cat(5, 99)],
      [
        [1, 0, false],
        [5, 0, true],
      ],
    ],
    [
      'a child of an orphan keeps its place under it',
      [cat(5, 99), cat(6, 5)],
      [
        [5, 0, true],
        [6, 1, false],
      ],
    ],
    [
      'a cycle is cut where it closes',
      [cat(7, 8), cat(8, 7)],
      [
        [8, 0, true],
        [7, 1, false],
      ],
    ],
    [
      'siblings by sort_order then id',
      [cat(4, 0, 'b', 2), cat(3, 0, 'a', 1), cat(2, 0, 'c', 1)],
      [
        [2, 0, false],
        [3, 0, false],
        [4, 0, false],
      ],
    ],
  ] as const)('%s', (_l, input, expected) => {
    expect(layoutTree(input as unknown as BcCategory[]).map((n) => [n.category.id, n.depth, n.orphan])).toEqual(
      expected,
    );
  });
});

describe('category values', () => {
  it.each([
    [cat(1, 0, 'Shoes'), 10, { name: 'Shoes', parent_id: 10 }],
    [cat(2, 0, '  '), 10, { name: 'Category 2', parent_id: 10 }],
  ])('internal %#', (c, parent, want) => expect(mapInternalCategory(c, parent)).toEqual(want));
  it.each([
    [cat(1, 0, 'Shoes', 3), false as const, { name: 'Shoes', parent_id: false, sequence: 3 }],
    [cat(2, 1, 'Boots', 0), 7, { name: 'Boots', parent_id: 7, sequence: 0 }],
  ])('public %#', (c, parent, want) => expect(mapPublicCategory(c, parent)).toEqual(want));
});
