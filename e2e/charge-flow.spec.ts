import { chargeAmount, PAYEE_ID, seedSettings, tapKeys, USDT_ERC20 } from './support/app';
import { expect, test } from './support/fixtures';

test.describe('cashier charge flow', () => {
  test('12.34 → QR with the paylink → paid → Payment received', async ({ page, sandbox }) => {
    await seedSettings(page);
    await tapKeys(page, '1234');
    await expect(page.getByLabel('Amount', { exact: true })).toHaveText('$12.34');
    const { url, link, traceId } = await chargeAmount(page, '');
    expect(url.pathname).toBe('/sandbox/pay');
    expect(url.searchParams.get('payeeId')).toBe(PAYEE_ID);
    expect(url.searchParams.get('quoteAssetId')).toBe('usd');
    expect(url.searchParams.get('quoteAmount')).toBe('12.34');
    expect(url.searchParams.get('settlementAssetId')).toBe(USDT_ERC20);
    expect(traceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await expect(page.getByRole('status')).toContainText('Waiting for payment');

    await sandbox.open(link);
    await sandbox.pay(traceId);
    await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible({ timeout: 5_000 });
    await expect(page.getByText(traceId.slice(0, 8))).toBeVisible();

    await page.getByRole('button', { name: 'New sale' }).click();
    await expect(page.getByLabel('Amount', { exact: true })).toHaveText('$0.00');
  });

  test('a payer who edits the link and pays 0.01 gets "Payment does not match"', async ({
    page,
    sandbox,
  }) => {
    await seedSettings(page);
    const { link, traceId } = await chargeAmount(page, '1000');
    await sandbox.open(link);
    await sandbox.pay(traceId, { quoteAmount: '0.01' });
    await expect(page.getByRole('heading', { name: 'Payment does not match' })).toBeVisible();
    await expect(page.getByRole('row', { name: 'Amount $10.00 $0.01' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Payment received' })).toHaveCount(0);
  });

  test('a failed payment shows "Payment failed" with the reason', async ({ page, sandbox }) => {
    await seedSettings(page);
    const { link, traceId } = await chargeAmount(page, '500');
    await sandbox.open(link);
    await sandbox.fail(traceId, 40020);
    await expect(page.getByRole('heading', { name: 'Payment failed' })).toBeVisible();
    await expect(page.getByText(/wrong asset/i)).toBeVisible();
  });

  test('when the countdown runs out the charge is "Payment expired"', async ({ page, sandbox }) => {
    await page.clock.install();
    await seedSettings(page, { paymentWindowMinutes: 1 });
    const { link } = await chargeAmount(page, '250');
    await sandbox.open(link);
    await expect(page.getByRole('status')).toContainText('opened the payment page');
    await page.clock.fastForward('01:05');
    await expect(page.getByRole('heading', { name: 'Payment expired' })).toBeVisible();
  });

  test('a network drop shows the connection problem, then success once it is back', async ({
    page,
    context,
    sandbox,
  }) => {
    await seedSettings(page);
    const { link, traceId } = await chargeAmount(page, '999');
    await sandbox.open(link);
    await context.setOffline(true);
    await expect(page.getByRole('status')).toContainText('Connection problem, still checking');
    await context.setOffline(false);
    await sandbox.pay(traceId);
    await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible({ timeout: 20_000 });
  });

  test('cancel asks first, returns to the keypad and keeps the charge as cancelled', async ({ page }) => {
    await seedSettings(page);
    await chargeAmount(page, '700');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Keep waiting' }).click();
    await expect(page.getByRole('img', { name: 'Payment QR code' })).toBeVisible();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Stop charge' }).click();
    await expect(page.getByRole('button', { name: 'Charge' })).toBeVisible();
    await page.getByRole('button', { name: 'History' }).click();
    const row = page.getByRole('list', { name: 'Charges' }).getByRole('listitem');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('$7.00');
    await expect(row).toContainText('Cancelled');
  });

  test('Charge is disabled for zero, with the reason shown', async ({ page }) => {
    await seedSettings(page);
    await expect(page.getByRole('button', { name: 'Charge' })).toBeDisabled();
    await expect(page.getByText('Enter an amount')).toBeVisible();
    await page.keyboard.press('5');
    await expect(page.getByLabel('Amount', { exact: true })).toHaveText('$0.05');
    await page.keyboard.press('Escape');
    await expect(page.getByLabel('Amount', { exact: true })).toHaveText('$0.00');
  });
});
