/** Owner PIN: salted PBKDF2-SHA-256 through WebCrypto; the PIN itself is never stored. */

/**
 * What is stored of the PIN (the settings schema, ./settings-schema.ts, checks it on read). Kept
 * here rather than imported from the schema: the tests' and bench's Node code hashes PINs with this
 * module and must not pull in the settings schema (and the ledger types behind it).
 */
export interface PinHash {
  algorithm: 'PBKDF2-SHA-256';
  iterations: number;
  salt: string;
  hash: string;
}

const ITERATIONS = 150_000;

export const PIN_RE = /^\d{4,8}$/;

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function derive(pin: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    // eslint-disable-next-line lingui/no-unlocalized-strings -- algorithm names, not words
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}

export async function hashPin(pin: string): Promise<PinHash> {
  if (!PIN_RE.test(pin)) throw new RangeError('The PIN must be 4 to 8 digits');
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(pin, salt, ITERATIONS);
  // eslint-disable-next-line lingui/no-unlocalized-strings -- an algorithm's name, not words
  return { algorithm: 'PBKDF2-SHA-256', iterations: ITERATIONS, salt: toBase64(salt), hash: toBase64(hash) };
}

export async function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  if (!PIN_RE.test(pin)) return false;
  const actual = await derive(pin, fromBase64(stored.salt), stored.iterations);
  const expected = fromBase64(stored.hash);
  // Constant-time comparison: no early exit on the first differing byte.
  let diff = actual.length ^ expected.length;
  for (let i = 0; i < Math.min(actual.length, expected.length); i++) diff |= actual[i] ^ expected[i];
  return diff === 0;
}

/** Delay before the next attempt is allowed: none for the first 5 failures, then doubling from 2 s, capped at 5 min. */
export function pinLockoutMs(failures: number): number {
  if (failures < 5) return 0;
  return Math.min(2_000 * 2 ** (failures - 5), 300_000);
}

/**
 * What the PIN box keeps after a wrong try: the digits typed while it was being checked (the
 * owner already retyping), not the tried PIN.
 */
export function pinLeftAfterWrongTry(current: string, tried: string): string {
  return current.startsWith(tried) ? current.slice(tried.length) : current;
}
