/**
 * The shop ledger's connection settings: a CouchDB database URL, a user and a password. Pure; the
 * settings feature stores them (and nothing else ever does: they are never replicated, never put
 * in a URL, never in a backup).
 *
 * The URL names the database itself (`https://couch.example.com/shop-ledger`, or behind a proxy
 * `https://example.com/couchdb/shop-ledger`). HTTPS is required except on this device (localhost,
 * 127.0.0.1, [::1]), so a password never crosses a network in the clear. No user name or password
 * in the URL (they have their own fields), no `?` or `#` part.
 */
import { t } from '@lingui/core/macro';
import * as v from 'valibot';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** CouchDB's rule for database names. */
const DB_NAME_RE = /^[a-z][a-z0-9_$()+/-]*$/;

export const LEDGER_USER_MAX = 100;
export const LEDGER_PASSWORD_MAX = 256;

/** The URL as it is stored and used: trimmed, no trailing slash. */
export function normalizeLedgerUrl(value: string): string {
  return value.trim().replace(/\/+$/, '');
}

/** Why a ledger URL is refused, or null when it is fine (checked on the normalized value). */
export function ledgerUrlProblem(value: string): string | null {
  const text = normalizeLedgerUrl(value);
  if (!text) return t`Enter the ledger database URL`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return t`Must be an http(s) URL`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return t`Must be an http(s) URL`;
  // The URL parser forgets an empty "?" or "#", so look at the text as typed.
  if (text.includes('?') || text.includes('#')) return t`No ? or # part allowed`;
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/]*)/i.exec(text)?.[1] ?? '';
  if (url.username || url.password || authority.includes('@')) {
    return t`No user name or password in the URL (use the fields below)`;
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return t`Must use https (http only for localhost)`;
  }
  const segments = url.pathname.split('/').filter(Boolean);
  if (!segments.length) return t`Add the database name (https://host/database)`;
  const name = decodeURIComponent(segments[segments.length - 1]);
  if (name.startsWith('_')) return t`Not a database name (it starts with _)`;
  if (!DB_NAME_RE.test(name)) {
    return t`Not a CouchDB database name (lower-case letters, digits and _$()+-/, starting with a letter)`;
  }
  return null;
}

export function ledgerUserProblem(value: string): string | null {
  if (!value.trim()) return t`Enter the ledger user`;
  if (value !== value.trim()) return t`No spaces before or after the user name`;
  if (value.includes(':')) return t`A user name cannot contain ":"`;
  const max = LEDGER_USER_MAX;
  if (value.length > max) return t`At most ${max} characters`;
  return null;
}

export function ledgerPasswordProblem(value: string): string | null {
  if (!value) return t`Enter the ledger password`;
  const max = LEDGER_PASSWORD_MAX;
  if (value.length > max) return t`At most ${max} characters`;
  return null;
}

function checked(problem: (value: string) => string | null) {
  return v.pipe(
    v.string(),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const message = problem(dataset.value);
      if (message) addIssue({ message });
    }),
  );
}

/** What is stored: the URL already normalized (see normalizeLedgerUrl). */
export const LedgerConfigSchema = v.object({
  url: v.pipe(
    checked(ledgerUrlProblem),
    v.check(
      (value) => value === normalizeLedgerUrl(value),
      () => t`Not normalized (spaces or a trailing /)`,
    ),
  ),
  user: checked(ledgerUserProblem),
  password: checked(ledgerPasswordProblem),
});
export type LedgerConfig = v.InferOutput<typeof LedgerConfigSchema>;

/** No ledger: the setting's value when the shop has none (the app then loads none of it). */
export const OptionalLedgerConfigSchema = v.nullable(LedgerConfigSchema);

export type LedgerField = keyof LedgerConfig;
export type LedgerConfigResult =
  { ok: true; config: LedgerConfig } | { ok: false; problems: Partial<Record<LedgerField, string>> };

/** The form's values → a config to store (URL normalized), or a message per field. */
export function parseLedgerConfig(input: {
  url: string;
  user: string;
  password: string;
}): LedgerConfigResult {
  const candidate = { url: normalizeLedgerUrl(input.url), user: input.user, password: input.password };
  const problems: Partial<Record<LedgerField, string>> = {};
  const url = ledgerUrlProblem(candidate.url);
  const user = ledgerUserProblem(candidate.user);
  const password = ledgerPasswordProblem(candidate.password);
  if (url) problems.url = url;
  if (user) problems.user = user;
  if (password) problems.password = password;
  return url || user || password ? { ok: false, problems } : { ok: true, config: candidate };
}

/** The ledger's origin, for the page's connect-src (src/app/content-security.ts). */
export function ledgerOrigin(config: Pick<LedgerConfig, 'url'>): string {
  return new URL(config.url).origin;
}

/** The database's name: the URL's last path segment. */
export function ledgerDbName(config: Pick<LedgerConfig, 'url'>): string {
  const segments = new URL(config.url).pathname.split('/').filter(Boolean);
  return decodeURIComponent(segments[segments.length - 1] ?? '');
}

/** `Basic base64(user:password)`, UTF-8 (btoa alone fails on non-Latin-1 passwords). */
export function basicAuthorization(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  // eslint-disable-next-line lingui/no-unlocalized-strings -- an HTTP header value, not text
  return `Basic ${btoa(binary)}`;
}

/** The same connection (URL, user and password): a running replicator need not restart. */
export function sameLedger(a: LedgerConfig | null, b: LedgerConfig | null): boolean {
  return !!a && !!b && a.url === b.url && a.user === b.user && a.password === b.password;
}
