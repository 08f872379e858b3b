/**
 * The shop ledger (issue #14): two tills (two browser contexts, each its own storage) sharing a
 * CouchDB-compatible ledger that each test starts itself on 127.0.0.1 (pouchdb-server, on disk
 * like a real CouchDB: a restart keeps its data) and stops.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { chargeAmount, OWNER_PIN, seedSettings } from './support/app';
import { expect, test } from './support/fixtures';
import { startLedgerServer, type LedgerServer } from './support/ledger-server';

const FRONT = { tillId: '0b6f3c1e-2a4d-4e5f-8a6b-7c8d9e0f1a2b', tillName: 'Front' };
const TERRACE = { tillId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d', tillName: 'Terrace' };

interface Till {
  context: BrowserContext;
  page: Page;
}

let ledger: LedgerServer;

test.beforeEach(async () => {
  ledger = await startLedgerServer({ inMemory: false });
});

test.afterEach(async () => {
  await ledger.close();
});

async function openTill(
  browser: Browser,
  baseURL: string | undefined,
  till: { tillId: string; tillName: string },
  overrides: Record<string, unknown> = {},
): Promise<Till> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await seedSettings(page, {
    ...till,
    ledger: { url: ledger.dbUrl, user: ledger.user, password: ledger.password },
    ...overrides,
  });
  return { context, page };
}

async function expectNoSeriousViolations(page: Page, screen: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map((v) => `${screen}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

const indicator = (page: Page) => page.getByRole('status').filter({ hasText: /^Ledger/ });
const received = (page: Page) => page.getByRole('heading', { name: 'Payment received' });

/** A charge stopped by the cashier (no network needed: paylink mode). */
async function stoppedSale(page: Page, keys: string) {
  const sale = await chargeAmount(page, keys);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Stop charge' }).click();
  await expect(page.getByRole('button', { name: 'Charge' })).toBeVisible();
  return sale;
}

async function openHistory(page: Page, tills: 'This till' | 'All tills') {
  await page.getByRole('button', { name: 'History' }).click();
  await page.getByRole('combobox', { name: 'Tills' }).selectOption({ label: tills });
  return page.getByRole('list', { name: 'Charges' });
}

