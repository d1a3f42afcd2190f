import { describe, expect, it } from 'vitest';
import { cty } from '../../src/hcl/cty.js';
import type { CtyType } from '../../src/hcl/cty.js';
import { spec } from '../../src/hcl/spec.js';
import {
  OBJECTSPEC_NAME_DEBIAN,
  OBJECTSPEC_NAME_OFFICIAL,
  configSpecFromGobMeaning,
  decodeConfigSpec,
  encodeConfigSpec,
} from '../../src/rpc/gob/config-spec.js';
import { encodeCtyType } from '../../src/rpc/gob/cty-type.js';
import { decodeGob } from '../../src/rpc/gob/decoder.js';
import { ConfigSpecEncodeError } from '../../src/rpc/gob/hcldec-spec.js';
import type { HcldecObjectSpec, HcldecSpec } from '../../src/rpc/gob/hcldec-spec.js';
import { GobReader } from '../../src/rpc/gob/reader.js';
import { GobTypeIds } from '../../src/rpc/gob/type-ids.js';
import { GO_SPECS, toHex, vectorBytes, vectorJson } from './vectors.js';

/** Converts the notation of `own-encoder-nodefake.spec.json` into the hcldec wire model. */
function ctyFromVector(t: unknown): CtyType {
  if (t === 'string' || t === 'number' || t === 'bool') return { kind: t };
  const [kind, arg] = Object.entries(t as Record<string, unknown>)[0] ?? [];
  switch (kind) {
    case 'list':
    case 'map':
    case 'set':
      return { kind, element: ctyFromVector(arg) };
    case 'object':
      return cty.object(Object.fromEntries(Object.entries(arg as object).map(([k, v]) => [k, ctyFromVector(v)])));
    case 'tuple':
      return cty.tuple((arg as unknown[]).map(ctyFromVector));
  }
  throw new Error(`unknown vector type ${JSON.stringify(t)}`);
}

function specFromVector(node: unknown): HcldecSpec {
  const [kind, v] = Object.entries(node as Record<string, Record<string, unknown>>)[0] ?? [];
  if (!v) throw new Error('empty node');
  switch (kind) {
    case 'object':
      return { kind: 'object', entries: Object.fromEntries(Object.entries(v).map(([k, n]) => [k, specFromVector(n)])) };
    case 'attr':
      return { kind: 'attr', name: String(v.name), type: ctyFromVector(v.type), required: v.required === true };
    case 'block':
      return {
        kind: 'block',
        typeName: String(v.typeName),
        nested: specFromVector(v.nested),
        required: v.required === true,
      };
    case 'blockList':
      return {
        kind: 'blockList',
        typeName: String(v.typeName),
        nested: specFromVector(v.nested),
        minItems: Number(v.minItems ?? 0),
        maxItems: Number(v.maxItems ?? 0),
      };
    case 'blockAttrs':
      return {
        kind: 'blockAttrs',
        typeName: String(v.typeName),
        elementType: ctyFromVector(v.elementType),
        required: v.required === true,
      };
    case 'blockObject':
      return {
        kind: 'blockObject',
        typeName: String(v.typeName),
        labelNames: v.labelNames as string[],
        nested: specFromVector(v.nested),
      };
  }
  throw new Error(`unknown vector node ${kind}`);
}

/** Message kinds of a stream: 'def' for a type definition, 'value' otherwise. */
function messageKinds(bytes: Uint8Array): string[] {
  const r = new GobReader(bytes);
  const out: string[] = [];
  while (!r.atEndOfStream) {
    const n = r.beginMessage();
    const start = r.offset;
    out.push(r.int() < 0 ? 'def' : 'value');
    r.raw(n - (r.offset - start));
  }
  return out;
}

