/** What the sandbox was asked, for tests to assert on (e.g. how often the app polled). */

export interface RequestLogEntry {
  at: number;
  method: string;
  /** Relative to `/sandbox`, e.g. `/v1/payments_result`. */
  path: string;
  query: Record<string, string>;
  /** HTTP status; 0 when the connection was dropped on purpose. */
  status: number;
  /** The envelope code for `/v1` answers, null otherwise. */
  code: number | null;
  client: string;
}

export interface RequestLogQuery {
  /** Exact path, or a prefix when it ends with `*`. */
  path?: string | undefined;
  since?: number | undefined;
  method?: string | undefined;
}

const MAX_ENTRIES = 10_000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  clear(): void {
    this.entries = [];
  }

  query(q: RequestLogQuery): RequestLogEntry[] {
    return this.entries.filter((e) => {
      if (q.path !== undefined) {
        const matches = q.path.endsWith('*') ? e.path.startsWith(q.path.slice(0, -1)) : e.path === q.path;
        if (!matches) return false;
      }
      if (q.since !== undefined && e.at < q.since) return false;
      return q.method === undefined || e.method === q.method.toUpperCase();
    });
  }
}
