/**
 * `npm run bench`: measures the cashier app against the sandbox in Chromium, prints a table and
 * writes bench/results.json. The npm script makes both builds first.
 *
 * a/b. Detection latency and polls per minute. Customer model: the QR goes up, the customer scans
 *      and opens the link 4–12 s later (phone out, camera or Mixin's scanner), then pays at a random
 *      moment 3–10 s after opening (pick a wallet, confirm, PIN). Latency runs from just before the
 *      sandbox is told "paid" (Node clock) to the moment "Payment received" is in the page (a
 *      MutationObserver in the page; same machine clock). Several tills run side by side so the
 *      bench stays short; each is its own browser context, and the sandbox's per-address rate
 *      limit is raised for the bench since all tills share 127.0.0.1.
 *    Plus a long wait: a link opened and never paid, polled for over a minute.
 * c.   Charge tap → QR in the DOM, timed in the page, paylink mode.
 *      And in one-time link mode: tap → QR against the one_time_payment round trip (resource timing).
 * d.   Cold load to an interactive keypad (settings stored, no service worker, empty HTTP cache)
 *      with 4× CPU throttling and Lighthouse's "slow 4G" network (150 ms RTT, 1.6 Mbps down,
 *      750 kbps up); warm load from the service worker with the same CPU throttling.
 * e.   JS heap (after forced GC) after 10 and after 300 consecutive paid charges on one till. To
 *      keep this short the customer pays as soon as the QR is up and the page's clock (Playwright's)
 *      skips the 4 s before the first poll.
 * f.   Initial JS+CSS of the production build, gzip; history open time with 10,000 charges, and
 *      IndexedDB bytes per 1,000 charges (navigator.storage.estimate before/after).
 *
 * g.   A shop: N = 1, 3, 6, 10 tablets (browser contexts) on one sandbox enforcing MixPay's 60
 *      requests/min for all of them (one client address). Each tablet sells --shop-charges charges
 *      one after another (one by default; a lone tablet 10, for a median and a p95); each customer
 *      opens the link (and picks how to pay) 2–5 s before paying, and pays at a random moment
 *      6–40 s after the QR appears. Per N: detection median / p95 /
 *      worst, result polls per minute per waiting charge and in all, 1429 answers, the longest gap
 *      between two polls of a waiting charge, and charges not seen within 60 s.
 *
 * Options: --charges N (default 30), --tills N (default 3), --only a,c,d,e,f,g (sections),
 * --shop 1,3,6,10 (section g's shop sizes), --shop-charges N (default 1, and 10 for a lone tablet),
 * --shop-between a,b (seconds a cashier takes between two sales, default 0,0: back to back),
 * --shop-lists kept (tablets that keep yesterday's currency list; default fresh), --quick.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../e2e/support/chromium';
import { SandboxControl } from '../e2e/support/sandbox-control';
import { seedSettings } from '../e2e/support/seed';
import { startServer } from '../sandbox/server';
import { initialBundle } from '../scripts/bundle-size';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = args.includes('--quick');
const CHARGES = Number(flag('--charges') ?? (quick ? 9 : 30));
const TILLS = Number(flag('--tills') ?? 3);
const LONG_WAIT_MS = quick ? 30_000 : 120_000;
const HEAP_CHARGES = quick ? 60 : 300;
const only = flag('--only')?.split(',');
const SHOP_SIZES = (flag('--shop') ?? '1,3,6,10').split(',').map(Number);
// One charge per tablet, as the shop issue describes it (each tablet with a charge, paid 6–40 s
// after its QR); --shop-charges 3 sells three back to back on each, a busier shop than that. A lone
// tablet sells 10 one after another: its targets are a median and a p95, and one charge is one
// sample (a lone till is not paced, so its sales do not crowd each other).
const SHOP_CHARGES_FLAG = flag('--shop-charges');
const shopCharges = (tablets: number) =>
  SHOP_CHARGES_FLAG !== undefined ? Number(SHOP_CHARGES_FLAG) : tablets === 1 ? 10 : 1;
/**
 * Section g's tablets: 'fresh' (default: new browser contexts, nothing cached) or 'kept' (each
 * tablet first loads the app once, so its currency list is kept, then that list is aged past its
 * hour of freshness: a shop whose tills were set up before, opening in the morning).
 */
