import type { ChargeRecord } from '@/lifecycle/charge-record';
import { saleOf } from '@/lifecycle/sale';
import { formatAmount } from '@/money/format';
import { displayAssetOf } from './display-asset';

/** Under the amount on the QR screen: what the total is made of, when it is more than one amount. */
export function SaleSummary({ charge }: { charge: ChargeRecord }) {
  const sale = saleOf(charge);
  const asset = displayAssetOf(charge);
  const parts: string[] = [];
  if (sale.lines.length > 1 || sale.discount || sale.tip) {
    parts.push(
      `${sale.lines.length} item${sale.lines.length === 1 ? '' : 's'} ${formatAmount(sale.subtotal, asset)}`,
    );
  }
  if (sale.discount) {
    parts.push(
      `discount${sale.discount.percent ? ` ${sale.discount.percent}%` : ''} −${formatAmount(sale.discount.amount, asset)}`,
    );
  }
  if (sale.tip)
    parts.push(
      `tip${sale.tip.percent ? ` ${sale.tip.percent}%` : ''} ${formatAmount(sale.tip.amount, asset)}`,
    );
  if (charge.linkedTo?.reason === 'difference') parts.push('the rest of an earlier payment');
  return parts.length ? <p className="muted">{parts.join(' · ')}</p> : null;
}
