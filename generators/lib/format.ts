/**
 * Prettier over generated text files, with the options the generated project also gets in its
 * `.prettierrc.json` (so `npx prettier --check .` agrees with what was written).
 */
import { extname } from 'node:path';
import { PRETTIER_OPTIONS } from '../../src/specsync/format.js';

/** The prettier options of generated projects: regenerate-spec's own. */
export { PRETTIER_OPTIONS };

const PARSERS: Readonly<Record<string, string>> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.js': 'babel',
  '.mjs': 'babel',
  '.json': 'json',
  '.md': 'markdown',
  '.yml': 'yaml',
  '.yaml': 'yaml',
};

/** The prettier parser for a path, or undefined when prettier does not handle it (HCL, …). */
export function parserFor(path: string): string | undefined {
  const base = path.split('/').pop() ?? path;
  if (base === '.prettierrc.json' || base === 'package.json') return 'json-stringify';
  return PARSERS[extname(base)];
}

type Prettier = typeof import('prettier');
let prettierModule: Promise<Prettier> | undefined;

/**
 * Formats every file prettier knows; others pass unchanged. A file that fails to parse is a
 * bug in a template: the error names it.
 */
export async function formatFiles(files: ReadonlyMap<string, string>): Promise<Map<string, string>> {
  prettierModule ??= import('prettier');
  const prettier = await prettierModule;
  const out = new Map<string, string>();
  await Promise.all(
    [...files].map(async ([path, text]) => {
      const parser = parserFor(path);
      if (!parser) {
        out.set(path, text);
        return;
      }
      try {
        out.set(path, await prettier.format(text, { ...PRETTIER_OPTIONS, parser }));
      } catch (err) {
        throw new Error(`cannot format ${path} (template bug): ${(err as Error).message}`);
      }
    }),
  );
  // Keep the input order.
  return new Map([...files.keys()].map((k) => [k, out.get(k) as string]));
}
