/**
 * The wire codec of Go `net/rpc` with ugorji's msgpack GoRpc handle, as Packer uses it:
 * a message is a msgpack header map immediately followed by a msgpack body, no length prefix.
 *
 * - request header `{ServiceMethod, Seq}`, response header `{ServiceMethod, Seq, Error}`
 *   (keys in Go field order);
 * - strings are msgpack str, byte slices (`Uint8Array`) msgpack bin; decoding keeps the
 *   difference (str → string, bin → Uint8Array), which HCL2 Prepare relies on;
 * - every integer width decodes to a number; the timestamp extension (−1) decodes to a Date;
 * - a failed call's body is the empty map `0x80`.
 */
import { Decoder, Encoder } from '@msgpack/msgpack';
import type { Readable } from 'node:stream';
import { DepthLimitError, MAX_DECODE_DEPTH } from '../../config/depth.js';
import { lastValueTooDeep, msgpackValueEnd, pendingSkip } from './msgpack-framing.js';

/** Header of a request. */
export interface RequestHeader {
  ServiceMethod: string;
  Seq: number;
}

/** Header of a response; `Error` is `""` on success. */
export interface ResponseHeader {
  ServiceMethod: string;
  Seq: number;
  Error: string;
}

const encoder = new Encoder({ ignoreUndefined: false });

/**
 * Stands in for a `__proto__` map key while decoding. @msgpack/msgpack refuses that key ("The
 * key __proto__ is not allowed"), which ended the whole connection on any template with such a
 * key, where Go decodes it as any other string. Keys are decoded through {@link protoSafeKeys};
 * the placeholder symbol can never collide with a real key, and {@link restoreProtoKeys} turns
 * it into an own `__proto__` property (never the prototype) after the value is complete.
 */
const PROTO_KEY: unique symbol = Symbol('msgpack __proto__ key');
/** Set when the value being decoded had a `__proto__` key (then, and only then, it is walked). */
let sawProtoKey = false;

const utf8 = new TextDecoder();

/**
 * The decoder's `keyDecoder` hook (@msgpack/msgpack's KeyDecoder shape, which the package does
 * not export): short map keys (the library's own cut-off, 16 bytes) are decoded here, ASCII
 * without a TextDecoder call, with `__proto__` turned into {@link PROTO_KEY}.
 */
const protoSafeKeys = {
  canBeCached(byteLength: number): boolean {
    return byteLength > 0 && byteLength <= 16;
  },
  decode(bytes: Uint8Array, inputOffset: number, byteLength: number): string {
    let key = '';
    for (let i = inputOffset; i < inputOffset + byteLength; i++) {
      const c = bytes[i] as number;
      if (c >= 0x80) {
        key = utf8.decode(bytes.subarray(inputOffset, inputOffset + byteLength));
        break;
      }
      key += String.fromCharCode(c);
    }
    if (key !== '__proto__') return key;
    sawProtoKey = true;
    return PROTO_KEY as unknown as string;
  },
};

/** Map keys as Go's codec allows them in Packer's maps: strings and numbers (and our placeholder). */
function mapKeyConverter(key: unknown): string | number {
  if (typeof key === 'string' || typeof key === 'number') return key;
  if (key === PROTO_KEY) return key as unknown as string;
  throw new Error(`msgpack: a map key must be a string or a number, got ${key instanceof Uint8Array ? 'binary data' : typeof key}`);
}

/**
 * Replaces {@link PROTO_KEY} properties by own `__proto__` data properties (defineProperty: the
 * prototype is never touched). Iterative; the value's depth is bounded by the framing scan.
 */
function restoreProtoKeys(root: unknown): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v) || v instanceof Date) continue;
    if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
      continue;
    }
    const obj = v as Record<string | symbol, unknown>;
    if (Object.prototype.hasOwnProperty.call(obj, PROTO_KEY)) {
      const value = obj[PROTO_KEY];
      delete obj[PROTO_KEY];
      Object.defineProperty(obj, '__proto__', { value, enumerable: true, writable: true, configurable: true });
    }
    for (const item of Object.values(obj)) stack.push(item);
  }
}

