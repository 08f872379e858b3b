/**
 * The shop ledger's bench (issue #14): `npx tsx bench/ledger.ts` after `npm run build` and
 * `npm run build:sandbox` (`npm run bench` runs it at the end). Starts the sandbox app server and a
 * CouchDB-compatible ledger (pouchdb-server, e2e/support/ledger-server.ts) on 127.0.0.1 itself,
 * prints a table and writes bench/ledger-results.json.
 *
 * l1. Replication to a fresh till: the ledger holds --charges (default 10,000) sales of 4 tills;
 *     a new tablet is given the ledger (settings stored, page reloaded at t0) and the time until
 *     every sale is in its journal is measured. Budget 30 s.
 * l2. History with those sales from 4 tills, opened on one of the tills (its own quarter under
 *     "This till", as a cashier opens it) and switched to "All tills": tap → the day's first page
 *     of charges and the day's totals on screen, timed in the page. Budget 200 ms.
 * l3. Initial JS+CSS of the production build (dist/, no ledger configured), gzip: the ledger's code
 *     and PouchDB are separate chunks, none of them in the first download.
 *
 * Options: --charges N, --runs N (history opens, default 3), --quick (2,000 charges).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../e2e/support/chromium';
import { startLedgerServer, type LedgerServer } from '../e2e/support/ledger-server';
import { seedSettings } from '../e2e/support/seed';
import { startServer } from '../sandbox/server';
import { initialBundle } from '../scripts/bundle-size';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = args.includes('--quick');
const CHARGES = Number(flag('--charges') ?? (quick ? 2_000 : 10_000));
const RUNS = Number(flag('--runs') ?? 3);
const TILLS = [
  { tillId: '11111111-1111-4111-8111-111111111111', name: 'Front' },
  { tillId: '22222222-2222-4222-8222-222222222222', name: 'Terrace' },
  { tillId: '33333333-3333-4333-8333-333333333333', name: 'Bar' },
  { tillId: '44444444-4444-4444-8444-444444444444', name: 'Kiosk' },
];
const FRESH_TILL = { tillId: '55555555-5555-4555-8555-555555555555', tillName: 'New tablet' };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x: number) => `${Math.round(x)} ms`;

/** A ledger charge document as a till writes it (src/ledger/ledger-doc.ts), keys sorted. */
function chargeDoc(i: number, now: number) {
  const till = TILLS[i % TILLS.length];
  const traceId = `${String(i).padStart(8, '0')}-0000-4000-8000-${till.tillId.replace(/-/g, '').slice(0, 12)}`;
  const createdAt = now - 600_000 - i * 45_000; // one sale every 45 s, going back about 5 days
  const statuses = ['received', 'received', 'received', 'failed', 'expired', 'cancelled', 'mismatch'];
  const status = statuses[i % statuses.length];
  const charge: Record<string, unknown> = {
    createdAt,
    endedAt: createdAt + 30_000,
    expiredTimestamp: Math.floor(createdAt / 1000) + 900,
    link: `http://127.0.0.1/sandbox/pay?traceId=${traceId}`,
    linkFellBack: false,
    linkMode: 'paylink',
    payeeId: '3e5d1b0f-6a2c-4c7e-9f41-2b8d7a9c0e15',
    quoteAmount: `${(i % 97) + 1}.${String(i % 100).padStart(2, '0')}`,
    quoteAssetId: i % 5 === 0 ? 'eur' : 'usd',
    quoteDecimals: 2,
    quoteIsFiat: true,
    quoteSymbol: i % 5 === 0 ? 'EUR' : 'USD',
    settlementAssetId: '4d8c508b-91c5-375b-92b0-ee702ed2dac5',
    shopName: 'Bench Café',
    status,
    strictMode: false,
    tillId: till.tillId,
    tillName: till.name,
    traceId,
    updatedAt: createdAt + 30_000,
  };
  if (status === 'received') {
    charge.result = {
      paymentAmount: '0.00018985',
      paymentAssetId: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa',
      paymentSymbol: 'BTC',
      payeeId: '3e5d1b0f-6a2c-4c7e-9f41-2b8d7a9c0e15',
      quoteAmount: charge.quoteAmount,
      quoteAssetId: charge.quoteAssetId,
      status: 'success',
      txid: `tx${i}`,
    };
  }
  return { _id: `charge:${traceId}`, charge, tillId: till.tillId, type: 'charge', v: 1 };
}

