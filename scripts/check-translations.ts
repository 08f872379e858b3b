/**
 * `npm run i18n:check` (part of `npm test`): extracts the messages from the code again (Lingui
 * macros) and fails when a language's catalog lacks a translation for any of them, or when the
 * catalogs in the repository were not up to date with the code.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const LANGUAGES = ['zh'];
const catalogPath = (lang: string) => `src/i18n/locales/${lang}/messages.po`;

const before = LANGUAGES.map((lang) => readFileSync(catalogPath(lang), 'utf8'));
execFileSync('npx', ['lingui', 'extract', '--clean'], { stdio: ['ignore', 'ignore', 'inherit'] });

/** Entries of a .po file: msgid and msgstr with their continuation lines joined. */
export function poEntries(po: string): Array<{ id: string; str: string }> {
  const entries: Array<{ id: string; str: string }> = [];
  for (const block of po.split(/\n\s*\n/)) {
    if (/^#~/m.test(block)) continue; // obsolete
    const field = (name: string) => {
      const match = new RegExp(`^${name} ("(?:[^"\\\\]|\\\\.)*")((?:\\n"(?:[^"\\\\]|\\\\.)*")*)`, 'm').exec(block);
      if (!match) return null;
      return [match[1], ...match[2].split('\n').filter(Boolean)].map((s) => JSON.parse(s) as string).join('');
    };
    const id = field('msgid');
    const str = field('msgstr');
    if (id && str !== null) entries.push({ id, str });
  }
  return entries;
}

let failed = false;
LANGUAGES.forEach((lang, i) => {
  const after = readFileSync(catalogPath(lang), 'utf8');
  const missing = poEntries(after).filter((e) => e.str.trim() === '');
  for (const e of missing) console.error(`${lang}: no translation for ${JSON.stringify(e.id)}`);
  if (missing.length) failed = true;
  const strip = (s: string) => s.replace(/^"POT-Creation-Date:.*$/m, '');
  if (strip(after) !== strip(before[i])) {
    console.error(`${catalogPath(lang)} was not up to date with the code: run npm run i18n:extract and commit it.`);
  }
});
if (failed) {
  console.error('Untranslated messages: fill in their msgstr in the catalogs above.');
  process.exit(1);
}
console.log(`Translations complete for ${LANGUAGES.join(', ')}.`);
