import { describe, expect, it } from 'vitest';
import { templateBuildProgress } from './odoo-testbed.js';

describe('template build progress', () => {
  it('says the elapsed time and what to expect', () => {
    expect(templateBuildProgress(45_000)).toBe('building the template: 0:45 elapsed, usually 2–3 min');
    expect(templateBuildProgress(125_400)).toBe('building the template: 2:05 elapsed, usually 2–3 min');
  });

  it('says so when it takes longer than usual', () => {
    expect(templateBuildProgress(200_000)).toContain('3:20 elapsed, longer than the usual 2–3 min');
  });
});
