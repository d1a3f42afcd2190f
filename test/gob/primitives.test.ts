import { describe, expect, it } from 'vitest';
import { GobDecodeError, GobReader } from '../../src/rpc/gob/reader.js';
import { GobWriter } from '../../src/rpc/gob/writer.js';
import { fromHex, toHex } from './vectors.js';

/** Wraps a single value's bytes as one message, so the reader can read it. */
function reader(hex: string): GobReader {
  const payload = fromHex(hex);
  const r = new GobReader(new GobWriter().message(payload).toBytes());
  r.beginMessage();
  return r;
}

describe('GobWriter / GobReader primitives (spec §9.1)', () => {
  it.each([
    [0, '00'],
    [127, '7f'],
    [128, 'ff80'],
    [130, 'ff82'],
    [255, 'ffff'],
    [256, 'fe0100'],
    [2393, 'fe0959'],
    [2 ** 53 - 1, 'f91fffffffffffff'],
  ])('uint %d is %s', (value, hex) => {
    expect(toHex(new GobWriter().uint(value).toBytes())).toBe(hex);
    expect(reader(hex).uint()).toBe(value);
  });

  it('writes and reads the full uint64 range with bigint', () => {
    const max = (1n << 64n) - 1n;
    expect(toHex(new GobWriter().uint(max).toBytes())).toBe('f8ffffffffffffffff');
    expect(reader('f8ffffffffffffffff').uintBig()).toBe(max);
    expect(() => new GobWriter().uint(max + 1n)).toThrow('gob: uint out of the uint64 range');
    expect(() => new GobWriter().uint(-1)).toThrow('gob: uint must be a non-negative safe integer, got -1');
  });

  it.each([
    [0, '00'],
    [1, '02'],
    [6, '0c'],
    [8, '10'],
    [-1, '01'],
    [65, 'ff82'],
    [-65, 'ff81'],
    [-66, 'ff83'],
    [127, 'fffe'],
    [-(2 ** 53 - 1), 'f93ffffffffffffd'],
  ])('int %d is %s (zig-zag)', (value, hex) => {
    expect(toHex(new GobWriter().int(value).toBytes())).toBe(hex);
    expect(reader(hex).int()).toBe(value);
  });

  it('covers the int64 extremes with bigint', () => {
    const min = -(1n << 63n);
    const max = (1n << 63n) - 1n;
    expect(toHex(new GobWriter().int(min).toBytes())).toBe('f8ffffffffffffffff');
    expect(toHex(new GobWriter().int(max).toBytes())).toBe('f8fffffffffffffffe');
    expect(reader('f8ffffffffffffffff').intBig()).toBe(min);
    expect(reader('f8fffffffffffffffe').intBig()).toBe(max);
    expect(() => new GobWriter().int(max + 1n)).toThrow('gob: int out of the int64 range');
  });

  it('encodes floats as byte-reversed IEEE bits (17.0 is fe 31 40, as in the gob docs)', () => {
    expect(toHex(new GobWriter().float(17).toBytes())).toBe('fe3140');
    expect(toHex(new GobWriter().float(0).toBytes())).toBe('00');
    expect(reader('fe3140').float()).toBe(17);
    expect(reader(toHex(new GobWriter().float(-0.1).toBytes())).float()).toBe(-0.1);
  });

  it('encodes bools, strings and byte slices with their lengths', () => {
    expect(toHex(new GobWriter().bool(true).bool(false).toBytes())).toBe('0100');
    expect(toHex(new GobWriter().string('Type').toBytes())).toBe('0454797065');
    expect(toHex(new GobWriter().string('é').toBytes())).toBe('02c3a9');
    expect(toHex(new GobWriter().bytes(new Uint8Array([1, 2])).toBytes())).toBe('020102');
    const r = reader('0454797065020102');
    expect(r.string()).toBe('Type');
    expect([...r.bytes()]).toEqual([1, 2]);
    expect(r.remaining).toBe(0);
  });

  it('frames messages with their byte count and flushes a buffer into another', () => {
    const inner = new GobWriter().raw(new Uint8Array(130));
    const outer = new GobWriter();
    inner.flushMessageTo(outer);
    expect(inner.length).toBe(0);
    expect(toHex(outer.toBytes().subarray(0, 3))).toBe('ff8200');
    expect(outer.length).toBe(132);
  });

  it('refuses to read past the end of the current message', () => {
    const r = new GobReader(fromHex('0201020304'));
    expect(r.beginMessage()).toBe(2);
    r.raw(2);
    expect(() => r.raw(1)).toThrow(GobDecodeError);
    expect(() => r.uint()).toThrow('gob: read past the end of the message (at byte 3 of 5)');
  });

  it('refuses a message whose count runs past the stream', () => {
    const r = new GobReader(fromHex('05010203'));
    expect(() => r.beginMessage()).toThrow('gob: message of 5 bytes runs past the end of the stream (at byte 1 of 4)');
  });

  it('refuses a uint longer than 8 bytes', () => {
    expect(() => reader('f7').uintBig()).toThrow('gob: invalid uint length byte 0xf7');
  });
});