const SHOP_LISTS = flag('--shop-lists') ?? 'fresh';
/** Seconds a cashier takes between two sales (default 0,0: back to back, the harshest case). */
const SHOP_BETWEEN = (flag('--shop-between') ?? '0,0').split(',').map((s) => Number(s) * 1000);
const want = (section: string) => !only || only.includes(section);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = (lo: number, hi: number) => lo + Math.random() * (hi - lo);
function quantile(xs: number[], q: number) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
}
const median = (xs: number[]) => quantile(xs, 0.5);
const ms = (x: number) => `${Math.round(x)} ms`;

type Row = [string, string, string, string];
const rows: Row[] = [];
const results: Record<string, unknown> = { date: new Date().toISOString(), longWait: {}, shop: [] };

/** Resolves (in the page) with the wall-clock time a heading with this text appears. */
function whenHeadingAppears(page: Page, text: string): Promise<number> {
  return page.evaluate(
    (wanted) =>
      new Promise<number>((resolve) => {
        const found = () => [...document.querySelectorAll('h1')].some((h) => h.textContent === wanted);
        if (found()) return resolve(performance.timeOrigin + performance.now());
        const observer = new MutationObserver(() => {
          if (found()) {
            observer.disconnect();
            resolve(performance.timeOrigin + performance.now());
          }
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      }),
    text,
  );
}

async function typeAmount(page: Page, keys: string) {
  for (const key of keys) await page.getByRole('button', { name: key, exact: true }).click();
}

/** Charge tap → QR in the DOM, timed in the page (pointer-down to the QR element's insertion). */
async function chargeAndTimeQr(page: Page): Promise<{ link: string; qrMs: number }> {
  const timing = page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Charge')!;
        let start = 0;
        button.addEventListener('pointerdown', () => (start = performance.now()), { once: true });
        const observer = new MutationObserver(() => {
          if (start && document.querySelector('[aria-label="Payment QR code"]')) {
            observer.disconnect();
            resolve(performance.now() - start);
          }
        });
        observer.observe(document.body, { childList: true, subtree: true });
      }),
  );
  await page.getByRole('button', { name: 'Charge' }).click();
  const qrMs = await timing;
  const link = await page.getByLabel('Payment link').inputValue();
  return { link, qrMs };
}

function traceOf(link: string) {
  const url = new URL(link);
  return url.searchParams.get('traceId') ?? url.pathname.split('/').pop()!;
}

async function newTill(browser: Browser, baseURL: string, settings: Record<string, unknown> = {}) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  // tsx (esbuild keepNames) wraps named functions in __name(); page.evaluate code needs it too.
  await context.addInitScript('globalThis.__name = (f) => f');
  const page = await context.newPage();
  await seedSettings(page, { linkMode: 'paylink', ...settings });
  return { context, page };
}

/**
 * Waits until the app has kept its currency list (React Query's persisted cache in IndexedDB), then
 * leaves the app (for a same-origin page the service worker does not answer with it, so that the
 * app's own persister cannot write over this) and makes every kept query two hours old, as if kept
 * from yesterday. The tablet opens the app again when the shop opens.
 */
