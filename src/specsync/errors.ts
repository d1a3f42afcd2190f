/** Problems found while reading a plugin's Config / GeneratedData types. */

/** One problem, located in the plugin's sources (`line`/`column` are 1-based; 0 = whole file). */
export interface SpecSyncProblem {
  /** Path relative to the plugin directory, with `/` separators. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The property path, e.g. `Config.disks[].size` (empty for file-level problems). */
  readonly path: string;
  readonly message: string;
  /** What to write instead. */
  readonly hint?: string;
}

/** `src/config.ts:12:3: Config.when: … (hint: …)`. */
export function formatProblem(p: SpecSyncProblem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.column}` : p.file;
  const what = p.path ? `${p.path}: ${p.message}` : p.message;
  return `${where}: ${what}${p.hint ? `\n    hint: ${p.hint}` : ''}`;
}

/** Thrown when the types cannot be turned into a spec; lists every problem found. */
export class SpecSyncError extends Error {
  readonly problems: readonly SpecSyncProblem[];

  constructor(problems: readonly SpecSyncProblem[]) {
    const n = problems.length;
    super(
      `${n} problem${n === 1 ? '' : 's'} in the plugin's config types:\n` +
        problems.map((p) => `  ${formatProblem(p).replace(/\n/g, '\n  ')}`).join('\n'),
    );
    this.name = 'SpecSyncError';
    this.problems = problems;
  }
}
