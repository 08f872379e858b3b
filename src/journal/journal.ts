/**
 * The charge journal: the only code that writes charges. Each charge is stored in IndexedDB before
 * its QR code is shown and updated on every state change, so a reload or a crash mid-charge can
 * reopen the same charge (same traceId) and keep polling instead of creating a second payment.
 *
 * Raw IndexedDB (not idb-keyval) because history needs indexes: newest-first paging by createdAt
 * and quick lookups of charges that are still open.
 */
import type { ChargeRecord, ChargeStatus } from '@/lifecycle/charge-record';
import { transition, watchUntilOf, type ChargeEvent } from '@/lifecycle/lifecycle';
import { mergeCharge, sameChargeRecord } from '@/lifecycle/merge';
import { isOwnCharge } from '@/lifecycle/tills';
import type { ShiftRecord } from './shift-report';

export type {
  ChargeRecord,
  ChargeStatus,
  LinkMode,
  ResultSnapshot,
  SaleAdjustment,
  SaleLine,
  WalletMode,
} from '@/lifecycle/charge-record';
export { isStorageFullError } from './storage-errors';
export type { CurrencyReport, PaymentAssetTotal, ShiftRecord, ShiftReport } from './shift-report';

function withIndexKeys(c: ChargeRecord): ChargeRecord {
  const { watchUntil: _w, lateAlert: _l, ...rest } = c;
  const out: ChargeRecord = rest;
  const watchUntil = watchUntilOf(c);
  if (watchUntil !== undefined) out.watchUntil = watchUntil;
  if (c.latePayment && !c.latePayment.acknowledged) out.lateAlert = 1;
  return out;
}

const DB_NAME = 'mixpay-pos-journal';
const STORE = 'charges';
/**
 * Shift closes keyed by closedAt: { closedAt, report } (the report since version 3; closes from
 * before it get theirs from the migration below).
 */
const SHIFTS = 'shifts';
const DB_VERSION = 4;
let dbPromise: Promise<IDBDatabase> | null = null;
/** Set while closes from before version 3 are given their reports (./shift-migration.ts). */
let shiftMigration: Promise<void> | null = null;
const listeners = new Set<() => void>();
/** Other tabs of the app on this device hear of every write too (their screens read the journal). */
let channel: BroadcastChannel | null = null;
function otherTabs(): BroadcastChannel | null {
  if (!channel && typeof BroadcastChannel !== 'undefined') {
    channel = new BroadcastChannel('mixpay-pos-journal');
    channel.onmessage = () => notifyHere();
  }
  return channel;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    // The failing request's error bubbles here; tx.error may still be null at this point.
    tx.onerror = (event) =>
      reject((event.target as IDBRequest | null)?.error ?? tx.error ?? new Error('Journal write failed'));
    tx.onabort = () => reject(tx.error ?? new Error('Journal transaction aborted'));
  });
}

function db(): Promise<IDBDatabase> {
  dbPromise ??= new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, DB_VERSION);
    let migrateShifts = false;
    open.onupgradeneeded = (event) => {
      const database = open.result;
      if (event.oldVersion < 1) {
        const store = database.createObjectStore(STORE, { keyPath: 'traceId' });
        store.createIndex('createdAt', 'createdAt');
        store.createIndex('status', 'status');
        database.createObjectStore(SHIFTS, { keyPath: 'closedAt' });
      }
      if (event.oldVersion < 2) {
        // Sparse indexes: only rows that carry the key are in them.
        const store = open.transaction!.objectStore(STORE);
        store.createIndex('watchUntil', 'watchUntil');
        store.createIndex('lateAlert', 'lateAlert');
      }
      if (event.oldVersion < 3) {
        // Itemised sales: charges made from another one ("Charge the difference", "Charge again")
        // are found from it. Records from before keep their shape: saleOf (src/lifecycle/sale.ts)
        // reads one without items as one item of its quote amount.
        open.transaction!.objectStore(STORE).createIndex('linkedTo', 'linkedTo.traceId');
        // Shift closes from before reports existed get theirs once the database is open.
        migrateShifts = event.oldVersion >= 1;
      }
      if (event.oldVersion < 4) {
        // The shop ledger (src/ledger) looks for what changed lately: chargesUpdatedSince.
        open.transaction!.objectStore(STORE).createIndex('updatedAt', 'updatedAt');
      }
    };
    open.onsuccess = () => {
      const database = open.result;
      // Another tab's upgrade closes this connection: the next call opens the new version.
      database.onversionchange = () => {
        database.close();
        dbPromise = null;
      };
      if (migrateShifts) {
        // Loaded only when there is something to migrate.
        shiftMigration = import('./shift-migration')
          .then((m) => m.migrateShiftReports(database))
          .catch((error: unknown) => console.error('Shift reports could not be rebuilt', error));
      }
      resolve(database);
    };
    open.onerror = () => reject(open.error);
  });
  return dbPromise;
}