/** The charges in a till's journal, by traceId (read straight from its IndexedDB). */
function journal(page: Page): Promise<Array<{ traceId: string; status: string; tillId?: string }>> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('mixpay-pos-journal');
        open.onsuccess = () => {
          const get = open.result.transaction('charges', 'readonly').objectStore('charges').getAll();
          get.onsuccess = () => {
            open.result.close();
            resolve(
              (get.result as Array<{ traceId: string; status: string; tillId?: string }>).map(
                ({ traceId, status, tillId }) => ({ traceId, status, tillId }),
              ),
            );
          };
          get.onerror = () => reject(get.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
}

async function ledgerCharges() {
  return (await ledger.allDocs()).filter((d) => d._id.startsWith('charge:'));
}

test('two tills sell; each sees both sales under "All tills", and a shift closed for the whole shop closes both', async ({
  browser,
  baseURL,
  sandbox,
}) => {
  const front = await openTill(browser, baseURL, FRONT);
  const terrace = await openTill(browser, baseURL, TERRACE);
  await expect(indicator(front.page)).toHaveText('Ledger synced');
  await expect(indicator(terrace.page)).toHaveText('Ledger synced');

  const paid = await chargeAmount(front.page, '1250');
  await sandbox.open(paid.link);
  await sandbox.pay(paid.traceId);
  await expect(received(front.page)).toBeVisible();
  await front.page.getByRole('button', { name: 'New sale' }).click();
  const stopped = await stoppedSale(terrace.page, '800');

  for (const { page } of [front, terrace]) {
    const list = await openHistory(page, 'All tills');
    await expect(list.getByRole('listitem')).toHaveCount(2);
    await expect(list.getByRole('listitem').filter({ hasText: 'Front' })).toContainText('Received');
    await expect(list.getByRole('listitem').filter({ hasText: 'Terrace' })).toContainText('Cancelled');
    await page.getByRole('combobox', { name: 'Tills' }).selectOption({ label: 'This till' });
    await expect(list.getByRole('listitem')).toHaveCount(1);
  }
  const docs = await ledgerCharges();
  expect(docs.map((d) => d._id).sort()).toEqual(
    [`charge:${paid.traceId}`, `charge:${stopped.traceId}`].sort(),
  );

  // The CSV of all tills names each sale's till.
  await front.page.getByRole('combobox', { name: 'Tills' }).selectOption({ label: 'All tills' });
  const download = front.page.waitForEvent('download');
  await front.page.getByRole('button', { name: 'Download CSV' }).click();
  const { readFile } = await import('node:fs/promises');
  const csv = (await readFile(await (await download).path(), 'utf8')).trimEnd().split('\r\n');
  expect(csv[0].endsWith(',till,till_id')).toBe(true);
  expect(csv.find((l) => l.includes(stopped.traceId))).toContain(`,Terrace,${TERRACE.tillId}`);
  expect(csv.find((l) => l.includes(paid.traceId))).toContain(`,Front,${FRONT.tillId}`);

  // Closing the shift for the whole shop: the other till's shift closes too.
  await front.page.getByRole('button', { name: 'Close shift', exact: true }).click();
  await front.page.getByLabel('Owner PIN').fill(OWNER_PIN);
  await front.page.getByRole('button', { name: 'Unlock' }).click();
  await front.page.getByLabel(/For the whole shop/).check();
  await front.page.getByRole('button', { name: 'Close shift now' }).click();
  await expect(front.page.getByRole('heading', { name: /^Shift closed/ })).toBeVisible();
  await terrace.page.getByRole('combobox', { name: 'Tills' }).selectOption({ label: 'This till' });
  await expect(terrace.page.getByRole('list', { name: 'Past shifts' }).getByRole('listitem')).toHaveCount(1, {
    timeout: 10_000,
  });
  await expect(terrace.page.getByText('No charges this shift.')).toBeVisible();
  // "All tills": every till's closes, the front's marked as the whole shop's.
  await terrace.page.getByRole('combobox', { name: 'Tills' }).selectOption({ label: 'All tills' });
  const closes = terrace.page.getByRole('list', { name: 'Past shifts' }).getByRole('listitem');
  await expect(closes).toHaveCount(2);
  await expect(closes.filter({ hasText: /^Front · Shift closed .* · 1 charge · whole shop$/ })).toHaveCount(
    1,
  );
  await expect(closes.filter({ hasText: /^Terrace · Shift closed .* · 1 charge$/ })).toHaveCount(1);
  for (const { context } of [front, terrace]) await context.close();
});

test('a till offline makes 3 sales, comes back: all on the other till within 10 s, none twice', async ({
  browser,
  baseURL,
}) => {
  const front = await openTill(browser, baseURL, FRONT);
  const terrace = await openTill(browser, baseURL, TERRACE);
  await expect(indicator(terrace.page)).toHaveText('Ledger synced');

  await terrace.context.setOffline(true);
  await expect(indicator(terrace.page)).toContainText('Ledger offline');
  const sales = [];
  for (const keys of ['110', '220', '330']) sales.push(await stoppedSale(terrace.page, keys));
  await expect(indicator(terrace.page)).toHaveText('Ledger offline · 3 sales waiting');

  const list = await openHistory(front.page, 'All tills');
  await expect(list.getByRole('listitem')).toHaveCount(0);

  await terrace.context.setOffline(false);
  const back = Date.now();
  await expect(list.getByRole('listitem').filter({ hasText: 'Terrace' })).toHaveCount(3, { timeout: 10_000 });
  expect(Date.now() - back).toBeLessThan(10_000);
  await expect(indicator(terrace.page)).toHaveText('Ledger synced');

  // None twice: one document per sale on the ledger, one record per sale in each journal.
  const docs = await ledgerCharges();
  expect(docs.map((d) => d._id).sort()).toEqual(sales.map((s) => `charge:${s.traceId}`).sort());
  for (const { page } of [front, terrace]) {
    const traces = (await journal(page)).map((c) => c.traceId).sort();
    expect(traces).toEqual(sales.map((s) => s.traceId).sort());
  }
  await front.page.waitForTimeout(500);
  await expect(list.getByRole('listitem')).toHaveCount(3);
  for (const { context } of [front, terrace]) await context.close();
});

/** Writes `count` ended sales of `tillId` straight into a till's journal (what selling would have). */
function fillJournal(page: Page, tillId: string, count: number) {
  return page.evaluate(
    ({ tillId, count }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('mixpay-pos-journal');
        open.onsuccess = () => {
          const tx = open.result.transaction('charges', 'readwrite');
          const store = tx.objectStore('charges');
          const now = Date.now();
          for (let i = 0; i < count; i++) {
            const traceId = `${tillId.slice(0, 8)}-${String(i).padStart(4, '0')}-4000-8000-000000000000`;
            const createdAt = now - 3_600_000 - i * 30_000;
            store.put({
              traceId,
              createdAt,
              updatedAt: createdAt + 30_000,
              endedAt: createdAt + 30_000,
              shopName: 'Test Café',
              payeeId: '3e5d1b0f-6a2c-4c7e-9f41-2b8d7a9c0e15',
              settlementAssetId: '4d8c508b-91c5-375b-92b0-ee702ed2dac5',
              strictMode: false,
              quoteAssetId: 'usd',
              quoteSymbol: 'USD',
              quoteDecimals: 2,
              quoteIsFiat: true,
              quoteAmount: `${(i % 97) + 1}.50`,
              expiredTimestamp: Math.floor(createdAt / 1000) + 900,
              linkMode: 'paylink',
              linkFellBack: false,
              link: `${location.origin}/sandbox/pay?traceId=${traceId}`,
              status: i % 4 ? 'cancelled' : 'expired',
              tillId,
              tillName: 'Front',
            });
          }
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
    { tillId, count },
  );
}

async function ledgerDocCount(): Promise<number> {
  const r = await ledger.adminFetch(`/${ledger.db}`);
  return ((await r.json()) as { doc_count: number }).doc_count;
}

test('the ledger server stopped and restarted mid-replication: nothing lost, nothing doubled', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const N = 1500;
  // The front till has a day of sales before it is given the ledger; its link is slowed down so
  // the ledger goes away while they are on their way.
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await seedSettings(page, FRONT);
  await fillJournal(page, FRONT.tillId, N);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 20,
    downloadThroughput: -1,
    uploadThroughput: 150 * 1024,
  });
  await seedSettings(page, {
    ...FRONT,
    ledger: { url: ledger.dbUrl, user: ledger.user, password: ledger.password },
  });
  const terrace = await openTill(browser, baseURL, TERRACE);

  await expect.poll(ledgerDocCount, { timeout: 30_000, intervals: [50] }).toBeGreaterThan(100);
  await ledger.stop({ hard: true });
  const reached = (await ledger.allDocs().catch(() => null)) ?? [];
  expect(reached).toEqual([]); // it is down
  await expect(indicator(page)).toContainText(/Ledger (offline|server error)/, { timeout: 30_000 });
  await page.waitForTimeout(2_000);
  await ledger.start();
  const storedAfterRestart = await ledgerDocCount();
  expect(storedAfterRestart).toBeLessThan(N); // it went down mid-way
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });

  await expect.poll(async () => (await ledgerCharges()).length, { timeout: 60_000 }).toBe(N);
  await expect.poll(async () => (await journal(terrace.page)).length, { timeout: 60_000 }).toBe(N);
  // Nothing doubled, nothing left in conflict: every sale once, the same on the ledger and both tills.
  const conflicts = await (
    await ledger.adminFetch(`/${ledger.db}/_all_docs?include_docs=true&conflicts=true`)
  ).json();
  const rows = (conflicts as { rows: Array<{ id: string; doc: { _conflicts?: string[] } }> }).rows;
  expect(rows.filter((r) => r.doc._conflicts?.length)).toEqual([]);
  const ids = rows.map((r) => r.id).filter((id) => id.startsWith('charge:'));
  expect(new Set(ids).size).toBe(N);
  const onTerrace = await journal(terrace.page);
  expect(new Set(onTerrace.map((c) => c.traceId)).size).toBe(N);
  expect(onTerrace.every((c) => c.tillId === FRONT.tillId)).toBe(true);
  expect((await journal(page)).length).toBe(N);
  await expect(indicator(page)).toHaveText('Ledger synced', { timeout: 30_000 });
  await context.close();
  await terrace.context.close();
});

