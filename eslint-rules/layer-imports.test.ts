import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'layers/layer-imports').map((m) => m.message);
}

describe('layer import rules (eslint, on resolved paths)', () => {
  it.each([
    ['shared imports a feature', 'src/mixpay/x.ts', "import { a } from '@/charge/keypad-screen';"],
    ['shared imports a feature, relatively', 'src/money/x.ts', "import { a } from '../charge/keypad-screen';"],
    ['shared imports the journal', 'src/shared/x.ts', "import { a } from '../journal/journal';"],
    ['lifecycle imports the journal', 'src/lifecycle/x.ts', "import { a } from '@/journal/journal';"],
    ['journal imports a feature', 'src/journal/x.ts', "import { a } from '@/settings/use-settings';"],
    ['a feature imports the app shell', 'src/charge/x.ts', "import { a } from '@/app/use-online';"],
    ['a feature reaches into another', 'src/history/x.ts', "import { a } from '../settings/pin-gate';"],
    ['a lazy import into another feature', 'src/charge/x.ts', "export const l = () => import('@/history/csv');"],
    ['a re-export from another feature', 'src/charge/x.ts', "export { a } from '@/settings/use-mixpay';"],
    ['a feature reaches into the ledger', 'src/history/x.ts', "import { a } from '@/ledger/replicator';"],
    ['the ledger reaches into another feature', 'src/ledger/x.ts', "import { a } from '../settings/use-settings';"],
    ['the journal imports the ledger', 'src/journal/x.ts', "import { a } from '@/ledger';"],
  ])('refuses: %s', async (_name, file, code) => {
    expect(await layerErrors(file, code)).toHaveLength(1);
  });

  it.each([
    ['a feature uses shared code and the journal', 'src/charge/x.ts', "import { a } from '@/mixpay/client';\nimport { b } from '../journal/journal';"],
    ['a feature uses another through its entry', 'src/history/x.ts', "import { a } from '@/settings';\nimport { b } from '../settings/index';"],
    ['a feature uses the ledger through its entry', 'src/settings/x.ts', "import { a } from '@/ledger';\nexport const l = () => import('@/ledger');"],
    ['the ledger uses the journal and the lifecycle', 'src/ledger/x.ts', "import { a } from '@/journal/journal';\nimport { b } from '@/lifecycle/merge';"],
    ['the app composes features', 'src/app/x.ts', "import { a } from '@/charge/keypad-screen';"],
    ['the entry point imports the app', 'src/main.tsx', "import { a } from './app/app';"],
    ['a package', 'src/mixpay/x.ts', "import * as v from 'valibot';"],
    ['within one layer', 'src/lifecycle/x.ts', "import { a } from './charge-record';"],
  ])('allows: %s', async (_name, file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});
