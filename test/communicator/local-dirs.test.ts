import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalCommunicator } from '../../src/communicator/local.js';
import { listTree, tempDir } from './helpers.js';

let dir: { path: string; cleanup: () => Promise<void> };
let comm: LocalCommunicator;
let src: string;

/**
 * src/
 *   a.txt (640), .hidden, link -> a.txt
 *   sub/ b.log, c.txt, deep/d.txt
 *   cache/ x.bin
 */
async function makeTree(root: string): Promise<void> {
  await mkdir(join(root, 'sub', 'deep'), { recursive: true });
  await mkdir(join(root, 'cache'));
  await writeFile(join(root, 'a.txt'), 'A');
  await chmod(join(root, 'a.txt'), 0o640);
  await writeFile(join(root, '.hidden'), 'H');
  await chmod(join(root, '.hidden'), 0o600);
  await symlink('a.txt', join(root, 'link'));
  await writeFile(join(root, 'sub', 'b.log'), 'B');
  await writeFile(join(root, 'sub', 'c.txt'), 'C');
  await writeFile(join(root, 'sub', 'deep', 'd.txt'), 'D');
  await writeFile(join(root, 'cache', 'x.bin'), 'X');
  for (const f of ['sub/b.log', 'sub/c.txt', 'sub/deep/d.txt', 'cache/x.bin'])
    await chmod(join(root, f), 0o644);
  for (const d of ['', 'sub', 'sub/deep', 'cache']) await chmod(join(root, d), 0o755);
}

const CONTENTS = [
  '.hidden 600',
  'a.txt 640',
  'cache/ 755',
  'cache/x.bin 644',
  'link -> a.txt',
  'sub/ 755',
  'sub/b.log 644',
  'sub/c.txt 644',
  'sub/deep/ 755',
  'sub/deep/d.txt 644',
];

beforeEach(async () => {
  dir = await tempDir();
  src = join(dir.path, 'src');
  await makeTree(src);
  await mkdir(join(dir.path, 'remote'));
  comm = new LocalCommunicator({ workingDir: join(dir.path, 'remote') });
});
afterEach(async () => {
  await dir.cleanup();
});

describe('uploadDir', () => {
  it('"src/" copies the contents into dst (relative dst resolves against workingDir, created if missing)', async () => {
    await comm.uploadDir('target', `${src}/`);
    expect(await listTree(join(dir.path, 'remote', 'target'))).toEqual(CONTENTS);
  });

  it('"src" copies the directory itself into dst', async () => {
    await comm.uploadDir('target', src);
    expect(await listTree(join(dir.path, 'remote', 'target'))).toEqual([
      'src/ 755',
      ...CONTENTS.map((line) => `src/${line}`),
    ]);
  });

  it('"src/." also copies the contents, like rsync', async () => {
    await comm.uploadDir('target', `${src}/.`);
    expect(await listTree(join(dir.path, 'remote', 'target'))).toEqual(CONTENTS);
  });

  it('applies exclude patterns relative to src: names at any depth, anchored paths, directories only', async () => {
    await comm.uploadDir('target', src, ['*.log', 'cache/', 'sub/deep', '.*']);
    expect(await listTree(join(dir.path, 'remote', 'target'))).toEqual([
      'src/ 755',
      'src/a.txt 640',
      'src/link -> a.txt',
      'src/sub/ 755',
      'src/sub/c.txt 644',
    ]);
  });

  it('"**" patterns cross directories and a dir-only pattern spares a file of that name', async () => {
    await writeFile(join(src, 'sub', 'cache'), 'a file named cache');
    await chmod(join(src, 'sub', 'cache'), 0o644);
    await comm.uploadDir('target', `${src}/`, ['**/d.txt', 'cache/']);
    expect(await listTree(join(dir.path, 'remote', 'target'))).toEqual([
      '.hidden 600',
      'a.txt 640',
      'link -> a.txt',
      'sub/ 755',
      'sub/b.log 644',
      'sub/c.txt 644',
      'sub/cache 644',
      'sub/deep/ 755',
    ]);
  });

  it('overwrites files already at the destination and keeps other files there', async () => {
    const target = join(dir.path, 'remote', 'target');
    await mkdir(target);
    await writeFile(join(target, 'a.txt'), 'old');
    await writeFile(join(target, 'other'), 'kept');
    await comm.uploadDir('target', `${src}/`, ['sub/', 'cache/', '.hidden', 'link']);
    expect(await readFile(join(target, 'a.txt'), 'utf8')).toBe('A');
    expect(await readFile(join(target, 'other'), 'utf8')).toBe('kept');
  });

  it('explains a missing source and a destination inside the source', async () => {
    const missing = join(dir.path, 'nope');
    await expect(comm.uploadDir('target', missing)).rejects.toThrow(
      `uploadDir from "${missing}" to "${join(dir.path, 'remote', 'target')}" failed: "${missing}" is not an existing directory`,
    );
    await expect(comm.uploadDir(join(src, 'sub'), `${src}/`)).rejects.toThrow(
      `uploadDir from "${src}/" to "${join(src, 'sub')}" failed: the destination "${join(src, 'sub')}" is inside the source directory`,
    );
  });
});

describe('downloadDir', () => {
  beforeEach(async () => {
    await makeTree(join(dir.path, 'remote', 'results'));
  });

  it('"results/" copies the contents into the local dst (created if missing)', async () => {
    const local = join(dir.path, 'local', 'out');
    await comm.downloadDir('results/', local);
    expect(await listTree(local)).toEqual(CONTENTS);
  });

  it('"results" copies the directory itself, with excludes', async () => {
    const local = join(dir.path, 'local');
    await comm.downloadDir('results', local, ['sub/', 'link', '.hidden']);
    expect(await listTree(local)).toEqual([
      'results/ 755',
      'results/a.txt 640',
      'results/cache/ 755',
      'results/cache/x.bin 644',
    ]);
  });

  it('expands a glob in the last component (hidden names only for a glob starting with ".")', async () => {
    const local = join(dir.path, 'local');
    await comm.downloadDir('results/*', local, ['*.log', 'sub/deep']);
    expect(await listTree(local)).toEqual([
      'a.txt 640',
      'cache/ 755',
      'cache/x.bin 644',
      'link -> a.txt',
      'sub/ 755',
      'sub/c.txt 644',
    ]);
    await comm.downloadDir('results/.h*', join(dir.path, 'hidden'));
    expect(await listTree(join(dir.path, 'hidden'))).toEqual(['.hidden 600']);
  });

  it('explains a glob that matches nothing and a glob in a parent directory', async () => {
    const local = join(dir.path, 'local');
    await expect(comm.downloadDir('results/*.none', local)).rejects.toThrow(
      `downloadDir from "results/*.none" to "${local}" failed: nothing in "${join(dir.path, 'remote', 'results')}" matches "*.none"`,
    );
    await expect(comm.downloadDir('res*/a.txt', local)).rejects.toThrow(
      `downloadDir from "res*/a.txt" to "${local}" failed: only the last path component may contain wildcards`,
    );
  });
});