test('the same charge changed on both tills while apart converges to the lifecycle’s winner on both', async ({
  browser,
  baseURL,
  sandbox,
}) => {
  test.setTimeout(240_000);
  const front = await openTill(browser, baseURL, FRONT, { paymentWindowMinutes: 1 });
  const terrace = await openTill(browser, baseURL, TERRACE);
  await expect(indicator(terrace.page)).toHaveText('Ledger synced');
  const sale = await chargeAmount(front.page, '450');
  // The terrace sees the front till's open charge.
  await expect
    .poll(async () => (await journal(terrace.page)).find((c) => c.traceId === sale.traceId)?.status)
    .toBe('open');
  const terraceList = await openHistory(terrace.page, 'All tills');
  await expect(terraceList.getByRole('listitem').filter({ hasText: 'Front' })).toHaveCount(1);

  // Apart: the ledger goes down. The front cashier stops the charge, then the front till is gone
  // (closed); the customer pays anyway; past the deadline the terrace re-checks the front's charge.
  await ledger.stop({ hard: true });
  await front.page.getByRole('button', { name: 'Cancel' }).click();
  await front.page.getByRole('button', { name: 'Stop charge' }).click();
  await expect(front.page.getByRole('button', { name: 'Charge' })).toBeVisible();
  expect((await journal(front.page)).find((c) => c.traceId === sale.traceId)?.status).toBe('cancelled');
  await front.page.close();
  await sandbox.open(sale.link);
  await sandbox.pay(sale.traceId);
  await expect
    .poll(async () => (await journal(terrace.page)).find((c) => c.traceId === sale.traceId)?.status, {
      timeout: 150_000,
      intervals: [1_000],
    })
    .toBe('received');

  // Together again: both copies went on the ledger, the lifecycle's order decides (received beats
  // cancelled) on both tills, and the losing revision is removed.
  await ledger.start();
  const frontAgain = await front.context.newPage();
  await frontAgain.goto('/');
  await expect(frontAgain.getByRole('button', { name: 'Charge' })).toBeVisible();
  for (const page of [frontAgain, terrace.page]) {
    await expect
      .poll(async () => (await journal(page)).find((c) => c.traceId === sale.traceId)?.status, {
        timeout: 60_000,
      })
      .toBe('received');
  }
  await expect
    .poll(
      async () => {
        const r = await ledger.adminFetch(`/${ledger.db}/charge:${sale.traceId}?conflicts=true`);
        const doc = (await r.json()) as { charge?: { status: string }; _conflicts?: string[] };
        return `${doc.charge?.status} ${doc._conflicts?.length ?? 0}`;
      },
      { timeout: 30_000 },
    )
    .toBe('received 0');
  const frontList = await openHistory(frontAgain, 'This till');
  await expect(frontList.getByRole('listitem')).toHaveCount(1);
  await expect(frontList.getByRole('listitem')).toContainText('Received');
  await front.context.close();
  await terrace.context.close();
});

