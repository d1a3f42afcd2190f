import type { Readable, Writable } from 'node:stream';

/**
 * Waits until `dest` wants more data ('drain'); rejects with its error, or with
 * `closedMessage` when it closes first.
 */
export function drained(
  dest: Writable,
  closedMessage = 'the destination stream closed before all data was written',
): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      dest.off('drain', onDrain);
      dest.off('error', onError);
      dest.off('close', onClose);
    };
    const onDrain = (): void => {
      cleanup();
      resolve();
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onClose = (): void => {
      cleanup();
      reject(new Error(closedMessage));
    };
    dest.on('drain', onDrain);
    dest.on('error', onError);
    dest.on('close', onClose);
  });
}

/**
 * Copies `source` into `dest` honouring backpressure, WITHOUT ending `dest` (its owner does).
 * Resolves with the byte count once every chunk was accepted by `dest` (each write's callback
 * ran); rejects on a read error, or as soon as `dest` fails (even while `source` is idle).
 * `source` is consumed; on failure it is destroyed unless `keepSource` is set.
 *
 * Memory stays bounded by the streams' buffers: every wait is raced against a failure hook that
 * is cleared when the wait ends, so no settled chunk stays referenced (racing each read against
 * one long-lived "failed" promise would keep every chunk of the copy alive until the end).
 */
export async function copyToWritable(
  source: Readable,
  dest: Writable,
  options: { readonly keepSource?: boolean } = {},
): Promise<number> {
  let failure: Error | undefined;
  let interrupt: ((error: Error) => void) | undefined;
  const fail = (error: Error): void => {
    failure ??= error;
    interrupt?.(failure);
  };
  /** `p`, or a rejection as soon as the copy fails; holds no reference to `p` once it settled. */
  const orFail = <T>(p: Promise<T>): Promise<T> => {
    if (failure !== undefined) return Promise.reject(failure);
    return new Promise<T>((resolve, reject) => {
      interrupt = reject;
      p.then(
        (v) => {
          interrupt = undefined;
          resolve(v);
        },
        (e: unknown) => {
          interrupt = undefined;
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  };
  const onError = (error: Error): void => fail(error);
  dest.on('error', onError);

  const chunks = (
    options.keepSource ? source.iterator({ destroyOnReturn: false }) : source[Symbol.asyncIterator]()
  ) as AsyncIterator<Buffer | string>;
  let bytes = 0;
  let unacknowledged = 0;
  let allAcknowledged: (() => void) | undefined;
  const onWritten = (error?: Error | null): void => {
    unacknowledged--;
    if (error) fail(error);
    else if (unacknowledged === 0) allAcknowledged?.();
  };
  let finished = false;
  try {
    for (;;) {
      const next = chunks.next();
      next.catch(() => undefined); // may be left pending when `dest` fails first
      const { done, value } = await orFail(next);
      if (done) break;
      bytes += typeof value === 'string' ? Buffer.byteLength(value) : value.length;
      unacknowledged++;
      dest.write(value, onWritten);
      if (failure !== undefined) throw failure;
      if (dest.writableNeedDrain) await orFail(drained(dest));
    }
    finished = true;
    if (unacknowledged > 0) {
      await orFail(
        new Promise<void>((resolve) => {
          allAcknowledged = resolve;
        }),
      );
    }
    if (failure !== undefined) throw failure;
    return bytes;
  } finally {
    dest.off('error', onError);
    if (!finished) void chunks.return?.().catch(() => undefined);
  }
}
