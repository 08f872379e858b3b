/**
 * The app shell: which screen is up. First run (no payee or PIN) → onboarding; an open charge
 * (also one found in the journal after a reload or crash) → its QR screen; otherwise the keypad,
 * with Settings and History behind the owner's PIN where the issue asks for it.
 */
import { useEffect, useRef, useState } from 'react';
import { KeypadScreen } from '@/charge/keypad-screen';
import { LatePaymentAlert } from '@/charge/late-payment-alert';
import { LatePaymentWatch } from '@/charge/late-payment-watch';
import { useCurrentCharge } from '@/charge/use-current-charge';
import { applyChargeEvent, chargesWithStatus, listCharges, type ChargeRecord } from '@/journal/journal';
import { resumesResult } from '@/lifecycle/lifecycle';
import { tracesPolledNow } from '@/mixpay/shop-budget';
import { loadSettings } from '@/settings/settings-store';
import { MixPayProvider } from '@/settings/use-mixpay';
import { useSettings } from '@/settings/use-settings';
import { restrictConnectionsTo } from './content-security';
import { lazyScreen } from './lazy-screen';
import { ReloadPrompt } from './reload-prompt';
import { useOnline } from '@/shared/use-online';

// Only the keypad is in the first download; the other screens load on demand and are fetched
// in the background right after start-up, so the first charge's QR does not wait for the network.
const loading = (
  <main className="screen center-screen" aria-busy="true">
    <p className="muted">Loading…</p>
  </main>
);
const ChargeScreen = lazyScreen(() => import('@/charge/charge-screen').then((m) => m.ChargeScreen), loading);
const ResultScreen = lazyScreen(() => import('@/charge/result-screen').then((m) => m.ResultScreen), loading);
const HistoryScreen = lazyScreen(
  () => import('@/history/history-screen').then((m) => m.HistoryScreen),
  loading,
);
const SettingsScreen = lazyScreen(
  () => import('@/settings/settings-screen').then((m) => m.SettingsScreen),
  loading,
);
const OnboardingScreen = lazyScreen(() =>
  import('@/settings/onboarding-screen').then((m) => m.OnboardingScreen),
);

function preloadScreens() {
  for (const screen of [ChargeScreen, ResultScreen, HistoryScreen, SettingsScreen]) {
    void screen.preload().catch(() => undefined);
  }
}

let startup: { settings: Promise<unknown>; resume: Promise<ChargeRecord | undefined> } | null = null;

/**
 * The charge to come back to after a reload or crash: the newest open one, or else one that ended
 * in the last two minutes whose result the cashier has not moved on from.
 */
async function chargeToResume(): Promise<ChargeRecord | undefined> {
  const [open, recent, polled] = await Promise.all([
    chargesWithStatus('open'),
    listCharges({ limit: 5 }),
    tracesPolledNow(),
  ]);
  const now = Date.now();
  // A charge another tab is showing stays there; the late-payment watch covers the rest.
  return open.find((c) => !polled.has(c.traceId)) ?? recent.find((c) => resumesResult(c, now));
}

/** Starts reading storage (settings, interrupted charges); main.tsx calls it before React renders. */
export function beginStartup() {
  startup ??= { settings: loadSettings(), resume: chargeToResume() };
  return startup;
}

type View = 'keypad' | 'settings' | 'history';

