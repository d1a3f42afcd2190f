import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import {
  describeHeader,
  encodeHeader,
  Flag,
  FrameReader,
  FrameType,
  GoAwayCode,
  HEADER_SIZE,
  writeHeader,
  YamuxProtocolError,
  type FrameHandler,
  type FrameHeader,
} from './frame.js';
import { YamuxSessionClosedError, YamuxStream, type StreamHost } from './stream.js';

/** Options of a {@link YamuxSession}. */
export interface YamuxSessionOptions {
  /** `server` opens even stream ids (a plugin), `client` odd ids (Packer core). */
  role: 'client' | 'server';
  /** Interval of our own keepalive pings (Go: 30 s). 0 disables them. */
  keepAliveIntervalMs?: number;
  /** How long a keepalive ping may wait for its ACK before the session is closed (Go: 10 s). */
  keepAliveTimeoutMs?: number;
  /** Receives log lines (`[ERR] yamux: …`), like Go's yamux logger. */
  log?: (line: string) => void;
}

interface PendingPing {
  resolve(rttMs: number): void;
  reject(error: Error): void;
}

const noop = (): void => undefined;

/** Data frames up to this payload size are copied into one buffer with their header (larger ones are written as views). */
const COALESCE_MAX_PAYLOAD = 4096;

/**
 * A yamux session over one connection (hashicorp/yamux wire protocol).
 *
 * Events: `stream` (an incoming {@link YamuxStream}, already ACKed), `close` (`error?: Error`).
 * Incoming streams are refused with RST while nobody listens for `stream`.
 */
