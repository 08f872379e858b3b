/**
 * Makes sure the e2e suite has a browser: Playwright's own Chromium, a system Chromium, or (as
 * root on Debian, where Playwright cannot download its own) Debian's `chromium` package.
 * Otherwise stops with one line saying what to run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from '../e2e/support/chromium.ts';

let choice = findChromium();
if (choice.kind === 'none' && !process.env.CHROMIUM_PATH) {
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/etc/debian_version')) {
    console.log("No Chromium found: installing Debian's chromium package with apt-get…");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
      stdio: 'inherit',
      env,
    });
    choice = findChromium();
  }
}
if (choice.kind === 'none') {
  console.error(
    process.env.CHROMIUM_PATH
      ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist: point it at a Chromium binary.`
      : 'No Chromium for the e2e tests: run `npx playwright install chromium`, or `sudo apt-get install chromium`, or set CHROMIUM_PATH.',
  );
  process.exit(1);
}
console.log(
  choice.kind === 'playwright' ? "e2e browser: Playwright's Chromium" : `e2e browser: ${choice.path}`,
);
