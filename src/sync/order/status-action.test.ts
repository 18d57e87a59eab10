import { describe, expect, it } from 'vitest';
import { DEFAULT_STATUS_MAP } from '../../config/index.js';
import { statusAction } from './status-action.js';

describe('statusAction: the Shipped status an exported shipment causes is no payment news', () => {
  it.each([
    // [status, shipped from Odoo, action, follows the shipment]
    [2, false, 'confirm+invoice+paid', false],
    [3, false, 'confirm+invoice+paid', false],
    [2, true, 'confirm', true],
    [3, true, 'confirm', true],
    [7, true, 'confirm', false],
    [10, true, 'confirm+invoice+paid', false],
    [5, true, 'cancel', false],
    [0, true, 'skip', false],
    [99, false, undefined, false],
  ] as const)('status %s, shipped from Odoo %s → %s', (status, shipped, action, follows) => {
    expect(statusAction(DEFAULT_STATUS_MAP, status, shipped)).toEqual({ action, followsOdooShipment: follows });
  });

  it('an order awaiting payment that Odoo ships is not invoiced by the status BigCommerce then sets', () => {
    const before = statusAction(DEFAULT_STATUS_MAP, 7, false).action; // Awaiting Payment
    const after = statusAction(DEFAULT_STATUS_MAP, 2, true).action; // Shipped, by our shipment
    expect([before, after]).toEqual(['confirm', 'confirm']);
  });

  it('a merchant who maps Shipped to cancel is still obeyed', () => {
    expect(statusAction({ ...DEFAULT_STATUS_MAP, 2: 'cancel' }, 2, true).action).toBe('cancel');
  });
});