test('set up in Settings: a wrong password is said plainly and sales go on locally; then Test ledger, a unique till name', async ({
  browser,
  baseURL,
}) => {
  const front = await openTill(browser, baseURL, FRONT);
  await expect(indicator(front.page)).toHaveText('Ledger synced');
  // The terrace till has no ledger yet: no indicator, none of it loaded.
  const terrace = await openTill(browser, baseURL, TERRACE, { ledger: null });
  const { page } = terrace;
  await expect(page.getByRole('button', { name: 'Charge' })).toBeVisible();
  await expect(indicator(page)).toHaveCount(0);

  const openSettings = async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Owner PIN').fill(OWNER_PIN);
    await page.getByRole('button', { name: 'Unlock' }).click();
  };
  await openSettings();
  await expect(page.getByLabel('Till name')).toHaveValue('Terrace');
  await page.getByLabel('Ledger URL').fill(ledger.dbUrl);
  await page.getByLabel('Ledger user').fill(ledger.user);
  await page.getByLabel('Ledger password').fill('not-the-password');
  await page.getByRole('button', { name: 'Test ledger' }).click();
  await expect(page.getByText(/^Save first/)).toBeVisible();
  await page.getByRole('button', { name: 'Save' }).click();
  // A new ledger address: the app restarts so its content security policy lets it through.
  await expect(page.getByRole('button', { name: 'Charge' })).toBeVisible();
  await expect(indicator(page)).toHaveText('Ledger refused the password', { timeout: 15_000 });

  const sale = await stoppedSale(page, '990');
  await expect(indicator(page)).toHaveText('Ledger refused the password · 1 sale waiting');
  const list = await openHistory(page, 'This till');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await page.getByRole('button', { name: 'Back' }).click();

  await openSettings();
  await page.getByRole('button', { name: 'Test ledger' }).click();
  await expect(page.getByText('The ledger refused the user name or password')).toBeVisible();
  await page.getByLabel('Ledger password').fill(ledger.password);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await page.getByRole('button', { name: 'Test ledger' }).click();
  await expect(page.getByText(/^Ledger OK: database “shop-ledger”/)).toBeVisible();
  await expect(page.getByText(/Ledger synced · Last synced/)).toBeVisible({ timeout: 15_000 });
  await expectNoSeriousViolations(page, 'settings with a ledger');
  // Names are unique in the shop (case and spaces aside): the front till's card is known now.
  await page.getByLabel('Till name').fill(' front ');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Another till in this shop is called "Front"')).toBeVisible();
  await page.getByLabel('Till name').fill('Terrace Bar');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await page.getByRole('button', { name: 'Lock' }).click();
  await expect(indicator(page)).toHaveText('Ledger synced');
  await expectNoSeriousViolations(page, 'keypad with the ledger indicator');

  // The sale made while refused reached the ledger and the other till; the password never did.
  const frontList = await openHistory(front.page, 'All tills');
  await expect(frontList.getByRole('listitem').filter({ hasText: 'Terrace Bar' })).toHaveCount(1);
  await expectNoSeriousViolations(front.page, 'history, all tills');
  const docs = await ledger.allDocs();
  expect(docs.map((d) => d._id)).toContain(`charge:${sale.traceId}`);
  expect(JSON.stringify(docs)).not.toContain(ledger.password);
  for (const { context } of [front, terrace]) await context.close();
});

