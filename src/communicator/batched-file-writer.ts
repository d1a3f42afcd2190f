import { close, open, writev } from 'node:fs';
import { Writable } from 'node:stream';

/** Options of a {@link BatchedFileWriter}. */
export interface BatchedFileWriterOptions {
  /** `open(2)` flags, e.g. `'wx'` (default `'w'`). */
  readonly flags?: string;
  /** Mode of a newly created file (default 0o666, minus umask). */
  readonly mode?: number;
  /** Bytes collected before they go to disk in one `writev` (default 512 KiB). */
  readonly batchBytes?: number;
}

/** Chunks per `writev`; stays well below IOV_MAX (1024 on Linux). */
const MAX_BATCH_CHUNKS = 256;

/**
 * Writes a file in batches. Accepted chunks are collected until `batchBytes` (or 256 chunks)
 * and then written with one `writev` on the thread pool. That is one thread-pool round trip per
 * batch instead of one per chunk: an upload arrives as 32 KiB yamux frames, and writing each frame
 * on its own cost about four times the CPU.
 *
 * Backpressure is normal Writable backpressure: the write that completes a batch calls back only
 * once the batch is on disk. So at most `batchBytes` plus the high-water mark (also `batchBytes`)
 * are held in memory. `end()` writes what is left. The file is opened in `_construct` and closed
 * on destroy, so `close` comes last and `closed` is true once the descriptor is released.
 */
export class BatchedFileWriter extends Writable {
  private fd: number | undefined;
  private batch: Buffer[] = [];
  private batchLength = 0;
  private readonly batchBytes: number;

  constructor(
    readonly path: string,
    private readonly options: BatchedFileWriterOptions = {},
  ) {
    const batchBytes = options.batchBytes ?? 512 * 1024;
    super({ highWaterMark: batchBytes, decodeStrings: true });
    this.batchBytes = batchBytes;
  }

  override _construct(cb: (error?: Error | null) => void): void {
    open(this.path, this.options.flags ?? 'w', this.options.mode ?? 0o666, (err, fd) => {
      if (err) return cb(err);
      this.fd = fd;
      cb();
    });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, cb: (error?: Error | null) => void): void {
    if (chunk.length === 0) return cb();
    this.batch.push(chunk);
    this.batchLength += chunk.length;
    if (this.batchLength < this.batchBytes && this.batch.length < MAX_BATCH_CHUNKS) return cb();
    this.flushBatch(cb);
  }

  override _final(cb: (error?: Error | null) => void): void {
    this.flushBatch(cb);
  }

  override _destroy(error: Error | null, cb: (error?: Error | null) => void): void {
    this.batch = [];
    this.batchLength = 0;
    const fd = this.fd;
    this.fd = undefined;
    if (fd === undefined) return cb(error);
    close(fd, (closeError) => cb(error ?? closeError));
  }

  private flushBatch(cb: (error?: Error | null) => void): void {
    const pieces = this.batch;
    this.batch = [];
    this.batchLength = 0;
    const fd = this.fd;
    if (pieces.length === 0) return cb();
    if (fd === undefined) return cb(new Error(`${this.path}: the file is not open`));
    writeAll(fd, pieces, cb);
  }
}

/** `writev` until every byte of `pieces` is written (short writes continue where they stopped). */
function writeAll(fd: number, pieces: Buffer[], cb: (error?: Error | null) => void): void {
  writev(fd, pieces, (err, written) => {
    if (err) return cb(err);
    if (written === 0) return cb(new Error('writev wrote nothing (is the disk full?)'));
    let left = written;
    let i = 0;
    while (i < pieces.length && left >= (pieces[i] as Buffer).length) {
      left -= (pieces[i] as Buffer).length;
      i++;
    }
    if (i === pieces.length) return cb();
    const rest = pieces.slice(i);
    rest[0] = (rest[0] as Buffer).subarray(left);
    writeAll(fd, rest, cb);
  });
}
