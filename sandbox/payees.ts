/**
 * Known MixPay users. `GET /user/mixin_uuid/{mixinId}` only resolves these; any well-formed UUID
 * may still be used as a payeeId (bots and multisig groups have no Mixin number).
 */

export interface KnownPayee {
  mixinNumber: string;
  payeeId: string;
  name: string;
}

export const KNOWN_PAYEES: readonly KnownPayee[] = [
  { mixinNumber: '40053095', payeeId: '2e36f2b4-5f6c-4e0e-9a7d-0b8e5c3f9a11', name: 'Corner Coffee' },
  { mixinNumber: '26930', payeeId: 'e8e8cd79-cd40-4796-8c54-3a13cfe50115', name: 'Robin' },
  { mixinNumber: '7000104220', payeeId: 'a0d77914-0877-6b47-eb1d-d3f94ed15d6a', name: 'MixPay' },
  { mixinNumber: '7000101422', payeeId: '5b7d7ab3-21b4-4e35-8d4c-3e3b2f1f7a90', name: 'MixPay UUID Bot' },
];

/** Where Mixin wallet payments are sent: MixPay's collecting bot. */
export const MIXPAY_RECIPIENT = '9b3ce8bb-7d4e-4f5a-bf2c-8e0e6f4b2a71';

export function payeeByMixinNumber(mixinNumber: string): KnownPayee | undefined {
  return KNOWN_PAYEES.find((p) => p.mixinNumber === mixinNumber);
}

export function payeeById(payeeId: string): KnownPayee | undefined {
  return KNOWN_PAYEES.find((p) => p.payeeId === payeeId);
}
