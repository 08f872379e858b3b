/**
 * The charge on screen, read from the journal: the journal is its only copy, so a change made by
 * the poll, the late-payment watch or another tab shows here at once, and nothing on screen can
 * disagree with what a reload would find.
 */
import { useCallback, useEffect, useState } from 'react';
import { getCharge, subscribeJournal, type ChargeRecord } from '@/journal/journal-lazy';

export function useCurrentCharge(): [ChargeRecord | null, (charge: ChargeRecord | null) => void] {
  const [charge, setCharge] = useState<ChargeRecord | null>(null);
  const traceId = charge?.traceId ?? null;
  useEffect(() => {
    if (!traceId) return;
    let live = true;
    const reload = () =>
      void getCharge(traceId).then((stored) => {
        if (!live || !stored) return;
        setCharge((current) =>
          current?.traceId === traceId && current.updatedAt !== stored.updatedAt ? stored : current,
        );
      });
    reload();
    const unsubscribe = subscribeJournal(reload);
    return () => {
      live = false;
      unsubscribe();
    };
  }, [traceId]);
  return [charge, useCallback((next: ChargeRecord | null) => setCharge(next), [])];
}
