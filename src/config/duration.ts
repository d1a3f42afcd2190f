/**
 * Go's `time.ParseDuration`: `300ms`, `1.5h`, `2h45m`, `-1m`, `0`. Units: ns, us (µs, μs), ms, s, m, h.
 */
import { goQuote } from './gostrconv.js';

/** A duration string that Go would reject; `message` is Go's own text. */
export class DurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DurationError';
  }
}

const NS_PER: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const MAX = 1n << 63n;

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Parses a Go duration to nanoseconds (a bigint, exact). Throws DurationError like Go. */
export function parseDurationNanos(text: string): bigint {
  const fail = (what: string): never => {
    throw new DurationError(`time: ${what} ${goQuote(text)}`);
  };
  let s = text;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') fail('invalid duration');
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) fail('invalid duration');
    let i = 0;
    let whole = 0n;
    while (isDigit(s[i])) {
      whole = whole * 10n + BigInt(s.charCodeAt(i) - 48);
      if (whole > MAX) fail('invalid duration');
      i++;
    }
    const pre = i > 0;
    s = s.slice(i);
    let frac = 0n;
    let scale = 1n;
    let post = false;
    if (s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      while (isDigit(s[j])) {
        if (!overflow) {
          const next = frac * 10n + BigInt(s.charCodeAt(j) - 48);
          if (next > MAX - 1n) overflow = true;
          else {
            frac = next;
            scale *= 10n;
          }
        }
        j++;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) fail('invalid duration');
    let u = 0;
    while (u < s.length && !(s[u] === '.' || isDigit(s[u]))) u++;
    if (u === 0) fail('missing unit in duration');
    const unitName = s.slice(0, u);
    s = s.slice(u);
    const unit = NS_PER[unitName];
    if (unit === undefined) fail(`unknown unit ${goQuote(unitName)} in duration`);
    const perUnit = unit as bigint;
    if (whole > MAX / perUnit) fail('invalid duration');
    let value = whole * perUnit;
    if (frac > 0n) {
      // Go computes the fraction in float64; this is exact and agrees for every realistic input.
      value += (frac * perUnit) / scale;
      if (value > MAX) fail('invalid duration');
    }
    total += value;
    if (total > MAX) fail('invalid duration');
  }
  if (neg) return -total;
  if (total > MAX - 1n) fail('invalid duration');
  return total;
}

/** Parses a Go duration to milliseconds (fractional below 1 ms). Throws DurationError like Go. */
export function parseDuration(text: string): number {
  const ns = parseDurationNanos(text);
  return Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6;
}

/** A few valid examples, for error messages. */
export const DURATION_EXAMPLES = '"300ms", "1.5h" or "2h45m"';

/** True when `text` is a Go duration (`0`, `300ms`, `-1.5h`, `2h45m`); false for `5`, `1d`, `""`. */
export function isGoDuration(text: string): boolean {
  try {
    parseDurationNanos(text);
    return true;
  } catch (err) {
    if (err instanceof DurationError) return false;
    throw err;
  }
}
