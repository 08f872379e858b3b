import { useState } from 'react';
import { describeError } from '@/mixpay/errors';
import { normalizeUuid } from './settings-schema';
import { useMixPay } from './use-mixpay';

export type PayeeState =
  | { kind: 'empty' }
  | { kind: 'resolved'; payeeId: string; from: 'uuid' | 'mixin-id'; mixinId?: string }
  | { kind: 'resolving' }
  | { kind: 'invalid'; message: string };

/**
 * "Payee ID": a UUID, or a numeric Mixin ID resolved through MixPay's /user/mixin_uuid. The UUID
 * the money will go to is shown before anything can be saved.
 */
export function PayeeField({
  initial,
  onChange,
}: {
  initial: string;
  onChange: (state: PayeeState) => void;
}) {
  const { client } = useMixPay();
  const [text, setText] = useState(initial);
  const [state, setState] = useState<PayeeState>(
    initial ? { kind: 'resolved', payeeId: initial, from: 'uuid' } : { kind: 'empty' },
  );

  const update = (next: PayeeState) => {
    setState(next);
    onChange(next);
  };

  const resolve = async (value: string) => {
    const trimmed = value.trim();
    if (!trimmed) return update({ kind: 'empty' });
    const uuid = normalizeUuid(trimmed);
    if (uuid) return update({ kind: 'resolved', payeeId: uuid, from: 'uuid' });
    if (!/^\d{1,12}$/.test(trimmed)) {
      return update({
        kind: 'invalid',
        message: 'Enter the payee UUID, or a numeric Mixin ID such as 40053095.',
      });
    }
    update({ kind: 'resolving' });
    try {
      const { data } = await client.mixinUuid(trimmed);
      const resolved = normalizeUuid(data.payeeId);
      if (!resolved) return update({ kind: 'invalid', message: 'MixPay answered with an invalid payee ID.' });
      update({ kind: 'resolved', payeeId: resolved, from: 'mixin-id', mixinId: trimmed });
    } catch (error) {
      update({ kind: 'invalid', message: `Could not look up Mixin ID ${trimmed}: ${describeError(error)}` });
    }
  };

  return (
    <div className="field">
      <label htmlFor="payee-id">Payee ID</label>
      <div className="amount-row">
        <input
          id="payee-id"
          value={text}
          inputMode="text"
          autoComplete="off"
          spellCheck={false}
          aria-describedby="payee-help payee-result"
          aria-invalid={state.kind === 'invalid'}
          onChange={(e) => {
            setText(e.target.value);
            if (state.kind !== 'empty') update({ kind: 'empty' });
          }}
          onBlur={() => void resolve(text)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void resolve(text);
            }
          }}
          style={{ flex: 1 }}
        />
        <button type="button" className="btn" onClick={() => void resolve(text)}>
          Check
        </button>
      </div>
      <span id="payee-help" className="hint">
        The account that receives the money: a Mixin UUID, or your numeric Mixin ID.
      </span>
      <span id="payee-result" aria-live="polite" className={state.kind === 'invalid' ? 'error-text' : 'hint'}>
        {state.kind === 'resolving' && 'Looking up…'}
        {state.kind === 'invalid' && state.message}
        {state.kind === 'resolved' &&
          (state.from === 'mixin-id'
            ? `Mixin ID ${state.mixinId} → payee ${state.payeeId}`
            : `Payee ${state.payeeId}`)}
      </span>
    </div>
  );
}