async function ageKeptLists(page: Page) {
  // The cashier reaches for the picker: a USD till asks for its currency list now.
  await page.getByLabel('Currency').focus();
  const editKept = (age: boolean) =>
    page.evaluate(async (age) => {
      const KEY = 'REACT_QUERY_OFFLINE_CACHE';
      const request = <T>(r: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
      // Opened only once the app made it: opening it first would create it without its store.
      if (!(await indexedDB.databases()).some((d) => d.name === 'mixpay-pos-cache')) return false;
      const db = await request(indexedDB.open('mixpay-pos-cache'));
      try {
        const raw = (await request(db.transaction('queries').objectStore('queries').get(KEY))) as
          string | undefined;
        const kept = raw ? JSON.parse(raw) : null;
        const queries = (kept?.clientState?.queries ?? []) as Array<{
          queryKey: unknown[];
          state: { dataUpdatedAt: number };
        }>;
        if (!queries.some((q) => q.queryKey.includes('quote-assets'))) return false;
        if (!age) return true;
        for (const q of queries) q.state.dataUpdatedAt -= 2 * 3_600_000;
        await request(
          db.transaction('queries', 'readwrite').objectStore('queries').put(JSON.stringify(kept), KEY),
        );
        return true;
      } finally {
        db.close();
      }
    }, age);
  const until = Date.now() + 20_000;
  while (!(await editKept(false))) {
    if (Date.now() > until) throw new Error('the currency list was not kept within 20 s');
    await sleep(100);
  }
  await sleep(500); // the persister writes at most every 250 ms: let its last write land
  await page.goto('/sandbox/bench-closed');
  if (!(await editKept(true))) throw new Error('the kept currency list went missing');
}

async function measureDetection(browser: Browser, baseURL: string, sandbox: SandboxControl) {
  await sandbox.config({ rateLimitPerMinute: 60 * TILLS });
  const latencies: number[] = [];
  const rates: number[] = [];
  const qrTimes: number[] = [];
  const busiest: number[] = [];
  let next = 0;
  const till = async (n: number) => {
    // Staggered starts: several Chromium pages loading at once on two cores would time the load.
    await sleep((n - 1) * 3_000);
    const { context, page } = await newTill(browser, baseURL);
    while (next < CHARGES) {
      const i = next++;
      await typeAmount(page, String(100 + i));
      const { link, qrMs } = await chargeAndTimeQr(page);
      qrTimes.push(qrMs);
      const traceId = traceOf(link);
      const shownAt = Date.now();
      await sleep(between(4_000, 12_000));
      await sandbox.open(link, { choose: true });
      await sleep(between(3_000, 10_000));
      const seen = whenHeadingAppears(page, 'Payment received');
      const paidAt = Date.now();
      await sandbox.pay(traceId);
      const seenAt = await seen;
      latencies.push(seenAt - paidAt);
      const polls = (await sandbox.requests('/v1/payments_result')).requests.filter(
        (r) => r.query.traceId === traceId,
      );
      rates.push((polls.length / (seenAt - shownAt)) * 60_000);
      const times = polls.map((r) => r.at);
      busiest.push(Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 60_000).length)));
      await page.getByRole('button', { name: 'New sale' }).click();
      process.stdout.write(`  till ${n}: charge ${i + 1}/${CHARGES} ${ms(seenAt - paidAt)}\n`);
    }
    await context.close();
  };
  await Promise.all(Array.from({ length: TILLS }, (_, n) => till(n + 1)));
  const meanRate = rates.reduce((a, b) => a + b, 0) / rates.length;
  results.detectionLatencyMs = {
    charges: CHARGES,
    median: median(latencies),
    p95: quantile(latencies, 0.95),
    worst: Math.max(...latencies),
    all: latencies,
  };
  results.pollsPerMinuteWhilePaying = { mean: meanRate, busiest60sMax: Math.max(...busiest) };
  results.chargeToQrPaylinkMs = { median: median(qrTimes), worst: Math.max(...qrTimes) };
  rows.push([
    'a. paid → "Payment received"',
    `median ${ms(median(latencies))}`,
    `p95 ${ms(quantile(latencies, 0.95))}, worst ${ms(Math.max(...latencies))}`,
    `${CHARGES} charges`,
  ]);
  rows.push([
    'b. result polls/min, QR shown → received',
    `mean ${meanRate.toFixed(1)}`,
    `most in any 60 s: ${Math.max(...busiest)}`,
    'cap 40 in any 60 s',
  ]);
  rows.push([
    'c. Charge tap → QR visible (paylink)',
    `median ${ms(median(qrTimes))}`,
    `worst ${ms(Math.max(...qrTimes))}`,
    `${CHARGES} charges`,
  ]);
}

