/**
 * Every way the app takes a payment, against the sandbox: the one-time link (and its fallback to
 * a paylink), the paylink, Mixin Messenger (with a price window that runs out) and on-chain (with a
 * customer paying in parts). Each QR is read with a real decoder and compared with the documented
 * format, built here independently from what the sandbox says about the payment.
 */
import type { Page } from '@playwright/test';
import { BTC, chargeAmount, decodeQr, PAYEE_ID, seedSettings, USDT_ERC20 } from './support/app';
import { expect, test } from './support/fixtures';
import type { SandboxControl } from './support/sandbox-control';

const ETH = '43d61dcd-e413-450d-80b8-101d5e903357';
const USDT_TRC20 = 'b91e18ff-a9ae-3dc7-8679-e935d9a4b34b';
const USDT_CONTRACT = '0xdAC17F958D2ee523a2206206994597C13D831ec7';
const ONE_TIME = '/v1/one_time_payment';

interface Session {
  isChain: boolean;
  paymentAssetId: string;
  paymentAmount: string;
  recipient: string;
  memo: string;
  destination: string;
  traceId: string;
}

async function sessionOf(sandbox: SandboxControl, traceId: string): Promise<Session> {
  const view = await sandbox.payment(traceId);
  expect(view.session, 'the sandbox has a wallet quote for this trace').toBeTruthy();
  return view.session as Session;
}

/** The QR once it shows something that matches (mode switches re-render it). */
async function qrMatching(page: Page, pattern: RegExp): Promise<string> {
  let value = '';
  await expect
    .poll(async () => {
      value = await decodeQr(page).catch(() => '');
      return value;
    })
    .toMatch(pattern);
  return value;
}

/** The sandbox's checkout base, as the seeded settings point at it (baseURL ends in "/"). */
function checkoutOf(baseURL: string | undefined): string {
  return new URL('/sandbox', baseURL).href;
}

function mixinLink(s: Session): string {
  const e = encodeURIComponent;
  return (
    `mixin://pay?recipient=${e(s.recipient)}&asset=${e(s.paymentAssetId)}` +
    `&amount=${e(s.paymentAmount)}&memo=${e(s.memo)}&trace=${e(s.traceId)}`
  );
}

async function chooseWallet(page: Page, name: 'Any wallet' | 'Mixin Messenger' | 'On-chain') {
  await page.getByRole('radio', { name }).click();
  await expect(page.getByRole('radio', { name })).toHaveAttribute('aria-checked', 'true');
}

async function expectReceived(page: Page) {
  await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible({ timeout: 15_000 });
}

