/**
 * Workspaces of the shared end-to-end suite: a private HOME/TMPDIR with the test builder
 * (test/fixtures/test-builder) reachable by the Packer under test the way that Packer finds
 * plugins (see {@link PackerUnderTest.install}), and how to run Packer in one.
 */
import { basename, join } from 'node:path';
import { makeModernWorkspace, removeBundle } from '../e2e-modern/harness.js';
import { makeLegacyWorkspace } from './legacy-workspace.js';
import { requirePackerBinary, type PackerUnderTest } from './packers.js';
import { runPackerAt, type PackerRun, type RunOptions } from './run-packer.js';

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

export { show, tmpLeftovers, type PackerRun, type RunOptions } from './run-packer.js';

/** Runs the workspace's packer to completion in its root. */
export function runPacker(ws: Workspace, args: string[], opts: RunOptions = {}): Promise<PackerRun> {
  return runPackerAt({ packerPath: ws.packer.path, version: ws.packer.version, root: ws.root, env: ws.env }, args, opts);
}
