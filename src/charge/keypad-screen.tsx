import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ChargeRecord } from '@/journal/journal';
import { describeError } from '@/mixpay/errors';
import { quoteAssetsQuery } from '@/mixpay/queries';
import type { QuoteAsset } from '@/mixpay/schemas';
import {
  amountOf,
  applyKey,
  chargeBlock,
  defaultEntryStyle,
  entryFromKeyboard,
  reformatEntry,
  type EntryKey,
  type EntryRules,
} from '@/money/entry';
import { compareDecimal, fractionDigitsOf, isDecimalString, isZeroDecimal } from '@/money/decimal';
import { formatAmount, formatEntry, type DisplayAsset } from '@/money/format';
import { useMixPay } from '@/settings';
import type { Settings } from '@/settings';
import { ConfirmDialog } from '@/shared/confirm-dialog';
import { displayAssetOfQuote } from './display-asset';
import { startCharge, upgradeToOneTimeLink } from './start-charge';
import { startErrorMessage } from './start-error';

/** Used until MixPay's list has been fetched once (first start offline): USD only, no limits. */
const FALLBACK_QUOTE_ASSETS: QuoteAsset[] = [
  {
    assetId: 'usd',
    symbol: 'USD',
    decimalDigit: 2,
    minQuoteAmount: '0.01',
    maxQuoteAmount: '100000',
    isAsset: false,
  } as QuoteAsset,
];

const DIGIT_ROWS: EntryKey[][] = [
  ['1', '2', '3'],
  ['4', '5', '6'],
  ['7', '8', '9'],
];

export const REMARK_MAX = 50;

function entryRulesFor(asset: QuoteAsset, settings: Settings): EntryRules {
  const style = settings.entryStyle === 'auto' ? defaultEntryStyle(!asset.isAsset) : settings.entryStyle;
  return { style, decimals: asset.decimalDigit, max: asset.maxQuoteAmount || undefined };
}

