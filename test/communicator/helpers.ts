import { lstat, mkdtemp, readFile, readdir, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createHash, type Hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { keygen, startSshd, type Sshd, type SshdOptions } from '../support/sshd.js';

/** A fresh temporary directory; `cleanup` removes it. */
export async function tempDir(): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'gpb-comm-'));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

/**
 * A test sshd (test/support/sshd.ts) and an ed25519 client key in a temporary folder. The key is
 * in the server's authorized_keys unless `authorize` is false. `stop` ends the server and removes
 * the folder.
 */
export async function sshdWithKey(options: SshdOptions = {}, authorize = true): Promise<{ sshd: Sshd; key: string; stop: () => Promise<void> }> {
  const keys = await tempDir();
  const key = keygen(keys.path, 'id_ed25519', 'ed25519');
  const sshd = await startSshd({ ...options, authorizedKeys: authorize ? [readFileSync(`${key}.pub`, 'utf8')] : [] });
  return {
    sshd,
    key,
    stop: async () => {
      await sshd.stop();
      await keys.cleanup();
    },
  };
}

/** Collects what is written into a string. */
export class Collector extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    done();
  }
  get text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * A Writable that hashes what it gets, completes each write only on a later turn of the event
 * loop (so it is slower than a pipe or a disk), and records the most data ever queued in it.
 */
export class SlowHasher extends Writable {
  readonly hash: Hash = createHash('sha256');
  bytes = 0;
  maxQueued = 0;
  maxChunk = 0;

  constructor(highWaterMark: number) {
    super({ highWaterMark });
  }

  override write(chunk: unknown, ...rest: unknown[]): boolean {
    const ok = (super.write as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
    this.maxQueued = Math.max(this.maxQueued, this.writableLength);
    return ok;
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    this.maxChunk = Math.max(this.maxChunk, chunk.length);
    setImmediate(() => {
      this.hash.update(chunk);
      this.bytes += chunk.length;
      done();
    });
  }
}

/** Lists a directory tree as sorted lines: `dir/`, `file 640`, `link -> target`. */
export async function listTree(root: string): Promise<string[]> {
  const lines: string[] = [];
  async function walk(dir: string, rel: string): Promise<void> {
    for (const name of (await readdir(dir)).sort()) {
      const path = join(dir, name);
      const relPath = rel ? `${rel}/${name}` : name;
      const info = await lstat(path);
      if (info.isSymbolicLink()) lines.push(`${relPath} -> ${await readlink(path)}`);
      else if (info.isDirectory()) {
        lines.push(`${relPath}/ ${(info.mode & 0o777).toString(8)}`);
        await walk(path, relPath);
      } else lines.push(`${relPath} ${(info.mode & 0o777).toString(8)}`);
    }
  }
  await walk(root, '');
  return lines;
}

/** Whether a process is gone or a zombie (dead, not yet reaped). */
export async function isDead(pid: number): Promise<boolean> {
  try {
    const line = await readFile(`/proc/${pid}/stat`, 'utf8');
    const state = line.slice(line.lastIndexOf(')') + 2, line.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return true;
  }
}

/** The permission bits of a path. */
export async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}
