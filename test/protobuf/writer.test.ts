import { describe, expect, it } from 'vitest';
import { ProtoWriter } from '../../src/rpc/protobuf/writer.js';

const hex = (w: ProtoWriter): string => Buffer.from(w.toBytes()).toString('hex');

describe('ProtoWriter', () => {
  it('writes base-128 varints', () => {
    expect(hex(new ProtoWriter().varint(0))).toBe('00');
    expect(hex(new ProtoWriter().varint(127))).toBe('7f');
    expect(hex(new ProtoWriter().varint(300))).toBe('ac02');
    expect(hex(new ProtoWriter().varint(2 ** 53 - 1))).toBe('ffffffffffffff0f');
    expect(() => new ProtoWriter().varint(-1)).toThrow('protobuf: varint must be a non-negative safe integer, got -1');
  });

  it('writes proto3 scalars, leaving out defaults', () => {
    expect(hex(new ProtoWriter().string(1, 'hi').bool(3, true))).toBe('0a026869' + '1801');
    expect(hex(new ProtoWriter().string(1, '').bool(3, false))).toBe('');
    expect(hex(new ProtoWriter().string(1, '', true))).toBe('0a00');
  });

  it('length-prefixes sub-messages, including empty ones', () => {
    expect(hex(new ProtoWriter().message(1, (m) => m.message(2, () => undefined)))).toBe('0a021200');
    const big = new ProtoWriter().message(4, (m) => m.string(1, 'x'.repeat(200)));
    expect(hex(big).slice(0, 10)).toBe('22cb010ac8');
  });
});
