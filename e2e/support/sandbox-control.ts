/** Drives the sandbox's control API the way a paying customer (or a failing network) would. */
export class SandboxControl {
  constructor(private readonly origin: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(new URL(`sandbox/_control/${path}`, this.origin), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sandbox ${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  reset() {
    return this.call('POST', 'reset');
  }
  config(options: {
    rateLimitPerMinute?: number;
    confirmationIntervalMs?: number;
    priceWindowSeconds?: number;
    clockOffsetMs?: number;
  }) {
    return this.call('POST', 'config', options);
  }
  /** A customer opening the scanned link on their phone. */
  open(url: string) {
    return this.call<{ traceId: string }>('POST', 'open', { url });
  }
  pay(
    traceId: string,
    options: { quoteAmount?: string; paymentAssetId?: string; confirmations?: number; amount?: string } = {},
  ) {
    return this.call('POST', `payments/${encodeURIComponent(traceId)}/pay`, options);
  }
  fail(traceId: string, failureCode?: number) {
    return this.call(
      'POST',
      `payments/${encodeURIComponent(traceId)}/fail`,
      failureCode ? { failureCode } : {},
    );
  }
  wrongAsset(traceId: string) {
    return this.call('POST', `payments/${encodeURIComponent(traceId)}/wrong-asset`, {});
  }
  payment(traceId: string) {
    return this.call<Record<string, unknown>>('GET', `payments/${encodeURIComponent(traceId)}`);
  }
  /** Every payment the sandbox knows (one per traceId). */
  async payments() {
    return (await this.call<{ payments: Array<Record<string, unknown>> }>('GET', 'payments')).payments;
  }
  requests(path?: string) {
    return this.call<{
      requests: Array<{
        at: number;
        method: string;
        path: string;
        query: Record<string, string>;
        status: number;
        code?: number;
      }>;
    }>('GET', `requests${path ? `?path=${encodeURIComponent(path)}` : ''}`);
  }
  faults(rule: Record<string, unknown>) {
    return this.call('POST', 'faults', rule);
  }
  clearFaults() {
    return this.call('DELETE', 'faults');
  }
}
