/**
 * Backup: export after a sale, clear the history with the owner PIN, import the file and find the
 * sale back in History exactly once; a second import changes nothing; a file that is not a backup
 * is refused with a message.
 */
import { readFile, writeFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { chargeAmount, OWNER_PIN, seedSettings } from './support/app';
import { expect, test } from './support/fixtures';

async function unlockSettings(page: Page) {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Owner PIN').fill(OWNER_PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByLabel('Payee ID')).toBeVisible();
}

/** Picks `file` in the Import backup file chooser and waits for the panel's answer. */
async function importFile(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import backup' }).click();
  await (await chooser).setFiles(file);
}

/** Journal rows for one trace, read straight from IndexedDB. */
function journalRows(page: Page, traceId: string) {
  return page.evaluate(
    (trace) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('mixpay-pos-journal');
        open.onsuccess = () => {
          const get = open.result.transaction('charges', 'readonly').objectStore('charges').getAll();
          get.onsuccess = () => {
            open.result.close();
            resolve((get.result as Array<{ traceId: string }>).filter((c) => c.traceId === trace).length);
          };
          get.onerror = () => reject(get.error);
        };
        open.onerror = () => reject(open.error);
      }),
    traceId,
  );
}

test('export a backup, clear the history, import it: the sale is back once; twice changes nothing; a wrong file is refused', async ({
  page,
  sandbox,
}, testInfo) => {
  await seedSettings(page);
  const sale = await chargeAmount(page, '1250');
  await sandbox.open(sale.link);
  await sandbox.pay(sale.traceId);
  await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
  await page.getByRole('button', { name: 'New sale' }).click();

  // Export (behind the owner PIN, like all settings).
  await unlockSettings(page);
  const backupPanel = page.getByRole('region', { name: 'Backup' });
  await expect(backupPanel.getByLabel('Also restore settings (payee, currency…)')).not.toBeChecked();
  const downloading = page.waitForEvent('download');
  await backupPanel.getByRole('button', { name: 'Export backup' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^mixpay-pos-backup-\d{4}-\d{2}-\d{2}\.json$/);
  const backupPath = testInfo.outputPath('backup.json');
  await download.saveAs(backupPath);
  const text = await readFile(backupPath, 'utf8');
  const backup = JSON.parse(text) as {
    kind: string;
    schemaVersion: number;
    settings: Record<string, unknown>;
    charges: Array<{ traceId: string; status: string }>;
  };
  expect(backup.kind).toBe('mixpay-pos-backup');
  expect(backup.schemaVersion).toBe(1);
  expect(backup.charges.filter((c) => c.traceId === sale.traceId)).toEqual([
    expect.objectContaining({ status: 'received' }),
  ]);
  expect(backup.settings).not.toHaveProperty('pin');
  expect(text).not.toContain('PBKDF2');
  await expect(backupPanel.getByRole('status')).toHaveText('Backup exported: 1 charge.');
  await page.getByRole('button', { name: 'Lock' }).click();

  // Clear the history (owner PIN, then the confirmation).
  await page.getByRole('button', { name: 'History' }).click();
  const list = page.getByRole('list', { name: 'Charges' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await page.getByRole('button', { name: 'Clear history…' }).click();
  await page.getByLabel('Owner PIN').fill(OWNER_PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('button', { name: 'Delete history' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(0);
  expect(await journalRows(page, sale.traceId)).toBe(0);
  await page.getByRole('button', { name: 'Back' }).click();

  // Import the file: the sale comes back; importing it again changes nothing.
  await unlockSettings(page);
  await importFile(page, backupPath);
  await expect(backupPanel.getByRole('status')).toHaveText(
    'Imported: 1 charge added, 0 updated, 0 unchanged.',
  );
  await importFile(page, backupPath);
  await expect(backupPanel.getByRole('status')).toHaveText(
    'Imported: 0 charges added, 0 updated, 1 unchanged.',
  );

  // A file that is not a backup is refused, with a message; nothing changes.
  await importFile(page, {
    name: 'notes.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ hello: 'world' })),
  });
  await expect(backupPanel.getByRole('status')).toHaveText(
    'This file is not a MixPay POS backup: nothing was imported.',
  );
  const newer = testInfo.outputPath('newer.json');
  await writeFile(newer, JSON.stringify({ ...backup, schemaVersion: 2 }));
  await importFile(page, newer);
  await expect(backupPanel.getByRole('status')).toContainText('made by a newer version of the app');
  // The panel keeps the settings screen free of serious axe violations (see a11y.spec.ts).
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
  // Settings were not touched by any import (restoring them is off by default).
  await expect(page.getByLabel('Shop name')).toHaveValue('Test Café');
  await page.getByRole('button', { name: 'Lock' }).click();

  await page.getByRole('button', { name: 'History' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem').first()).toContainText('Received');
  await expect(page.getByText(/Received 1 × = \$12\.50/).first()).toBeVisible();
  expect(await journalRows(page, sale.traceId)).toBe(1);
});

test('settings come back from a backup only when the owner ticks "Also restore settings"', async ({
  page,
}, testInfo) => {
  await seedSettings(page);
  await unlockSettings(page);
  const backupPanel = page.getByRole('region', { name: 'Backup' });
  const downloading = page.waitForEvent('download');
  await backupPanel.getByRole('button', { name: 'Export backup' }).click();
  const backupPath = testInfo.outputPath('backup.json');
  await (await downloading).saveAs(backupPath);

  await page.getByLabel('Shop name').fill('Renamed Shop');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();

  await importFile(page, backupPath);
  await expect(backupPanel.getByRole('status')).toHaveText(
    'Imported: 0 charges added, 0 updated, 0 unchanged.',
  );
  await expect(page.getByLabel('Shop name')).toHaveValue('Renamed Shop');

  await backupPanel.getByLabel('Also restore settings (payee, currency…)').check();
  await importFile(page, backupPath);
  await expect(backupPanel.getByRole('status')).toHaveText(
    'Imported: 0 charges added, 0 updated, 0 unchanged. Settings restored (payee, currency…).',
  );
  // The form shows the restored values, and the PIN still unlocks the settings.
  await expect(page.getByLabel('Shop name')).toHaveValue('Test Café');
  await page.getByRole('button', { name: 'Lock' }).click();
  await expect(page.getByText('Test Café')).toBeVisible();
  await unlockSettings(page);
});
