/**
 * The `ConfigSpec` payload for modern Packer's protobuf mode (Packer ≥ 1.12 with a plugin
 * that reports protocol_version v2): the packer-plugin-sdk `Spec` message (hcl-spec-proto.ts)
 * for the builder's hcldec.ObjectSpec, as the SDK's `ToProto` + `proto.Marshal` produce it.
 *
 * Like the SDK, it supports only object, attribute, block and block-list specs, and only
 * string, number, bool, list(...) and map(...) types; a block list's minItems and maxItems
 * are not part of the message and are dropped (the SDK drops them too). Map keys are sorted,
 * which is what Go writes with `proto.MarshalOptions{Deterministic: true}`.
 */
import { ctyTypeString } from '../../hcl/cty.js';
import type { CtyType } from '../../hcl/cty.js';
import type { ObjectSpec } from '../../hcl/spec.js';
import { ConfigSpecEncodeError, entryPath } from '../gob/hcldec-spec.js';
import type { HcldecObjectSpec, HcldecSpec } from '../gob/hcldec-spec.js';
import {
  ATTR,
  BLOCK,
  BLOCK_LIST,
  CTY_ELEMENT,
  CTY_PRIMITIVE,
  CTY_PRIMITIVE_NAMES,
  CTY_TYPE,
  MAP_ENTRY,
  OBJECT,
  SPEC,
} from './hcl-spec-proto.js';
import { readProtoFields } from './reader.js';
import type { ProtoField } from './reader.js';
import { ProtoWriter } from './writer.js';

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function writeCtyType(w: ProtoWriter, t: CtyType, path: string, whole: CtyType): void {
  switch (t.kind) {
    case 'string':
    case 'number':
    case 'bool':
      w.message(CTY_TYPE.primitive, (p) => p.string(CTY_PRIMITIVE.typeString, CTY_PRIMITIVE_NAMES[t.kind]));
      return;
    case 'list':
      w.message(CTY_TYPE.list, (l) =>
        l.message(CTY_ELEMENT.elementType, (e) => writeCtyType(e, t.element, path, whole)),
      );
      return;
    case 'map':
      w.message(CTY_TYPE.map, (m) =>
        m.message(CTY_ELEMENT.elementType, (e) => writeCtyType(e, t.element, path, whole)),
      );
      return;
    default:
      throw new ConfigSpecEncodeError(
        `ConfigSpec field "${path}": type ${ctyTypeString(whole)} cannot be sent to Packer as protobuf: ` +
          `packer-plugin-sdk's hcl_spec.proto only has string, number, bool, list(...) and map(...), ` +
          `not ${ctyTypeString(t)}. Use those types, or blocks for nested objects.`,
      );
  }
}

function writeSpec(w: ProtoWriter, s: HcldecSpec | null, path: string): void {
  if (s === null) throw new ConfigSpecEncodeError(`ConfigSpec field "${path}": the block has no nested spec`);
  switch (s.kind) {
    case 'object':
      w.message(SPEC.object, (o) => {
        for (const key of Object.keys(s.entries).sort(compareKeys)) {
          const entry = s.entries[key];
          if (!entry) continue;
          o.message(OBJECT.attributes, (e) => {
            e.string(MAP_ENTRY.key, key, true);
            e.message(MAP_ENTRY.value, (v) => writeSpec(v, entry, entryPath(path, key)));
          });
        }
      });
      return;
    case 'attr':
      w.message(SPEC.attr, (a) => {
        a.string(ATTR.name, s.name);
        a.message(ATTR.type, (t) => writeCtyType(t, s.type, path, s.type));
        a.bool(ATTR.required, s.required);
      });
      return;
    case 'block':
      w.message(SPEC.blockValue, (b) => {
        b.string(BLOCK.name, s.typeName);
        b.bool(BLOCK.required, s.required);
        b.message(BLOCK.nested, (n) => writeSpec(n, s.nested, path));
      });
      return;
    case 'blockList':
      w.message(SPEC.blockList, (b) => {
        b.string(BLOCK_LIST.name, s.typeName);
        b.message(BLOCK_LIST.nested, (n) => writeSpec(n, s.nested, path));
      });
      return;
    case 'blockAttrs':
    case 'blockObject':
      throw new ConfigSpecEncodeError(
        `ConfigSpec field "${path}": a ${s.kind === 'blockAttrs' ? 'block-attributes' : 'labelled block-object'} spec ` +
          `cannot be sent to Packer as protobuf: packer-plugin-sdk's hcl_spec.proto only has object, attr, block and ` +
          `block list specs. ${s.kind === 'blockAttrs' ? 'Use an attribute of type map(...) instead.' : 'Use a block list instead.'}`,
      );
  }
}

/**
 * The protobuf bytes of `spec` for a protobuf-mode `ConfigSpec` reply. FieldMeta is never
 * encoded. Throws ConfigSpecEncodeError naming the field for what the SDK's .proto cannot hold.
 */
