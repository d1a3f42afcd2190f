import { describe, expect, it } from 'vitest';
import { decodeGob } from '../../src/rpc/gob/decoder.js';
import { GobEncodeError, GobStreamEncoder } from '../../src/rpc/gob/encoder.js';
import { GobInterface, gobBuiltin } from '../../src/rpc/gob/go-types.js';
import type { GobMapType, GobSliceType, GobStructType, GobValue } from '../../src/rpc/gob/go-types.js';
import { GobDecodeError, GobReader } from '../../src/rpc/gob/reader.js';
import { GobTypeIds } from '../../src/rpc/gob/type-ids.js';
import { readWireType, writeWireType } from '../../src/rpc/gob/wire-type.js';
import type { WireType } from '../../src/rpc/gob/wire-type.js';
import { GobWriter } from '../../src/rpc/gob/writer.js';
import { fromHex, toHex } from './vectors.js';

const point: GobStructType = {
  kind: 'struct',
  name: 'Point',
  fields: [
    { name: 'X', type: gobBuiltin.int },
    { name: 'Y', type: gobBuiltin.int },
    { name: 'Label', type: gobBuiltin.string },
  ],
};
const labels: GobSliceType = { kind: 'slice', name: '[]string', elem: gobBuiltin.string };
const byName: GobMapType = {
  kind: 'map',
  name: 'map[string]interface {}',
  key: gobBuiltin.string,
  elem: gobBuiltin.interface,
};
const holder: GobStructType = {
  kind: 'struct',
  name: 'Holder',
  fields: [
    { name: 'Any', type: gobBuiltin.interface },
    { name: 'Tags', type: labels },
    { name: 'Ok', type: gobBuiltin.bool },
    { name: 'Ratio', type: gobBuiltin.float },
    { name: 'Raw', type: gobBuiltin.bytes },
    { name: 'Count', type: gobBuiltin.uint },
  ],
};

/** Splits a stream into messages and says, for each, whether it is a definition (negative id). */
function messageKinds(bytes: Uint8Array): ('def' | 'value')[] {
  const r = new GobReader(bytes);
  const out: ('def' | 'value')[] = [];
  while (!r.atEndOfStream) {
    const n = r.beginMessage();
    const start = r.offset;
    out.push(r.int() < 0 ? 'def' : 'value');
    r.raw(n - (r.offset - start));
  }
  return out;
}

describe('wireType definitions', () => {
  const samples: WireType[] = [
    { kind: 'struct', name: 'CommandFinished', id: 65, fields: [{ name: 'ExitStatus', id: 2 }] },
    { kind: 'struct', name: 'Empty', id: 66, fields: [] },
    { kind: 'map', name: 'ObjectSpec', id: 65, key: 6, elem: 8 },
    { kind: 'slice', name: '[]string', id: 70, elem: 6 },
    { kind: 'array', name: '[3]int', id: 71, elem: 2, len: 3 },
    { kind: 'gobEncoder', name: 'Type', id: 67 },
    { kind: 'binaryMarshaler', name: 'Time', id: 72 },
    { kind: 'textMarshaler', name: '', id: 73 },
  ];

  it('writes the ObjectSpec map definition exactly as Go did (spec §9.5, bytes 3..26)', () => {
    const w = new GobWriter();
    writeWireType(w, { kind: 'map', name: 'ObjectSpec', id: 65, key: 6, elem: 8 });
    expect(toHex(w.toBytes())).toBe('0401010a4f626a6563745370656301ff8200010c01100000');
  });

  it.each(samples.map((s) => [s.kind, s] as const))('reads back what it writes (%s)', (_kind, wire) => {
    const w = new GobWriter();
    writeWireType(w, wire);
    const r = new GobReader(new GobWriter().message(w.toBytes()).toBytes());
    r.beginMessage();
    expect(readWireType(r)).toEqual(wire);
    expect(r.remaining).toBe(0);
  });
});

