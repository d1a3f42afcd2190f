/**
 * ProtoWriter: the few protobuf wire-format pieces a ConfigSpec needs (varints, tags,
 * length-delimited strings and sub-messages). Hand-written on purpose: writing a handful
 * of fixed messages does not justify a protobuf runtime dependency.
 */

import { ByteSink } from '../byte-sink.js';

const utf8 = new TextEncoder();

/** Protobuf wire types used here. */
export const WIRE_VARINT = 0;
export const WIRE_LEN = 2;

export class ProtoWriter extends ByteSink {
  /** Base-128 varint of a non-negative safe integer. */
  varint(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`protobuf: varint must be a non-negative safe integer, got ${value}`);
    this.ensure(8);
    let v = value;
    while (v >= 0x80) {
      this.buf[this.len++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.len++] = v;
    return this;
  }

  /** Field key: `(field << 3) | wireType`. */
  tag(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  /** A string field; proto3 leaves out "" unless `always` (map keys are always written). */
  string(field: number, value: string, always = false): this {
    if (value === '' && !always) return this;
    const bytes = utf8.encode(value);
    this.tag(field, WIRE_LEN).varint(bytes.length);
    this.raw(bytes);
    return this;
  }

  /** A bool field; proto3 leaves out false. */
  bool(field: number, value: boolean): this {
    return value ? this.tag(field, WIRE_VARINT).varint(1) : this;
  }

  /** A sub-message field, written even when empty (it is set). */
  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    this.tag(field, WIRE_LEN).varint(inner.length);
    this.raw(inner.view());
    return this;
  }
}
