import type { Readable } from 'node:stream';

/**
 * Reads exactly `n` bytes from a paused-mode Readable, leaving everything after them
 * buffered in the stream for the next consumer. Rejects if the stream ends first.
 */
export function readExact(stream: Readable, n: number, what = `${n} bytes`): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const cleanup = (): void => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onEnd);
    };
    const onReadable = (): void => {
      const b = stream.read(n) as Buffer | null;
      if (b === null) return;
      cleanup();
      if (b.length < n) reject(new Error(`unexpected EOF while reading ${what}`));
      else resolve(b);
    };
    const onEnd = (): void => {
      cleanup();
      reject(new Error(`unexpected EOF while reading ${what}`));
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    stream.on('readable', onReadable);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onEnd);
  });
}
