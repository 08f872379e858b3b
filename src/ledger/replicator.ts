/**
 * The shop ledger's replicator: this till's journal ⇄ a local PouchDB mirror ⇄ the shop's CouchDB.
 *
 * The journal (src/journal) stays the source of truth for what the tablet shows and works without
 * the ledger. A local PouchDB database mirrors it, one document per charge (see ./ledger-doc.ts),
 * and PouchDB replicates the mirror with the ledger both ways, live, with retry and back-off; the
 * mirror keeps what is waiting while the ledger cannot be reached and sends it when it can.
 *
 *   journal → mirror   on every journal change (debounced), the charges updated lately
 *                      (chargesUpdatedSince) and the shift closes are compared with the mirror and
 *                      written where they differ; a full pass at start and every few minutes.
 *   mirror → journal   the mirror's changes feed (its own writes and what the pull brought) is
 *                      merged into the journal through mergeImportedCharges (mergeCharge).
 *   conflicts          whenever a charge is looked at, every leaf of its revision tree and the
 *                      journal's copy are merged by the lifecycle's order (resolveChargeRevisions);
 *                      the result is written over the winning revision and the losing revisions
 *                      are deleted. Deterministic, so tills settling the same conflict agree.
 *
 * PouchDB (the browser build) is loaded with a dynamic import() only when a ledger is configured,
 * so the app's initial bundle does not carry it; this module itself should be loaded lazily too
 * (startLedger below, through `loadLedger()` in ./index.ts).
 *
 * Network: PouchDB's HTTP adapter talks to the ledger, the shop's own CouchDB, not to MixPay (only
 * src/mixpay/client.ts calls MixPay). It sends the user and password as a Basic Authorization
 * header taken from the settings on each request; they are never put in a URL, a document or the
 * mirror, and `credentials: 'omit'` keeps the browser from storing a CouchDB session cookie.
 */
import {
  chargesUpdatedSince,
  closeShift,
  getCharges,
  listShifts,
  mergeImportedCharges,
  subscribeJournal,
  type ChargeRecord,
  type ShiftRecord,
} from '@/journal/journal';
import { sameChargeRecord } from '@/lifecycle/merge';
import { resolveChargeRevisions } from '@/lifecycle/resolve-revisions';
import { ledgerOrigin, sameLedger, type LedgerConfig } from './ledger-config';
import {
  chargeDocId,
  chargeFromDoc,
  chargeToDoc,
  docKind,
  ledgerCharge,
  resolveLeaves,
  settleWrites,
  shiftDocId,
  shiftFromDoc,
  shiftToDoc,
  tillDocId,
  tillFromDoc,
  tillToDoc,
  traceIdOfDocId,
  type DocWrite,
  type LedgerCharge,
  type ShiftDoc,
  type TillDoc,
} from './ledger-doc';
import { ledgerStatus, type LedgerProblem, type LedgerStatusStore } from './ledger-status';
import type { TillIdentity } from './till';

/** What the replicator needs of the journal (the app's journal unless a test gives another). */
export interface LedgerJournal {
  subscribe(listener: () => void): () => void;
  chargesUpdatedSince(sinceMs: number): Promise<ChargeRecord[]>;
  getCharges(traceIds: readonly string[]): Promise<Map<string, ChargeRecord>>;
  /** Notifies the journal's subscribers once when it added or changed anything (as the journal does). */
  mergeImportedCharges(
    records: readonly ChargeRecord[],
    shifts?: readonly ShiftRecord[],
  ): Promise<{ added: number; updated: number; shiftsAdded: number }>;
  listShifts(): Promise<ShiftRecord[]>;
  /** Closes this till's shift at `at`, its report made of this till's charges (`ownTillId`'s). */
  closeShift(at: number, ownTillId?: string): Promise<ShiftRecord>;
}

export const appJournal: LedgerJournal = {
  subscribe: subscribeJournal,
  chargesUpdatedSince,
  getCharges,
  mergeImportedCharges,
  listShifts,
  closeShift,
};

export type PouchStatic = PouchDB.Static;
type Db = PouchDB.Database<Record<string, unknown>>;
type Replication = PouchDB.Replication.Replication<Record<string, unknown>>;

let pouchPromise: Promise<PouchStatic> | null = null;

/** The browser build of PouchDB, loaded once, on first use. */
export function loadPouchDB(): Promise<PouchStatic> {
  pouchPromise ??= import('pouchdb-browser').then((m) => m.default as unknown as PouchStatic);
  return pouchPromise;
}