async function fillLedger(ledger: LedgerServer, count: number) {
  const now = Date.now();
  const cards = TILLS.map((t) => ({
    _id: `till:${t.tillId}`,
    name: t.name,
    seenAt: now,
    tillId: t.tillId,
    type: 'till',
    v: 1,
  }));
  for (let start = 0; start < count; start += 1_000) {
    const docs: object[] = [];
    for (let i = start; i < Math.min(count, start + 1_000); i++) docs.push(chargeDoc(i, now));
    if (start === 0) docs.push(...cards);
    const r = await ledger.adminFetch(`/${ledger.db}/_bulk_docs`, {
      method: 'POST',
      body: JSON.stringify({ docs }),
    });
    if (!r.ok) throw new Error(`_bulk_docs answered ${r.status}: ${await r.text()}`);
    await r.body?.cancel();
  }
}

function journalCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('mixpay-pos-journal');
        open.onsuccess = () => {
          try {
            const count = open.result.transaction('charges', 'readonly').objectStore('charges').count();
            count.onsuccess = () => {
              open.result.close();
              resolve(count.result);
            };
            count.onerror = () => resolve(-1);
          } catch {
            resolve(-1);
          }
        };
        open.onerror = () => resolve(-1);
      }),
  );
}

/** Rewrites the stored settings (what the settings screen would save), then reloads. */
async function storeSettings(page: Page, patch: Record<string, unknown>) {
  await page.evaluate(
    (patch) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('mixpay-pos-settings');
        open.onsuccess = () => {
          const tx = open.result.transaction('settings', 'readwrite');
          const store = tx.objectStore('settings');
          const get = store.get('settings');
          get.onsuccess = () => store.put({ ...get.result, ...patch }, 'settings');
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
    patch,
  );
}

/** In the page: resolves with the ms from `start()` to the day's first page and totals on screen. */
function whenHistoryShown(page: Page, trigger: 'history-button' | 'all-tills'): Promise<number> {
  return page.evaluate(
    (trigger) =>
      new Promise<number>((resolve, reject) => {
        let start = 0;
        if (trigger === 'history-button') {
          const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'History');
          if (!button) {
            reject(new Error('no History button: not on the keypad'));
            return;
          }
          button.addEventListener('pointerdown', () => (start = performance.now()), { once: true });
        } else {
          const select = document.querySelector<HTMLSelectElement>('#history-tills')!;
          select.addEventListener('change', () => (start = performance.now()), { once: true, capture: true });
        }
        const done = () => {
          const list = document.querySelector('[aria-label="Charges"]');
          const totals = document.querySelector('[aria-labelledby="day-totals"]');
          const rows = list ? [...list.children] : [];
          const shown =
            start &&
            rows.length >= 50 &&
            totals &&
            !totals.textContent?.includes('Adding up') &&
            // "All tills": the rows name their till.
            (trigger !== 'all-tills' || rows.some((r) => r.querySelector('.till-name')));
          if (shown) {
            observer.disconnect();
            resolve(performance.now() - start);
          }
        };
        const observer = new MutationObserver(done);
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      }),
    trigger,
  );
}

