/** Process exit codes, documented in the README. */
export const EXIT = {
  OK: 0,
  /** the command ran and failed (records failed, Odoo refused, …) */
  FAILURE: 1,
  /** configuration or usage mistake: fix the config or flags */
  CONFIG: 2,
  /** a connection to BigCommerce or Odoo failed (bad token, unreachable host, wrong database, wrong credentials) */
  CONNECTION: 3,
} as const;
