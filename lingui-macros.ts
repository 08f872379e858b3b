/**
 * Vite plugin: Lingui's macros (`t`, `<Trans>`, `msg`, `useLingui` from @lingui/*\/macro) become
 * runtime calls with generated message ids, and the English message each carries is compiled here,
 * at build time. So English, the language the code is written in, needs no catalog (its strings stay
 * in the lazy chunk of the screen that shows them) and no message compiler at run time; only other
 * languages load a catalog (src/i18n). Babel runs only on files that import a macro; Vite's own
 * transform (types, JSX) follows. Shared by vite.config.ts and vitest.config.ts.
 */
import { transformAsync, types as t, type PluginObj } from '@babel/core';
import { compileMessage } from '@lingui/message-utils/compileMessage';
import type { Plugin } from 'vite';

const MACRO_IMPORT = /from\s+['"]@lingui\/(core|react)\/macro['"]/;

function compiledLiteral(message: string): t.Expression {
  return t.valueToNode(compileMessage(message)) as t.Expression;
}

/** `{ id, message: "…" }` and `<Trans id message="…">` get the compiled message instead. */
const precompileMessages: PluginObj = {
  visitor: {
    ObjectExpression(path) {
      const props = path.node.properties;
      const hasId = props.some((p) => t.isObjectProperty(p) && t.isIdentifier(p.key, { name: 'id' }));
      if (!hasId) return;
      for (const p of props) {
        if (t.isObjectProperty(p) && t.isIdentifier(p.key, { name: 'message' }) && t.isStringLiteral(p.value)) {
          p.value = compiledLiteral(p.value.value);
        }
      }
    },
    JSXOpeningElement(path) {
      const attrs = path.node.attributes;
      const hasId = attrs.some((a) => t.isJSXAttribute(a) && t.isJSXIdentifier(a.name, { name: 'id' }));
      if (!hasId) return;
      for (const a of attrs) {
        if (t.isJSXAttribute(a) && t.isJSXIdentifier(a.name, { name: 'message' })) {
          const value = t.isStringLiteral(a.value)
            ? a.value.value
            : t.isJSXExpressionContainer(a.value) && t.isStringLiteral(a.value.expression)
              ? a.value.expression.value
              : null;
          if (value !== null) a.value = t.jsxExpressionContainer(compiledLiteral(value));
        }
      }
    },
  },
};

export function linguiMacros(): Plugin {
  return {
    name: 'lingui-macros',
    enforce: 'pre',
    async transform(code, id) {
      if (!/\.[cm]?[jt]sx?$/.test(id.split('?')[0]) || !MACRO_IMPORT.test(code)) return null;
      const parserOpts = { plugins: ['typescript', 'jsx'] as ('typescript' | 'jsx')[] };
      const macros = await transformAsync(code, {
        filename: id,
        babelrc: false,
        configFile: false,
        sourceMaps: true,
        parserOpts,
        plugins: [['@lingui/babel-plugin-lingui-macro', { stripMessageField: false }]],
      });
      if (!macros?.code) return null;
      const compiled = await transformAsync(macros.code, {
        filename: id,
        babelrc: false,
        configFile: false,
        sourceMaps: true,
        inputSourceMap: macros.map ?? undefined,
        parserOpts,
        plugins: [precompileMessages],
      });
      return compiled?.code ? { code: compiled.code, map: compiled.map } : null;
    },
  };
}
