import { seedSettings } from './support/seed';
import { waitForServiceWorker } from './support/app';
import { expect, test } from './support/fixtures';

test('the app loads, its service worker takes control, and it starts again offline', async ({
  page,
  context,
}) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Set up this till' })).toBeVisible();
  await waitForServiceWorker(page);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Set up this till' })).toBeVisible();
  await expect(page.getByLabel('Owner PIN')).toBeVisible();
  await context.setOffline(false);
});

test('the "ready to work offline" notice sits below the screen, never over a button, and goes away', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  const notice = page.getByRole('region', { name: 'App update' });
  await expect(notice).toContainText('Ready to work offline', { timeout: 20_000 });
  // A trial click fails if anything (the notice) would receive the tap instead of the button.
  await page.getByRole('button', { name: 'Start selling' }).click({ trial: true, timeout: 5_000 });
  await page.getByLabel('Shop name').click({ trial: true, timeout: 5_000 });
  await expect(notice).toBeHidden({ timeout: 12_000 });
});

test('the web manifest describes an installable app', async ({ page, request }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifest = await (await request.get(href!)).json();
  expect(manifest).toMatchObject({ name: 'MixPay POS', short_name: 'MixPay POS', display: 'standalone' });
  expect(manifest.theme_color).toMatch(/^#/);
  const icons = manifest.icons as Array<{ sizes: string; purpose?: string; src: string }>;
  expect(icons.some((i) => i.sizes === '192x192')).toBe(true);
  expect(icons.some((i) => i.sizes === '512x512' && i.purpose === 'maskable')).toBe(true);
  for (const icon of icons) expect((await request.get(icon.src)).ok()).toBe(true);
  expect(manifest.id).toBeTruthy();
  expect(manifest.categories).toContain('business');
  const shots = manifest.screenshots as Array<{ src: string; form_factor: string }>;
  expect(shots.map((s) => s.form_factor).sort()).toEqual(['narrow', 'wide']);
  for (const shot of shots) expect((await request.get(shot.src)).ok()).toBe(true);
  const shortcuts = manifest.shortcuts as Array<{ name: string; url: string }>;
  expect(shortcuts.map((s) => s.name)).toContain('History');
});

test('the sandbox answers quote_assets with the MixPay envelope', async ({ request }) => {
  const response = await request.get('sandbox/v1/setting/quote_assets');
  expect(response.ok()).toBe(true);
  expect(response.headers()['x-ratelimit-limit']).toBe('60');
  const body = await response.json();
  expect(body).toMatchObject({ code: 0, success: true, message: '' });
  expect(typeof body.timestampMs).toBe('number');
  expect(body.data.some((a: { assetId: string }) => a.assetId === 'usd')).toBe(true);
});

test('the Content-Security-Policy allows connections only to the configured MixPay API', async ({ page }) => {
  await seedSettings(page);
  const verdict = await page.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      violations.push(`${e.effectiveDirective} ${e.blockedURI}`),
    );
    const tryFetch = (url: string) =>
      fetch(url).then(
        () => 'allowed',
        () => 'blocked',
      );
    const api = await tryFetch('/sandbox/v1/setting/quote_assets');
    // Loopback only, and CSP refuses it before any request is made.
    const foreign = await tryFetch('http://127.0.0.2:9/steal');
    await new Promise((r) => setTimeout(r, 50));
    return { api, foreign, violations };
  });
  expect(verdict.api).toBe('allowed');
  expect(verdict.foreign).toBe('blocked');
  expect(verdict.violations).toContain('connect-src http://127.0.0.2:9/steal');
  const csp = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .first()
    .getAttribute('content');
  expect(csp).toContain("script-src 'self'");
});