/** Shared decoder (decoding is synchronous; the library clones it for re-entrant use). */
const decoder = new Decoder({ keyDecoder: protoSafeKeys, mapKeyConverter });

/** Decodes one complete value: `__proto__` keys become own properties, like any other key. */
function decodeOne(bytes: Uint8Array): unknown {
  sawProtoKey = false;
  const value = decoder.decode(bytes);
  if (sawProtoKey) {
    sawProtoKey = false;
    restoreProtoKeys(value);
  }
  return value;
}

/** msgpack bytes of one value (undefined encodes as nil). */
export function encodeValue(value: unknown): Uint8Array {
  return encoder.encode(value);
}

/** One request or response on the wire: header then body, in a single buffer (one yamux frame, like Go's bufio flush). */
export function encodeMessage(header: RequestHeader | ResponseHeader, body: unknown): Buffer {
  // the body is encoded into the encoder's own buffer (no copy), then header and body are copied once
  const h = encoder.encode(header);
  const b = encoder.encodeSharedRef(body);
  const out = Buffer.allocUnsafe(h.length + b.length);
  out.set(h, 0);
  out.set(b, h.length);
  return out;
}

/** The empty-struct body Go sends with an error response. */
export const ERROR_BODY: Readonly<Record<string, never>> = Object.freeze({});

/**
 * Decodes one complete msgpack value. Throws DepthLimitError past {@link MAX_DECODE_DEPTH}
 * nested arrays and maps, and the decoder's error for malformed bytes.
 */
export function decodeValue(bytes: Uint8Array): unknown {
  const end = msgpackValueEnd(bytes, 0);
  if (end < 0) throw new Error('msgpack: unexpected end of data');
  if (lastValueTooDeep) throw new DepthLimitError('msgpack');
  return decodeOne(bytes.subarray(0, end));
}