async function measureLongWait(
  browser: Browser,
  baseURL: string,
  sandbox: SandboxControl,
  linkMode: 'paylink' | 'one-time',
) {
  const { context, page } = await newTill(browser, baseURL, { linkMode });
  await typeAmount(page, '4200');
  const { link } = await chargeAndTimeQr(page);
  const traceId = traceOf(link);
  const start = Date.now();
  await sleep(5_000);
  // The customer opens the page and picks how to pay, then never pays.
  await sandbox.open(link, { choose: true });
  await sleep(LONG_WAIT_MS - 5_000);
  const times = (await sandbox.requests('/v1/payments_result')).requests
    .filter((r) => r.query.traceId === traceId)
    .map((r) => r.at);
  const busiest = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 60_000).length));
  const perMinute = (times.length / (Date.now() - start)) * 60_000;
  (results.longWait as Record<string, unknown>)[linkMode] = {
    seconds: LONG_WAIT_MS / 1000,
    requests: times.length,
    perMinute,
    busiest60s: busiest,
  };
  rows.push([
    `b. polls, ${linkMode} opened, unpaid ${LONG_WAIT_MS / 1000} s`,
    `${perMinute.toFixed(1)}/min`,
    `most in any 60 s: ${busiest}`,
    'target ≤ 20/min',
  ]);
  await context.close();
}

