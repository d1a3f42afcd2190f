/**
 * End-to-end harness: the real /usr/bin/packer (1.6.6) building with the bundled test builder
 * `packer-builder-tsb` (test/fixtures/test-builder) found through PACKER_PLUGIN_PATH.
 *
 * If `packer` is missing the suites are skipped with a message, except when CI=true, where
 * that is a failure.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error plain ESM helper without types
import { bundleTestBuilder } from '../fixtures/test-builder/bundle.mjs';

/** Path of the packer binary, or undefined when it is not installed. */
export const PACKER: string | undefined = (() => {
  const r = spawnSync('sh', ['-c', 'command -v packer'], { encoding: 'utf8' });
  const p = r.stdout.trim();
  return r.status === 0 && p !== '' ? p : undefined;
})();

/** Why e2e tests cannot run here (undefined when they can). Throws under CI, where packer is required. */
export function packerMissing(): string | undefined {
  if (PACKER !== undefined) return undefined;
  if (process.env.CI === 'true') {
    throw new Error('packer is not installed but CI=true: the end-to-end tests need /usr/bin/packer (Packer 1.6.6)');
  }
  return 'packer is not installed: skipping the end-to-end tests (install Packer 1.6.6 to run them)';
}

/** A private workspace: plugin dir, TMPDIR, HOME and the files of one test. */
export interface Workspace {
  root: string;
  pluginDir: string;
  tmp: string;
  home: string;
  env: NodeJS.ProcessEnv;
  file(name: string, content: string | Buffer): string;
  cleanup(): void;
}

/** Shared launcher-probe cache, outside the workspaces (so "nothing left in TMPDIR" checks stay exact). */
const CACHE_DIR = join(tmpdir(), 'generator-packer-builder-e2e-cache');

/** Makes a workspace with the test builder bundled into its plugin dir. */
export async function makeWorkspace(): Promise<Workspace> {
  const root = mkdtempSync(join(tmpdir(), 'gpb-e2e-'));
  const pluginDir = join(root, 'plugins');
  const tmp = join(root, 'tmp');
  const home = join(root, 'home');
  for (const d of [pluginDir, tmp, home]) mkdirSync(d, { recursive: true });
  mkdirSync(CACHE_DIR, { recursive: true });
  await bundleTestBuilder(pluginDir);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    TMPDIR: tmp,
    XDG_CACHE_HOME: CACHE_DIR,
    PACKER_PLUGIN_PATH: pluginDir,
    PACKER_CACHE_DIR: join(root, 'packer_cache'),
    CHECKPOINT_DISABLE: '1',
  };
  return {
    root,
    pluginDir,
    tmp,
    home,
    env,
    file(name, content) {
      const p = join(root, name);
      writeFileSync(p, content);
      return p;
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Result of a packer run. */
export interface PackerRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs packer to completion (bounded by `timeoutMs`). */
export function runPacker(ws: Workspace, args: string[], timeoutMs = 120_000, extraEnv: NodeJS.ProcessEnv = {}): Promise<PackerRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(PACKER as string, args, { cwd: ws.root, env: { ...ws.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`packer ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Entries left in the workspace TMPDIR (Packer's own leftovers excluded). */
export function tmpLeftovers(ws: Workspace): string[] {
  return readdirSync(ws.tmp).filter((n) => !n.startsWith('packer-shell'));
}

/** Formats a failed run for an assertion message. */
export function show(run: PackerRun): string {
  return `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}
