import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { pinLeftAfterWrongTry, pinLockoutMs, verifyPin } from './pin';
import { PinInput } from './pin-input';
import type { PinHash } from './settings-schema';

// Wrong tries survive a reload, or a reload would reset the growing delay.
const ATTEMPTS_KEY = 'mixpay-pos.pin-attempts';
function readAttempts(): Attempts {
  try {
    const parsed = JSON.parse(localStorage.getItem(ATTEMPTS_KEY) ?? '') as {
      failures?: unknown;
      lastAt?: unknown;
    };
    if (typeof parsed.failures === 'number' && typeof parsed.lastAt === 'number') {
      return { failures: parsed.failures, lastAt: parsed.lastAt };
    }
  } catch {
    // Nothing stored yet.
  }
  return { failures: 0, lastAt: 0 };
}

type Attempts = { failures: number; lastAt: number };

/**
 * Checks a PIN with the wrong-try count read and written at submit, under a lock shared by every
 * tab of the app, so a second tab (showing a count read earlier) can never roll the count back.
 */
async function checkPin(value: string, pin: PinHash): Promise<{ ok: boolean; attempts: Attempts }> {
  const run = async () => {
    const current = readAttempts();
    if (current.lastAt + pinLockoutMs(current.failures) > Date.now()) return { ok: false, attempts: current };
    if (await verifyPin(value, pin)) {
      localStorage.removeItem(ATTEMPTS_KEY);
      return { ok: true, attempts: { failures: 0, lastAt: 0 } };
    }
    const next = { failures: current.failures + 1, lastAt: Date.now() };
    localStorage.setItem(ATTEMPTS_KEY, JSON.stringify(next));
    return { ok: false, attempts: next };
  };
  return typeof navigator !== 'undefined' && navigator.locks
    ? navigator.locks.request(ATTEMPTS_KEY, run)
    : run();
}

/** Asks for the owner PIN before showing `children`. */
export function PinGate({
  pin,
  title,
  onCancel,
  children,
  onUnlock,
}: {
  pin: PinHash;
  title: string;
  onCancel: () => void;
  /** Shown once unlocked; or use onUnlock for a one-off owner action. */
  children?: ReactNode;
  onUnlock?: () => void;
}) {
  const { t } = useLingui();
  const [unlocked, setUnlocked] = useState(false);
  const [value, setValue] = useState('');
  // Wrong tries so far (the message is worded at render, in the active language); null: none yet.
  const [wrong, setWrong] = useState<Attempts | null>(null);
  const [checking, setChecking] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const inputRef = useRef<HTMLInputElement>(null);
  const attempts = readAttempts();
  const waitMs = Math.max(0, attempts.lastAt + pinLockoutMs(attempts.failures) - now);

  useEffect(() => {
    if (waitMs <= 0) return;
    const id = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(id);
  }, [waitMs]);

  if (unlocked) return <>{children}</>;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (waitMs > 0 || checking) return;
    setChecking(true);
    const tried = value;
    const { ok, attempts: next } = await checkPin(tried, pin);
    setChecking(false);
    if (ok) {
      setUnlocked(true);
      onUnlock?.();
      return;
    }
    setNow(Date.now());
    setValue((current) => pinLeftAfterWrongTry(current, tried));
    setWrong(next);
    inputRef.current?.focus();
  };

  let error: string | null = null;
  if (wrong) {
    const seconds = Math.ceil(pinLockoutMs(wrong.failures) / 1000);
    error = wrong.failures >= 5 ? t`Wrong PIN. Wait ${seconds} s before trying again.` : t`Wrong PIN.`;
  }
  const secondsLeft = Math.ceil(waitMs / 1000);

  return (
    <main className="screen">
      <form className="page" onSubmit={submit} aria-labelledby="pin-title">
        <h1 id="pin-title">{title}</h1>
        <div className="field">
          <label htmlFor="pin-entry">
            <Trans>Owner PIN</Trans>
          </label>
          <PinInput
            ref={inputRef}
            id="pin-entry"
            autoComplete="current-password"
            autoFocus
            value={value}
            onValue={setValue}
            aria-describedby="pin-error"
          />
          <span id="pin-error" className="error-text" role="alert">
            {error}
            {waitMs > 0 && ' '}
            {waitMs > 0 && t`Try again in ${secondsLeft} s.`}
          </span>
        </div>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onCancel}>
            <Trans>Back</Trans>
          </button>
          <button type="submit" className="btn primary" disabled={waitMs > 0 || checking || value.length < 4}>
            <Trans>Unlock</Trans>
          </button>
        </div>
      </form>
    </main>
  );
}
