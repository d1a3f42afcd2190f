/**
 * cty.Type in gob (spec §9.3). `cty.Type.GobEncode()` returns a complete, independent gob
 * stream of `gobType{Version int; Impl typeImpl}`, where Impl is an interface value whose
 * concrete type is registered as `github.com/zclconf/go-cty/cty.<impl>`.
 *
 * We write these streams in Go's own layout with the type ids Go used inside Packer 1.6.6
 * plugins, so that primitive types come out byte-identical to Go's 135-byte streams.
 */
import type { CtyType } from '../../hcl/cty.js';
import type { GobMeaning } from './decoder.js';
import { GobStreamEncoder } from './encoder.js';
import { GobInterface, gobBuiltin } from './go-types.js';
import type { GobEncoderType, GobMapType, GobSliceType, GobStructType, GobValue } from './go-types.js';
import { GobTypeIds } from './type-ids.js';

/** Prefix of the gob names cty registers its type implementations under. */
export const CTY_IMPL_NAME_PREFIX = 'github.com/zclconf/go-cty/cty.';

/** cty.Type itself, as a field of another type: a GobEncoder named `Type`. */
export const CTY_TYPE_GOB: GobEncoderType = { kind: 'gobEncoder', name: 'Type' };

const gobTypeStruct: GobStructType = {
  kind: 'struct',
  name: 'gobType',
  fields: [
    { name: 'Version', type: gobBuiltin.int },
    { name: 'Impl', type: gobBuiltin.interface },
  ],
};
const primitiveTypeStruct: GobStructType = {
  kind: 'struct',
  name: 'primitiveType',
  fields: [{ name: 'Kind', type: gobBuiltin.uint }],
};
const elementStruct = (name: string): GobStructType => ({
  kind: 'struct',
  name,
  fields: [{ name: 'ElementTypeT', type: CTY_TYPE_GOB }],
});
const typeListStruct = elementStruct('typeList');
const typeMapStruct = elementStruct('typeMap');
const typeSetStruct = elementStruct('typeSet');
const attrTypesMap: GobMapType = {
  kind: 'map',
  name: 'map[string]cty.Type',
  key: gobBuiltin.string,
  elem: CTY_TYPE_GOB,
};
const typeObjectStruct: GobStructType = {
  kind: 'struct',
  name: 'typeObject',
  fields: [{ name: 'AttrTypes', type: attrTypesMap }],
};
const elemTypesSlice: GobSliceType = { kind: 'slice', name: '[]cty.Type', elem: CTY_TYPE_GOB };
const typeTupleStruct: GobStructType = {
  kind: 'struct',
  name: 'typeTuple',
  fields: [{ name: 'ElemTypes', type: elemTypesSlice }],
};

/** primitiveType.Kind bytes. */
const PRIMITIVE_KIND = { string: 0x53, number: 0x4e, bool: 0x42 } as const; // 'S', 'N', 'B'

/**
 * The ids Go gave these types in Packer 1.6.6 plugins (cty.Type 67 after ObjectSpec 65 and
 * AttrSpec 66, then gobType 68, primitiveType 69; typeMap 70 and typeList 71 in the
 * null-builder capture), continued in Go's allocation order for the rest.
 */
function packerProcessIds(): GobTypeIds {
  const ids = new GobTypeIds(67);
  for (const t of [
    CTY_TYPE_GOB,
    gobTypeStruct,
    primitiveTypeStruct,
    typeMapStruct,
    typeListStruct,
    typeSetStruct,
    typeObjectStruct,
    typeTupleStruct,
  ]) {
    ids.idOf(t);
  }
  return ids;
}
const PACKER_PROCESS_IDS = packerProcessIds();

/** The type cannot be gob-encoded (cty.DynamicPseudoType). */
export class CtyGobError extends Error {
  override name = 'CtyGobError';
}

