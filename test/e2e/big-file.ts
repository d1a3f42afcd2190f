/** Large-file helpers of the shared file-transfer case (test/e2e/file-transfer.test.ts). */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Size of the big transfer: over 50 MB and not a multiple of any buffer size. */
export const BIG_FILE_SIZE = 50 * 1024 * 1024 + 12_345;

/** Writes `size` random bytes to `file` in 1 MiB chunks; resolves with their sha256 (hex). */
export async function writeRandomFile(file: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(file);
  for (let left = size; left > 0; ) {
    const chunk = randomBytes(Math.min(left, 1 << 20));
    hash.update(chunk);
    left -= chunk.length;
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return hash.digest('hex');
}

/** sha256 (hex) of a file, streamed. */
export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const c of createReadStream(file)) hash.update(c as Buffer);
  return hash.digest('hex');
}

/** Every file under `dir`, as paths relative to it (`sub/b.txt`). */
export function listTree(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listTree(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}
