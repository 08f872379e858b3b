import { plural, t } from '@lingui/core/macro';
import { useLingui } from '@lingui/react';
import type { ChargeRecord } from '@/lifecycle/charge-record';
import { saleOf } from '@/lifecycle/sale';
import { formatAmount } from '@/money/format';
import { displayAssetOf } from './display-asset';

/** Under the amount on the QR screen: what the total is made of, when it is more than one amount. */
export function SaleSummary({ charge }: { charge: ChargeRecord }) {
  useLingui(); // re-renders on a language switch
  const sale = saleOf(charge);
  const asset = displayAssetOf(charge);
  const parts: string[] = [];
  if (sale.lines.length > 1 || sale.discount || sale.tip) {
    const count = sale.lines.length;
    const subtotal = formatAmount(sale.subtotal, asset);
    parts.push(plural(count, { one: `# item ${subtotal}`, other: `# items ${subtotal}` }));
  }
  if (sale.discount) {
    const { percent } = sale.discount;
    const amount = formatAmount(sale.discount.amount, asset);
    parts.push(percent ? t`discount ${percent}% −${amount}` : t`discount −${amount}`);
  }
  if (sale.tip) {
    const { percent } = sale.tip;
    const amount = formatAmount(sale.tip.amount, asset);
    parts.push(percent ? t`tip ${percent}% ${amount}` : t`tip ${amount}`);
  }
  if (charge.linkedTo?.reason === 'difference') parts.push(t`the rest of an earlier payment`);
  return parts.length ? <p className="muted">{parts.join(' · ')}</p> : null;
}
