/**
 * The `ConfigSpec` payload for Packer's gob protocol (Packer 1.6.6 up to 1.11, and later
 * ones with PACKER_FORCE_GOB): the gob of an `hcldec.ObjectSpec` (spec §9.2), which is a
 * `map[string]hcldec.Spec` whose values are interface values registered as
 * `*hcldec.AttrSpec`, `*hcldec.BlockSpec`, `*hcldec.BlockListSpec`, `*hcldec.BlockAttrsSpec`,
 * `*hcldec.BlockObjectSpec`, or a nested `hcldec.ObjectSpec` under a build-dependent name (§9.6).
 */
import type { ObjectSpec } from '../../hcl/spec.js';
import { ctyTypeString } from '../../hcl/cty.js';
import type { CtyType } from '../../hcl/cty.js';
import { CTY_TYPE_GOB, CtyGobError, assertCtyTypeEncodable, ctyTypeFromGobMeaning, encodeCtyType } from './cty-type.js';
import type { GobMeaning } from './decoder.js';
import { decodeGob } from './decoder.js';
import type { GobLayout } from './encoder.js';
import { GobStreamEncoder } from './encoder.js';
import { GobInterface, gobBuiltin } from './go-types.js';
import type { GobMapType, GobSliceType, GobStructType, GobValue } from './go-types.js';
import { ConfigSpecEncodeError, entryPath } from './hcldec-spec.js';
import type { HcldecObjectSpec, HcldecSpec } from './hcldec-spec.js';
import type { GobTypeIds } from './type-ids.js';

/** Gob name of hcldec.ObjectSpec in Debian's Packer 1.6.6 (GOPATH + vendor build; CONFIRMED). */
export const OBJECTSPEC_NAME_DEBIAN =
  'github.com/hashicorp/packer/vendor/github.com/hashicorp/hcl/v2/hcldec.ObjectSpec';
/** Gob name of hcldec.ObjectSpec in Go-modules builds (HashiCorp's releases). */
export const OBJECTSPEC_NAME_OFFICIAL = 'github.com/hashicorp/hcl/v2/hcldec.ObjectSpec';

/** Registered gob names of the pointer spec types (`gob.Register(new(hcldec.AttrSpec))`). */
export const HCLDEC_GOB_NAMES = {
  attr: '*hcldec.AttrSpec',
  block: '*hcldec.BlockSpec',
  blockList: '*hcldec.BlockListSpec',
  blockAttrs: '*hcldec.BlockAttrsSpec',
  blockObject: '*hcldec.BlockObjectSpec',
} as const;

const objectSpecMap: GobMapType = {
  kind: 'map',
  name: 'ObjectSpec',
  key: gobBuiltin.string,
  elem: gobBuiltin.interface,
};
const attrSpecStruct: GobStructType = {
  kind: 'struct',
  name: 'AttrSpec',
  fields: [
    { name: 'Name', type: gobBuiltin.string },
    { name: 'Type', type: CTY_TYPE_GOB },
    { name: 'Required', type: gobBuiltin.bool },
  ],
};
const blockSpecStruct: GobStructType = {
  kind: 'struct',
  name: 'BlockSpec',
  fields: [
    { name: 'TypeName', type: gobBuiltin.string },
    { name: 'Nested', type: gobBuiltin.interface },
    { name: 'Required', type: gobBuiltin.bool },
  ],
};
const blockListSpecStruct: GobStructType = {
  kind: 'struct',
  name: 'BlockListSpec',
  fields: [
    { name: 'TypeName', type: gobBuiltin.string },
    { name: 'Nested', type: gobBuiltin.interface },
    { name: 'MinItems', type: gobBuiltin.int },
    { name: 'MaxItems', type: gobBuiltin.int },
  ],
};
const blockAttrsSpecStruct: GobStructType = {
  kind: 'struct',
  name: 'BlockAttrsSpec',
  fields: [
    { name: 'TypeName', type: gobBuiltin.string },
    { name: 'ElementType', type: CTY_TYPE_GOB },
    { name: 'Required', type: gobBuiltin.bool },
  ],
};
const stringSlice: GobSliceType = { kind: 'slice', name: '[]string', elem: gobBuiltin.string };
const blockObjectSpecStruct: GobStructType = {
  kind: 'struct',
  name: 'BlockObjectSpec',
  fields: [
    { name: 'TypeName', type: gobBuiltin.string },
    { name: 'LabelNames', type: stringSlice },
    { name: 'Nested', type: gobBuiltin.interface },
  ],
};

