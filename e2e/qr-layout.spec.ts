/**
 * The QR screen fits a phone, a portrait tablet and a landscape tablet in every wallet mode: the
 * wallet switcher, the amount, the status line and Cancel are on screen without scrolling (the
 * details under them may scroll), the QR is there, the amount is big on a tablet, and axe finds
 * nothing. Also with the longest status line, a connection problem in on-chain mode.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { chargeAmount, seedSettings } from './support/app';
import { expect, test } from './support/fixtures';

const SIZES = [
  { name: 'phone', width: 390, height: 844, tablet: false },
  { name: 'portrait tablet', width: 800, height: 1280, tablet: true },
  { name: 'landscape tablet', width: 1280, height: 800, tablet: true },
] as const;

const MODES = [
  { name: 'Any wallet', qr: /^https?:\/\// },
  { name: 'Mixin Messenger', qr: /^mixin:\/\/pay\?/ },
  { name: 'On-chain', qr: /^ethereum:/ },
] as const;

type ModeName = (typeof MODES)[number]['name'];

async function chooseWallet(page: Page, name: ModeName) {
  await page.getByRole('radio', { name }).click();
  await expect(page.getByRole('radio', { name })).toHaveAttribute('aria-checked', 'true');
}

/** A wallet mode is settled once its QR shows (a mode's QR appears when its price is in). */
async function waitForQr(page: Page, mode: ModeName) {
  await expect(page.getByRole('img', { name: 'Payment QR code' })).toBeVisible();
  if (mode === 'Mixin Messenger') await expect(page.getByText(/^Customer pays /)).toBeVisible();
  if (mode === 'On-chain') await expect(page.getByRole('button', { name: 'Copy address' })).toBeAttached();
  if (mode !== 'Any wallet') await expect(page.getByText(/^Price valid for /)).toBeVisible();
}

/** Nothing inside the element is cut off: its text fits the box it is drawn in. */
async function expectNotClipped(page: Page, name: string) {
  const box = await page
    .getByRole('radio', { name })
    .evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth, sh: el.scrollHeight, ch: el.clientHeight }));
  expect(box.sw, `${name}: text wider than its button`).toBeLessThanOrEqual(box.cw);
  expect(box.sh, `${name}: text taller than its button`).toBeLessThanOrEqual(box.ch);
}

async function expectLayout(page: Page, tablet: boolean, label: string) {
  // The page itself never scrolls: the QR screen is the whole window.
  const pageSize = await page.evaluate(() => ({
    height: document.scrollingElement?.scrollHeight ?? 0,
    window: window.innerHeight,
  }));
  expect(pageSize.height, `${label}: the page scrolls`).toBeLessThanOrEqual(pageSize.window);

  for (const { name } of MODES) {
    const option = page.getByRole('radio', { name });
    await expect(option, `${label}: ${name} option`).toBeInViewport({ ratio: 1 });
    expect(
      (await option.boundingBox())?.height ?? 0,
      `${label}: ${name} option height`,
    ).toBeGreaterThanOrEqual(44);
    await expectNotClipped(page, name);
  }
  const amount = page.getByLabel(/^Amount to pay: /);
  await expect(amount, `${label}: amount`).toBeInViewport({ ratio: 1 });
  if (tablet) {
    const size = await amount.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size, `${label}: amount font size`).toBeGreaterThanOrEqual(48);
  }
  await expect(page.getByRole('status'), `${label}: status`).toBeInViewport({ ratio: 1 });
  await expect(page.getByRole('button', { name: 'Cancel' }), `${label}: Cancel`).toBeInViewport({ ratio: 1 });
  await expect(page.getByRole('heading', { name: 'Scan to pay' })).toBeInViewport();

  const qr = page.getByRole('img', { name: 'Payment QR code' });
  await expect(qr, `${label}: QR`).toBeVisible();
  await expect(qr, `${label}: QR`).toBeInViewport({ ratio: 1 });
  const qrBox = await qr.boundingBox();
  // Big enough to scan from across a counter.
  expect(Math.min(qrBox?.width ?? 0, qrBox?.height ?? 0), `${label}: QR size`).toBeGreaterThanOrEqual(
    tablet ? 320 : 220,
  );

  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations.map(
      (v) => `${label}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    ),
  ).toEqual([]);
}

/** A screenshot kept in the test's output folder, passing or not, to look at the layout. */
async function shoot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name.replace(/\W+/g, '-')}.png`) });
}

for (const size of SIZES) {
  test.describe(`QR screen on a ${size.name} (${size.width}×${size.height})`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test('every wallet mode fits, and a connection problem in on-chain mode too', async ({
      page,
      context,
    }, testInfo) => {
      test.setTimeout(90_000);
      await seedSettings(page);
      // A long amount: the widest the amount line gets in everyday use.
      await chargeAmount(page, '123456');
      for (const mode of MODES) {
        await test.step(mode.name, async () => {
          if (mode.name !== 'Any wallet') await chooseWallet(page, mode.name);
          await waitForQr(page, mode.name);
          await expectLayout(page, size.tablet, `${size.name}, ${mode.name}`);
          await shoot(page, testInfo, `${size.name} ${mode.name}`);
        });
      }

      await test.step('On-chain with a connection problem', async () => {
        await context.setOffline(true);
        const status = page.getByRole('status');
        // The next poll finds the network gone: it may be paced up to two gaps (20 s at a tab's
        // first 6/min) after the on-chain mode's burst of urgent requests, plus the fault itself.
        await expect(status).toContainText('Connection problem, still checking', { timeout: 30_000 });
        await expect(status).toContainText('The QR code still works: the customer can pay.');
        await expectLayout(page, size.tablet, `${size.name}, On-chain, connection problem`);
        await shoot(page, testInfo, `${size.name} on-chain connection problem`);
        await context.setOffline(false);
      });
    });
  });
}

for (const size of SIZES) {
  test(`${size.name}: the keypad's keys and Charge are on screen without scrolling`, async ({ page }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await seedSettings(page);
    for (const name of ['1', '0', 'Clear', 'Add']) {
      await expect(page.getByRole('button', { name, exact: true })).toBeInViewport({ ratio: 1 });
    }
    await expect(page.getByRole('button', { name: 'Charge', exact: true })).toBeInViewport({ ratio: 1 });
    const key = await page.getByRole('button', { name: '5', exact: true }).boundingBox();
    expect(key!.height).toBeGreaterThanOrEqual(48);
  });
}
