/**
 * Pull-style reading of a Readable (Go: bufio.Reader over a session's stdout) for the scp
 * protocol: single bytes, lines, and exactly-N-byte copies with backpressure.
 */
import type { Readable, Writable } from 'node:stream';
import { drained } from '../stream-copy.js';

/** Thrown when the stream ended before the bytes the protocol expected arrived (Go: io.EOF). */
export class UnexpectedEOF extends Error {
  constructor(what: string) {
    super(`unexpected EOF while reading ${what}`);
    this.name = 'UnexpectedEOF';
  }
}

export class StreamReader {
  readonly #stream: Readable;
  #pending: Buffer | undefined;
  #ended = false;
  #error: Error | undefined;

  constructor(stream: Readable) {
    this.#stream = stream;
    stream.on('end', () => {
      this.#ended = true;
    });
    stream.on('error', (error: Error) => {
      this.#error = error;
    });
    stream.pause();
  }

  /** The next chunk, or null at the end. */
  async #next(): Promise<Buffer | null> {
    if (this.#pending) {
      const p = this.#pending;
      this.#pending = undefined;
      return p;
    }
    for (;;) {
      if (this.#error) throw this.#error;
      const chunk = this.#stream.read() as Buffer | null;
      if (chunk !== null) return chunk;
      if (this.#ended || this.#stream.readableEnded) return null;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.#stream.off('readable', done);
          this.#stream.off('end', done);
          this.#stream.off('error', done);
          this.#stream.off('close', done);
          resolve();
        };
        this.#stream.on('readable', done);
        this.#stream.on('end', done);
        this.#stream.on('error', done);
        this.#stream.on('close', done);
      });
      if (this.#stream.destroyed && !this.#ended && this.#stream.readableLength === 0) {
        if (this.#error) throw this.#error;
        return null;
      }
    }
  }

  #unshift(rest: Buffer): void {
    if (rest.length > 0) this.#pending = rest;
  }

  /** One byte; throws UnexpectedEOF at the end. */
  async readByte(what = 'a status byte'): Promise<number> {
    const chunk = await this.#next();
    if (chunk === null || chunk.length === 0) throw new UnexpectedEOF(what);
    this.#unshift(chunk.subarray(1));
    return chunk[0] as number;
  }

  /** Bytes up to and without `\n`; throws UnexpectedEOF at the end. At most `max` bytes. */
  async readLine(what = 'a line', max = 64 * 1024): Promise<string> {
    const parts: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = await this.#next();
      if (chunk === null) throw new UnexpectedEOF(what);
      const nl = chunk.indexOf(0x0a);
      if (nl >= 0) {
        parts.push(chunk.subarray(0, nl));
        this.#unshift(chunk.subarray(nl + 1));
        return Buffer.concat(parts).toString('utf8');
      }
      parts.push(chunk);
      length += chunk.length;
      if (length > max) throw new Error(`${what} is longer than ${max} bytes`);
    }
  }

  /** Copies exactly `n` bytes into `to` (with backpressure); UnexpectedEOF when fewer come. */
  async copyN(n: number, to: Writable, onBytes?: (count: number) => void): Promise<void> {
    let left = n;
    while (left > 0) {
      const chunk = await this.#next();
      if (chunk === null) throw new UnexpectedEOF(`file data (${n - left} of ${n} bytes arrived)`);
      const take = chunk.length > left ? chunk.subarray(0, left) : chunk;
      if (chunk.length > left) this.#unshift(chunk.subarray(left));
      left -= take.length;
      onBytes?.(take.length);
      if (!to.write(take)) await waitDrain(to);
    }
  }

  /** Reads and discards everything to the end (bounded: keeps the first 4 KiB as text). */
  async rest(): Promise<string> {
    const kept: Buffer[] = [];
    let size = 0;
    for (;;) {
      const chunk = await this.#next().catch(() => null);
      if (chunk === null) return Buffer.concat(kept).toString('utf8');
      if (size < 4096) kept.push(chunk.subarray(0, 4096 - size));
      size += chunk.length;
    }
  }
}

/** Resolves when `to` drains; rejects when it errors or closes first. */
export function waitDrain(to: Writable): Promise<void> {
  return drained(to, 'the stream closed while data was still being written');
}

/** Writes `data`, waiting for drain when the stream's buffer is full. */
export async function writeAll(to: Writable, data: Buffer | string): Promise<void> {
  if (to.destroyed || to.writableEnded) throw new Error('the connection closed while data was still being written');
  if (!to.write(data)) await waitDrain(to);
}