/** Section g: N tablets of one shop sharing MixPay's 60 requests/min. */
async function measureShop(browser: Browser, baseURL: string, sandbox: SandboxControl, tablets: number) {
  await sandbox.reset();
  await sandbox.config({ rateLimitPerMinute: 60 });
  const latencies: number[] = [];
  const perCharge: number[] = [];
  const stalls: number[] = [];
  let unseen = 0;
  // Tills set up before: each has loaded once and keeps yesterday's currency list.
  const kept: Array<Awaited<ReturnType<typeof newTill>>> = [];
  if (SHOP_LISTS === 'kept') {
    for (let n = 0; n < tablets; n++) {
      const till = await newTill(browser, baseURL, { linkMode: 'one-time' });
      await ageKeptLists(till.page);
      kept.push(till);
    }
    await sandbox.reset();
    await sandbox.config({ rateLimitPerMinute: 60 });
  }
  const runStart = Date.now();
  const events: Array<Record<string, number | string | null>> = [];
  const till = async (n: number) => {
    // Tablets come on within a few seconds of each other, as a shop opens.
    await sleep(n * between(300, 1_200));
    const { context, page } = kept[n] ?? (await newTill(browser, baseURL, { linkMode: 'one-time' }));
    if (kept[n]) await page.goto('/');
    for (let i = 0; i < shopCharges(tablets); i++) {
      if (i > 0) await sleep(between(SHOP_BETWEEN[0], SHOP_BETWEEN[1]));
      await typeAmount(page, String(200 + n * 10 + i));
      const { link } = await chargeAndTimeQr(page);
      const traceId = traceOf(link);
      const shownAt = Date.now();
      const payAt = shownAt + between(6_000, 40_000);
      await sleep(Math.max(0, payAt - between(2_000, 5_000) - Date.now()));
      const openedAt = Date.now();
      await sandbox.open(link, { choose: true });
      await sleep(Math.max(0, payAt - Date.now()));
      const seen = whenHeadingAppears(page, 'Payment received');
      const paidAt = Date.now();
      await sandbox.pay(traceId);
      const seenAt = await Promise.race([seen, sleep(60_000).then(() => null)]);
      if (seenAt === null) {
        unseen += 1;
        await page.reload();
      } else latencies.push(seenAt - paidAt);
      events.push({ tablet: n, charge: i, traceId, shownAt, openedAt, paidAt, seenAt });
      const until = seenAt ?? Date.now();
      const times = (await sandbox.requests('/v1/payments_result')).requests
        .filter((r) => r.query.traceId === traceId && r.at <= until)
        .map((r) => r.at);
      perCharge.push((times.length / (until - shownAt)) * 60_000);
      const marks = [shownAt + 4_000, ...times.filter((t) => t >= shownAt + 4_000), until];
      stalls.push(Math.max(...marks.slice(1).map((t, k) => t - marks[k])));
      await page
        .getByRole('button', { name: 'New sale' })
        .click()
        .catch(() => undefined);
      process.stdout.write(
        `  shop of ${tablets}: tablet ${n + 1} charge ${i + 1}: ${seenAt ? ms(seenAt - paidAt) : 'not seen'}\n`,
      );
    }
    await context.close();
  };
  await Promise.all(Array.from({ length: tablets }, (_, n) => till(n)));
  const runMs = Date.now() - runStart;
  const { requests } = await sandbox.requests();
  // For looking into a run: every request MixPay saw and every charge's moments.
  if (process.env.BENCH_SHOP_LOG) {
    writeFileSync(
      `${process.env.BENCH_SHOP_LOG}-${tablets}.json`,
      JSON.stringify({ runStart, events, requests }),
    );
  }
  const limited = requests.filter((r) => r.status === 429 || r.code === 1429).length;
  const polls = requests.filter((r) => r.path === '/v1/payments_result').length;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const byPath: Record<string, number> = {};
  for (const r of requests) byPath[r.path] = (byPath[r.path] ?? 0) + 1;
  const perMinuteByPath = Object.fromEntries(
    Object.entries(byPath).map(([path, n]) => [path, Math.round((n / runMs) * 60_000 * 10) / 10]),
  );
  const summary = {
    tablets,
    betweenSalesMs: SHOP_BETWEEN,
    perMinuteByPath,
    charges: tablets * shopCharges(tablets),
    detectionMs: { median: median(latencies), p95: quantile(latencies, 0.95), worst: Math.max(...latencies) },
    resultPollsPerMinutePerCharge: mean(perCharge),
    resultPollsPerMinuteAll: (polls / runMs) * 60_000,
    answers1429: limited,
    longestStallMs: Math.max(...stalls),
    notSeenWithin60s: unseen,
  };
  (results.shop as unknown[]).push(summary);
  rows.push([
    `g. shop of ${tablets}: paid → received`,
    `median ${ms(summary.detectionMs.median)}`,
    `p95 ${ms(summary.detectionMs.p95)}, worst ${ms(summary.detectionMs.worst)}`,
    `${summary.charges} charges, ${unseen} unseen in 60 s`,
  ]);
  rows.push([
    `g. shop of ${tablets}: result polls/min`,
    `${summary.resultPollsPerMinutePerCharge.toFixed(1)} per charge`,
    `${summary.resultPollsPerMinuteAll.toFixed(1)} in all, longest stall ${ms(summary.longestStallMs)}`,
    `${limited} answers 1429`,
  ]);
  console.log(`  shop of ${tablets}: requests/min by path ${JSON.stringify(perMinuteByPath)}`);
}

