import { Duplex } from 'node:stream';
import { Flag, FrameType, INITIAL_STREAM_WINDOW, YamuxProtocolError } from './frame.js';

/** What a {@link YamuxStream} needs from its session (kept as an interface to avoid an import cycle). */
export interface StreamHost {
  /** Writes a frame without payload. Never held back by flow control. */
  sendControl(type: number, flags: number, streamId: number, length: number): void;
  /** Writes one Data frame whose payload is `pieces` in order. Returns false when the socket is backed up. */
  sendData(streamId: number, pieces: readonly Buffer[], length: number): boolean;
  /** Calls `cb` once the socket has drained, or at once if it is not backed up. */
  whenDrained(cb: () => void): void;
  /** The stream is closed in both directions, reset or destroyed: forget its id. */
  forgetStream(streamId: number): void;
}

interface PendingWrite {
  pieces: Buffer[];
  length: number;
  cb: (error?: Error | null) => void;
}

/** The error a stream fails with when the session ends under it. */
export class YamuxSessionClosedError extends Error {
  constructor() {
    super('yamux: session shutdown');
    this.name = 'YamuxSessionClosedError';
  }
}

/** The error a stream fails with when the peer resets it (RST). */
export class YamuxStreamResetError extends Error {
  constructor(readonly streamId: number) {
    super(`yamux: stream ${streamId} reset by peer`);
    this.name = 'YamuxStreamResetError';
  }
}

/**
 * One yamux stream as a Node Duplex.
 *
 * - `end()` sends FIN (half-close); the peer's FIN ends the readable side.
 * - `destroy()` before both sides closed sends RST.
 * - Writes never exceed the peer's window; a write's callback waits for window updates
 *   and socket drain (event driven, no polling). Chunks are framed as views, not copied.
 * - Received bytes are credited back to the peer (WindowUpdate) once half the window
 *   has been delivered, and only while the reader keeps up (readable backpressure).
 */
export class YamuxStream extends Duplex {
  private sendWindow = INITIAL_STREAM_WINDOW;
  private recvWindow = INITIAL_STREAM_WINDOW;
  private uncredited = 0;
  private readPaused = false;
  private finSent = false;
  private finReceived = false;
  private wasReset = false;
  private detached = false;
  private pending: PendingWrite | undefined;
  private ackReceived: boolean;

  /** @internal Created by {@link YamuxSession}; use `session.open()` or the `stream` event. */
  constructor(
    private readonly host: StreamHost,
    readonly id: number,
    acknowledged: boolean,
  ) {
    super({
      allowHalfOpen: true,
      readableHighWaterMark: INITIAL_STREAM_WINDOW,
      writableHighWaterMark: INITIAL_STREAM_WINDOW,
    });
    this.ackReceived = acknowledged;
  }

  /** True once the peer acknowledged the stream (always true for accepted streams). */
  get established(): boolean {
    return this.ackReceived;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, cb: (error?: Error | null) => void): void {
    this.enqueue([chunk], chunk.length, cb);
  }

  override _writev(
    chunks: Array<{ chunk: Buffer; encoding: BufferEncoding }>,
    cb: (error?: Error | null) => void,
  ): void {
    const pieces: Buffer[] = [];
    let length = 0;
    for (const c of chunks) {
      pieces.push(c.chunk);
      length += c.chunk.length;
    }
    this.enqueue(pieces, length, cb);
  }

  override _final(cb: (error?: Error | null) => void): void {
    if (!this.detached && !this.wasReset && !this.finSent) {
      this.finSent = true;
      this.host.sendControl(FrameType.WindowUpdate, Flag.FIN, this.id, 0);
      this.forgetIfDone();
    }
    cb();
  }

  override _read(): void {
    this.readPaused = false;
    this.creditIfDue();
  }

