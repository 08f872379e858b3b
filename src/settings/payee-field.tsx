import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useRef, useState } from 'react';
import { describeError } from '@/mixpay/errors';
import { normalizeUuid } from './settings-schema';
import { useMixPay } from './use-mixpay';

export type PayeeState =
  | { kind: 'empty' }
  | { kind: 'resolved'; payeeId: string; from: 'uuid' | 'mixin-id'; mixinId?: string }
  | { kind: 'resolving' }
  | { kind: 'invalid'; message: string };

/**
 * "Payee ID": the Mixin account the money goes to, as a UUID, or a numeric Mixin ID resolved
 * through MixPay's /user/mixin_uuid. The UUID the money will go to is shown before anything can be
 * saved.
 *
 * Only the latest lookup counts: starting another one, or editing the text, aborts the one in
 * flight and makes its answer (should it still arrive) be ignored, so the UUID shown and handed to
 * `onChange` always belongs to the text currently in the field.
 */
export function PayeeField({
  initial,
  onChange,
}: {
  initial: string;
  onChange: (state: PayeeState) => void;
}) {
  const { t } = useLingui();
  const { client } = useMixPay();
  const [text, setText] = useState(initial);
  const [state, setState] = useState<PayeeState>(
    initial ? { kind: 'resolved', payeeId: initial, from: 'uuid' } : { kind: 'empty' },
  );

  // The lookup in flight, if any: its sequence number, the Mixin ID it asks about, and its abort.
  const lookup = useRef<{ seq: number; mixinId: string; controller: AbortController } | null>(null);
  const seq = useRef(0);
  const stateRef = useRef(state);

  const update = (next: PayeeState) => {
    stateRef.current = next;
    setState(next);
    onChange(next);
  };

  /** Forgets the lookup in flight: its answer, whenever it comes, changes nothing. */
  const abandonLookup = () => {
    seq.current += 1;
    lookup.current?.controller.abort();
    lookup.current = null;
  };
  useEffect(() => abandonLookup, []);

  const resolve = async (value: string) => {
    const trimmed = value.trim();
    const current = stateRef.current;
    // Check pressed right after the blur already started this very lookup, or it is already done.
    if (lookup.current && lookup.current.mixinId === trimmed) return;
    if (current.kind === 'resolved' && current.from === 'mixin-id' && current.mixinId === trimmed) return;
    abandonLookup();
    if (!trimmed) return update({ kind: 'empty' });
    const uuid = normalizeUuid(trimmed);
    if (uuid) return update({ kind: 'resolved', payeeId: uuid, from: 'uuid' });
    if (!/^\d{1,12}$/.test(trimmed)) {
      return update({
        kind: 'invalid',
        message: t`Enter the payee UUID, or a numeric Mixin ID such as 40053095.`,
      });
    }
    const mine = seq.current;
    const controller = new AbortController();
    lookup.current = { seq: mine, mixinId: trimmed, controller };
    update({ kind: 'resolving' });
    let next: PayeeState;
    try {
      const { data } = await client.mixinUuid(trimmed, { signal: controller.signal });
      const resolved = normalizeUuid(data.payeeId);
      next = resolved
        ? { kind: 'resolved', payeeId: resolved, from: 'mixin-id', mixinId: trimmed }
        : { kind: 'invalid', message: t`MixPay answered with an invalid payee ID.` };
    } catch (error) {
      const problem = describeError(error);
      next = { kind: 'invalid', message: t`Could not look up Mixin ID ${trimmed}: ${problem}` };
    }
    // A newer lookup or an edit has come since: this answer is about text no longer in the field.
    if (seq.current !== mine) return;
    lookup.current = null;
    update(next);
  };

  let result: string | null = null;
  if (state.kind === 'resolving') result = t`Looking up…`;
  else if (state.kind === 'invalid') result = state.message;
  else if (state.kind === 'resolved') {
    const { payeeId, mixinId } = state;
    result = state.from === 'mixin-id' ? t`Mixin ID ${mixinId} → payee ${payeeId}` : t`Payee ${payeeId}`;
  }

  return (
    <div className="field">
      <label htmlFor="payee-id">
        <Trans>Payee ID</Trans>
      </label>
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
            abandonLookup();
            if (stateRef.current.kind !== 'empty') update({ kind: 'empty' });
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
          <Trans>Check</Trans>
        </button>
      </div>
      <span id="payee-help" className="hint">
        <Trans>
          The Mixin account that receives the money. Enter its Mixin ID (in Mixin Messenger, tap Me: it is the
          number under the name) and press Check. The account's UUID works too.
        </Trans>
      </span>
      <span id="payee-result" aria-live="polite" className={state.kind === 'invalid' ? 'error-text' : 'hint'}>
        {result}
      </span>
    </div>
  );
}