/** 10,000 charges written straight into the journal's IndexedDB, then History opened. */
async function measureHistory(browser: Browser, baseURL: string) {
  const { context, page } = await newTill(browser, baseURL);
  const fill = (from: number, count: number) =>
    page.evaluate(
      ({ from, count }) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('mixpay-pos-journal');
          open.onsuccess = () => {
            const tx = open.result.transaction('charges', 'readwrite');
            const store = tx.objectStore('charges');
            const now = Date.now();
            const statuses = [
              'received',
              'received',
              'received',
              'failed',
              'expired',
              'cancelled',
              'mismatch',
            ];
            for (let i = from; i < from + count; i++) {
              const traceId = `bench-${String(i).padStart(8, '0')}-4000-8000-000000000000`;
              const createdAt = now - i * 45_000; // one sale every 45 s going back about 5 days
              const status = statuses[i % statuses.length];
              store.put({
                traceId,
                createdAt,
                updatedAt: createdAt + 30_000,
                endedAt: createdAt + 30_000,
                // The cashier moved on from each result (else the newest would come back on screen).
                acknowledgedAt: createdAt + 31_000,
                shopName: 'Bench Café',
                payeeId: '3e5d1b0f-6a2c-4c7e-9f41-2b8d7a9c0e15',
                settlementAssetId: '4d8c508b-91c5-375b-92b0-ee702ed2dac5',
                strictMode: false,
                quoteAssetId: i % 5 === 0 ? 'eur' : 'usd',
                quoteSymbol: i % 5 === 0 ? 'EUR' : 'USD',
                quoteDecimals: 2,
                quoteIsFiat: true,
                quoteAmount: `${(i % 97) + 1}.${String(i % 100).padStart(2, '0')}`,
                remark: i % 3 === 0 ? `Table ${i % 20}` : undefined,
                expiredTimestamp: Math.floor(createdAt / 1000) + 900,
                linkMode: 'paylink',
                linkFellBack: false,
                link: `${location.origin}/sandbox/pay?payeeId=3e5d1b0f-6a2c-4c7e-9f41-2b8d7a9c0e15&quoteAssetId=usd&quoteAmount=12.34&settlementAssetId=4d8c508b-91c5-375b-92b0-ee702ed2dac5&traceId=${traceId}`,
                status,
                result:
                  status === 'received'
                    ? {
                        status: 'success',
                        quoteAmount: '12.34',
                        quoteAssetId: 'usd',
                        payeeId: '3e5d1b0f-6a2c-4c7e-9f41-2b8d7a9c0e15',
                        paymentAmount: '0.00018985',
                        paymentSymbol: 'BTC',
                        paymentAssetId: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa',
                        txid: `tx${i}`,
                        date: Math.floor(createdAt / 1000),
                      }
                    : undefined,
              });
            }
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          };
          open.onerror = () => reject(open.error);
        }),
      { from, count },
    );
  const usage = () => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  const before = await usage();
  await fill(0, 1000);
  const afterThousand = await usage();
  await fill(1000, 9000);
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    // The keypad, not a reload: a reload brings back the screen the last run left open (History).
    await page.goto('/');
    await page.getByRole('button', { name: 'History' }).waitFor();
    // Open History on a running till, as a cashier would: not in the app's first second.
    await page.waitForLoadState('networkidle');
    await sleep(1_000);
    const shown = page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const buttons = [...document.querySelectorAll('button')];
          const button = buttons.find((b) => b.textContent?.trim() === 'History');
          if (!button) {
            reject(new Error(`no History button among ${buttons.map((b) => b.textContent).join(' | ')}`));
            return;
          }
          let start = 0;
          button.addEventListener('pointerdown', () => (start = performance.now()), { once: true });
          const observer = new MutationObserver(() => {
            const list = document.querySelector('[aria-label="Charges"]');
            // Open = the day's first page of charges and the day's totals are on screen (the
            // shift summary below them may still be adding up).
            const totals = document.querySelector('[aria-labelledby="day-totals"]');
            if (
              start &&
              list &&
              list.children.length >= 50 &&
              totals &&
              !totals.textContent?.includes('Adding up')
            ) {
              observer.disconnect();
              resolve(performance.now() - start);
            }
          });
          observer.observe(document.body, { childList: true, subtree: true, characterData: true });
        }),
    );
    await page.getByRole('button', { name: 'History' }).click();
    times.push(await shown);
  }
  const bytesPerThousand = afterThousand - before;
  results.history = {
    charges: 10_000,
    openMs: times,
    medianOpenMs: median(times),
    idbBytesPer1000Charges: bytesPerThousand,
  };
  rows.push([
    'f. History open, 10,000 charges (list + totals)',
    `median ${ms(median(times))}`,
    `runs ${times.map(ms).join(', ')}`,
    'budget 200 ms',
  ]);
  rows.push([
    '   IndexedDB per 1,000 charges',
    `${(bytesPerThousand / 1024).toFixed(0)} KB`,
    'storage.estimate() delta',
    '',
  ]);
  await context.close();
}

