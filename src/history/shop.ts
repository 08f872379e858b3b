/**
 * History's shop views ("All tills"), when the tills of a shop share a ledger: the tills' names and
 * shift closes come from the running replicator (its mirror of the ledger); the charges themselves
 * are in this till's journal, where the replicator puts every till's sales.
 */
import { useEffect, useState } from 'react';
import { forEachCharge, lastShiftClose, type CurrencyReport } from '@/journal/journal';
import { ShiftReportBuilder } from '@/journal/shift-report';
import { loadLedger, type ShiftDoc, type TillDoc } from '@/ledger';

export interface ShopView {
  /** Whether this tab runs the replicator (another tab of the device may: then nothing is known here). */
  running: boolean;
  tills: TillDoc[];
  /** Every till's shift closes, newest first. */
  shifts: ShiftDoc[];
}

export async function readShop(): Promise<ShopView> {
  const ledger = (await loadLedger()).currentLedger();
  if (!ledger) return { running: false, tills: [], shifts: [] };
  const [tills, shifts] = await Promise.all([ledger.tills(), ledger.shifts()]);
  return { running: true, tills, shifts };
}

/**
 * Bumps when another till's card (a new name) or shift close arrives, so the shop views read them
 * again (the journal's own version covers the charges).
 */
export function useShopChanges(enabled: boolean, journalVersion: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    let stops: Array<() => void> = [];
    void loadLedger().then((m) => {
      const ledger = m.currentLedger();
      if (!live || !ledger) return;
      const bump = () => setTick((t) => t + 1);
      stops = [ledger.onTillsChanged(bump), ledger.onShiftsChanged(bump)];
    });
    return () => {
      live = false;
      for (const stop of stops) stop();
    };
    // Subscribed again as the journal changes: the replicator may have (re)started meanwhile.
  }, [enabled, journalVersion]);
  return tick;
}

/** When each till's current shift opened: its last close (this till's from its own journal). */
export function shiftStarts(ownTillId: string, ownLastClose: number, shifts: readonly ShiftDoc[]) {
  const starts = new Map<string, number>();
  for (const s of shifts) starts.set(s.tillId, Math.max(starts.get(s.tillId) ?? 0, s.closedAt));
  starts.set(ownTillId, ownLastClose);
  return starts;
}

/**
 * The shop's open shifts added up: every till's charges since that till's last close (a charge
 * without a till is this till's; a till with no close counts from its first charge).
 */
export async function shopShiftTotals(
  ownTillId: string,
  shifts: readonly ShiftDoc[],
): Promise<{ totals: CurrencyReport[]; count: number; since: number }> {
  const starts = shiftStarts(ownTillId, (await lastShiftClose()) ?? 0, shifts);
  const builder = new ShiftReportBuilder();
  await forEachCharge({ from: 0 }, (c) => {
    if (c.createdAt >= (starts.get(c.tillId ?? ownTillId) ?? 0)) builder.add(c);
  });
  const report = builder.build(0, Date.now());
  return { totals: report.currencies, count: report.count, since: Math.min(...starts.values()) };
}
