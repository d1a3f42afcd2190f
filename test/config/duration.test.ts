// Expected values and messages were produced by Go's time.ParseDuration on this machine.
import { describe, expect, it } from 'vitest';
import { DurationError, parseDuration, parseDurationNanos } from '../../src/config/duration.js';

describe('parseDurationNanos (time.ParseDuration)', () => {
  const doTest = (input: string, expected: bigint | string) => {
    if (typeof expected === 'bigint') {
      expect(parseDurationNanos(input)).toBe(expected);
    } else {
      expect(() => parseDurationNanos(input)).toThrow(new DurationError(expected));
    }
  };
  it.each<[string, bigint | string]>([
    ['0', 0n],
    ['300ms', 300_000_000n],
    ['1.5h', 5_400_000_000_000n],
    ['2h45m', 9_900_000_000_000n],
    ['-1m', -60_000_000_000n],
    ['+5s', 5_000_000_000n],
    ['1.s', 1_000_000_000n],
    ['.5s', 500_000_000n],
    ['1µs', 1000n],
    ['1μs', 1000n],
    ['1us', 1000n],
    ['3ns', 3n],
    ['00s', 0n],
    ['0.0000000001s', 0n],
    ['2562047h47m16.854775807s', 9223372036854775807n],
    ['1', 'time: missing unit in duration "1"'],
    ['5m3', 'time: missing unit in duration "5m3"'],
    ['', 'time: invalid duration ""'],
    ['-', 'time: invalid duration "-"'],
    ['.s', 'time: invalid duration ".s"'],
    ['1x', 'time: unknown unit "x" in duration "1x"'],
    ['1h-1m', 'time: unknown unit "h-" in duration "1h-1m"'],
    ['9999999h', 'time: invalid duration "9999999h"'],
    ['2562047h47m16.854775808s', 'time: invalid duration "2562047h47m16.854775808s"'],
  ])('%j', doTest);

  it('converts to milliseconds', () => {
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('1500us')).toBe(1.5);
    expect(parseDuration('-2s')).toBe(-2000);
  });
});
