/**
 * The few pieces of Go's `strconv` that Packer's config decoding depends on, so that weakly
 * typed JSON values ("20", "0x10", "true", "t") are accepted exactly as a Go builder accepts them.
 */

/** Go's `strconv.Quote`: a double-quoted string with Go escapes. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd'; // a lone surrogate is invalid UTF-8 in Go: U+FFFD
    else if (ch === ' ' || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch)) out += ch;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** Go's underscoreOK: `_` only between digits (or after a base prefix). */
function underscoreOK(text: string): boolean {
  let s = text;
  if (s[0] === '+' || s[0] === '-') s = s.slice(1);
  let saw = '^';
  let i = 0;
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && /[bBoOxX]/.test(s[1] as string)) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i] as string;
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** Result of a Go-style number parse: the value, or why it failed. */
export type ParseResult = { ok: true; value: number } | { ok: false; reason: 'syntax' | 'range' };

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/**
 * Go's `strconv.ParseInt(s, 0, 64)`: optional sign, `0x`/`0o`/`0b` prefixes, a leading `0`
 * meaning octal, `_` digit separators. Values outside int64 fail with `range`.
 */
export function parseGoInt(text: string): ParseResult {
  let s = text;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  let base = 10;
  let digits = s;
  if (/^0[xX]/.test(s)) {
    base = 16;
    digits = s.slice(2);
  } else if (/^0[oO]/.test(s)) {
    base = 8;
    digits = s.slice(2);
  } else if (/^0[bB]/.test(s)) {
    base = 2;
    digits = s.slice(2);
  } else if (s.length > 1 && s[0] === '0') {
    base = 8;
    digits = s.slice(1);
  }
  if (digits.includes('_')) {
    if (!underscoreOK(text)) return { ok: false, reason: 'syntax' };
    digits = digits.replace(/_/g, '');
  }
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[base] as RegExp;
  if (!valid.test(digits)) return { ok: false, reason: 'syntax' };
  let big = 0n;
  for (const d of digits) big = big * BigInt(base) + BigInt(parseInt(d, 16));
  if (neg) big = -big;
  if (big > INT64_MAX || big < INT64_MIN) return { ok: false, reason: 'range' };
  return { ok: true, value: Number(big) };
}

/**
 * Go's `strconv.ParseFloat(s, 64)` for finite results: decimal (`1.5`, `.5`, `5.`, `1e3`,
 * `1_000.5`) and hexadecimal (`0x1p-2`) forms. `inf`/`nan` and overflow fail (`range`): a
 * configuration value must be a finite number.
 */
export function parseGoFloat(text: string): ParseResult {
  if (/^[+-]?(inf|infinity|nan)$/i.test(text)) return { ok: false, reason: 'range' };
  let s = text;
  if (s.includes('_')) {
    if (!underscoreOK(s)) return { ok: false, reason: 'syntax' };
    s = s.replace(/_/g, '');
  }
  let value: number;
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/.exec(s);
  if (hex) {
    const [, sign, intPart = '', fracPart = '', exp = '0'] = hex;
    if (intPart === '' && fracPart === '') return { ok: false, reason: 'syntax' };
    const mantissa = parseInt(intPart + fracPart || '0', 16);
    value = mantissa * 2 ** (Number(exp) - 4 * fracPart.length);
    if (sign === '-') value = -value;
  } else if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s)) {
    value = Number(s);
  } else {
    return { ok: false, reason: 'syntax' };
  }
  if (!Number.isFinite(value)) return { ok: false, reason: 'range' };
  return { ok: true, value };
}

/** Go's `strconv.ParseBool`. */
export function parseGoBool(text: string): boolean | undefined {
  switch (text) {
    case '1':
    case 't':
    case 'T':
    case 'TRUE':
    case 'true':
    case 'True':
      return true;
    case '0':
    case 'f':
    case 'F':
    case 'FALSE':
    case 'false':
    case 'False':
      return false;
  }
  return undefined;
}

/** The shortest round-trip digits of a finite non-zero |n| and its decimal exponent (d.ddd × 10^exp). */
function shortestDigits(n: number): { digits: string; exp: number } {
  const [mantissa = '0', exponent = '0'] = Math.abs(n).toExponential().split('e');
  return { digits: mantissa.replace('.', ''), exp: Number(exponent) };
}

function specialFloat(n: number): string | undefined {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  return undefined;
}

/** Go's `strconv.FormatFloat(f, 'f', -1, 64)`: shortest digits, never an exponent (`1e21` → `1000000000000000000000`). */
export function formatGoFloat(n: number): string {
  const special = specialFloat(n);
  if (special !== undefined) return special;
  const { digits, exp } = shortestDigits(n);
  const sign = n < 0 ? '-' : '';
  const point = exp + 1; // digits before the decimal point
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Go's `fmt` `%v` for a float64: shortest digits, exponent form below 1e-4 or from 1e6 (`1e+06`). */
export function formatGoFloatV(n: number): string {
  const special = specialFloat(n);
  if (special !== undefined) return special;
  const { digits, exp } = shortestDigits(n);
  if (exp < -4 || exp >= 6) {
    const sign = n < 0 ? '-' : '';
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${e}`;
  }
  return formatGoFloat(n);
}
