/** Copies of the on-disk fixture plugins and snapshots of their files. */
import { cp, mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const GOLDEN = fileURLToPath(new URL('./golden/', import.meta.url));

/** A fresh copy of `fixtures/<name>` in a temp dir. */
export async function copyFixture(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `specsync-${name}-`));
  await cp(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

export interface FileState {
  readonly content: string;
  readonly mtimeMs: number;
  readonly ino: number;
  readonly mode: number;
}

/** Every file under `dir` (relative path → content and stat). */
export async function snapshot(dir: string): Promise<Map<string, FileState>> {
  const out = new Map<string, FileState>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const abs = join(entry.parentPath, entry.name);
    const s = await stat(abs);
    out.set(relative(dir, abs), {
      content: await readFile(abs, 'utf8'),
      mtimeMs: s.mtimeMs,
      ino: s.ino,
      mode: s.mode,
    });
  }
  return out;
}

/** The fixture's files as `renderSpecFiles` sources. */
export async function fixtureSources(name: string): Promise<Map<string, string>> {
  const snap = await snapshot(join(FIXTURES, name));
  return new Map([...snap].map(([rel, s]) => [rel, s.content]));
}