function notifyHere() {
  for (const listener of listeners) listener();
}

function notify() {
  notifyHere();
  otherTabs()?.postMessage('changed');
}

export function subscribeJournal(listener: () => void): () => void {
  otherTabs();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Durably stores a new charge; resolves only once the transaction has committed. */
export async function recordCharge(charge: ChargeRecord): Promise<void> {
  const tx = (await db()).transaction(STORE, 'readwrite', { durability: 'strict' });
  tx.objectStore(STORE).add(withIndexKeys(charge));
  await done(tx);
  notify();
}

/** What a transition did: the record before and after (the same object when nothing changed). */
export interface Applied {
  before: ChargeRecord;
  after: ChargeRecord;
}

/**
 * Applies a lifecycle event to a stored charge in one read-modify-write transaction, so two tabs
 * (or the poll and the late-payment watch) never overwrite each other's change. The lifecycle
 * decides the change; a record it leaves alone is not written.
 */
export async function applyChargeEvent(traceId: string, event: ChargeEvent): Promise<Applied> {
  return updateCharge(traceId, (current) => transition(current, event));
}

async function updateCharge(
  traceId: string,
  change: (current: ChargeRecord) => ChargeRecord,
): Promise<Applied> {
  const tx = (await db()).transaction(STORE, 'readwrite', { durability: 'strict' });
  const store = tx.objectStore(STORE);
  const current = await request<ChargeRecord | undefined>(store.get(traceId));
  if (!current) throw new Error(`No charge ${traceId} in the journal`);
  const changed = change(current);
  if (changed === current) {
    await done(tx);
    return { before: current, after: current };
  }
  const next = withIndexKeys({ ...changed, traceId, updatedAt: Date.now() });
  store.put(next);
  await done(tx);
  notify();
  return { before: current, after: next };
}

export async function getCharge(traceId: string): Promise<ChargeRecord | undefined> {
  const tx = (await db()).transaction(STORE, 'readonly');
  return request<ChargeRecord | undefined>(tx.objectStore(STORE).get(traceId));
}

export async function chargesWithStatus(...statuses: ChargeStatus[]): Promise<ChargeRecord[]> {
  const tx = (await db()).transaction(STORE, 'readonly');
  const index = tx.objectStore(STORE).index('status');
  const lists = await Promise.all(statuses.map((s) => request<ChargeRecord[]>(index.getAll(s))));
  return lists.flat().sort((a, b) => b.createdAt - a.createdAt);
}

/** Cancelled or expired charges that MixPay could still report paid (see LATE_GRACE_S). */
export async function chargesToWatch(nowMs = Date.now()): Promise<ChargeRecord[]> {
  const tx = (await db()).transaction(STORE, 'readonly');
  const index = tx.objectStore(STORE).index('watchUntil');
  return request<ChargeRecord[]>(index.getAll(IDBKeyRange.lowerBound(Math.floor(nowMs / 1000), true)));
}

/** Late payments the cashier has not dismissed yet, newest first. */
export async function unacknowledgedLatePayments(): Promise<ChargeRecord[]> {
  const tx = (await db()).transaction(STORE, 'readonly');
  const rows = await request<ChargeRecord[]>(tx.objectStore(STORE).index('lateAlert').getAll());
  return rows.sort((a, b) => b.createdAt - a.createdAt);
}

/**
 * Newest first, `limit` at a time. `before` pages on (createdAt of the last row shown);
 * `from`/`to` bound createdAt (ms, inclusive from, exclusive to); `filter` keeps only the rows it
 * accepts (one till's charges, say), still `limit` of them.
 */
export async function listCharges(options: {
  limit: number;
  before?: number;
  from?: number;
  to?: number;
  filter?: (c: ChargeRecord) => boolean;
}): Promise<ChargeRecord[]> {
  const upper = Math.min(options.before ?? Infinity, options.to ?? Infinity);
  const lower = options.from ?? -Infinity;
  const range =
    upper === Infinity && lower === -Infinity
      ? null
      : upper === Infinity
        ? IDBKeyRange.lowerBound(lower)
        : lower === -Infinity
          ? IDBKeyRange.upperBound(upper, true)
          : IDBKeyRange.bound(lower, upper, false, true);
  const tx = (await db()).transaction(STORE, 'readonly');
  const index = tx.objectStore(STORE).index('createdAt');
  const rows: ChargeRecord[] = [];
  await new Promise<void>((resolve, reject) => {
    const cursor = index.openCursor(range, 'prev');
    cursor.onerror = () => reject(cursor.error);
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (!c || rows.length >= options.limit) return resolve();
      const row = c.value as ChargeRecord;
      if (!options.filter || options.filter(row)) rows.push(row);
      c.continue();
    };
  });
  return rows;
}

