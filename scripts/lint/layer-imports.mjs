// ESLint rule: a file may import relatively only from the layers it is allowed to
// (top-level folders: shared, main, server, renderer, preload, or a folder within one). no-restricted-imports
// sees only the import string, and '../x' means another layer or not depending on
// where the importing file sits: this rule resolves the path first.
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/** The repository path an import resolves to (its first segment is the layer), or null for a package name. */
function targetPath(specifier, filename, cwd) {
  if (specifier === '@shared' || specifier.startsWith('@shared/')) return 'shared';
  if (!specifier.startsWith('.') && !isAbsolute(specifier)) return null;
  const rel = relative(cwd, resolve(dirname(filename), specifier));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return '(outside the repository)';
  return rel.split(sep).join('/');
}

/** An allowed entry is a layer ('server') or a folder within one ('server/sip'). */
const allowed = (allow, path) => allow.some((a) => path === a || path.startsWith(`${a}/`));

export const layerImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Relative imports stay within the layers a folder may use (docs/ARCHITECTURE.md, Layering).' },
    schema: [
      {
        type: 'object',
        properties: { allow: { type: 'array', items: { type: 'string' } }, why: { type: 'string' } },
        required: ['allow'],
        additionalProperties: false,
      },
    ],
    messages: {
      crossLayer: "'{{specifier}}' reaches into {{layer}}/: files here may import only from {{allowed}}.{{why}}",
    },
  },
  create(context) {
    const { allow, why } = context.options[0];
    const cwd = context.cwd;
    const filename = context.filename;
    function check(node, source) {
      if (!source || typeof source.value !== 'string') return;
      const path = targetPath(source.value, filename, cwd);
      if (path === null || allowed(allow, path)) return;
      const layer = path.split('/')[0];
      context.report({
        node: source,
        messageId: 'crossLayer',
        data: { specifier: source.value, layer, allowed: allow.map((l) => `${l}/`).join(', '), why: why ? ` ${why}` : '' },
      });
    }
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : null),
      TSImportType: (node) => check(node, node.argument?.literal ?? node.argument),
    };
  },
};

export default { rules: { 'layer-imports': layerImports } };