export interface CtyTypeGobOptions {
  /** Share with an outer encoder to mimic one Go process; default: fixed Packer-like ids. */
  readonly typeIds?: GobTypeIds;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function implOf(t: CtyType, options: CtyTypeGobOptions): GobInterface {
  const nested = (element: CtyType) => (): Uint8Array => encodeCtyType(element, options);
  switch (t.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return new GobInterface(`${CTY_IMPL_NAME_PREFIX}primitiveType`, primitiveTypeStruct, {
        Kind: PRIMITIVE_KIND[t.kind],
      });
    case 'list':
      return new GobInterface(`${CTY_IMPL_NAME_PREFIX}typeList`, typeListStruct, { ElementTypeT: nested(t.element) });
    case 'map':
      return new GobInterface(`${CTY_IMPL_NAME_PREFIX}typeMap`, typeMapStruct, { ElementTypeT: nested(t.element) });
    case 'set':
      return new GobInterface(`${CTY_IMPL_NAME_PREFIX}typeSet`, typeSetStruct, { ElementTypeT: nested(t.element) });
    case 'object': {
      const attrs = new Map<GobValue, GobValue>();
      for (const name of Object.keys(t.attributes).sort(compareKeys)) {
        const attrType = t.attributes[name];
        if (attrType) attrs.set(name, nested(attrType));
      }
      return new GobInterface(`${CTY_IMPL_NAME_PREFIX}typeObject`, typeObjectStruct, { AttrTypes: attrs });
    }
    case 'tuple':
      return new GobInterface(`${CTY_IMPL_NAME_PREFIX}typeTuple`, typeTupleStruct, {
        ElemTypes: t.elements.map(nested),
      });
    case 'dynamic':
      throw new CtyGobError(
        'type any (cty.DynamicPseudoType) cannot be sent to Packer: Go cannot gob-encode it ' +
          '(cty registers no gob name for pseudoTypeDynamic). Use a concrete type such as string, ' +
          'number, bool, list(...), map(...) or object({...}).',
      );
  }
}

/** Throws CtyGobError if `t` contains a type that has no gob encoding. */
export function assertCtyTypeEncodable(t: CtyType): void {
  switch (t.kind) {
    case 'dynamic':
      implOf(t, {});
      return;
    case 'list':
    case 'map':
    case 'set':
      assertCtyTypeEncodable(t.element);
      return;
    case 'object':
      Object.values(t.attributes).forEach(assertCtyTypeEncodable);
      return;
    case 'tuple':
      t.elements.forEach(assertCtyTypeEncodable);
      return;
    default:
      return;
  }
}

/**
 * The bytes Go's `cty.Type.GobEncode()` returns for `t` (object attributes sorted by name).
 * Throws CtyGobError for `dynamic`, anywhere in the type.
 */
export function encodeCtyType(t: CtyType, options: CtyTypeGobOptions = {}): Uint8Array {
  assertCtyTypeEncodable(t);
  const encoder = new GobStreamEncoder({ layout: 'go', typeIds: options.typeIds ?? PACKER_PROCESS_IDS });
  return encoder.encode(gobTypeStruct, { Impl: implOf(t, options) }).bytes();
}

function fail(what: string, m: unknown): never {
  throw new Error(`not a gob-decoded cty.Type: ${what} in ${JSON.stringify(m)?.slice(0, 200)}`);
}

function asRecord(m: GobMeaning | undefined, what: string): Record<string, GobMeaning> {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) fail(`expected ${what}`, m);
  return m;
}

/**
 * Turns the meaning decodeGob gives a cty.Type (either `{gobEncoded: 'Type', value}` or the
 * `gobType` value itself) back into a CtyType.
 */
export function ctyTypeFromGobMeaning(meaning: GobMeaning): CtyType {
  let m = asRecord(meaning, 'an object');
  if ('gobEncoded' in m) {
    if (!('value' in m)) fail(`undecodable GobEncode bytes (${String(m.error)})`, meaning);
    m = asRecord(m.value, 'a gobType value');
  }
  if (m.Version !== undefined && m.Version !== 0) fail(`unsupported gobType Version ${String(m.Version)}`, meaning);
  const impl = asRecord(m.Impl, 'Impl');
  const [name, value] = Object.entries(impl)[0] ?? fail('empty Impl', meaning);
  if (!name.startsWith(CTY_IMPL_NAME_PREFIX)) fail(`unknown Impl name ${name}`, meaning);
  const v = asRecord(value, `${name} value`);
  const element = (): CtyType => ctyTypeFromGobMeaning(v.ElementTypeT ?? fail('missing ElementTypeT', meaning));
  switch (name.slice(CTY_IMPL_NAME_PREFIX.length)) {
    case 'primitiveType':
      switch (v.Kind) {
        case PRIMITIVE_KIND.string:
          return { kind: 'string' };
        case PRIMITIVE_KIND.number:
          return { kind: 'number' };
        case PRIMITIVE_KIND.bool:
          return { kind: 'bool' };
      }
      return fail(`unknown primitive Kind ${String(v.Kind)}`, meaning);
    case 'typeList':
      return { kind: 'list', element: element() };
    case 'typeMap':
      return { kind: 'map', element: element() };
    case 'typeSet':
      return { kind: 'set', element: element() };
    case 'typeObject': {
      const attrs = v.AttrTypes === undefined ? {} : asRecord(v.AttrTypes, 'AttrTypes');
      return {
        kind: 'object',
        attributes: Object.fromEntries(Object.entries(attrs).map(([k, a]) => [k, ctyTypeFromGobMeaning(a)])),
      };
    }
    case 'typeTuple': {
      const elems = v.ElemTypes ?? [];
      if (!Array.isArray(elems)) fail('ElemTypes is not a list', meaning);
      return { kind: 'tuple', elements: elems.map(ctyTypeFromGobMeaning) };
    }
  }
  return fail(`unknown Impl name ${name}`, meaning);
}
