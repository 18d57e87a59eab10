/**
 * What /readyz answers: for every instance, whether BigCommerce and Odoo answered their last
 * check — the same checks as `bc-odoo test-connection` (sync/connection-check.ts), re-run on a
 * timer and refreshed by each import run's outcome. Messages are redacted; no token or
 * password can reach the endpoint.
 */
import { BigCommerceError } from '../bigcommerce/errors.js';
import type { InstanceConfig } from '../config/index.js';
import { redactText } from '../log/redact.js';
import type { Logger } from '../log/logger.js';
import { OdooError } from '../odoo/errors.js';
import { checkBigCommerce, checkOdoo, type SideResult } from '../sync/connection-check.js';
import { bigCommerceFailure } from '../sync/connection-failure.js';
import { bigCommerceClient, connectOdoo } from '../sync/instance-clients.js';

export interface SideStatus {
  ok: boolean;
  reason?: string;
  message: string;
  /** ISO time of the check or run that set this */
  checkedAt: string;
}

export interface InstanceReadiness {
  bigcommerce: SideStatus;
  odoo: SideStatus;
}

const NOT_CHECKED: SideStatus = {
  ok: false,
  reason: 'not_checked',
  message: 'not checked yet',
  checkedAt: new Date(0).toISOString(),
};

export class Readiness {
  private readonly state = new Map<string, InstanceReadiness>();

  constructor(
    private readonly instances: readonly InstanceConfig[],
    private readonly logger: Logger,
    private readonly onChange: (instance: string, side: 'bigcommerce' | 'odoo', ok: boolean) => void = () => undefined,
    private readonly signal?: AbortSignal,
  ) {
    for (const i of instances) this.state.set(i.name, { bigcommerce: NOT_CHECKED, odoo: NOT_CHECKED });
  }

  private inFlight: Promise<void> | undefined;

  /** Checks both sides of every instance; never throws, and never runs two rounds at once. */
  checkAll(): Promise<void> {
    this.inFlight ??= Promise.all(
      this.instances.map((i) =>
        this.check(i).catch((err: unknown) => {
          this.logger.warn({ err, instance: i.name }, 'readiness check failed');
          this.set(i.name, 'odoo', {
            ok: false,
            reason: err instanceof OdooError ? err.kind : 'error',
            message: redactText(err instanceof Error ? err.message : String(err)),
            checkedAt: new Date().toISOString(),
          });
        }),
      ),
    ).then(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async check(inst: InstanceConfig): Promise<void> {
    const log = this.logger.child({ instance: inst.name });
    // Probes: a check should answer in seconds, not after the importers' patient retries.
    const bc = bigCommerceClient(inst, log, { probe: true, signal: this.signal });
    const [bcResult, odooResult] = await Promise.all([
      checkBigCommerce(() => bc.getStore()),
      checkOdoo(() => connectOdoo(inst, log, { probe: true }), inst.odoo),
    ]);
    this.set(inst.name, 'bigcommerce', fromSide(bcResult));
    this.set(inst.name, 'odoo', fromSide(odooResult));
  }

  /** A run that completed proves both sides answered. */
  runSucceeded(instance: string): void {
    const now = new Date().toISOString();
    this.set(instance, 'bigcommerce', { ok: true, message: 'answered the last import run', checkedAt: now });
    this.set(instance, 'odoo', { ok: true, message: 'answered the last import run', checkedAt: now });
  }

  /** A run that failed on one side marks that side not ready until the next success or check. */
  runFailed(instance: string, err: unknown): void {
    if (!(err instanceof BigCommerceError) && !(err instanceof OdooError)) return;
    const side = err instanceof BigCommerceError ? 'bigcommerce' : 'odoo';
    const reason =
      err instanceof OdooError
        ? err.kind
        : (bigCommerceFailure(err)?.reason ??
          (err.constructor.name.replace(/^BigCommerce|Error$/g, '').toLowerCase() || 'error'));
    this.set(instance, side, {
      ok: false,
      reason,
      message: bigCommerceFailure(err)?.message ?? redactText(err.message),
      checkedAt: new Date().toISOString(),
    });
  }

  ready(): boolean {
    return [...this.state.values()].every((s) => s.bigcommerce.ok && s.odoo.ok);
  }

  /** The /readyz body: per instance and side, ok or the reason. */
  report(): { ready: boolean; instances: Record<string, InstanceReadiness> } {
    return { ready: this.ready(), instances: Object.fromEntries(this.state) };
  }

  private set(instance: string, side: 'bigcommerce' | 'odoo', status: SideStatus): void {
    const s = this.state.get(instance);
    if (!s) return;
    const was = s[side].ok;
    s[side] = status;
    this.onChange(instance, side, status.ok);
    if (was !== status.ok) {
      this.logger[status.ok ? 'info' : 'warn'](
        { instance, side, reason: status.reason },
        `${side} ${status.ok ? 'ready' : `not ready: ${status.message}`}`,
      );
    }
  }
}

function fromSide(r: SideResult): SideStatus {
  return { ok: r.ok, reason: r.reason, message: redactText(r.message), checkedAt: new Date().toISOString() };
}
