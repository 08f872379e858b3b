/**
 * "Test ledger" in settings: one GET of the ledger's database URL with the user and password, and
 * a plain answer to what is wrong when something is.
 *
 * Network: this and PouchDB's HTTP adapter (./replicator.ts) are the only code that calls the
 * ledger, the shop's own CouchDB server; src/mixpay/client.ts stays the only code that calls
 * MixPay. The password goes in a Basic Authorization header, never in the URL; `credentials:
 * 'omit'` so the browser keeps no CouchDB cookie.
 *
 * A browser says nothing about why a cross-origin request failed: a server that is down and a
 * server that does not allow this origin (CORS) both end in a TypeError. So after such a failure a
 * second, `no-cors` request is made: when that one gets through, the server is there and it is
 * CORS that refused (or, in the app, the page's connect-src, which admits the configured ledger).
 */
import { plural, t } from '@lingui/core/macro';
import { basicAuthorization, ledgerUrlProblem, normalizeLedgerUrl, type LedgerConfig } from './ledger-config';

export type LedgerTestOutcome =
  | 'ok'
  | 'invalid'
  | 'unreachable'
  | 'cors'
  | 'refused'
  | 'forbidden'
  | 'no-database'
  | 'not-couchdb'
  | 'server-error'
  | 'timeout';

export interface LedgerTestResult {
  ok: boolean;
  outcome: LedgerTestOutcome;
  /** What the settings screen shows. */
  message: string;
  /** Documents in the database, when it answered. */
  docCount?: number;
}

export interface LedgerTestOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** The app's origin, for the CORS message (default: the page's). */
  appOrigin?: string;
}

function result(outcome: LedgerTestOutcome, message: string, docCount?: number): LedgerTestResult {
  const out: LedgerTestResult = { ok: outcome === 'ok', outcome, message };
  if (docCount !== undefined) out.docCount = docCount;
  return out;
}

export async function testLedger(
  config: LedgerConfig,
  options: LedgerTestOptions = {},
): Promise<LedgerTestResult> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const url = normalizeLedgerUrl(config.url);
  const problem = ledgerUrlProblem(url);
  if (problem) return result('invalid', problem);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response: Response;
  try {
    response = await doFetch(url, {
      method: 'GET',
      headers: {
        Accept: 'application/json',
        Authorization: basicAuthorization(config.user, config.password),
      },
      credentials: 'omit',
      cache: 'no-store',
      signal: controller.signal,
    });
  } catch (error) {
    if (controller.signal.aborted) {
      const seconds = Math.round(timeoutMs / 1000);
      return result('timeout', t`The ledger did not answer within ${seconds} s`);
    }
    void error;
    if (await reachableWithoutCors(doFetch, url)) {
      const origin = options.appOrigin ?? globalThis.location?.origin ?? t`this app’s address`;
      return result(
        'cors',
        t`The ledger answered but does not allow this app (CORS): add ${origin} to its allowed origins`,
      );
    }
    return result('unreachable', t`Cannot reach the ledger: check the URL and the network`);
  } finally {
    clearTimeout(timer);
  }
  const status = response.status;
  if (status === 401) return result('refused', t`The ledger refused the user name or password`);
  if (status === 403) return result('forbidden', t`This user may not use this database (make it a member)`);
  if (status === 404) return result('no-database', t`The ledger has no such database: create it first`);
  if (status >= 500) return result('server-error', t`The ledger had an error (HTTP ${status})`);
  if (!response.ok) return result('not-couchdb', t`The ledger answered HTTP ${status}`);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const info = body as { db_name?: unknown; doc_count?: unknown } | null;
  if (!info || typeof info.db_name !== 'string') {
    return result('not-couchdb', t`That URL is not a CouchDB database (no database information came back)`);
  }
  const count = typeof info.doc_count === 'number' ? info.doc_count : undefined;
  const name = info.db_name;
  return result(
    'ok',
    count !== undefined
      ? plural(count, {
          one: `Ledger OK: database “${name}”, # document`,
          other: `Ledger OK: database “${name}”, # documents`,
        })
      : t`Ledger OK: database “${name}”`,
    count,
  );
}

async function reachableWithoutCors(doFetch: typeof fetch, url: string): Promise<boolean> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5_000);
  try {
    await doFetch(url, {
      method: 'GET',
      mode: 'no-cors',
      credentials: 'omit',
      cache: 'no-store',
      signal: controller.signal,
    });
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
