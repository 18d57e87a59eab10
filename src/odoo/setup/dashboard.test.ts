/** The dashboard card, in both dialects: the webhooks line under the connection, only when set. */
import { describe, expect, it } from 'vitest';
import { buildDashboardArch, DASHBOARD_COUNTS } from './dashboard.js';

const actions = new Map(DASHBOARD_COUNTS.map((c, i) => [c.key, 100 + i]));

describe('buildDashboardArch', () => {
  it.each(['card', 'kanban-box'] as const)('%s: shows the hook check line only when it is set', (dialect) => {
    const arch = buildDashboardArch(actions, dialect);
    const line =
      /<div t-if="record\.x_webhooks_status\.raw_value" class="[^"]*o_bc_webhooks">Webhooks: (.*?)<\/div>/.exec(arch);
    expect(line?.[1]).toContain('x_webhooks_status');
    // under the connection line, above the counts
    expect(arch.indexOf('o_bc_tested')).toBeLessThan(arch.indexOf('o_bc_webhooks'));
    expect(arch.indexOf('o_bc_webhooks')).toBeLessThan(arch.indexOf('o_bc_count'));
  });

  it('kanban-box (Odoo 17) declares the field for record.*', () => {
    expect(buildDashboardArch(actions, 'kanban-box')).toMatch(
      /^<kanban[^>]*>(<field name="\w+"\/>)*<field name="x_webhooks_status"\/>/,
    );
  });
});
