/** A growable byte buffer: what the gob and protobuf writers append their encodings to. */
export class ByteSink {
  protected buf = new Uint8Array(64);
  protected len = 0;

  /** Number of bytes written so far. */
  get length(): number {
    return this.len;
  }

  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  /** The bytes written so far without copying (valid until the next write). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  /** Forgets everything written (the buffer is reused). */
  reset(): void {
    this.len = 0;
  }

  /** Appends raw bytes. */
  raw(bytes: Uint8Array): this {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
    return this;
  }

  protected byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }

  /** Makes room for `extra` more bytes (doubling, so appends stay amortised O(1)). */
  protected ensure(extra: number): void {
    const need = this.len + extra;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}
