/** Shared helpers for the rpc tests: vectors, loopback socket pairs, a raw yamux peer. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrameReader, encodeHeader, type FrameHeader } from '../../src/rpc/yamux/frame.js';

/** Absolute path of a file under the captured Packer 1.6.6 vectors. */
export function vectorPath(rel: string): string {
  return new URL(`../../../shared/vectors/packer-1.6.6/${rel}`, import.meta.url).pathname;
}

/** Reads a JSON vector. */
export function readVector<T = Record<string, unknown>>(rel: string): T {
  return JSON.parse(readFileSync(vectorPath(rel), 'utf8')) as T;
}

/** An `rpc/*.json` vector. */
export interface RpcVector {
  name: string;
  direction: string;
  method: string;
  seq: number;
  headerHex: string;
  bodyHex: string;
}

/** Loads `rpc/<name>.json`. */
export function rpcVector(name: string): RpcVector {
  return readVector<RpcVector>(`rpc/${name}.json`);
}

/** A connected pair of unix-domain sockets in a private temp dir. */
export async function socketPair(): Promise<{ a: net.Socket; b: net.Socket; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'yamux-test-'));
  const path = join(dir, 's');
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(path, resolve));
  const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  const a = net.connect(path);
  await new Promise<void>((resolve) => a.once('connect', () => resolve()));
  const b = await accepted;
  server.close();
  return {
    a,
    b,
    cleanup: () => {
      a.destroy();
      b.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A frame seen by a {@link RawPeer}, payload joined. */
export interface SeenFrame {
  header: FrameHeader;
  payload: Buffer;
}

/**
 * The far end of a socket speaking raw yamux frames, for byte-level tests:
 * it records every frame it receives and sends exactly the bytes a test gives it.
 */
export class RawPeer {
  readonly frames: SeenFrame[] = [];
  readonly bytes: Buffer[] = [];
  private parts: Buffer[] = [];
  private waiters: Array<() => void> = [];
  ended = false;

  constructor(readonly socket: net.Socket) {
    const reader = new FrameReader({
      onHeader: () => {
        this.parts = [];
      },
      onPayload: (_h, piece) => {
        this.parts.push(Buffer.from(piece));
      },
      onFrameEnd: (h) => {
        this.frames.push({ header: h, payload: Buffer.concat(this.parts) });
        this.parts = [];
        this.notify();
      },
    });
    socket.on('data', (chunk: Buffer) => {
      this.bytes.push(Buffer.from(chunk));
      reader.push(chunk);
    });
    socket.on('end', () => {
      this.ended = true;
      this.notify();
    });
    socket.on('close', () => {
      this.ended = true;
      this.notify();
    });
    socket.on('error', () => undefined);
  }

  /** All bytes received so far, as hex. */
  hex(): string {
    return Buffer.concat(this.bytes).toString('hex');
  }

  /** Sends raw bytes (hex string or buffer). */
  send(data: string | Buffer): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data.replace(/\s+/g, ''), 'hex') : data);
  }

  /** Sends one frame. */
  sendFrame(type: number, flags: number, streamId: number, length: number, payload?: Buffer): void {
    this.socket.write(encodeHeader(type, flags, streamId, length));
    if (payload !== undefined) this.socket.write(payload);
  }

  /** Resolves once `predicate` holds (checked after every frame), or rejects after `ms`. */
  async until(predicate: () => boolean, what: string, ms = 5000): Promise<void> {
    if (predicate()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
      const check = (): void => {
        if (predicate()) {
          clearTimeout(timer);
          resolve();
        } else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

/** Hex of a frame header. */
export function hdr(type: number, flags: number, streamId: number, length: number): string {
  return encodeHeader(type, flags, streamId, length).toString('hex');
}

/** Resolves on the next event `name` of `emitter`. */
export function once<T = unknown>(
  emitter: NodeJS.EventEmitter,
  name: string,
  ms = 5000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for '${name}'`)), ms);
    emitter.once(name, (v: T) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

import { Duplex, PassThrough } from 'node:stream';

/** Two in-memory Duplex ends: what one writes the other reads; `end()` half-closes. */
export function duplexPair(): [Duplex, Duplex] {
  const ab = new PassThrough();
  const ba = new PassThrough();
  return [Duplex.from({ readable: ba, writable: ab }), Duplex.from({ readable: ab, writable: ba })];
}

/** Header bytes + body bytes of an rpc vector. */
export function vectorBytes(v: RpcVector): Buffer {
  return Buffer.from(v.headerHex + v.bodyHex, 'hex');
}
