import { useLingui } from '@lingui/react/macro';
import { LANGUAGE_NAMES, LANGUAGES } from '@/i18n/i18n';

/** The Language select's options, shared by onboarding and settings. */
export function LanguageOptions() {
  const { t } = useLingui();
  return (
    <>
      <option value="auto">{t`Automatic (browser)`}</option>
      {/* Each language by its own name, never translated: whoever reads it can find theirs. */}
      {LANGUAGES.map((code) => (
        <option key={code} value={code} lang={code}>
          {LANGUAGE_NAMES[code]}
        </option>
      ))}
    </>
  );
}
