/**
 * Why a payment failed, in words: only the result and history screens show it, so it is not part
 * of the first download (errors.ts is).
 */
import { i18n, type MessageDescriptor } from '@lingui/core';
import { msg, t } from '@lingui/core/macro';
import { oneLine } from './errors';

const FAILURE_CODE_TEXT: Readonly<Record<number, MessageDescriptor>> = {
  40000: msg`The payment came too late (payment overtime)`,
  40020: msg`The customer paid with the wrong asset`,
  40021: msg`The customer paid twice (double payment)`,
  40024: msg`Underpaid: the customer paid less than the amount due`,
  40025: msg`The market moved too much during the payment`,
  40027: msg`The settlement asset is restricted`,
  40032: msg`The payment was cancelled`,
  10095: msg`MixPay rejected the payment in review`,
};

/**
 * Text for a failed payment result, in the active language: known code, else MixPay's own reason
 * (as it sent it), else a generic line.
 */
export function failureReasonText(code?: number, reason?: string): string {
  const known = code !== undefined ? FAILURE_CODE_TEXT[code] : undefined;
  if (known) return i18n._(known);
  const given = reason ? oneLine(reason) : '';
  return given || t`The payment failed`;
}