export async function runLedgerBench(): Promise<Record<string, unknown>> {
  const choice = findChromium();
  if (choice.kind === 'none') throw new Error('No Chromium: run `npx tsx scripts/ensure-chromium.ts` first');
  const rows: Array<[string, string, string, string]> = [];
  const results: Record<string, unknown> = { date: new Date().toISOString(), charges: CHARGES };
  const server = await startServer({ port: 0 });
  const ledger = await startLedgerServer();
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({
      executablePath: choice.kind === 'system' ? choice.path : undefined,
      args: CHROMIUM_ARGS,
    });
    const filledAt = Date.now();
    await fillLedger(ledger, CHARGES);
    results.fillSeconds = (Date.now() - filledAt) / 1000;

    // l1. A fresh till is given the ledger.
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
    await context.addInitScript('globalThis.__name = (f) => f');
    const page = await context.newPage();
    await seedSettings(page, { ...FRESH_TILL, linkMode: 'paylink' });
    await storeSettings(page, {
      ledger: { url: ledger.dbUrl, user: ledger.user, password: ledger.password },
    });
    const t0 = Date.now();
    await page.reload();
    let count = 0;
    while (count < CHARGES) {
      if (Date.now() - t0 > 180_000) throw new Error(`Only ${count} of ${CHARGES} charges after 180 s`);
      await new Promise((r) => setTimeout(r, 100));
      count = await journalCount(page);
    }
    const replicateMs = Date.now() - t0;
    console.log(`l1: ${count} charges in ${replicateMs} ms`);
    results.replicateToFreshTillMs = replicateMs;
    rows.push([
      `l1. ${CHARGES.toLocaleString('en')} charges → a fresh till`,
      `${(replicateMs / 1000).toFixed(1)} s`,
      'settings stored → all in its journal',
      'budget 30 s',
    ]);

    // l2. History on one of the 4 tills (its id given to this tablet: its journal has every sale).
    await storeSettings(page, { tillId: TILLS[0].tillId, tillName: TILLS[0].name });
    const thisTill: number[] = [];
    const allTills: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // The keypad, not a reload: a reload brings back the screen the last run left open (History).
      await page.goto('/');
      await page.getByRole('button', { name: 'History' }).waitFor();
      // A running till (the ledger's live feed keeps a request open: no "network idle" here).
      await new Promise((r) => setTimeout(r, 2_000));
      const shown = whenHistoryShown(page, 'history-button');
      await page.getByRole('button', { name: 'History' }).click();
      thisTill.push(await shown);
      // The cashier looks at the screen before switching: the shift summary has added up.
      await page.waitForFunction(
        () => !document.querySelector('[aria-labelledby="shift-title"] p')?.textContent?.includes('…'),
        undefined,
        { timeout: 30_000 },
      );
      await new Promise((r) => setTimeout(r, 500));
      const all = whenHistoryShown(page, 'all-tills');
      await page.getByRole('combobox', { name: 'Tills' }).selectOption({ label: 'All tills' });
      allTills.push(await all);
    }
    results.history = {
      charges: CHARGES,
      tills: TILLS.length,
      thisTillOpenMs: thisTill,
      allTillsMs: allTills,
      medianThisTillOpenMs: median(thisTill),
      medianAllTillsMs: median(allTills),
    };
    rows.push([
      `l2. History open, ${CHARGES.toLocaleString('en')} charges of 4 tills`,
      `median ${ms(median(thisTill))}`,
      `"This till", runs ${thisTill.map(ms).join(', ')}`,
      'budget 200 ms',
    ]);
    rows.push([
      '    … then "All tills"',
      `median ${ms(median(allTills))}`,
      `runs ${allTills.map(ms).join(', ')}`,
      'budget 200 ms',
    ]);
    await context.close();
  } finally {
    await browser?.close();
    await ledger.close();
    await server.close();
  }

  // l3. The first download with no ledger configured.
  try {
    const bundle = initialBundle('dist');
    results.initialBundleGzipBytes = bundle.gzip;
    rows.push([
      'l3. initial JS+CSS (dist/, gzip), no ledger',
      `${(bundle.gzip / 1024).toFixed(1)} KB`,
      bundle.files.map((f) => f.file.split('/').pop()).join(' '),
      'no ledger or PouchDB code',
    ]);
  } catch {
    rows.push(['l3. initial JS+CSS', 'no dist/', 'run `npm run build` first', '']);
  }

  const widths = [44, 16, 44, 16];
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' │ ');
  console.log();
  console.log(line(['shop ledger', 'value', 'spread', 'note']));
  console.log(widths.map((w) => '─'.repeat(w)).join('─┼─'));
  for (const row of rows) console.log(line(row));
  mkdirSync('bench', { recursive: true });
  writeFileSync('bench/ledger-results.json', `${JSON.stringify(results, null, 2)}\n`);
  console.log('written: bench/ledger-results.json');
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runLedgerBench().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
