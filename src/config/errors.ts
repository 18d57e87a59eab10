export interface ConfigIssue {
  /** where in the configuration, e.g. `instances[0].odoo.url` or `env BC_STORE_HASH` */
  path: string;
  message: string;
}

/** A configuration mistake: the CLI prints every issue and exits with code 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly source: string,
    readonly issues: ConfigIssue[],
  ) {
    super(
      `invalid configuration (${source}):\n${issues.map((i) => `  - ${i.path || '(top level)'}: ${i.message}`).join('\n')}`,
    );
  }
}
