/**
 * Connections only to the configured MixPay API. index.html carries a build-time policy (scripts
 * only from the app itself; see vite.config.ts); once the owner's settings are loaded, a second
 * policy narrows connect-src to the API's origin. Policies only ever tighten, so a changed API URL
 * takes effect after a reload (the settings screen does it; no charge is open there).
 */
let appliedOrigin: string | null = null;

/** Returns true when the page already enforces another origin and must reload to switch. */
export function restrictConnectionsTo(apiUrl: string): boolean {
  if (import.meta.env.DEV) return false; // Vite's dev server needs its own HMR socket.
  const origin = new URL(apiUrl).origin;
  if (appliedOrigin !== null) return appliedOrigin !== origin;
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = `connect-src ${origin}`;
  document.head.append(meta);
  appliedOrigin = origin;
  return false;
}
