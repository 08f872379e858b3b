import { plural, t } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { ChargeRecord, SaleAdjustment } from '@/journal/journal';
import { mixpayKeys, quoteAssetsQuery } from '@/mixpay/queries';
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
import { saleTotals, type Adjustment } from '@/money/totals';
import { assetOptions, useMixPayIfReady } from '@/settings';
import type { Settings } from '@/settings';
import { ConfirmDialog } from '@/shared/confirm-dialog';
import { whenIdle } from '@/shared/when-idle';
import { displayAssetOfQuote } from './display-asset';
import './keypad.css';

type TipScreenType = typeof import('./tip-screen').TipScreen;
type DiscountDialogType = typeof import('./discount-dialog').DiscountDialog;

// Starting a charge (journal record, paylink) is a download of its own, fetched as soon as the
// keypad is up and the main thread idle: long before a cashier can tap Charge, so the QR does not
// wait for it.
let startChargeModule: Promise<typeof import('./start-charge')> | null = null;
const loadStartCharge = () =>
  (startChargeModule ??= import('./start-charge').catch((error: unknown) => {
    startChargeModule = null; // a later attempt may succeed (network back)
    throw error;
  }));

// What went wrong, in words (a failed charge, an unavailable currency list): rare, so not in the
// first download; fetched in the background with the charge code, so an error rarely waits for it.
type ErrorWords = {
  startErrorMessage: typeof import('./start-error').startErrorMessage;
  describeError: typeof import('@/mixpay/errors').describeError;
};
let errorWordsModule: Promise<ErrorWords> | null = null;
const loadErrorWords = () =>
  (errorWordsModule ??= Promise.all([import('./start-error'), import('@/mixpay/errors')]).then(
    ([{ startErrorMessage }, { describeError }]) => ({ startErrorMessage, describeError }),
    (error: unknown) => {
      errorWordsModule = null; // a later attempt may succeed (network back)
      throw error;
    },
  ));