export function KeypadScreen({
  settings,
  onCharge,
}: {
  settings: Settings;
  onCharge: (charge: ChargeRecord) => void;
}) {
  const { client, apiUrl, checkoutUrl } = useMixPay();
  const quoteAssets = useQuery({ ...quoteAssetsQuery(client, apiUrl), meta: { persist: true } });
  const assets = quoteAssets.data?.length ? quoteAssets.data : FALLBACK_QUOTE_ASSETS;

  const [quoteAssetId, setQuoteAssetId] = useState(settings.defaultQuoteAssetId);
  const asset =
    assets.find((a) => a.assetId === quoteAssetId) ?? assets.find((a) => a.assetId === 'usd') ?? assets[0];
  const rules = entryRulesFor(asset, settings);

  const [text, setText] = useState('');
  const [remark, setRemark] = useState('');
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);

  const amount = amountOf(text, rules);
  const block = chargeBlock(amount, {
    min: asset.minQuoteAmount || undefined,
    max: asset.maxQuoteAmount || undefined,
  });
  const display = displayAssetOfQuote(asset);
  const blockMessage = useMemo(() => {
    if (!block) return null;
    // Show limits in the currency's own format rather than as raw API strings.
    if (block.reason === 'below-min' && asset.minQuoteAmount)
      return `Minimum is ${formatAmount(asset.minQuoteAmount, display)}`;
    if (block.reason === 'above-max' && asset.maxQuoteAmount)
      return `Maximum is ${formatAmount(asset.maxQuoteAmount, display)}`;
    return block.message;
  }, [block, asset, display]);

  const press = (key: EntryKey) => setText((t) => applyKey(t, key, rules));

  // Synchronous guard: two Enter keydowns in one task both run before React re-renders, so the
  // `starting` state they would read is stale; the ref is set before the first await.
  const startingRef = useRef(false);
  const charge = async () => {
    if (block || startingRef.current) return;
    startingRef.current = true;
    setStarting(true);
    setStartError(null);
    try {
      let record = await startCharge({ settings, quoteAsset: asset, amount, remark });
      if (settings.linkMode === 'one-time') record = await upgradeToOneTimeLink(record, client, checkoutUrl);
      onCharge(record);
    } catch (error) {
      // The journal could not be written: no QR without a record, so nothing can be lost.
      // A full device says so, and what to do, rather than a raw storage error.
      setStartError(startErrorMessage(error));
      startingRef.current = false;
      setStarting(false);
    }
  };

  const chargeRef = useRef(charge);
  const pressRef = useRef(press);
  useEffect(() => {
    chargeRef.current = charge;
    pressRef.current = press;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, select, textarea, dialog, [contenteditable="true"]')) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const key = entryFromKeyboard(event.key);
      if (!key) return;
      // Enter on a focused button must press that button, not charge.
      if (key === 'submit' && target?.closest('button')) return;
      event.preventDefault();
      if (key === 'submit') void chargeRef.current();
      else pressRef.current(key);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // A currency switch that would drop the typed amount asks first; cancelling keeps both.
  const [pendingSwitch, setPendingSwitch] = useState<{ assetId: string; reason: string } | null>(null);
  const changeAsset = (id: string) => {
    const next = assets.find((a) => a.assetId === id);
    if (!next) return;
    const nextText = reformatEntry(text, rules, entryRulesFor(next, settings));
    if (nextText === '' && !isZeroDecimal(amount)) {
      setPendingSwitch({ assetId: id, reason: whyAmountDoesNotFit(amount, display, next) });
      return;
    }
    setText(nextText);
    setQuoteAssetId(id);
  };
  const confirmSwitch = () => {
    if (!pendingSwitch) return;
    setText('');
    setQuoteAssetId(pendingSwitch.assetId);
    setPendingSwitch(null);
  };

  const decimalKey: EntryKey = rules.style === 'register' ? '00' : '.';
  return (
    <div className="keypad-layout">
      <section className="entry-side" aria-label="Sale">
        <output className="amount-display" aria-label="Amount">
          {formatEntry(text, rules, display)}
        </output>
        <div className="amount-row">
          <div className="field">
            <label htmlFor="quote-asset">Currency</label>
            <select id="quote-asset" value={asset.assetId} onChange={(e) => changeAsset(e.target.value)}>
              {assets.map((a) => (
                <option key={a.assetId} value={a.assetId}>
                  {a.symbol}
                  {a.isAsset ? ' (crypto)' : ''}
                </option>
              ))}
            </select>
          </div>
        </div>
        {quoteAssets.isError && !quoteAssets.data && (
          <p className="muted small">
            Currency list unavailable ({describeError(quoteAssets.error)}); USD only for now.
          </p>
        )}
        <div className="field">
          <label htmlFor="remark">Note (optional)</label>
          <input
            id="remark"
            value={remark}
            maxLength={REMARK_MAX}
            onChange={(e) => setRemark(e.target.value.slice(0, REMARK_MAX))}
            placeholder="Shown to the customer"
            autoComplete="off"
          />
          <span className="hint">
            {remark.length}/{REMARK_MAX}
          </span>
        </div>
        <p id="charge-block-reason" className="block-reason" aria-live="polite">
          {blockMessage}
        </p>
        {startError && (
          <p className="error-text" role="alert">
            {startError}
          </p>
        )}
      </section>
      <section className="keypad" aria-label="Keypad">
        {DIGIT_ROWS.flat().map((k) => (
          <button key={k} type="button" className="key" onClick={() => press(k)}>
            {k}
          </button>
        ))}
        {rules.style === 'register' || rules.decimals > 0 ? (
          <button type="button" className="key" onClick={() => press(decimalKey)}>
            {decimalKey}
          </button>
        ) : (
          <button type="button" className="key" onClick={() => press('00')}>
            00
          </button>
        )}
        <button type="button" className="key" onClick={() => press('0')}>
          0
        </button>
        <button type="button" className="key fn" aria-label="Delete" onClick={() => press('delete')}>
          ⌫
        </button>
        <button type="button" className="key fn" onClick={() => press('clear')}>
          Clear
        </button>
        <button
          type="button"
          className="btn big primary"
          style={{ gridColumn: 'span 2' }}
          disabled={!!block || starting}
          aria-describedby="charge-block-reason"
          onClick={() => void charge()}
        >
          {starting ? 'Starting…' : 'Charge'}
        </button>
      </section>
      <ConfirmDialog
        open={pendingSwitch !== null}
        title="Clear the amount?"
        body={pendingSwitch?.reason ?? ''}
        confirmLabel="Clear and switch"
        dismissLabel="Keep the amount"
        onConfirm={confirmSwitch}
        onDismiss={() => setPendingSwitch(null)}
      />
    </div>
  );
}

/** Why `amount` (typed in the current currency) cannot be kept in `next`. */
function whyAmountDoesNotFit(amount: string, display: DisplayAsset, next: QuoteAsset): string {
  const shown = formatAmount(amount, display);
  const decimals = Number.isInteger(next.decimalDigit) && next.decimalDigit > 0 ? next.decimalDigit : 0;
  if (fractionDigitsOf(amount) > decimals) {
    return `${shown} cannot be charged in ${next.symbol}: ${next.symbol} ${
      decimals === 0 ? 'has no decimals' : `has only ${decimals} decimal${decimals === 1 ? '' : 's'}`
    }. Switching clears the amount.`;
  }
  if (
    next.maxQuoteAmount &&
    isDecimalString(next.maxQuoteAmount) &&
    compareDecimal(amount, next.maxQuoteAmount) > 0
  ) {
    return `${shown} is above the ${next.symbol} maximum of ${formatAmount(next.maxQuoteAmount, displayAssetOfQuote(next))}. Switching clears the amount.`;
  }
  return `${shown} is too long for ${next.symbol}. Switching clears the amount.`;
}
