// Expected values were produced by Go 1.26's strconv/fmt on this machine.
import { describe, expect, it } from 'vitest';
import {
  formatGoFloat,
  formatGoFloatV,
  goQuote,
  parseGoBool,
  parseGoFloat,
  parseGoInt,
} from '../../src/config/gostrconv.js';

describe('parseGoInt (strconv.ParseInt(s, 0, 64))', () => {
  const doTest = (input: string, expected: number | 'syntax' | 'range') => {
    const r = parseGoInt(input);
    expect(r.ok ? r.value : r.reason).toBe(expected);
  };
  it.each<[string, number | 'syntax' | 'range']>([
    ['20', 20],
    ['+1', 1],
    ['-7', -7],
    ['0x10', 16],
    ['-0x10', -16],
    ['0b101', 5],
    ['0o17', 15],
    ['017', 15],
    ['0', 0],
    ['1_000', 1000],
    ['0_1', 1],
    ['1__0', 'syntax'],
    ['_1', 'syntax'],
    ['1.5', 'syntax'],
    ['1e3', 'syntax'],
    ['', 'syntax'],
    [' 1', 'syntax'],
    ['08', 'syntax'],
    ['abc', 'syntax'],
    ['9223372036854775807', 9223372036854775807],
    ['9223372036854775808', 'range'],
  ])('%j', doTest);
});

describe('parseGoFloat (strconv.ParseFloat(s, 64), finite only)', () => {
  const doTest = (input: string, expected: number | 'syntax' | 'range') => {
    const r = parseGoFloat(input);
    expect(r.ok ? r.value : r.reason).toBe(expected);
  };
  it.each<[string, number | 'syntax' | 'range']>([
    ['1.5', 1.5],
    ['.5', 0.5],
    ['5.', 5],
    ['+1', 1],
    ['017', 17],
    ['1e3', 1000],
    ['1.5e+3', 1500],
    ['1_000.5', 1000.5],
    ['0x1p-2', 0.25],
    ['0x1.8p1', 3],
    ['0x10', 'syntax'],
    ['1__0', 'syntax'],
    ['1_e3', 'syntax'],
    ['1e', 'syntax'],
    ['', 'syntax'],
    [' 1', 'syntax'],
    ['0b101', 'syntax'],
    ['inf', 'range'],
    ['-Infinity', 'range'],
    ['nan', 'range'],
    ['1e400', 'range'],
  ])('%j', doTest);
});

describe('parseGoBool (strconv.ParseBool)', () => {
  it.each<[string, boolean | undefined]>([
    ['1', true],
    ['t', true],
    ['T', true],
    ['TRUE', true],
    ['true', true],
    ['True', true],
    ['0', false],
    ['f', false],
    ['F', false],
    ['FALSE', false],
    ['false', false],
    ['False', false],
    ['yes', undefined],
    ['tRUE', undefined],
    ['', undefined],
  ])('%j', (input, expected) => expect(parseGoBool(input)).toBe(expected));
});

describe('formatGoFloat (FormatFloat f -1) and formatGoFloatV (%v)', () => {
  it.each<[number, string, string]>([
    [1e6, '1000000', '1e+06'],
    [123456, '123456', '123456'],
    [1234567, '1234567', '1.234567e+06'],
    [1e21, '1000000000000000000000', '1e+21'],
    [1e20, '100000000000000000000', '1e+20'],
    [0.0001, '0.0001', '0.0001'],
    [0.00001, '0.00001', '1e-05'],
    [1.5, '1.5', '1.5'],
    [100, '100', '100'],
    [1e-7, '0.0000001', '1e-07'],
    [123456789.5, '123456789.5', '1.234567895e+08'],
    [-2.5, '-2.5', '-2.5'],
  ])('%d', (n, f, v) => {
    expect(formatGoFloat(n)).toBe(f);
    expect(formatGoFloatV(n)).toBe(v);
  });
});

describe('goQuote (strconv.Quote)', () => {
  it.each<[string, string]>([
    ['abc', '"abc"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['tab\there\nnl', '"tab\\there\\nnl"'],
    ['\x00\x7f', '"\\x00\\x7f"'],
    ['é ü', '"é ü"'],
    ['\u200b', '"\\u200b"'],
  ])('%j', (input, expected) => expect(goQuote(input)).toBe(expected));
});
