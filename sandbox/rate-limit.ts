/** A rolling one-minute request budget per client address, like MixPay's 60 requests per minute. */

const WINDOW_MS = 60_000;

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until a request would be accepted again (0 when allowed). */
  retryAfterSeconds: number;
}

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  clear(): void {
    this.hits.clear();
  }

  private recent(client: string, nowMs: number): number[] {
    const list = (this.hits.get(client) ?? []).filter((at) => at > nowMs - WINDOW_MS);
    this.hits.set(client, list);
    return list;
  }

  /** Looks at the budget without spending it. */
  peek(client: string, nowMs: number, limit: number): RateDecision {
    const list = this.recent(client, nowMs);
    const allowed = list.length < limit;
    const oldest = list[0] ?? nowMs;
    return {
      allowed,
      limit,
      remaining: Math.max(0, limit - list.length),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((oldest + WINDOW_MS - nowMs) / 1000)),
    };
  }

  /** Spends one request when the budget allows it; refused requests cost nothing. */
  take(client: string, nowMs: number, limit: number): RateDecision {
    const decision = this.peek(client, nowMs, limit);
    if (!decision.allowed) return decision;
    this.hits.get(client)?.push(nowMs);
    return { ...decision, remaining: decision.remaining - 1 };
  }
}
