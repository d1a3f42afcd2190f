/**
 * Child processes of the long end-to-end suites (the generator's integration test, the shipping
 * test): a clean environment, bounded runs, and this checkout packed as users get it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../generator/helpers.js';

/** The environment of every child: no vitest or Packer settings leak from this run. */
export function baseEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(VITEST|PACKER_|TEST$|NODE_ENV$|PACKER$)/.test(k)) continue;
    env[k] = v;
  }
  return {
    ...env,
    CHECKPOINT_DISABLE: '1',
    NO_COLOR: '1',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    ...extra,
  };
}

export interface Run {
  code: number | null;
  out: string;
}

/** Runs a command to completion (bounded), stdout and stderr together. */
export function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 120_000): Run {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? `\n[${cmd}: ${r.error.message}]` : ''}`;
  return { code: r.status, out };
}

/** Like {@link run}, but throws with the whole output unless the command succeeds. */
export function must(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs?: number): string {
  const r = run(cmd, args, cwd, env, timeoutMs);
  if (r.code !== 0) throw new Error(`\`${cmd} ${args.join(' ')}\` in ${cwd} failed (exit ${r.code}):\n${r.out}`);
  return r.out;
}

/**
 * Packs this checkout as users get it: the package files (package.json `files`) with `dist`
 * compiled from the current sources into a staging folder, so a stale or half-written ./dist
 * (other work in progress) does not matter. Returns the tarball.
 */
export function packSdk(work: string): string {
  const stage = join(work, 'sdk-stage');
  mkdirSync(stage, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { files: string[] };
  for (const f of ['package.json', ...pkg.files.filter((f) => f !== 'dist')]) {
    if (existsSync(join(REPO_ROOT, f))) cpSync(join(REPO_ROOT, f), join(stage, f), { recursive: true });
  }
  // Type errors in files being edited elsewhere must not stop the emit; the output is checked below.
  run(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--outDir', join(stage, 'dist')], REPO_ROOT, baseEnv(), 600_000);
  for (const f of ['dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli/main.js']) {
    if (!existsSync(join(stage, f))) throw new Error(`tsc did not write ${f} into ${stage}: run \`npx tsc -p .\` in ${REPO_ROOT} to see why`);
  }
  const dest = join(work, 'sdk');
  mkdirSync(dest);
  must('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', dest], stage, baseEnv());
  const tgz = readdirSync(dest).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack wrote no tarball into ${dest}`);
  return join(dest, tgz);
}