test('onboarding asks for the till name (a random till id is made once); without a ledger none of it shows', async ({
  page,
}) => {
  await page.goto('/');
  const name = page.getByLabel('Till name');
  await expect(name).toHaveValue(/^Till [0-9A-F]{4}$/);
  await name.fill(' ');
  await page.getByLabel('Owner PIN').fill(OWNER_PIN);
  await page.getByLabel('Repeat PIN').fill(OWNER_PIN);
  await page.getByLabel('Payee ID').fill('40053095');
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText(/^Mixin ID 40053095 → payee/)).toBeVisible();
  await page.getByLabel('Settlement asset').selectOption({ label: 'USDT · Tether USD (ERC-20) · Ethereum' });
  await page.getByRole('button', { name: 'Start selling' }).click();
  await expect(page.getByText('Till name: Enter a till name.')).toBeVisible();
  await name.fill('  Front   counter ');
  await page.getByRole('button', { name: 'Start selling' }).click();
  await expect(page.getByRole('button', { name: 'Charge' })).toBeVisible();
  await expect(indicator(page)).toHaveCount(0);

  const stored = await page.evaluate(
    () =>
      new Promise<{ tillId: string; tillName: string; ledger: unknown }>((resolve, reject) => {
        const open = indexedDB.open('mixpay-pos-settings');
        open.onsuccess = () => {
          const get = open.result.transaction('settings', 'readonly').objectStore('settings').get('settings');
          get.onsuccess = () => resolve(get.result);
          get.onerror = () => reject(get.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
  expect(stored).toMatchObject({ tillName: 'Front counter', ledger: null });
  expect(stored.tillId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  // The sale carries the till; no Tills choice in History without a ledger.
  const sale = await stoppedSale(page, '500');
  const charges = await journal(page);
  expect(charges.find((c) => c.traceId === sale.traceId)?.tillId).toBe(stored.tillId);
  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.getByRole('list', { name: 'Charges' }).getByRole('listitem')).toHaveCount(1);
  await expect(page.getByRole('combobox', { name: 'Tills' })).toHaveCount(0);
  // No request ever went to a ledger, and no ledger code was loaded.
  const scripts = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => e.name.split('/').pop() ?? ''),
  );
  expect(scripts.filter((f) => /^(replicator|index\.es|ledger-runner|ledger-indicator)-/.test(f))).toEqual(
    [],
  );
});

test('one tab of a till replicates, another takes over when it closes; removing the ledger stops it and deletes its copy', async ({
  browser,
  baseURL,
}) => {
  const { context, page: first } = await openTill(browser, baseURL, FRONT);
  await expect(indicator(first)).toHaveText('Ledger synced');
  const second = await context.newPage();
  await second.goto('/');
  await expect(indicator(second)).toHaveText('Ledger synced by another tab');
  await first.close();
  await expect(indicator(second)).toHaveText('Ledger synced', { timeout: 15_000 });
  const mirrors = () =>
    second.evaluate(async () =>
      (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.includes('mixpay-pos-ledger')),
    );
  expect(await mirrors()).not.toEqual([]);

  await second.getByRole('button', { name: 'Settings' }).click();
  await second.getByLabel('Owner PIN').fill(OWNER_PIN);
  await second.getByRole('button', { name: 'Unlock' }).click();
  for (const field of ['Ledger URL', 'Ledger user', 'Ledger password'])
    await second.getByLabel(field).fill('');
  await second.getByRole('button', { name: 'Save' }).click();
  await expect(second.getByText('Saved.')).toBeVisible(); // no restart: the app only narrows what it may reach
  await expect.poll(mirrors).toEqual([]);
  await second.getByRole('button', { name: 'Lock' }).click();
  await expect(indicator(second)).toHaveCount(0);
  await context.close();
});
