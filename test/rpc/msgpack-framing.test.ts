import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue, MsgpackValueReader } from '../../src/rpc/netrpc/codec.js';
import { msgpackValueEnd } from '../../src/rpc/netrpc/msgpack-framing.js';
import { rpcVector, vectorPath } from './helpers.js';

const allVectors = readdirSync(vectorPath('rpc'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace('.json', ''));

/** Values covering every msgpack family (fix/8/16/32 sizes, ext via Date, bin, floats, negatives). */
const samples: unknown[] = [
  null,
  true,
  false,
  0,
  127,
  128,
  65535,
  65536,
  2 ** 32 + 5,
  -1,
  -33,
  -129,
  -40000,
  -(2 ** 31) - 7,
  1.5,
  'a',
  'x'.repeat(31),
  'y'.repeat(32),
  'z'.repeat(300),
  'w'.repeat(70000),
  new Uint8Array([1, 2, 3]),
  new Uint8Array(300),
  new Uint8Array(70000),
  [],
  [1, [2, [3, {}]]],
  Array.from({ length: 20 }, (_, i) => i),
  Array.from({ length: 70000 }, () => 1),
  { a: 1, b: { c: 'd' } },
  Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])),
  new Date(1_600_000_000_123),
  new Date(0),
];

describe('msgpackValueEnd', () => {
  it.each(allVectors)('finds the end of header and body of %s', (name) => {
    const v = rpcVector(name);
    const header = Buffer.from(v.headerHex, 'hex');
    const bytes = Buffer.concat([header, Buffer.from(v.bodyHex, 'hex')]);
    expect(msgpackValueEnd(bytes, 0)).toBe(header.length);
    expect(msgpackValueEnd(bytes, header.length)).toBe(bytes.length);
    // every proper prefix is incomplete, with a bound that is not beyond the real end
    for (let cut = header.length; cut < bytes.length; cut++) {
      const r = msgpackValueEnd(bytes.subarray(0, cut), header.length);
      expect(r).toBeLessThan(0);
      expect(-r).toBeGreaterThan(cut);
      expect(-r).toBeLessThanOrEqual(bytes.length);
    }
  });

  it('measures every msgpack type family exactly', () => {
    for (const s of samples) {
      const bytes = encodeValue(s);
      expect(msgpackValueEnd(bytes, 0)).toBe(bytes.length);
      expect(msgpackValueEnd(bytes.subarray(0, bytes.length - 1), 0)).toBeLessThan(0);
    }
  });
});

describe('MsgpackValueReader', () => {
  it('yields the same values however the bytes are split', () => {
    const whole = Buffer.concat(samples.map((s) => encodeValue(s)));
    for (const step of [1, 2, 3, 7, 1000, 65536, whole.length]) {
      const got: unknown[] = [];
      const reader = new MsgpackValueReader((v) => got.push(v));
      for (let i = 0; i < whole.length; i += step) reader.push(whole.subarray(i, i + step));
      expect(got).toEqual(samples);
      expect(reader.pendingBytes).toBe(0);
    }
  });

  it('decodes the captured messages byte by byte as header, body', () => {
    for (const name of allVectors) {
      const v = rpcVector(name);
      const got: unknown[] = [];
      const reader = new MsgpackValueReader((x) => got.push(x));
      const bytes = Buffer.from(v.headerHex + v.bodyHex, 'hex');
      for (let i = 0; i < bytes.length; i++) reader.push(bytes.subarray(i, i + 1));
      const plain = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, 'hex'));
      expect(got).toEqual([decodeValue(plain(v.headerHex)), decodeValue(plain(v.bodyHex))]);
    }
  });

  it('handles values pushed from inside its own callback after the current chunk, in order', () => {
    const got: unknown[] = [];
    const reader: MsgpackValueReader = new MsgpackValueReader((v) => {
      got.push(v);
      if (v === 1) reader.push(Buffer.from(encodeValue(3)));
    });
    reader.push(Buffer.concat([encodeValue(1), encodeValue(2)]));
    expect(got).toEqual([1, 2, 3]);
  });

  it('throws the decoder error for a never-used type byte', () => {
    const reader = new MsgpackValueReader(() => undefined);
    expect(() => reader.push(Buffer.from([0xc1]))).toThrow();
  });
});
