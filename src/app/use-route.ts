/**
 * The address bar and the history stack for the app shell (see ./routes.ts for the paths and the
 * stack's shape), on the History API alone. The shell decides what is on screen; this hook keeps
 * the URL in step with it and tells the shell when back (or forward) moved the URL under it.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  entryKindOf,
  formatRoute,
  KEYPAD,
  openStep,
  parseRoute,
  startupSteps,
  type EntryState,
  type HistoryStep,
  type Route,
} from './routes';

const BASE = import.meta.env.BASE_URL;
/** A back() the app asked for is ours until its popstate comes (or this long, if it never does). */
const BACK_PENDING_MS = 2000;

const kindNow = () => entryKindOf(window.history.state);
const pathNow = () => window.location.pathname;

function apply(step: HistoryStep) {
  const state: EntryState = { mixpayPos: step.kind };
  const url = formatRoute(step.route, BASE) + window.location.search;
  if (step.op === 'push') window.history.pushState(state, '', url);
  else window.history.replaceState(state, '', url);
}

let started = false;
/** Once per page: the keypad goes under whatever URL the page was opened on (routes.ts). */
function startHistory(): string {
  if (!started) {
    started = true;
    for (const step of startupSteps(kindNow(), pathNow(), BASE)) apply(step);
  }
  return pathNow();
}

/** The screen a URL opened on, before React renders (the startup reads use it). */
export function routeAtStart(): Route {
  return parseRoute(window.location.pathname, BASE);
}

/**
 * Before a reload the app does itself (a new API address): it comes back on the keypad, as it
 * always has, not on the Settings screen the owner saved from.
 */
export function keypadBeforeReload() {
  const state: EntryState = { mixpayPos: kindNow() === 'guard' ? 'guard' : 'home' };
  window.history.replaceState(state, '', formatRoute(KEYPAD, BASE) + window.location.search);
}

export interface Navigation {
  /** What the URL says is on screen. */
  route: Route;
  /** Shows a screen: pushed on the keypad, or in place of the screen that is up. */
  open(route: Route): void;
  /** Back to the keypad: pops the screen's entry (so forward/back stay a short, tidy stack). */
  home(): void;
}

/**
 * `onPop`: back or forward moved the URL to `next` (not the app's own home()). The shell decides:
 * it may show that screen, or put its own URL back (an open charge is never left without asking).
 */
export function useRoute(onPop: (next: Route) => void): Navigation {
  const [path, setPath] = useState(startHistory);
  const onPopRef = useRef(onPop);
  useEffect(() => {
    onPopRef.current = onPop;
  });
  // A back() of the app's own (home()), and a screen to open once it has landed.
  const backSince = useRef(0);
  const queued = useRef<Route | null>(null);

  useEffect(() => {
    const onPopState = () => {
      // Back onto the guard under the keypad: the keypad goes on top again (the till stays open).
      if (kindNow() === 'guard') apply({ op: 'push', kind: 'home', route: KEYPAD });
      const ours = Date.now() - backSince.current < BACK_PENDING_MS;
      backSince.current = 0;
      const next = queued.current;
      queued.current = null;
      if (ours && next) apply(openStep(kindNow(), next));
      setPath(pathNow());
      if (!ours) onPopRef.current(parseRoute(pathNow(), BASE));
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  const home = useCallback(() => {
    queued.current = null;
    if (Date.now() - backSince.current < BACK_PENDING_MS) return;
    if (kindNow() === 'screen') {
      backSince.current = Date.now();
      window.history.back();
      return;
    }
    const kind = kindNow() ?? 'home';
    apply({ op: 'replace', kind, route: KEYPAD });
    setPath(pathNow());
  }, []);

  const open = useCallback(
    (route: Route) => {
      if (route.screen === 'keypad') return home();
      if (Date.now() - backSince.current < BACK_PENDING_MS) {
        queued.current = route;
        return;
      }
      if (formatRoute(route, BASE) === pathNow()) return;
      apply(openStep(kindNow(), route));
      setPath(pathNow());
    },
    [home],
  );

  const route = useMemo(() => parseRoute(path, BASE), [path]);
  return useMemo(() => ({ route, open, home }), [route, open, home]);
}
