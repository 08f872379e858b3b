/**
 * `npm run screenshots`: the main screens at tablet and phone sizes, in English and Chinese, against
 * the built-in sandbox (builds dist-sandbox first through the npm script). Writes docs/screenshots/
 * (README's pictures) and the manifest's two screenshots in public/screenshots/ (used by the next
 * build's install dialog). Usage: npm run screenshots [-- --only en|zh]
 */
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../e2e/support/chromium';
import { SandboxControl } from '../e2e/support/sandbox-control';
import { seedSettings } from '../e2e/support/seed';
import { startServer } from '../sandbox/server';

const SIZES = {
  landscape: { width: 1280, height: 800 },
  portrait: { width: 800, height: 1280 },
  phone: { width: 390, height: 844 },
} as const;
type Size = keyof typeof SIZES;
const LANGS = { en: 'en-US', zh: 'zh-CN' } as const;
type Lang = keyof typeof LANGS;

const OUT = 'docs/screenshots';
const MANIFEST_OUT = 'public/screenshots';

async function tap(page: Page, keys: string) {
  for (const key of keys) await page.getByRole('button', { name: key, exact: true }).click();
}

/** The keypad's Charge button in either language. */
const chargeButton = (page: Page) => page.getByRole('button', { name: /^(Charge|收款)$/ });

async function shoot(page: Page, name: string) {
  // Let entrance transitions and fonts settle.
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${OUT}/${name}.png` });
  console.log(`${OUT}/${name}.png`);
}

async function screens(browser: Browser, baseURL: string, sandbox: SandboxControl, size: Size, lang: Lang) {
  const context = await browser.newContext({ baseURL, viewport: SIZES[size], locale: LANGS[lang] });
  const page = await context.newPage();
  try {
    await sandbox.reset();
    await seedSettings(page, { shopName: lang === 'zh' ? '街角咖啡' : 'Corner Café' });
    const tag = `${size}-${lang}`;
    await tap(page, '1250');
    await shoot(page, `keypad-${tag}`);

    await chargeButton(page).click();
    const qr = page.getByRole('img', { name: /Payment QR code|付款二维码/ });
    await qr.waitFor();
    const link = await page.getByLabel(/Payment link|付款链接/).inputValue();
    const url = new URL(link);
    const traceId = url.searchParams.get('traceId') ?? url.pathname.split('/').pop() ?? '';
    await shoot(page, `qr-${tag}`);

    await sandbox.open(link);
    await sandbox.pay(traceId);
    await page.getByRole('heading', { name: /Payment received|收款成功/ }).waitFor({ timeout: 30_000 });
    await shoot(page, `received-${tag}`);

    if (size !== 'phone' || lang === 'en') {
      await page.getByRole('button', { name: /^(New sale|新订单)$/ }).click();
      await chargeButton(page).waitFor();
    }
  } finally {
    await context.close();
  }
}

async function main() {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
  const choice = findChromium();
  if (choice.kind === 'none') throw new Error('No Chromium: run `npx tsx scripts/ensure-chromium.ts` first');
  await mkdir(OUT, { recursive: true });
  await mkdir(MANIFEST_OUT, { recursive: true });
  const server = await startServer({ port: 0, root: process.env.E2E_APP_ROOT || undefined });
  const sandbox = new SandboxControl(server.url);
  const browser = await chromium.launch({
    executablePath: choice.kind === 'system' ? choice.path : undefined,
    args: CHROMIUM_ARGS,
  });
  try {
    for (const lang of Object.keys(LANGS) as Lang[]) {
      if (only && only !== lang) continue;
      for (const size of Object.keys(SIZES) as Size[]) await screens(browser, server.url, sandbox, size, lang);
    }
    // The manifest's screenshots: a wide keypad and a narrow QR screen (English).
    if (!only || only === 'en') {
      const { copyFile } = await import('node:fs/promises');
      await copyFile(`${OUT}/keypad-landscape-en.png`, `${MANIFEST_OUT}/wide.png`);
      await copyFile(`${OUT}/qr-phone-en.png`, `${MANIFEST_OUT}/narrow.png`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
