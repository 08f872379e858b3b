/** What other features may use of the settings feature (eslint's layer rule enforces it). */
import { createElement, useEffect, useState, type ComponentProps } from 'react';

export type { PinHash, Settings } from './settings-schema';
export { assetOptions } from './asset-labels';
export { soundsMuted } from './settings-store';
export { useSettings } from './use-settings';
export { useLanguageFromSettings } from './use-language';
export { MixPayProvider, MixPayReady, useMixPay, useMixPayIfReady, type MixPayContext } from './use-mixpay';

type PinGateComponent = typeof import('./pin-gate').PinGate;
let pinGate: PinGateComponent | null = null;
let pinGateLoading: Promise<PinGateComponent> | null = null;
const loadPinGate = () =>
  (pinGateLoading ??= import('./pin-gate').then(
    (m) => (pinGate = m.PinGate),
    (error: unknown) => {
      pinGateLoading = null; // a later attempt may succeed (network back)
      throw error;
    },
  ));

/**
 * The owner's PIN prompt (History). Only owner screens show it, so it is not part of the first
 * download: fetched when first shown (the Settings screen, preloaded at start-up, brings it along).
 * Until then nothing is shown, so nothing behind it is either; a failed download goes to the
 * error boundary, which offers a reload.
 */
export function PinGate(props: ComponentProps<PinGateComponent>) {
  const [Gate, setGate] = useState<PinGateComponent | null>(() => pinGate);
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  useEffect(() => {
    if (Gate) return;
    let live = true;
    loadPinGate().then(
      (loaded) => live && setGate(() => loaded),
      (error: unknown) => live && setFailure({ error }),
    );
    return () => {
      live = false;
    };
  }, [Gate]);
  if (failure) throw failure.error;
  return Gate ? createElement(Gate, props) : null;
}