test.describe('link modes', () => {
  test('one-time link: QR is {checkout}/code/{code}; paying it → Payment received', async ({
    page,
    sandbox,
    baseURL,
  }) => {
    await seedSettings(page, { linkMode: 'one-time' });
    const { link } = await chargeAmount(page, '1234');
    const [payment] = await sandbox.payments();
    expect(payment?.source).toBe('one-time');
    expect(link).toBe(`${checkoutOf(baseURL)}/code/${encodeURIComponent(String(payment?.code))}`);
    await expect(page.getByText('Full link', { exact: true })).toHaveCount(0);

    await sandbox.open(link);
    await sandbox.pay(String(payment?.traceId));
    await expectReceived(page);
  });

  test('paylink: QR is {checkout}/pay?… with the charge terms; paying it → Payment received', async ({
    page,
    sandbox,
    baseURL,
  }) => {
    await seedSettings(page, { linkMode: 'paylink' });
    const { link, url, traceId } = await chargeAmount(page, '1234');
    const expiredTimestamp = url.searchParams.get('expiredTimestamp') ?? '';
    expect(Number(expiredTimestamp)).toBeGreaterThan(Date.now() / 1000);
    expect(link).toBe(
      `${checkoutOf(baseURL)}/pay?payeeId=${PAYEE_ID}&quoteAssetId=usd&quoteAmount=12.34` +
        `&settlementAssetId=${USDT_ERC20}&traceId=${traceId}&expiredTimestamp=${expiredTimestamp}`,
    );
    // What the shop gets, from payments_estimated with the settlement asset as payment asset. The
    // estimate is optional: a till asks for it once 5 s of answers show it alone in the window.
    await expect(page.getByText('Shop receives about 12.34 USDT')).toBeVisible({ timeout: 20_000 });

    await sandbox.open(link);
    await sandbox.pay(traceId);
    await expectReceived(page);
  });

  for (const [fault, rule] of [
    ['fails (HTTP 500)', { path: ONE_TIME, mode: 'http-500' }],
    ['takes longer than 3 s', { path: ONE_TIME, latencyMs: 4_000 }],
  ] as const) {
    test(`a one-time request that ${fault} falls back to a paylink that still verifies`, async ({
      page,
      sandbox,
      baseURL,
    }) => {
      await sandbox.faults(rule);
      await seedSettings(page, { linkMode: 'one-time' });
      const { link, url, traceId } = await chargeAmount(page, '1234');
      expect(link.startsWith(`${checkoutOf(baseURL)}/pay?`)).toBe(true);
      expect(url.searchParams.get('quoteAmount')).toBe('12.34');
      expect(url.searchParams.get('payeeId')).toBe(PAYEE_ID);
      await expect(page.getByText('Full link', { exact: true })).toBeVisible();

      await sandbox.open(link);
      await sandbox.pay(traceId);
      await expectReceived(page);
    });
  }

  test('a fallback paylink paid with an edited amount is not "Payment received"', async ({
    page,
    sandbox,
  }) => {
    await sandbox.faults({ path: ONE_TIME, mode: 'http-500' });
    await seedSettings(page, { linkMode: 'one-time' });
    const { link, traceId } = await chargeAmount(page, '1234');
    await expect(page.getByText('Full link', { exact: true })).toBeVisible();
    await sandbox.open(link);
    await sandbox.pay(traceId, { quoteAmount: '0.01' });
    await expect(page.getByRole('heading', { name: 'Payment does not match' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Payment received' })).toHaveCount(0);
  });
});

test.describe('customer wallet: Mixin Messenger', () => {
  test('QR is mixin://pay?… for the chosen asset, same trace; paying → Payment received', async ({
    page,
    sandbox,
  }) => {
    await seedSettings(page, { linkMode: 'one-time' });
    const { traceId } = await chargeAmount(page, '1234');

    // Keyboard: arrow keys move through the segmented control and choose.
    await page.getByRole('radio', { name: 'Any wallet' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('radio', { name: 'Mixin Messenger' })).toHaveAttribute(
      'aria-checked',
      'true',
    );
    await expect(page.getByRole('radio', { name: 'Mixin Messenger' })).toBeFocused();

    await page.getByLabel('Payment asset').selectOption(BTC);
    const qr = await qrMatching(page, new RegExp(`^mixin://pay\\?.*&asset=${BTC}&`));
    const session = await sessionOf(sandbox, traceId);
    expect(session.isChain).toBe(false);
    expect(session.paymentAssetId).toBe(BTC);
    expect(qr).toBe(mixinLink({ ...session, traceId }));
    await expect(page.getByText(`Customer pays ${session.paymentAmount} BTC`)).toBeVisible();
    await expect(page.getByText(/^Price valid for \d+:\d\d$/)).toBeVisible();
    // Still one payment (one trace) for this sale.
    expect((await sandbox.payments()).map((p) => p.traceId)).toEqual([traceId]);

    await sandbox.pay(traceId);
    await expectReceived(page);
  });

  test('when the price window passes, the QR gets the new amount (same trace)', async ({ page, sandbox }) => {
    await sandbox.config({ priceWindowSeconds: 3 });
    await seedSettings(page, { linkMode: 'paylink' });
    const { traceId } = await chargeAmount(page, '1234');
    await chooseWallet(page, 'Mixin Messenger');
    await page.getByLabel('Payment asset').selectOption(BTC);

    const first = new URL(await qrMatching(page, new RegExp(`^mixin://pay\\?.*&asset=${BTC}&`)));
    const firstAmount = first.searchParams.get('amount');
    await expect(page.getByText(/^Price valid for 0:0[0-3]$/)).toBeVisible();

    // The app asks again when the window passes; the sandbox re-prices (0.1 % per window).
    await expect
      .poll(
        async () => {
          const qr = await decodeQr(page).catch(() => '');
          return qr.startsWith('mixin:') ? new URL(qr).searchParams.get('amount') : firstAmount;
        },
        { timeout: 15_000 },
      )
      .not.toBe(firstAmount);
    // Exactly the sandbox's current quote, same trace (polled: the next window may begin meanwhile).
    await expect
      .poll(async () => {
        const qr = await decodeQr(page).catch(() => '');
        return qr === mixinLink({ ...(await sessionOf(sandbox, traceId)), traceId });
      })
      .toBe(true);
    const renewed = new URL(await decodeQr(page));
    expect(renewed.searchParams.get('trace')).toBe(traceId);
    expect(Number(renewed.searchParams.get('amount'))).toBeGreaterThan(Number(firstAmount));
    await expect(page.getByText(/^Customer pays \d+\.\d+ BTC$/)).toBeVisible();
    expect((await sandbox.payments()).map((p) => p.traceId)).toEqual([traceId]);

    await sandbox.pay(traceId);
    await expectReceived(page);
  });
});

test.describe('customer wallet: on-chain', () => {
  test('QR is a wallet URI (EIP-681 token, EIP-681 ETH, BIP-21) or the bare address', async ({
    page,
    sandbox,
  }) => {
    await seedSettings(page, { linkMode: 'paylink' });
    const { traceId } = await chargeAmount(page, '1234');
    await chooseWallet(page, 'On-chain');

    // The settlement asset (USDT ERC-20) is picked first: an ERC-20 transfer in 6-decimal units.
    let qr = await qrMatching(page, /^ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7@1\/transfer\?/);
    let session = await sessionOf(sandbox, traceId);
    expect(session.isChain).toBe(true);
    expect(session.paymentAmount).toBe('12.34');
    expect(qr).toBe(`ethereum:${USDT_CONTRACT}@1/transfer?address=${session.destination}&uint256=12340000`);
    await expect(page.getByText(session.destination, { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Copy address' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Copy amount' })).toBeVisible();
    await expect(page.getByText(/^Price valid for (9|10):\d\d$/)).toBeVisible();

    await page.getByLabel('Payment asset').selectOption(ETH);
    qr = await qrMatching(page, /^ethereum:0x[0-9a-fA-F]{40}@1\?value=/);
    session = await sessionOf(sandbox, traceId);
    expect(session.paymentAmount).toBe('0.00385625');
    expect(qr).toBe(`ethereum:${session.destination}@1?value=3856250000000000`);

    await page.getByLabel('Payment asset').selectOption(USDT_TRC20);
    qr = await qrMatching(page, /^T[1-9A-HJ-NP-Za-km-z]+$/);
    session = await sessionOf(sandbox, traceId);
    expect(qr).toBe(session.destination);
    await expect(page.getByText('12.34 USDT', { exact: true })).toBeVisible();

    await page.getByLabel('Payment asset').selectOption(BTC);
    qr = await qrMatching(page, /^bitcoin:/);
    session = await sessionOf(sandbox, traceId);
    expect(qr).toBe(`bitcoin:${session.destination}?amount=${session.paymentAmount}`);
    expect(session.paymentAmount).toBe('0.00018985');

    // One sale, one trace, whatever the wallet or asset.
    expect((await sandbox.payments()).map((p) => p.traceId)).toEqual([traceId]);
    await sandbox.pay(traceId, { amount: session.paymentAmount });
    await expectReceived(page);
  });

  test('paying in parts shows the remainder, then Payment received after the rest', async ({
    page,
    sandbox,
  }) => {
    await seedSettings(page, { linkMode: 'one-time' });
    const { traceId } = await chargeAmount(page, '1234');
    await chooseWallet(page, 'On-chain');
    await page.getByLabel('Payment asset').selectOption(BTC);
    const qr = await qrMatching(page, /^bitcoin:/);
    const session = await sessionOf(sandbox, traceId);
    expect(qr).toBe(`bitcoin:${session.destination}?amount=0.00018985`);

    await sandbox.pay(traceId, { amount: '0.0001' });
    await expect(page.getByText('Paid 0.0001 of 0.00018985 BTC · 0.00008985 BTC still to pay')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Payment received' })).toHaveCount(0);
    // The customer has started paying in BTC: the asset cannot change under them.
    await expect(page.getByLabel('Payment asset')).toBeDisabled();
    // The poll asks for the payment summary and transfers in this mode.
    const polls = (await sandbox.requests('/v1/payments_result')).requests;
    expect(polls.at(-1)?.query.with).toBe('payment,transactions');

    await sandbox.pay(traceId, { amount: '0.00008985' });
    await expectReceived(page);
  });
});
