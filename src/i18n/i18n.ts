/**
 * The app's languages. Messages are Lingui macros in the code, in English; English needs no
 * catalog (lingui-macros.ts compiles each message into its own chunk), Chinese loads its catalog
 * on demand, so the language not in use costs nothing. Numbers, money and dates go through Intl in
 * the active language (`formatLocale`).
 */
import { i18n } from '@lingui/core';

export { i18n };

export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];
/** What the owner chose: a language, or the browser's. */
export type LanguageSetting = Language | 'auto';

/** Names as the language itself writes them (a contract: the Language setting's options). */
// eslint-disable-next-line lingui/no-unlocalized-strings -- each name in its own language, never translated
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', zh: '中文' };

/** The browser's first language the app speaks (English if none). */
export function browserLanguage(languages: readonly string[]): Language {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    if ((LANGUAGES as readonly string[]).includes(base)) return base as Language;
  }
  return 'en';
}

export function resolveLanguage(setting: LanguageSetting | undefined, languages: readonly string[]): Language {
  return setting && setting !== 'auto' ? setting : browserLanguage(languages);
}

/**
 * The Intl locale for a language: the browser's own variant when it speaks that language (en-GB
 * keeps its dates), else the language's usual one.
 */
export function intlLocaleOf(language: Language, languages: readonly string[]): string {
  const own = languages.find((tag) => tag.toLowerCase().split('-')[0] === language);
  return own ?? (language === 'zh' ? 'zh-CN' : 'en-US');
}

const catalogs: Record<Language, () => Promise<{ messages: Record<string, unknown> }>> = {
  en: async () => ({ messages: {} }),
  zh: () => import('./locales/zh/messages.po'),
};

/** Loads a language's catalog and makes it the active one (the provider re-renders on change). */
export async function activateLanguage(language: Language, languages: readonly string[] = navigator.languages) {
  const { messages } = await catalogs[language]();
  const locale = intlLocaleOf(language, languages);
  i18n.loadAndActivate({ locale: language, locales: [locale], messages: messages as never });
  document.documentElement.lang = locale;
}

/** The Intl locale of the active language (before any is active: the browser's). */
export function formatLocale(): string | undefined {
  const locales = i18n.locales;
  return typeof locales === 'string' ? locales : locales?.[0];
}
