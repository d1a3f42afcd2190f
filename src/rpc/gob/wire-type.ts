/**
 * gob type definitions as they travel on the wire (Go's `wireType`, spec §9.1):
 * the predefined type ids and the reader/writer for definition payloads.
 */
import type { GobReader } from './reader.js';
import type { GobWriter } from './writer.js';

/** Type ids every gob stream predefines (encoding/gob type.go). */
export const GOB_BUILTIN_IDS = {
  bool: 1,
  int: 2,
  uint: 3,
  float: 4,
  bytes: 5,
  string: 6,
  complex: 7,
  interface: 8,
} as const;

/** The lowest id a stream may define (Go's `firstUserId`); Go's decoder refuses lower ones. */
export const MIN_USER_TYPE_ID = 64;

/**
 * The id Go gave the first user type in the Packer 1.6.6 captures (go1.19), and our default.
 * Newer Go (seen with go1.26) starts at 64. Either is valid.
 */
export const FIRST_USER_TYPE_ID = 65;

/** One field of a struct definition: Go's `fieldType{Name string; Id typeId}`. */
export interface WireField {
  readonly name: string;
  readonly id: number;
}

/** A gob type definition; `kind` is the one `wireType` field that is set. */
export type WireType =
  | { readonly kind: 'array'; readonly name: string; readonly id: number; readonly elem: number; readonly len: number }
  | { readonly kind: 'slice'; readonly name: string; readonly id: number; readonly elem: number }
  | { readonly kind: 'struct'; readonly name: string; readonly id: number; readonly fields: readonly WireField[] }
  | { readonly kind: 'map'; readonly name: string; readonly id: number; readonly key: number; readonly elem: number }
  | {
      readonly kind: 'gobEncoder' | 'binaryMarshaler' | 'textMarshaler';
      readonly name: string;
      readonly id: number;
    };

/** `wireType` field order: ArrayT, SliceT, StructT, MapT, GobEncoderT, BinaryMarshalerT, TextMarshalerT. */
const WIRE_KINDS = ['array', 'slice', 'struct', 'map', 'gobEncoder', 'binaryMarshaler', 'textMarshaler'] as const;

/** Writes `CommonType{Name, Id}` as a nested struct value (zero Name omitted, as Go does). */
function writeCommon(w: GobWriter, name: string, id: number): void {
  if (name !== '') w.uint(1).string(name).uint(1);
  else w.uint(2);
  w.int(id).uint(0);
}

/** Writes the body of a definition message (what follows the negative type id). */
export function writeWireType(w: GobWriter, t: WireType): void {
  w.uint(WIRE_KINDS.indexOf(t.kind) + 1); // wireType field delta from -1
  w.uint(1); // field 0 of every payload struct: CommonType
  writeCommon(w, t.name, t.id);
  switch (t.kind) {
    case 'array':
      w.uint(1).int(t.elem);
      if (t.len !== 0) w.uint(1).int(t.len);
      break;
    case 'slice':
      w.uint(1).int(t.elem);
      break;
    case 'struct':
      if (t.fields.length > 0) {
        w.uint(1).uint(t.fields.length);
        for (const f of t.fields) {
          if (f.name !== '') w.uint(1).string(f.name).uint(1);
          else w.uint(2);
          w.int(f.id).uint(0);
        }
      }
      break;
    case 'map':
      w.uint(1).int(t.key).uint(1).int(t.elem);
      break;
    case 'gobEncoder':
    case 'binaryMarshaler':
    case 'textMarshaler':
      break;
  }
  w.uint(0); // end of the payload struct
  w.uint(0); // end of wireType
}

/** Reads a struct's fields as (index, reader callback) pairs, checking the deltas. */
function readStruct(r: GobReader, what: string, maxField: number, onField: (index: number) => void): void {
  let index = -1;
  for (;;) {
    const delta = r.uint();
    if (delta === 0) return;
    index += delta;
    if (index > maxField) throw r.fail(`${what} has no field #${index}`);
    onField(index);
  }
}

/** Reads the body of a definition message (after the negative type id). */
export function readWireType(r: GobReader): WireType {
  let result: WireType | undefined;
  readStruct(r, 'wireType', WIRE_KINDS.length - 1, (kindIndex) => {
    if (result) throw r.fail('wireType sets more than one kind');
    const kind = WIRE_KINDS[kindIndex] ?? 'struct';
    let name = '';
    let id = 0;
    let elem = 0;
    let key = 0;
    let len = 0;
    const fields: WireField[] = [];
    const maxField = kind === 'array' || kind === 'map' ? 2 : kind === 'slice' || kind === 'struct' ? 1 : 0;
    readStruct(r, kind, maxField, (f) => {
      if (f === 0) {
        readStruct(r, 'CommonType', 1, (c) => {
          if (c === 0) name = r.string();
          else id = r.int();
        });
      } else if (kind === 'struct') {
        const count = r.uint();
        for (let i = 0; i < count; i++) {
          let fieldName = '';
          let fieldId = 0;
          readStruct(r, 'fieldType', 1, (c) => {
            if (c === 0) fieldName = r.string();
            else fieldId = r.int();
          });
          fields.push({ name: fieldName, id: fieldId });
        }
      } else if (kind === 'map') {
        if (f === 1) key = r.int();
        else elem = r.int();
      } else if (kind === 'array' && f === 2) {
        len = r.int();
      } else {
        elem = r.int();
      }
    });
    switch (kind) {
      case 'array':
        result = { kind, name, id, elem, len };
        break;
      case 'slice':
        result = { kind, name, id, elem };
        break;
      case 'struct':
        result = { kind, name, id, fields };
        break;
      case 'map':
        result = { kind, name, id, key, elem };
        break;
      default:
        result = { kind, name, id };
    }
  });
  if (!result) throw r.fail('empty wireType');
  return result;
}
