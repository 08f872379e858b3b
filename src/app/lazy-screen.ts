import { createElement, useEffect, useReducer, useState, type ComponentType, type ReactNode } from 'react';

/**
 * A code-split screen with a preload, and no Suspense. React.lazy suspends on first render even
 * when the chunk is nearly there, and React then holds the Suspense reveal for up to 300 ms (its
 * fallback throttle): long enough to delay the first QR or result screen. This renders a fallback
 * until the chunk has arrived, then the screen at once; once preloaded, the screen directly.
 */
export function lazyScreen<P extends object>(
  load: () => Promise<ComponentType<P>>,
  fallback: ReactNode = null,
) {
  let loaded: ComponentType<P> | null = null;
  let failed: unknown = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (pending ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        failed = error;
        pending = null; // a later attempt may succeed (network back)
        throw error;
      },
    ));

  function Screen(props: P) {
    const [, rerender] = useReducer((n: number) => n + 1, 0);
    // Whether the first render had the screen. A preload that lands between that render (the
    // fallback) and this effect has nobody to re-render for it: the QR screen stayed on "Loading…"
    // after a reload in about one run in twenty of the reload e2e tests.
    const [renderedLoaded] = useState(() => loaded !== null);
    useEffect(() => {
      if (loaded) {
        if (!renderedLoaded) rerender();
        return;
      }
      preload().then(rerender, rerender);
    }, [renderedLoaded]);
    if (loaded) return createElement(loaded, props);
    if (failed) {
      const error = failed;
      failed = null;
      throw error; // to the error boundary, which offers a reload
    }
    return fallback;
  }
  return Object.assign(Screen, { preload });
}