export interface ReplicatorOptions {
  config: LedgerConfig;
  till: TillIdentity;
  journal?: LedgerJournal;
  /** Where the status goes (default: the app's `ledgerStatus`). */
  status?: LedgerStatusStore;
  /** PouchDB with the adapters to use (default: the browser build, loaded lazily). */
  pouch?: () => Promise<PouchStatic>;
  /** The mirror's PouchDB adapter (default: PouchDB's, IndexedDB in a browser). */
  adapter?: string;
  /** The mirror's name (default: derived from the ledger URL). */
  localName?: string;
  /**
   * Whether the mirror drops old revisions' bodies as it goes (default true: the mirror stays
   * small). Tests on the memory adapter turn it off: that adapter's live changes feed reads a
   * conflicted document's winner in a second step, and compaction can remove it in between, which
   * throws inside PouchDB and silently ends the feed. IndexedDB reads both in one transaction.
   */
  autoCompaction?: boolean;
  /** Retry delays: first, longest, and after the ledger refused the login. */
  backOff?: { firstMs?: number; maxMs?: number; refusedMs?: number; refusedMaxMs?: number };
  /** Documents per replication batch (default 500). */
  batchSize?: number;
  /** How often this till's card (`till:<id>`, seenAt) is written (default 5 min). */
  heartbeatMs?: number;
  /**
   * How often the whole journal is compared with the mirror (default 60 min; also at start). Only
   * a safety net: changes are found by updatedAt, and after a backup import call reconcileAll().
   */
  sweepMs?: number;
  /** The fetch PouchDB's HTTP adapter uses for the ledger (default: the global one; tests). */
  fetch?: typeof fetch;
  /** Where `online` / `offline` events come from (default: window, when there is one). */
  connectivity?: EventTarget | null;
  now?: () => number;
  log?: (message: string, error?: unknown) => void;
}

const DEFAULT_BACK_OFF = { firstMs: 1_000, maxMs: 20_000, refusedMs: 30_000, refusedMaxMs: 300_000 };
/** A journal scan also takes charges updated this long before the previous scan (clock slips). */
const SCAN_SLACK_MS = 120_000;
const SCAN_DEBOUNCE_MS = 150;
const FEED_DEBOUNCE_MS = 60;
const CHUNK = 500;
const STATE_ID = '_local/mixpay-ledger-state';

type DirectionState = { phase: 'starting' | 'active' | 'paused' | 'failed'; error: unknown };

interface SavedState {
  pushedSeq: number;
  feedSeq: number | string;
  lastSyncAt: number | null;
  /** When the journal was last compared with the mirror (a restart scans from there, not all). */
  scanMark?: number;
}

/** The scan mark is saved when it moved on by this much (a restart then scans a little more). */
const SCAN_MARK_SAVE_MS = 60_000;

/** FNV-1a, for a mirror name that says which ledger it mirrors without showing the URL. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export function mirrorNameFor(config: Pick<LedgerConfig, 'url'>): string {
  return `mixpay-pos-ledger-${shortHash(config.url)}`;
}

function statusOf(error: unknown): number | undefined {
  const e = error as { status?: unknown; name?: unknown } | null;
  if (e && typeof e.status === 'number') return e.status;
  if (e?.name === 'unauthorized') return 401;
  if (e?.name === 'forbidden') return 403;
  return undefined;
}

/** How a replication error reads for the cashier. */
export function classifyLedgerError(error: unknown): { refused: boolean; problem: LedgerProblem } {
  const status = statusOf(error);
  if (status === 401) return { refused: true, problem: 'password' };
  if (status === 403) return { refused: true, problem: 'forbidden' };
  if (status === 404) return { refused: false, problem: 'no-database' };
  if (status !== undefined && status >= 500) return { refused: false, problem: 'server' };
  return { refused: false, problem: 'unreachable' };
}

/**
 * PouchDB 9's replication asks the source for info() after every batch and does not handle a
 * failure there: when the ledger goes away mid-batch (or the mirror closes) that is an unhandled
 * rejection. The answer only feeds PouchDB's progress counters, so once one answer came, a failed
 * call gives the last good answer instead; before that it fails as usual (and is handled).
 */
function guardInfo(db: Db): Db {
  const info = db.info.bind(db);
  let last: PouchDB.Core.DatabaseInfo | null = null;
  db.info = (async () => {
    try {
      last = await info();
      return last;
    } catch (error) {
      if (last) return last;
      throw error;
    }
  }) as Db['info'];
  return db;
}

function errorId(row: unknown): boolean {
  return !!row && typeof row === 'object' && 'error' in row;
}

export class Replicator {
  readonly status: LedgerStatusStore;
  private readonly journal: LedgerJournal;
  private readonly options: ReplicatorOptions;
  private config: LedgerConfig;
  private till: TillIdentity;
  private readonly now: () => number;
  private readonly log: (message: string, error?: unknown) => void;
  private readonly backOff: typeof DEFAULT_BACK_OFF;
  private readonly batchSize: number;

