/**
 * GobStreamEncoder: writes Go `encoding/gob` streams from type descriptors and JS values.
 *
 * Two layouts, both valid gob (Go's decoder reads either):
 * - `definitions-first` (default): every type definition is its own message, all of them
 *   before the value message; interface values carry no inline definitions (spec §9.4).
 *   Packer 1.6.6 accepted ConfigSpecs written this way.
 * - `go`: what Go's own encoder writes. When an interface value needs a new type, the
 *   definition is appended to the value bytes written so far and that buffer is flushed
 *   as a message (the "message-flushing quirk"); the value continues in the next message.
 *   Used for cty.Type streams so they are byte-identical to Go's.
 */
import { GobInterface } from './go-types.js';
import type { GobStructType, GobStructValue, GobType, GobValue } from './go-types.js';
import { GobTypeIds } from './type-ids.js';
import { writeWireType } from './wire-type.js';
import { GobWriter } from './writer.js';

export type GobLayout = 'definitions-first' | 'go';

export interface GobEncoderOptions {
  /** Default `definitions-first`. */
  readonly layout?: GobLayout;
  /** Type id registry; default a fresh one starting at 65. Share one to mimic a Go process. */
  readonly typeIds?: GobTypeIds;
}

/** The value does not fit the type it is encoded as. The message names the path. */
export class GobEncodeError extends Error {
  override name = 'GobEncodeError';
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Map) return 'a Map';
  if (v instanceof Uint8Array) return 'a Uint8Array';
  if (v instanceof GobInterface) return `an interface value (${v.name})`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

function isStructValue(v: unknown): v is GobStructValue {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Map) &&
    !(v instanceof Uint8Array) &&
    !(v instanceof GobInterface)
  );
}

/** Go omits a struct field whose value is the zero value of its type. */
function isZero(t: GobType, v: GobValue): boolean {
  switch (t.kind) {
    case 'bool':
      return v === false;
    case 'int':
    case 'uint':
    case 'float':
      return v === 0 || v === 0n;
    case 'string':
      return v === '';
    case 'bytes':
      return v instanceof Uint8Array && v.length === 0;
    case 'interface':
    case 'gobEncoder':
      return v === null;
    case 'map':
      return v instanceof Map && v.size === 0;
    case 'slice':
      return Array.isArray(v) && v.length === 0;
    case 'struct':
      return false; // Go always sends a nested struct
  }
}

export class GobStreamEncoder {
  private readonly out = new GobWriter();
  /** `go` layout: where inline definitions are flushed (Go's writer stack). */
  private readonly writers: GobWriter[] = [this.out];
  /** `definitions-first` layout: definition messages waiting for the next value message. */
  private readonly pendingDefinitions = new GobWriter();
  private readonly sent = new Set<GobType>();
  private readonly layout: GobLayout;
  private readonly ids: GobTypeIds;

  constructor(options: GobEncoderOptions = {}) {
    this.layout = options.layout ?? 'definitions-first';
    this.ids = options.typeIds ?? new GobTypeIds();
  }

  /** Appends one top-level value (preceded by the definitions it needs) to the stream. */
  encode(type: GobType, value: GobValue): this {
    const state = new GobWriter();
    this.sendType(this.out, state, type);
    state.int(this.ids.idOf(type));
    this.encodeBody(state, type, value, type.kind === 'struct' ? type.name : 'value');
    if (this.pendingDefinitions.length > 0) {
      this.out.raw(this.pendingDefinitions.toBytes());
      this.pendingDefinitions.reset();
    }
    state.flushMessageTo(this.out);
    return this;
  }

  /** The stream written so far. */
  bytes(): Uint8Array {
    return this.out.toBytes();
  }

  /** Go's sendType: defines `t` and, after it, the types it uses, unless already sent. */
  private sendType(w: GobWriter, state: GobWriter, t: GobType): void {
    if (t.kind !== 'struct' && t.kind !== 'map' && t.kind !== 'slice' && t.kind !== 'gobEncoder') return;
    if (this.sent.has(t)) return;
    const wire = this.ids.wireTypeOf(t);
    if (this.layout === 'go') {
      // Go writes the definition after whatever `state` holds and flushes it all as one message.
      state.int(-wire.id);
      writeWireType(state, wire);
      state.flushMessageTo(w);
    } else {
      const def = new GobWriter();
      def.int(-wire.id);
      writeWireType(def, wire);
      def.flushMessageTo(this.pendingDefinitions);
    }
    this.sent.add(t);
    switch (t.kind) {
      case 'struct':
        for (const f of t.fields) this.sendType(w, state, f.type);
        break;
      case 'map':
        this.sendType(w, state, t.key);
        this.sendType(w, state, t.elem);
        break;
      case 'slice':
        this.sendType(w, state, t.elem);
        break;
      case 'gobEncoder':
        break;
    }
  }

