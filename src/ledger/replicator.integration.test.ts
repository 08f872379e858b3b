/**
 * The replicator against a real CouchDB-compatible server: pouchdb-server started by the test
 * (e2e/support/ledger-server.ts) on 127.0.0.1. Two tills in one Node process: each has its own
 * journal (the real module, loaded twice, each on its own fake IndexedDB) and its own mirror
 * (PouchDB's browser build with the memory adapter: its IndexedDB adapter does not run on
 * fake-indexeddb). A till goes "offline" through the fetch its replicator is given.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChargeRecord } from '@/journal/journal';
import { createLedgerStatusStore, type LedgerStatusStore } from './ledger-status';
import { Replicator, type LedgerJournal, type PouchStatic } from './replicator';
import { testLedger } from './test-ledger';

type JournalModule = typeof import('@/journal/journal');

/** The server helper is Node code (type-checked with e2e/, tsconfig.node.json), loaded by path. */
interface LedgerServer {
  origin: string;
  dbUrl: string;
  db: string;
  user: string;
  password: string;
  stop(options?: { hard?: boolean }): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
  adminFetch(path: string, init?: RequestInit): Promise<Response>;
  allDocs(): Promise<Array<Record<string, unknown> & { _id: string; _rev: string }>>;
  logTail(lines?: number): string;
}
type ServerModule = {
  startLedgerServer(options?: { inMemory?: boolean; db?: string }): Promise<LedgerServer>;
};
const SERVER_HELPER = '../../e2e/support/ledger-server.ts';
const startLedgerServer = async (options?: { inMemory?: boolean; db?: string }) =>
  ((await import(/* @vite-ignore */ SERVER_HELPER)) as ServerModule).startLedgerServer(options);

// PouchDB's browser build reads `self`; Node has none.
(globalThis as { self?: unknown }).self ??= globalThis;
let pouchPromise: Promise<PouchStatic> | null = null;
function pouchWithMemory(): Promise<PouchStatic> {
  pouchPromise ??= (async () => {
    const PouchDB = (await import('pouchdb-browser')).default as unknown as PouchStatic;
    PouchDB.plugin((await import('pouchdb-adapter-memory')).default);
    return PouchDB;
  })();
  return pouchPromise;
}

