/**
 * Webhook delivery, as BigCommerce does it (docs/integrations/webhooks/overview.mdx): each event
 * of the store becomes one callback body (`{scope, store_id, data, hash, created_at, producer}`),
 * POSTed as JSON with the hook's custom headers to every active hook whose scope covers it.
 * Delivery never holds up the API call that caused it. A non-2xx answer, a refused connection or
 * a timeout is retried on a schedule (BigCommerce: 60 s, 180 s, 300 s, … 24 h; tests pass short
 * ones); after `maxFailures` failures in a row, or once the schedule is spent, the hook is set
 * `is_active: false`, as the platform does after its 48 hours.
 *
 * The same event keeps its hash on every hook and every retry: it is the sha1 of the body
 * without the hash, which is what receivers de-duplicate on.
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../log/logger.js';
import type { StoreEvent } from './events.js';
import type { HookRec } from './hooks.js';
import type { SandboxStore } from './store.js';

/** BigCommerce's retry intervals, in seconds (overview.mdx, "Callback retry mechanism"). */
export const BIGCOMMERCE_RETRY_SECONDS = [60, 180, 300, 600, 900, 1800, 3600, 7200, 21600, 50400, 86400] as const;

export interface WebhookOptions {
  /** waits before each retry; default BigCommerce's schedule. Its length is the number of retries. */
  retryDelaysMs?: readonly number[];
  /** consecutive failed attempts of one hook after which it is deactivated; default 1 + the retries */
  maxFailures?: number;
  /** how long one attempt may take; default 10 s */
  timeoutMs?: number;
}

/** A callback body exactly as BigCommerce sends it. */
export interface WebhookBody {
  scope: string;
  store_id: string;
  data: Readonly<Record<string, unknown>>;
  hash: string;
  created_at: number;
  producer: string;
}

/** One attempt to deliver one event to one hook. */
export interface DeliveryAttempt {
  hookId: number;
  scope: string;
  hash: string;
  /** 1 for the first try */
  attempt: number;
  ok: boolean;
  /** the receiver's status, when it answered */
  status?: number;
  /** why no answer came (connection refused, timeout) */
  error?: string;
  /** ms since the epoch, by the sandbox's clock */
  at: number;
}

export interface WebhookStats {
  /** events the store emitted */
  events: number;
  /** (event, hook) pairs queued */
  deliveries: number;
  attempts: number;
  delivered: number;
  failedAttempts: number;
  /** deliveries given up (hook deactivated or deleted, or the schedule spent) */
  abandoned: number;
  /** hooks set inactive after failing */
  deactivated: number[];
  /** attempts in flight or waiting for their retry */
  pending: number;
}

const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');

