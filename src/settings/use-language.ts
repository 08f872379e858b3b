/**
 * The owner's "Language" setting, applied: once the settings are read, and again whenever the
 * setting (or, on 'auto', the browser's language) changes, the app speaks the language it resolves
 * to. main.tsx has already activated the browser's language before the first screen; this only
 * switches when the setting says otherwise. The switch loads the language's catalog and re-renders
 * every screen that reads its words through Lingui (useLingui, <Trans>).
 */
import { useLingui } from '@lingui/react';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { activateLanguage, resolveLanguage, type Language } from '@/i18n/i18n';
import { useSettings } from './use-settings';

function subscribeBrowserLanguages(onChange: () => void) {
  window.addEventListener('languagechange', onChange);
  return () => window.removeEventListener('languagechange', onChange);
}
// A string, so that an unchanged list is an unchanged snapshot.
const browserLanguages = () => navigator.languages.join(',');

/**
 * Keeps the active language on the one the settings ask for. Returns whether it is there now (or
 * could not be loaded: the app goes on in the language it has); true until the settings are read.
 */
export function useLanguageFromSettings(): boolean {
  const settings = useSettings();
  const loaded = settings !== null;
  const setting = settings?.language;
  const languages = useSyncExternalStore(subscribeBrowserLanguages, browserLanguages, browserLanguages);
  // The provider's context: a finished switch re-renders here, and the check below runs again.
  const { i18n } = useLingui();
  const active = i18n.locale;
  const wanted: Language | null = loaded ? resolveLanguage(setting, languages.split(',')) : null;
  const [failed, setFailed] = useState<Language | null>(null);

  useEffect(() => {
    if (!wanted || wanted === active) return;
    let live = true;
    // Two quick changes can finish out of order: the check runs again on every switch (`active`),
    // so the last one asked for wins.
    activateLanguage(wanted, languages.split(',')).then(
      () => live && setFailed(null),
      (error: unknown) => {
        console.warn('Language not loaded', error);
        if (live) setFailed(wanted);
      },
    );
    return () => {
      live = false;
    };
  }, [wanted, active, languages]);

  return wanted === null || wanted === active || failed === wanted;
}