export interface ConfigSpecGobOptions {
  /**
   * Gob name for nested ObjectSpecs (every block). It must match the Packer build on the other
   * end, or Packer crashes with `name not registered for interface` (§9.6).
   * Default OBJECTSPEC_NAME_OFFICIAL; Debian's /usr/bin/packer needs OBJECTSPEC_NAME_DEBIAN.
   */
  readonly objectSpecName?: string;
  /** Default `definitions-first`; `go` mimics Go's own message layout. */
  readonly layout?: GobLayout;
  /** Sort map keys (deterministic output). Default true; false keeps insertion order. */
  readonly sortKeys?: boolean;
  /** One registry for the spec and its cty.Type streams, mimicking one Go process (tests). */
  readonly typeIds?: GobTypeIds;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function checkCount(path: string, what: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new ConfigSpecEncodeError(`ConfigSpec field "${path}": ${what} must be a non-negative integer, got ${n}`);
  }
}

function checkType(path: string, what: string, t: CtyType): void {
  try {
    assertCtyTypeEncodable(t);
  } catch (e) {
    if (e instanceof CtyGobError) {
      throw new ConfigSpecEncodeError(`ConfigSpec field "${path}": ${what} ${ctyTypeString(t)}: ${e.message}`);
    }
    throw e;
  }
}

/** Rejects, with the field's path, what Packer could not decode. */
function checkSpec(s: HcldecSpec | null, path: string): void {
  if (s === null) throw new ConfigSpecEncodeError(`ConfigSpec field "${path}": the block has no nested spec`);
  const nameless = (what: string, name: string): void => {
    if (name === '') throw new ConfigSpecEncodeError(`ConfigSpec field "${path}": ${what} is empty`);
  };
  switch (s.kind) {
    case 'object':
      for (const [key, entry] of Object.entries(s.entries)) checkSpec(entry, entryPath(path, key));
      return;
    case 'attr':
      nameless('the attribute name', s.name);
      checkType(path, 'attribute type', s.type);
      return;
    case 'block':
      nameless('the block type name', s.typeName);
      checkSpec(s.nested, path);
      return;
    case 'blockList':
      nameless('the block type name', s.typeName);
      checkCount(path, 'minItems', s.minItems);
      checkCount(path, 'maxItems', s.maxItems);
      checkSpec(s.nested, path);
      return;
    case 'blockAttrs':
      nameless('the block type name', s.typeName);
      checkType(path, 'element type', s.elementType);
      return;
    case 'blockObject':
      nameless('the block type name', s.typeName);
      checkSpec(s.nested, path);
      return;
  }
}

class SpecToGob {
  constructor(private readonly options: ConfigSpecGobOptions) {}

  entries(spec: HcldecObjectSpec): Map<GobValue, GobValue> {
    const keys = Object.keys(spec.entries);
    if (this.options.sortKeys ?? true) keys.sort(compareKeys);
    const out = new Map<GobValue, GobValue>();
    for (const key of keys) {
      const entry = spec.entries[key];
      if (entry) out.set(key, this.iface(entry));
    }
    return out;
  }

  private cty(t: CtyType): () => Uint8Array {
    return () => encodeCtyType(t, this.options.typeIds ? { typeIds: this.options.typeIds } : {});
  }

  iface(s: HcldecSpec | null): GobInterface | null {
    if (s === null) return null;
    switch (s.kind) {
      case 'object':
        return new GobInterface(
          this.options.objectSpecName ?? OBJECTSPEC_NAME_OFFICIAL,
          objectSpecMap,
          this.entries(s),
        );
      case 'attr':
        return new GobInterface(HCLDEC_GOB_NAMES.attr, attrSpecStruct, {
          Name: s.name,
          Type: this.cty(s.type),
          Required: s.required,
        });
      case 'block':
        return new GobInterface(HCLDEC_GOB_NAMES.block, blockSpecStruct, {
          TypeName: s.typeName,
          Nested: this.iface(s.nested),
          Required: s.required,
        });
      case 'blockList':
        return new GobInterface(HCLDEC_GOB_NAMES.blockList, blockListSpecStruct, {
          TypeName: s.typeName,
          Nested: this.iface(s.nested),
          MinItems: s.minItems,
          MaxItems: s.maxItems,
        });
      case 'blockAttrs':
        return new GobInterface(HCLDEC_GOB_NAMES.blockAttrs, blockAttrsSpecStruct, {
          TypeName: s.typeName,
          ElementType: this.cty(s.elementType),
          Required: s.required,
        });
      case 'blockObject':
        return new GobInterface(HCLDEC_GOB_NAMES.blockObject, blockObjectSpecStruct, {
          TypeName: s.typeName,
          LabelNames: [...s.labelNames],
          Nested: this.iface(s.nested),
        });
    }
  }
}

