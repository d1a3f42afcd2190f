/**
 * yamux frame codec (hashicorp/yamux spec.md): a 12-byte big-endian header
 * `version(1) type(1) flags(2) streamId(4) length(4)`, followed by `length`
 * payload bytes for Data frames only.
 */

/** The only protocol version yamux defines. */
export const PROTOCOL_VERSION = 0;
/** Size of a frame header in bytes. */
export const HEADER_SIZE = 12;
/** Initial (and maximum) per-stream window in each direction: 256 KiB. */
export const INITIAL_STREAM_WINDOW = 256 * 1024;

/** Frame types. */
export const FrameType = {
  Data: 0,
  WindowUpdate: 1,
  Ping: 2,
  GoAway: 3,
} as const;
export type FrameType = (typeof FrameType)[keyof typeof FrameType];

/** Frame flags (a bit set). */
export const Flag = {
  SYN: 1,
  ACK: 2,
  FIN: 4,
  RST: 8,
} as const;

/** GoAway reason codes (carried in the length field). */
export const GoAwayCode = {
  Normal: 0,
  ProtocolError: 1,
  InternalError: 2,
} as const;

/** A decoded frame header. */
export interface FrameHeader {
  readonly version: number;
  readonly type: number;
  readonly flags: number;
  readonly streamId: number;
  /** Data: payload length. WindowUpdate: delta. Ping: ping id. GoAway: reason. */
  readonly length: number;
}

/** Raised for bytes that break the yamux protocol; the session answers with GoAway(protocol error). */
export class YamuxProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YamuxProtocolError';
  }
}

/** Encodes a frame header into a fresh 12-byte buffer. */
export function encodeHeader(type: number, flags: number, streamId: number, length: number): Buffer {
  const b = Buffer.allocUnsafe(HEADER_SIZE);
  writeHeader(b, type, flags, streamId, length);
  return b;
}

/** Writes a frame header into the first 12 bytes of `b`. */
export function writeHeader(b: Buffer, type: number, flags: number, streamId: number, length: number): void {
  b[0] = PROTOCOL_VERSION;
  b[1] = type;
  b.writeUInt16BE(flags, 2);
  b.writeUInt32BE(streamId >>> 0, 4);
  b.writeUInt32BE(length >>> 0, 8);
}

/** Decodes the 12-byte header at `offset` of `buf` (no validation). */
export function decodeHeader(buf: Uint8Array, offset = 0): FrameHeader {
  const view = new DataView(buf.buffer, buf.byteOffset + offset, HEADER_SIZE);
  return {
    version: view.getUint8(0),
    type: view.getUint8(1),
    flags: view.getUint16(2),
    streamId: view.getUint32(4),
    length: view.getUint32(8),
  };
}

/** Human-readable form of a header, for logs and error messages. */
export function describeHeader(h: FrameHeader): string {
  const types = ['DATA', 'WINDOW_UPDATE', 'PING', 'GO_AWAY'];
  const flags: string[] = [];
  if (h.flags & Flag.SYN) flags.push('SYN');
  if (h.flags & Flag.ACK) flags.push('ACK');
  if (h.flags & Flag.FIN) flags.push('FIN');
  if (h.flags & Flag.RST) flags.push('RST');
  const type = types[h.type] ?? `type${h.type}`;
  return `${type} flags=${flags.join('|') || '0'} stream=${h.streamId} len=${h.length}`;
}

/** Receives the pieces of the frames a {@link FrameReader} parses. */
export interface FrameHandler {
  /** Every frame's header, once complete. For Data frames the payload follows via `onPayload`. */
  onHeader(header: FrameHeader): void;
  /**
   * A piece of the current Data frame's payload: a view into the pushed chunk, never a copy.
   * Pieces of one frame arrive in order; their lengths add up to `header.length`.
   */
  onPayload(header: FrameHeader, piece: Buffer): void;
  /** The frame is complete (right after `onHeader` for frames without payload). */
  onFrameEnd(header: FrameHeader): void;
}

/**
 * Incremental frame parser. Push socket chunks; payloads are handed on as views of
 * those chunks as soon as they arrive (a 256 KiB frame is not buffered first).
 */
export class FrameReader {
  private readonly headerScratch = Buffer.alloc(HEADER_SIZE);
  private headerFill = 0;
  private current: FrameHeader | undefined;
  private remaining = 0;
  private failed = false;

  constructor(private readonly handler: FrameHandler) {}

  /** Feeds bytes. Throws {@link YamuxProtocolError} (and stops parsing) on a bad header. */
  push(chunk: Buffer): void {
    if (this.failed) return;
    let pos = 0;
    const len = chunk.length;
    while (pos < len) {
      if (this.current !== undefined) {
        const take = Math.min(this.remaining, len - pos);
        const piece = take === len && pos === 0 ? chunk : chunk.subarray(pos, pos + take);
        pos += take;
        this.remaining -= take;
        const h = this.current;
        const done = this.remaining === 0;
        if (done) this.current = undefined;
        this.handler.onPayload(h, piece);
        if (done) this.handler.onFrameEnd(h);
        continue;
      }
      let header: FrameHeader;
      if (this.headerFill === 0 && len - pos >= HEADER_SIZE) {
        header = decodeHeader(chunk, pos);
        pos += HEADER_SIZE;
      } else {
        const take = Math.min(HEADER_SIZE - this.headerFill, len - pos);
        chunk.copy(this.headerScratch, this.headerFill, pos, pos + take);
        this.headerFill += take;
        pos += take;
        if (this.headerFill < HEADER_SIZE) break;
        this.headerFill = 0;
        header = decodeHeader(this.headerScratch, 0);
      }
      this.validate(header);
      this.handler.onHeader(header);
      if (header.type === FrameType.Data && header.length > 0) {
        this.current = header;
        this.remaining = header.length;
      } else {
        this.handler.onFrameEnd(header);
      }
    }
  }

  private validate(h: FrameHeader): void {
    if (h.version !== PROTOCOL_VERSION) {
      this.failed = true;
      throw new YamuxProtocolError(`yamux: invalid protocol version ${h.version} (${describeHeader(h)})`);
    }
    if (h.type > FrameType.GoAway) {
      this.failed = true;
      throw new YamuxProtocolError(`yamux: invalid message type ${h.type}`);
    }
  }
}