export function App() {
  const settings = useSettings();
  const online = useOnline();
  const [loadError, setLoadError] = useState<string | null>(null);
  const [charge, setCharge] = useCurrentCharge();
  const [resumed, setResumed] = useState(false);
  const [view, setView] = useState<View>('keypad');
  const chargeOpen = charge?.status === 'open';
  const chargeOpenRef = useRef(chargeOpen);
  useEffect(() => {
    chargeOpenRef.current = chargeOpen;
  });
  const ready = !!settings?.payeeId && !!settings.settlementAssetId && !!settings.pin;
  const apiUrl = settings?.apiUrl;
  useEffect(() => {
    // A new API URL needs a fresh page for the tighter CSP (never under an open charge).
    if (apiUrl && restrictConnectionsTo(apiUrl) && !chargeOpenRef.current) window.location.reload();
  }, [apiUrl]);

  useEffect(() => {
    const { settings, resume } = beginStartup();
    settings.catch((e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)));
    // A charge interrupted by a reload, crash or update: bring back its QR or its result.
    resume
      .then((found) => {
        if (found) setCharge(found);
      })
      .catch((e: unknown) => console.error('Journal unavailable', e))
      .finally(() => setResumed(true));
  }, [setCharge]);

  // Fetch the other screens once the first real screen is painted (not before: on a slow tablet
  // their parsing would delay it), and well before a cashier can tap Charge.
  const started = !!settings && resumed;
  useEffect(() => {
    if (!started) return;
    const frame = requestAnimationFrame(() => setTimeout(preloadScreens, 0));
    return () => cancelAnimationFrame(frame);
  }, [started]);

  if (loadError) {
    return (
      <main className="screen center-screen" role="alert">
        <h1>Storage unavailable</h1>
        <p>
          The app could not open its storage on this device ({loadError}). Private browsing can cause this.
        </p>
      </main>
    );
  }
  if (!settings || !resumed) {
    return (
      <main className="screen center-screen" aria-busy="true">
        <p className="muted">Loading…</p>
      </main>
    );
  }

  let screen: React.ReactNode;
  if (!ready || !settings.pin) {
    screen = <OnboardingScreen settings={settings} />;
  } else if (charge && chargeOpen) {
    screen = (
      <ChargeScreen
        key={charge.traceId}
        charge={charge}
        onCancel={() => {
          void applyChargeEvent(charge.traceId, { type: 'cancel', at: Date.now() }).then(
            // If the result won the race, its screen stays up; otherwise back to the keypad.
            ({ after }) => {
              if (after.status === 'cancelled') setCharge(null);
            },
            () => setCharge(null),
          );
        }}
      />
    );
  } else if (charge && charge.status !== 'cancelled') {
    screen = (
      <ResultScreen
        key={charge.traceId}
        charge={charge}
        onNewSale={() => {
          void applyChargeEvent(charge.traceId, { type: 'acknowledge', at: Date.now() }).catch(() => undefined);
          setCharge(null);
        }}
        onFollowUp={(next) => {
          // "Charge the difference" / "Charge again": this result is done with, the new QR is up.
          void applyChargeEvent(charge.traceId, { type: 'acknowledge', at: Date.now() }).catch(
            () => undefined,
          );
          setCharge(next);
        }}
      />
    );
  } else if (view === 'history') {
    screen = <HistoryScreen onClose={() => setView('keypad')} ownerPin={settings.pin} />;
  } else if (view === 'settings') {
    screen = <SettingsScreen settings={settings} onClose={() => setView('keypad')} />;
  } else {
    screen = (
      <div className="screen">
        <header className="topbar">
          <span className="title">{settings.shopName || 'MixPay POS'}</span>
          {!online && (
            <span className="badge" role="status">
              Offline
            </span>
          )}
          <button type="button" className="btn small" onClick={() => setView('history')}>
            History
          </button>
          <button type="button" className="btn small" onClick={() => setView('settings')}>
            Settings
          </button>
        </header>
        <KeypadScreen settings={settings} onCharge={setCharge} />
      </div>
    );
  }

  return (
    // Banners take their own rows around the screen instead of floating over it, so they never
    // cover a button (Save, Charge) the cashier or owner needs.
    <MixPayProvider key={settings.apiUrl} apiUrl={settings.apiUrl}>
      <div className="shell">
        {ready && <LatePaymentAlert />}
        {ready && <LatePaymentWatch />}
        <div className="shell-main">{screen}</div>
        <ReloadPrompt chargeOpen={chargeOpen} />
      </div>
    </MixPayProvider>
  );
}