const TILL_A = { tillId: '0b6f3c1e-2a4d-4e5f-8a6b-7c8d9e0f1a2b', tillName: 'Front' };
const TILL_B = { tillId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d', tillName: 'Terrace' };

let serial = 0;
function charge(over: Partial<ChargeRecord> = {}): ChargeRecord {
  const n = ++serial;
  const now = Date.now();
  return {
    traceId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    createdAt: now,
    updatedAt: now,
    shopName: 'Shop',
    payeeId: 'a0d77914-0877-6b47-eb1d-d3f94ed15d6a',
    settlementAssetId: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa',
    strictMode: false,
    quoteAssetId: 'usd',
    quoteSymbol: 'USD',
    quoteDecimals: 2,
    quoteIsFiat: true,
    quoteAmount: `${n}.5`,
    expiredTimestamp: Math.floor(now / 1000) + 900,
    linkMode: 'paylink',
    linkFellBack: false,
    link: `https://mixpay.me/pay?traceId=${n}`,
    status: 'open',
    phase: 'waiting',
    ...over,
  };
}

interface Till {
  journal: JournalModule;
  status: LedgerStatusStore;
  replicator: Replicator;
  offline: boolean;
  connectivity: EventTarget;
  logs: string[];
  goOffline(): void;
  goOnline(): void;
}

const tills: Till[] = [];
let mirrorSerial = 0;

/** A journal of its own: the module loaded afresh, opened on its own fake IndexedDB. */
async function freshJournal(): Promise<JournalModule> {
  vi.resetModules();
  globalThis.indexedDB = new IDBFactory();
  const journal = (await import('@/journal/journal')) as JournalModule;
  await journal.listShifts(); // opens the database now, on this factory
  return journal;
}

function portOf(journal: JournalModule): LedgerJournal {
  return {
    subscribe: journal.subscribeJournal,
    chargesUpdatedSince: journal.chargesUpdatedSince,
    getCharges: journal.getCharges,
    mergeImportedCharges: journal.mergeImportedCharges,
    listShifts: journal.listShifts,
    closeShift: journal.closeShift,
  };
}

async function startTill(
  server: LedgerServer,
  identity: { tillId: string; tillName: string },
  options: {
    password?: string;
    journal?: JournalModule;
    localName?: string;
    batchSize?: number;
    /** Called with every `since` the replicator scans the journal from. */
    onScan?: (since: number) => void;
  } = {},
): Promise<Till> {
  const journal = options.journal ?? (await freshJournal());
  const status = createLedgerStatusStore();
  const connectivity = new EventTarget();
  const logs: string[] = [];
  const till: Till = {
    journal,
    status,
    connectivity,
    logs,
    offline: false,
    replicator: null as unknown as Replicator,
    goOffline() {
      till.offline = true;
      connectivity.dispatchEvent(new Event('offline'));
    },
    goOnline() {
      till.offline = false;
      connectivity.dispatchEvent(new Event('online'));
    },
  };
  till.replicator = new Replicator({
    config: { url: server.dbUrl, user: server.user, password: options.password ?? server.password },
    till: identity,
    journal: options.onScan
      ? {
          ...portOf(journal),
          chargesUpdatedSince: (since) => {
            options.onScan!(since);
            return journal.chargesUpdatedSince(since);
          },
        }
      : portOf(journal),
    status,
    pouch: pouchWithMemory,
    adapter: 'memory',
    autoCompaction: false, // see ReplicatorOptions.autoCompaction: the memory adapter's race
    localName: options.localName ?? `mirror-${identity.tillName}-${++mirrorSerial}`,
    batchSize: options.batchSize,
    backOff: { firstMs: 100, maxMs: 800, refusedMs: 300, refusedMaxMs: 1_000 },
    heartbeatMs: 60_000,
    sweepMs: 60_000,
    connectivity,
    fetch: (input, init) =>
      till.offline ? Promise.reject(new TypeError('fetch failed (offline)')) : globalThis.fetch(input, init),
    log: (message) => logs.push(message),
  });
  tills.push(till);
  await till.replicator.start();
  return till;
}

async function journalCharges(till: Till): Promise<ChargeRecord[]> {
  return till.journal.chargesUpdatedSince(-Infinity);
}

async function chargeDocs(server: LedgerServer) {
  return (await server.allDocs()).filter((d) => d._id.startsWith('charge:'));
}

async function docWithConflicts(server: LedgerServer, id: string) {
  const r = await server.adminFetch(`/${server.db}/${encodeURIComponent(id)}?conflicts=true`);
  return (await r.json()) as Record<string, unknown> & { _conflicts?: string[]; charge: ChargeRecord };
}

/** Every leaf of a document's revision tree on the server: [{ ok: doc }] (deleted ones too). */
async function leaves(server: LedgerServer, id: string) {
  const r = await server.adminFetch(`/${server.db}/${encodeURIComponent(id)}?open_revs=all`, {
    headers: { Accept: 'application/json' },
  });
  return (await r.json()) as Array<{ ok: Record<string, unknown> & { _rev: string; _deleted?: boolean } }>;
}

const WAIT = { timeout: 15_000, interval: 50 };

async function stopTills() {
  while (tills.length) {
    const till = tills.pop()!;
    await till.replicator.stop();
    till.journal.closeJournalForTests();
  }
}

describe('shop ledger replication (pouchdb-server)', () => {
  let server: LedgerServer;

  beforeAll(async () => {
    server = await startLedgerServer();
  }, 60_000);

  afterEach(stopTills);

  afterAll(async () => {
    await server?.close();
  });

  it('the server is set up like the README’s CouchDB: only the member user may use the database', async () => {
    const auth = (user: string, password: string) => ({
      Authorization: `Basic ${btoa(`${user}:${password}`)}`,
    });
    expect((await fetch(server.dbUrl)).status).toBe(401);
    expect((await fetch(server.dbUrl, { headers: auth(server.user, server.password) })).status).toBe(200);
    expect((await fetch(server.dbUrl, { headers: auth(server.user, 'wrong') })).status).toBe(401);
    const users = await fetch(`${server.origin}/_users/_all_docs`, {
      headers: auth(server.user, server.password),
    });
    expect(users.status).not.toBe(200); // pouchdb-server answers 400 here, CouchDB 401/403: no list either way
    const config = await fetch(`${server.origin}/_config`, { headers: auth(server.user, server.password) });
    expect([401, 403]).toContain(config.status);
    // CORS for the app's origin, the Authorization header allowed.
    const preflight = await fetch(`${server.dbUrl}/_bulk_docs`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://pos.example.com',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://pos.example.com');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/);
  });

  it('both tills sell; each sees both sales; one document per charge on the ledger', async () => {
    const a = await startTill(server, TILL_A);
    const b = await startTill(server, TILL_B);
    const saleA = charge();
    const saleB = charge();
    await a.journal.recordCharge(saleA);
    await b.journal.recordCharge(saleB);

    for (const till of [a, b]) {
      await vi.waitFor(async () => {
        const ids = (await journalCharges(till)).map((c) => c.traceId).sort();
        expect(ids).toEqual([saleA.traceId, saleB.traceId].sort());
      }, WAIT);
    }
    // Each journal tells its own sales from the other till's.
    const onA = new Map(
      (await journalCharges(a)).map((c) => [c.traceId, c as ChargeRecord & { tillId?: string }]),
    );
    expect(onA.get(saleA.traceId)?.tillId).toBeUndefined();
    expect(onA.get(saleB.traceId)?.tillId).toBe(TILL_B.tillId);

    const docs = await chargeDocs(server);
    expect(docs.map((d) => [d._id, d.tillId]).sort()).toEqual(
      [
        [`charge:${saleA.traceId}`, TILL_A.tillId],
        [`charge:${saleB.traceId}`, TILL_B.tillId],
      ].sort(),
    );
    // Nothing but charges, shift closes and till cards; no credentials anywhere.
    const all = await server.allDocs();
    expect(JSON.stringify(all)).not.toContain(server.password);
    await vi.waitFor(async () => {
      expect((await a.replicator.tills()).map((t) => t.name)).toEqual(['Front', 'Terrace']);
    }, WAIT);
    await vi.waitFor(
      () => expect(a.status.getSnapshot()).toMatchObject({ state: 'synced', waiting: 0 }),
      WAIT,
    );
    expect(a.status.getSnapshot().lastSyncAt).toBeGreaterThan(0);
  }, 30_000);

  it('a till offline sells 3 times, comes back: all on the other till within 10 s, none twice', async () => {
    const a = await startTill(server, TILL_A);
    const b = await startTill(server, TILL_B);
    await vi.waitFor(() => expect(b.status.getSnapshot().state).toBe('synced'), WAIT);
    const before = (await chargeDocs(server)).length;

    b.goOffline();
    const sales = [charge(), charge(), charge()];
    for (const sale of sales) await b.journal.recordCharge(sale);
    await vi.waitFor(
      () => expect(b.status.getSnapshot()).toMatchObject({ state: 'offline', waiting: 3 }),
      WAIT,
    );
    expect((await chargeDocs(server)).length).toBe(before);

    const back = Date.now();
    b.goOnline();
    await vi.waitFor(
      async () => {
        const onA = new Set((await journalCharges(a)).map((c) => c.traceId));
        expect(sales.every((s) => onA.has(s.traceId))).toBe(true);
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(Date.now() - back).toBeLessThan(10_000);
    const docs = await chargeDocs(server);
    expect(docs.length).toBe(before + 3);
    expect(new Set(docs.map((d) => d._id)).size).toBe(docs.length);
    const onA = (await journalCharges(a)).map((c) => c.traceId);
    expect(new Set(onA).size).toBe(onA.length);
    await vi.waitFor(
      () => expect(b.status.getSnapshot()).toMatchObject({ state: 'synced', waiting: 0 }),
      WAIT,
    );
  }, 30_000);

  it('the same charge changed on both tills while apart converges to the lifecycle’s winner, losers removed', async () => {
    const a = await startTill(server, TILL_A);
    const b = await startTill(server, TILL_B);
    const sale = charge();
    await a.journal.recordCharge(sale);
    await vi.waitFor(
      async () => expect((await b.journal.getCharge(sale.traceId))?.status).toBe('open'),
      WAIT,
    );

    b.goOffline();
    // B hears MixPay say "paid" (received); later A's cashier cancels the same charge.
    const { phase: _phase, ...openRest } = sale;
    const receivedAt = Date.now();
    await b.journal.mergeImportedCharges([
      {
        ...openRest,
        tillId: TILL_A.tillId,
        status: 'received',
        endedAt: receivedAt,
        updatedAt: receivedAt,
        result: {
          status: 'success',
          quoteAmount: sale.quoteAmount,
          quoteAssetId: 'usd',
          payeeId: sale.payeeId,
        },
      } as ChargeRecord,
    ]);
    await new Promise((r) => setTimeout(r, 20));
    await a.journal.applyChargeEvent(sale.traceId, { type: 'cancel', at: Date.now() });
    const id = `charge:${sale.traceId}`;
    await vi.waitFor(
      async () => expect((await docWithConflicts(server, id)).charge.status).toBe('cancelled'),
      WAIT,
    );
    await b.replicator.flush();

    b.goOnline();
    for (const till of [a, b]) {
      await vi.waitFor(
        async () => expect((await till.journal.getCharge(sale.traceId))?.status).toBe('received'),
        WAIT,
      );
    }
    await vi.waitFor(async () => {
      const doc = await docWithConflicts(server, id);
      expect(doc.charge.status).toBe('received');
      expect(doc._conflicts ?? []).toEqual([]);
      // The losing revision is deleted: one live leaf left.
      const live = (await leaves(server, id)).filter((l) => !l.ok._deleted);
      expect(live).toHaveLength(1);
    }, WAIT);
    const all = await leaves(server, id);
    expect(all.length).toBeGreaterThan(1); // the conflict did happen, and its loser is a tombstone now
    // Both journals hold the same record (the merge's result), and keep it.
    const onA = await a.journal.getCharge(sale.traceId);
    const onB = await b.journal.getCharge(sale.traceId);
    const strip = (c: ChargeRecord | undefined) => {
      const {
        watchUntil: _w,
        lateAlert: _l,
        tillId: _t,
        ...rest
      } = (c ?? {}) as ChargeRecord & { tillId?: string };
      return rest;
    };
    expect(strip(onA)).toEqual(strip(onB));
  }, 30_000);

  it('shift closes: each till’s own on the ledger; a close for the whole shop closes the others too', async () => {
    const a = await startTill(server, TILL_A);
    const b = await startTill(server, TILL_B);
    const tillClose = Date.now() - 60_000;
    await b.journal.closeShift(tillClose);
    await vi.waitFor(async () => {
      const docs = await server.allDocs();
      expect(docs.find((d) => d._id === `shift:${TILL_B.tillId}:${tillClose}`)).toMatchObject({
        scope: 'till',
      });
    }, WAIT);
    // B's own close is B's: A's shift goes on.
    expect((await a.journal.listShifts()).map((s) => s.closedAt)).not.toContain(tillClose);

    const shopClose = Date.now();
    const record = await a.replicator.closeShopShift(shopClose);
    expect(record.closedAt).toBe(shopClose);
    await vi.waitFor(async () => {
      expect((await b.journal.listShifts()).map((s) => s.closedAt)).toContain(shopClose);
    }, WAIT);
    await vi.waitFor(async () => {
      const docs = await server.allDocs();
      expect(docs.find((d) => d._id === `shift:${TILL_A.tillId}:${shopClose}`)).toMatchObject({
        scope: 'shop',
      });
      // B closed its own shift at the same moment, with its own report.
      const onB = docs.find((d) => d._id === `shift:${TILL_B.tillId}:${shopClose}`);
      expect(onB).toMatchObject({ scope: 'till', closedAt: shopClose });
      expect(onB?.report).toBeTruthy();
    }, WAIT);
    expect((await b.replicator.shifts()).map((s) => s._id)).toEqual(
      expect.arrayContaining([`shift:${TILL_A.tillId}:${shopClose}`, `shift:${TILL_B.tillId}:${tillClose}`]),
    );
  }, 30_000);

  it('refused password: a clear status, and sales go on locally', async () => {
    const a = await startTill(server, TILL_A, { password: 'wrong' });
    await vi.waitFor(
      () => expect(a.status.getSnapshot()).toMatchObject({ state: 'refused', problem: 'password' }),
      WAIT,
    );
    const sale = charge();
    await a.journal.recordCharge(sale);
    expect((await a.journal.getCharge(sale.traceId))?.status).toBe('open');
    await vi.waitFor(
      () => expect(a.status.getSnapshot()).toMatchObject({ state: 'refused', waiting: 1 }),
      WAIT,
    );
    expect((await chargeDocs(server)).some((d) => d._id === `charge:${sale.traceId}`)).toBe(false);
  }, 30_000);

  it('a till restarted (the app reloaded) picks up where it was', async () => {
    const journal = await freshJournal();
    const a = await startTill(server, TILL_A, { journal, localName: 'mirror-reloaded' });
    const first = charge();
    await journal.recordCharge(first);
    await vi.waitFor(async () => {
      expect((await chargeDocs(server)).some((d) => d._id === `charge:${first.traceId}`)).toBe(true);
    }, WAIT);
    await a.replicator.stop();
    tills.splice(tills.indexOf(a), 1);
    const second = charge();
    await journal.recordCharge(second);
    const again = await startTill(server, TILL_A, { journal, localName: 'mirror-reloaded' });
    await vi.waitFor(async () => {
      expect((await chargeDocs(server)).some((d) => d._id === `charge:${second.traceId}`)).toBe(true);
    }, WAIT);
    await vi.waitFor(() => expect(again.status.getSnapshot().state).toBe('synced'), WAIT);
  }, 30_000);

  it('a restart scans the journal from where it was, not the whole history again', async () => {
    const journal = await freshJournal();
    await journal.mergeImportedCharges(Array.from({ length: 20 }, () => charge()));
    const scans: number[] = [];
    const a = await startTill(server, TILL_A, {
      journal,
      localName: 'mirror-scan-mark',
      onScan: (s) => scans.push(s),
    });
    await vi.waitFor(() => expect(a.status.getSnapshot().state).toBe('synced'), WAIT);
    expect(scans[0]).toBe(-Infinity); // the first start with this mirror: everything
    await a.replicator.stop();
    tills.splice(tills.indexOf(a), 1);
    const later = charge();
    await journal.recordCharge(later);
    scans.length = 0;
    const again = await startTill(server, TILL_A, {
      journal,
      localName: 'mirror-scan-mark',
      onScan: (s) => scans.push(s),
    });
    await vi.waitFor(async () => {
      expect((await chargeDocs(server)).some((d) => d._id === `charge:${later.traceId}`)).toBe(true);
    }, WAIT);
    expect(scans[0]).toBeGreaterThan(-Infinity);
    expect(scans[0]).toBeLessThanOrEqual(later.updatedAt);
    await again.replicator.reconcileAll();
    expect(scans.at(-1)).toBe(-Infinity);
  }, 30_000);

  it('Test ledger against the server: OK, refused password, no database, unreachable', async () => {
    const config = { url: server.dbUrl, user: server.user, password: server.password };
    expect(await testLedger(config)).toMatchObject({ ok: true, outcome: 'ok' });
    expect(await testLedger({ ...config, password: 'nope' })).toMatchObject({ outcome: 'refused' });
    expect(await testLedger({ ...config, url: `${server.origin}/no-such-db` })).toMatchObject({
      outcome: 'no-database',
    });
    expect(await testLedger({ ...config, url: 'http://127.0.0.1:9/ledger' })).toMatchObject({
      outcome: 'unreachable',
    });
  }, 30_000);
});

describe('shop ledger: the server stopped and restarted mid-replication', () => {
  afterEach(stopTills);

  it('on disk (a restart keeps its data): nothing lost, nothing doubled', async () => {
    const server = await startLedgerServer({ inMemory: false });
    try {
      const journal = await freshJournal();
      const history = Array.from({ length: 300 }, () => charge());
      await journal.mergeImportedCharges(history);
      const a = await startTill(server, TILL_A, { journal, batchSize: 10 });
      const b = await startTill(server, TILL_B, { batchSize: 10 });
      // Mid-replication: some of the history is on the server, not all.
      let onServer = 0;
      await vi.waitFor(async () => {
        onServer = (await chargeDocs(server)).length;
        expect(onServer).toBeGreaterThanOrEqual(30);
      }, WAIT);
      await server.stop({ hard: true });
      expect(onServer).toBeLessThan(history.length);
      const during = [charge(), charge()];
      for (const sale of during) await a.journal.recordCharge(sale);
      const onB = [charge()];
      await b.journal.recordCharge(onB[0]);
      await vi.waitFor(() => expect(a.status.getSnapshot().state).toBe('offline'), WAIT);
      await server.start();

      const expected = new Set([...history, ...during, ...onB].map((c) => c.traceId));
      for (const till of [a, b]) {
        await vi.waitFor(
          async () => {
            const ids = (await journalCharges(till)).map((c) => c.traceId);
            expect(ids.length).toBe(expected.size);
            expect(new Set(ids)).toEqual(expected);
          },
          { timeout: 30_000, interval: 100 },
        );
      }
      const docs = await chargeDocs(server);
      expect(docs.length).toBe(expected.size);
      expect(new Set(docs.map((d) => d._id)).size).toBe(expected.size);
    } finally {
      await stopTills();
      await server.close();
    }
  }, 60_000);

  it('in memory (a restart comes back EMPTY): the tills send everything again', async () => {
    const server = await startLedgerServer({ inMemory: true });
    try {
      const a = await startTill(server, TILL_A, { batchSize: 10 });
      const b = await startTill(server, TILL_B, { batchSize: 10 });
      const salesA = Array.from({ length: 40 }, () => charge());
      const salesB = Array.from({ length: 40 }, () => charge());
      await a.journal.mergeImportedCharges(salesA);
      await b.journal.mergeImportedCharges(salesB);
      await vi.waitFor(
        async () => expect((await chargeDocs(server)).length).toBeGreaterThanOrEqual(10),
        WAIT,
      );
      await server.stop();
      await server.start();
      const expected = new Set([...salesA, ...salesB].map((c) => c.traceId));
      await vi.waitFor(
        async () => {
          const docs = await chargeDocs(server);
          expect(new Set(docs.map((d) => d._id.slice('charge:'.length)))).toEqual(expected);
        },
        { timeout: 30_000, interval: 100 },
      );
      for (const till of [a, b]) {
        await vi.waitFor(
          async () => expect(new Set((await journalCharges(till)).map((c) => c.traceId))).toEqual(expected),
          { timeout: 30_000, interval: 100 },
        );
      }
    } finally {
      await stopTills();
      await server.close();
    }
  }, 60_000);
});