/**
 * Visits every charge created in [from, to), oldest first. One getAll() on the createdAt index:
 * several times faster than a cursor over thousands of rows (totals, shift summary, CSV export).
 */
export async function forEachCharge(
  range: { from?: number; to?: number },
  visit: (c: ChargeRecord) => void,
): Promise<void> {
  const lower = range.from ?? 0;
  const upper = range.to ?? Number.MAX_SAFE_INTEGER;
  const tx = (await db()).transaction(STORE, 'readonly');
  const rows = await request<ChargeRecord[]>(
    tx
      .objectStore(STORE)
      .index('createdAt')
      .getAll(IDBKeyRange.bound(lower, upper, false, true)),
  );
  for (const row of rows) visit(row);
}

/** Charges made from this one ("Charge the difference", "Charge again"), oldest first. */
export async function chargesLinkedTo(traceId: string): Promise<ChargeRecord[]> {
  const tx = (await db()).transaction(STORE, 'readonly');
  const rows = await request<ChargeRecord[]>(tx.objectStore(STORE).index('linkedTo').getAll(traceId));
  return rows.sort((a, b) => a.createdAt - b.createdAt);
}

export async function lastShiftClose(): Promise<number | null> {
  const tx = (await db()).transaction(SHIFTS, 'readonly');
  const cursor = await request(tx.objectStore(SHIFTS).openCursor(null, 'prev'));
  return cursor ? (cursor.value as ShiftRecord).closedAt : null;
}

/** The report module is loaded when a report is made (it is not needed to take a payment). */
const reports = () => import('./shift-report');

/**
 * Closes the shift: in ONE transaction, finds where it opened (the previous close), adds up every
 * charge created since, and stores the report with the close. The report stays as it is, whatever
 * happens to the charges later (a cleared history, a late payment). With `ownTillId` (a shop whose
 * tills share a ledger), only this till's charges count: those with that till id or none.
 */