  override _destroy(error: Error | null, cb: (error?: Error | null) => void): void {
    if (!this.detached && !this.wasReset && !(this.finSent && this.finReceived)) {
      this.wasReset = true;
      this.host.sendControl(FrameType.WindowUpdate, Flag.RST, this.id, 0);
    }
    const p = this.pending;
    this.pending = undefined;
    if (p !== undefined) p.cb(error ?? new Error(`yamux: stream ${this.id} destroyed`));
    this.host.forgetStream(this.id);
    cb(error);
  }

  private enqueue(pieces: Buffer[], length: number, cb: (error?: Error | null) => void): void {
    if (this.detached) return cb(new YamuxSessionClosedError());
    if (this.wasReset) return cb(new YamuxStreamResetError(this.id));
    this.pending = { pieces, length, cb };
    this.flush();
  }

  private flush(): void {
    const p = this.pending;
    if (p === undefined) return;
    let socketOk = true;
    while (p.length > 0 && this.sendWindow > 0) {
      const n = Math.min(p.length, this.sendWindow);
      let out: Buffer[];
      if (n === p.length) {
        out = p.pieces;
        p.pieces = [];
      } else {
        out = [];
        let need = n;
        while (need > 0) {
          const b = p.pieces[0] as Buffer;
          if (b.length <= need) {
            out.push(b);
            p.pieces.shift();
            need -= b.length;
          } else {
            out.push(b.subarray(0, need));
            p.pieces[0] = b.subarray(need);
            need = 0;
          }
        }
      }
      p.length -= n;
      this.sendWindow -= n;
      socketOk = this.host.sendData(this.id, out, n);
    }
    if (p.length === 0) {
      this.pending = undefined;
      if (socketOk) p.cb();
      else this.host.whenDrained(() => p.cb());
    }
  }

  private creditIfDue(): void {
    if (this.readPaused || this.finReceived || this.detached || this.wasReset) return;
    if (this.uncredited < INITIAL_STREAM_WINDOW / 2) return;
    const delta = this.uncredited;
    this.uncredited = 0;
    this.recvWindow += delta;
    this.host.sendControl(FrameType.WindowUpdate, 0, this.id, delta);
  }

  private forgetIfDone(): void {
    if (this.finSent && this.finReceived) this.host.forgetStream(this.id);
  }

  // ---- called by the session -------------------------------------------------------

  /** @internal A Data frame of `length` bytes is announced: charge it to the receive window. */
  chargeReceive(length: number): void {
    if (length > this.recvWindow) {
      throw new YamuxProtocolError(
        `yamux: receive window exceeded (stream: ${this.id}, remain: ${this.recvWindow}, recv: ${length})`,
      );
    }
    this.recvWindow -= length;
  }

  /** @internal Payload bytes for this stream. */
  deliver(piece: Buffer): void {
    this.uncredited += piece.length;
    if (this.finReceived || this.destroyed || this.readableEnded) return;
    if (!this.push(piece)) this.readPaused = true;
    this.creditIfDue();
  }

  /** @internal WindowUpdate from the peer. */
  addSendWindow(delta: number): void {
    if (delta === 0) return;
    this.sendWindow += delta;
    this.flush();
  }

  /** @internal The peer acknowledged our SYN. */
  acknowledge(): void {
    this.ackReceived = true;
  }

  /** @internal The peer half-closed. */
  remoteFin(): void {
    if (this.finReceived) {
      throw new YamuxProtocolError(`yamux: unexpected FIN flag on stream ${this.id} (already closed by peer)`);
    }
    this.finReceived = true;
    this.push(null);
    this.forgetIfDone();
  }

  /** @internal The peer reset the stream. */
  remoteReset(): void {
    if (this.wasReset) return;
    this.wasReset = true;
    this.host.forgetStream(this.id);
    this.destroy(new YamuxStreamResetError(this.id));
  }

  /** @internal The session is gone: readers get EOF after what is buffered, writers an error. */
  detach(): void {
    if (this.detached) return;
    this.detached = true;
    if (!this.finReceived) {
      this.finReceived = true;
      this.push(null);
    }
    const p = this.pending;
    this.pending = undefined;
    if (p !== undefined) p.cb(new YamuxSessionClosedError());
  }
}
