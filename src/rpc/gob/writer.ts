/**
 * GobWriter: a growable byte buffer that writes Go `encoding/gob` primitives
 * (spec §9.1): unsigned and zig-zag signed integers, bools, floats, strings,
 * byte slices and length-prefixed messages.
 */
import { ByteSink } from '../byte-sink.js';

const MAX_UINT64 = (1n << 64n) - 1n;
const MIN_INT64 = -(1n << 63n);
const MAX_INT64 = (1n << 63n) - 1n;
/** Below this magnitude, zig-zag arithmetic on JS numbers stays exact. */
const EXACT_ZIGZAG_LIMIT = 2 ** 52;

const utf8 = new TextEncoder();

export class GobWriter extends ByteSink {
  /**
   * gob unsigned integer: values below 128 are one byte; otherwise the negated byte
   * count (0xff = 1 byte follows … 0xf8 = 8) then the big-endian bytes without leading zeros.
   */
  uint(value: number | bigint): this {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value) || value < 0) {
        throw new RangeError(`gob: uint must be a non-negative safe integer, got ${value}`);
      }
      if (value < 0x80) {
        this.byte(value);
        return this;
      }
      const bytes: number[] = [];
      let v = value;
      while (v > 0) {
        bytes.push(v % 256);
        v = Math.floor(v / 256);
      }
      this.byte(256 - bytes.length);
      for (let i = bytes.length - 1; i >= 0; i--) this.byte(bytes[i] ?? 0);
      return this;
    }
    if (value < 0n || value > MAX_UINT64) {
      throw new RangeError(`gob: uint out of the uint64 range: ${value}`);
    }
    if (value < 0x80n) {
      this.byte(Number(value));
      return this;
    }
    const bytes: number[] = [];
    let v = value;
    while (v > 0n) {
      bytes.push(Number(v & 0xffn));
      v >>= 8n;
    }
    this.byte(256 - bytes.length);
    for (let i = bytes.length - 1; i >= 0; i--) this.byte(bytes[i] ?? 0);
    return this;
  }

  /** gob signed integer: zig-zag (`i<<1`, or `(^i<<1)|1` when negative), then uint. */
  int(value: number | bigint): this {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) {
        throw new RangeError(`gob: int must be a safe integer, got ${value}`);
      }
      if (Math.abs(value) < EXACT_ZIGZAG_LIMIT) {
        return this.uint(value >= 0 ? value * 2 : -value * 2 - 1);
      }
      value = BigInt(value);
    }
    if (value < MIN_INT64 || value > MAX_INT64) {
      throw new RangeError(`gob: int out of the int64 range: ${value}`);
    }
    return this.uint(value >= 0n ? value << 1n : ((-value - 1n) << 1n) | 1n);
  }

  /** gob bool: uint 1 or 0. */
  bool(value: boolean): this {
    return this.uint(value ? 1 : 0);
  }

  /** gob float: the IEEE-754 bits with their bytes reversed, sent as a uint. */
  float(value: number): this {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value, false);
    return this.uint(view.getBigUint64(0, true));
  }

  /** gob string: uint byte length, then the UTF-8 bytes. */
  string(value: string): this {
    return this.bytes(utf8.encode(value));
  }

  /** gob []byte: uint length, then the bytes. */
  bytes(value: Uint8Array): this {
    this.uint(value.length);
    return this.raw(value);
  }

  /** Appends `payload` as one gob message: its byte count, then its bytes. */
  message(payload: Uint8Array): this {
    this.uint(payload.length);
    return this.raw(payload);
  }

  /** Moves everything written here into `target` as one message, then empties this buffer. */
  flushMessageTo(target: GobWriter): void {
    target.uint(this.len);
    target.raw(this.view());
    this.len = 0;
  }
}
