/**
 * Owner screens lock themselves: after `idleMs` without input (keys, taps, typing, scrolling) the
 * settings screen closes, and opening it again needs the PIN. Checked against the clock on every
 * timer tick rather than trusting one long timeout, so a tab that was asleep locks as soon as it
 * wakes.
 */
import { useEffect, useRef } from 'react';

export const SETTINGS_IDLE_LOCK_MS = 2 * 60_000;

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart', 'scroll'] as const;

/** Calls `onIdle` once after `idleMs` without activity on `target`. Returns a stop function. */
export function startIdleTimer({
  idleMs,
  onIdle,
  target = window,
  now = () => Date.now(),
}: {
  idleMs: number;
  onIdle: () => void;
  target?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  now?: () => number;
}): () => void {
  let last = now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    for (const type of ACTIVITY_EVENTS) target.removeEventListener(type, onActivity, true);
    target.removeEventListener('visibilitychange', check, true);
  };
  function check() {
    if (stopped) return;
    const left = last + idleMs - now();
    if (left <= 0) {
      stop();
      onIdle();
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(check, left);
  }
  function onActivity() {
    last = now();
  }

  for (const type of ACTIVITY_EVENTS) target.addEventListener(type, onActivity, true);
  target.addEventListener('visibilitychange', check, true);
  timer = setTimeout(check, idleMs);
  return stop;
}

/** React wrapper: while mounted, calls the latest `onIdle` after `idleMs` without input. */
export function useIdleLock(onIdle: () => void, idleMs = SETTINGS_IDLE_LOCK_MS) {
  const latest = useRef(onIdle);
  useEffect(() => {
    latest.current = onIdle;
  });
  useEffect(() => startIdleTimer({ idleMs, onIdle: () => latest.current() }), [idleMs]);
}
