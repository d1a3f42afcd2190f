import { describe, expect, it } from 'vitest';
import { errorText, goQuote, toError } from '../../src/multistep/go-format.js';

describe('goQuote (Go %q / %#v of a string)', () => {
  it('escapes like strconv.Quote', () => {
    expect(goQuote('StepCreateVM')).toBe('"StepCreateVM"');
    expect(goQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(goQuote('\x07\b\f\n\r\t\v')).toBe('"\\a\\b\\f\\n\\r\\t\\v"');
    expect(goQuote('\x01\x7f')).toBe('"\\x01\\x7f"');
    expect(goQuote('é ü 日本')).toBe('"é ü 日本"');
    expect(goQuote('\u00a0\u200b\u0085')).toBe('"\\u00a0\\u200b\\u0085"');
    expect(goQuote('\u{e0001}')).toBe('"\\U000e0001"');
  });
});

describe('errorText / toError', () => {
  it('prints an Error as its message and wraps other values', () => {
    expect(errorText(new Error('boom'))).toBe('boom');
    expect(errorText(42)).toBe('42');
    const wrapped = toError('plain');
    expect(wrapped).toBeInstanceOf(Error);
    expect(wrapped.message).toBe('plain');
  });
});
