/**
 * The app shell: which screen is up. First run (no payee or PIN) → onboarding; an open charge
 * (also one found in the journal after a reload or crash) → its QR screen; otherwise the keypad,
 * with Settings and History behind the owner's PIN where the issue asks for it.
 */
import { useEffect, useState } from 'react';
import { ChargeScreen } from '@/charge/charge-screen';
import { KeypadScreen } from '@/charge/keypad-screen';
import { ResultScreen } from '@/charge/result-screen';
import { chargesWithStatus, updateCharge, type ChargeRecord } from '@/journal/journal';
import { loadSettings } from '@/settings/settings-store';
import { OnboardingScreen } from '@/settings/onboarding-screen';
import { SettingsScreen } from '@/settings/settings-screen';
import { useSettings } from '@/settings/use-settings';
import { ReloadPrompt } from './reload-prompt';
import { useOnline } from './use-online';

type View = 'keypad' | 'settings';

export function App() {
  const settings = useSettings();
  const online = useOnline();
  const [loadError, setLoadError] = useState<string | null>(null);
  const [charge, setCharge] = useState<ChargeRecord | null>(null);
  const [resumed, setResumed] = useState(false);
  const [view, setView] = useState<View>('keypad');

  useEffect(() => {
    loadSettings().catch((e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)));
    // A charge still open in the journal was interrupted (reload, crash, update): bring it back.
    chargesWithStatus('open')
      .then((open) => {
        if (open[0]) setCharge((current) => current ?? open[0]);
      })
      .catch((e: unknown) => console.error('Journal unavailable', e))
      .finally(() => setResumed(true));
  }, []);

  if (loadError) {
    return (
      <main className="screen center-screen" role="alert">
        <h1>Storage unavailable</h1>
        <p>The app could not open its storage on this device ({loadError}). Private browsing can cause this.</p>
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

  const chargeOpen = charge?.status === 'open';
  let screen: React.ReactNode;
  if (!settings.payeeId || !settings.settlementAssetId || !settings.pin) {
    screen = <OnboardingScreen settings={settings} />;
  } else if (charge && chargeOpen) {
    screen = (
      <ChargeScreen
        key={charge.traceId}
        charge={charge}
        onEnded={setCharge}
        onCancel={() => {
          void updateCharge(charge.traceId, (c) =>
            c.status === 'open' ? { ...c, status: 'cancelled', endedAt: Date.now() } : c,
          ).finally(() => setCharge(null));
        }}
      />
    );
  } else if (charge) {
    screen = <ResultScreen key={charge.traceId} charge={charge} onNewSale={() => setCharge(null)} />;
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
          <button type="button" className="btn small" onClick={() => setView('settings')}>
            Settings
          </button>
        </header>
        <KeypadScreen settings={settings} onCharge={setCharge} />
      </div>
    );
  }

  return (
    <>
      {screen}
      <ReloadPrompt chargeOpen={chargeOpen} />
    </>
  );
}
