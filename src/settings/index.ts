/** What other features may use of the settings feature (eslint's layer rule enforces it). */
export type { PinHash, Settings } from './settings-schema';
export { useSettings } from './use-settings';
export { MixPayProvider, useMixPay, type MixPayContext } from './use-mixpay';
export { PinGate } from './pin-gate';