/** A discount or tip as the record keeps it: how it was given, and what it came to. */
function stored(a: Adjustment | null | undefined, amount: string): SaleAdjustment | undefined {
  if (!a || isZeroDecimal(amount)) return undefined;
  return a.kind === 'percent' ? { kind: 'percent', percent: a.percent, amount } : { kind: 'amount', amount };
}

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
  // The hook's `t`: the keypad re-renders when the language changes.
  const { t } = useLingui();
  // Null for a moment after start-up (the MixPay services are a download of their own).
  const mixpay = useMixPayIfReady();
  // A till selling in USD needs no list until someone reaches for the currency picker: until then
  // a first fetch of it waits for a quiet moment of the shop (see quoteAssetsQuery).
  const [listWanted, setListWanted] = useState(false);
  const sellsInFallback = FALLBACK_QUOTE_ASSETS.some((a) => a.assetId === settings.defaultQuoteAssetId);
  const quoteAssets = useQuery({
    ...quoteAssetsQuery(mixpay?.client ?? null, settings.apiUrl, {
      canWait: () => sellsInFallback && !listWanted,
    }),
    meta: { persist: true },
  });
  const { refetch: refetchList } = quoteAssets;
  const hasList = quoteAssets.data !== undefined;
  // Set when the picker is reached for while a fetch may be waiting (the services are in; before
  // them, the first fetch is made plainly anyway).
  const [askListNow, setAskListNow] = useState(false);
  const queryClient = useQueryClient();
  const apiUrl = settings.apiUrl;
  useEffect(() => {
    if (!askListNow || hasList) return;
    // Ask now: the waiting fetch is cancelled (never sent) and made again, plainly. A refetch alone
    // would join the fetch under way (React Query does so while there is no data yet).
    void queryClient
      .cancelQueries({ queryKey: mixpayKeys.quoteAssets(apiUrl) })
      .then(() => refetchList())
      .catch(() => undefined);
  }, [askListNow, hasList, queryClient, apiUrl, refetchList]);
  const wantList = () => {
    if (hasList || listWanted) return;
    setListWanted(true);
    if (mixpay) setAskListNow(true);
  };
  const assets = quoteAssets.data?.length ? quoteAssets.data : FALLBACK_QUOTE_ASSETS;
  const listFailed = quoteAssets.isError && !quoteAssets.data;
  // Asked for only when the list failed: the keypad does not render again for it otherwise.
  const [errorWords, setErrorWords] = useState<ErrorWords | null>(null);
  useEffect(() => {
    if (!listFailed || errorWords) return;
    let live = true;
    loadErrorWords().then(
      (words) => live && setErrorWords(words),
      () => undefined, // the USD-only keypad works without the reason
    );
    return () => {
      live = false;
    };
  }, [listFailed, errorWords]);

  const [quoteAssetId, setQuoteAssetId] = useState(settings.defaultQuoteAssetId);
  const asset =
    assets.find((a) => a.assetId === quoteAssetId) ?? assets.find((a) => a.assetId === 'usd') ?? assets[0];
  const rules = entryRulesFor(asset, settings);

  const [text, setText] = useState('');
  const [remark, setRemark] = useState('');
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  // The sale: items added with "+", a discount, then (customer-facing) a tip.
  const [lines, setLines] = useState<string[]>([]);
  const [discount, setDiscount] = useState<Adjustment | null>(null);
  const [askTip, setAskTip] = useState(false);
  const askTipRef = useRef(false);
  useEffect(() => {
    askTipRef.current = askTip;
  });
  // The tip screen and the discount dialog are separate downloads, fetched before they are needed.
  const [TipScreen, setTipScreen] = useState<TipScreenType | null>(null);
  const [DiscountDialog, setDiscountDialog] = useState<DiscountDialogType | null>(null);
  const [discountOpen, setDiscountOpen] = useState(false);
  const tipsEnabled = settings.tipsEnabled;
  useEffect(
    () =>
      whenIdle(() => {
        loadStartCharge().catch(() => undefined); // tried again on Charge
        loadErrorWords().catch(() => undefined); // tried again when an error is to be shown
      }),
    [],
  );
  useEffect(() => {
    if (!tipsEnabled) return;
    void import('./tip-screen').then(
      (m) => setTipScreen(() => m.TipScreen),
      () => undefined,
    );
  }, [tipsEnabled]);
  const openDiscount = () =>
    void import('./discount-dialog').then(
      (m) => {
        setDiscountDialog(() => m.DiscountDialog);
        setDiscountOpen(true);
      },
      () => setStartError(t`The discount could not be opened: check the connection and try again.`),
    );

  const entered = amountOf(text, rules);
  // The amount being typed counts as the last item until "+" adds it.
  const saleLines = isZeroDecimal(entered) ? lines : [...lines, entered];
  const totals = saleTotals({ lines: saleLines, discount, decimals: asset.decimalDigit });
  const amount = totals.total;
  const block = chargeBlock(amount, {
    min: asset.minQuoteAmount || undefined,
    max: asset.maxQuoteAmount || undefined,
  });
  const display = displayAssetOfQuote(asset);
  // Limits in the currency's own format rather than as raw API strings.
  let blockMessage: string | null = block?.message ?? null;
  if (block?.reason === 'below-min' && asset.minQuoteAmount) {
    const min = formatAmount(asset.minQuoteAmount, display);
    blockMessage = t`Minimum is ${min}`;
  }
  if (block?.reason === 'above-max' && asset.maxQuoteAmount) {
    const max = formatAmount(asset.maxQuoteAmount, display);
    blockMessage = t`Maximum is ${max}`;
  }

  const press = (key: EntryKey) => setText((t) => applyKey(t, key, rules));
  const addLine = () => {
    if (isZeroDecimal(entered)) return;
    setLines((l) => [...l, entered]);
    setText('');
  };

  // Synchronous guard: two Enter keydowns in one task both run before React re-renders, so the
  // `starting` state they would read is stale; the ref is set before the first await.
  const startingRef = useRef(false);
  // Enter pressed in the moment after start-up before the MixPay services are in: charge as soon
  // as they are (any other key in between cancels it), rather than drop the cashier's keypress.
  const chargeWhenReadyRef = useRef(false);
  /** Charge: asks for a tip first when the owner wants one (`tip` undefined), then starts. */
  const charge = async (tip?: Adjustment | null) => {
    if (!mixpay && !block && !startingRef.current && tip === undefined) chargeWhenReadyRef.current = true;
    if (block || startingRef.current || !mixpay) return;
    if (tipsEnabled && tip === undefined) {
      setStartError(null);
      if (!TipScreen) {
        try {
          const { TipScreen: loaded } = await import('./tip-screen');
          setTipScreen(() => loaded);
        } catch {
          // The tip step could not be loaded (offline before it was ever cached): sell without it.
          return void charge(null);
        }
      }
      setAskTip(true);
      return;
    }
    startingRef.current = true;
    setStarting(true);
    setStartError(null);
    try {
      const final = saleTotals({ lines: saleLines, discount, tip, decimals: asset.decimalDigit });
      const sale = {
        lines: saleLines.map((a) => ({ amount: a })),
        discount: stored(discount, final.discount),
        tip: stored(tip, final.tip),
      };
      const { startCharge, upgradeToOneTimeLink } = await loadStartCharge();
      let record = await startCharge({ settings, quoteAsset: asset, amount: final.total, sale, remark });
      if (settings.linkMode === 'one-time')
        record = await upgradeToOneTimeLink(record, mixpay.client, mixpay.checkoutUrl);
      onCharge(record);
    } catch (error) {
      // The journal could not be written: no QR without a record, so nothing can be lost.
      // A full device says so, and what to do, rather than a raw storage error.
      let message: string;
      try {
        message = (await loadErrorWords()).startErrorMessage(error);
      } catch {
        // Its words could not be fetched either (offline before they were ever cached): the
        // error's own message, as startErrorMessage says of errors that are not MixPay's.
        const reason = error instanceof Error ? error.message : String(error);
        message = t`Could not start the charge: ${reason}`;
      }
      setStartError(message);
      startingRef.current = false;
      setStarting(false);
    }
  };

  const chargeRef = useRef(charge);
  const pressRef = useRef(press);
  const addLineRef = useRef(addLine);
  useEffect(() => {
    chargeRef.current = charge;
    pressRef.current = press;
    addLineRef.current = addLine;
  });
  useEffect(() => {
    if (!mixpay || !chargeWhenReadyRef.current) return;
    chargeWhenReadyRef.current = false;
    void chargeRef.current();
  }, [mixpay]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (askTipRef.current) return; // the customer has the screen
      // eslint-disable-next-line lingui/no-unlocalized-strings -- a CSS selector, not words
      if (target?.closest('input, select, textarea, dialog, [contenteditable="true"]')) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === '+') {
        event.preventDefault();
        chargeWhenReadyRef.current = false;
        addLineRef.current();
        return;
      }
      const key = entryFromKeyboard(event.key);
      if (!key) return;
      // Enter on a focused button must press that button, not charge.
      if (key === 'submit' && target?.closest('button')) return;
      event.preventDefault();
      if (key === 'submit') void chargeRef.current();
      else {
        chargeWhenReadyRef.current = false;
        pressRef.current(key);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // A currency switch that would drop the typed amount asks first; cancelling keeps both.
  const [pendingSwitch, setPendingSwitch] = useState<{ assetId: string; reason: string } | null>(null);
  const changeAsset = (id: string) => {
    const next = assets.find((a) => a.assetId === id);
    if (!next) return;
    if (lines.length || discount) {
      setPendingSwitch({
        assetId: id,
        reason: t`The items and the discount are in another currency. Switching clears the sale.`,
      });
      return;
    }
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
    setLines([]);
    setDiscount(null);
    setQuoteAssetId(pendingSwitch.assetId);
    setPendingSwitch(null);
  };

  const decimalKey: EntryKey = rules.style === 'register' ? '00' : '.';
  const money = (value: string) => formatAmount(value, display);
  if (askTip && TipScreen) {
    return (
      <TipScreen
        due={totals.afterDiscount}
        decimals={asset.decimalDigit}
        asset={display}
        percents={settings.tipPercents}
        starting={starting}
        error={startError}
        onChoose={(tip) => void charge(tip)}
        onBack={() => setAskTip(false)}
      />
    );
  }
  const itemised = lines.length > 0 || discount !== null;
  const totalText = money(amount);
  const discountPercent = discount?.kind === 'percent' ? discount.percent : null;
  const discountLabel = discountPercent !== null ? t`Discount ${discountPercent}%` : t`Discount`;
  const listProblem = listFailed && errorWords ? errorWords.describeError(quoteAssets.error) : null;
  return (
    <div className="keypad-layout">
      <section className="entry-side" aria-label={t`Sale`}>
        <div className="amount-display">
          <output aria-label={t`Amount`}>{formatEntry(text, rules, display)}</output>
          {itemised && (
            <p className="sale-total">
              <Trans>
                Total <output aria-label={t`Total`}>{totalText}</output>
              </Trans>
            </p>
          )}
        </div>
        {itemised && (
          <ul className="sale-lines" aria-label={t`Items`}>
            {lines.map((line, i) => {
              const n = i + 1;
              const lineText = money(line);
              return (
                <li key={i}>
                  <span className="muted">
                    <Trans>Item {n}</Trans>
                  </span>
                  <span>{lineText}</span>
                  <button
                    type="button"
                    className="btn small"
                    aria-label={t`Remove item ${n} (${lineText})`}
                    onClick={() => setLines((l) => l.filter((_, j) => j !== i))}
                  >
                    ✕
                  </button>
                </li>
              );
            })}
            {discount && (
              <li>
                <span className="muted">{discountLabel}</span>
                <span>−{money(totals.discount)}</span>
                <button
                  type="button"
                  className="btn small"
                  aria-label={t`Remove discount`}
                  onClick={() => setDiscount(null)}
                >
                  ✕
                </button>
              </li>
            )}
          </ul>
        )}
        <div className="amount-row">
          <div className="field">
            <label htmlFor="quote-asset">
              <Trans>Currency</Trans>
            </label>
            <select
              id="quote-asset"
              value={asset.assetId}
              onChange={(e) => changeAsset(e.target.value)}
              onPointerDown={wantList}
              onFocus={wantList}
            >
              {/* The same token on two networks would read the same: its label adds the network. */}
              {assetOptions(assets).map(({ assetId, label }) => (
                <option key={assetId} value={assetId}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        </div>
        {listWanted && !hasList && !listFailed && (
          <p className="muted small" role="status">
            <Trans>Loading the currency list…</Trans>
          </p>
        )}
        {listProblem !== null && (
          <p className="muted small">
            <Trans>Currency list unavailable ({listProblem}); USD only for now.</Trans>
          </p>
        )}
        <div className="field">
          <label htmlFor="remark">
            <Trans>Note (optional)</Trans>
          </label>
          <input
            id="remark"
            value={remark}
            maxLength={REMARK_MAX}
            onChange={(e) => setRemark(e.target.value.slice(0, REMARK_MAX))}
            placeholder={t`Shown to the customer`}
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
      <section className="keypad" aria-label={t`Keypad`}>
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
        <button type="button" className="key fn" aria-label={t`Delete`} onClick={() => press('delete')}>
          ⌫
        </button>
        <button
          type="button"
          className="key fn"
          onClick={() => {
            // Clear empties the entry first, then the whole sale.
            if (text !== '') press('clear');
            else {
              setLines([]);
              setDiscount(null);
            }
          }}
        >
          <Trans>Clear</Trans>
        </button>
        <button
          type="button"
          className="key"
          aria-label={t`Add`}
          disabled={isZeroDecimal(entered)}
          onClick={addLine}
        >
          +
        </button>
        {settings.discountsEnabled ? (
          <button
            type="button"
            className="key fn"
            disabled={isZeroDecimal(totals.subtotal)}
            onClick={openDiscount}
          >
            <Trans>Discount</Trans>
          </button>
        ) : (
          <span aria-hidden="true" />
        )}
        <button
          type="button"
          className="btn big primary"
          style={{ gridColumn: '1 / -1' }}
          disabled={!!block || starting || !mixpay}
          aria-describedby="charge-block-reason"
          onClick={() => void charge()}
        >
          {starting ? t`Starting…` : t`Charge`}
        </button>
      </section>
      {discountOpen && DiscountDialog && (
        <DiscountDialog
          current={discount}
          subtotal={totals.subtotal}
          decimals={asset.decimalDigit}
          asset={display}
          onApply={(next) => {
            setDiscount(next);
            setDiscountOpen(false);
          }}
          onClose={() => setDiscountOpen(false)}
        />
      )}
      <ConfirmDialog
        open={pendingSwitch !== null}
        title={t`Clear the amount?`}
        body={pendingSwitch?.reason ?? ''}
        confirmLabel={t`Clear and switch`}
        dismissLabel={t`Keep the amount`}
        onConfirm={confirmSwitch}
        onDismiss={() => setPendingSwitch(null)}
      />
    </div>
  );
}

/** Why `amount` (typed in the current currency) cannot be kept in `next`. */
function whyAmountDoesNotFit(amount: string, display: DisplayAsset, next: QuoteAsset): string {
  const shown = formatAmount(amount, display);
  const symbol = next.symbol;
  const decimals = Number.isInteger(next.decimalDigit) && next.decimalDigit > 0 ? next.decimalDigit : 0;
  if (fractionDigitsOf(amount) > decimals) {
    if (decimals === 0) {
      return t`${shown} cannot be charged in ${symbol}: ${symbol} has no decimals. Switching clears the amount.`;
    }
    return plural(decimals, {
      one: `${shown} cannot be charged in ${symbol}: ${symbol} has only # decimal. Switching clears the amount.`,
      other: `${shown} cannot be charged in ${symbol}: ${symbol} has only # decimals. Switching clears the amount.`,
    });
  }
  if (
    next.maxQuoteAmount &&
    isDecimalString(next.maxQuoteAmount) &&
    compareDecimal(amount, next.maxQuoteAmount) > 0
  ) {
    const max = formatAmount(next.maxQuoteAmount, displayAssetOfQuote(next));
    return t`${shown} is above the ${symbol} maximum of ${max}. Switching clears the amount.`;
  }
  return t`${shown} is too long for ${symbol}. Switching clears the amount.`;
}