  private local!: Db;
  private remote!: Db;
  private push: Replication | null = null;
  private pull: Replication | null = null;
  private readonly direction: Record<'push' | 'pull', DirectionState> = {
    push: { phase: 'starting', error: null },
    pull: { phase: 'starting', error: null },
  };
  private feed: PouchDB.Core.Changes<Record<string, unknown>> | null = null;
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;
  private online = true;
  private unsubscribe: (() => void) | null = null;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private scanTimer: ReturnType<typeof setTimeout> | null = null;
  private feedTimer: ReturnType<typeof setTimeout> | null = null;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private refusedDelay = 0;
  private scanMark = -Infinity;
  private importing = false;
  private heardWhileImporting = 0;
  private readonly pendingFeed = new Set<string>();
  private pendingFeedSeq: number | string | null = null;
  private state: SavedState = { pushedSeq: 0, feedSeq: 0, lastSyncAt: null };
  private stateRev: string | undefined;
  private stateWrite: Promise<void> = Promise.resolve();
  private countTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly tillListeners = new Set<() => void>();
  private readonly shiftListeners = new Set<() => void>();

  constructor(options: ReplicatorOptions) {
    this.options = options;
    this.config = options.config;
    this.till = options.till;
    this.journal = options.journal ?? appJournal;
    this.status = options.status ?? ledgerStatus;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((message, error) => console.warn(`Ledger: ${message}`, error ?? ''));
    this.backOff = { ...DEFAULT_BACK_OFF, ...options.backOff };
    this.batchSize = options.batchSize ?? 500;
  }

  /** Opens the mirror and starts everything; resolves once replication has been started. */
  async start(): Promise<void> {
    const PouchDB = await (this.options.pouch ?? loadPouchDB)();
    const localOptions: PouchDB.Configuration.LocalDatabaseConfiguration = {
      auto_compaction: this.options.autoCompaction ?? true,
    };
    if (this.options.adapter) localOptions.adapter = this.options.adapter;
    this.local = guardInfo(new PouchDB(this.options.localName ?? mirrorNameFor(this.config), localOptions));
    this.remote = guardInfo(this.openRemote(PouchDB));
    await this.loadState();
    if (this.stopped) return;
    this.status.update({ state: 'syncing', lastSyncAt: this.state.lastSyncAt });
    this.unsubscribe = this.journal.subscribe(() => {
      // Our own imports notify too: those are counted, not scanned for (see importIntoJournal).
      if (this.importing) this.heardWhileImporting++;
      else this.scheduleScan();
    });
    const connectivity = this.connectivity();
    if (connectivity) {
      connectivity.addEventListener('online', this.onOnline);
      connectivity.addEventListener('offline', this.onOffline);
    }
    if (typeof navigator !== 'undefined' && navigator.onLine === false) this.online = false;
    // The whole journal the first time with this mirror; after that what changed since the last
    // scan (the journal's updatedAt index; the hourly sweep and reconcileAll compare everything).
    this.scanMark = this.state.scanMark ?? -Infinity;
    void this.enqueue(() => this.scanJournal(this.scanMark === -Infinity));
    void this.enqueue(() => this.writeTillCard());
    this.startFeed();
    this.startReplication();
    this.every(this.options.heartbeatMs ?? 300_000, () => void this.enqueue(() => this.writeTillCard()));
    this.every(this.options.sweepMs ?? 3_600_000, () => void this.enqueue(() => this.scanJournal(true)));
    this.countWaitingSoon();
  }

  /** Stops replicating and closes the mirror (its contents stay for the next start). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe?.();
    const connectivity = this.connectivity();
    connectivity?.removeEventListener('online', this.onOnline);
    connectivity?.removeEventListener('offline', this.onOffline);
    for (const timer of this.timers) {
      clearTimeout(timer);
      clearInterval(timer);
    }
    for (const timer of [this.scanTimer, this.feedTimer, this.restartTimer, this.countTimer]) {
      if (timer) clearTimeout(timer);
    }
    this.cancelReplication();
    this.feed?.cancel();
    this.feed = null;
    await this.queue;
    await this.stateWrite;
    this.status.update({ state: 'off', waiting: 0 });
    await this.local?.close().catch(() => undefined);
    await this.remote?.close().catch(() => undefined);
  }

  /** Whether this replicator serves this connection and till. */
  serves(config: LedgerConfig, till: TillIdentity): boolean {
    return sameLedger(this.config, config) && this.till.tillId === till.tillId;
  }

  get tillName(): string {
    return this.till.tillName;
  }

  /** The till was renamed: its card says so from now on. */
  async setTillName(tillName: string): Promise<void> {
    this.till = { ...this.till, tillName };
    await this.enqueue(() => this.writeTillCard());
  }

  /** Retry now (the network came back, the cashier asked): restarts replication without waiting. */
  syncNow(): void {
    if (this.stopped) return;
    this.refusedDelay = 0;
    this.restartReplication();
    this.scheduleScan(0);
  }

  /**
   * Everything the journal holds right now is in the mirror, and everything the mirror received
   * so far is in the journal (tests, the bench; after a backup import use `reconcileAll`).
   */
  async flush(): Promise<void> {
    if (this.scanTimer) clearTimeout(this.scanTimer);
    this.scanTimer = null;
    await this.enqueue(() => this.scanJournal(false));
    if (this.feedTimer) clearTimeout(this.feedTimer);
    this.feedTimer = null;
    await this.enqueue(() => this.flushFeed());
  }

