/**
 * decodeGob: reads a Go `encoding/gob` stream without knowing its Go types and returns
 * its meaning as JSON-able data, in the shape of the captured `configspec/*.decoded.json`:
 *
 * - struct → `{ "__type": <Go type name>, <field>: <meaning>, … }` (zero fields are absent)
 * - map → a plain object (keys as strings); slice or array → an array
 * - interface → `{ <registered name>: <meaning> }`, nil interface → `null`
 * - GobEncoder value → `{ "gobEncoded": <type name>, "value": <meaning of its bytes> }` when
 *   the bytes are themselves a gob stream with one value (as cty.Type's are), otherwise
 *   `{ "gobEncoded", "bytes": <hex>, "error" }`
 * - []byte → `{ "bytes": <hex> }`; complex → `[real, imag]`
 * - integers outside JS's safe range → decimal strings
 *
 * It follows Go's decoder, including its handling of the message-flushing quirk (§9.4),
 * and is stricter than Go in one way: leftover bytes after a top-level value are an error.
 */
import { MAX_DECODE_DEPTH } from '../../config/depth.js';
import { GobDecodeError, GobReader } from './reader.js';
import { MIN_USER_TYPE_ID, readWireType } from './wire-type.js';
import type { WireType } from './wire-type.js';

/** The JSON-able meaning of a gob value. */
export type GobMeaning = null | boolean | number | string | GobMeaning[] | { [key: string]: GobMeaning };

/** Nested GobEncoder streams and interfaces deeper than this are refused. */
const MAX_DEPTH = 100;

const BUILTIN_NAMES: Record<number, string> = {
  1: 'bool',
  2: 'int',
  3: 'uint',
  4: 'float',
  5: '[]byte',
  6: 'string',
  7: 'complex',
  8: 'interface',
};

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