export class YamuxSession extends EventEmitter implements StreamHost {
  private readonly streams = new Map<number, YamuxStream>();
  private readonly reader: FrameReader;
  private readonly log: (line: string) => void;
  private readonly keepAliveTimeoutMs: number;
  private nextStreamId: number;
  private dataTarget: YamuxStream | undefined;
  private closedFlag = false;
  private remoteGoAway = false;
  private localGoAway = false;
  private corked = false;
  private blocked = false;
  private drainWaiters: Array<() => void> = [];
  private nextPingId = 0;
  private readonly pings = new Map<number, PendingPing>();
  private keepAliveTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: Duplex,
    options: YamuxSessionOptions,
  ) {
    super();
    this.nextStreamId = options.role === 'client' ? 1 : 2;
    this.log = options.log ?? noop;
    this.keepAliveTimeoutMs = options.keepAliveTimeoutMs ?? 10_000;
    const handler: FrameHandler = {
      onHeader: (h) => this.onHeader(h),
      onPayload: (_h, piece) => this.dataTarget?.deliver(piece),
      onFrameEnd: (h) => this.onFrameEnd(h),
    };
    this.reader = new FrameReader(handler);
    socket.on('data', this.onSocketData);
    socket.on('drain', this.onSocketDrain);
    socket.on('end', () => this.close());
    socket.on('close', () => this.close());
    socket.on('error', (err: Error) => {
      if (!this.closedFlag) this.log(`[ERR] yamux: connection error: ${err.message}`);
      this.close(err);
    });
    const interval = options.keepAliveIntervalMs ?? 30_000;
    if (interval > 0) {
      this.keepAliveTimer = setInterval(() => this.keepAlive(), interval);
      this.keepAliveTimer.unref();
    }
  }

  /** True once the session is closed (socket gone, GoAway error or `close()`). */
  get isClosed(): boolean {
    return this.closedFlag;
  }

  /** Number of streams the session currently tracks. */
  get streamCount(): number {
    return this.streams.size;
  }

  /** Opens a stream: sends WindowUpdate+SYN at once; data may be written before the ACK. */
  open(): YamuxStream {
    if (this.closedFlag) throw new YamuxSessionClosedError();
    if (this.remoteGoAway) throw new Error('yamux: remote end is not accepting connections');
    const id = this.nextStreamId;
    if (id > 0xffffffff) throw new Error('yamux: streams exhausted');
    this.nextStreamId += 2;
    const stream = new YamuxStream(this, id, false);
    stream.on('error', noop);
    this.streams.set(id, stream);
    this.sendControl(FrameType.WindowUpdate, Flag.SYN, id, 0);
    return stream;
  }

  /** Sends a ping and resolves with the round-trip time in ms. */
  ping(timeoutMs = this.keepAliveTimeoutMs): Promise<number> {
    if (this.closedFlag) return Promise.reject(new YamuxSessionClosedError());
    const id = this.nextPingId;
    this.nextPingId = (this.nextPingId + 1) >>> 0;
    const start = performance.now();
    return new Promise<number>((resolve, reject) => {
      // When the timer fires, let the poll phase read a reply that may already be waiting
      // (a busy event loop must not look like a dead peer).
      const timer = setTimeout(
        () =>
          setImmediate(() => {
            if (this.pings.delete(id)) reject(new Error('i/o deadline reached'));
          }),
        timeoutMs,
      );
      timer.unref();
      this.pings.set(id, {
        resolve: () => {
          clearTimeout(timer);
          resolve(performance.now() - start);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.sendControl(FrameType.Ping, Flag.SYN, 0, id);
    });
  }

  /** Tells the peer we accept no more streams (GoAway with `code`). */
  goAway(code: number = GoAwayCode.Normal): void {
    this.localGoAway = true;
    this.sendControl(FrameType.GoAway, 0, 0, code);
  }

  /** Closes the session: streams see EOF (after buffered data) and fail further writes. */
  close(error?: Error): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    if (this.keepAliveTimer !== undefined) clearInterval(this.keepAliveTimer);
    for (const p of this.pings.values()) p.reject(new YamuxSessionClosedError());
    this.pings.clear();
    const streams = [...this.streams.values()];
    this.streams.clear();
    for (const s of streams) s.detach();
    this.releaseDrainWaiters();
    const socket = this.socket;
    if (!socket.destroyed) {
      if (socket.writableEnded) socket.destroy();
      else socket.end(() => socket.destroy());
    }
    this.emit('close', error);
  }

  // ---- StreamHost ---------------------------------------------------------------------

  /** @internal */
  sendControl(type: number, flags: number, streamId: number, length: number): void {
    if (this.closedFlag) return;
    this.write(encodeHeader(type, flags, streamId, length));
  }

  /** @internal */
  sendData(streamId: number, pieces: readonly Buffer[], length: number): boolean {
    if (this.closedFlag) return true;
    if (length <= COALESCE_MAX_PAYLOAD) {
      // small frames (RPC messages, broker ids): header and payload in one buffer, one socket write
      const frame = Buffer.allocUnsafe(HEADER_SIZE + length);
      writeHeader(frame, FrameType.Data, 0, streamId, length);
      let at = HEADER_SIZE;
      for (const p of pieces) {
        frame.set(p, at);
        at += p.length;
      }
      return this.write(frame);
    }
    let ok = this.write(encodeHeader(FrameType.Data, 0, streamId, length));
    for (const p of pieces) ok = this.write(p);
    return ok;
  }

  /** @internal */
  whenDrained(cb: () => void): void {
    if (!this.blocked || this.closedFlag) cb();
    else this.drainWaiters.push(cb);
  }

  /** @internal */
  forgetStream(streamId: number): void {
    this.streams.delete(streamId);
  }

  // ---- internals ----------------------------------------------------------------------

  private write(buf: Buffer): boolean {
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(this.uncork);
    }
    const ok = this.socket.write(buf);
    if (!ok) this.blocked = true;
    return ok;
  }

  private readonly uncork = (): void => {
    this.corked = false;
    this.socket.uncork();
  };

  private readonly onSocketDrain = (): void => {
    this.blocked = false;
    this.releaseDrainWaiters();
  };

  private releaseDrainWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }

  private readonly onSocketData = (chunk: Buffer): void => {
    if (this.closedFlag) return;
    try {
      this.reader.push(chunk);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      this.log(`[ERR] ${error.message}`);
      const code = err instanceof YamuxProtocolError ? GoAwayCode.ProtocolError : GoAwayCode.InternalError;
      this.sendControl(FrameType.GoAway, 0, 0, code);
      this.close(error);
    }
  };

  private onHeader(h: FrameHeader): void {
    switch (h.type) {
      case FrameType.Data:
      case FrameType.WindowUpdate:
        this.onStreamHeader(h);
        return;
      case FrameType.Ping:
        this.onPing(h);
        return;
      default:
        this.onGoAway(h);
    }
  }

  private onStreamHeader(h: FrameHeader): void {
    this.dataTarget = undefined;
    let stream = this.streams.get(h.streamId);
    if (h.flags & Flag.SYN) {
      if (stream !== undefined) {
        throw new YamuxProtocolError(`yamux: duplicate stream declared (${describeHeader(h)})`);
      }
      stream = this.incoming(h.streamId);
    }
    if (stream === undefined) return; // missing stream (we reset or forgot it): drop, like Go
    if (h.flags & Flag.ACK) stream.acknowledge();
    if (h.flags & Flag.RST) {
      stream.remoteReset();
      return;
    }
    if (h.type === FrameType.Data) {
      stream.chargeReceive(h.length);
      this.dataTarget = stream;
    } else {
      stream.addSendWindow(h.length);
      if (h.flags & Flag.FIN) stream.remoteFin();
    }
  }

  private onFrameEnd(h: FrameHeader): void {
    if (h.type !== FrameType.Data) return;
    const target = this.dataTarget;
    this.dataTarget = undefined;
    if (target !== undefined && h.flags & Flag.FIN) target.remoteFin();
  }

  private incoming(id: number): YamuxStream | undefined {
    if (this.localGoAway || this.listenerCount('stream') === 0) {
      this.sendControl(FrameType.WindowUpdate, Flag.RST, id, 0);
      return undefined;
    }
    const stream = new YamuxStream(this, id, true);
    stream.on('error', noop);
    this.streams.set(id, stream);
    this.sendControl(FrameType.WindowUpdate, Flag.ACK, id, 0);
    this.emit('stream', stream);
    return stream;
  }

  private onPing(h: FrameHeader): void {
    if (h.flags & Flag.SYN) {
      this.sendControl(FrameType.Ping, Flag.ACK, 0, h.length);
      return;
    }
    const p = this.pings.get(h.length);
    if (p !== undefined) {
      this.pings.delete(h.length);
      p.resolve(0);
    }
  }

  private onGoAway(h: FrameHeader): void {
    if (h.length === GoAwayCode.Normal) {
      this.remoteGoAway = true;
      return;
    }
    const what =
      h.length === GoAwayCode.ProtocolError
        ? 'protocol error'
        : h.length === GoAwayCode.InternalError
          ? 'internal error'
          : `unexpected code ${h.length}`;
    this.log(`[ERR] yamux: received ${what} go away`);
    this.close(new Error(`yamux: peer sent go away (${what})`));
  }

  private keepAlive(): void {
    this.ping().catch((err: Error) => {
      if (this.closedFlag) return;
      this.log(`[ERR] yamux: keepalive failed: ${err.message}`);
      this.close(new Error(`yamux: keepalive failed: ${err.message}`));
    });
  }
}
