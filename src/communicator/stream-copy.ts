import type { Readable, Writable } from 'node:stream';

/** Waits until `dest` wants more data; rejects if it errors or closes first. */
function drained(dest: Writable): Promise<void> {
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
      reject(new Error('the destination stream closed before all data was written'));
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
 */
export async function copyToWritable(
  source: Readable,
  dest: Writable,
  options: { readonly keepSource?: boolean } = {},
): Promise<number> {
  let rejectFailed: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_resolve, reject) => {
    rejectFailed = reject;
  });
  failed.catch(() => undefined);
  const onError = (error: Error): void => rejectFailed(error);
  dest.on('error', onError);

  const chunks = (
    options.keepSource ? source.iterator({ destroyOnReturn: false }) : source[Symbol.asyncIterator]()
  ) as AsyncIterator<Buffer | string>;
  let bytes = 0;
  let lastWrite: Promise<void> = Promise.resolve();
  let finished = false;
  try {
    for (;;) {
      const next = chunks.next();
      next.catch(() => undefined); // may be left pending when `dest` fails first
      const { done, value } = await Promise.race([next, failed]);
      if (done) break;
      bytes += typeof value === 'string' ? Buffer.byteLength(value) : value.length;
      lastWrite = new Promise<void>((resolve, reject) => {
        dest.write(value, (error) => (error ? reject(error) : resolve()));
      });
      lastWrite.catch((error: Error) => rejectFailed(error));
      if (dest.writableNeedDrain) await Promise.race([drained(dest), failed]);
    }
    finished = true;
    await Promise.race([lastWrite, failed]);
    return bytes;
  } finally {
    dest.off('error', onError);
    if (!finished) void chunks.return?.().catch(() => undefined);
  }
}
