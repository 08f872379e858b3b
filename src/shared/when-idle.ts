/**
 * `run` once the main thread has nothing else to do, or after `timeout` ms at the latest; after a
 * short timer where the browser cannot tell (Safari has no requestIdleCallback). For work that is
 * not on screen yet: right after start-up a slow tablet is busy with the first screen, and work
 * piled onto it there makes long tasks (Lighthouse's total blocking time). Returns a cancel.
 */
export function whenIdle(run: () => void, timeout = 1000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(() => run(), { timeout });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(run, 50);
  return () => clearTimeout(id);
}
