/**
 * Result screens as a cashier reads them from a metre away, on a countertop tablet (both ways up)
 * and on a phone: the outcome's colour over the whole screen, a drawn icon, the amount in big type,
 * a line saying what to do next, every button on screen without scrolling, and nothing for axe to
 * find, in the light and the dark scheme. Real charges against the sandbox, one per test.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { chargeAmount, seedSettings, tapKeys } from './support/app';
import { expect, test } from './support/fixtures';
import type { SandboxControl } from './support/sandbox-control';

type Outcome = 'received' | 'failed' | 'expired' | 'mismatch' | 'underpaid';

const SCREENS: Record<
  Outcome,
  { heading: string; next: string; buttons: string[]; hue: 'green' | 'red' | 'amber' }
> = {
  received: {
    heading: 'Payment received',
    next: 'Hand over the goods.',
    buttons: ['New sale', 'Print receipt', 'Receipt QR', 'Share receipt'],
    hue: 'green',
  },
  failed: {
    heading: 'Payment failed',
    next: 'Nothing was paid. Ask the customer to pay again or charge again.',
    buttons: ['Charge again', 'New sale'],
    hue: 'red',
  },
  expired: {
    heading: 'Payment expired',
    next: 'No payment arrived in time.',
    buttons: ['Charge again', 'New sale'],
    hue: 'amber',
  },
  mismatch: {
    heading: 'Payment does not match',
    next: 'Do not hand over the goods.',
    buttons: ['Charge the difference', 'New sale'],
    hue: 'red',
  },
  underpaid: {
    heading: 'Underpaid',
    next: 'Do not hand over the goods. Charge the difference.',
    buttons: ['Charge the difference', 'New sale'],
    hue: 'red',
  },
};

/** Takes a real charge to `outcome`: the cashier's keypad, the customer's phone, MixPay's answer. */
async function settle(page: Page, sandbox: SandboxControl, outcome: Outcome) {
  if (outcome === 'expired') {
    // A one-minute window and the page's clock moved on: expired without waiting a minute.
    await page.clock.install();
    await seedSettings(page, { paymentWindowMinutes: 1 });
    const { link } = await chargeAmount(page, '250');
    await sandbox.open(link);
    await expect(page.getByRole('status')).toContainText('opened the payment page');
    await page.clock.fastForward('01:05');
    return;
  }
  await seedSettings(page);
  if (outcome === 'received') {
    // Three items: the facts list is the longest a plain sale gets.
    for (const keys of ['500', '750', '250']) {
      await tapKeys(page, keys);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
    }
  }
  const { link, traceId } = await chargeAmount(page, outcome === 'received' ? '' : '1000');
  if (outcome === 'underpaid') {
    await sandbox.open(link, { choose: true });
    await sandbox.underpay(traceId, { quoteAmount: '6.00' });
    await expect(page.getByRole('status')).toContainText('Paid less than due');
    await sandbox.fail(traceId, 40024);
    return;
  }
  await sandbox.open(link);
  if (outcome === 'received') await sandbox.pay(traceId);
  if (outcome === 'failed') await sandbox.fail(traceId, 40020);
  if (outcome === 'mismatch') await sandbox.pay(traceId, { quoteAmount: '6.00' });
}

function hueOf(color: string): 'green' | 'red' | 'amber' | 'other' {
  const [r, g, b] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  if (g > r && g > b) return 'green';
  if (r > g * 1.2 && g > b * 1.5) return 'amber';
  if (r > g * 2) return 'red';
  return 'other';
}

