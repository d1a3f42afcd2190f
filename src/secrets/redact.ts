/**
 * Process-wide secret registry: every value registered here is replaced by `<sensitive>` in the
 * text the SDK writes (errors, warnings, UI output, logs), in its raw form and in the escaped
 * and quoted forms of {@link secretForms} (JSON, Go `strconv.Quote`, `util.inspect`, shell).
 * Mirrors Packer's LogSecretFilter, which masks only the raw value. Registering a secret also
 * turns on the redaction of everything the process writes to stdout and stderr
 * ({@link installOutputRedaction}).
 */
import { secretForms } from './forms.js';
import { installOutputRedaction } from './output.js';

/** What a registered secret is replaced with (the same text Packer uses). */
export const REDACTED = '<sensitive>';

const secrets = new Set<string>();
/** Every form of every secret. */
const forms = new Set<string>();
/** One alternation of every secret, longest first; rebuilt lazily after a registration. */
let pattern: RegExp | undefined;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Registers values to mask, with their escaped and quoted forms. Empty strings are ignored
 * (they would match everywhere). The first registration installs the process-wide output
 * redaction of stdout and stderr.
 */
export function registerSecrets(values: Iterable<string>): void {
  for (const value of values) {
    if (typeof value !== 'string' || value === '' || secrets.has(value)) continue;
    secrets.add(value);
    for (const form of secretForms(value)) forms.add(form);
    pattern = undefined;
  }
  if (secrets.size > 0) installOutputRedaction();
}

/** Replaces every registered secret (every form of it) in `text` with `<sensitive>`, longest first. */
export function redact(text: string): string {
  if (secrets.size === 0 || text === '') return text;
  // A single pass, so a short secret never matches inside an earlier `<sensitive>`.
  pattern ??= new RegExp(
    [...forms]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  );
  return text.replace(pattern, REDACTED);
}

/** True when at least one secret is registered. */
export function hasSecrets(): boolean {
  return secrets.size > 0;
}

/** Forgets every registered secret (for tests). */
export function clearSecrets(): void {
  secrets.clear();
  forms.clear();
  pattern = undefined;
}
