import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchedFileWriter } from '../../src/communicator/batched-file-writer.js';
import { tempDir } from './helpers.js';

let dir: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

/** Writes `chunks` honouring backpressure, then ends the writer and waits for `close`. */
async function writeAll(out: BatchedFileWriter, chunks: Buffer[]): Promise<void> {
  for (const c of chunks) {
    if (!out.write(c)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}

describe('BatchedFileWriter', () => {
  it('writes every byte in order across full batches, the chunk-count limit and the remainder at end()', async () => {
    const file = join(dir.path, 'out.bin');
    const chunks: Buffer[] = [];
    for (let i = 0; i < 300; i++) chunks.push(Buffer.alloc(1 + (i % 7), i & 0xff)); // > 256 tiny chunks
    for (let i = 0; i < 5; i++) chunks.push(Buffer.alloc(3000, 0x41 + i)); // crosses 4 KiB batches
    chunks.push(Buffer.alloc(0));
    const out = new BatchedFileWriter(file, { batchBytes: 4096 });
    await writeAll(out, chunks);
    expect(out.closed).toBe(true);
    expect(Buffer.compare(await readFile(file), Buffer.concat(chunks))).toBe(0);
  });

  it("fails with the open error and closes, keeping an existing file, with flags 'wx'", async () => {
    const file = join(dir.path, 'exists.txt');
    await writeFile(file, 'old');
    const out = new BatchedFileWriter(file, { flags: 'wx' });
    const [error] = (await once(out, 'error')) as [NodeJS.ErrnoException];
    expect(error.code).toBe('EEXIST');
    if (!out.closed) await once(out, 'close');
    expect(await readFile(file, 'utf8')).toBe('old');
  });

  it('asks for drain once a batch and the high-water mark are pending', async () => {
    const out = new BatchedFileWriter(join(dir.path, 'bp.bin'), { batchBytes: 1024 });
    const results: boolean[] = [];
    for (let i = 0; i < 8; i++) results.push(out.write(Buffer.alloc(512)));
    expect(results).toContain(false);
    out.end();
    await once(out, 'close');
    expect((await readFile(join(dir.path, 'bp.bin'))).length).toBe(8 * 512);
  });
});
