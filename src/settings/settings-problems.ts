/**
 * A refused save in words for the owner: each field by the name its screen gives it, not by its
 * key in the stored record (SettingsValidationError's own message, for logs, keeps the keys).
 */
import { t } from '@lingui/core/macro';
import type { SettingsField } from './settings-schema';

/** A settings field as the screens name it (the active language). */
export function settingsFieldName(field: SettingsField): string {
  switch (field) {
    case 'payeeId':
      return t`Payee ID`;
    case 'settlementAssetId':
      return t`Settlement asset`;
    case 'strictMode':
      return t`Always settle in the settlement asset`;
    case 'defaultQuoteAssetId':
      return t`Default currency`;
    case 'entryStyle':
      return t`Amount entry`;
    case 'paymentWindowMinutes':
      return t`Time to pay (minutes)`;
    case 'shopName':
      return t`Shop name`;
    case 'linkMode':
      return t`Payment link`;
    case 'apiUrl':
      return t`MixPay API URL`;
    case 'checkoutUrl':
      return t`Checkout URL`;
    case 'pin':
      return t`Owner PIN`;
    case 'shiftCloseNeedsPin':
      return t`Closing a shift needs the PIN`;
    case 'tipsEnabled':
      return t`Ask for tips`;
    case 'tipPercents':
      return t`Tip percentages`;
    case 'discountsEnabled':
      return t`Allow discounts on the keypad`;
    case 'receiptPaper':
      return t`Receipt paper`;
    case 'soundsEnabled':
      return t`Play sounds`;
    case 'language':
      return t`Language`;
    case 'tillId':
      return t`Till ID`;
    case 'tillName':
      return t`Till name`;
    case 'ledger':
      return t`Shop ledger`;
  }
}

/** "Time to pay (minutes): At least 1 minute; Shop name: At most 40 characters". */
export function settingsProblemsText(fields: Partial<Record<SettingsField, string>>): string {
  return Object.entries(fields)
    .map(([key, problem]) => {
      const field = settingsFieldName(key as SettingsField);
      return t({ message: `${field}: ${problem}`, comment: 'A settings field and what is wrong with it' });
    })
    .join('; ');
}
