/**
 * The real `yo` binary finds this generator and runs it, also as root, where yo switches to
 * SUDO_UID or uid 1000 (downgrade-root): the README tells root to give that user a HOME and an
 * output folder, and this test does exactly that. `packer-builder new` runs as whoever calls it.
 * yo finds the package through NODE_PATH (a folder with a `generator-packer-builder` link to
 * this checkout), as it would in a global install.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const YO = join(ROOT, 'node_modules/.bin/yo');
const CLI = join(ROOT, 'dist/src/cli/main.js');
const isRoot = process.getuid?.() === 0;
/** The user yo runs as when started by root without sudo. */
const YO_UID = isRoot ? Number(process.env.SUDO_UID) || 1000 : process.getuid?.() ?? 0;

let base: string;
let nodePath: string;

function folderFor(name: string): string {
  const dir = join(base, name);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  if (isRoot) chownSync(dir, YO_UID, 0);
  return dir;
}

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'gpb-yo-'));
  // base must be traversable by yo's user.
  if (isRoot) chownSync(base, YO_UID, 0);
  nodePath = join(base, 'node_path');
  mkdirSync(nodePath);
  symlinkSync(ROOT.replace(/\/$/, ''), join(nodePath, 'generator-packer-builder'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

function yo(args: string[], cwd: string, home: string) {
  return spawnSync(YO, ['packer-builder', ...args, '--no-insight'], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: home, NODE_PATH: nodePath, CI: 'true' },
    timeout: 120_000,
  });
}

describe('yo packer-builder (the real yo binary)', () => {
  it('lists the flags in --help', () => {
    const r = yo(['--help'], folderFor('help'), folderFor('home-help'));
    expect(r.status, r.stderr).toBe(0);
    for (const flag of ['--name', '--field', '--generated', '--step', '--org', '--answers', '--defaults']) {
      expect(r.stdout).toContain(flag);
    }
  });

  it(`writes a plugin ${isRoot ? `as uid ${YO_UID} when run as root` : 'as the current user'}`, () => {
    const out = folderFor('out');
    const r = yo(['--defaults', '--name', 'demo', '--skip-install', '--no-git'], out, folderFor('home'));
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const project = join(out, 'packer-plugin-demo');
    expect(readFileSync(join(project, 'src/config.ts'), 'utf8')).toContain('export interface Config');
    expect(existsSync(join(project, 'src/config.hcl2spec.ts'))).toBe(true);
    expect(statSync(join(project, 'package.json')).uid).toBe(YO_UID);
  });
});

describe('packer-builder new', () => {
  it('writes a plugin as the calling user (root included), in a folder only that user can write', () => {
    const out = mkdtempSync(join(base, 'new-'));
    const r = spawnSync(process.execPath, [CLI, 'new', '--defaults', '--name', 'rooted', '--skip-install', '--no-git'], {
      cwd: out,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: out },
      timeout: 120_000,
    });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const pkg = join(out, 'packer-plugin-rooted', 'package.json');
    expect(JSON.parse(readFileSync(pkg, 'utf8')).name).toBe('packer-plugin-rooted');
    expect(statSync(pkg).uid).toBe(process.getuid?.());
  });
});
