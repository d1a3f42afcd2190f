import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cty } from '../../src/hcl/cty.js';
import { OBJECTSPEC_NAME_OFFICIAL, decodeConfigSpec, encodeConfigSpec } from '../../src/rpc/gob/config-spec.js';
import { decodeGob } from '../../src/rpc/gob/decoder.js';
import type { HcldecObjectSpec } from '../../src/rpc/gob/hcldec-spec.js';
import { GobTypeIds } from '../../src/rpc/gob/type-ids.js';
import { toHex } from './vectors.js';

/** Made by real Go (go1.26, hcl v2.24, packer-plugin-sdk v0.6.10 registrations); see fixtures/README.md. */
const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

const expected: HcldecObjectSpec = {
  kind: 'object',
  entries: {
    name: { kind: 'attr', name: 'name', type: cty.string, required: true },
    ids: { kind: 'attr', name: 'ids', type: cty.set(cty.number), required: false },
    pair: { kind: 'attr', name: 'pair', type: cty.tuple([cty.string, cty.bool]), required: false },
    shape: { kind: 'attr', name: 'shape', type: cty.object({ w: cty.number }), required: false },
    labels: { kind: 'blockAttrs', typeName: 'labels', elementType: cty.string, required: true },
    target: {
      kind: 'blockObject',
      typeName: 'target',
      labelNames: ['name', 'kind'],
      nested: {
        kind: 'object',
        entries: { path: { kind: 'attr', name: 'path', type: cty.list(cty.string), required: false } },
      },
    },
    disk: {
      kind: 'block',
      typeName: 'disk',
      required: false,
      nested: {
        kind: 'object',
        entries: { size: { kind: 'attr', name: 'size', type: cty.map(cty.number), required: false } },
      },
    },
    step: {
      kind: 'blockList',
      typeName: 'step',
      minItems: 1,
      maxItems: 4,
      nested: { kind: 'attr', name: 'run', type: cty.string, required: false },
    },
  },
};

describe('gob streams made by Go (go1.26, Go-modules hcldec)', () => {
  it('decode to the spec Go encoded: set, tuple and object types, block attrs, labelled block objects', () => {
    expect(decodeConfigSpec(fixture('go1.26-hcldec-spec.gob'))).toEqual(expected);
    const { shape: _shape, ...rest } = expected.entries;
    expect(decodeConfigSpec(fixture('go1.26-hcldec-spec-no-object.gob'))).toEqual({ kind: 'object', entries: rest });
  });

  it('name the nested ObjectSpec with the official (Go-modules) name', () => {
    expect(JSON.stringify(decodeGob(fixture('go1.26-hcldec-spec.gob')))).toContain(`"${OBJECTSPEC_NAME_OFFICIAL}"`);
  });

  it.each(['go1.26-hcldec-spec.gob', 'go1.26-hcldec-spec-no-object.gob'])(
    '%s: our encoding means exactly the same',
    (name) => {
      const go = fixture(name);
      expect(decodeGob(encodeConfigSpec(decodeConfigSpec(go)))).toEqual(decodeGob(go));
    },
  );

  it('mimicking that Go process (ids from 64, go layout, Go key order) reproduces it byte for byte', () => {
    // Without the object type: newer cty's typeObject also declares an AttrOptional field,
    // which only changes the definition (never sent as a value, so meanings stay equal).
    const go = fixture('go1.26-hcldec-spec-no-object.gob');
    const ours = encodeConfigSpec(decodeConfigSpec(go), { layout: 'go', sortKeys: false, typeIds: new GobTypeIds(64) });
    expect(toHex(ours)).toBe(toHex(go));
  });
});
