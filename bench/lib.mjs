// Shared helpers of the benchmarks in bench/: statistics, bundling the test builder, Packer paths.
// Not a benchmark itself.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeExecutable } from '../test/fixtures/test-builder/bundle.mjs';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Packer's plugin magic cookie (env key and value), as Packer 1.6.6 sets it for every plugin it
 * starts (see /work/shared/docs/packer-plugin-protocol.md §2.4; the value is in the packer binary).
 */
export const MAGIC_COOKIE_KEY = 'PACKER_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';

/** The environment Packer adds when it launches a plugin (cookie and TCP port range). */
export const PLUGIN_ENV = {
  [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
  PACKER_PLUGIN_MIN_PORT: '10000',
  PACKER_PLUGIN_MAX_PORT: '25000',
};

/** Path of `packer`, or a thrown error saying how to get it. */
export function packerPath() {
  const r = spawnSync('sh', ['-c', 'command -v packer'], { encoding: 'utf8' });
  const p = r.stdout.trim();
  if (r.status !== 0 || p === '') throw new Error('packer is not on PATH: install Packer 1.6.6 (Debian package `packer`) to run this benchmark');
  return p;
}

/** `packer version` output (first line). */
export function packerVersion(packer) {
  return spawnSync(packer, ['version'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } }).stdout.split('\n')[0];
}

/** Sorted copy. */
function sorted(xs) {
  return [...xs].sort((a, b) => a - b);
}

