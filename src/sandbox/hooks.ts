/**
 * The webhooks a sandbox store has registered (/v3/hooks), and the rules BigCommerce applies to
 * them (webhooks.v3.yml, docs/integrations/webhooks/overview.mdx): a destination is an HTTPS URL
 * on port 443; one hook per scope + destination; at most 10 hooks per scope. A rule broken is a
 * HookError naming the field, which the API turns into v3's 422.
 *
 * `allowHttp` is the sandbox's one departure, off by default: tests and demos deliver to a local
 * receiver (http://127.0.0.1:<port>), which no real store would call.
 */

/** One registered hook. `headers` are sent on every callback of this hook. */
export interface HookRec {
  id: number;
  scope: string;
  destination: string;
  isActive: boolean;
  headers: Record<string, string> | null;
  /** UNIX seconds */
  createdAt: number;
  updatedAt: number;
}

/** The fields a create or an update may set (webhook_Base / webhook_Put). */
export interface HookFields {
  scope?: string;
  destination?: string;
  is_active?: boolean;
  headers?: Record<string, string> | null;
}

/** "Only one webhook is allowed per … scope + destination"; "a maximum of 10 webhooks per … scope". */
export const MAX_HOOKS_PER_SCOPE = 10;

/** `store/...` segments, `*` standing for one segment or, last, for the rest */
const SCOPE = /^store(\/[A-Za-z0-9_]+|\/\*)+$/;

export class HookError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'HookError';
  }
}

/** Whether a hook's scope covers an event's: `store/order/*` covers `store/order/refund/created`. */
export function scopeMatches(hookScope: string, eventScope: string): boolean {
  if (!hookScope.includes('*')) return hookScope === eventScope;
  const parts = hookScope.split('/');
  const source = parts
    .map((p, i) => (p === '*' ? (i === parts.length - 1 ? '.+' : '[^/]+') : p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`).test(eventScope);
}

export class HookRegistry {
  /** the sandbox's opt-in exception: plain http and any port (local receivers in tests) */
  allowHttp = false;
  private readonly byId = new Map<number, HookRec>();
  private lastId = 0;

  constructor(private readonly clock: () => number) {}

  all(): HookRec[] {
    return [...this.byId.values()].sort((a, b) => a.id - b.id);
  }

  get(id: number): HookRec | undefined {
    return this.byId.get(id);
  }

  /** Active hooks whose scope covers the event's. */
  matching(eventScope: string): HookRec[] {
    return this.all().filter((h) => h.isActive && scopeMatches(h.scope, eventScope));
  }

  create(f: HookFields & { scope: string; destination: string }): HookRec {
    this.checkScope(f.scope);
    this.checkDestination(f.destination);
    this.checkUnique(f.scope, f.destination, undefined);
    if (this.all().filter((h) => h.scope === f.scope).length >= MAX_HOOKS_PER_SCOPE)
      throw new HookError('scope', `at most ${MAX_HOOKS_PER_SCOPE} webhooks per scope`);
    const now = this.now();
    const rec: HookRec = {
      id: ++this.lastId,
      scope: f.scope,
      destination: f.destination,
      isActive: f.is_active ?? true,
      headers: f.headers ?? null,
      createdAt: now,
      updatedAt: now,
    };
    this.byId.set(rec.id, rec);
    return rec;
  }

  /** undefined when there is no such hook (→ 404) */
  update(id: number, f: HookFields): HookRec | undefined {
    const cur = this.byId.get(id);
    if (!cur) return undefined;
    const scope = f.scope ?? cur.scope;
    const destination = f.destination ?? cur.destination;
    if (f.scope !== undefined) this.checkScope(scope);
    if (f.destination !== undefined) this.checkDestination(destination);
    this.checkUnique(scope, destination, id);
    const next: HookRec = {
      ...cur,
      scope,
      destination,
      isActive: f.is_active ?? cur.isActive,
      headers: f.headers === undefined ? cur.headers : f.headers,
      updatedAt: this.now(),
    };
    this.byId.set(id, next);
    return next;
  }

  /** What the platform does after repeated failed deliveries: the hook stays, inactive. */
  deactivate(id: number): void {
    const cur = this.byId.get(id);
    if (cur?.isActive) this.byId.set(id, { ...cur, isActive: false, updatedAt: this.now() });
  }

  /** the deleted hook, or undefined when there was none */
  delete(id: number): HookRec | undefined {
    const cur = this.byId.get(id);
    this.byId.delete(id);
    return cur;
  }

  private now(): number {
    return Math.floor(this.clock() / 1000);
  }

  private checkScope(scope: string): void {
    if (!SCOPE.test(scope)) throw new HookError('scope', `"${scope}" is not a webhook scope (store/…)`);
  }

  private checkDestination(destination: string): void {
    let url: URL;
    try {
      url = new URL(destination);
    } catch {
      throw new HookError('destination', 'must be an absolute URL');
    }
    if (this.allowHttp && (url.protocol === 'http:' || url.protocol === 'https:')) return;
    if (url.protocol !== 'https:') throw new HookError('destination', 'must be an https URL');
    if (url.port !== '' && url.port !== '443')
      throw new HookError('destination', 'must be served on port 443; custom ports are not supported');
  }

  private checkUnique(scope: string, destination: string, self: number | undefined): void {
    const twin = this.all().find((h) => h.id !== self && h.scope === scope && h.destination === destination);
    if (twin)
      throw new HookError('destination', `a webhook for ${scope} to this destination already exists (id ${twin.id})`);
  }
}
