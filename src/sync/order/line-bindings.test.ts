import { describe, expect, it } from 'vitest';
import { orderProductOfBinding } from './line-bindings.js';

describe('orderProductOfBinding', () => {
  const cases: [string, number | undefined][] = [
    ['order_line_39', 39],
    ['order_line_39-part2', 39],
    ['order_line_39-part12', 39],
    ['order_line_126-shipping', undefined],
    ['order_line_126-shipping-part2', undefined],
    ['order_line_126-handling', undefined],
    ['order_line_', undefined],
    ['order_39', undefined],
  ];
  for (const [name, want] of cases) it(name, () => expect(orderProductOfBinding(name)).toBe(want));
});
