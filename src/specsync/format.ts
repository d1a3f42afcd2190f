/** Prettier with the fixed configuration every generated file uses (no config-file lookup). */
import type { Options } from 'prettier';

export const PRETTIER_OPTIONS: Readonly<Options> = Object.freeze({
  singleQuote: true,
  printWidth: 100,
  trailingComma: 'all',
});

/** Formats TypeScript (`typescript`) or Markdown (`markdown`) text. */
export async function formatText(text: string, parser: 'typescript' | 'markdown'): Promise<string> {
  const prettier = await import('prettier');
  return prettier.format(text, { ...PRETTIER_OPTIONS, parser });
}
