import { describe, expect, it } from 'vitest';
import { cty } from '../../src/hcl/cty.js';
import type { CtyType } from '../../src/hcl/cty.js';
import { CtyGobError, ctyTypeFromGobMeaning, encodeCtyType } from '../../src/rpc/gob/cty-type.js';
import { decodeGob } from '../../src/rpc/gob/decoder.js';
import { GO_SPECS, annotatedCtyStreams, fromHex, toHex, vectorJson } from './vectors.js';

/** Go's cty.Bool stream from spec §9.5 (gobType 68, primitiveType 69), written out by hand. */
const GO_BOOL_135 =
  '2aff8703010107676f625479706501ff88000102010756657273696f6e0104000104496d706c0110000000' +
  '53ff88022b' +
  Buffer.from('github.com/zclconf/go-cty/cty.primitiveType').toString('hex') +
  'ff890301010d7072696d69746976655479706501ff8a00010101044b696e6401060000' +
  '00' +
  '07ff8a0301420000';

const goStreams = GO_SPECS.flatMap((b) => annotatedCtyStreams(b).map((s) => ({ ...s, builder: b })));

describe('encodeCtyType (spec §9.3)', () => {
  it('writes cty.Bool exactly as the 135-byte stream in spec §9.5', () => {
    expect(GO_BOOL_135.length).toBe(270);
    expect(toHex(encodeCtyType(cty.bool))).toBe(GO_BOOL_135);
  });

  it('is byte-identical to every primitive stream Go sent in the captured specs', () => {
    const primitives = goStreams.filter((s) => s.bytes.length === 135);
    expect(new Set(primitives.map((s) => toHex(s.bytes))).size).toBe(3); // string, number, bool
    for (const s of primitives) {
      const t = ctyTypeFromGobMeaning(decodeGob(s.bytes)[0] ?? null);
      expect(toHex(encodeCtyType(t)), `${s.builder} ${s.usedAt}`).toBe(toHex(s.bytes));
    }
    expect(encodeCtyType(cty.string)[132]).toBe(0x53);
    expect(encodeCtyType(cty.number)[132]).toBe(0x4e);
  });

  it('is byte-identical to Go for list and map when Go used the same ids (null builder capture)', () => {
    const nullStreams = annotatedCtyStreams('null').filter((s) => s.bytes.length > 135);
    expect(nullStreams.length).toBe(3);
    for (const s of nullStreams) {
      const t = ctyTypeFromGobMeaning(decodeGob(s.bytes)[0] ?? null);
      expect(toHex(encodeCtyType(t)), s.usedAt).toBe(toHex(s.bytes));
    }
  });

  it('means the same as every composite stream Go sent (ids differ between Go processes)', () => {
    const composite = goStreams.filter((s) => s.bytes.length > 135);
    expect(composite.length).toBeGreaterThan(5);
    for (const s of composite) {
      const meaning = decodeGob(s.bytes);
      const t = ctyTypeFromGobMeaning(meaning[0] ?? null);
      expect(['list', 'map']).toContain(t.kind);
      expect(decodeGob(encodeCtyType(t)), `${s.builder} ${s.usedAt}`).toEqual(meaning);
    }
  });

  it('means the same as the streams of the encoder whose specs the live packer accepted', () => {
    const ours = vectorJson('configspec/own-encoder-cty-types.json') as Record<string, string>;
    const types: Record<string, CtyType> = {
      string: cty.string,
      number: cty.number,
      bool: cty.bool,
      list_string: cty.list(cty.string),
      map_string: cty.map(cty.string),
      object_a_string: cty.object({ a: cty.string }),
    };
    expect(Object.keys(ours).sort()).toEqual(Object.keys(types).sort());
    for (const [name, t] of Object.entries(types)) {
      expect(decodeGob(encodeCtyType(t)), name).toEqual(decodeGob(fromHex(ours[name] ?? '')));
    }
  });

  it('decodes to the expected gobType meaning for set, object and tuple', () => {
    const S = { gobEncoded: 'Type', value: decodeGob(encodeCtyType(cty.string))[0] };
    expect(decodeGob(encodeCtyType(cty.set(cty.string)))).toEqual([
      { __type: 'gobType', Impl: { 'github.com/zclconf/go-cty/cty.typeSet': { __type: 'typeSet', ElementTypeT: S } } },
    ]);
    expect(decodeGob(encodeCtyType(cty.object({ b: cty.string, a: cty.string })))).toEqual([
      {
        __type: 'gobType',
        Impl: { 'github.com/zclconf/go-cty/cty.typeObject': { __type: 'typeObject', AttrTypes: { a: S, b: S } } },
      },
    ]);
    expect(decodeGob(encodeCtyType(cty.tuple([cty.string, cty.string])))).toEqual([
      {
        __type: 'gobType',
        Impl: { 'github.com/zclconf/go-cty/cty.typeTuple': { __type: 'typeTuple', ElemTypes: [S, S] } },
      },
    ]);
  });

  it('round-trips every kind, nested, through decodeGob and ctyTypeFromGobMeaning', () => {
    const samples: CtyType[] = [
      cty.string,
      cty.list(cty.map(cty.number)),
      cty.set(cty.bool),
      cty.object({ name: cty.string, tags: cty.map(cty.string), ports: cty.list(cty.number) }),
      cty.tuple([cty.string, cty.object({ x: cty.number })]),
      cty.object({}),
      cty.tuple([]),
      cty.list(cty.list(cty.list(cty.string))),
    ];
    for (const t of samples) {
      expect(ctyTypeFromGobMeaning(decodeGob(encodeCtyType(t))[0] ?? null)).toEqual(t);
    }
  });

  it('sorts object attributes so the bytes do not depend on insertion order', () => {
    expect(toHex(encodeCtyType(cty.object({ a: cty.string, b: cty.number })))).toBe(
      toHex(encodeCtyType(cty.object({ b: cty.number, a: cty.string }))),
    );
  });

  it('refuses dynamic (any), also when nested, with an explanation', () => {
    expect(() => encodeCtyType(cty.dynamic)).toThrow(CtyGobError);
    expect(() => encodeCtyType(cty.list(cty.object({ x: cty.dynamic })))).toThrow(
      'type any (cty.DynamicPseudoType) cannot be sent to Packer: Go cannot gob-encode it',
    );
  });

  it('rejects meanings that are not cty types', () => {
    expect(() => ctyTypeFromGobMeaning({ __type: 'gobType', Impl: { 'main.Other': {} } })).toThrow(
      'not a gob-decoded cty.Type: unknown Impl name main.Other',
    );
    expect(() =>
      ctyTypeFromGobMeaning({
        __type: 'gobType',
        Impl: { 'github.com/zclconf/go-cty/cty.primitiveType': { Kind: 1 } },
      }),
    ).toThrow('unknown primitive Kind 1');
  });
});
