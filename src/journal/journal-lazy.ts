/**
 * The journal for what is on screen at start-up (the app shell, the late-payment alert, the charge
 * on screen): the same functions, with the journal (and the lifecycle it runs) a download of its
 * own, fetched at once at start-up in parallel with the first render, so it is not part of the
 * first download. Screens loaded later import @/journal/journal directly.
 */
import type { ChargeEvent } from '@/lifecycle/lifecycle';
import type { Applied, ChargeRecord } from './journal';

export type { Applied, ChargeRecord };

type Journal = typeof import('./journal');

/** The module, fetched once (again after a failed download: the network may be back). */
const journal = (() => {
  let loading: Promise<Journal> | null = null;
  return () =>
    (loading ??= import('./journal').catch((error: unknown) => {
      loading = null;
      throw error;
    }));
})();

export const loadJournal = journal;

export async function applyChargeEvent(traceId: string, event: ChargeEvent): Promise<Applied> {
  return (await journal()).applyChargeEvent(traceId, event);
}

export async function getCharge(traceId: string): Promise<ChargeRecord | undefined> {
  return (await journal()).getCharge(traceId);
}

export async function unacknowledgedLatePayments(): Promise<ChargeRecord[]> {
  return (await journal()).unacknowledgedLatePayments();
}

/** As the journal's: `listener` runs on every change here or in another tab, from when it has loaded. */
export function subscribeJournal(listener: () => void): () => void {
  let unsubscribe: (() => void) | null = null;
  let cancelled = false;
  journal().then(
    (j) => {
      if (!cancelled) unsubscribe = j.subscribeJournal(listener);
    },
    () => undefined, // nothing to follow without the journal; the screens say why
  );
  return () => {
    cancelled = true;
    unsubscribe?.();
  };
}