describe('decodeGob on the ConfigSpecs Go plugins sent', () => {
  it.each(GO_SPECS)('%s decodes to its .decoded.json', (builder) => {
    const meaning = decodeGob(vectorBytes(`configspec/configspec-builder-${builder}.gob`));
    expect(meaning).toEqual(vectorJson(`configspec/configspec-builder-${builder}.decoded.json`));
  });

  it('the first file capture means the same as the later one', () => {
    expect(decodeGob(vectorBytes('configspec/configspec-builder-file.first-capture.gob'))).toEqual(
      decodeGob(vectorBytes('configspec/configspec-builder-file.gob')),
    );
  });
});

describe('encodeConfigSpec against Go', () => {
  it.each(GO_SPECS)('re-encoding the %s spec means exactly what Go sent', (builder) => {
    const go = vectorBytes(`configspec/configspec-builder-${builder}.gob`);
    const ours = encodeConfigSpec(decodeConfigSpec(go), { objectSpecName: OBJECTSPEC_NAME_DEBIAN });
    expect(decodeGob(ours)).toEqual(decodeGob(go));
  });

  it.each([...GO_SPECS, 'file.first-capture'])(
    'mimicking one Go process (go layout, Go key order, shared ids) reproduces the %s capture byte for byte',
    (builder) => {
      const go = vectorBytes(`configspec/configspec-builder-${builder}.gob`);
      const ours = encodeConfigSpec(decodeConfigSpec(go), {
        objectSpecName: OBJECTSPEC_NAME_DEBIAN,
        layout: 'go',
        sortKeys: false,
        typeIds: new GobTypeIds(),
      });
      expect(toHex(ours)).toBe(toHex(go));
    },
  );

  it('Go specs use only attributes, blocks and block lists, and keep the nested ObjectSpec under the Debian name', () => {
    const google = decodeConfigSpec(vectorBytes('configspec/configspec-builder-googlecompute.gob'));
    const kinds = new Set(Object.values(google.entries).map((s) => s.kind));
    expect(kinds).toEqual(new Set(['attr', 'block']));
    const block = Object.values(google.entries).find((s) => s.kind === 'block');
    expect(block?.kind === 'block' && block.nested?.kind).toBe('object');
    const raw = JSON.stringify(decodeGob(vectorBytes('configspec/configspec-builder-googlecompute.gob')));
    expect(raw).toContain(`"${OBJECTSPEC_NAME_DEBIAN}"`);
  });
});

describe('encodeConfigSpec against the spec the live packer accepted', () => {
  const nodefake = specFromVector({
    object: vectorJson('configspec/own-encoder-nodefake.spec.json'),
  }) as HcldecObjectSpec;

  it('means the same as own-encoder-nodefake-debian.gob (all five spec kinds, nested blocks)', () => {
    const ours = encodeConfigSpec(nodefake, { objectSpecName: OBJECTSPEC_NAME_DEBIAN });
    expect(decodeGob(ours)).toEqual(decodeGob(vectorBytes('configspec/own-encoder-nodefake-debian.gob')));
  });

  it('means the same as own-encoder-nodefake-official.gob with the official name', () => {
    const ours = encodeConfigSpec(nodefake, { objectSpecName: OBJECTSPEC_NAME_OFFICIAL });
    expect(decodeGob(ours)).toEqual(decodeGob(vectorBytes('configspec/own-encoder-nodefake-official.gob')));
  });

  it('uses the official name by default', () => {
    expect(decodeGob(encodeConfigSpec(nodefake))).toEqual(
      decodeGob(vectorBytes('configspec/own-encoder-nodefake-official.gob')),
    );
  });

  it('writes every definition as its own message before the single value message', () => {
    const kinds = messageKinds(encodeConfigSpec(nodefake));
    expect(kinds.at(-1)).toBe('value');
    expect(kinds.filter((k) => k === 'value')).toHaveLength(1);
    // 8 definitions (ObjectSpec, Type, AttrSpec, BlockSpec, BlockListSpec, BlockAttrsSpec,
    // BlockObjectSpec, []string) and the value
    expect(kinds).toHaveLength(9);
  });
});

