/**
 * Chinese and English. The Chinese names of Charge ("收款") and of the success heading ("收款成功")
 * are a contract like the English ones, and so are the Language setting's options: each language
 * by its own name ("English", "中文"), whatever the language in use.
 */
import { OWNER_PIN, seedSettings, tapKeys } from './support/app';
import { expect, test } from './support/fixtures';

test.describe('a browser that reads Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('the till speaks Chinese from the first screen', async ({ page }) => {
    await seedSettings(page);
    await tapKeys(page, '1250');
    await expect(page.getByRole('button', { name: '收款' })).toBeVisible();
  });
});

test.describe('a browser that reads English', () => {
  test.use({ locale: 'en-US' });

  test('the owner switches the till to Chinese in Settings: at once, after a reload, through a whole sale', async ({
    page,
    sandbox,
  }) => {
    await seedSettings(page);
    await expect(page.getByRole('button', { name: 'Charge', exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Owner PIN').fill(OWNER_PIN);
    await page.getByRole('button', { name: 'Unlock' }).click();

    const language = page.getByLabel('Language');
    await expect(language).toHaveValue('auto');
    await expect(language.locator('option')).toHaveText(['Automatic (browser)', 'English', '中文']);
    await language.selectOption({ label: '中文' });
    await page.getByRole('button', { name: 'Save' }).click();

    // Saved, and the settings screen itself already reads in Chinese; the options keep their names.
    await expect(page.getByText('已保存。')).toBeVisible();
    await expect(page.getByRole('button', { name: '保存' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByLabel('语言').locator('option').nth(1)).toHaveText('English');
    await expect(page.getByLabel('语言')).toHaveValue('zh');

    await page.getByRole('button', { name: '锁定' }).click();
    await expect(page.getByRole('button', { name: '收款', exact: true })).toBeVisible();

    // The choice is stored: a reload of an English browser comes back in Chinese.
    await page.reload();
    await expect(page.getByRole('button', { name: '收款', exact: true })).toBeVisible();

    await tapKeys(page, '1250');
    await page.getByRole('button', { name: '收款', exact: true }).click();
    // The payment link (the charge screen's one read-only box), without relying on its Chinese label.
    const link = await page.locator('input[readonly]').inputValue();
    const traceId = new URL(link).searchParams.get('traceId')!;
    await sandbox.open(link);
    await sandbox.pay(traceId);
    await expect(page.getByRole('heading', { name: '收款成功' })).toBeVisible();
  });
});
