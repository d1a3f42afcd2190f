import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalCommunicator } from '../../src/communicator/local.js';
import { Collector, SlowHasher, listTree, modeOf, tempDir } from './helpers.js';

let dir: { path: string; cleanup: () => Promise<void> };
let comm: LocalCommunicator;
beforeEach(async () => {
  dir = await tempDir();
  await mkdir(join(dir.path, 'remote'));
  comm = new LocalCommunicator({ workingDir: join(dir.path, 'remote') });
});
afterEach(async () => {
  await dir.cleanup();
});

/** Go FileMode bits for a directory. */
const GO_MODE_DIR = 0x80000000;

describe('upload', () => {
  it('writes the stream to a path relative to workingDir, with the FileInfo permission bits', async () => {
    await comm.upload('script.sh', Readable.from(['#!/bin/sh\n', 'echo hi\n']), {
      name: 'script.sh',
      size: 18,
      mode: 0o750,
    });
    const target = join(dir.path, 'remote', 'script.sh');
    expect(await readFile(target, 'utf8')).toBe('#!/bin/sh\necho hi\n');
    expect(await modeOf(target)).toBe(0o750);
    expect(await readdir(join(dir.path, 'remote'))).toEqual(['script.sh']); // no temporary file left
  });

  it("ignores the mode of a FileInfo that is not a regular file, and keeps the replaced file's mode without one", async () => {
    const target = join(dir.path, 'remote', 'data');
    await writeFile(target, 'old');
    await chmod(target, 0o600);
    await comm.upload(target, Readable.from(['new']));
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await modeOf(target)).toBe(0o600);
    await comm.upload(target, Readable.from(['newer']), {
      name: 'data',
      size: 5,
      mode: (GO_MODE_DIR | 0o777) >>> 0,
    });
    expect(await modeOf(target)).toBe(0o600);
  });

  it('leaves the old file untouched and no temporary file when the source fails', async () => {
    const target = join(dir.path, 'remote', 'keep.txt');
    await writeFile(target, 'original');
    const failing = new Readable({
      read() {
        this.push('partial');
        this.destroy(new Error('network down'));
      },
    });
    await expect(comm.upload('keep.txt', failing)).rejects.toThrow(
      `upload to "${target}" failed: network down`,
    );
    expect(await readFile(target, 'utf8')).toBe('original');
    expect(await readdir(join(dir.path, 'remote'))).toEqual(['keep.txt']);
  });

  it('explains a missing parent directory, a directory target and a path ending in "/"', async () => {
    const missingParent = join(dir.path, 'remote', 'no', 'such');
    await expect(comm.upload('no/such/file', Readable.from(['x']))).rejects.toThrow(
      `upload to "${missingParent}/file": directory "${missingParent}" does not exist; create it before uploading`,
    );
    await expect(comm.upload('.', Readable.from(['x']))).rejects.toThrow(
      `upload to "${join(dir.path, 'remote')}": that is a directory; give the full path of the file to write`,
    );
    await expect(comm.upload('dir/', Readable.from(['x']))).rejects.toThrow(
      'upload to "dir/": the path ends with "/"; give the full file path, e.g. "dir/file.txt"',
    );
  });
});

describe('download', () => {
  it('streams a file into the writable without ending it', async () => {
    await writeFile(join(dir.path, 'remote', 'out.txt'), 'result\n');
    const sink = new Collector();
    await comm.download('out.txt', sink);
    expect(sink.text).toBe('result\n');
    expect(sink.writableEnded).toBe(false);
  });

  it('explains a missing file and a directory', async () => {
    const missing = join(dir.path, 'remote', 'missing.txt');
    await expect(comm.download('missing.txt', new Collector())).rejects.toThrow(
      `download of "${missing}" failed: ENOENT: no such file or directory, stat '${missing}'`,
    );
    await expect(comm.download('.', new Collector())).rejects.toThrow(
      `download of "${join(dir.path, 'remote')}" failed: that is a directory; use downloadDir`,
    );
  });
});

describe('a 50 MB round trip', () => {
  it('uploads and downloads by streaming, byte for byte, with bounded buffering', async () => {
    const size = 50 * 1024 * 1024;
    const local = join(dir.path, 'big.bin');
    // generate the file piece by piece (never whole in memory) while hashing it
    const expected = createHash('sha256');
    const out = createWriteStream(local);
    const block = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < size / block.length; i++) {
      for (let j = 0; j < block.length; j += 4) block.writeUInt32LE((i * 2654435761 + j * 40503) >>> 0, j);
      expected.update(block);
      if (!out.write(Buffer.from(block))) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const expectedHex = expected.digest('hex');

    await comm.upload('big.bin', createReadStream(local), { name: 'big.bin', size, mode: 0o644 });
    const sink = new SlowHasher(64 * 1024);
    await comm.download('big.bin', sink);
    expect(sink.bytes).toBe(size);
    expect(sink.hash.digest('hex')).toBe(expectedHex);
    expect(sink.maxChunk).toBeLessThanOrEqual(64 * 1024);
    // download waited for 'drain': never more than the high-water mark plus one chunk queued
    expect(sink.maxQueued).toBeLessThanOrEqual(128 * 1024);
  });
});
