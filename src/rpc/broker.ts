/**
 * The mux broker of Packer's plugin SDK (packer-plugin-sdk/rpc/mux_broker.go): numbered
 * rendezvous points on one yamux session. The dialer opens a stream and writes the id as
 * 4 bytes little-endian; the acceptor answers with the same 4 bytes. Each side allocates
 * its own ids (from 1) for streams it will accept; id 0 is the main Builder stream.
 */
import { readExact } from './read-exact.js';
import type { YamuxSession } from './yamux/session.js';
import type { YamuxStream } from './yamux/stream.js';

/** Options of a {@link MuxBroker}. */
export interface MuxBrokerOptions {
  /** How long `accept` waits, and how long an unclaimed incoming stream is kept (Go: 5 s). */
  timeoutMs?: number;
  /** Receives log lines. */
  log?: (line: string) => void;
}

interface Waiter {
  resolve(stream: YamuxStream): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

interface Parked {
  stream: YamuxStream;
  timer: NodeJS.Timeout;
}

function idBytes(id: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32LE(id >>> 0, 0);
  return b;
}

/** Dial/accept streams by broker id over a {@link YamuxSession}. */
export class MuxBroker {
  private lastId = 0;
  private readonly waiting = new Map<number, Waiter>();
  private readonly parked = new Map<number, Parked>();
  private readonly timeoutMs: number;
  private readonly log: (line: string) => void;

  constructor(
    readonly session: YamuxSession,
    options: MuxBrokerOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.log = options.log ?? (() => undefined);
    session.on('stream', (stream: YamuxStream) => {
      readExact(stream, 4, 'broker stream id').then(
        (b) => this.incoming(b.readUInt32LE(0), stream),
        () => stream.destroy(),
      );
    });
    session.on('close', () => {
      for (const [id, w] of this.waiting) {
        clearTimeout(w.timer);
        w.reject(new Error(`session closed while accepting broker id ${id}`));
      }
      this.waiting.clear();
      for (const p of this.parked.values()) clearTimeout(p.timer);
      this.parked.clear();
    });
  }

  /** A fresh id for a stream this side will accept (1, 2, 3, …). */
  nextId(): number {
    this.lastId = (this.lastId + 1) >>> 0;
    return this.lastId;
  }

  /** Opens a stream to the peer's broker id `id` and waits for its ack. */
  async dial(id: number): Promise<YamuxStream> {
    const stream = this.session.open();
    stream.write(idBytes(id));
    let ack: number;
    try {
      ack = (await readExact(stream, 4, `broker ack for id ${id}`)).readUInt32LE(0);
    } catch (err) {
      stream.destroy();
      throw err;
    }
    if (ack !== id) {
      stream.destroy();
      throw new Error(`bad ack: ${ack} (expected ${id})`);
    }
    return stream;
  }

  /** Waits (up to the timeout) for the peer to dial `id`, then acks it. */
  accept(id: number): Promise<YamuxStream> {
    const parked = this.parked.get(id);
    if (parked !== undefined) {
      this.parked.delete(id);
      clearTimeout(parked.timer);
      parked.stream.write(idBytes(id));
      return Promise.resolve(parked.stream);
    }
    if (this.session.isClosed) return Promise.reject(new Error(`session closed while accepting broker id ${id}`));
    if (this.waiting.has(id)) return Promise.reject(new Error(`broker id ${id} is already being accepted`));
    return new Promise<YamuxStream>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error('timeout waiting for accept'));
      }, this.timeoutMs);
      timer.unref();
      this.waiting.set(id, { resolve, reject, timer });
    });
  }

  /** Closes the whole session. */
  close(): void {
    this.session.close();
  }

  private incoming(id: number, stream: YamuxStream): void {
    const w = this.waiting.get(id);
    if (w !== undefined) {
      this.waiting.delete(id);
      clearTimeout(w.timer);
      stream.write(idBytes(id));
      w.resolve(stream);
      return;
    }
    if (this.parked.has(id)) {
      this.log(`[WARN] broker: a second stream for id ${id} arrived before the first was accepted; closing it`);
      stream.destroy();
      return;
    }
    const timer = setTimeout(() => {
      if (this.parked.get(id)?.stream === stream) this.parked.delete(id);
      this.log(`[WARN] broker: nobody accepted broker id ${id} within ${this.timeoutMs} ms; closing the stream`);
      stream.destroy();
    }, this.timeoutMs);
    timer.unref();
    this.parked.set(id, { stream, timer });
  }
}
