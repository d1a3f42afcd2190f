/**
 * Configuration errors in the shape Packer shows well: one `* problem` line per problem,
 * like Go's `packer.MultiError` ("N error(s) occurred:").
 */
import { redact } from '../secrets/index.js';

/** One thing wrong with a configuration. */
export interface ConfigProblem {
  /** Where: `size`, `opts.level`, `disk[1].size`, `tags["env"]`; `''` for the whole configuration. */
  readonly path: string;
  /** The complete sentence shown to the user (it names the path itself). */
  readonly message: string;
}

/**
 * Formats lines like Go's `packer.MultiError.Error()`:
 * `2 error(s) occurred:\n\n* first\n* second`.
 */
export function formatMultiError(lines: readonly string[]): string {
  return `${lines.length} error(s) occurred:\n\n${lines.map((line) => `* ${line}`).join('\n')}`;
}

/**
 * Every problem found while decoding a configuration, reported at once.
 * Messages are redacted: registered secrets show as `<sensitive>`.
 */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const redacted = problems.map((p) => ({ path: redact(p.path), message: redact(p.message) }));
    super(formatMultiError(redacted.map((p) => p.message)));
    this.name = 'ConfigError';
    this.problems = redacted;
  }
}
