/** Shared helpers of the generator tests: running the generators with yeoman-test. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { afterAll } from 'vitest';
import type Generator from 'yeoman-generator';
import type { BaseOptions } from 'yeoman-generator';
import helpers from 'yeoman-test';
import AppGenerator from '../../generators/app/index.js';
import FieldGenerator from '../../generators/field/index.js';
import StepGenerator from '../../generators/step/index.js';

const here = (rel: string): string => fileURLToPath(new URL(rel, import.meta.url));

const scratch: string[] = [];

/** A fresh temp folder, removed after the test file's tests (registered from here). */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * Whether the generators see a terminal (they read `process.stdin.isTTY`). yeoman-test answers
 * their questions from a script, so its runs stand for a user at a terminal unless a test says
 * otherwise; the real no-terminal behaviour is also tested through the CLI with `</dev/null`.
 */
export function emulateTerminal(on: boolean): void {
  Object.defineProperty(process.stdin, 'isTTY', { value: on, configurable: true, writable: true });
}
emulateTerminal(true);

/** The repository root. */
export const REPO_ROOT = here('../../');

/**
 * Environment options of a real `yo` run: yeoman-test forces every conflict by default, which
 * would hide Yeoman's conflict handling.
 */
export const REAL_CONFLICTS = { force: false } as const;

/**
 * How the tests see a generator: any option (our generators parse their flags themselves, so
 * their declared option type is yeoman's base one).
 */
type LooseGenerator = Generator<Record<string, unknown>, BaseOptions & Record<string, unknown>>;
const asLoose = (g: unknown) => g as new (...args: unknown[]) => LooseGenerator;

/** yeoman-test run context for `yo packer-builder` (from the TypeScript sources). */
export function runApp(envOptions: Record<string, unknown> = {}) {
  return helpers.run<LooseGenerator>(
    asLoose(AppGenerator),
    { resolved: here('../../generators/app/index.ts'), namespace: 'packer-builder:app' },
    envOptions,
  );
}

/** yeoman-test run context for `yo packer-builder:field`. */
export function runField(envOptions: Record<string, unknown> = {}) {
  return helpers.run<LooseGenerator>(
    asLoose(FieldGenerator),
    { resolved: here('../../generators/field/index.ts'), namespace: 'packer-builder:field' },
    envOptions,
  );
}

/** yeoman-test run context for `yo packer-builder:step`. */
export function runStep(envOptions: Record<string, unknown> = {}) {
  return helpers.run<LooseGenerator>(
    asLoose(StepGenerator),
    { resolved: here('../../generators/step/index.ts'), namespace: 'packer-builder:step' },
    envOptions,
  );
}

/** Options that keep a run quick and local: no prompts, no install, no git. */
export const QUIET = { defaults: true, skipInstall: true, git: false } as const;

/**
 * Runs a generated plugin's own test files (`npm test` = `vitest run`) in `root`, with this
 * checkout as generator-packer-builder (its built dist/) and this checkout's node_modules, and
 * Debian's Packer 1.6.6 as $PACKER, under a TMPDIR of its own. Output without colour codes;
 * `leftovers`: what those tests left in that TMPDIR (their temporary folders, keys, sockets).
 */
export function ownTests(root: string, timeoutMs = 300_000): { status: number | null; out: string; leftovers: string[] } {
  const modules = join(root, 'node_modules');
  mkdirSync(modules);
  for (const entry of readdirSync(join(REPO_ROOT, 'node_modules'))) symlinkSync(join(REPO_ROOT, 'node_modules', entry), join(modules, entry));
  symlinkSync(REPO_ROOT, join(modules, 'generator-packer-builder'));
  const tmp = mkdtempSync(join(tmpdir(), 'gpb-own-tests-tmp-'));
  try {
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=verbose'], {
      cwd: root,
      env: { ...process.env, PACKER: '/usr/bin/packer', CI: 'true', TMPDIR: tmp },
      encoding: 'utf8',
      timeout: timeoutMs,
    });
    return { status: r.status, out: stripVTControlCharacters(`${r.stdout}${r.stderr}`), leftovers: readdirSync(tmp) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