async function measureOneTimeQr(browser: Browser, baseURL: string) {
  const { context, page } = await newTill(browser, baseURL, { linkMode: 'one-time' });
  const over: number[] = [];
  const taps: number[] = [];
  for (let i = 0; i < (quick ? 5 : 12); i++) {
    await typeAmount(page, String(300 + i));
    const { qrMs } = await chargeAndTimeQr(page);
    const rtt = await page.evaluate(() => {
      const e = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((r) => r.name.includes('one_time_payment'))
        .at(-1)!;
      return e.responseEnd - e.startTime;
    });
    taps.push(qrMs);
    over.push(qrMs - rtt);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Stop charge' }).click();
  }
  results.chargeToQrOneTimeMs = {
    median: median(taps),
    worst: Math.max(...taps),
    overRoundTripMedian: median(over),
    overRoundTripWorst: Math.max(...over),
  };
  rows.push([
    'c. Charge tap → QR visible (one-time link)',
    `median ${ms(median(taps))}`,
    `round trip + ${ms(median(over))} (worst + ${ms(Math.max(...over))})`,
    'budget RTT + 100 ms',
  ]);
  await context.close();
}

async function measureLoads(browser: Browser, baseURL: string) {
  const { context, page } = await newTill(browser, baseURL);
  // Marks the moment the keypad is usable: digits and Charge rendered.
  await context.addInitScript(() => {
    const mark = () => {
      if (
        document.querySelector('[aria-label="Keypad"]') &&
        [...document.querySelectorAll('button')].some((b) => b.textContent === 'Charge')
      ) {
        (window as unknown as { keypadAt: number }).keypadAt = performance.now();
        return true;
      }
      return false;
    };
    const observer = new MutationObserver(() => mark() && observer.disconnect());
    document.addEventListener('DOMContentLoaded', () =>
      observer.observe(document.body, { childList: true, subtree: true }),
    );
  });
  const cdp = await context.newCDPSession(page);
  const origin = new URL(baseURL).origin;
  const keypadAt = async () => {
    await page.waitForFunction(
      () => (window as unknown as { keypadAt?: number }).keypadAt !== undefined,
      undefined,
      { timeout: 30_000 },
    );
    return page.evaluate(() => (window as unknown as { keypadAt: number }).keypadAt);
  };
  const cold: number[] = [];
  const warm: number[] = [];
  for (let run = 0; run < 3; run++) {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await page.goto('about:blank');
    await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'service_workers,cache_storage' });
    await cdp.send('Network.clearBrowserCache');
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6e6 / 8) | 0,
      uploadThroughput: (750e3 / 8) | 0,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto('/');
    cold.push(await keypadAt());
    // Let the service worker install and precache, then a warm start from it.
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
      timeout: 30_000,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.reload();
    warm.push(await keypadAt());
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  results.loadMs = { cold, warm, coldMedian: median(cold), warmMedian: median(warm) };
  rows.push([
    'd. cold load → keypad (4× CPU, slow 4G)',
    `median ${ms(median(cold))}`,
    `runs ${cold.map(ms).join(', ')}`,
    'budget 1500 ms',
  ]);
  rows.push([
    'd. warm load from service worker (4× CPU)',
    `median ${ms(median(warm))}`,
    `runs ${warm.map(ms).join(', ')}`,
    'budget 400 ms',
  ]);
  await context.close();
}