/** The q-quantile (0..1, nearest rank) of `xs`. */
export function quantile(xs, q) {
  const s = sorted(xs);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/** Median (mean of the two middle values for even counts). */
export function median(xs) {
  const s = sorted(xs);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** `{ median, p90, min, max }` of `xs`. */
export function stats(xs) {
  const s = sorted(xs);
  return { median: median(s), p90: quantile(s, 0.9), min: s[0], max: s[s.length - 1], n: s.length };
}

/** Formats a number with `d` decimals, right-aligned in `w` characters. */
export function fmt(x, d = 1, w = 8) {
  return (Number.isFinite(x) ? x.toFixed(d) : String(x)).padStart(w);
}

/** One-line load note, so readers can judge noise (the machine is shared). */
export function loadNote() {
  try {
    const s = spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.trim().split(' ');
    return `load average ${s.slice(0, 3).join(' ')} on ${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()} cores`;
  } catch {
    return 'load average unknown';
  }
}

/**
 * Bundles the e2e test builder (test/fixtures/test-builder) with esbuild into `<dir>/<name>`.
 * `format`: 'esm' (what the e2e tests and generated plugins use) or 'cjs' (a CommonJS wrapper
 * entry, since the ESM entry uses top-level await). `sourcemap: true` adds an inline source map
 * as generated plugins' scripts/build.mjs does; `entryPoint` bundles another ESM entry (e.g. the
 * benchmark null builder, bench/fixtures/null-builder.ts). Resolves with the file path.
 */
export async function bundleBuilder(dir, name, { format = 'esm', sourcemap = false, minify = false, entryPoint } = {}) {
  const { build } = await import('esbuild');
  const fixture = join(ROOT, 'test/fixtures/test-builder/src');
  const entry =
    format === 'esm'
      ? { entryPoints: [entryPoint ?? join(fixture, 'main.ts')] }
      : {
          stdin: {
            contents:
              `import { servePlugin } from ${JSON.stringify(join(ROOT, 'src/plugin/index.ts'))};\n` +
              `import { TsbBuilder } from ${JSON.stringify(join(fixture, 'builder.ts'))};\n` +
              `void servePlugin({ name: 'tsb', version: '0.1.0', builders: { tsb: () => new TsbBuilder() } });\n`,
            resolveDir: fixture,
            sourcefile: 'main-cjs.ts',
            loader: 'ts',
          },
        };
  const result = await build({
    ...entry,
    bundle: true,
    platform: 'node',
    format,
    target: 'node20',
    write: false,
    minify,
    sourcemap: sourcemap ? 'inline' : false,
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'silent',
  });
  return writeExecutable(dir, name, result.outputFiles[0].contents);
}

/**
 * The Nodes the benchmarks compare plugins on: the system's Node (the first `node` on PATH outside
 * any node_modules: Node 20 on this Debian machine), the oldest supported 22.x (test/node22, from
 * `bash scripts/setup.sh --tests`) and the pinned Node 24 (node_modules/node). Each:
 * `{ label, path, version, compileCache }` (`compileCache`: module.enableCompileCache exists,
 * Node >= 22.1). A missing one is left out with a note on stderr.
 */
export function benchNodes() {
  const systemNode = (process.env.PATH ?? '')
    .split(':')
    .filter((d) => d !== '' && !d.includes('node_modules'))
    .map((d) => join(d, 'node'))
    .find((p) => existsSync(p));
  const candidates = [
    ['system', process.env.BENCH_SYSTEM_NODE ?? systemNode],
    ['22 (test/node22)', join(ROOT, 'test/node22/node_modules/node/bin/node')],
    ['24 (node_modules)', join(ROOT, 'node_modules/node/bin/node')],
  ];
  const nodes = [];
  for (const [label, path] of candidates) {
    if (!path || !existsSync(path)) {
      console.error(`bench: no ${label} Node${path ? ` at ${path}` : ''}; run bash scripts/setup.sh --tests`);
      continue;
    }
    const probe = spawnSync(path, ['-p', "process.version + ' ' + (typeof require('node:module').enableCompileCache)"], { encoding: 'utf8' });
    const [version, cc] = probe.stdout.trim().split(' ');
    nodes.push({ label: label === 'system' ? `${version.slice(1).split('.')[0]} (system)` : label, path, version, compileCache: cc === 'function' });
  }
  return nodes;
}

/**
 * Writes `<dir>/<name>`: a copy of the bundle `file` started the way scripts/install-plugin.mjs
 * of a generated plugin installs it: `#!<node>` instead of `#!/usr/bin/env node`. With
 * `compileCacheDir`, the first line is `#!/usr/bin/env -S NODE_COMPILE_CACHE=<dir> <node>`
 * (Node's module compile cache for the bundle itself). Returns the path.
 */
export function installedCopy(file, dir, name, node, compileCacheDir, { cacheFromEnv = false } = {}) {
  // As generated plugins' bundles do: save the compile cache at once (Packer may kill the plugin,
  // and this benchmark does, before Node would save it at exit). `cacheFromEnv`: `#!<node>`, the
  // cache directory comes from NODE_COMPILE_CACHE in the environment.
  const flush = "process.getBuiltinModule('node:module').flushCompileCache?.();"; // CJS or ESM bundle
  const first =
    compileCacheDir && !cacheFromEnv
      ? `#!/usr/bin/env -S NODE_COMPILE_CACHE=${compileCacheDir} ${node}\n${flush}`
      : cacheFromEnv
        ? `#!${node}\n${flush}`
        : `#!${node}`;
  return writeExecutable(dir, name, Buffer.from(readFileSync(file, 'utf8').replace(/^#!.*\n/, `${first}\n`)));
}

/**
 * A single executable from `main` (CommonJS) with the given SEA options, as a generated plugin's
 * scripts/build.mjs builds it: a preparation blob made by `node` (`--experimental-sea-config`),
 * injected with postject into a copy of that node. `execArgv`: Node flags the executable
 * starts with (sea-config `execArgv`, Node >= 24.6 / 22.20; older Nodes ignore it).
 */
export function buildSea(node, main, exe, { name, useCodeCache = false, useSnapshot = false, execArgv }, work) {
  const blob = join(work, `${name}.blob`);
  const config = join(work, `${name}.json`);
  writeFileSync(config, JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, useCodeCache, useSnapshot, ...(execArgv ? { execArgv } : {}) }));
  const must = (args) => {
    const r = spawnSync(node, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${node} ${args.join(' ')} failed: ${r.stderr}`);
  };
  must([...(execArgv ?? []), '--experimental-sea-config', config]); // the code cache under the flags it runs with
  copyFileSync(node, exe);
  chmodSync(exe, 0o755);
  const postject = join(dirname(createRequire(import.meta.url).resolve('postject')), 'cli.js');
  must([postject, exe, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2']);
  return exe;
}

/**
 * CPU time (ms) the process `pid` has used so far, all its threads: the sum of the first field
 * (ns on a CPU) of /proc/<pid>/task/<tid>/schedstat. Unlike wall time it hardly moves with the
 * load of the shared machine. NaN when /proc has no schedstat.
 */
export function cpuMs(pid) {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    return ns / 1e6;
  } catch {
    return NaN;
  }
}

/**
 * Spawns `cmd args` with `env` as Packer starts a plugin; resolves with `{ ms, cpu, line }`: ms
 * until the first stdout line (the handshake), the CPU ms the process used until then, and the
 * line; then kills it. Rejects after 20 s or when it exits first.
 */
export function timeHandshake(cmd, args, env) {
  const TIMEOUT_MS = 20_000;
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    let done = false;
    const timer = setTimeout(() => finish(new Error(`${cmd} ${args.join(' ')}: no handshake within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    const finish = (err, ms, cpu) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      child.once('close', () => (err ? reject(err) : resolve({ ms, cpu, line: out.split('\n')[0] })));
    };
    child.stdout.on('data', (d) => {
      out += d.toString();
      if (out.includes('\n')) finish(undefined, Number(process.hrtime.bigint() - t0) / 1e6, cpuMs(child.pid));
    });
    child.on('error', (err) => finish(err));
    child.on('exit', (code) => {
      if (!out.includes('\n')) finish(new Error(`${cmd} ${args.join(' ')} exited (${code}) before the handshake`));
    });
  });
}

/** Runs `packer build` on `template`; resolves with the wall time in ms (rejects on failure). */
export function timeBuild(packer, template, env, cwd) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(packer, ['build', '-color=false', template], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0 || !out.includes('bench-echo')) reject(new Error(`packer build ${template} failed (exit ${code}):\n${out}`));
      else resolve(ms);
    });
  });
}