export async function closeShift(at = Date.now(), ownTillId?: string): Promise<ShiftRecord> {
  const { buildShiftReport } = await reports();
  const tx = (await db()).transaction([STORE, SHIFTS], 'readwrite', { durability: 'strict' });
  const shifts = tx.objectStore(SHIFTS);
  const previous = await request(shifts.openCursor(IDBKeyRange.upperBound(at, true), 'prev'));
  const openedAt = previous ? (previous.value as ShiftRecord).closedAt : 0;
  const charges = await request<ChargeRecord[]>(
    tx
      .objectStore(STORE)
      .index('createdAt')
      .getAll(IDBKeyRange.bound(openedAt, at, false, true)),
  );
  const own = ownTillId ? charges.filter((c) => isOwnCharge(c, ownTillId)) : charges;
  const record: ShiftRecord = { closedAt: at, report: buildShiftReport(own, openedAt, at) };
  shifts.put(record);
  await done(tx);
  notify();
  return record;
}

/** Every closed shift with its report, newest first. */
export async function listShifts(): Promise<ShiftRecord[]> {
  const database = await db();
  await shiftMigration;
  const tx = database.transaction(SHIFTS, 'readonly');
  const rows = await request<ShiftRecord[]>(tx.objectStore(SHIFTS).getAll());
  return rows.sort((a, b) => b.closedAt - a.closedAt);
}

export async function getShift(closedAt: number): Promise<ShiftRecord | undefined> {
  const database = await db();
  await shiftMigration;
  const tx = database.transaction(SHIFTS, 'readonly');
  return request<ShiftRecord | undefined>(tx.objectStore(SHIFTS).get(closedAt));
}

/** Deletes every charge that has ended (open charges stay: they may still be paid). Owner only. */
export async function clearEndedCharges(): Promise<number> {
  const tx = (await db()).transaction(STORE, 'readwrite', { durability: 'strict' });
  const store = tx.objectStore(STORE);
  let deleted = 0;
  await new Promise<void>((resolve, reject) => {
    const cursor = store.openCursor();
    cursor.onerror = () => reject(cursor.error);
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (!c) return resolve();
      if ((c.value as ChargeRecord).status !== 'open') {
        c.delete();
        deleted++;
      }
      c.continue();
    };
  });
  await done(tx);
  notify();
  return deleted;
}



/** Everything a backup carries from the journal: every charge (oldest first) and shift close. */
export interface JournalContents {
  charges: ChargeRecord[];
  shifts: ShiftRecord[];
}

/** Reads every charge and shift close in one transaction (a consistent snapshot for a backup). */
export async function allChargesForBackup(): Promise<JournalContents> {
  const database = await db();
  await shiftMigration;
  const tx = database.transaction([STORE, SHIFTS], 'readonly');
  const [charges, shifts] = await Promise.all([
    request<ChargeRecord[]>(tx.objectStore(STORE).index('createdAt').getAll()),
    request<ShiftRecord[]>(tx.objectStore(SHIFTS).getAll()),
  ]);
  return {
    // The index keys are the journal's own business; an import derives them again.
    charges: charges.map(({ watchUntil: _w, lateAlert: _l, ...rest }) => rest),
    shifts: shifts.map(({ closedAt, report }) => (report ? { closedAt, report } : { closedAt })),
  };
}

/** What an import did: charges added, changed by the merge, already the same; shift closes added. */
export interface MergeSummary {
  added: number;
  updated: number;
  unchanged: number;
  shiftsAdded: number;
}

/**
 * Merges charges from elsewhere (a backup) into the journal in ONE transaction: a traceId the
 * journal lacks is added; one it has is replaced by `mergeCharge(stored, incoming)` when that
 * differs (the lifecycle's merge rules: a final state is never replaced by an open one), and left
 * alone otherwise. Shift closes are added by closedAt. Any failure (storage full, a bad key)
 * aborts the transaction, so either every record is merged or the journal is exactly as before.
 */
