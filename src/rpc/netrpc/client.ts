import type { Duplex } from 'node:stream';
import { encodeMessage, isRecord, readValues } from './codec.js';

/** An error the remote method returned (the `Error` string of the response header), verbatim. */
export class RpcError extends Error {
  constructor(
    message: string,
    readonly serviceMethod: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

/** Go's `rpc.ErrShutdown` text. */
export const ERR_SHUTDOWN = 'connection is shut down';

interface PendingCall {
  serviceMethod: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * Client side of Go `net/rpc` (msgpack codec) on one stream: concurrent calls, replies
 * matched by `Seq` (they may arrive out of order). Calls have no deadline, like Go's.
 */
export class RpcClient {
  private seq = 0;
  private readonly pending = new Map<number, PendingCall>();
  private shutdown: Error | undefined;
  /** Resolves when the connection is finished (the server closed it or it failed). */
  readonly done: Promise<void>;

  constructor(private readonly stream: Duplex) {
    this.done = this.readLoop();
  }

  /** True once no more calls can be made. */
  get isShutdown(): boolean {
    return this.shutdown !== undefined;
  }

  /** Calls `Service.Method` with `args` and resolves with the reply (rejects with {@link RpcError}). */
  call<T = unknown>(serviceMethod: string, args: unknown = null): Promise<T> {
    if (this.shutdown !== undefined || this.stream.writableEnded || this.stream.destroyed) {
      return Promise.reject(new Error(ERR_SHUTDOWN));
    }
    const seq = this.seq++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(seq, { serviceMethod, resolve: resolve as (v: unknown) => void, reject });
      this.stream.write(encodeMessage({ ServiceMethod: serviceMethod, Seq: seq }, args));
    });
  }

  /** Half-closes the connection (FIN); replies still arrive for calls in flight. */
  close(): void {
    if (this.shutdown === undefined) this.shutdown = new Error(ERR_SHUTDOWN);
    if (!this.stream.writableEnded) this.stream.end();
  }

  private async readLoop(): Promise<void> {
    let header: { seq: number; error: string } | undefined;
    const failure = await readValues(
      this.stream,
      (value) => {
        if (header === undefined) {
          if (!isRecord(value) || typeof value.Seq !== 'number') {
            throw new Error(`rpc: malformed response header: ${JSON.stringify(value)}`);
          }
          header = { seq: value.Seq, error: typeof value.Error === 'string' ? value.Error : '' };
          return;
        }
        const { seq, error } = header;
        header = undefined;
        const call = this.pending.get(seq);
        if (call === undefined) return;
        this.pending.delete(seq);
        if (error !== '') call.reject(new RpcError(error, call.serviceMethod));
        else call.resolve(value);
      },
      // Go's client.input: a body that does not decode fails that call ("reading body …") and
      // reading goes on; a header that does not decode ends the connection
      (decodeError) => {
        if (header === undefined) throw new Error(`rpc: client cannot decode response header: ${decodeError.message}`);
        const { seq, error } = header;
        header = undefined;
        const call = this.pending.get(seq);
        if (call === undefined) return;
        this.pending.delete(seq);
        call.reject(error !== '' ? new RpcError(error, call.serviceMethod) : new Error(`reading body ${decodeError.message}`));
      },
    );
    if (this.shutdown === undefined) this.shutdown = new Error(ERR_SHUTDOWN);
    const reason = failure ?? new Error('unexpected EOF');
    for (const call of this.pending.values()) call.reject(reason);
    this.pending.clear();
    if (!this.stream.writableEnded && !this.stream.destroyed) this.stream.end();
  }
}