describe('GobStreamEncoder + decodeGob', () => {
  it('omits zero fields and uses field deltas', () => {
    const bytes = new GobStreamEncoder().encode(point, { X: 0, Y: 5, Label: '' }).bytes();
    // value message: id 65, delta 2 -> Y = 5, end
    expect(toHex(bytes).endsWith('05ff82020a00')).toBe(true);
    expect(decodeGob(bytes)).toEqual([{ __type: 'Point', Y: 5 }]);
  });

  it('puts every definition first in the default layout, even those met inside interfaces', () => {
    const value = {
      Any: new GobInterface('main.Point', point, { X: 1, Y: -2, Label: 'p' }),
      Tags: ['a', 'b'],
      Ok: true,
      Ratio: 0.5,
      Raw: new Uint8Array([0xde, 0xad]),
      Count: 7n,
    };
    const bytes = new GobStreamEncoder().encode(holder, value).bytes();
    expect(messageKinds(bytes)).toEqual(['def', 'def', 'def', 'value']);
    expect(decodeGob(bytes)).toEqual([
      {
        __type: 'Holder',
        Any: { 'main.Point': { __type: 'Point', X: 1, Y: -2, Label: 'p' } },
        Tags: ['a', 'b'],
        Ok: true,
        Ratio: 0.5,
        Raw: { bytes: 'dead' },
        Count: 7,
      },
    ]);
  });

  it('flushes inline definitions like Go in the go layout, and both layouts mean the same', () => {
    const value = { Any: new GobInterface('main.Point', point, { X: 3 }) };
    const go = new GobStreamEncoder({ layout: 'go' }).encode(holder, value).bytes();
    const first = new GobStreamEncoder().encode(holder, value).bytes();
    // Holder and []string first; then the value message flushed early with Point's definition
    // inline; then the rest of the value.
    expect(messageKinds(go)).toEqual(['def', 'def', 'value', 'value']);
    expect(decodeGob(go)).toEqual(decodeGob(first));
    expect(decodeGob(go)).toEqual([{ __type: 'Holder', Any: { 'main.Point': { __type: 'Point', X: 3 } } }]);
  });

  it('handles nested interfaces in the go layout (the leftover byte count Go skips)', () => {
    const inner = new Map([['p', new GobInterface('main.Point', point, { Y: 9 })]]);
    const outer = new Map([
      ['m', new GobInterface('main.Map', byName, inner)],
      ['nil', null],
    ]);
    const go = new GobStreamEncoder({ layout: 'go' }).encode(byName, outer).bytes();
    expect(decodeGob(go)).toEqual([
      { m: { 'main.Map': { p: { 'main.Point': { __type: 'Point', Y: 9 } } } }, nil: null },
    ]);
  });

  it('defines a type once per stream and encodes several top-level values', () => {
    const enc = new GobStreamEncoder();
    enc.encode(point, { X: 1 }).encode(point, { X: 2 }).encode(gobBuiltin.string, 'hi');
    const bytes = enc.bytes();
    expect(messageKinds(bytes)).toEqual(['def', 'value', 'value', 'value']);
    expect(decodeGob(bytes)).toEqual([{ __type: 'Point', X: 1 }, { __type: 'Point', X: 2 }, 'hi']);
  });

  it('allocates ids in Go order: struct before fields, map and slice after their elements', () => {
    const ids = new GobTypeIds();
    const listOfPoints: GobSliceType = { kind: 'slice', name: '[]Point', elem: point };
    const wrapper: GobStructType = {
      kind: 'struct',
      name: 'W',
      fields: [
        { name: 'L', type: listOfPoints },
        { name: 'T', type: labels },
      ],
    };
    expect(ids.idOf(wrapper)).toBe(65);
    expect(ids.idOf(point)).toBe(66);
    expect(ids.idOf(listOfPoints)).toBe(67);
    expect(ids.idOf(labels)).toBe(68);
    expect(ids.idOf(gobBuiltin.string)).toBe(6);
    expect(() => new GobTypeIds(63)).toThrow('gob: user type ids start at 64 or later, got 63');
  });

  it('names the path when a value does not fit its type', () => {
    const enc = new GobStreamEncoder();
    expect(() => enc.encode(point, { X: 'one' })).toThrow(
      new GobEncodeError('gob: Point.X must be an integer, got string one'),
    );
    expect(() => enc.encode(point, { Z: 1 })).toThrow('gob: Point has no field Z (struct Point has X, Y, Label)');
    expect(() => enc.encode(holder, { Tags: ['a', 3] })).toThrow('gob: Holder.Tags[1] must be a string, got number 3');
    expect(() => enc.encode(holder, { Any: new GobInterface('', point, {}) })).toThrow(
      'gob: Holder.Any has an interface value without a registered name',
    );
  });
});

describe('decodeGob errors', () => {
  it('reports an undefined type id with its offset', () => {
    expect(() => decodeGob(fromHex('03ff8200'))).toThrow(
      new GobDecodeError('gob: type id 65 was never defined (at byte 3 of 4)'),
    );
  });

  it('reports a stream cut after its definitions', () => {
    const bytes = new GobStreamEncoder().encode(point, { X: 1 }).bytes();
    const defsOnly = bytes.subarray(0, 1 + (bytes[0] ?? 0));
    expect(() => decodeGob(defsOnly)).toThrow('stream ends after type definitions, before the value they precede');
  });

  it('reports a truncated stream', () => {
    const bytes = new GobStreamEncoder().encode(point, { X: 1 }).bytes();
    expect(() => decodeGob(bytes.subarray(0, bytes.length - 1))).toThrow(GobDecodeError);
  });

  it('reports leftover bytes after a top-level value', () => {
    // one message: string id 6, singleton 0, "a", then two stray bytes
    expect(() => decodeGob(fromHex('060c0001610102'))).toThrow(
      'gob: 2 bytes left over after a top-level value (at byte 5 of 7)',
    );
  });

  it('decodes an empty stream to no values', () => {
    expect(decodeGob(new Uint8Array())).toEqual([]);
  });
});

describe('decodeGob nesting limit', () => {
  /** `levels` maps each holding the next one through an interface (two decode levels per map). */
  function nestedMaps(levels: number): Uint8Array {
    let value = new Map<string, GobValue>([['leaf', null]]);
    for (let i = 0; i < levels; i++) value = new Map<string, GobValue>([['m', new GobInterface('main.Map', byName, value)]]);
    return new GobStreamEncoder({ layout: 'go' }).encode(byName, value).bytes();
  }

  it('decodes values nested within the limit', () => {
    expect(() => decodeGob(nestedMaps(400))).not.toThrow();
  });

  it('refuses deeper nesting with a named GobDecodeError, never a stack overflow', () => {
    for (const levels of [600, 1000]) {
      let caught: unknown;
      try {
        decodeGob(nestedMaps(levels));
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(GobDecodeError);
      expect((caught as Error).message).toMatch(/^gob: maximum decoding depth exceeded \(more than 1024 nested levels\)/);
    }
  });
});