  /** Compares the whole journal with the mirror (after a backup import, say). */
  async reconcileAll(): Promise<void> {
    await this.enqueue(() => this.scanJournal(true));
  }

  /**
   * Closes this till's shift for the whole shop: the journal closes it (with this till's report)
   * and the ledger's shift document says `scope: 'shop'`, so every other till closes its own
   * shift at the same moment when it hears of it.
   */
  async closeShopShift(at = this.now()): Promise<ShiftRecord> {
    const record = await this.journal.closeShift(at, this.till.tillId);
    await this.enqueue(async () => {
      const id = shiftDocId(this.till.tillId, at);
      const existing = await this.local.get(id).catch(() => null);
      const doc: DocWrite = { ...shiftToDoc(record, this.till.tillId, 'shop') };
      if (existing) doc._rev = existing._rev;
      await this.local.put(doc);
    });
    return record;
  }

  /** Every till the ledger knows (this one included), by name. */
  async tills(): Promise<TillDoc[]> {
    // eslint-disable-next-line lingui/no-unlocalized-strings -- document ids, not text
    const rows = await this.local.allDocs({ startkey: 'till:', endkey: 'till:\uffff', include_docs: true });
    return rows.rows
      .map((row) => tillFromDoc(row.doc))
      .filter((t): t is TillDoc => t !== null)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Every shift close the ledger knows, of every till, newest first. */
  async shifts(): Promise<ShiftDoc[]> {
    // eslint-disable-next-line lingui/no-unlocalized-strings -- document ids, not text
    const rows = await this.local.allDocs({ startkey: 'shift:', endkey: 'shift:\uffff', include_docs: true });
    return rows.rows
      .map((row) => shiftFromDoc(row.doc))
      .filter((s): s is ShiftDoc => s !== null)
      .sort((a, b) => b.closedAt - a.closedAt);
  }

  /** Called when another till's card or shift close arrives (for the views). */
  onTillsChanged(listener: () => void): () => void {
    this.tillListeners.add(listener);
    return () => this.tillListeners.delete(listener);
  }

  onShiftsChanged(listener: () => void): () => void {
    this.shiftListeners.add(listener);
    return () => this.shiftListeners.delete(listener);
  }

  // ---------------------------------------------------------------------------------------------

  private connectivity(): EventTarget | null {
    if (this.options.connectivity !== undefined) return this.options.connectivity;
    return typeof window !== 'undefined' ? window : null;
  }

  private openRemote(PouchDB: PouchStatic): Db {
    const { url, user, password } = this.config;
    void ledgerOrigin(this.config); // throws on a malformed URL before anything is sent
    const doFetch = this.options.fetch ?? globalThis.fetch.bind(globalThis);
    return new PouchDB(url, {
      skip_setup: true, // never PUT the database: the till's user may not create one
      auth: { username: user, password },
      fetch: (input: string | Request, init?: RequestInit) =>
        doFetch(input, { ...init, credentials: 'omit' }),
    } as PouchDB.Configuration.RemoteDatabaseConfiguration);
  }

  private every(ms: number, run: () => void) {
    const timer = setInterval(run, ms);
    this.timers.add(timer);
  }

  private later(ms: number, run: () => void): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) run();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  /** Runs tasks one at a time; a failing task is logged and the next one runs. */
  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(async () => {
      if (this.stopped) return;
      try {
        await task();
      } catch (error) {
        // eslint-disable-next-line lingui/no-unlocalized-strings -- a console log, not shown
        if (!this.stopped) this.log('a sync step failed', error);
      }
    });
    this.queue = run;
    return run;
  }

  // --- journal → mirror --------------------------------------------------------------------------

  private scheduleScan(delay = SCAN_DEBOUNCE_MS) {
    if (this.stopped) return;
    if (this.scanTimer) clearTimeout(this.scanTimer);
    this.scanTimer = setTimeout(() => {
      this.scanTimer = null;
      void this.enqueue(() => this.scanJournal(false));
    }, delay);
  }

  /** Charges updated since the last scan (all of them when `full`) and shift closes → mirror. */
  private async scanJournal(full: boolean): Promise<void> {
    const startedAt = this.now();
    const since = full ? -Infinity : this.scanMark - SCAN_SLACK_MS;
    const records = await this.journal.chargesUpdatedSince(since);
    const byId = new Map(records.map((r) => [r.traceId, r]));
    await this.reconcileCharges([...byId.keys()], { importMissing: false, journalRecords: byId });
    await this.pushShifts();
    if (this.stopped) return;
    // Marked once the mirror has it all: a restart goes on from here.
    if (!full || this.scanMark === -Infinity) this.scanMark = startedAt;
    if (this.scanMark - (this.state.scanMark ?? -Infinity) >= SCAN_MARK_SAVE_MS) {
      this.saveState({ scanMark: this.scanMark });
    }
  }

  private async pushShifts(): Promise<void> {
    const shifts = await this.journal.listShifts();
    if (!shifts.length) return;
    const own = this.till.tillId;
    const rows = (
      await this.local.allDocs({ keys: shifts.map((s) => shiftDocId(own, s.closedAt)), include_docs: true })
    ).rows;
    const writes: DocWrite[] = [];
    rows.forEach((row, i) => {
      const shift = shifts[i];
      if (errorId(row)) {
        writes.push({ ...shiftToDoc(shift, own) });
        return;
      }
      const found = row as {
        value: { rev: string; deleted?: boolean };
        doc?: Record<string, unknown> | null;
      };
      if (found.value.deleted) {
        writes.push({ ...shiftToDoc(shift, own), _rev: found.value.rev });
        return;
      }
      const doc = shiftFromDoc(found.doc);
      if (doc && !doc.report && shift.report) {
        writes.push({ ...shiftToDoc(shift, own, doc.scope), _rev: found.value.rev });
      }
    });
    if (writes.length) await this.write(writes);
  }

  /**
   * The heart of it: for each charge, every leaf of the mirror's revision tree and the journal's
   * copy are merged; the mirror gets the result over its winning revision (losers deleted) and
   * the journal gets it through mergeImportedCharges. `importMissing`: also add charges the
   * journal does not have (from the feed; a scan never brings back what the cashier cleared).
   */
  private async reconcileCharges(
    traceIds: readonly string[],
    opts: { importMissing: boolean; journalRecords?: Map<string, ChargeRecord> },
  ): Promise<void> {
    for (let start = 0; start < traceIds.length; start += CHUNK) {
      if (this.stopped) return;
      const chunk = traceIds.slice(start, start + CHUNK);
      const [allDocs, journalRecords] = await Promise.all([
        this.local.allDocs({ keys: chunk.map(chargeDocId), include_docs: true, conflicts: true }),
        opts.journalRecords ?? this.journal.getCharges(chunk),
      ]);
      const leaves = await this.losingLeaves(allDocs.rows);
      const writes: DocWrite[] = [];
      const toJournal: ChargeRecord[] = [];
      const own = this.till.tillId;
      allDocs.rows.forEach((row, i) => {
        const traceId = chunk[i];
        const stored = journalRecords.get(traceId);
        const fromJournal = stored ? ledgerCharge(stored, own) : undefined;
        if (errorId(row)) {
          if (fromJournal) writes.push({ ...chargeToDoc(fromJournal, own) });
          return;
        }
        const found = row as {
          id: string;
          value: { rev: string; deleted?: boolean };
          doc?: (Record<string, unknown> & { _id: string; _rev: string; _conflicts?: string[] }) | null;
        };
        if (found.value.deleted || !found.doc) {
          if (fromJournal) writes.push({ ...chargeToDoc(fromJournal, own), _rev: found.value.rev });
          return;
        }
        const doc = found.doc;
        const current = chargeFromDoc(doc);
        if (!current) {
          // eslint-disable-next-line lingui/no-unlocalized-strings -- a console log, not shown
          this.log(`${doc._id} is not a charge this version can read; left alone`);
          return;
        }
        const losers: Array<{ rev: string; charge: LedgerCharge }> = [];
        for (const rev of doc._conflicts ?? []) {
          const charge = chargeFromDoc(leaves.get(`${doc._id}\n${rev}`));
          if (charge) losers.push({ rev, charge });
        }
        const merged = resolveChargeRevisions([
          current,
          ...losers.map((l) => l.charge),
          ...(fromJournal ? [fromJournal] : []),
        ]) as LedgerCharge;
        writes.push(
          ...settleWrites(
            doc,
            losers.map((l) => l.rev),
            chargeToDoc(merged, own),
          ),
        );
        if (fromJournal ? !sameChargeRecord(merged, fromJournal) : opts.importMissing) toJournal.push(merged);
      });
      // The journal first: it is what the till shows, and what survives without the ledger.
      if (toJournal.length) await this.importIntoJournal(toJournal);
      if (writes.length) await this.write(writes);
    }
  }

  /**
   * Merges into the journal without a journal scan for our own write: the journal notifies its
   * subscribers once per import that changed something, so any other notification heard meanwhile
   * (the cashier's sale, another tab) still schedules one. A scan reads the whole journal, and a
   * fresh till pulling 10,000 charges would otherwise do it after every batch.
   */
  private async importIntoJournal(records: ChargeRecord[], shifts: ShiftRecord[] = []): Promise<void> {
    this.importing = true;
    this.heardWhileImporting = 0;
    let ours = 1;
    try {
      const summary = await this.journal.mergeImportedCharges(records, shifts);
      ours = summary.added || summary.updated || summary.shiftsAdded ? 1 : 0;
    } finally {
      this.importing = false;
      if (this.heardWhileImporting > ours) this.scheduleScan();
    }
  }

  /** The documents of the losing leaves of these rows, by `${id}\n${rev}`. */
  private async losingLeaves(rows: ReadonlyArray<unknown>): Promise<Map<string, unknown>> {
    const wanted: Array<{ id: string; rev: string }> = [];
    for (const row of rows) {
      const doc = (row as { doc?: { _id: string; _conflicts?: string[] } | null }).doc;
      for (const rev of doc?._conflicts ?? []) wanted.push({ id: doc!._id, rev });
    }
    const leaves = new Map<string, unknown>();
    if (!wanted.length) return leaves;
    const got = await this.local.bulkGet({ docs: wanted });
    for (const result of got.results) {
      for (const answer of result.docs) {
        if ('ok' in answer) leaves.set(`${result.id}\n${answer.ok._rev}`, answer.ok);
      }
    }
    return leaves;
  }

  /** Writes to the mirror; a document changed meanwhile (409) is looked at again. */
  private async write(writes: DocWrite[]): Promise<void> {
    const results = await this.local.bulkDocs(writes as PouchDB.Core.PutDocument<Record<string, unknown>>[]);
    const again = new Set<string>();
    results.forEach((result, i) => {
      if ('error' in result && result.error) {
        if (result.status === 409) again.add(writes[i]._id);
        // eslint-disable-next-line lingui/no-unlocalized-strings -- a console log, not shown
        else this.log(`could not write ${writes[i]._id}`, result);
      }
    });
    if (again.size) {
      for (const id of again) this.pendingFeed.add(id);
      this.scheduleFeedFlush();
    }
    this.countWaitingSoon();
  }

  private async writeTillCard(): Promise<void> {
    const id = tillDocId(this.till.tillId);
    const existing = await this.local.get(id).catch(() => null);
    const card: DocWrite = { ...tillToDoc(this.till, this.now()) };
    if (existing) card._rev = existing._rev;
    await this.local.put(card);
  }

  // --- mirror → journal --------------------------------------------------------------------------

  private startFeed() {
    const feed = this.local.changes({ since: this.state.feedSeq, live: true, return_docs: false });
    feed.on('change', (change) => {
      this.pendingFeed.add(change.id);
      this.pendingFeedSeq = change.seq;
      this.scheduleFeedFlush(this.pendingFeed.size >= CHUNK ? 0 : FEED_DEBOUNCE_MS);
    });
    feed.on('error', (error) => {
      if (this.stopped) return;
      // eslint-disable-next-line lingui/no-unlocalized-strings -- a console log, not shown
      this.log('the mirror changes feed stopped; starting it again', error);
      this.later(1_000, () => this.startFeed());
    });
    this.feed = feed;
  }

  private scheduleFeedFlush(delay = FEED_DEBOUNCE_MS) {
    if (this.stopped || (this.feedTimer && delay > 0)) return;
    if (this.feedTimer) clearTimeout(this.feedTimer);
    this.feedTimer = setTimeout(() => {
      this.feedTimer = null;
      void this.enqueue(() => this.flushFeed());
    }, delay);
  }

  private async flushFeed(): Promise<void> {
    if (!this.pendingFeed.size) return;
    const ids = [...this.pendingFeed];
    const seq = this.pendingFeedSeq;
    this.pendingFeed.clear();
    const traceIds = ids.map(traceIdOfDocId).filter((id): id is string => id !== null);
    if (traceIds.length) await this.reconcileCharges(traceIds, { importMissing: true });
    const shiftIds = ids.filter((id) => docKind(id) === 'shift');
    if (shiftIds.length) await this.settleShifts(shiftIds);
    const tillIds = ids.filter((id) => docKind(id) === 'till');
    if (tillIds.length) {
      await this.settleOthers(tillIds);
      for (const listener of this.tillListeners) listener();
    }
    if (seq !== null) this.saveState({ feedSeq: seq });
  }

  /** Shift closes: conflicts settled; a close of the whole shop from another till closes ours. */
  private async settleShifts(ids: string[]): Promise<void> {
    const docs = await this.settleOthers(ids);
    const shopCloses = docs
      .map(shiftFromDoc)
      .filter((s): s is ShiftDoc => s !== null && s.scope === 'shop' && s.tillId !== this.till.tillId)
      .map((s) => s.closedAt)
      .sort((a, b) => a - b);
    if (shopCloses.length) {
      const ours = await this.journal.listShifts();
      let last = ours.reduce((max, s) => Math.max(max, s.closedAt), -Infinity);
      for (const closedAt of shopCloses) {
        // Only closes after our last one: an older close would rewrite a closed shift's report.
        if (closedAt > last) {
          await this.journal.closeShift(closedAt, this.till.tillId);
          last = closedAt;
        }
      }
    }
    for (const listener of this.shiftListeners) listener();
  }

  /** Settles conflicts of shift and till documents; returns the documents as they now are. */
  private async settleOthers(ids: string[]): Promise<unknown[]> {
    const rows = (await this.local.allDocs({ keys: ids, include_docs: true, conflicts: true })).rows;
    const leaves = await this.losingLeaves(rows);
    const writes: DocWrite[] = [];
    const docs: unknown[] = [];
    for (const row of rows) {
      const doc = (
        row as {
          doc?: (Record<string, unknown> & { _id: string; _rev: string; _conflicts?: string[] }) | null;
        }
      ).doc;
      if (!doc) continue;
      const losers = (doc._conflicts ?? []).filter((rev) => leaves.has(`${doc._id}\n${rev}`));
      if (!losers.length) {
        docs.push(doc);
        continue;
      }
      const resolved = resolveLeaves([doc, ...losers.map((rev) => leaves.get(`${doc._id}\n${rev}`))]);
      writes.push(...settleWrites(doc, losers, resolved));
      docs.push(resolved ?? doc);
    }
    if (writes.length) await this.write(writes);
    return docs;
  }

  // --- mirror ⇄ ledger ---------------------------------------------------------------------------

  private startReplication() {
    if (this.stopped) return;
    const options: PouchDB.Replication.ReplicateOptions = {
      live: true,
      retry: true,
      batch_size: this.batchSize,
      batches_limit: 4,
      back_off_function: (delay) => {
        const next = delay === 0 ? this.backOff.firstMs : Math.min(delay * 2, this.backOff.maxMs);
        return Math.round(next * (0.85 + Math.random() * 0.3));
      },
    };
    this.direction.push = { phase: 'starting', error: null };
    this.direction.pull = { phase: 'starting', error: null };
    this.push = this.watch('push', this.local.replicate.to(this.remote, options));
    this.pull = this.watch('pull', this.local.replicate.from(this.remote, options));
    this.refreshStatus();
  }

  private watch(dir: 'push' | 'pull', replication: Replication): Replication {
    const mine = () => (dir === 'push' ? this.push : this.pull) === replication;
    replication.on('active', () => {
      if (!mine()) return;
      this.online = true;
      this.direction[dir] = { phase: 'active', error: null };
      this.refusedDelay = 0;
      this.refreshStatus();
    });
    replication.on('paused', (error?: unknown) => {
      if (!mine()) return;
      this.direction[dir] = { phase: 'paused', error: error ?? null };
      if (!error) this.online = true;
      if (!error && dir === 'push') void this.markPushed();
      this.refreshStatus();
    });
    replication.on('change', (info) => {
      if (!mine()) return;
      if (dir === 'push' && typeof info.last_seq === 'number') {
        this.state.pushedSeq = Math.max(this.state.pushedSeq, info.last_seq);
      }
      this.countWaitingSoon();
    });
    // Each failed retry (PouchDB goes on backing off and trying).
    (replication as unknown as { on(event: string, listener: (error: unknown) => void): void }).on(
      'requestError',
      (error) => {
        if (!mine()) return;
        this.direction[dir] = { phase: 'paused', error };
        this.refreshStatus();
      },
    );
    // eslint-disable-next-line lingui/no-unlocalized-strings -- a console log, not shown
    replication.on('denied', (error) => this.log(`the ledger refused a document (${dir})`, error));
    replication.on('error', (error) => {
      if (!mine() || this.stopped) return;
      // Fatal for PouchDB (a 401 or 403: no retry of its own): ours, slower.
      this.direction[dir] = { phase: 'failed', error };
      this.refreshStatus();
      this.scheduleRestart();
    });
    // The replication is also a promise that rejects with the error above; handled there.
    void Promise.resolve(replication).catch(() => undefined);
    return replication;
  }

  private cancelReplication() {
    const push = this.push;
    const pull = this.pull;
    this.push = null;
    this.pull = null;
    push?.cancel();
    pull?.cancel();
  }

  private restartReplication() {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.cancelReplication();
    this.startReplication();
  }

  private scheduleRestart() {
    if (this.restartTimer) return;
    const { refusedMs, refusedMaxMs } = this.backOff;
    this.refusedDelay = this.refusedDelay ? Math.min(this.refusedDelay * 2, refusedMaxMs) : refusedMs;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.stopped) this.restartReplication();
    }, this.refusedDelay);
  }

  private readonly onOnline = () => {
    this.online = true;
    this.syncNow();
  };

  private readonly onOffline = () => {
    this.online = false;
    this.refreshStatus();
  };

  // --- status ------------------------------------------------------------------------------------

  private refreshStatus() {
    if (this.stopped) return;
    const dirs = [this.direction.push, this.direction.pull];
    const failing = dirs.map((d) => d.error).filter((e) => e !== null && e !== undefined);
    if (failing.length) {
      const classes = failing.map(classifyLedgerError);
      const refused = classes.find((c) => c.refused);
      if (refused) this.status.update({ state: 'refused', problem: refused.problem });
      else this.status.update({ state: 'offline', problem: classes[0].problem });
    } else if (!this.online) {
      this.status.update({ state: 'offline', problem: 'unreachable' });
    } else if (dirs.every((d) => d.phase === 'paused')) {
      const lastSyncAt = this.now();
      const was = this.status.getSnapshot();
      this.status.update({ state: 'synced', lastSyncAt });
      // Saved when it changes state, and at most twice a minute while it stays synced.
      if (was.state !== 'synced' || lastSyncAt - (this.state.lastSyncAt ?? 0) > 30_000)
        this.saveState({ lastSyncAt });
    } else {
      this.status.update({ state: 'syncing' });
    }
    this.countWaitingSoon();
  }

  /** The push caught up: everything in the mirror up to now is on the ledger. */
  private async markPushed() {
    try {
      const info = await this.local.info();
      if (
        typeof info.update_seq === 'number' &&
        this.direction.push.phase === 'paused' &&
        !this.direction.push.error
      ) {
        this.saveState({ pushedSeq: Math.max(this.state.pushedSeq, info.update_seq) });
        this.countWaitingSoon();
      }
    } catch {
      // Closed meanwhile.
    }
  }

  /**
   * Recounts what waits, at most once a second, and only while the push is not caught up: once it
   * is, nothing waits (and counting would read the mirror's changes since the last catch-up).
   */
  private countWaitingSoon() {
    if (this.countTimer || this.stopped) return;
    const push = this.direction.push;
    if (push.phase === 'paused' && !push.error && this.online) {
      this.status.update({ waiting: 0 });
      return;
    }
    this.countTimer = setTimeout(() => {
      this.countTimer = null;
      void this.countWaiting();
    }, 1_000);
  }

  /** Charges written to the mirror since the push last caught up. */
  private async countWaiting() {
    if (this.stopped) return;
    try {
      const changes = await this.local.changes({ since: this.state.pushedSeq, return_docs: true });
      const waiting = changes.results.filter((c) => c.id.startsWith('charge:')).length;
      if (!this.stopped) this.status.update({ waiting });
    } catch {
      // Closed meanwhile.
    }
  }

  // --- saved state (a _local document: never replicated) -----------------------------------------

  private async loadState() {
    try {
      const doc = (await this.local.get(STATE_ID)) as unknown as Partial<SavedState> & { _rev: string };
      this.stateRev = doc._rev;
      this.state = {
        pushedSeq: typeof doc.pushedSeq === 'number' ? doc.pushedSeq : 0,
        feedSeq: typeof doc.feedSeq === 'number' || typeof doc.feedSeq === 'string' ? doc.feedSeq : 0,
        lastSyncAt: typeof doc.lastSyncAt === 'number' ? doc.lastSyncAt : null,
      };
      if (typeof doc.scanMark === 'number') this.state.scanMark = doc.scanMark;
    } catch {
      // First start with this ledger.
    }
  }

  private saveState(change: Partial<SavedState>) {
    Object.assign(this.state, change);
    this.stateWrite = this.stateWrite.then(async () => {
      if (!this.local) return;
      try {
        const result = await this.local.put({ _id: STATE_ID, _rev: this.stateRev, ...this.state });
        this.stateRev = result.rev;
      } catch (error) {
        if (statusOf(error) === 409) {
          this.stateRev = ((await this.local.get(STATE_ID).catch(() => null)) as { _rev?: string } | null)
            ?._rev;
        }
      }
    });
  }
}

