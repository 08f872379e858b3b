/**
 * The app's screens as URLs, so the browser's (and Android's) back button moves between screens
 * instead of leaving the app. Pure: paths in, routes out, and the plan for the history stack; the
 * History API itself is driven by ./use-route.ts. No router library: four paths do not need one.
 *
 *   /                  the keypad
 *   /history           History
 *   /settings          Owner settings (behind the PIN, as before)
 *   /charge/<traceId>  one charge: its QR while open, its result once it has ended
 *
 * The history stack is at most three entries deep, all on this page:
 *   guard (/)  →  home (/)  →  screen (/history, /settings or /charge/…)
 * The keypad is the base; a screen always sits on it, so back from any screen lands on the keypad.
 * The guard under the keypad takes one back press at the keypad, so a cashier tapping back once
 * too often stays in the till (the app puts the keypad back on top of it).
 */

export type Route =
  | { screen: 'keypad' }
  | { screen: 'history' }
  | { screen: 'settings' }
  | { screen: 'charge'; traceId: string };

export const KEYPAD: Route = { screen: 'keypad' };

/** Which of the app's own entries a history entry is (its `history.state`). */
export type EntryKind = 'guard' | 'home' | 'screen';

/** What the app keeps in `history.state`; anything else there is not the app's. */
export interface EntryState {
  mixpayPos: EntryKind;
}

// Trace ids are UUIDs the app makes; anything else in a charge path is not a charge of this till.
const TRACE_ID = /^[A-Za-z0-9-]{8,64}$/;

/** The base path the app is served under (Vite's `base`), always with a trailing slash. */
function withSlash(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}

/**
 * The route a path shows. Anything unknown is the keypad (the caller puts the canonical path in
 * the address bar): an old bookmark or a mistyped path never shows an error page at a counter.
 */
export function parseRoute(pathname: string, base = '/'): Route {
  const root = withSlash(base);
  let rest: string;
  if (pathname.startsWith(root)) rest = pathname.slice(root.length);
  else if (`${pathname}/` === root) rest = '';
  else return KEYPAD;
  const parts = rest.split('/').filter(Boolean);
  if (parts.length === 1 && parts[0] === 'history') return { screen: 'history' };
  if (parts.length === 1 && parts[0] === 'settings') return { screen: 'settings' };
  if (parts.length === 2 && parts[0] === 'charge') {
    let traceId: string;
    try {
      traceId = decodeURIComponent(parts[1]);
    } catch {
      return KEYPAD;
    }
    if (TRACE_ID.test(traceId)) return { screen: 'charge', traceId };
  }
  return KEYPAD;
}

/** The path of a route (the canonical one: parseRoute(formatRoute(r)) is r). */
export function formatRoute(route: Route, base = '/'): string {
  const root = withSlash(base);
  switch (route.screen) {
    case 'keypad':
      return root;
    case 'history':
      return `${root}history`;
    case 'settings':
      return `${root}settings`;
    case 'charge':
      return `${root}charge/${encodeURIComponent(route.traceId)}`;
  }
}

export function sameRoute(a: Route, b: Route): boolean {
  return formatRoute(a) === formatRoute(b);
}

export function chargeRoute(traceId: string): Route {
  return { screen: 'charge', traceId };
}

/** The app's entry kind in a `history.state`, or undefined for an entry the app has not marked. */
export function entryKindOf(state: unknown): EntryKind | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const kind = (state as Partial<EntryState>).mixpayPos;
  return kind === 'guard' || kind === 'home' || kind === 'screen' ? kind : undefined;
}

export type HistoryStep = { op: 'replace' | 'push'; kind: EntryKind; route: Route };

/**
 * What to do to the history stack when the page starts (a first visit, a link, a reload):
 * - an entry the app has not marked (first load, typed or shared URL): the keypad goes under
 *   it (guard, home), and the URL's screen on top, so back from a deep-loaded /history lands on
 *   the keypad;
 * - the guard (a reload after backing onto it): the keypad goes back on top;
 * - a home or screen entry (a reload): the stack is already there, only the path is made
 *   canonical when it is not.
 */
export function startupSteps(kind: EntryKind | undefined, pathname: string, base = '/'): HistoryStep[] {
  const route = parseRoute(pathname, base);
  const canonical = formatRoute(route, base) === pathname;
  if (kind === undefined) {
    const steps: HistoryStep[] = [
      { op: 'replace', kind: 'guard', route: KEYPAD },
      { op: 'push', kind: 'home', route: KEYPAD },
    ];
    if (route.screen !== 'keypad') steps.push({ op: 'push', kind: 'screen', route });
    return steps;
  }
  if (kind === 'guard') {
    const steps: HistoryStep[] = [{ op: 'push', kind: 'home', route: KEYPAD }];
    if (!canonical || route.screen !== 'keypad')
      steps.unshift({ op: 'replace', kind: 'guard', route: KEYPAD });
    return steps;
  }
  if (kind === 'home' && route.screen !== 'keypad') {
    // A keypad entry with another path (not something the app writes): a screen on the keypad.
    return [
      { op: 'replace', kind: 'home', route: KEYPAD },
      { op: 'push', kind: 'screen', route },
    ];
  }
  if (kind === 'screen' && route.screen === 'keypad') {
    return [{ op: 'replace', kind: 'home', route: KEYPAD }];
  }
  return canonical ? [] : [{ op: 'replace', kind, route }];
}

/** Opening a screen: pushed on the keypad, or in place of the screen that is up (never deeper). */
export function openStep(kind: EntryKind | undefined, route: Route): HistoryStep {
  if (route.screen === 'keypad') return { op: 'replace', kind: 'home', route };
  return kind === 'screen' ? { op: 'replace', kind: 'screen', route } : { op: 'push', kind: 'screen', route };
}
