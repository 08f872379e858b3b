/**
 * A shop, not a tablet: tills and tabs sharing MixPay's 60 requests a minute and one device's
 * storage. Two tills (browser contexts) on one client address; two tabs of one till.
 */
import type { Page } from '@playwright/test';
import { chargeAmount, seedSettings } from './support/app';
import { expect, test } from './support/fixtures';

const received = (page: Page) => page.getByRole('heading', { name: 'Payment received' });

test('two tills on one address with the 60/min limit: both paid, both received, no stall', async ({
  browser,
  baseURL,
  sandbox,
}) => {
  await sandbox.config({ rateLimitPerMinute: 60 });
  const tills = await Promise.all(
    [1, 2].map(async () => {
      const context = await browser.newContext({ baseURL });
      const page = await context.newPage();
      await seedSettings(page, { linkMode: 'one-time' });
      return { context, page };
    }),
  );
  const charges = [];
  for (const [i, { page }] of tills.entries()) charges.push(await chargeAmount(page, `${1500 + i}`));
  await Promise.all(charges.map(({ link }) => sandbox.open(link, { choose: true })));
  const paidAt = Date.now();
  await Promise.all(charges.map(({ traceId }) => sandbox.pay(traceId)));
  for (const { page } of tills) await expect(received(page)).toBeVisible({ timeout: 10_000 });
  expect(Date.now() - paidAt).toBeLessThan(10_000);

  const { requests } = await sandbox.requests();
  expect(requests.filter((r) => r.status === 429 || r.code === 1429)).toHaveLength(0);
  // Each charge was asked about while it waited, with no long silence.
  for (const { traceId } of charges) {
    const times = requests.filter((r) => r.query.traceId === traceId).map((r) => r.at);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(times.length).toBeGreaterThan(1);
    expect(Math.max(...gaps)).toBeLessThan(15_000);
  }
  for (const { context } of tills) await context.close();
});

test('two tabs with a charge each, one reloaded: both received, each charge polled once, no false alert', async ({
  context,
  sandbox,
}) => {
  const tabA = await context.newPage();
  await seedSettings(tabA);
  const first = await chargeAmount(tabA, '700');

  const tabB = await context.newPage();
  await tabB.goto('/');
  const second = await chargeAmount(tabB, '800');

  // Reloading A brings back A's own charge (B is showing the other one), not B's.
  await tabA.reload();
  await expect(tabA.getByRole('img', { name: 'Payment QR code' })).toBeVisible();
  expect(await tabA.getByLabel('Payment link').inputValue()).toBe(first.link);
  expect(await tabB.getByLabel('Payment link').inputValue()).toBe(second.link);

  await sandbox.open(first.link);
  await sandbox.open(second.link);
  await sandbox.pay(first.traceId);
  await sandbox.pay(second.traceId);
  await expect(received(tabA)).toBeVisible({ timeout: 10_000 });
  await expect(received(tabB)).toBeVisible({ timeout: 10_000 });
  await expect(tabA.getByText(first.traceId.slice(0, 8))).toBeVisible();
  await expect(tabB.getByText(second.traceId.slice(0, 8))).toBeVisible();

  // Give the late-payment watch a round: nothing may call these payments "late".
  await tabA.waitForTimeout(16_000);
  for (const tab of [tabA, tabB]) await expect(tab.getByText(/Late payment/)).toHaveCount(0);
});

test('a charge left open in a closed tab is still noticed when it is paid', async ({ context, sandbox }) => {
  const tabA = await context.newPage();
  await seedSettings(tabA);
  const orphan = await chargeAmount(tabA, '900');
  const tabB = await context.newPage();
  await tabB.goto('/');
  // B shows the orphaned charge once A is gone.
  await tabA.close();
  await tabB.reload();
  await expect(tabB.getByRole('img', { name: 'Payment QR code' })).toBeVisible();
  expect(await tabB.getByLabel('Payment link').inputValue()).toBe(orphan.link);
  await sandbox.open(orphan.link);
  await sandbox.pay(orphan.traceId);
  await expect(received(tabB)).toBeVisible({ timeout: 10_000 });
});

test('the PIN wrong-try count cannot be rolled back from a second tab', async ({ context }) => {
  const tabA = await context.newPage();
  await seedSettings(tabA);
  const tabB = await context.newPage();
  await tabB.goto('/');
  for (const tab of [tabB, tabA]) await tab.getByRole('button', { name: 'Settings' }).click();
  // B shows its PIN prompt (count read as 0); A then fails three times.
  for (let i = 0; i < 3; i++) {
    await tabA.getByLabel('Owner PIN').fill('0000');
    await tabA.getByRole('button', { name: 'Unlock' }).click();
    await expect(tabA.getByText('Wrong PIN.')).toBeVisible();
    // The message stays from the last try: the box emptied is what says this try was checked.
    await expect(tabA.getByLabel('Owner PIN')).toHaveValue('');
  }
  await tabB.getByLabel('Owner PIN').fill('1111');
  await tabB.getByRole('button', { name: 'Unlock' }).click();
  await expect(tabB.getByText('Wrong PIN.')).toBeVisible();
  await expect(tabB.getByLabel('Owner PIN')).toHaveValue('');
  const stored = await tabB.evaluate(() => localStorage.getItem('mixpay-pos.pin-attempts'));
  expect(JSON.parse(stored ?? '{}').failures).toBe(4);
});
