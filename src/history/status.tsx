import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { useLingui } from '@lingui/react/macro';
import type { ChargeRecord, ChargeStatus } from '@/journal/journal';
import { outcomeOf } from '@/lifecycle/lifecycle';

/** A status in a word, translated where it is shown (`t(STATUS_WORDS[status])`). */
export const STATUS_WORDS: Record<ChargeStatus, MessageDescriptor> = {
  open: msg`Waiting`,
  received: msg`Received`,
  mismatch: msg`Mismatch`,
  failed: msg`Failed`,
  expired: msg`Expired`,
  cancelled: msg`Cancelled`,
};

/** A charge's status in a word and a colour (the word carries it; the colour only helps). */
export function StatusPill({ charge }: { charge: ChargeRecord }) {
  const { t } = useLingui();
  const underpaid = outcomeOf(charge) === 'underpaid';
  const word = underpaid ? t`Underpaid` : t(STATUS_WORDS[charge.status]);
  return (
    <span className={`status-pill status-${charge.status}`}>
      {charge.latePayment ? t`${word} (late)` : word}
    </span>
  );
}
