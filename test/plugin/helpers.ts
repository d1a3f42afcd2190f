import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

/** Bundles a TS entry into an executable single-file node script named `name` in a temp dir. */
export async function bundlePlugin(entry: string, name: string): Promise<{ dir: string; file: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'plugin-test-'));
  const file = join(dir, name);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'silent',
  });
  writeFileSync(file, result.outputFiles[0]?.contents ?? new Uint8Array());
  chmodSync(file, 0o755);
  return { dir, file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const COOKIE = { PACKER_PLUGIN_MAGIC_COOKIE: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2' };

export interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  line: Promise<string>;
}

/** Spawns a plugin binary and collects its output; `line` is the first stdout line. */
export function startPlugin(file: string, args: string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn(file, args, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let resolveLine: (l: string) => void = () => undefined;
  const line = new Promise<string>((resolve) => {
    resolveLine = resolve;
  });
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    const nl = out.indexOf('\n');
    if (nl >= 0) resolveLine(out.slice(0, nl));
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited, line };
}

/** Connects to a handshake address. */
export function connectTo(network: string, address: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s =
      network === 'unix'
        ? net.connect(address)
        : net.connect(Number(address.split(':')[1]), address.split(':')[0] as string);
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}
