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
 * Resolves once every chunk was accepted by `dest` (each write's callback ran), so the data is
 * flushed as far as `dest` can tell; rejects on a read or write error. Returns the byte count.
 * `source` is consumed; on failure it is destroyed unless `keepSource` is set.
 */
export async function copyToWritable(
  source: Readable,
  dest: Writable,
  options: { readonly keepSource?: boolean } = {},
): Promise<number> {
  let failure: Error | undefined;
  const onError = (error: Error): void => {
    failure ??= error;
  };
  dest.on('error', onError);
  let bytes = 0;
  let lastWrite: Promise<void> = Promise.resolve();
  try {
    const chunks = options.keepSource ? source.iterator({ destroyOnReturn: false }) : source;
    for await (const chunk of chunks as AsyncIterable<Buffer | string>) {
      if (failure) throw failure;
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      lastWrite = new Promise<void>((resolve, reject) => {
        dest.write(chunk, (error) => (error ? reject(error) : resolve()));
      });
      lastWrite.catch(() => undefined); // awaited below or superseded by `failure`
      if (dest.writableNeedDrain) await drained(dest);
    }
    await lastWrite;
    if (failure) throw failure;
    return bytes;
  } finally {
    dest.off('error', onError);
  }
}
