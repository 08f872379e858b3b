/**
 * MixPay misbehaving while a charge waits. For every fault: no false "Payment received", no false
 * "Payment failed", the charge survives (a reload brings the same QR back), polling backs off
 * while the fault lasts and recovers after it, and the cashier sees the connection problem.
 */
import type { Page } from '@playwright/test';
import { chargeAmount, seedSettings } from './support/app';
import { expect, test } from './support/fixtures';
import type { SandboxControl } from './support/sandbox-control';

const RESULT = '/v1/payments_result';

async function expectNoVerdict(page: Page) {
  for (const heading of ['Payment received', 'Payment failed', 'Payment expired']) {
    await expect(page.getByRole('heading', { name: heading })).toHaveCount(0);
  }
}

/**
 * The app's attempts since `since`. Chromium retries a GET once by itself when a kept-alive
 * connection is dropped, so requests within 250 ms of each other count as one attempt.
 */
async function resultRequestTimes(sandbox: SandboxControl, since: number) {
  const { requests } = await sandbox.requests(RESULT);
  const times = requests.map((r) => r.at).filter((t) => t >= since);
  return times.filter((t, i) => i === 0 || t - times[i - 1] > 250);
}

const CONNECTION_FAULTS = [
  'http-500',
  'http-503',
  'rate-limited',
  'drop',
  'html-error',
  'malformed-json',
] as const;

/** A 1429 is the shop's shared budget running short, which the cashier is told in plain words. */
const shownAs = (mode: string) =>
  mode === 'rate-limited' ? 'Many tills are checking at once, still watching' : 'Connection problem, still checking';

for (const mode of CONNECTION_FAULTS) {
  test(`fault ${mode}: problem shown, back-off, charge survives, recovers`, async ({
    page,
    sandbox,
  }) => {
    test.setTimeout(90_000);
    await seedSettings(page);
    const { link, traceId } = await chargeAmount(page, '1999');
    await sandbox.open(link);
    await expect(page.getByRole('status')).toContainText('opened the payment page');

    const faultStart = Date.now();
    await sandbox.faults({ path: RESULT, mode });
    await expect(page.getByRole('status')).toContainText(shownAs(mode));
    await expectNoVerdict(page);

    // Let it fail for a while: the gaps between polls grow (2 s, 4 s, 8 s …). A 1429 halves the
    // tablet's share of the shop's budget, down to its floor (a poll at least every 15 s).
    await page.waitForTimeout(mode === 'rate-limited' ? 17_000 : 12_000);
    const times = await resultRequestTimes(sandbox, faultStart);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    // No hot polling during a fault (the hot schedule would have made ~12 requests), and the
    // back-off counts from each fault, so every gap is at least its 2 s start and the gaps grow.
    expect(times.length).toBeLessThanOrEqual(5);
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    expect(Math.min(...gaps)).toBeGreaterThan(1_900);
    if (mode !== 'rate-limited' && gaps.length >= 2) expect(gaps[gaps.length - 1]).toBeGreaterThan(gaps[0]);
    await expectNoVerdict(page);

    // The charge survives a reload in the middle of the fault.
    await page.reload();
    await expect(page.getByRole('img', { name: 'Payment QR code' })).toBeVisible();
    expect(await page.getByLabel('Payment link').inputValue()).toBe(link);
    await expect(page.getByRole('status')).toContainText(shownAs(mode), { timeout: 25_000 });

    await sandbox.clearFaults();
    await expect(page.getByRole('status')).not.toContainText(shownAs(mode), { timeout: 40_000 });
    await sandbox.pay(traceId);
    await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible({ timeout: 20_000 });
  });
}

test('latency and jitter: still correct, just slower', async ({ page, sandbox }) => {
  await seedSettings(page);
  const { link, traceId } = await chargeAmount(page, '1200');
  await sandbox.open(link);
  await sandbox.faults({ path: RESULT, latencyMs: 1500, jitterMs: 1000 });
  await sandbox.pay(traceId);
  await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible({ timeout: 20_000 });
});

for (const [field, value] of [
  // 44.999 against a 45.00 charge: shown as it came, never rounded up to the amount asked.
  ['quoteAmount', '44.999'],
  ['quoteAssetId', 'eur'],
  ['payeeId', '11111111-2222-4333-8444-555555555555'],
] as const) {
  test(`a success with a tampered ${field} is never "Payment received"`, async ({ page, sandbox }) => {
    await seedSettings(page);
    const { link } = await chargeAmount(page, '4500');
    await sandbox.open(link);
    await sandbox.faults({ path: RESULT, mode: 'tamper', tamper: { field, value } });
    await expect(page.getByRole('heading', { name: 'Payment does not match' })).toBeVisible();
    await expect(
      page.getByRole('cell', { name: field === 'quoteAmount' ? '44.999 USD' : value }),
    ).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Payment received' })).toHaveCount(0);
  });
}

test('a result flapping between unpaid and success is not believed', async ({ page, sandbox }) => {
  await seedSettings(page);
  const { link, traceId } = await chargeAmount(page, '3300');
  await sandbox.open(link);
  await sandbox.faults({ path: RESULT, mode: 'flap' });
  await page.waitForTimeout(10_000);
  await expectNoVerdict(page);
  await expect(page.getByRole('heading', { name: 'Payment does not match' })).toHaveCount(0);
  await expect(page.getByRole('img', { name: 'Payment QR code' })).toBeVisible();

  await sandbox.clearFaults();
  await sandbox.pay(traceId);
  await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible({ timeout: 10_000 });
});
