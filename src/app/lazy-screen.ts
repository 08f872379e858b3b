import { createElement, lazy, type ComponentType } from 'react';

/**
 * React.lazy with a preload. A lazy component suspends the first time it renders even when its
 * chunk is already loaded, and React then holds the Suspense reveal for up to 300 ms (its fallback
 * throttle): long enough to delay the first QR or result screen. Once preloaded, this renders the
 * component directly, with no suspension at all.
 */
export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>) {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (pending ??= load().then((component) => {
      loaded = component;
      return component;
    }));
  const Lazy = lazy(() => preload().then((component) => ({ default: component })));
  function Screen(props: P) {
    return createElement(loaded ?? Lazy, props);
  }
  return Object.assign(Screen, { preload });
}