  /** A top-level or in-interface value: struct fields, or the singleton delta 0 then the value. */
  private encodeBody(b: GobWriter, t: GobType, v: GobValue, path: string): void {
    if (t.kind === 'struct') {
      this.encodeStruct(b, t, v, path);
    } else {
      b.uint(0);
      this.encodeItem(b, t, v, path);
    }
  }

  private encodeStruct(b: GobWriter, t: GobStructType, v: GobValue, path: string): void {
    if (!isStructValue(v))
      throw new GobEncodeError(`gob: ${path} must be a struct value (${t.name}), got ${describe(v)}`);
    for (const key of Object.keys(v)) {
      if (!t.fields.some((f) => f.name === key)) {
        throw new GobEncodeError(
          `gob: ${path} has no field ${key} (struct ${t.name} has ${t.fields.map((f) => f.name).join(', ')})`,
        );
      }
    }
    let last = -1;
    t.fields.forEach((f, index) => {
      const fv = v[f.name];
      if (fv === undefined || isZero(f.type, fv)) return;
      b.uint(index - last);
      last = index;
      this.encodeItem(b, f.type, fv, `${path}.${f.name}`);
    });
    b.uint(0);
  }

  private encodeItem(b: GobWriter, t: GobType, v: GobValue, path: string): void {
    const mismatch = (want: string): GobEncodeError =>
      new GobEncodeError(`gob: ${path} must be ${want}, got ${describe(v)}`);
    switch (t.kind) {
      case 'bool':
        if (typeof v !== 'boolean') throw mismatch('a boolean');
        b.bool(v);
        return;
      case 'int':
        if (typeof v === 'bigint' || (typeof v === 'number' && Number.isSafeInteger(v))) b.int(v);
        else throw mismatch('an integer');
        return;
      case 'uint':
        if ((typeof v === 'bigint' && v >= 0n) || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0))
          b.uint(v);
        else throw mismatch('a non-negative integer');
        return;
      case 'float':
        if (typeof v !== 'number') throw mismatch('a number');
        b.float(v);
        return;
      case 'string':
        if (typeof v !== 'string') throw mismatch('a string');
        b.string(v);
        return;
      case 'bytes':
        if (!(v instanceof Uint8Array)) throw mismatch('a Uint8Array');
        b.bytes(v);
        return;
      case 'gobEncoder':
        if (v instanceof Uint8Array) b.bytes(v);
        else if (typeof v === 'function') b.bytes(v());
        else throw mismatch(`the GobEncode bytes of ${t.name}`);
        return;
      case 'interface':
        if (v !== null && !(v instanceof GobInterface)) throw mismatch('a GobInterface or null');
        this.encodeInterface(b, v, path);
        return;
      case 'map': {
        if (!(v instanceof Map)) throw mismatch(`a Map (${t.name})`);
        b.uint(v.size);
        for (const [key, elem] of v) {
          this.encodeItem(b, t.key, key, `${path}[key]`);
          this.encodeItem(b, t.elem, elem, `${path}[${typeof key === 'string' ? JSON.stringify(key) : 'key'}]`);
        }
        return;
      }
      case 'slice':
        if (!Array.isArray(v)) throw mismatch(`an array (${t.name})`);
        b.uint(v.length);
        (v as readonly GobValue[]).forEach((elem, i) => this.encodeItem(b, t.elem, elem, `${path}[${i}]`));
        return;
      case 'struct':
        this.encodeStruct(b, t, v, path);
        return;
    }
  }

  /** Go's encodeInterface: name, [definitions], type id, byte count, value. */
  private encodeInterface(b: GobWriter, iv: GobInterface | null, path: string): void {
    if (iv === null) {
      b.uint(0);
      return;
    }
    if (iv.name === '') throw new GobEncodeError(`gob: ${path} has an interface value without a registered name`);
    b.string(iv.name);
    this.sendType(this.writers[this.writers.length - 1] ?? this.out, b, iv.type);
    b.int(this.ids.idOf(iv.type));
    this.writers.push(b);
    const data = new GobWriter();
    this.encodeBody(data, iv.type, iv.value, `${path}<${iv.name}>`);
    this.writers.pop();
    data.flushMessageTo(b);
  }
}
