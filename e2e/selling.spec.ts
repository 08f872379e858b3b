/**
 * Selling like a real till: items added up with "+", tips, discounts, receipts (print, QR, share),
 * next steps after a problem, history details and shift reports.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { chargeAmount, decodeQr, OWNER_PIN, seedSettings, tapKeys } from './support/app';
import { expect, test } from './support/fixtures';

/** The paylink on screen, as the customer's phone reads it. */
async function scanned(page: Page) {
  const link = await decodeQr(page);
  const url = new URL(link);
  return {
    link,
    quoteAmount: url.searchParams.get('quoteAmount'),
    traceId: url.searchParams.get('traceId')!,
  };
}

async function expectNoSeriousViolations(page: Page, screen: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map((v) => `${screen}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

async function addItem(page: Page, keys: string) {
  await tapKeys(page, keys);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
}

test.describe('selling', () => {
  test('three items added with Add, then charged: the total is charged and the items are kept', async ({
    page,
    sandbox,
  }) => {
    await seedSettings(page);
    await addItem(page, '500');
    await addItem(page, '750');
    await addItem(page, '250');
    const items = page.getByRole('list', { name: 'Items' }).getByRole('listitem');
    await expect(items).toHaveCount(3);
    await expect(items.nth(1)).toContainText('$7.50');
    await expect(page.getByLabel('Total', { exact: true })).toHaveText('$15.00');
    await expect(page.getByLabel('Amount', { exact: true })).toHaveText('$0.00');

    // Each line is removable; the total follows.
    await addItem(page, '999');
    await expect(page.getByLabel('Total', { exact: true })).toHaveText('$24.99');
    await page.getByRole('button', { name: 'Remove item 4 ($9.99)' }).click();
    await expect(items).toHaveCount(3);
    await expect(page.getByLabel('Total', { exact: true })).toHaveText('$15.00');

    await page.getByRole('button', { name: 'Charge' }).click();
    const { link, quoteAmount, traceId } = await scanned(page);
    expect(quoteAmount).toBe('15');
    await expect(page.getByLabel('Amount to pay: $15.00')).toBeVisible();
    await expect(page.getByText('3 items $15.00')).toBeVisible();

    await sandbox.open(link);
    await sandbox.pay(traceId);
    await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
    await page.getByRole('button', { name: 'New sale' }).click();
    await expect(page.getByRole('list', { name: 'Items' })).toHaveCount(0);

    await page.getByRole('button', { name: 'History' }).click();
    const row = page.getByRole('list', { name: 'Charges' }).getByRole('listitem');
    await expect(row).toContainText('$15.00');
    await expect(row).toContainText('3 items');
    await row.getByRole('button').click();
    const receipt = page.getByRole('article', { name: 'Receipt' });
    await expect(receipt.getByRole('row', { name: 'Item 1 $5.00' })).toBeVisible();
    await expect(receipt.getByRole('row', { name: 'Item 2 $7.50' })).toBeVisible();
    await expect(receipt.getByRole('row', { name: 'Item 3 $2.50' })).toBeVisible();
    await expect(receipt.getByRole('row', { name: 'Total $15.00', exact: true })).toBeVisible();
  });

  test('a 15% tip on 20.00: QR for 23.00, receipt with subtotal, tip and total, opened from its QR on another phone', async ({
    page,
    browser,
    context,
    sandbox,
  }) => {
    await seedSettings(page, { tipsEnabled: true, shopName: 'Corner Café' });
    await tapKeys(page, '2000');
    await page.getByRole('button', { name: 'Charge' }).click();
    await expect(page.getByRole('heading', { name: 'Add a tip?' })).toBeVisible();
    for (const name of ['No tip', '10%', '15%', '20%', 'Custom tip']) {
      await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
    }
    await expect(page.getByRole('button', { name: '15%', exact: true })).toContainText('$3.00');
    await page.getByRole('button', { name: '15%', exact: true }).click();

    const { link, quoteAmount, traceId } = await scanned(page);
    expect(quoteAmount).toBe('23');
    await expect(page.getByLabel('Amount to pay: $23.00')).toBeVisible();
    await sandbox.open(link);
    await sandbox.pay(traceId);
    await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
    const facts = page.locator('.facts');
    await expect(facts).toContainText('Subtotal$20.00');
    await expect(facts).toContainText('Tip (15%)$3.00');
    await expect(facts).toContainText('Total$23.00');

    // Kept by the journal: a reload brings the same result and sale back.
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
    await expect(page.locator('.facts')).toContainText('Tip (15%)$3.00');

    // The receipt QR needs no network: the receipt is in the link.
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Receipt QR' }).click();
    const receiptLink = await decodeQr(page, 'Receipt QR code');
    await context.setOffline(false);
    const url = new URL(receiptLink);
    expect(url.pathname).toBe('/receipt');
    expect(url.search).toBe('');
    expect(url.hash.length).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Done' }).click();

    // The customer's phone: a fresh browser, none of the till's storage.
    const phone = await browser.newContext();
    const customer = await phone.newPage();
    await customer.goto(receiptLink);
    const receipt = customer.getByRole('article', { name: 'Receipt' });
    await expect(receipt.getByRole('heading', { name: 'Corner Café' })).toBeVisible();
    await expect(receipt.getByRole('row', { name: 'Subtotal $20.00' })).toBeVisible();
    await expect(receipt.getByRole('row', { name: 'Tip (15%) $3.00' })).toBeVisible();
    await expect(receipt.getByRole('row', { name: 'Total $23.00', exact: true })).toBeVisible();
    await expect(receipt.getByRole('row', { name: /^Paid 23\sUSDT/ })).toBeVisible();
    await expect(receipt).toContainText(traceId);
    // The receipt page opened no storage of the till's and started no till screen.
    expect(await customer.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toEqual([]);
    expect(await customer.evaluate(() => localStorage.length)).toBe(0);
    await expect(customer.getByRole('button', { name: 'Charge' })).toHaveCount(0);
    await phone.close();
  });

  test('print preview at 58 mm fits the paper without horizontal overflow', async ({ page, sandbox }) => {
    await page.addInitScript(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed++;
      };
    });
    await seedSettings(page, { receiptPaper: '58mm', shopName: 'The Very Long Named Corner Coffee House' });
    await addItem(page, '123456');
    await addItem(page, '750');
    await page.getByLabel('Note (optional)').fill('Table 12, two flat whites and a croissant');
    const { link, traceId } = await chargeAmount(page, '99');
    await sandbox.open(link);
    await sandbox.pay(traceId);
    await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
    await page.getByRole('button', { name: 'Print receipt' }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

    await page.emulateMedia({ media: 'print' });
    const printed = page.getByRole('region', { name: 'Printed receipt' });
    await expect(printed).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Payment received' })).toBeHidden();
    await expect(printed.getByRole('row', { name: 'Total $1,243.05', exact: true })).toBeVisible();
    const fit = await printed.evaluate((area) => {
      const box = area.getBoundingClientRect();
      const overflowing = [...area.querySelectorAll('*')]
        .filter((el) => el.getBoundingClientRect().right > box.right + 0.5)
        .map((el) => el.outerHTML.slice(0, 80));
      return { width: box.width, scroll: area.scrollWidth, client: area.clientWidth, overflowing };
    });
    const mm = 96 / 25.4;
    expect(fit.width).toBeLessThanOrEqual(58 * mm);
    expect(fit.scroll).toBeLessThanOrEqual(fit.client);
    expect(fit.overflowing).toEqual([]);
    await page.emulateMedia({ media: 'screen' });
  });

  test('"Charge the difference" after 6.00 of 10.00 makes a 4.00 charge, linked to the first', async ({
    page,
    sandbox,
  }) => {
    await seedSettings(page);
    const first = await chargeAmount(page, '1000');
    await sandbox.open(first.link, { choose: true });
    await sandbox.underpay(first.traceId, { quoteAmount: '6.00' });
    await expect(page.getByRole('status')).toContainText('Paid less than due');
    await sandbox.fail(first.traceId, 40024);
    await expect(page.getByRole('heading', { name: 'Underpaid' })).toBeVisible();
    await expect(page.getByText('Still to pay: $4.00')).toBeVisible();
    await page.getByRole('button', { name: 'Charge the difference' }).click();

    const rest = await scanned(page);
    expect(rest.quoteAmount).toBe('4');
    expect(rest.traceId).not.toBe(first.traceId);
    await expect(page.getByLabel('Amount to pay: $4.00')).toBeVisible();
    await expect(page.getByText('the rest of an earlier payment')).toBeVisible();
    await sandbox.open(rest.link);
    await sandbox.pay(rest.traceId);
    await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
    await page.getByRole('button', { name: 'New sale' }).click();

    await page.getByRole('button', { name: 'History' }).click();
    const rows = page.getByRole('list', { name: 'Charges' }).getByRole('listitem');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1)).toContainText('Underpaid');
    await rows.nth(1).getByRole('button').click();
    await expect(page.getByText(/The rest was charged in/)).toBeVisible();
    await expect(page.getByRole('button', { name: /^\$4\.00,/ })).toBeVisible();
  });

  test('a payment of a different amount (6.00 of 10.00) offers the difference too; a failed one "Charge again"', async ({
    page,
    sandbox,
  }) => {
    await seedSettings(page);
    const first = await chargeAmount(page, '1000');
    await sandbox.open(first.link);
    await sandbox.pay(first.traceId, { quoteAmount: '6.00' });
    await expect(page.getByRole('heading', { name: 'Payment does not match' })).toBeVisible();
    await page.getByRole('button', { name: 'Charge the difference' }).click();
    const rest = await scanned(page);
    expect(rest.quoteAmount).toBe('4');

    await sandbox.open(rest.link);
    await sandbox.fail(rest.traceId, 40020);
    await expect(page.getByRole('heading', { name: 'Payment failed' })).toBeVisible();
    await page.getByRole('button', { name: 'Charge again' }).click();
    const again = await scanned(page);
    expect(again.quoteAmount).toBe('4');
    expect(again.traceId).not.toBe(rest.traceId);
  });

  test('history: crypto amounts once with their symbol, no "paid 0", status in colour and word', async ({
    page,
    sandbox,
  }) => {
    await seedSettings(page);
    await page.getByLabel('Currency').selectOption({ label: 'BTC (crypto)' });
    await tapKeys(page, '0.0005');
    await page.getByRole('button', { name: 'Charge' }).click();
    await expect(page.getByRole('img', { name: 'Payment QR code' })).toBeVisible();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Stop charge' }).click();
    await page.getByLabel('Currency').selectOption({ label: 'USD' });

    const failed = await chargeAmount(page, '500');
    await sandbox.open(failed.link);
    await sandbox.fail(failed.traceId, 40032);
    await expect(page.getByRole('heading', { name: 'Payment failed' })).toBeVisible();
    await page.getByRole('button', { name: 'New sale' }).click();

    await page.getByRole('button', { name: 'History' }).click();
    const rows = page.getByRole('list', { name: 'Charges' }).getByRole('listitem');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1)).toContainText('0.0005 BTC');
    await expect(rows.nth(1)).not.toContainText('BTC BTC');
    await expect(rows.nth(0)).toContainText('Failed');
    await expect(rows.nth(0)).not.toContainText('paid 0');
    const pill = rows.nth(0).locator('.status-pill');
    await expect(pill).toHaveClass(/status-failed/);
    await expect(pill).toHaveCSS('background-color', 'rgb(255, 226, 222)');
    await expect(rows.nth(1).locator('.status-pill')).toHaveCSS('background-color', 'rgb(229, 231, 235)');

    // Any row opens its details with the receipt and its actions.
    await rows.nth(0).getByRole('button').click();
    await expect(page.getByRole('heading', { name: /\$5\.00/ })).toBeVisible();
    await expect(page.getByRole('article', { name: 'Receipt' })).toContainText('Not paid: Payment failed');
    await expect(page.getByRole('button', { name: 'Print receipt' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Receipt QR' })).toBeEnabled();
    await expect(page.getByRole('button', { name: 'Share receipt' })).toBeEnabled();
    await page.getByRole('button', { name: 'Back to history' }).click();
    await expect(rows).toHaveCount(2);
  });

  test('close shift: a report with the right totals that is still there after a reload', async ({
    page,
    sandbox,
  }) => {
    await seedSettings(page, { tipsEnabled: true });
    // 20.00 with a 15% tip: 23.00 received.
    await tapKeys(page, '2000');
    await page.getByRole('button', { name: 'Charge' }).click();
    await page.getByRole('button', { name: '15%', exact: true }).click();
    const a = await scanned(page);
    await sandbox.open(a.link);
    await sandbox.pay(a.traceId);
    await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
    await page.getByRole('button', { name: 'New sale' }).click();

    // 10.00 less a 10% discount, no tip: 9.00 received.
    await addItem(page, '1000');
    await page.getByRole('button', { name: 'Discount' }).click();
    await page.getByLabel('Discount (%)').fill('10');
    await page.getByRole('button', { name: 'Apply discount' }).click();
    await expect(page.getByLabel('Total', { exact: true })).toHaveText('$9.00');
    await page.getByRole('button', { name: 'Charge' }).click();
    await page.getByRole('button', { name: 'No tip' }).click();
    const b = await scanned(page);
    expect(b.quoteAmount).toBe('9');
    await sandbox.open(b.link);
    await sandbox.pay(b.traceId);
    await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
    await page.getByRole('button', { name: 'New sale' }).click();

    // 5.00 cancelled.
    await tapKeys(page, '500');
    await page.getByRole('button', { name: 'Charge' }).click();
    await page.getByRole('button', { name: 'No tip' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Stop charge' }).click();

    await page.getByRole('button', { name: 'History' }).click();
    await page.getByRole('button', { name: 'Close shift' }).click();
    await page.getByLabel('Owner PIN').fill(OWNER_PIN);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('button', { name: 'Close shift now' }).click();

    const expectReport = async () => {
      await expect(page.getByRole('heading', { name: /^Shift closed/ })).toBeVisible();
      const usd = page.getByRole('table', { name: 'USD' });
      const rows: Array<[string, string]> = [
        ['Charges', '3'],
        ['Received', '2'],
        ['Gross sales', '$30.00'],
        ['Discounts', '−$1.00'],
        ['Net sales', '$29.00'],
        ['Tips', '$3.00'],
        ['Total collected', '$32.00'],
        ['Received 2 ×', '$32.00'],
        ['Cancelled 1 ×', '$5.00'],
      ];
      for (const [what, value] of rows) {
        await expect(usd.getByRole('row', { name: `${what} ${value}`, exact: true })).toBeVisible();
      }
      await expect(
        page.getByRole('table', { name: 'Paid in' }).getByRole('row', { name: /^USDT 2 ×/ }),
      ).toBeVisible();
    };
    await expectReport();
    await expect(page.getByRole('button', { name: 'Print report' })).toBeVisible();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export report (CSV)' }).click();
    expect((await download).suggestedFilename()).toMatch(/^mixpay-pos-shift-.*\.csv$/);

    // History has a URL: a reload brings it back.
    await page.reload();
    await expect(page).toHaveURL(/\/history$/);
    await expect(page.getByText('No charges this shift.')).toBeVisible();
    await page
      .getByRole('list', { name: 'Past shifts' })
      .getByRole('button', { name: /3 charges/ })
      .click();
    await expectReport();
  });

  test('the new screens have no serious accessibility violations', async ({ page, browser, sandbox }) => {
    await seedSettings(page, { tipsEnabled: true });
    await addItem(page, '1000');
    await addItem(page, '250');
    await expectNoSeriousViolations(page, 'keypad with items');
    await page.getByRole('button', { name: 'Discount' }).click();
    await expect(page.getByRole('dialog', { name: 'Discount' })).toBeVisible();
    await expectNoSeriousViolations(page, 'discount');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Charge' }).click();
    await expect(page.getByRole('heading', { name: 'Add a tip?' })).toBeFocused();
    await page.getByRole('button', { name: 'Custom tip' }).click();
    await page.getByLabel('Tip amount').fill('1.5');
    await expectNoSeriousViolations(page, 'tip');
    await page.getByRole('button', { name: 'Add tip' }).click();
    const { link, quoteAmount, traceId } = await scanned(page);
    expect(quoteAmount).toBe('14');
    await sandbox.open(link);
    await sandbox.pay(traceId);
    await expect(page.getByRole('heading', { name: 'Payment received' })).toBeFocused();
    await page.getByRole('button', { name: 'Receipt QR' }).click();
    await expect(page.getByRole('img', { name: 'Receipt QR code' })).toBeVisible();
    await expectNoSeriousViolations(page, 'receipt QR');
    const receiptLink = await decodeQr(page, 'Receipt QR code');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'New sale' }).click();

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const customer = await phone.newPage();
    await customer.goto(receiptLink);
    await expect(customer.getByRole('row', { name: 'Tip $1.50' })).toBeVisible();
    await expectNoSeriousViolations(customer, 'receipt page');
    await phone.close();

    await page.getByRole('button', { name: 'History' }).click();
    await page
      .getByRole('list', { name: 'Charges' })
      .getByRole('listitem')
      .first()
      .getByRole('button')
      .click();
    await expect(page.getByRole('article', { name: 'Receipt' })).toBeVisible();
    await expectNoSeriousViolations(page, 'charge details');
    await page.getByRole('button', { name: 'Back to history' }).click();
    await page.getByRole('button', { name: 'Close shift' }).click();
    await page.getByLabel('Owner PIN').fill(OWNER_PIN);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('button', { name: 'Close shift now' }).click();
    await expect(page.getByRole('heading', { name: /^Shift closed/ })).toBeFocused();
    await expectNoSeriousViolations(page, 'shift report');
  });
});
