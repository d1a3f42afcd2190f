/** Builds the probe plugin (fixtures/probe-plugin.ts) and runs real Packer against it. */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { LauncherInfo } from '../../src/plugin/protocol/index.js';

/**
 * Bundles the probe plugin into one self-contained CommonJS file with a node shebang.
 * CommonJS on purpose: `packer plugins install` renames the file to `…_x5.0_linux_amd64`, and Node
 * refuses to load an ES module with that "extension" (ERR_UNKNOWN_FILE_EXTENSION).
 */
export async function bundleProbePlugin(outfile: string): Promise<string> {
  await build({
    entryPoints: [new URL('./fixtures/probe-plugin.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    outfile,
    logLevel: 'silent',
  });
  chmodSync(outfile, 0o755);
  return outfile;
}

/** One line the probe plugin wrote. */
export type ProbeEvent = { event: 'start'; args: string[]; info: LauncherInfo } | { event: 'connected' };

/** Result of one `packer build` against the probe plugin. */
export interface ProbeRun {
  status: number | null;
  output: string;
  events: ProbeEvent[];
}

/**
 * Runs `<packer> build` on a JSON template using builder type `probe-b1` and collects what the
 * probe plugin recorded. `env` is added to a minimal environment (PATH, HOME, TMPDIR).
 */
export function runProbeBuild(packer: string, workDir: string, env: Record<string, string>): ProbeRun {
  const template = join(workDir, 'probe.json');
  writeFileSync(template, JSON.stringify({ builders: [{ type: 'probe-b1' }] }));
  const out = join(workDir, `probe-${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`);
  const res = spawnSync(packer, ['build', template], {
    cwd: workDir,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: workDir,
      TMPDIR: workDir,
      CHECKPOINT_DISABLE: '1',
      PROBE_OUT: out,
      ...env,
    },
  });
  const events = existsSync(out)
    ? readFileSync(out, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as ProbeEvent)
    : [];
  return { status: res.status, output: `${res.stdout}${res.stderr}`, events };
}