async function expectNoAxeViolations(page: Page, screen: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations.map(
      (v) => `${screen}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    ),
  ).toEqual([]);
}

async function checkResultScreen(
  page: Page,
  outcome: Outcome,
  { tablet, dark }: { tablet: boolean; dark: boolean },
) {
  const screen = SCREENS[outcome];
  const heading = page.getByRole('heading', { name: screen.heading, exact: true });
  await expect(heading).toBeVisible();
  await expect(heading).toBeInViewport({ ratio: 1 });
  const main = page.getByRole('main');
  await expect(main.getByText(screen.next)).toBeInViewport({ ratio: 1 });

  // Every control is on screen as it comes up: nothing to scroll to.
  for (const name of screen.buttons) {
    await expect(page.getByRole('button', { name, exact: true })).toBeInViewport({ ratio: 1 });
  }

  // A drawn icon (no emoji font needed), hidden from screen readers.
  const icon = main.locator('svg[aria-hidden="true"]').first();
  await expect(icon).toBeVisible();
  expect((await icon.boundingBox())!.width).toBeGreaterThanOrEqual(48);

  // The amount in big type.
  const amount = main.locator('.result-amount-value');
  await expect(amount).toBeInViewport({ ratio: 1 });
  const size = parseFloat(await amount.evaluate((el) => getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThanOrEqual(tablet ? 48 : 40);

  // The whole screen in the outcome's colour, not the app's pale grey.
  const background = await main.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(hueOf(background), background).toBe(screen.hue);
  const box = (await main.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect([box.x, box.y, box.width, box.height]).toEqual([0, 0, viewport.width, viewport.height]);

  await expectNoAxeViolations(page, `${outcome} (light)`);
  // The colours do not change with the size: the dark scheme is checked at one size.
  if (!dark) return;
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(hueOf(await main.evaluate((el) => getComputedStyle(el).backgroundColor))).toBe(screen.hue);
  await expectNoAxeViolations(page, `${outcome} (dark)`);
}

const ALL: Outcome[] = ['received', 'failed', 'expired', 'mismatch', 'underpaid'];
const SIZES = [
  // A phone: the common cases, and the mismatch with its table (underpaid and expired lay out the same).
  {
    name: 'phone 390×844',
    viewport: { width: 390, height: 844 },
    outcomes: ['received', 'failed', 'mismatch'] as Outcome[],
    dark: false,
  },
  { name: 'tablet 1280×800', viewport: { width: 1280, height: 800 }, outcomes: ALL, dark: true },
  {
    name: 'tablet 800×1280',
    viewport: { width: 800, height: 1280 },
    outcomes: ['received', 'failed'] as Outcome[],
    dark: false,
  },
];

for (const { name, viewport, outcomes, dark } of SIZES) {
  test.describe(`result screens on a ${name}`, () => {
    test.use({ viewport });
    for (const outcome of outcomes) {
      test(`${outcome}: colour, icon, big amount, next step, buttons on screen, axe clean${dark ? ' (light and dark)' : ''}`, async ({
        page,
        sandbox,
      }) => {
        await settle(page, sandbox, outcome);
        await checkResultScreen(page, outcome, { tablet: viewport.width >= 800, dark });
      });
    }
  });
}

test.describe('a long mismatch on a small phone', () => {
  test.use({ viewport: { width: 360, height: 640 } });

  test('only the part above the buttons scrolls: New sale stays on screen', async ({ page, sandbox }) => {
    await seedSettings(page);
    const { link, traceId } = await chargeAmount(page, '4500');
    await sandbox.open(link);
    // A payment of another amount to another payee: two rows in the table.
    await sandbox.faults({
      path: '/v1/payments_result',
      mode: 'tamper',
      tamper: { field: 'payeeId', value: '11111111-2222-4333-8444-555555555555' },
    });
    await sandbox.pay(traceId, { quoteAmount: '6.00' });
    await expect(page.getByRole('heading', { name: 'Payment does not match' })).toBeVisible();
    await expect(page.getByRole('row')).toHaveCount(3);
    const content = page.locator('.result-content');
    expect(await content.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    // Another payee: not part of this sale, so no difference to charge; New sale is what is left.
    await expect(page.getByRole('button', { name: 'New sale' })).toBeInViewport({ ratio: 1 });
    await page.getByRole('row', { name: /^Payee/ }).scrollIntoViewIfNeeded();
    await expect(page.getByRole('row', { name: /^Payee/ })).toBeInViewport();
    await expect(page.getByRole('button', { name: 'New sale' })).toBeInViewport({ ratio: 1 });
    expect(await page.evaluate(() => document.scrollingElement!.scrollTop)).toBe(0);
    await expectNoAxeViolations(page, 'long mismatch');
    await page.getByRole('button', { name: 'New sale' }).click();
    await expect(page.getByRole('button', { name: 'Charge' })).toBeVisible();
  });
});
