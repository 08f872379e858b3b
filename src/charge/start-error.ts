/**
 * What the keypad says when a charge could not be started. The charge is journalled before any
 * QR is shown, so a failed write means no QR: nothing can be paid that the till does not know of.
 */
import { t } from '@lingui/core/macro';
import { isStorageFullError } from '@/journal/storage-errors';
import { describeError, isMixPayError } from '@/mixpay/errors';

/** What startErrorMessage says of a full device in English (the source text; tests compare with it). */
export const STORAGE_FULL_MESSAGE =
  "This device's storage is full: the charge was not started. Export a backup and clear old history in Settings.";

/** In the active language: call it while rendering or when the error happens, not at module level. */
export function startErrorMessage(error: unknown): string {
  if (isStorageFullError(error)) {
    return t`This device's storage is full: the charge was not started. Export a backup and clear old history in Settings.`;
  }
  // A MixPay error's own message is for logs ("POST …: HTTP 500"); the cashier reads its description.
  const reason = !isMixPayError(error) && error instanceof Error ? error.message : describeError(error);
  return t`Could not start the charge: ${reason}`;
}
