/**
 * Creating a charge. Order matters: the charge is written to the journal (with a paylink, which
 * needs no network) before anything is shown, so it survives a crash from the first moment; only
 * then is a one-time link requested, and the journal updated if it arrives within 3 s.
 */
import { applyChargeEvent, recordCharge, type ChargeRecord } from '@/journal/journal';
import type { ChargeLink } from '@/lifecycle/charge-record';
import { createCharge } from '@/lifecycle/lifecycle';
import type { SaleTerms } from '@/lifecycle/sale';
import type { MixPayClient } from '@/mixpay/client';
import { buildOneTimeLink, buildPaylink } from '@/mixpay/links';
import type { QuoteAsset } from '@/mixpay/schemas';
import type { Settings } from '@/settings';

export const ONE_TIME_LINK_TIMEOUT_MS = 3_000;

export interface NewCharge {
  settings: Settings;
  quoteAsset: Pick<QuoteAsset, 'assetId' | 'symbol' | 'decimalDigit' | 'isAsset'>;
  /** Canonical decimal string: the total (items − discount + tip) MixPay is asked for. */
  amount: string;
  /** The items, discount and tip behind `amount` (the lifecycle checks they add up). */
  sale?: SaleTerms;
  linkedTo?: ChargeLink;
  remark?: string;
  now?: number;
}

export function buildChargeRecord({
  settings,
  quoteAsset,
  amount,
  sale,
  linkedTo,
  remark,
  now = Date.now(),
}: NewCharge): ChargeRecord {
  const traceId = crypto.randomUUID();
  const expiredTimestamp = Math.floor(now / 1000) + settings.paymentWindowMinutes * 60;
  const trimmedRemark = remark?.trim() || undefined;
  const link = buildPaylink(settings.checkoutUrl, {
    payeeId: settings.payeeId,
    quoteAssetId: quoteAsset.assetId,
    quoteAmount: amount,
    settlementAssetId: settings.settlementAssetId,
    traceId,
    remark: trimmedRemark,
    strictMode: settings.strictMode || undefined,
    expiredTimestamp,
  });
  return createCharge(
    {
      traceId,
      shopName: settings.shopName,
      payeeId: settings.payeeId,
      settlementAssetId: settings.settlementAssetId,
      strictMode: settings.strictMode,
      quoteAssetId: quoteAsset.assetId,
      quoteSymbol: quoteAsset.symbol,
      quoteDecimals: quoteAsset.decimalDigit,
      quoteIsFiat: !quoteAsset.isAsset,
      quoteAmount: amount,
      remark: trimmedRemark,
      expiredTimestamp,
      paylink: link,
      wantsOneTimeLink: settings.linkMode === 'one-time',
      sale,
      linkedTo,
      till: settings.tillId ? { tillId: settings.tillId, tillName: settings.tillName } : undefined,
    },
    now,
  );
}

/** Journals a new charge and returns it; `upgrade` then swaps in the one-time link when enabled. */
export async function startCharge(input: NewCharge): Promise<ChargeRecord> {
  const record = buildChargeRecord(input);
  await recordCharge(record);
  return record;
}

/**
 * One-time link mode: POST /one_time_payment with the charge's own traceId (so polling and the
 * journal stay on one trace). A failure or a slow answer falls back to the paylink at once.
 */
export async function upgradeToOneTimeLink(
  record: ChargeRecord,
  client: MixPayClient,
  checkoutUrl: string,
): Promise<ChargeRecord> {
  try {
    const { data } = await client.createOneTimePayment(
      {
        payeeId: record.payeeId,
        quoteAmount: record.quoteAmount,
        quoteAssetId: record.quoteAssetId,
        settlementAssetId: record.settlementAssetId,
        traceId: record.traceId,
        strictMode: record.strictMode || undefined,
        remark: record.remark,
        expiredTimestamp: record.expiredTimestamp,
      },
      { timeoutMs: ONE_TIME_LINK_TIMEOUT_MS },
    );
    const link = buildOneTimeLink(checkoutUrl, data.code);
    return (await applyChargeEvent(record.traceId, { type: 'link-ready', link })).after;
  } catch (error) {
    console.warn('One-time link unavailable; using the paylink', error);
    return (await applyChargeEvent(record.traceId, { type: 'link-fell-back' })).after;
  }
}
