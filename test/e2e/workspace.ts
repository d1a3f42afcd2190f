/**
 * Workspaces of the shared end-to-end suite: a private HOME/TMPDIR with the test builder
 * (test/fixtures/test-builder) reachable by the Packer under test the way that Packer finds
 * plugins (see {@link PackerUnderTest.install}), and how to run Packer in one.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { makeModernWorkspace, removeBundle } from '../e2e-modern/harness.js';
import { makeLegacyWorkspace } from './legacy-workspace.js';
import { requirePackerBinary, type PackerUnderTest } from './packers.js';

/** A private workspace for one test file and one Packer. */
export interface Workspace {
  packer: PackerUnderTest;
  /** Working directory of packer; templates and outputs go here. */
  root: string;
  /** The TMPDIR given to packer (and so to the plugin). */
  tmp: string;
  home: string;
  /** The test builder's file as Packer runs it. */
  pluginPath: string;
  /** Its file name, which prefixes its lines in Packer's log (`<pluginName> plugin: …`). */
  pluginName: string;
  env: NodeJS.ProcessEnv;
  /** Writes `<root>/<name>`; returns its path. */
  file(name: string, content: string | Buffer): string;
  cleanup(): void;
}

/** Makes a workspace with the test builder installed for `p` (fails when `p`'s binary is missing). */
export async function makeWorkspace(p: PackerUnderTest): Promise<Workspace> {
  requirePackerBinary(p);
  if (p.install === 'legacy-plugin-path') {
    const w = await makeLegacyWorkspace();
    const pluginPath = join(w.pluginDir, 'packer-builder-tsb');
    return { packer: p, root: w.root, tmp: w.tmp, home: w.home, env: w.env, pluginPath, pluginName: basename(pluginPath), file: w.file, cleanup: w.cleanup };
  }
  const w = await makeModernWorkspace({ version: p.version, path: p.path });
  return {
    packer: p,
    root: w.root,
    tmp: w.tmp,
    home: w.home,
    env: w.env,
    pluginPath: w.installed,
    pluginName: basename(w.installed),
    file: w.file,
    cleanup: w.cleanup,
  };
}

/** Removes the plugin bundles of this test file (call from a top-level afterAll). */
export const removeBundles: () => void = removeBundle;

/** Result of a packer run. */
export interface PackerRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runPacker}. */
export interface RunOptions {
  /** Added to the workspace environment (e.g. `{ PACKER_LOG: '1' }`). */
  env?: NodeJS.ProcessEnv;
  /** Kill packer and fail after this long (default 120 s). */
  timeoutMs?: number;
}

/** Runs the workspace's packer to completion in its root. */
export function runPacker(ws: Workspace, args: string[], opts: RunOptions = {}): Promise<PackerRun> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  return new Promise((resolve, reject) => {
    const child = spawn(ws.packer.path, args, { cwd: ws.root, env: { ...ws.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`packer ${ws.packer.version} ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Entries left in the workspace TMPDIR, Packer's own shell-script leftovers excluded. */
export function tmpLeftovers(ws: Workspace): string[] {
  return readdirSync(ws.tmp).filter((n) => !n.startsWith('packer-shell'));
}

/** Formats a run for an assertion message. */
export function show(run: PackerRun): string {
  return `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}
