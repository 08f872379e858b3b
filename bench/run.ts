/**
 * `npm run bench`: measures the cashier app against the sandbox in Chromium and prints a table;
 * results also go to bench/results.json. Needs both builds (the npm script makes them).
 *
 * Customer model for detection latency: the QR goes up, the customer scans and opens the link
 * 4–12 s later (phone out, camera or Mixin's scanner), then pays at a random moment 3–10 s after
 * opening (pick a wallet, confirm, PIN). Latency runs from just before the sandbox is
 * told "paid" (Node clock) to the moment "Payment received" appears in the page (a
 * MutationObserver in the page, same machine clock).
 *
 * Options: --charges N (default 30), --quick (10 charges, shorter waits).
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../e2e/support/chromium';
import { SandboxControl } from '../e2e/support/sandbox-control';
import { seedSettings } from '../e2e/support/seed';
import { startServer } from '../sandbox/server';
import { initialBundle } from '../scripts/bundle-size';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const chargesArg = args.indexOf('--charges');
const CHARGES = chargesArg >= 0 ? Number(args[chargesArg + 1]) : quick ? 10 : 30;
const LONG_WAIT_MS = quick ? 30_000 : 65_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = (lo: number, hi: number) => lo + Math.random() * (hi - lo);
const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
}
const ms = (x: number) => `${Math.round(x)} ms`;

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

async function main() {
  const choice = findChromium();
  if (choice.kind === 'none') throw new Error('No Chromium: run `npx tsx scripts/ensure-chromium.ts` first');
  const server = await startServer({ port: 0 });
  const sandbox = new SandboxControl(server.url);
  const browser = await chromium.launch({
    executablePath: choice.kind === 'system' ? choice.path : undefined,
    args: CHROMIUM_ARGS,
  });
  const results: Record<string, unknown> = { date: new Date().toISOString(), charges: CHARGES };
  const rows: Array<[string, string, string, string]> = [];
  try {
    // --- detection latency and polls per minute over CHARGES paid charges (paylink mode)
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
    // tsx (esbuild keepNames) wraps named functions in __name(); page.evaluate code needs it too.
    await context.addInitScript('globalThis.__name = (f) => f');
    const page = await context.newPage();
    await sandbox.reset();
    await seedSettings(page, { linkMode: 'paylink' });
    const latencies: number[] = [];
    const rates: number[] = [];
    const qrTimes: number[] = [];
    for (let i = 0; i < CHARGES; i++) {
      await sandbox.reset(); // fresh rate-limit budget per charge: one tablet, one customer at a time
      await typeAmount(page, String(100 + i));
      const { link, qrMs } = await chargeAndTimeQr(page);
      qrTimes.push(qrMs);
      const shownAt = Date.now();
      await sleep(between(4_000, 12_000));
      await sandbox.open(link);
      await sleep(between(3_000, 10_000));
      const seen = whenHeadingAppears(page, 'Payment received');
      const paidAt = Date.now();
      await sandbox.pay(traceOf(link));
      const seenAt = await seen;
      latencies.push(seenAt - paidAt);
      const polls = (await sandbox.requests('/v1/payments_result')).requests.length;
      rates.push((polls / (seenAt - shownAt)) * 60_000);
      await page.getByRole('button', { name: 'New sale' }).click();
    }
    results.detectionLatencyMs = {
      median: median(latencies),
      p95: quantile(latencies, 0.95),
      worst: Math.max(...latencies),
      all: latencies,
    };
    results.pollsPerMinuteWhilePaying = {
      mean: rates.reduce((a, b) => a + b, 0) / rates.length,
      max: Math.max(...rates),
    };
    results.chargeToQrPaylinkMs = { median: median(qrTimes), worst: Math.max(...qrTimes) };
    rows.push([
      'a. detection latency (paid → "Payment received")',
      `median ${ms(median(latencies))}`,
      `p95 ${ms(quantile(latencies, 0.95))}, worst ${ms(Math.max(...latencies))}`,
      `${CHARGES} charges`,
    ]);
    rows.push([
      'b. result polls/min per charge (shown → received)',
      `mean ${(results.pollsPerMinuteWhilePaying as { mean: number }).mean.toFixed(1)}`,
      `max ${Math.max(...rates).toFixed(1)}`,
      'budget ≤ 40 in any minute',
    ]);
    rows.push([
      'c. Charge tap → QR visible (paylink)',
      `median ${ms(median(qrTimes))}`,
      `worst ${ms(Math.max(...qrTimes))}`,
      '',
    ]);

    // --- a long wait: link opened, nobody pays. Requests in the busiest 60 s window.
    await sandbox.reset();
    await typeAmount(page, '4200');
    const { link } = await chargeAndTimeQr(page);
    const start = Date.now();
    await sleep(3_000);
    await sandbox.open(link);
    await sleep(LONG_WAIT_MS - 3_000);
    const times = (await sandbox.requests('/v1/payments_result')).requests
      .map((r) => r.at)
      .sort((a, b) => a - b);
    const busiest = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 60_000).length));
    const waitRate = (times.length / (Date.now() - start)) * 60_000;
    results.longWait = {
      seconds: LONG_WAIT_MS / 1000,
      requests: times.length,
      perMinute: waitRate,
      busiest60s: busiest,
    };
    rows.push([
      `b. polls while waiting unpaid (${LONG_WAIT_MS / 1000} s)`,
      `${waitRate.toFixed(1)}/min`,
      `busiest 60 s: ${busiest}`,
      'never over 40',
    ]);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Stop charge' }).click();
    await context.close();

    // --- bundle
    const bundle = initialBundle('dist');
    results.initialBundleGzipBytes = bundle.gzip;
    rows.push([
      'f. initial JS+CSS (production build, gzip)',
      `${(bundle.gzip / 1024).toFixed(1)} KB`,
      '',
      'budget 100 KB',
    ]);
  } finally {
    await browser.close();
    await server.close();
  }

  const widths = [52, 18, 34, 26];
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' │ ');
  console.log(line(['measure', 'value', 'spread', 'note']));
  console.log(widths.map((w) => '─'.repeat(w)).join('─┼─'));
  for (const row of rows) console.log(line(row));
  mkdirSync('bench', { recursive: true });
  writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
  console.log('\nwritten: bench/results.json');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
