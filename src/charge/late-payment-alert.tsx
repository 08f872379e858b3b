import { useEffect, useState } from 'react';
import {
  applyChargeEvent,
  subscribeJournal,
  unacknowledgedLatePayments,
  type ChargeRecord,
} from '@/journal/journal';
import { isOwnCharge } from '@/lifecycle/tills';
import { formatAmount } from '@/money/format';
import { displayAssetOf } from './display-asset';
import { playFeedback } from './feedback';

/**
 * The cashier must see a payment that arrived after they cancelled: it stays until dismissed. This
 * till's charges only (another till's late payment, heard of through the shop ledger, is its own).
 */
export function LatePaymentAlert({ tillId }: { tillId?: string }) {
  const [late, setLate] = useState<ChargeRecord[]>([]);
  useEffect(() => {
    let seen = 0;
    const load = () =>
      void unacknowledgedLatePayments().then((all) => {
        const pending = all.filter((c) => isOwnCharge(c, tillId));
        if (pending.length > seen) playFeedback(pending[0].status === 'received' ? 'success' : 'failure');
        seen = pending.length;
        setLate(pending);
      });
    load();
    return subscribeJournal(load);
  }, [tillId]);

  if (!late.length) return null;
  const c = late[0];
  const amount = formatAmount(c.quoteAmount, displayAssetOf(c));
  return (
    <div className="alert-banner" role="alert">
      <span>
        {c.status === 'received'
          ? `Late payment received: ${amount} was paid after this charge was stopped (trace ${c.traceId.slice(0, 8)}).`
          : `Late payment that does not match: a payment arrived for the stopped ${amount} charge (trace ${c.traceId.slice(0, 8)}), but not for the amount asked. Check History.`}
        {late.length > 1 && ` ${late.length - 1} more.`}
      </span>
      <button
        type="button"
        className="btn small"
        onClick={() =>
          void applyChargeEvent(c.traceId, { type: 'acknowledge-late' })
        }
      >
        Dismiss
      </button>
    </div>
  );
}
