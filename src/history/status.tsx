import type { ChargeRecord, ChargeStatus } from '@/journal/journal';
import { outcomeOf } from '@/lifecycle/lifecycle';

export const STATUS_WORDS: Record<ChargeStatus, string> = {
  open: 'Waiting',
  received: 'Received',
  mismatch: 'Mismatch',
  failed: 'Failed',
  expired: 'Expired',
  cancelled: 'Cancelled',
};

/** A charge's status in a word and a colour (the word carries it; the colour only helps). */
export function StatusPill({ charge }: { charge: ChargeRecord }) {
  const underpaid = outcomeOf(charge) === 'underpaid';
  return (
    <span className={`status-pill status-${charge.status}`}>
      {underpaid ? 'Underpaid' : STATUS_WORDS[charge.status]}
      {charge.latePayment ? ' (late)' : ''}
    </span>
  );
}
