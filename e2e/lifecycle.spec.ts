/**
 * MixPay's payment lifecycle as it is since 2026-08-13 (confirming, paid_less, pending = processing,
 * unknown statuses, deadlines that do not end a payment in flight), the documented answers for a
 * trace nobody has opened, and a result screen that survives a reload.
 */
import { chargeAmount, seedSettings } from './support/app';
import { expect, test } from './support/fixtures';

const qr = (page: import('@playwright/test').Page) => page.getByRole('img', { name: 'Payment QR code' });

test.describe('MixPay lifecycle on screen', () => {
  test('confirming: confirmations shown, no connection alarm, QR put away until asked for', async ({
    page,
    sandbox,
  }) => {
    await seedSettings(page);
    const { link, traceId } = await chargeAmount(page, '1000');
    await sandbox.open(link, { choose: true });
    await sandbox.pay(traceId, { confirmations: 3, autoConfirm: false });
    const status = page.getByRole('status');
    await expect(status).toContainText('Payment seen · waiting for confirmations (0 so far)');
    await sandbox.confirm(traceId, 1);
    await expect(status).toContainText('(1 so far)');
    await expect(qr(page)).toHaveCount(0);
    await expect(page.getByText('the customer should not pay again')).toBeVisible();
    await expect(status).not.toContainText('Connection problem');

    // A top-up needs the QR: it comes back on request.
    await page.getByRole('button', { name: 'Show QR again' }).click();
    await expect(qr(page)).toBeVisible();

    await sandbox.confirm(traceId);
    await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible({ timeout: 15_000 });
  });

  test('paid less: the remaining amount is shown, the QR stays, a top-up completes it', async ({
    page,
    sandbox,
  }) => {
    await seedSettings(page);
    const { link, traceId } = await chargeAmount(page, '1000');
    await sandbox.open(link, { choose: true });
    const view = await sandbox.underpay(traceId, { quoteAmount: '6.00' });
    await expect(page.getByRole('status')).toContainText('Paid less than due');
    await expect(page.getByRole('status')).toContainText(`${String(view.remaining)}`);
    await expect(qr(page)).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Payment received' })).toHaveCount(0);

    await sandbox.pay(traceId); // the top-up of the rest, on the same trace
    await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible({ timeout: 10_000 });
  });

  test('an underpayment closed by MixPay (40024) reads "Underpaid"', async ({ page, sandbox }) => {
    await seedSettings(page);
    const { link, traceId } = await chargeAmount(page, '1000');
    await sandbox.open(link, { choose: true });
    await sandbox.underpay(traceId, { quoteAmount: '6.00' });
    await expect(page.getByRole('status')).toContainText('Paid less than due');
    await sandbox.fail(traceId, 40024);
    await expect(page.getByRole('heading', { name: 'Underpaid' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Payment received' })).toHaveCount(0);
  });

  test('pending (processing) is "Paid · MixPay is processing", never received', async ({ page, sandbox }) => {
    await seedSettings(page);
    const { link, traceId } = await chargeAmount(page, '1000');
    await sandbox.open(link, { choose: true });
    await sandbox.process(traceId);
    await expect(page.getByRole('status')).toContainText('Paid · MixPay is processing');
    await page.waitForTimeout(4_000);
    await expect(page.getByRole('heading', { name: 'Payment received' })).toHaveCount(0);
    await expect(page.getByRole('status')).toContainText('Paid · MixPay is processing');
  });

  test('an unknown status is shown neutrally, keeps polling, and is never a success', async ({
    page,
    sandbox,
  }) => {
    await seedSettings(page);
    const { link, traceId } = await chargeAmount(page, '1000');
    await sandbox.open(link, { choose: true });
    await sandbox.setStatus(traceId, 'refunding');
    const status = page.getByRole('status');
    await expect(status).toContainText('MixPay reports: refunding');
    const before = (await sandbox.requests('/v1/payments_result')).requests.length;
    await page.waitForTimeout(5_000);
    await expect(status).toContainText('MixPay reports: refunding');
    await expect(status).not.toContainText('Connection problem');
    await expect(page.getByRole('heading', { name: 'Payment received' })).toHaveCount(0);
    expect((await sandbox.requests('/v1/payments_result')).requests.length).toBeGreaterThan(before);

    await sandbox.setStatus(traceId, null);
    await sandbox.pay(traceId);
    await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible({ timeout: 10_000 });
  });

  test('the countdown passing while confirming does not expire the charge; success later is received', async ({
    page,
    sandbox,
  }) => {
    await page.clock.install();
    await seedSettings(page, { paymentWindowMinutes: 1 });
    const { link, traceId } = await chargeAmount(page, '1000');
    await sandbox.open(link, { choose: true });
    await sandbox.pay(traceId, { confirmations: 2, autoConfirm: false });
    await expect(page.getByRole('status')).toContainText('waiting for confirmations');
    await page.clock.fastForward('01:10');
    await expect(page.getByText('Time left')).toBeVisible();
    await page.clock.runFor(5_000);
    await expect(page.getByRole('status')).toContainText('waiting for confirmations');
    await expect(page.getByRole('heading', { name: 'Payment expired' })).toHaveCount(0);

    await sandbox.confirm(traceId);
    await page.clock.runFor(10_000);
    await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible({ timeout: 15_000 });
  });
});

test.describe('a paylink nobody has opened yet', () => {
  for (const [code, httpStatus] of [
    [404, 200],
    [40022, 200],
    [10062, 400],
  ] as const) {
    test(`MixPay code ${code} (HTTP ${httpStatus}) reads as waiting, with no alarm`, async ({ page, sandbox }) => {
      await sandbox.config({ unknownTrace: { code, httpStatus } });
      await seedSettings(page);
      await chargeAmount(page, '500');
      const status = page.getByRole('status');
      await expect(status).toContainText('Waiting for payment');
      const end = Date.now() + 15_000;
      while (Date.now() < end) {
        await expect(status).not.toContainText('Connection problem');
        await page.waitForTimeout(1_000);
      }
      const polls = (await sandbox.requests('/v1/payments_result')).requests;
      expect(polls.length).toBeGreaterThan(1);
      expect(polls.every((r) => r.code === code)).toBe(true);
      await expect(status).toContainText('Waiting for payment');
    });
  }

  test('an answer that is not MixPay (an HTML error page) is a connection problem', async ({
    page,
    sandbox,
  }) => {
    await seedSettings(page);
    await sandbox.faults({ path: '/v1/payments_result', mode: 'html-error' });
    await chargeAmount(page, '500');
    await expect(page.getByRole('status')).toContainText('Connection problem', { timeout: 15_000 });
  });
});

test.describe('after a reload', () => {
  test('a result that ended in the last 2 minutes comes back; after "New sale" it does not', async ({
    page,
    sandbox,
  }) => {
    await seedSettings(page);
    const { link, traceId } = await chargeAmount(page, '1234');
    await sandbox.open(link);
    await sandbox.pay(traceId);
    await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
    await expect(page.getByText(traceId.slice(0, 8))).toBeVisible();

    await page.getByRole('button', { name: 'New sale' }).click();
    await expect(page.getByRole('button', { name: 'Charge' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('button', { name: 'Charge' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Payment received' })).toHaveCount(0);
  });
});