/** A complete msgpack value that could not be decoded (its bytes were skipped; the stream is still in step). */
export class MsgpackDecodeError extends Error {
  constructor(override readonly cause: unknown) {
    super(`msgpack decode error: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'MsgpackDecodeError';
  }
}

/**
 * Splits a byte stream into msgpack values and decodes each one synchronously as soon as its
 * last byte was pushed (no promise or iterator per value). Bytes of an incomplete value are kept
 * until at least the length it can be complete at has arrived, so a large value is joined only
 * a few times, not once per chunk. Byte-slice (bin) values may be views of the pushed chunks.
 */
export class MsgpackValueReader {
  private held: Buffer[] = [];
  private heldLength = 0;
  /** Total length the held bytes must reach before the value can be complete. */
  private need = 0;
  private readonly inbox: Buffer[] = [];
  private busy = false;
  /**
   * Skipping a value already known to be too deep: bytes still to drop, values still to count,
   * and the start of a value head cut by the end of the last chunk. Nothing else is held.
   */
  private skip: { bytes: number; items: number; tail: Buffer } | undefined;

  /**
   * `onDecodeError`, when given, gets each complete value whose bytes do not decode (the next
   * value is read normally); without it the decoding error is thrown from {@link push}.
   */
  constructor(
    private readonly onValue: (value: unknown) => void,
    private readonly onDecodeError?: (error: MsgpackDecodeError) => void,
  ) {}

  /**
   * Feeds bytes; calls `onValue` for each completed value. Throws what `onValue` throws, and
   * unless `onDecodeError` is set, what decoding throws, including DepthLimitError for a value
   * nested deeper than {@link MAX_DECODE_DEPTH} (found by the framing scan: never decoded).
   */
  push(chunk: Buffer): void {
    if (this.busy) {
      // pushed from inside onValue: handled after the current chunk, in order
      this.inbox.push(chunk);
      return;
    }
    this.busy = true;
    try {
      this.take(chunk);
      while (this.inbox.length > 0) this.take(this.inbox.shift() as Buffer);
    } finally {
      this.busy = false;
    }
  }

  /** Bytes of an incomplete value still held. */
  get pendingBytes(): number {
    return this.heldLength + (this.skip?.tail.length ?? 0);
  }

  /** A too-deep value has ended: report it like a decoding error. */
  private refuseTooDeep(): void {
    const error = new DepthLimitError('msgpack');
    if (this.onDecodeError === undefined) throw error;
    this.onDecodeError(new MsgpackDecodeError(error));
  }

  private take(chunk: Buffer): void {
    let buf = chunk;
    let pos = 0;
    if (this.skip !== undefined) {
      const skip = this.skip;
      if (skip.bytes >= chunk.length) {
        skip.bytes -= chunk.length;
        if (skip.bytes === 0 && skip.items === 0) {
          this.skip = undefined;
          this.refuseTooDeep();
        }
        return;
      }
      buf = Buffer.concat([skip.tail, chunk.subarray(skip.bytes)]);
      const end = msgpackValueEnd(buf, 0, MAX_DECODE_DEPTH, skip.items);
      if (end < 0) {
        const resume = pendingSkip as { pos: number; items: number };
        this.skip =
          resume.pos >= buf.length
            ? { bytes: resume.pos - buf.length, items: resume.items, tail: Buffer.alloc(0) }
            : { bytes: 0, items: resume.items, tail: Buffer.from(buf.subarray(resume.pos)) };
        return;
      }
      this.skip = undefined;
      this.refuseTooDeep();
      pos = end;
    } else if (this.heldLength > 0) {
      this.held.push(chunk);
      this.heldLength += chunk.length;
      if (this.heldLength < this.need) return;
      buf = Buffer.concat(this.held, this.heldLength);
      this.held = [];
      this.heldLength = 0;
    }
    const len = buf.length;
    while (pos < len) {
      const end = msgpackValueEnd(buf, pos);
      if (end < 0 && pendingSkip !== undefined) {
        // too deep and not complete yet: count through the rest as it comes, holding nothing
        const resume = pendingSkip;
        this.skip =
          resume.pos >= len
            ? { bytes: resume.pos - len, items: resume.items, tail: Buffer.alloc(0) }
            : { bytes: 0, items: resume.items, tail: Buffer.from(buf.subarray(resume.pos)) };
        return;
      }
      if (end < 0) {
        const rest = buf.subarray(pos);
        this.held = [rest];
        this.heldLength = rest.length;
        this.need = -end - pos;
        return;
      }
      // a plain Uint8Array view, so that bin values decode as Uint8Array (not Buffer), as before
      const bytes = new Uint8Array(buf.buffer, buf.byteOffset + pos, end - pos);
      const tooDeep = lastValueTooDeep;
      pos = end;
      let value: unknown;
      try {
        if (tooDeep) throw new DepthLimitError('msgpack');
        value = decodeOne(bytes);
      } catch (err) {
        if (this.onDecodeError === undefined) throw err;
        this.onDecodeError(new MsgpackDecodeError(err));
        continue;
      }
      this.onValue(value);
    }
  }
}

/**
 * Calls `onValue` for each msgpack value on `stream`, synchronously from its `data` events.
 * Resolves when the readable side ends (`undefined`), or with the error that stopped reading:
 * a stream error, a close before the end, or what decoding or `onValue` threw (reading stops
 * then). The end of the readable side does not destroy the stream: replies can still be written.
 */
export function readValues(
  stream: Readable,
  onValue: (value: unknown) => void,
  onDecodeError?: (error: MsgpackDecodeError) => void,
): Promise<Error | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onClose);
      resolve(error);
    };
    const reader = new MsgpackValueReader(
      (value) => {
        if (!settled) onValue(value);
      },
      onDecodeError === undefined
        ? undefined
        : (error) => {
            if (!settled) onDecodeError(error);
          },
    );
    const onData = (chunk: Buffer | string): void => {
      if (settled) return;
      try {
        reader.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      } catch (err) {
        settle(err instanceof Error ? err : new Error(String(err)));
        // stop the flow of a connection we no longer read, like the end of Go's ServeCodec
        stream.pause();
      }
    };
    const onEnd = (): void => settle(undefined);
    const onError = (err: Error): void => settle(err);
    const onClose = (): void => settle(stream.readableEnded ? undefined : new Error('Premature close'));
    if (stream.readableEnded) return settle(undefined);
    if (stream.destroyed) return settle(stream.errored ?? new Error('Premature close'));
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
    stream.resume();
  });
}

/** A value that is a plain msgpack map decoded into an object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) && !(value instanceof Date);
}
