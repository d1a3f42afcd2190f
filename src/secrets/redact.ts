/**
 * Process-wide secret registry: every value registered here is replaced by `<sensitive>` in the
 * text the SDK writes (errors, warnings, UI output, logs). Mirrors Packer's LogSecretFilter.
 */

/** What a registered secret is replaced with (the same text Packer uses). */
export const REDACTED = '<sensitive>';

const secrets = new Set<string>();
/** One alternation of every secret, longest first; rebuilt lazily after a registration. */
let pattern: RegExp | undefined;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Registers values to mask. Empty strings are ignored (they would match everywhere). */
export function registerSecrets(values: Iterable<string>): void {
  for (const value of values) {
    if (typeof value !== 'string' || value === '' || secrets.has(value)) continue;
    secrets.add(value);
    pattern = undefined;
  }
}

/** Replaces every registered secret in `text` with `<sensitive>`, longest secret first. */
export function redact(text: string): string {
  if (secrets.size === 0 || text === '') return text;
  // A single pass, so a short secret never matches inside an earlier `<sensitive>`.
  pattern ??= new RegExp(
    [...secrets]
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
  pattern = undefined;
}
