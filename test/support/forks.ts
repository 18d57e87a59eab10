/**
 * How many test files run at once, and so how many Odoo servers the live tests start (one per
 * fork: odoo-global-setup.ts). Two on a 2-core machine: a third fork made the whole suite
 * slower (1,348 s against 1,193 s), each file waiting on a busier Odoo and PostgreSQL.
 * BC_ODOO_TEST_FORKS overrides.
 */
export const TEST_FORKS = forksFrom(process.env.BC_ODOO_TEST_FORKS);

function forksFrom(value: string | undefined): number {
  if (value === undefined || value === '') return 2;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`BC_ODOO_TEST_FORKS=${value}: give a whole number, 1 or more`);
  return n;
}
