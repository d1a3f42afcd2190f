import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { copyToWritable } from '../../src/communicator/stream-copy.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('copyToWritable memory', () => {
  it('does not keep chunks that were already written (a 1 GiB upload must not need 1 GiB)', async () => {
    let firstChunk: WeakRef<Buffer> | undefined;
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < 20; i++) {
          const chunk = Buffer.alloc(64 * 1024, i);
          if (i === 0) firstChunk = new WeakRef(chunk);
          yield chunk;
        }
      })(),
    );
    let release: () => void = () => undefined;
    const paused = new Promise<void>((resolve) => (release = resolve));
    let stalled: () => void = () => undefined;
    const atChunk10 = new Promise<void>((resolve) => (stalled = resolve));
    let seen = 0;
    const sink = new Writable({
      highWaterMark: 1,
      write(_chunk, _enc, done) {
        seen++;
        if (seen === 10) {
          stalled();
          void paused.then(() => done());
        } else done();
      },
    });
    const copying = copyToWritable(source, sink);
    await atChunk10;
    // the copy is still running; chunk 0 was written long ago and nothing should hold it
    await new Promise((r) => setImmediate(r));
    gc();
    expect(firstChunk?.deref()).toBeUndefined();
    release();
    expect(await copying).toBe(20 * 64 * 1024);
  });
});
