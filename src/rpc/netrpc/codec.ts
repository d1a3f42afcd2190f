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

/** msgpack bytes of one value (undefined encodes as nil). */
export function encodeValue(value: unknown): Uint8Array {
  return encoder.encode(value);
}

/** One request or response on the wire: header then body, in a single buffer (one yamux frame, like Go's bufio flush). */
export function encodeMessage(header: RequestHeader | ResponseHeader, body: unknown): Buffer {
  const h = encoder.encode(header);
  const b = encoder.encode(body);
  const out = Buffer.allocUnsafe(h.length + b.length);
  out.set(h, 0);
  out.set(b, h.length);
  return out;
}

/** The empty-struct body Go sends with an error response. */
export const ERROR_BODY: Readonly<Record<string, never>> = Object.freeze({});

/** Decodes one complete msgpack value. */
export function decodeValue(bytes: Uint8Array): unknown {
  return new Decoder().decode(bytes);
}

/**
 * Yields each msgpack value as it completes on `stream` (values may span chunks). The end of
 * the readable side does not destroy the stream: replies can still be written after it.
 */
export function decodeValues(stream: Readable): AsyncGenerator<unknown, void, unknown> {
  const chunks = stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Uint8Array>;
  return new Decoder().decodeStream(chunks);
}

/** A value that is a plain msgpack map decoded into an object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) && !(value instanceof Date);
}
