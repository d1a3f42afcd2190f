/**
 * `packer-builder new` without a terminal (stdin is /dev/null, output captured): it asks
 * nothing; it fails before writing anything, listing each open answer and conflicting file
 * with the flag that settles it; it writes no colour (even with TERM=xterm, where Yeoman's log
 * symbols would colour); a dry run writes and installs nothing, in a new folder and inside an
 * existing plugin. Through the built CLI (dist/), as CI and the before-stop hook run it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/src/cli/main.js');
const ESC = '\u001b';

let base: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'gpb-notty-'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Runs `packer-builder new` with stdin on /dev/null, as a CI job or `</dev/null` would. */
function runNew(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, 'new', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    // the user's cache (the CLI's compile cache) is not the folder under test
    env: { PATH: process.env.PATH, HOME: cwd, XDG_CACHE_HOME: join(base, 'user-cache'), TERM: 'xterm' },
    timeout: 120_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Every file under `dir` with its text (absent folder: empty). */
function snapshot(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(join(dir, rel))) return out;
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, snapshot(dir, p));
    else out[p] = readFileSync(join(dir, p), 'utf8');
  }
  return out;
}

const fresh = (): string => mkdtempSync(join(base, 'run-'));

describe('packer-builder new without a terminal', { timeout: 300_000 }, () => {
  // Each way answers can be left open; each fails before writing, naming the flags.
  it.each([
    {
      way: 'the before-stop probe (some flags, no --defaults)',
      args: ['--name', 'hookprobe', '--field', 'a:string', '--skip-install', '--no-git'],
      open: ['description: give --description TEXT', 'org: give --org ORG', 'communicator: give --communicator none|local|ssh|custom', 'steps: give --step NAME (repeatable)'],
    },
    {
      way: 'no flags at all',
      args: [],
      open: ['name: give --name NAME', 'fields: give --field NAME:TYPE (repeatable)', 'git: give --git or --no-git', 'install: give --install or --skip-install'],
    },
  ])('$way: asks nothing, writes nothing, lists each open answer with its flag', ({ args, open }) => {
    const dir = fresh();
    const r = runNew(args, dir);
    expect(r.out).toContain('there is no terminal to ask on (stdin is not a TTY)');
    for (const line of open) expect(r.out).toContain(`  - ${line}\n`);
    expect(r.out).toContain('Or pass --defaults to take the default for every open answer');
    expect(r.out).not.toContain('?'); // no question was printed
    expect(r.out).not.toContain('User force closed the prompt');
    expect(r.out).not.toContain(ESC);
    expect(r.code).not.toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('with --defaults writes the plugin, with no colour in the output', () => {
    const dir = fresh();
    const r = runNew(['--name', 'plain', '--defaults', '--skip-install', '--no-git'], dir);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('create packer-plugin-plain/src/config.ts');
    expect(r.out).not.toContain(ESC);
    expect(existsSync(join(dir, 'packer-plugin-plain/src/config.hcl2spec.ts'))).toBe(true);
  });

  it('re-run over an edited file: fails listing it and the flags, writing nothing; --skip-conflicts keeps it', () => {
    const dir = fresh();
    expect(runNew(['--name', 'again', '--defaults', '--skip-install', '--no-git'], dir).code).toBe(0);
    const plugin = join(dir, 'packer-plugin-again');
    writeFileSync(join(plugin, 'src/builder.ts'), `${readFileSync(join(plugin, 'src/builder.ts'), 'utf8')}// mine\n`);
    rmSync(join(plugin, 'docs/README.md'));
    const before = snapshot(plugin);
    const r = runNew(['--defaults', '--org', 'acme'], plugin);
    expect(r.out).toMatch(/differ from what would be written, and there is no terminal to ask on \(stdin is not a TTY\); nothing was written:\n(  - .*\n)*  - src\/builder\.ts\n/);
    expect(r.out).toContain('Settle them with --force (overwrite them), --skip-conflicts (keep your files');
    expect(r.out).not.toContain(ESC);
    expect(r.code).not.toBe(0);
    expect(snapshot(plugin)).toEqual(before);

    const kept = runNew(['--defaults', '--skip-conflicts'], plugin);
    expect(kept.code, kept.out).toBe(0);
    expect(readFileSync(join(plugin, 'src/builder.ts'), 'utf8')).toMatch(/\/\/ mine\n$/);
    expect(existsSync(join(plugin, 'docs/README.md'))).toBe(true);
  });

  // A dry run, wherever it runs, even with npm install and git init asked for.
  it.each(['a new folder', 'an existing plugin'])('--dry-run in %s writes nothing and installs nothing', (where) => {
    const dir = fresh();
    let target = dir;
    if (where === 'an existing plugin') {
      expect(runNew(['--name', 'dry', '--defaults', '--skip-install', '--no-git'], dir).code).toBe(0);
      target = join(dir, 'packer-plugin-dry');
      writeFileSync(join(target, 'src/builder.ts'), `${readFileSync(join(target, 'src/builder.ts'), 'utf8')}// mine\n`);
    }
    const before = snapshot(target);
    const r = runNew(['--name', 'dry', '--defaults', '--install', '--git', '--dry-run', '--force'], target);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('Dry run: nothing was written, npm install and git init were not run.');
    expect(snapshot(target)).toEqual(before);
    expect(existsSync(join(target, 'package-lock.json'))).toBe(false);
    expect(existsSync(join(target, 'node_modules'))).toBe(false);
  });
});
