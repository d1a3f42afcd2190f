import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cty } from '../../src/hcl/cty.js';
import type { CtyType } from '../../src/hcl/cty.js';
import { spec } from '../../src/hcl/spec.js';
import { ConfigSpecEncodeError } from '../../src/rpc/gob/hcldec-spec.js';
import { decodeConfigSpecProtobuf, encodeConfigSpecProtobuf } from '../../src/rpc/protobuf/config-spec.js';
import { readProtoFields } from '../../src/rpc/protobuf/reader.js';
import { ProtoWriter } from '../../src/rpc/protobuf/writer.js';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** The spec the Go fixture was made from (fixtures/README.md), in our model, with FieldMeta. */
const model = spec.object({
  region: spec.attr('region', cty.string, { required: true, description: 'Region to build in' }),
  count: spec.attr('count', cty.number, { integer: true, default: 1 }),
  enabled: spec.attr('enabled', cty.bool),
  zones: spec.attr('zones', cty.list(cty.string)),
  limits: spec.attr('limits', cty.map(cty.number)),
  rules: spec.attr('rules', cty.list(cty.map(cty.string))),
  flags: spec.attr('flags', cty.map(cty.list(cty.bool))),
  packer_force: spec.attr('packer_force', cty.bool, { property: 'packerForce' }),
  disk: spec.block(
    'disk',
    spec.object({ size: spec.attr('size', cty.number, { required: true }), type: spec.attr('type', cty.string) }),
    { required: true },
  ),
  step: spec.blockList('step', spec.object({ run: spec.attr('run', cty.string, { required: true }) }), {
    minItems: 1,
    maxItems: 3,
  }),
  extra: spec.object({ note: spec.attr('note', cty.string) }),
});

describe('encodeConfigSpecProtobuf against packer-plugin-sdk v0.6.10 (Go-made fixtures)', () => {
  it('is byte-identical to the SDK ToProto + deterministic Marshal output', () => {
    expect(hex(encodeConfigSpecProtobuf(model))).toBe(hex(fixture('sdk-v0.6.10-config-spec.pb')));
  });

  it('writes an empty spec as Spec{object: Object{}} like the SDK', () => {
    expect(hex(encodeConfigSpecProtobuf(spec.object({})))).toBe(hex(fixture('sdk-v0.6.10-empty-spec.pb')));
    expect(hex(fixture('sdk-v0.6.10-empty-spec.pb'))).toBe('0a00');
  });

  it('decodes the Go fixture to the spec it was made from, minus block-list item counts', () => {
    const attr = (name: string, type: CtyType, required = false) => ({ kind: 'attr', name, type, required }) as const;
    expect(decodeConfigSpecProtobuf(fixture('sdk-v0.6.10-config-spec.pb'))).toEqual({
      kind: 'object',
      entries: {
        region: attr('region', cty.string, true),
        count: attr('count', cty.number),
        enabled: attr('enabled', cty.bool),
        zones: attr('zones', cty.list(cty.string)),
        limits: attr('limits', cty.map(cty.number)),
        rules: attr('rules', cty.list(cty.map(cty.string))),
        flags: attr('flags', cty.map(cty.list(cty.bool))),
        packer_force: attr('packer_force', cty.bool),
        disk: {
          kind: 'block',
          typeName: 'disk',
          required: true,
          nested: { kind: 'object', entries: { size: attr('size', cty.number, true), type: attr('type', cty.string) } },
        },
        step: {
          kind: 'blockList',
          typeName: 'step',
          minItems: 0,
          maxItems: 0,
          nested: { kind: 'object', entries: { run: attr('run', cty.string, true) } },
        },
        extra: { kind: 'object', entries: { note: attr('note', cty.string) } },
      },
    });
  });
});

