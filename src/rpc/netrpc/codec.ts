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
import { msgpackValueEnd } from './msgpack-framing.js';

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
/** Shared decoder (decoding is synchronous; the library clones it for re-entrant use). */
const decoder = new Decoder();

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

/** Decodes one complete msgpack value. */
export function decodeValue(bytes: Uint8Array): unknown {
  return decoder.decode(bytes);
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

  constructor(private readonly onValue: (value: unknown) => void) {}

  /** Feeds bytes; calls `onValue` for each completed value. Throws what decoding or `onValue` throws. */
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
    return this.heldLength;
  }

  private take(chunk: Buffer): void {
    let buf = chunk;
    if (this.heldLength > 0) {
      this.held.push(chunk);
      this.heldLength += chunk.length;
      if (this.heldLength < this.need) return;
      buf = Buffer.concat(this.held, this.heldLength);
      this.held = [];
      this.heldLength = 0;
    }
    let pos = 0;
    const len = buf.length;
    while (pos < len) {
      const end = msgpackValueEnd(buf, pos);
      if (end < 0) {
        const rest = buf.subarray(pos);
        this.held = [rest];
        this.heldLength = rest.length;
        this.need = -end - pos;
        return;
      }
      // a plain Uint8Array view, so that bin values decode as Uint8Array (not Buffer), as before
      const value = decoder.decode(new Uint8Array(buf.buffer, buf.byteOffset + pos, end - pos));
      pos = end;
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
export function readValues(stream: Readable, onValue: (value: unknown) => void): Promise<Error | undefined> {
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
    const reader = new MsgpackValueReader((value) => {
      if (!settled) onValue(value);
    });
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
