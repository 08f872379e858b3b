/**
 * Connections only to the configured MixPay API (and the shop ledger, when one is set). index.html
 * carries a build-time policy (scripts only from the app itself; see vite.config.ts); once the
 * owner's settings are loaded, a second policy narrows connect-src to the API's origin and the
 * ledger's. Policies only ever tighten, so a new API or ledger origin takes effect after a reload
 * (the app shell does it when no charge is open); a ledger removed narrows it again at once.
 */
/** What the page's policies let through now (each added policy only narrows it). */
let allowed: Set<string> | null = null;

/**
 * Returns true when the page must reload to connect to one of these origins (its policy does not
 * let it through); fewer origins than before are narrowed to without a reload.
 */
export function restrictConnectionsTo(apiUrl: string, ledgerUrl?: string): boolean {
  if (import.meta.env.DEV) return false; // Vite's dev server needs its own HMR socket.
  const origins = new Set([apiUrl, ledgerUrl ?? apiUrl].map((url) => new URL(url).origin));
  if (allowed && [...origins].some((origin) => !allowed!.has(origin))) return true;
  if (allowed && allowed.size === origins.size) return false;
  const meta = document.createElement('meta');
  // eslint-disable-next-line lingui/no-unlocalized-strings -- a header name for the browser, not text
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = `connect-src ${[...origins].join(' ')}`;
  document.head.append(meta);
  allowed = origins;
  return false;
}