/**
 * The gob bytes of the `hcldec.ObjectSpec` for `spec`: what a builder's `ConfigSpec` reply
 * carries. FieldMeta is never encoded. Throws ConfigSpecEncodeError naming the field for
 * anything Packer could not decode (type `any`, empty names, bad item counts).
 */
export function encodeConfigSpec(spec: ObjectSpec | HcldecObjectSpec, options: ConfigSpecGobOptions = {}): Uint8Array {
  checkSpec(spec, '');
  const encoder = new GobStreamEncoder({
    layout: options.layout ?? 'definitions-first',
    ...(options.typeIds ? { typeIds: options.typeIds } : {}),
  });
  return encoder.encode(objectSpecMap, new SpecToGob(options).entries(spec)).bytes();
}

function bad(path: string, what: string): never {
  throw new Error(`not a gob-decoded hcldec spec at "${path}": ${what}`);
}

function record(m: GobMeaning | undefined, path: string, what: string): Record<string, GobMeaning> {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) bad(path, `expected ${what}`);
  return m;
}

const str = (m: GobMeaning | undefined): string => (typeof m === 'string' ? m : '');
const int = (m: GobMeaning | undefined): number => (typeof m === 'number' ? m : 0);

function specFromMeaning(m: GobMeaning | undefined, path: string): HcldecSpec | null {
  if (m === null || m === undefined) return null;
  const iface = record(m, path, 'an interface value');
  const [name, value] = Object.entries(iface)[0] ?? bad(path, 'empty interface value');
  if (name.endsWith('hcldec.ObjectSpec')) return objectSpecFromMeaning(value, path);
  const v = record(value, path, `a ${name} value`);
  switch (name) {
    case HCLDEC_GOB_NAMES.attr:
      return {
        kind: 'attr',
        name: str(v.Name),
        type: ctyTypeFromGobMeaning(v.Type ?? bad(path, 'AttrSpec without Type')),
        required: v.Required === true,
      };
    case HCLDEC_GOB_NAMES.block:
      return {
        kind: 'block',
        typeName: str(v.TypeName),
        nested: specFromMeaning(v.Nested, path),
        required: v.Required === true,
      };
    case HCLDEC_GOB_NAMES.blockList:
      return {
        kind: 'blockList',
        typeName: str(v.TypeName),
        nested: specFromMeaning(v.Nested, path),
        minItems: int(v.MinItems),
        maxItems: int(v.MaxItems),
      };
    case HCLDEC_GOB_NAMES.blockAttrs:
      return {
        kind: 'blockAttrs',
        typeName: str(v.TypeName),
        elementType: ctyTypeFromGobMeaning(v.ElementType ?? bad(path, 'BlockAttrsSpec without ElementType')),
        required: v.Required === true,
      };
    case HCLDEC_GOB_NAMES.blockObject: {
      const labels = v.LabelNames ?? [];
      if (!Array.isArray(labels)) bad(path, 'LabelNames is not a list');
      return {
        kind: 'blockObject',
        typeName: str(v.TypeName),
        labelNames: labels.map(str),
        nested: specFromMeaning(v.Nested, path),
      };
    }
  }
  return bad(path, `unsupported spec type ${name}`);
}

function objectSpecFromMeaning(m: GobMeaning, path: string): HcldecObjectSpec {
  const entries: [string, HcldecSpec][] = [];
  for (const [key, value] of Object.entries(record(m, path, 'an ObjectSpec map'))) {
    const s = specFromMeaning(value, entryPath(path, key));
    if (s === null) bad(entryPath(path, key), 'nil spec');
    entries.push([key, s]);
  }
  return { kind: 'object', entries: Object.fromEntries(entries) };
}

/** Turns decodeGob's meaning of an hcldec.ObjectSpec (the map) into the spec it describes. */
export function configSpecFromGobMeaning(meaning: GobMeaning): HcldecObjectSpec {
  return objectSpecFromMeaning(meaning, '');
}

/** Decodes ConfigSpec gob bytes (Go's or ours) into the spec they describe. */
export function decodeConfigSpec(bytes: Uint8Array): HcldecObjectSpec {
  const values = decodeGob(bytes);
  if (values.length !== 1) throw new Error(`a ConfigSpec gob stream holds one value, this one holds ${values.length}`);
  return configSpecFromGobMeaning(values[0] ?? null);
}
