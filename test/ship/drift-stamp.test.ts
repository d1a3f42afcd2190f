/**
 * The cheap drift check of `regenerate-spec --check` (src/specsync/drift-stamp.ts): after a run
 * that left the outputs up to date, a later --check answers from the stamp only while every
 * input, input folder and output is byte for byte the same; any change falls back to the full
 * rendering, which still finds real drift.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshOutputs, stampPath } from '../../src/specsync/drift-stamp.js';
import { regenerateSpec } from '../../src/specsync/index.js';
import { QUIET, REPO_ROOT, runApp, scratchDir } from '../generator/helpers.js';

let template = '';

/** A fresh copy of the generated plugin with a node_modules folder (where the stamp lives). */
function freshPlugin(): string {
  const dir = join(scratchDir('gpb-stamp-'), 'packer-plugin-hello');
  cpSync(template, dir, { recursive: true });
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  return dir;
}

const edit = (root: string, rel: string, fn: (text: string) => string): void =>
  writeFileSync(join(root, rel), fn(readFileSync(join(root, rel), 'utf8')));

beforeAll(async () => {
  const dir = scratchDir('gpb-stamp-tpl-');
  await runApp().withOptions({ ...QUIET, answers: join(REPO_ROOT, 'templates/quickstart.answers.json') }).inDir(dir);
  template = join(dir, 'packer-plugin-hello');
});

describe('regenerate-spec drift stamp', () => {
  it('is written by a run that finds no drift, and then answers --check alone', async () => {
    const root = freshPlugin();
    expect(freshOutputs(root)).toBeUndefined();
    const r = await regenerateSpec(root, { check: true });
    expect(r.drifted).toEqual([]);
    expect(existsSync(stampPath(root))).toBe(true);
    expect(freshOutputs(root)?.sort()).toEqual([...r.unchanged].sort());
  });

  it('is not written by a --check that found drift, nor without node_modules', async () => {
    const root = freshPlugin();
    edit(root, 'src/config.ts', (t) => t.replace('What to greet.', 'Whom to greet.'));
    expect((await regenerateSpec(root, { check: true })).drifted.length).toBeGreaterThan(0);
    expect(existsSync(stampPath(root))).toBe(false);
    rmSync(join(root, 'node_modules'), { recursive: true });
    await regenerateSpec(root);
    expect(existsSync(join(root, 'node_modules'))).toBe(false);
  });

  it.each([
    ['an input (src/config.ts)', (root: string) => edit(root, 'src/config.ts', (t) => `${t}// edited\n`)],
    ['an output (.web-docs page)', (root: string) => edit(root, '.web-docs/README.md', (t) => `${t}edited\n`)],
    ['a docs source', (root: string) => edit(root, 'docs/builders/hello.mdx', (t) => `${t}\nedited\n`)],
    ['a new file next to the config (a relative import may now resolve)', (root: string) => writeFileSync(join(root, 'src/extra.ts'), 'export {};\n')],
    ['package.json', (root: string) => edit(root, 'package.json', (t) => t.replace('"version": "0.1.0"', '"version": "0.1.1"'))],
  ])('is void after a change to %s', async (_what, change) => {
    const root = freshPlugin();
    await regenerateSpec(root, { check: true });
    expect(freshOutputs(root)).toBeDefined();
    change(root);
    expect(freshOutputs(root)).toBeUndefined();
  });

  it('the CLI --check still fails on real drift when a stamp exists', async () => {
    const root = freshPlugin();
    await regenerateSpec(root, { check: true });
    const cli = (): ReturnType<typeof spawnSync> =>
      spawnSync(process.execPath, [join(REPO_ROOT, 'dist/src/cli/main.js'), 'regenerate-spec', '--check'], { cwd: root, encoding: 'utf8' });
    const ok = cli();
    expect(ok.stdout).toContain('regenerate-spec: up to date (');
    expect(ok.status).toBe(0);
    edit(root, 'src/config.ts', (t) => t.replace('What to greet.', 'Whom to greet.'));
    const drift = cli();
    expect(drift.stderr).toContain('regenerate-spec --check: src/config.hcl2spec.ts is out of date');
    expect(drift.status).toBe(1);
  });
});
