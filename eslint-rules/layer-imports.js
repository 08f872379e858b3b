/**
 * The app's layer rules, checked on the file paths an import resolves to (`@/…` and relative
 * imports alike), so a `../../charge/x` cannot slip past a pattern written for `@/charge/*`.
 *
 *   shared      src/mixpay, src/money, src/shared,  import only shared code
 *               src/i18n
 *   lifecycle   src/lifecycle                       + shared
 *   journal     src/journal                         + lifecycle
 *   features    src/charge, src/settings, src/history, src/ledger
 *                 + journal; another feature only through its entry file (src/<feature>/index.ts)
 *   app         src/app, src/main.tsx               the composition root: may import any of them
 *
 * Nothing imports src/app (main.tsx, the entry point, excepted).
 */
import path from 'node:path';

const SHARED = ['mixpay', 'money', 'shared', 'i18n'];
const FEATURES = ['charge', 'settings', 'history', 'ledger'];
const ALLOWED = {
  mixpay: SHARED,
  money: SHARED,
  shared: SHARED,
  i18n: SHARED,
  lifecycle: [...SHARED, 'lifecycle'],
  journal: [...SHARED, 'lifecycle', 'journal'],
};
for (const feature of FEATURES) ALLOWED[feature] = [...SHARED, 'lifecycle', 'journal', feature];

const ROOT_FILES = /^(main|vite-env\.d)(\.tsx?)?$/;

/** The folder right under src/ ('' for main.tsx), or null for a path outside src/. */
function layerOf(file, srcDir) {
  const rel = path.relative(srcDir, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const parts = rel.split(path.sep);
  // `@/settings` names the folder itself (its index.ts).
  return parts.length > 1 || !ROOT_FILES.test(parts[0]) ? parts[0] : '';
}

function isEntryFile(target, srcDir, layer) {
  const rel = path.relative(path.join(srcDir, layer), target);
  return /^index(\.(ts|tsx))?$/.test(rel) || rel === '';
}

export const layerImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the layer rules of src/ (see eslint-rules/layer-imports.js)' },
    schema: [{ type: 'object', properties: { srcDir: { type: 'string' } }, additionalProperties: false }],
    messages: {
      forbidden: '{{from}} may not import {{to}} ({{why}})',
    },
  },
  create(context) {
    const srcDir = context.options[0]?.srcDir ?? path.join(context.cwd, 'src');
    const file = context.filename;
    const from = layerOf(file, srcDir);
    if (from === null) return {};

    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      let target;
      if (specifier.startsWith('@/')) target = path.join(srcDir, specifier.slice(2));
      else if (specifier.startsWith('.')) target = path.resolve(path.dirname(file), specifier);
      else return; // a package
      const to = layerOf(target, srcDir);
      if (to === null || to === from) return;
      let why = null;
      if (to === 'app' || to === '') {
        if (from !== '') why = 'nothing imports the app shell';
      } else if (from === 'app' || from === '') {
        why = null;
      } else if (FEATURES.includes(from) && FEATURES.includes(to)) {
        if (!isEntryFile(target, srcDir, to)) why = `another feature only through @/${to} (its index.ts)`;
      } else if (!(ALLOWED[from] ?? []).includes(to)) {
        why = SHARED.includes(from) ? 'shared code never imports features or data' : `${from} sits below ${to}`;
      }
      if (why) {
        context.report({
          node,
          messageId: 'forbidden',
          data: { from: `src/${from || path.basename(file)}`, to: specifier, why },
        });
      }
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export default { rules: { 'layer-imports': layerImports } };