export async function mergeImportedCharges(
  records: readonly ChargeRecord[],
  shifts: readonly ShiftRecord[] = [],
): Promise<MergeSummary> {
  // Copies of one charge within the import are merged with each other first.
  const incoming = new Map<string, ChargeRecord>();
  for (const record of records) {
    const seen = incoming.get(record.traceId);
    incoming.set(record.traceId, seen ? mergeCharge(seen, record) : record);
  }
  const summary: MergeSummary = { added: 0, updated: 0, unchanged: 0, shiftsAdded: 0 };
  const tx = (await db()).transaction([STORE, SHIFTS], 'readwrite', { durability: 'strict' });
  const store = tx.objectStore(STORE);
  const shiftStore = tx.objectStore(SHIFTS);
  let failure: unknown = null;
  /** Runs a step inside a request callback; a throw (e.g. QuotaExceededError) aborts everything. */
  const guarded = (step: () => void) => {
    if (failure) return;
    try {
      step();
    } catch (error) {
      failure = error;
      try {
        tx.abort();
      } catch {
        // Already finished or aborting.
      }
    }
  };
  const finished = done(tx);
  guarded(() => {
    // Every read is queued at once and each write issued from its read's callback, so the
    // transaction stays active without awaiting between requests.
    for (const record of incoming.values()) {
      const read = store.get(record.traceId);
      read.onsuccess = () =>
        guarded(() => {
          const stored = read.result as ChargeRecord | undefined;
          if (!stored) {
            store.add(withIndexKeys(record));
            summary.added++;
            return;
          }
          const merged = mergeCharge(stored, record);
          if (sameChargeRecord(merged, stored)) {
            summary.unchanged++;
            return;
          }
          store.put(withIndexKeys(merged));
          summary.updated++;
        });
    }
    // One close per closedAt; a close with its report wins over the same close without one.
    const closes = new Map<number, ShiftRecord>();
    for (const shift of shifts) {
      if (!closes.get(shift.closedAt)?.report) closes.set(shift.closedAt, shift);
    }
    for (const close of closes.values()) {
      const read = shiftStore.get(close.closedAt);
      read.onsuccess = () =>
        guarded(() => {
          const stored = read.result as ShiftRecord | undefined;
          const record: ShiftRecord = close.report
            ? { closedAt: close.closedAt, report: close.report }
            : { closedAt: close.closedAt };
          if (!stored) {
            shiftStore.add(record);
            summary.shiftsAdded++;
          } else if (!stored.report && record.report) {
            shiftStore.put(record);
          }
        });
    }
  });
  try {
    await finished;
  } catch (error) {
    throw failure ?? error;
  }
  if (failure) throw failure;
  if (summary.added || summary.updated || summary.shiftsAdded) notify();
  return summary;
}

/** Tests and benchmarks only. */
export async function clearJournalForTests(): Promise<void> {
  const tx = (await db()).transaction([STORE, SHIFTS], 'readwrite');
  tx.objectStore(STORE).clear();
  tx.objectStore(SHIFTS).clear();
  await done(tx);
  notify();
}

export function closeJournalForTests() {
  void dbPromise?.then((d) => d.close());
  dbPromise = null;
  channel?.close();
  channel = null;
}

/**
 * Charges whose `updatedAt` is at or after `sinceMs`, in no particular order, index keys included.
 * For the shop ledger's replicator (src/ledger), which mirrors what changed in the journal: read
 * through the updatedAt index (version 4), so a busy till's scan after a sale reads that sale, not
 * its whole history; -Infinity reads every charge.
 */
export async function chargesUpdatedSince(sinceMs: number): Promise<ChargeRecord[]> {
  const store = (await db()).transaction(STORE, 'readonly').objectStore(STORE);
  if (!(sinceMs > -Infinity)) return request<ChargeRecord[]>(store.getAll());
  return request<ChargeRecord[]>(store.index('updatedAt').getAll(IDBKeyRange.lowerBound(sinceMs)));
}

/** The stored records of these traceIds (the ones the journal has), read in one transaction. */
export async function getCharges(traceIds: readonly string[]): Promise<Map<string, ChargeRecord>> {
  const found = new Map<string, ChargeRecord>();
  if (!traceIds.length) return found;
  const tx = (await db()).transaction(STORE, 'readonly');
  const store = tx.objectStore(STORE);
  const rows = await Promise.all(
    [...new Set(traceIds)].map((id) => request<ChargeRecord | undefined>(store.get(id))),
  );
  for (const row of rows) if (row) found.set(row.traceId, row);
  return found;
}
