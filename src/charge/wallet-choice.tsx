/**
 * The segmented control for the customer's wallet: a radiogroup of buttons with a roving tab
 * stop, so arrow keys move between the options (and choose them), as with native radio buttons.
 */
import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { useLingui } from '@lingui/react/macro';
import { useRef, type KeyboardEvent } from 'react';
import type { WalletMode } from '@/journal/journal';
import './wallet.css';

export const WALLET_OPTIONS: ReadonlyArray<{ mode: WalletMode; label: MessageDescriptor }> = [
  { mode: 'any', label: msg`Any wallet` },
  { mode: 'mixin', label: msg`Mixin Messenger` },
  { mode: 'on-chain', label: msg`On-chain` },
];

export function WalletChoice({
  value,
  onChange,
}: {
  value: WalletMode;
  onChange: (mode: WalletMode) => void;
}) {
  const { t } = useLingui();
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  const current = Math.max(
    0,
    WALLET_OPTIONS.findIndex((o) => o.mode === value),
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const last = WALLET_OPTIONS.length - 1;
    let next: number;
    switch (event.key) {
      case 'ArrowRight':
      case 'ArrowDown':
        next = current === last ? 0 : current + 1;
        break;
      case 'ArrowLeft':
      case 'ArrowUp':
        next = current === 0 ? last : current - 1;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = last;
        break;
      default:
        return;
    }
    event.preventDefault();
    onChange(WALLET_OPTIONS[next].mode);
    buttons.current[next]?.focus();
  };

  return (
    <div className="wallet-choice" role="radiogroup" aria-label={t`Customer wallet`} onKeyDown={onKeyDown}>
      {WALLET_OPTIONS.map((option, i) => {
        const checked = i === current;
        return (
          <button
            key={option.mode}
            ref={(el) => {
              buttons.current[i] = el;
            }}
            type="button"
            role="radio"
            aria-checked={checked}
            tabIndex={checked ? 0 : -1}
            className="wallet-option"
            onClick={() => onChange(option.mode)}
          >
            {t(option.label)}
          </button>
        );
      })}
    </div>
  );
}
