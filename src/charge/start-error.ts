/**
 * What the keypad says when a charge could not be started. The charge is journalled before any
 * QR is shown, so a failed write means no QR: nothing can be paid that the till does not know of.
 */
import { isStorageFullError } from '@/journal/journal';
import { describeError } from '@/mixpay/errors';

export const STORAGE_FULL_MESSAGE =
  "This device's storage is full: the charge was not started. Export a backup and clear old history in Settings.";

export function startErrorMessage(error: unknown): string {
  if (isStorageFullError(error)) return STORAGE_FULL_MESSAGE;
  return `Could not start the charge: ${error instanceof Error ? error.message : describeError(error)}`;
}