export function encodeConfigSpecProtobuf(spec: ObjectSpec | HcldecObjectSpec): Uint8Array {
  const w = new ProtoWriter();
  // The top-level message is a Spec: write the object oneof's body into it.
  writeSpec(w, spec, '');
  return w.toBytes();
}

// ---------------------------------------------------------------- decoding (tests, debugging)

function fail(path: string, what: string): never {
  throw new Error(`protobuf ConfigSpec at "${path}": ${what}`);
}

const text = new TextDecoder();

function lenField(f: ProtoField, path: string, what: string): Uint8Array {
  if (f.wireType !== 2) fail(path, `${what} (field ${f.field}) is not length-delimited`);
  return f.value;
}

function readCtyType(bytes: Uint8Array, path: string): CtyType {
  let result: CtyType | undefined;
  for (const f of readProtoFields(bytes)) {
    const element = (): CtyType => {
      const inner = readProtoFields(lenField(f, path, 'cty element'));
      const el = inner.filter((x) => x.field === CTY_ELEMENT.elementType).at(-1);
      return el ? readCtyType(lenField(el, path, 'elementType'), path) : fail(path, 'list or map without elementType');
    };
    if (f.field === CTY_TYPE.primitive) {
      let name = '';
      for (const p of readProtoFields(lenField(f, path, 'primitive'))) {
        if (p.field === CTY_PRIMITIVE.typeString) name = text.decode(lenField(p, path, 'typeString'));
      }
      const kind = (Object.keys(CTY_PRIMITIVE_NAMES) as (keyof typeof CTY_PRIMITIVE_NAMES)[]).find(
        (k) => CTY_PRIMITIVE_NAMES[k] === name,
      );
      result = kind ? { kind } : fail(path, `unknown primitive type ${JSON.stringify(name)}`);
    } else if (f.field === CTY_TYPE.list) {
      result = { kind: 'list', element: element() };
    } else if (f.field === CTY_TYPE.map) {
      result = { kind: 'map', element: element() };
    }
  }
  return result ?? fail(path, 'empty CtyType');
}

function readSpec(bytes: Uint8Array, path: string): HcldecSpec {
  let result: HcldecSpec | undefined;
  for (const f of readProtoFields(bytes)) {
    const body = (): ProtoField[] => readProtoFields(lenField(f, path, 'spec'));
    switch (f.field) {
      case SPEC.object:
        result = readObject(body(), path);
        break;
      case SPEC.attr: {
        let name = '';
        let type: CtyType | undefined;
        let required = false;
        for (const a of body()) {
          if (a.field === ATTR.name) name = text.decode(lenField(a, path, 'name'));
          else if (a.field === ATTR.type) type = readCtyType(lenField(a, path, 'type'), path);
          else if (a.field === ATTR.required && a.wireType === 0) required = a.value !== 0n;
        }
        result = { kind: 'attr', name, type: type ?? fail(path, 'attribute without type'), required };
        break;
      }
      case SPEC.blockValue: {
        let typeName = '';
        let nested: HcldecSpec | null = null;
        let required = false;
        for (const b of body()) {
          if (b.field === BLOCK.name) typeName = text.decode(lenField(b, path, 'name'));
          else if (b.field === BLOCK.required && b.wireType === 0) required = b.value !== 0n;
          else if (b.field === BLOCK.nested) nested = readSpec(lenField(b, path, 'nested'), path);
        }
        result = { kind: 'block', typeName, nested, required };
        break;
      }
      case SPEC.blockList: {
        let typeName = '';
        let nested: HcldecSpec | null = null;
        for (const b of body()) {
          if (b.field === BLOCK_LIST.name) typeName = text.decode(lenField(b, path, 'name'));
          else if (b.field === BLOCK_LIST.nested) nested = readSpec(lenField(b, path, 'nested'), path);
        }
        result = { kind: 'blockList', typeName, nested, minItems: 0, maxItems: 0 };
        break;
      }
    }
  }
  return result ?? fail(path, 'empty Spec');
}

function readObject(fields: ProtoField[], path: string): HcldecObjectSpec {
  const entries: [string, HcldecSpec][] = [];
  for (const f of fields) {
    if (f.field !== OBJECT.attributes) continue;
    let key = '';
    let value: Uint8Array | undefined;
    for (const e of readProtoFields(lenField(f, path, 'attributes entry'))) {
      if (e.field === MAP_ENTRY.key) key = text.decode(lenField(e, path, 'key'));
      else if (e.field === MAP_ENTRY.value) value = lenField(e, path, 'value');
    }
    const at = entryPath(path, key);
    entries.push([key, value ? readSpec(value, at) : fail(at, 'map entry without a spec')]);
  }
  return { kind: 'object', entries: Object.fromEntries(entries) };
}

/** Decodes protobuf ConfigSpec bytes (the SDK's or ours) into the spec they describe. */
export function decodeConfigSpecProtobuf(bytes: Uint8Array): HcldecObjectSpec {
  const s = readSpec(bytes, '');
  if (s.kind !== 'object') fail('', `the top-level Spec is ${s.kind}, not object`);
  return s;
}
