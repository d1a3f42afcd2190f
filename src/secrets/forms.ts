/**
 * The forms a secret takes once something quotes or escapes it on its way out: JSON
 * (`JSON.stringify`, also twice), Go's `strconv.Quote` (our Go-style messages, `%q`), Node's
 * `util.inspect` (`console.log(config)`), and the shell's quoting (`'…'\''…'`, `'…'"'"'…'`,
 * backslash escapes as from `printf %q`). Each form is what appears between the quotes.
 */
import { inspect } from 'node:util';
import { goQuote } from '../config/gostrconv.js';

function inner(quoted: string): string {
  return quoted.slice(1, -1);
}

/** Characters a shell needs no backslash for (bash's printf %q leaves these alone). */
const SHELL_PLAIN = /[A-Za-z0-9_\-.,:/@%+=]/;

/**
 * Every distinct non-empty form of `secret` worth masking, the secret itself first.
 * Forms equal to the secret (nothing to escape) are not repeated.
 */
export function secretForms(secret: string): string[] {
  const json = inner(JSON.stringify(secret));
  const forms = [
    secret,
    json,
    inner(JSON.stringify(json)),
    inner(goQuote(secret)),
    inner(inspect(secret, { maxStringLength: Infinity, breakLength: Infinity })),
    secret.replaceAll("'", "'\\''"),
    secret.replaceAll("'", `'"'"'`),
    Array.from(secret, (c) => (SHELL_PLAIN.test(c) ? c : `\\${c}`)).join(''),
  ];
  return [...new Set(forms.filter((f) => f !== ''))];
}
