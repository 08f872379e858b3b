import { useSyncExternalStore } from 'react';
import { subscribeJournal } from '@/journal/journal';

let journalVersion = 0;
const subscribeVersion = (cb: () => void) =>
  subscribeJournal(() => {
    journalVersion++;
    cb();
  });

/** Bumps whenever the journal changes (here or in another tab), so the queries that read it refetch. */
export function useJournalVersion() {
  return useSyncExternalStore(subscribeVersion, () => journalVersion);
}
