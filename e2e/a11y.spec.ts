/**
 * Accessibility: axe on every screen (no serious or critical violations), keyboard-only use of
 * the keypad, focus moved to each new screen's heading, and state changes in the live region.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { chargeAmount, OWNER_PIN, seedSettings } from './support/app';
import { expect, test } from './support/fixtures';

async function expectNoSeriousViolations(page: Page, screen: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map(
      (v) => `${screen}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    ),
  ).toEqual([]);
}

test('onboarding has no serious accessibility violations', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Set up this till' })).toBeVisible();
  await expect(page.getByLabel('Settlement asset')).toBeEnabled();
  await expectNoSeriousViolations(page, 'onboarding');
});

test('keypad, QR and every result screen', async ({ page, sandbox }) => {
  await seedSettings(page);
  await expectNoSeriousViolations(page, 'keypad');

  const outcomes: Array<[string, (traceId: string) => Promise<unknown>]> = [
    ['Payment received', (t) => sandbox.pay(t)],
    ['Payment does not match', (t) => sandbox.pay(t, { quoteAmount: '0.01' })],
    ['Payment failed', (t) => sandbox.fail(t, 40020)],
    ['Underpaid', (t) => sandbox.fail(t, 40024)],
  ];
  for (const [heading, settle] of outcomes) {
    const { link, traceId } = await chargeAmount(page, '1234');
    await expect(page.getByRole('status')).toBeVisible();
    await expectNoSeriousViolations(page, 'QR');
    await sandbox.open(link);
    await settle(traceId);
    await expect(page.getByRole('heading', { name: heading })).toBeVisible();
    await expect(page.getByRole('heading', { name: heading })).toBeFocused();
    await expectNoSeriousViolations(page, heading);
    await page.getByRole('button', { name: 'New sale' }).click();
  }
});

test('expired result screen', async ({ page }) => {
  await page.clock.install();
  await seedSettings(page, { paymentWindowMinutes: 1 });
  await chargeAmount(page, '100');
  await page.clock.fastForward('01:05');
  await expect(page.getByRole('heading', { name: 'Payment expired' })).toBeVisible();
  await expectNoSeriousViolations(page, 'expired');
});

test('settings and history', async ({ page }) => {
  await seedSettings(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expectNoSeriousViolations(page, 'PIN gate');
  await page.getByLabel('Owner PIN').fill(OWNER_PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByLabel('Payee ID')).toBeVisible();
  await page.getByText('Advanced').click();
  await expectNoSeriousViolations(page, 'settings');
  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.getByRole('heading', { name: "Today's totals" })).toBeVisible();
  await expectNoSeriousViolations(page, 'history');
});

test('a whole sale by keyboard alone, with focus and announcements following', async ({ page, sandbox }) => {
  await seedSettings(page);
  await page.keyboard.type('2500');
  await expect(page.getByLabel('Amount', { exact: true })).toHaveText('$25.00');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('img', { name: 'Payment QR code' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Scan to pay' })).toBeFocused();
  await expect(page.getByRole('status')).toHaveText('Waiting for payment');
  const link = await page.getByLabel('Payment link').inputValue();
  const traceId = new URL(link).searchParams.get('traceId')!;
  await sandbox.open(link);
  await expect(page.getByRole('status')).toHaveText(/opened the payment page/);
  await sandbox.pay(traceId);
  await expect(page.getByRole('heading', { name: 'Payment received' })).toBeFocused();
  await expect(page.getByRole('status')).toHaveText('Payment received');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'New sale' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Amount', { exact: true })).toHaveText('$0.00');

  // Cancel by keyboard: Tab to Cancel, Enter, then the dialog's own buttons.
  await page.keyboard.type('100');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('img', { name: 'Payment QR code' })).toBeVisible();
  const cancel = page.getByRole('button', { name: 'Cancel' });
  await cancel.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Keep waiting' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Stop charge' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Charge' })).toBeVisible();
});
