/**
 * Lighthouse (mobile: its default emulation and simulated throttling) on the keypad, the screen a
 * till opens on, three runs. Budgets (issue 13): performance ≥ 95 and total blocking time ≤ 200 ms
 * on each run, accessibility 100. Settings are seeded first (a fresh profile would show the
 * onboarding), and Lighthouse keeps that storage. Needs a built dist-sandbox.
 * Usage: npx tsx bench/lighthouse.ts [--runs N] [--root dist-sandbox]
 */
import lighthouse from 'lighthouse';
import { chromium } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, findChromium } from '../e2e/support/chromium';
import { seedSettings } from '../e2e/support/seed';
import { startServer } from '../sandbox/server';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(arg('--runs') ?? 3);
const PORT = 9333;

async function main() {
  const choice = findChromium();
  if (choice.kind === 'none') throw new Error('No Chromium: run `npx tsx scripts/ensure-chromium.ts` first');
  const server = await startServer({ port: 0, root: arg('--root') });
  const profile = await mkdtemp(join(tmpdir(), 'lh-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: choice.kind === 'system' ? choice.path : undefined,
    args: [...CHROMIUM_ARGS, `--remote-debugging-port=${PORT}`],
    baseURL: server.url,
  });
  const rows: Array<{ performance: number; accessibility: number; tbt: number; lcp: number; fcp: number }> = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await seedSettings(page);
    for (let run = 1; run <= RUNS; run++) {
      const result = await lighthouse(`${server.url}/`, {
        port: PORT,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility'],
        disableStorageReset: true,
      });
      if (!result) throw new Error('Lighthouse gave no result');
      const { categories, audits } = result.lhr;
      const row = {
        performance: Math.round((categories.performance.score ?? 0) * 100),
        accessibility: Math.round((categories.accessibility.score ?? 0) * 100),
        tbt: Math.round(audits['total-blocking-time'].numericValue ?? NaN),
        lcp: Math.round(audits['largest-contentful-paint'].numericValue ?? NaN),
        fcp: Math.round(audits['first-contentful-paint'].numericValue ?? NaN),
      };
      rows.push(row);
      console.log(
        `run ${run}: performance ${row.performance}, accessibility ${row.accessibility}, TBT ${row.tbt} ms, LCP ${row.lcp} ms, FCP ${row.fcp} ms`,
      );
    }
  } finally {
    await context.close();
    await server.close();
    await rm(profile, { recursive: true, force: true });
  }
  const met = rows.every((r) => r.performance >= 95 && r.tbt <= 200 && r.accessibility === 100);
  console.log(met ? 'Lighthouse budgets met.' : 'Lighthouse budgets NOT met (performance ≥ 95, TBT ≤ 200 ms, accessibility 100).');
  if (!met) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