describe('encodeConfigSpecProtobuf message layout (rpc/hcl_spec.proto)', () => {
  it('wraps the object in Spec field 1 and each entry in a map entry {1: key, 2: Spec}', () => {
    const bytes = encodeConfigSpecProtobuf(
      spec.object({ b: spec.attr('b', cty.string, { required: true }), a: spec.attr('a', cty.bool) }),
    );
    const top = readProtoFields(bytes);
    expect(top.map((f) => [f.field, f.wireType])).toEqual([[1, 2]]);
    const entries = readProtoFields(top[0]?.value as Uint8Array);
    expect(entries.map((f) => f.field)).toEqual([1, 1]);
    const [first, second] = entries.map((e) => readProtoFields(e.value as Uint8Array));
    // sorted keys: "a" first
    expect(Buffer.from(first?.[0]?.value as Uint8Array).toString()).toBe('a');
    expect(Buffer.from(second?.[0]?.value as Uint8Array).toString()).toBe('b');
    // Spec oneof attr = 2; Attr{name = 1, type = 2, required = 3 (absent when false)}
    const attrA = readProtoFields(first?.[1]?.value as Uint8Array);
    expect(attrA.map((f) => f.field)).toEqual([2]);
    expect(readProtoFields(attrA[0]?.value as Uint8Array).map((f) => f.field)).toEqual([1, 2]);
    const attrB = readProtoFields(readProtoFields(second?.[1]?.value as Uint8Array)[0]?.value as Uint8Array);
    expect(attrB.map((f) => [f.field, f.wireType === 0 ? f.value : 'len'])).toEqual([
      [1, 'len'],
      [2, 'len'],
      [3, 1n],
    ]);
  });

  it('sends cty primitives as their Go names: CtyType{primitive: {typeString: "cty.String"}}', () => {
    const bytes = encodeConfigSpecProtobuf(spec.object({ s: spec.attr('s', cty.string) }));
    expect(Buffer.from(bytes).toString('latin1')).toContain('\x0a\x0acty.String');
  });

  it('does not depend on entry order', () => {
    const reversed = spec.object(Object.fromEntries(Object.entries(model.entries).reverse()));
    expect(hex(encodeConfigSpecProtobuf(reversed))).toBe(hex(encodeConfigSpecProtobuf(model)));
  });
});

describe('encodeConfigSpecProtobuf refuses what the SDK .proto cannot hold, naming the field', () => {
  it('block-attributes specs', () => {
    expect(() => encodeConfigSpecProtobuf(spec.object({ labels: spec.blockAttrs('labels', cty.string) }))).toThrow(
      new ConfigSpecEncodeError(
        'ConfigSpec field "labels": a block-attributes spec cannot be sent to Packer as protobuf: ' +
          "packer-plugin-sdk's hcl_spec.proto only has object, attr, block and block list specs. " +
          'Use an attribute of type map(...) instead.',
      ),
    );
  });

  it('object, set, tuple and any types, also nested in a block', () => {
    const inBlock = (t: Parameters<typeof spec.attr>[1]) =>
      spec.object({ opts: spec.block('opts', spec.object({ shape: spec.attr('shape', t) })) });
    expect(() => encodeConfigSpecProtobuf(inBlock(cty.object({ a: cty.string })))).toThrow(
      'ConfigSpec field "opts.shape": type object({a=string}) cannot be sent to Packer as protobuf: ' +
        "packer-plugin-sdk's hcl_spec.proto only has string, number, bool, list(...) and map(...), not object({a=string}).",
    );
    expect(() => encodeConfigSpecProtobuf(inBlock(cty.list(cty.set(cty.string))))).toThrow(
      'type list(set(string)) cannot be sent to Packer as protobuf',
    );
    expect(() => encodeConfigSpecProtobuf(inBlock(cty.tuple([cty.string])))).toThrow('not tuple([string])');
    expect(() => encodeConfigSpecProtobuf(inBlock(cty.map(cty.dynamic)))).toThrow('not any.');
  });
});

describe('readProtoFields', () => {
  it('reads varints, length-delimited and fixed fields', () => {
    const bytes = new Uint8Array([0x08, 0xac, 0x02, 0x12, 0x01, 0x41, 0x1d, 1, 2, 3, 4, 0x21, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(readProtoFields(bytes)).toEqual([
      { field: 1, wireType: 0, value: 300n },
      { field: 2, wireType: 2, value: new Uint8Array([0x41]) },
      { field: 3, wireType: 5, value: new Uint8Array([1, 2, 3, 4]) },
      { field: 4, wireType: 1, value: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) },
    ]);
  });

  it('reports truncation with the offset', () => {
    expect(() => readProtoFields(new Uint8Array([0x12, 0x05, 0x41]))).toThrow(
      'protobuf: 5 bytes wanted, 1 left (at byte 2 of 3)',
    );
    expect(() => readProtoFields(new Uint8Array([0x08, 0x80]))).toThrow('protobuf: truncated varint');
    expect(() => readProtoFields(new Uint8Array([0x0b]))).toThrow('protobuf: unsupported wire type 3 for field 1');
  });

  it('decodeConfigSpecProtobuf rejects a top-level Spec that is not an object', () => {
    const attrOnly = new ProtoWriter()
      .message(2, (a) => a.string(1, 'a').message(2, (t) => t.message(1, (p) => p.string(1, 'cty.String'))))
      .toBytes();
    expect(() => decodeConfigSpecProtobuf(attrOnly)).toThrow(
      'protobuf ConfigSpec at "": the top-level Spec is attr, not object',
    );
    expect(() => decodeConfigSpecProtobuf(new Uint8Array([0x12, 0x00]))).toThrow(
      'protobuf ConfigSpec at "": attribute without type',
    );
  });
});
