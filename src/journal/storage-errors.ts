/** A full device, told apart from other storage failures (small: the keypad shows it). */
// eslint-disable-next-line lingui/no-unlocalized-strings -- DOMException names the browser reports, not text
const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

/**
 * Whether a failed journal write failed because the device's storage is full. Browsers report it
 * as a QuotaExceededError DOMException (legacy code 22; Firefox once used NS_ERROR_DOM_QUOTA_REACHED),
 * on the request or on the aborted transaction (`.error`), sometimes wrapped as an AbortError or
 * another error's `cause`.
 */
export function isStorageFullError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown; error?: unknown };
  if (typeof e.name === 'string' && QUOTA_NAMES.has(e.name)) return true;
  if (e.code === 22 && typeof DOMException !== 'undefined' && error instanceof DOMException) return true;
  // An aborted transaction's AbortError says why in its message in some browsers.
  if (e.name === 'AbortError' && typeof e.message === 'string' && /quota/i.test(e.message)) return true;
  return isStorageFullError(e.cause, depth + 1) || isStorageFullError(e.error, depth + 1);
}