export class WebhookDispatcher {
  private readonly retryDelaysMs: readonly number[];
  private readonly maxFailures: number;
  private readonly timeoutMs: number;
  private readonly log: DeliveryAttempt[] = [];
  private readonly failuresInARow = new Map<number, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly controllers = new Set<AbortController>();
  private readonly stats: Omit<WebhookStats, 'pending' | 'deactivated'> = {
    events: 0,
    deliveries: 0,
    attempts: 0,
    delivered: 0,
    failedAttempts: 0,
    abandoned: 0,
  };
  private readonly deactivated: number[] = [];
  private pending = 0;
  private idleWaiters: Array<() => void> = [];
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: SandboxStore,
    private readonly storeHash: string,
    private readonly logger: Logger,
    opts: WebhookOptions = {},
  ) {
    this.retryDelaysMs = opts.retryDelaysMs ?? BIGCOMMERCE_RETRY_SECONDS.map((s) => s * 1000);
    this.maxFailures = opts.maxFailures ?? this.retryDelaysMs.length + 1;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.unsubscribe = store.onEvent((e) => this.dispatch(e));
  }

  /** Fires an event of the test's choosing, as if the store had made that change. */
  send(scope: string, data: Record<string, unknown>): WebhookBody {
    return this.dispatch({ scope, data });
  }

  /** The body an event is sent with (pure apart from the clock). */
  bodyOf(e: StoreEvent): WebhookBody {
    const unhashed = {
      scope: e.scope,
      store_id: String(this.store.profile.storeId),
      data: e.data,
      created_at: Math.floor(this.store.now() / 1000),
      producer: `stores/${this.storeHash}`,
    };
    const hash = sha1(JSON.stringify(unhashed));
    return {
      scope: unhashed.scope,
      store_id: unhashed.store_id,
      data: unhashed.data,
      hash,
      created_at: unhashed.created_at,
      producer: unhashed.producer,
    };
  }

  /** Every attempt so far, oldest first. */
  attempts(): readonly DeliveryAttempt[] {
    return [...this.log];
  }

  webhookStats(): WebhookStats {
    return { ...this.stats, deactivated: [...this.deactivated], pending: this.pending };
  }

  /** Resolves once no attempt is in flight or waiting for a retry. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops: no new deliveries, retries dropped, attempts in flight aborted. */
  close(): void {
    this.closed = true;
    this.unsubscribe();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.controllers) c.abort();
    this.pending = 0;
    this.wakeIdle();
  }

  private dispatch(e: StoreEvent): WebhookBody {
    const body = this.bodyOf(e);
    this.stats.events++;
    if (this.closed) return body;
    for (const hook of this.store.hooks.matching(e.scope)) {
      this.stats.deliveries++;
      this.pending++;
      // never inside the API call that made the change
      this.later(0, () => this.attempt(hook.id, body, 1));
    }
    return body;
  }

  private later(ms: number, fn: () => Promise<void>): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      void fn();
    }, ms);
    this.timers.add(t);
  }

  private async attempt(hookId: number, body: WebhookBody, n: number): Promise<void> {
    if (this.closed) return;
    // the hook as it is now: deleted, deactivated, or its destination or headers changed since
    const hook = this.store.hooks.get(hookId);
    if (!hook?.isActive) return this.settle(false);
    const result = await this.post(hook, body);
    if (this.closed) return;
    this.stats.attempts++;
    this.log.push({ hookId, scope: body.scope, hash: body.hash, attempt: n, ...result, at: this.store.now() });
    if (result.ok) {
      this.stats.delivered++;
      this.failuresInARow.set(hookId, 0);
      return this.settle(true);
    }
    this.stats.failedAttempts++;
    const failures = (this.failuresInARow.get(hookId) ?? 0) + 1;
    this.failuresInARow.set(hookId, failures);
    const wait = this.retryDelaysMs[n - 1];
    if (failures >= this.maxFailures || wait === undefined) {
      this.deactivate(hookId);
      return this.settle(false);
    }
    this.later(wait, () => this.attempt(hookId, body, n + 1));
  }

  private async post(hook: HookRec, body: WebhookBody): Promise<{ ok: boolean; status?: number; error?: string }> {
    const ctl = new AbortController();
    this.controllers.add(ctl);
    const timer = setTimeout(() => ctl.abort(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    try {
      const res = await fetch(hook.destination, {
        method: 'POST',
        // the hook's own headers first: they may not replace the content type
        headers: { ...(hook.headers ?? {}), 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: ctl.signal,
        redirect: 'manual',
      });
      await res.arrayBuffer().catch(() => undefined);
      return { ok: res.status >= 200 && res.status < 300, status: res.status };
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause;
      return { ok: false, error: cause?.code ?? (ctl.signal.aborted ? 'timeout' : String(err)) };
    } finally {
      clearTimeout(timer);
      this.controllers.delete(ctl);
    }
  }

  private deactivate(hookId: number): void {
    if (!this.store.hooks.get(hookId)?.isActive) return;
    this.store.hooks.deactivate(hookId);
    this.deactivated.push(hookId);
    this.failuresInARow.delete(hookId);
    // the destination is not named: it may carry credentials in its query
    this.logger.warn({ hookId }, 'sandbox webhook deactivated after failed deliveries');
  }

  private settle(delivered: boolean): void {
    if (!delivered) this.stats.abandoned++;
    this.pending = Math.max(0, this.pending - 1);
    if (this.pending === 0) this.wakeIdle();
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
