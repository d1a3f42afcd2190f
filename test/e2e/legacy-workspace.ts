/**
 * A Packer 1.6.6 workspace: the bundled test builder `packer-builder-tsb`
 * (test/fixtures/test-builder) in a private plugin directory found through PACKER_PLUGIN_PATH,
 * with a private HOME and TMPDIR. The shared suite reaches it through workspace.ts; the
 * 1.6.6-only tests (manual-start, interactive) use it directly.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error plain ESM helper without types
import { bundleTestBuilder } from '../fixtures/test-builder/bundle.mjs';

/** A private workspace: plugin dir, TMPDIR, HOME and the files of one test. */
export interface LegacyWorkspace {
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
export async function makeLegacyWorkspace(): Promise<LegacyWorkspace> {
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
