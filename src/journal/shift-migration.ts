/**
 * The journal's migration to version 3 for shift closes (journal.ts runs it once, right after the
 * upgrade, and loads this module only then): a close from before reports existed ({ closedAt }
 * only) gets the report of the charges created between the close before it and itself, from the
 * charges still in the journal, marked `rebuilt`. One transaction; a close that already has a
 * report is left alone.
 */
import type { ChargeRecord } from '@/lifecycle/charge-record';
import { buildShiftReport, type ShiftRecord, type ShiftReport } from './shift-report';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export async function migrateShiftReports(database: IDBDatabase): Promise<void> {
  const tx = database.transaction(['charges', 'shifts'], 'readwrite', { durability: 'strict' });
  const finished = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('Shift migration failed'));
    tx.onabort = () => reject(tx.error ?? new Error('Shift migration aborted'));
  });
  const shifts = tx.objectStore('shifts');
  const closes = (await request<ShiftRecord[]>(shifts.getAll())).sort((a, b) => a.closedAt - b.closedAt);
  if (closes.some((c) => !c.report)) {
    const charges = await request<ChargeRecord[]>(tx.objectStore('charges').index('createdAt').getAll());
    let openedAt = 0;
    for (const close of closes) {
      if (!close.report) {
        const report: ShiftReport = { ...buildShiftReport(charges, openedAt, close.closedAt), rebuilt: true };
        shifts.put({ closedAt: close.closedAt, report });
      }
      openedAt = close.closedAt;
    }
  }
  await finished;
}
