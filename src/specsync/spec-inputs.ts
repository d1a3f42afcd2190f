/** The files a regenerate-spec run depends on, for the drift stamp (drift-stamp.ts). */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Relative paths of what a rendering of the plugin at `root` read: the TypeScript files ts-morph
 * loaded (`sourceFiles`, absolute), package.json, and the registry docs sources (docs/README.md,
 * docs/builders/*, docs-partials/**; outputs among them are dropped by the stamp).
 */
export function specInputs(root: string, sourceFiles: readonly string[]): string[] {
  const out = new Set<string>(['package.json', 'docs/README.md']);
  for (const f of sourceFiles) {
    const rel = relative(root, f).replace(/\\/g, '/');
    if (!rel.startsWith('..')) out.add(rel);
  }
  const walk = (rel: string): void => {
    let entries;
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else out.add(child);
    }
  };
  walk('docs/builders');
  walk('docs-partials');
  return [...out];
}
