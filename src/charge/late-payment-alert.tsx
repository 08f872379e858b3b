import { t } from '@lingui/core/macro';
import { useEffect, useState } from 'react';
import { formatLocale } from '@/i18n/i18n';
import {
  applyChargeEvent,
  subscribeJournal,
  unacknowledgedLatePayments,
  type ChargeRecord,
} from '@/journal/journal-lazy';
import { isOwnCharge } from '@/lifecycle/tills';
import { formatAmount } from '@/money/format';
import { soundsMuted } from '@/settings';
import { displayAssetOf } from './display-asset';
import { playFeedback } from './feedback';
import './late-payment-alert.css';

/** When the charge was made: its time today, with the day when it is older. */
function chargeTime(ms: number, now = Date.now()): string {
  const sameDay = new Date(ms).toDateString() === new Date(now).toDateString();
  return new Intl.DateTimeFormat(
    formatLocale(),
    sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' },
  ).format(ms);
}

/**
 * The cashier must see a payment that arrived after they cancelled: it stays until dismissed. This
 * till's charges only (another till's late payment, heard of through the shop ledger, is its own).
 * Money that came in is good news (a calm green); a payment that does not match what was asked
 * needs a look (amber), but is not an error of the till's. Either way it names the charge the way
 * the cashier knows it (its time, amount and note) and opens it: `onOpen`, absent while another
 * charge's QR is up (that one is never left from here).
 */
export function LatePaymentAlert({
  tillId,
  onOpen,
}: {
  tillId?: string;
  onOpen?: (charge: ChargeRecord) => void;
}) {
  const [late, setLate] = useState<ChargeRecord[]>([]);
  useEffect(() => {
    let seen = 0;
    const load = () =>
      void unacknowledgedLatePayments().then((all) => {
        const pending = all.filter((c) => isOwnCharge(c, tillId));
        if (pending.length > seen) {
          playFeedback(pending[0].status === 'received' ? 'success' : 'failure', { muted: soundsMuted() });
        }
        seen = pending.length;
        setLate(pending);
      });
    load();
    return subscribeJournal(load);
  }, [tillId]);

  if (!late.length) return null;
  const c = late[0];
  const received = c.status === 'received';
  const amount = formatAmount(c.quoteAmount, displayAssetOf(c));
  const seen = () => void applyChargeEvent(c.traceId, { type: 'acknowledge-late' });
  const time = chargeTime(c.createdAt);
  const remark = c.remark;
  const more = late.length - 1;
  const details = [
    t`Charge of ${time}`,
    remark ? t`Note: ${remark}` : null,
    received
      ? t`paid after it was stopped.`
      : t`a payment came after it was stopped, but not for what was asked. Check it.`,
  ].filter(Boolean);
  return (
    <section
      className={`late-alert ${received ? 'late-alert-good' : 'late-alert-check'}`}
      aria-label={t`Late payment`}
    >
      <div className="late-alert-text" role="alert">
        <strong className="late-alert-title">
          {received ? t`Late payment received: ${amount}` : t`Late payment that does not match: ${amount}`}
        </strong>{' '}
        <span className="late-alert-detail">
          {details.join(' · ')}
          {more > 0 && ` ${t`${more} more.`}`}
        </span>
      </div>
      <div className="late-alert-actions">
        {onOpen && (
          <button
            type="button"
            className="btn small"
            onClick={() => {
              // Opened is seen: the charge's own screen says the rest.
              seen();
              onOpen(c);
            }}
          >
            {t`Open charge`}
          </button>
        )}
        <button type="button" className="btn small" onClick={seen}>
          {t`Dismiss`}
        </button>
      </div>
    </section>
  );
}
