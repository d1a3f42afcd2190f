import { PassThrough, Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { copyToWritable } from '../../src/communicator/stream-copy.js';
import { SlowHasher } from './helpers.js';

describe('copyToWritable', () => {
  it('waits for drain, never ends the destination, and returns the byte count', async () => {
    const chunk = Buffer.alloc(32 * 1024, 7);
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < 200; i++) yield chunk;
      })(),
    );
    const sink = new SlowHasher(8 * 1024);
    expect(await copyToWritable(source, sink)).toBe(200 * chunk.length);
    expect(sink.bytes).toBe(200 * chunk.length);
    expect(sink.maxQueued).toBeLessThanOrEqual(8 * 1024 + chunk.length);
    expect(sink.writableEnded).toBe(false);
  });

  it("rejects with the destination's error", async () => {
    const sink = new Writable({
      write(_chunk, _enc, done) {
        done(new Error('disk full'));
      },
    });
    await expect(copyToWritable(Readable.from([Buffer.from('a'), Buffer.from('b')]), sink)).rejects.toThrow(
      'disk full',
    );
  });

  it('rejects when the destination closes while it waits for drain', async () => {
    const sink = new PassThrough({ highWaterMark: 1 }); // nobody reads it: it never drains
    const copying = copyToWritable(Readable.from([Buffer.alloc(10), Buffer.alloc(10)]), sink);
    setImmediate(() => sink.destroy());
    await expect(copying).rejects.toThrow('the destination stream closed before all data was written');
  });

  it('keeps the source alive on failure when asked to', async () => {
    const source = new PassThrough();
    source.write('data');
    const sink = new Writable({
      write(_chunk, _enc, done) {
        done(new Error('nope'));
      },
    });
    await expect(copyToWritable(source, sink, { keepSource: true })).rejects.toThrow('nope');
    expect(source.destroyed).toBe(false);
  });
});
