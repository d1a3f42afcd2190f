/**
 * Modern-Packer plugin installation: fixture plugins around the e2e test builder
 * (test/fixtures/test-builder), each bundled as one CommonJS file and installed with
 * `packer plugins install --path` into a private HOME, for the binaries built by
 * test/modern-packer/build.sh. The shared suite (test/e2e/workspace.ts) installs the test
 * builder with it; protobuf.test.ts installs the other fixtures and runs Packer with
 * {@link runPacker} here.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { runPackerAt, type PackerRun } from '../e2e/run-packer.js';
import { requirePacker, type ModernPacker } from './modern-packers.js';

/** A fixture plugin (fixtures/*-plugin.ts) as `packer plugins install --path` installs it. */
export interface FixturePlugin {
  /** Plugin name: `packer-plugin-<name>`; its default builder is the Packer type `<name>`. */
  name: string;
  /** Fixture entry file, relative to this directory. */
  entry: string;
  /** Source address for `packer plugins install --path <bundle> <source>`. */
  source: string;
  /** Version the fixture's `describe` reports. */
  version: string;
}

/** The e2e test builder (spec with block attributes and an object type: gob only), type `tsb`. */
export const TSB_PLUGIN: FixturePlugin = { name: 'tsb', entry: 'fixtures/tsb-plugin.ts', source: 'github.com/acme/tsb', version: '0.1.0' };
/** The test builder behind a protobuf-compatible spec (describe claims v2), type `pb`. */
export const PB_PLUGIN: FixturePlugin = { name: 'pb', entry: 'fixtures/pb-plugin.ts', source: 'github.com/acme/pb', version: '0.1.0' };
/** Both builders in one plugin (describe must not claim v2), types `mixed-tsb` and `mixed-pb`. */
export const MIXED_PLUGIN: FixturePlugin = { name: 'mixed', entry: 'fixtures/mixed-plugin.ts', source: 'github.com/acme/mixed', version: '0.1.0' };

/** File name `packer plugins install` gives a fixture plugin on linux/amd64. */
export function installedName(plugin: FixturePlugin): string {
  return `packer-plugin-${plugin.name}_v${plugin.version}_x5.0_linux_amd64`;
}

const bundleDir = mkdtempSync(join(tmpdir(), 'gpb-e2e-modern-bundle-'));
const bundled = new Map<string, Promise<string>>();

/**
 * Bundles a fixture plugin once per test file. CommonJS because the installed copy is named
 * `…_x5.0_linux_amd64`, an "extension" Node refuses for ES modules.
 */
export function bundlePlugin(plugin: FixturePlugin = TSB_PLUGIN): Promise<string> {
  let done = bundled.get(plugin.name);
  if (done === undefined) {
    done = (async () => {
      const file = join(bundleDir, `packer-plugin-${plugin.name}`);
      const tmp = `${file}.tmp`;
      await build({
        entryPoints: [new URL(plugin.entry, import.meta.url).pathname],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        // ssh2's optional native parts: required inside try/catch, so the bundle falls back to JS
        external: ['*.node', 'cpu-features'],
        banner: { js: '#!/usr/bin/env node' },
        outfile: tmp,
        logLevel: 'silent',
      });
      chmodSync(tmp, 0o755);
      renameSync(tmp, file);
      return file;
    })();
    bundled.set(plugin.name, done);
  }
  return done;
}

/** Removes the bundle directory (call from afterAll). */
export function removeBundle(): void {
  rmSync(bundleDir, { recursive: true, force: true });
}

/** A private workspace with fixture plugins installed for one Packer version. */
export interface ModernWorkspace {
  packer: string;
  version: string;
  root: string;
  home: string;
  tmp: string;
  /** Where `packer plugins install` put the first plugin (XDG default under the private HOME). */
  installed: string;
  env: NodeJS.ProcessEnv;
  file(name: string, content: string | Buffer): string;
  cleanup(): void;
}

/** Where `packer plugins install` puts `plugin` under the workspace's HOME (no ~/.packer.d: XDG default). */
function installPath(home: string, plugin: FixturePlugin): string {
  return join(home, '.config/packer/plugins', plugin.source, installedName(plugin));
}

/**
 * Makes a workspace and installs the bundled plugins (default: the test builder) with
 * `packer plugins install --path`.
 */
export async function makeModernWorkspace(p: ModernPacker, plugins: readonly FixturePlugin[] = [TSB_PLUGIN]): Promise<ModernWorkspace> {
  const packer = requirePacker(p);
  const bundles = await Promise.all(plugins.map((plugin) => bundlePlugin(plugin)));
  const root = mkdtempSync(join(tmpdir(), `gpb-e2e-modern-${p.version}-`));
  const home = join(root, 'home');
  const tmp = join(root, 'tmp');
  for (const d of [home, tmp]) mkdirSync(d, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    TMPDIR: tmp,
    XDG_CACHE_HOME: join(root, 'cache'),
    PACKER_CACHE_DIR: join(root, 'packer_cache'),
    CHECKPOINT_DISABLE: '1',
  };
  plugins.forEach((plugin, i) => {
    const bundle = bundles[i] as string;
    const res = spawnSync(packer, ['plugins', 'install', '--path', bundle, plugin.source], { env, encoding: 'utf8' });
    if (res.status !== 0 || !res.stdout.includes(`to ${installPath(home, plugin)}`)) {
      throw new Error(
        `packer ${p.version} plugins install --path ${bundle} ${plugin.source} failed (exit ${res.status}):\n${res.stdout}${res.stderr}`,
      );
    }
  });
  return {
    packer,
    version: p.version,
    root,
    home,
    tmp,
    installed: installPath(home, plugins[0] ?? TSB_PLUGIN),
    env,
    file(name, content) {
      const f = join(root, name);
      writeFileSync(f, content);
      return f;
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export { show, tmpLeftovers, type PackerRun } from '../e2e/run-packer.js';

/** Runs packer in the workspace to completion (bounded by `timeoutMs`). */
export function runPacker(ws: ModernWorkspace, args: string[], extraEnv: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<PackerRun> {
  return runPackerAt({ packerPath: ws.packer, version: ws.version, root: ws.root, env: ws.env }, args, { env: extraEnv, timeoutMs });
}