describe('encodeConfigSpec from our spec model', () => {
  const model = spec.object({
    region: spec.attr('region', cty.string, { required: true, description: 'Where', property: 'region' }),
    count: spec.attr('count', cty.number, { default: 1, integer: true }),
    tags: spec.attr('tags', cty.map(cty.string), { sensitive: true }),
    disk: spec.block('disk', spec.object({ size: spec.attr('size', cty.number) }), { required: true }),
    step: spec.blockList('step', spec.object({ run: spec.attr('run', cty.string, { required: true }) }), {
      minItems: 1,
      maxItems: 3,
    }),
    labels: spec.blockAttrs('labels', cty.string),
  });

  it('sends the hcldec fields and never the FieldMeta', () => {
    const bytes = encodeConfigSpec(model);
    expect(decodeConfigSpec(bytes)).toEqual({
      kind: 'object',
      entries: {
        region: { kind: 'attr', name: 'region', type: cty.string, required: true },
        count: { kind: 'attr', name: 'count', type: cty.number, required: false },
        tags: { kind: 'attr', name: 'tags', type: cty.map(cty.string), required: false },
        disk: {
          kind: 'block',
          typeName: 'disk',
          required: true,
          nested: {
            kind: 'object',
            entries: { size: { kind: 'attr', name: 'size', type: cty.number, required: false } },
          },
        },
        step: {
          kind: 'blockList',
          typeName: 'step',
          minItems: 1,
          maxItems: 3,
          nested: { kind: 'object', entries: { run: { kind: 'attr', name: 'run', type: cty.string, required: true } } },
        },
        labels: { kind: 'blockAttrs', typeName: 'labels', elementType: cty.string, required: false },
      },
    });
    const text = Buffer.from(bytes).toString('latin1');
    for (const meta of ['Where', 'description', 'sensitive', 'property']) expect(text).not.toContain(meta);
  });

  it('omits zero fields like Go (Required false, MinItems 0)', () => {
    const meaning = decodeGob(encodeConfigSpec(spec.object({ a: spec.attr('a', cty.bool) })));
    expect(meaning[0]).toEqual({
      a: {
        '*hcldec.AttrSpec': {
          __type: 'AttrSpec',
          Name: 'a',
          Type: { gobEncoded: 'Type', value: decodeGob(encodeCtyType(cty.bool))[0] },
        },
      },
    });
  });

  it('is deterministic: entry order does not change the bytes', () => {
    const reversed = spec.object(Object.fromEntries(Object.entries(model.entries).reverse()));
    expect(toHex(encodeConfigSpec(reversed))).toBe(toHex(encodeConfigSpec(model)));
  });

  it('encodes an empty spec as an empty ObjectSpec map', () => {
    expect(decodeGob(encodeConfigSpec(spec.object({})))).toEqual([{}]);
  });

  it('names the field whose type is any', () => {
    const bad = spec.object({
      opts: spec.block('opts', spec.object({ level: spec.attr('level', cty.list(cty.dynamic)) })),
    });
    expect(() => encodeConfigSpec(bad)).toThrow(ConfigSpecEncodeError);
    expect(() => encodeConfigSpec(bad)).toThrow(
      'ConfigSpec field "opts.level": attribute type list(any): type any (cty.DynamicPseudoType) cannot be sent to Packer',
    );
  });

  it('names the field with a bad item count or an empty name', () => {
    const nested = spec.object({});
    expect(() => encodeConfigSpec(spec.object({ s: spec.blockList('s', nested, { minItems: -1 }) }))).toThrow(
      'ConfigSpec field "s": minItems must be a non-negative integer, got -1',
    );
    expect(() => encodeConfigSpec(spec.object({ x: spec.attr('', cty.string) }))).toThrow(
      'ConfigSpec field "x": the attribute name is empty',
    );
  });

  it('configSpecFromGobMeaning rejects unknown spec types with the path', () => {
    expect(() => configSpecFromGobMeaning({ a: { '*hcldec.LiteralSpec': { __type: 'LiteralSpec' } } })).toThrow(
      'not a gob-decoded hcldec spec at "a": unsupported spec type *hcldec.LiteralSpec',
    );
  });
});
