/**
 * Chinese and English. The Chinese names of Charge ("收款") and of the success heading ("收款成功")
 * are a contract like the English ones.
 */
import { seedSettings, tapKeys } from './support/app';
import { expect, test } from './support/fixtures';

test.describe('a browser that reads Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('the till speaks Chinese from the first screen', async ({ page }) => {
    await seedSettings(page);
    await tapKeys(page, '1250');
    await expect(page.getByRole('button', { name: '收款' })).toBeVisible();
  });
});
