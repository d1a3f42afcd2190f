/**
 * `packer-builder field` and `packer-builder step`: the sub-generators without yo (which a
 * generated plugin's README points to), run here as root, as on these machines, where yo would
 * switch to another user and fail on the plugin's files.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeCwd } from '../../src/cli/new.js';

const ROOT = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');
const CLI = join(ROOT, 'dist/src/cli/main.js');

function cli(args: string[], cwd: string): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('packer-builder new --destination', () => {
  it('writes the plugin to a folder outside the current one (absolute or ../), and nothing here', () => {
    const work = mkdtempSync(join(tmpdir(), 'gpb-destination-'));
    try {
      const here = join(work, 'here');
      mkdirSync(here);
      const abs = cli(['new', '--name', 'far', '--defaults', '--skip-install', '--no-git', '--sdk', ROOT, '--destination', join(work, 'elsewhere', 'far')], here);
      expect(abs.code, abs.out).toBe(0);
      expect(readFileSync(join(work, 'elsewhere/far/src/config.ts'), 'utf8')).toContain('export interface Config');
      const rel = cli(['new', '--name', 'near', '--defaults', '--skip-install', '--no-git', '--sdk', ROOT, '--destination', '../sibling'], here);
      expect(rel.code, rel.out).toBe(0);
      expect(readFileSync(join(work, 'sibling/.yo-rc.json'), 'utf8')).toContain('"name": "near"');
      expect(readdirSync(here)).toEqual([]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('--cwd DIR (listed by Yeoman, which took no value for it)', () => {
  it('takeCwd: DIR, =DIR, relative to the current folder; a missing or absent folder is named', () => {
    const work = mkdtempSync(join(tmpdir(), 'gpb-cwd-unit-'));
    try {
      mkdirSync(join(work, 'sub'));
      expect(takeCwd(['--name', 'x', '--cwd', 'sub', '--defaults'], work)).toEqual({ args: ['--name', 'x', '--defaults'], cwd: join(work, 'sub') });
      expect(takeCwd([`--cwd=${join(work, 'sub')}`], '/')).toEqual({ args: [], cwd: join(work, 'sub') });
      expect(takeCwd(['--defaults'], work)).toEqual({ args: ['--defaults'], cwd: work });
      expect(() => takeCwd(['--cwd', 'nope'], work)).toThrow(`--cwd nope: no such folder (${join(work, 'nope')}); create it first`);
      expect(() => takeCwd(['--cwd'], work)).toThrow('--cwd needs a folder: --cwd DIR');
      expect(() => takeCwd(['--cwd', '--defaults'], work)).toThrow('--cwd needs a folder: --cwd DIR');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('packer-builder new --cwd DIR writes the plugin below DIR; a missing DIR fails before writing', () => {
    const work = mkdtempSync(join(tmpdir(), 'gpb-cwd-'));
    try {
      const here = join(work, 'here');
      const there = join(work, 'there');
      mkdirSync(here);
      mkdirSync(there);
      const r = cli(['new', '--name', 'cwdplug', '--defaults', '--skip-install', '--no-git', '--sdk', ROOT, '--cwd', '../there'], here);
      expect(r.code, r.out).toBe(0);
      expect(readFileSync(join(there, 'packer-plugin-cwdplug/src/config.ts'), 'utf8')).toContain('export interface Config');
      expect(readdirSync(here)).toEqual([]);
      const missing = cli(['new', '--name', 'cwdplug', '--defaults', '--skip-install', '--no-git', '--sdk', ROOT, '--cwd', '../none'], here);
      expect(missing.out).toContain(`packer-builder: --cwd ../none: no such folder (${join(work, 'none')}); create it first`);
      expect(missing.code).toBe(1);
      expect(readdirSync(work).sort()).toEqual(['here', 'there']);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('packer-builder field / step', () => {
  let work: string;
  let plugin: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'gpb-subcommands-'));
    const made = cli(['new', '--name', 'sub', '--defaults', '--skip-install', '--no-git', '--sdk', ROOT], work);
    expect(made.code, made.out).toBe(0);
    plugin = join(work, 'packer-plugin-sub');
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('field adds a setting to src/config.ts and regenerates the spec and docs from it', () => {
    const r = cli(['field', '--field', 'zone:string#The zone to build in.'], plugin);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('Added zone to src/config.ts');
    expect(readFileSync(join(plugin, 'src/config.ts'), 'utf8')).toMatch(/\* The zone to build in\.\s*\*\/\s*zone\?: string;/);
    expect(readFileSync(join(plugin, 'src/config.hcl2spec.ts'), 'utf8')).toContain('zone');
    expect(readFileSync(join(plugin, 'docs/configuration.md'), 'utf8')).toContain('`zone`');
  }, 120_000);

  it('step NAME adds a step file and puts it into buildSteps()', () => {
    const r = cli(['step', 'make-disk'], plugin);
    expect(r.code, r.out).toBe(0);
    expect(readFileSync(join(plugin, 'src/steps/make-disk.ts'), 'utf8')).toContain('export class StepMakeDisk');
    expect(readFileSync(join(plugin, 'src/builder.ts'), 'utf8')).toContain('new StepMakeDisk()');
  }, 120_000);

  it('step without a name and without a terminal fails, naming the argument, and writes nothing', () => {
    const before = readFileSync(join(plugin, 'src/builder.ts'), 'utf8');
    const r = cli(['step'], plugin);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/no step name given .*pass it/);
    expect(readFileSync(join(plugin, 'src/builder.ts'), 'utf8')).toBe(before);
  }, 120_000);
});
