/**
 * End-to-end harness for modern Packer: the e2e test builder (test/fixtures/test-builder), bundled as
 * one CommonJS file (fixtures/tsb-plugin.ts) and installed with `packer plugins install --path`
 * into a private HOME, then driven by the real Packer binaries built by test/modern-packer/build.sh.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { requirePacker, type ModernPacker } from './modern-packers.js';

/** Plugin source address used for every install. */
export const PLUGIN_SOURCE = 'github.com/acme/tsb';
/** Version the fixture's `describe` reports (fixtures/tsb-plugin.ts). */
export const PLUGIN_VERSION = '0.1.0';
/** File name `packer plugins install` gives the fixture. */
export const INSTALLED_NAME = `packer-plugin-tsb_v${PLUGIN_VERSION}_x5.0_linux_amd64`;

const bundleDir = mkdtempSync(join(tmpdir(), 'gpb-e2e-modern-bundle-'));
let bundled: Promise<string> | undefined;

/**
 * Bundles the fixture once per test file. CommonJS because the installed copy is named
 * `…_x5.0_linux_amd64`, an "extension" Node refuses for ES modules.
 */
export function bundleTsbPlugin(): Promise<string> {
  bundled ??= (async () => {
    const file = join(bundleDir, 'packer-plugin-tsb');
    const tmp = `${file}.tmp`;
    await build({
      entryPoints: [new URL('./fixtures/tsb-plugin.ts', import.meta.url).pathname],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      banner: { js: '#!/usr/bin/env node' },
      outfile: tmp,
      logLevel: 'silent',
    });
    chmodSync(tmp, 0o755);
    renameSync(tmp, file);
    return file;
  })();
  return bundled;
}

/** Removes the bundle directory (call from afterAll). */
export function removeBundle(): void {
  rmSync(bundleDir, { recursive: true, force: true });
}

/** A private workspace with the plugin installed for one Packer version. */
export interface ModernWorkspace {
  packer: string;
  version: string;
  root: string;
  home: string;
  tmp: string;
  /** Where `packer plugins install` put the plugin (XDG default under the private HOME). */
  installed: string;
  env: NodeJS.ProcessEnv;
  file(name: string, content: string | Buffer): string;
  cleanup(): void;
}

/** Makes a workspace and installs the bundled plugin with `packer plugins install --path`. */
export async function makeModernWorkspace(p: ModernPacker): Promise<ModernWorkspace> {
  const packer = requirePacker(p);
  const bundle = await bundleTsbPlugin();
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
  const res = spawnSync(packer, ['plugins', 'install', '--path', bundle, PLUGIN_SOURCE], { env, encoding: 'utf8' });
  const installed = join(home, '.config/packer/plugins', PLUGIN_SOURCE, INSTALLED_NAME);
  if (res.status !== 0 || !res.stdout.includes(`to ${installed}`)) {
    throw new Error(`packer ${p.version} plugins install --path ${bundle} ${PLUGIN_SOURCE} failed (exit ${res.status}):\n${res.stdout}${res.stderr}`);
  }
  return {
    packer,
    version: p.version,
    root,
    home,
    tmp,
    installed,
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

/** Result of a packer run. */
export interface PackerRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs packer in the workspace to completion (bounded by `timeoutMs`). */
export function runPacker(ws: ModernWorkspace, args: string[], extraEnv: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<PackerRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(ws.packer, args, { cwd: ws.root, env: { ...ws.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`packer ${ws.version} ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Entries left in the workspace TMPDIR, Packer's own shell-script leftovers excluded. */
export function tmpLeftovers(ws: ModernWorkspace): string[] {
  return readdirSync(ws.tmp).filter((n) => !n.startsWith('packer-shell'));
}

/** Formats a run for an assertion message. */
export function show(run: PackerRun): string {
  return `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}

/**
 * A `Ui.Message` line: Packer >= 1.13 prints messages like `Say` (`==> name: text`), older ones
 * indent them (`    name: text`).
 */
export function messageLine(version: string, target: string, text: string): string {
  const [major, minor] = version.split('.').map(Number) as [number, number];
  const arrow = major > 1 || minor >= 13 ? '==>' : '   ';
  return `${arrow} ${target}: ${text}`;
}