function safe(v: bigint): number | string {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

class StreamDecoder {
  private readonly r: GobReader;
  private readonly types = new Map<number, WireType>();
  /** Values being decoded inside one another (structs, slices, maps, interfaces). */
  private nesting = 0;

  constructor(
    bytes: Uint8Array,
    private readonly depth: number,
  ) {
    this.r = new GobReader(bytes);
  }

  decodeAll(): GobMeaning[] {
    const values: GobMeaning[] = [];
    for (;;) {
      const id = this.decodeTypeSequence(false);
      if (id === null) return values;
      values.push(this.decodeTop(id));
      if (this.r.remaining !== 0) throw this.r.fail(`${this.r.remaining} bytes left over after a top-level value`);
    }
  }

  /**
   * Go's decodeTypeSequence: reads type definitions until a value's type id.
   * Returns null at the clean end of the stream.
   */
  private decodeTypeSequence(isInterface: boolean): number | null {
    let first = true;
    for (;;) {
      if (this.r.remaining === 0) {
        if (this.r.atEndOfStream) {
          if (first && !isInterface) return null;
          throw this.r.fail('stream ends after type definitions, before the value they precede');
        }
        this.r.beginMessage();
      }
      const id = this.r.int();
      if (id >= 0) return id;
      if (-id < MIN_USER_TYPE_ID || this.types.has(-id))
        throw this.r.fail(`duplicate or reserved type id ${-id} defined`);
      const wire = readWireType(this.r);
      if (wire.id !== -id) throw this.r.fail(`definition of type ${-id} names itself ${wire.id}`);
      this.types.set(-id, wire);
      if (this.r.remaining > 0) {
        if (!isInterface) throw this.r.fail('extra data in the message after a type definition');
        this.r.uint(); // the byte count Go leaves after an inline definition; skipped like Go does
      }
      first = false;
    }
  }

  private wire(id: number): WireType {
    const t = this.types.get(id);
    if (!t) throw this.r.fail(`type id ${id} was never defined`);
    return t;
  }

  private typeName(id: number): string {
    return BUILTIN_NAMES[id] ?? this.types.get(id)?.name ?? `type ${id}`;
  }

  /** A top-level or in-interface value: a struct, or the singleton delta 0 then the value. */
  private decodeTop(id: number): GobMeaning {
    const t = id in BUILTIN_NAMES ? undefined : this.wire(id);
    if (t?.kind === 'struct') return this.decodeStruct(id);
    const delta = this.r.uint();
    if (delta !== 0) throw this.r.fail(`non-zero delta ${delta} before a single ${this.typeName(id)} value`);
    return this.decodeValue(id);
  }

  private decodeStruct(id: number): GobMeaning {
    const t = this.wire(id);
    if (t.kind !== 'struct') throw this.r.fail(`type ${id} is not a struct`);
    const entries: [string, GobMeaning][] = [['__type', t.name]];
    let index = -1;
    for (;;) {
      const delta = this.r.uint();
      if (delta === 0) return Object.fromEntries(entries);
      index += delta;
      const field = t.fields[index];
      if (!field) throw this.r.fail(`struct ${t.name} has no field #${index}`);
      entries.push([field.name, this.decodeValue(field.id)]);
    }
  }

  /**
   * One value, at most {@link MAX_DECODE_DEPTH} levels deep (a self-referencing type such as
   * `type T []T`, or interfaces holding interfaces, could otherwise exhaust the call stack):
   * deeper input fails with `gob: maximum decoding depth exceeded`.
   */
  private decodeValue(id: number): GobMeaning {
    if (++this.nesting > MAX_DECODE_DEPTH) {
      throw this.r.fail(`maximum decoding depth exceeded (more than ${MAX_DECODE_DEPTH} nested levels)`);
    }
    try {
      return this.decodeValueAt(id);
    } finally {
      this.nesting--;
    }
  }

  private decodeValueAt(id: number): GobMeaning {
    const r = this.r;
    switch (id) {
      case 1:
        return r.uintBig() !== 0n;
      case 2:
        return safe(r.intBig());
      case 3:
        return safe(r.uintBig());
      case 4:
        return r.float();
      case 5:
        return { bytes: hex(r.raw(r.uint())) };
      case 6:
        return r.string();
      case 7:
        return [r.float(), r.float()];
      case 8:
        return this.decodeInterface();
    }
    const t = this.wire(id);
    switch (t.kind) {
      case 'struct':
        return this.decodeStruct(id);
      case 'slice':
      case 'array': {
        const count = r.uint();
        if (t.kind === 'array' && count !== t.len)
          throw r.fail(`array ${t.name} has ${count} elements, expected ${t.len}`);
        const out: GobMeaning[] = [];
        for (let i = 0; i < count; i++) out.push(this.decodeValue(t.elem));
        return out;
      }
      case 'map': {
        const count = r.uint();
        const entries: [string, GobMeaning][] = [];
        for (let i = 0; i < count; i++) {
          const key = this.decodeValue(t.key);
          entries.push([typeof key === 'string' ? key : JSON.stringify(key), this.decodeValue(t.elem)]);
        }
        return Object.fromEntries(entries);
      }
      case 'gobEncoder':
        return this.decodeGobEncoded(t.name, r.raw(r.uint()));
      case 'binaryMarshaler':
        return { binaryMarshaled: t.name, bytes: hex(r.raw(r.uint())) };
      case 'textMarshaler':
        return { textMarshaled: t.name, text: new TextDecoder().decode(r.raw(r.uint())) };
    }
  }

  /** GobEncode output is opaque to gob; cty's is itself a complete gob stream, so try that. */
  private decodeGobEncoded(name: string, bytes: Uint8Array): GobMeaning {
    if (this.depth >= MAX_DEPTH) throw this.r.fail('GobEncoder values nested too deeply');
    try {
      const inner = new StreamDecoder(bytes, this.depth + 1).decodeAll();
      if (inner.length === 1) return { gobEncoded: name, value: inner[0] ?? null };
      return { gobEncoded: name, bytes: hex(bytes), error: `holds ${inner.length} gob values, not one` };
    } catch (e) {
      if (!(e instanceof GobDecodeError)) throw e;
      return { gobEncoded: name, bytes: hex(bytes), error: e.message };
    }
  }

  /** Go's decodeInterface: name, [definitions], concrete type id, byte count, value. */
  private decodeInterface(): GobMeaning {
    const name = this.r.string();
    if (name === '') return null;
    const id = this.decodeTypeSequence(true);
    if (id === null) throw this.r.fail(`interface value ${name} has no type id`);
    this.r.uint(); // byte count of the value; not needed to decode it
    return { [name]: this.decodeTop(id) };
  }
}

/** Decodes every top-level value of a gob stream (see the module comment for the shape). */
export function decodeGob(bytes: Uint8Array): GobMeaning[] {
  return new StreamDecoder(bytes, 0).decodeAll();
}
