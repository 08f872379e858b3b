/**
 * Which Chromium the e2e suite drives. Playwright's own build when it is installed, else a system
 * Chromium (CHROMIUM_PATH, then the usual Debian paths). Installing one is ensure-chromium's job;
 * this module only looks, so the Playwright config can call it in every worker.
 */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export const SYSTEM_CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

export type ChromiumChoice = { kind: 'playwright' } | { kind: 'system'; path: string } | { kind: 'none' };

export function findChromium(): ChromiumChoice {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? { kind: 'system', path: fromEnv } : { kind: 'none' };
  try {
    if (existsSync(chromium.executablePath())) return { kind: 'playwright' };
  } catch {
    // Playwright's browser registry throws when its build is not installed: fall through.
  }
  const path = SYSTEM_CHROMIUM_CANDIDATES.find((p) => existsSync(p));
  return path ? { kind: 'system', path } : { kind: 'none' };
}

/** Flags for a root user in a container with no network beyond loopback. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