// --- the app's one replicator ---------------------------------------------------------------------

let current: Replicator | null = null;
let changing: Promise<unknown> = Promise.resolve();

/**
 * Starts (or keeps, or restarts) the app's replicator for this ledger and till; with no ledger
 * (null) stops it. Calls are serialized. The status goes to `ledgerStatus`.
 */
export function startLedger(
  config: LedgerConfig | null,
  till: TillIdentity,
  options: Omit<ReplicatorOptions, 'config' | 'till'> = {},
): Promise<Replicator | null> {
  const next = changing.then(async () => {
    if (current && config && current.serves(config, till)) {
      if (current.tillName !== till.tillName) await current.setTillName(till.tillName).catch(() => undefined);
      return current;
    }
    await current?.stop();
    current = null;
    if (!config) return null;
    const replicator = new Replicator({ ...options, config, till });
    current = replicator;
    try {
      await replicator.start();
    } catch (error) {
      // PouchDB could not be loaded or the mirror opened: the till goes on without the ledger.
      current = null;
      await replicator.stop().catch(() => undefined);
      replicator.status.update({ state: 'offline', problem: 'unreachable' });
      throw error;
    }
    return replicator;
  });
  changing = next.catch(() => undefined);
  return next;
}

export function stopLedger(): Promise<void> {
  const next = changing.then(async () => {
    await current?.stop();
    current = null;
  });
  changing = next.catch(() => undefined);
  return next;
}

/**
 * Deletes this till's mirror of a ledger (after the owner pointed the till at another ledger or
 * removed it; the journal keeps every sale). Stop its replicator first.
 */
export async function forgetLedgerMirror(
  config: Pick<LedgerConfig, 'url'>,
  pouch: () => Promise<PouchStatic> = loadPouchDB,
): Promise<void> {
  const PouchDB = await pouch();
  await new PouchDB(mirrorNameFor(config)).destroy();
}

/** The running replicator, if any. */
export function currentLedger(): Replicator | null {
  return current;
}