async function measureHeap(browser: Browser, baseURL: string, sandbox: SandboxControl) {
  const { context, page } = await newTill(browser, baseURL);
  await page.clock.install();
  await page.reload();
  await page.getByRole('button', { name: 'Charge' }).waitFor();
  const cdp = await context.newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await sleep(200);
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  let after10 = 0;
  for (let i = 1; i <= HEAP_CHARGES; i++) {
    await page.keyboard.type(String(100 + (i % 900)));
    await page.keyboard.press('Enter');
    const link = await page.getByLabel('Payment link').inputValue();
    await sandbox.open(link);
    await sandbox.pay(traceOf(link));
    await page.clock.runFor(4_100);
    await page.getByRole('heading', { name: 'Payment received' }).waitFor();
    await page.getByRole('button', { name: 'New sale' }).click();
    if (i === 10) after10 = await heap();
  }
  const after = await heap();
  results.heapBytes = { after10, [`after${HEAP_CHARGES}`]: after, growth: after - after10 };
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(2)} MB`;
  rows.push([
    `e. JS heap after ${HEAP_CHARGES} charges vs 10`,
    `+${mb(after - after10)}`,
    `${mb(after10)} → ${mb(after)}`,
    'budget growth 5 MB',
  ]);
  await context.close();
}

async function main() {
  const choice = findChromium();
  if (choice.kind === 'none') throw new Error('No Chromium: run `npx tsx scripts/ensure-chromium.ts` first');
  const started = Date.now();
  const server = await startServer({ port: 0 });
  const sandbox = new SandboxControl(server.url);
  const browser = await chromium.launch({
    executablePath: choice.kind === 'system' ? choice.path : undefined,
    args: CHROMIUM_ARGS,
  });
  try {
    await sandbox.reset();
    if (want('a'))
      await Promise.all([
        measureDetection(browser, server.url, sandbox),
        measureLongWait(browser, server.url, sandbox, 'paylink'),
        measureLongWait(browser, server.url, sandbox, 'one-time'),
      ]);
    if (want('g')) for (const n of SHOP_SIZES) await measureShop(browser, server.url, sandbox, n);
    if (want('c')) {
      await sandbox.reset();
      await measureOneTimeQr(browser, server.url);
    }
    if (want('d')) await measureLoads(browser, server.url);
    if (want('e')) {
      await sandbox.reset();
      await sandbox.config({ rateLimitPerMinute: 100_000 });
      await measureHeap(browser, server.url, sandbox);
    }
    if (want('f')) {
      await measureHistory(browser, server.url);
      const bundle = initialBundle('dist');
      results.initialBundleGzipBytes = bundle.gzip;
      rows.push([
        'f. initial JS+CSS (production build, gzip)',
        `${(bundle.gzip / 1024).toFixed(1)} KB`,
        bundle.files.map((f) => f.file.split('/').pop()).join(' '),
        'budget 100 KB',
      ]);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  results.benchSeconds = (Date.now() - started) / 1000;

  const widths = [48, 18, 40, 22];
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' │ ');
  console.log();
  console.log(line(['measure', 'value', 'spread', 'note']));
  console.log(widths.map((w) => '─'.repeat(w)).join('─┼─'));
  for (const row of rows) console.log(line(row));
  console.log(`\nbench took ${Math.round((Date.now() - started) / 1000)} s; written: bench/results.json`);
  mkdirSync('bench', { recursive: true });
  writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
  // The shop ledger's part (bench/ledger.ts: its own table and bench/ledger-results.json).
  if (want('l')) await (await import('./ledger')).runLedgerBench();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
