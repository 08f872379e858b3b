import type { InputHTMLAttributes, Ref } from 'react';

/** A PIN box: digits only (anything else is dropped as typed), at most 8, masked. */
export function PinInput({
  value,
  onValue,
  ...rest
}: { value: string; onValue: (digits: string) => void; ref?: Ref<HTMLInputElement> } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange' | 'type'
>) {
  return (
    <input
      type="password"
      inputMode="numeric"
      autoComplete="new-password"
      maxLength={8}
      {...rest}
      value={value}
      onChange={(e) => onValue(e.target.value.replace(/\D/g, ''))}
    />
  );
}
