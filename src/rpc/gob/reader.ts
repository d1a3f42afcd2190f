/**
 * GobReader: reads Go `encoding/gob` primitives from a stream of messages.
 * Every read inside a message is bounded by that message's end, as in Go's decoder,
 * which only ever sees the current message.
 */

/** A malformed or unsupported gob stream. The message names the byte offset. */
export class GobDecodeError extends Error {
  override name = 'GobDecodeError';
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export class GobReader {
  private pos = 0;
  private end = 0;

  constructor(private readonly data: Uint8Array) {}

  /** Offset of the next unread byte in the whole stream. */
  get offset(): number {
    return this.pos;
  }

  /** Bytes left in the current message. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** True when the stream has no further message. */
  get atEndOfStream(): boolean {
    return this.pos >= this.data.length;
  }

  /** Builds an error that names the current offset. */
  fail(what: string): GobDecodeError {
    return new GobDecodeError(`gob: ${what} (at byte ${this.pos} of ${this.data.length})`);
  }

  /** Starts the next message: reads its byte count. Only call with the current one consumed. */
  beginMessage(): number {
    if (this.remaining !== 0) throw this.fail(`${this.remaining} unread bytes left in the previous message`);
    this.end = this.data.length; // the count itself lies between messages
    const length = this.uint();
    if (length === 0) throw this.fail('empty message');
    if (this.pos + length > this.data.length) {
      throw this.fail(`message of ${length} bytes runs past the end of the stream`);
    }
    this.end = this.pos + length;
    return length;
  }

  private byte(): number {
    if (this.pos >= this.end) throw this.fail('read past the end of the message');
    return this.data[this.pos++] ?? 0;
  }

  /** A gob uint of any size. */
  uintBig(): bigint {
    const first = this.byte();
    if (first < 0x80) return BigInt(first);
    const count = 256 - first;
    if (count > 8) throw this.fail(`invalid uint length byte 0x${first.toString(16)}`);
    let v = 0n;
    for (let i = 0; i < count; i++) v = (v << 8n) | BigInt(this.byte());
    return v;
  }

  /** A gob uint that must fit a JS safe integer (counts, lengths, field deltas). */
  uint(): number {
    const v = this.uintBig();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw this.fail(`count ${v} is too large`);
    return Number(v);
  }

  /** A zig-zag gob int of any size. */
  intBig(): bigint {
    const u = this.uintBig();
    return u & 1n ? -(u >> 1n) - 1n : u >> 1n;
  }

  /** A gob int that must fit a JS safe integer (type ids). */
  int(): number {
    const v = this.intBig();
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw this.fail(`integer ${v} is too large`);
    }
    return Number(v);
  }

  /** A gob float (byte-reversed IEEE-754 bits). */
  float(): number {
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, this.uintBig(), true);
    return view.getFloat64(0, false);
  }

  /** `n` raw bytes from the current message (a view, not a copy). */
  raw(n: number): Uint8Array {
    if (n > this.remaining) throw this.fail(`${n} bytes wanted but only ${this.remaining} left in the message`);
    const out = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** A gob []byte (copied). */
  bytes(): Uint8Array {
    return this.raw(this.uint()).slice();
  }

  /** A gob string. */
  string(): string {
    return utf8.decode(this.raw(this.uint()));
  }
}
