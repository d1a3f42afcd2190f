#!/usr/bin/env node
// Benchmark: spawn → handshake-line latency of a TypeScript plugin built with our SDK (the bundled
// e2e test builder) vs Packer's own Go plugin (`packer plugin packer-builder-null`, which is how
// Packer 1.6.6 starts its built-in builders). Both are launched the way Packer launches plugins:
// exec with the magic cookie and port range in the environment, stdout piped; the clock stops
// when the first line (`5|unix|<socket>`) arrives. Target: TS ≤ 1.0x Go.
//
//   node bench/handshake.mjs           (30 runs per variant)
//   node bench/handshake.mjs 50        (custom run count)
//
// The plugin is killed after the handshake; each run has its own TMPDIR, removed at the end.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchNodes, bundleBuilder, fmt, installedCopy, loadNote, packerPath, packerVersion, PLUGIN_ENV, stats, timeHandshake } from './lib.mjs';

const RUNS = Number(process.argv[2]) > 0 ? Number(process.argv[2]) : 30;
const WARMUP = 3;

async function main() {
  const packer = packerPath();
  const root = mkdtempSync(join(tmpdir(), 'bench-handshake-'));
  try {
    const bin = join(root, 'bin');
    const cache = join(root, 'cache');
    mkdirSync(cache);
    const esm = await bundleBuilder(bin, 'packer-builder-tsb');
    const esmMap = await bundleBuilder(join(root, 'bin-map'), 'packer-builder-tsb', { sourcemap: true });
    const cjs = await bundleBuilder(join(root, 'bin-cjs'), 'packer-builder-tsb', { format: 'cjs' });
    // Node refuses ES modules whose "extension" is `.0_linux_amd64`, so the installed copy is CommonJS.
    const modern = await bundleBuilder(bin, 'packer-plugin-tsb_v0.1.0_x5.0_linux_amd64', { format: 'cjs' });

    let runId = 0;
    const envFor = (extra = {}) => {
      const tmp = join(root, `tmp-${runId++}`);
      mkdirSync(tmp);
      return {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TMPDIR: tmp,
        XDG_CACHE_HOME: cache,
        CHECKPOINT_DISABLE: '1',
        ...PLUGIN_ENV,
        ...extra,
      };
    };
    // Under real Packer 1.6.6 the launcher probe finds packer as the parent (a cached scan); here the
    // parent is node, so the SDK would scan node and its ancestors (cached after the warm-up).
    // "forced" pins what the probe would find under Debian's packer 1.6.6, so only start-up is timed.
    const forced = { PACKER_BUILDER_HANDSHAKE: 'v4', PACKER_BUILDER_OBJECTSPEC_NAME: 'github.com/hashicorp/packer/vendor/github.com/hashicorp/hcl/v2/hcldec.ObjectSpec' };
    const variants = [
      { name: 'Go: packer plugin packer-builder-null', go: true, cmd: packer, args: ['plugin', 'packer-builder-null'], env: () => envFor() },
      { name: 'TS: ESM bundle, launcher probe (cached)', cmd: esm, args: [], env: () => envFor() },
      { name: 'TS: ESM bundle, handshake forced by env', cmd: esm, args: [], env: () => envFor(forced) },
      { name: 'TS: ESM bundle + inline source map (generated plugin build)', cmd: esmMap, args: [], env: () => envFor(forced) },
      { name: 'TS: CJS bundle, handshake forced by env', cmd: cjs, args: [], env: () => envFor(forced) },
      { name: 'TS: CJS, modern install name, `start builder tsb` (no probe)', cmd: modern, args: ['start', 'builder', 'tsb'], env: () => envFor() },
      { name: 'baseline: node -e "" (bare Node start, no plugin)', cmd: process.execPath, args: ['-e', 'console.log("x")'], env: () => envFor() },
    ];
    // By Node version: the CJS bundle as a generated plugin's install-plugin installs it
    // (`#!<node>`), without and with Node's module compile cache: set by the plugin's first line
    // (`#!/usr/bin/env -S NODE_COMPILE_CACHE=<dir> <node>`), and, for comparison, by the
    // environment (no extra exec of env). The warm-up runs fill each cache.
    const nodes = benchNodes();
    nodes.forEach((n, i) => {
      const plain = installedCopy(cjs, join(root, `node-${i}`), 'packer-builder-tsb', n.path);
      variants.push({ name: `Node ${n.label}: CJS, #!node, forced`, cmd: plain, args: [], env: () => envFor(forced), node: n, cache: false });
      if (!n.compileCache) return;
      const dir = join(root, `compile-cache-${i}`);
      const cached = installedCopy(cjs, join(root, `node-${i}-cc`), 'packer-builder-tsb', n.path, dir);
      variants.push({ name: `Node ${n.label}: CJS, #!env -S NODE_COMPILE_CACHE, forced`, cmd: cached, args: [], env: () => envFor(forced), node: n, cache: true });
      const envDir = join(root, `compile-cache-env-${i}`);
      const fromEnv = installedCopy(cjs, join(root, `node-${i}-ccenv`), 'packer-builder-tsb', n.path, envDir, { cacheFromEnv: true });
      variants.push({ name: `Node ${n.label}: CJS, #!node, NODE_COMPILE_CACHE in env`, cmd: fromEnv, args: [], env: () => envFor({ ...forced, NODE_COMPILE_CACHE: envDir }), node: n, cache: true });
    });

    console.log(`handshake benchmark: ${RUNS} runs per variant (+${WARMUP} warm-up), interleaved; ${loadNote()}`);
    console.log(`  ${packerVersion(packer)}, node ${process.version}`);
    console.log(
      `  NODE_COMPILE_CACHE / module.enableCompileCache: ${
        typeof (await import('node:module')).default.enableCompileCache === 'function' ? 'available' : `not available in node ${process.version} (needs >= 22.1)`
      }`,
    );
    const times = new Map(variants.map((v) => [v, []]));
    const cpus = new Map(variants.map((v) => [v, []]));
    const lines = new Map();
    for (let r = 0; r < WARMUP + RUNS; r++) {
      for (const v of variants) {
        const { ms, cpu, line } = await timeHandshake(v.cmd, v.args, v.env());
        if (r >= WARMUP) times.get(v).push(ms);
        if (r >= WARMUP) cpus.get(v).push(cpu);
        lines.set(v, line);
      }
    }
    const goCpu = stats(cpus.get(variants[0])).median;
    const go = stats(times.get(variants[0]));
    console.log(`  ${'variant'.padEnd(66)}  median      p90   TS/Go    CPU to handshake (median, TS/Go)   first line`);
    for (const v of variants) {
      const s = stats(times.get(v));
      const c = stats(cpus.get(v)).median;
      const ratio = v.go ? '' : `${(s.median / go.median).toFixed(2)}x`;
      const cpuRatio = v.go ? '' : `${(c / goCpu).toFixed(2)}x`;
      console.log(
        `  ${v.name.padEnd(66)} ${fmt(s.median)} ms ${fmt(s.p90)} ms ${ratio.padStart(7)}   ${fmt(c)} ms ${cpuRatio.padStart(7)}              ${lines.get(v).replace(/\|\/.*/, '|…')}`,
      );
    }
    console.log('  by Node version (CJS bundle as install-plugin installs it; TS/Go median):');
    console.log(`  ${'Node'.padEnd(26)} ${'no cache'.padStart(40)} ${'cache (#! env -S)'.padStart(40)} ${'cache (env)'.padStart(40)}`);
    for (const n of nodes) {
      const cell = (pred) => {
        const v = variants.find((x) => x.node === n && pred(x));
        if (!v) return 'n/a (Node < 22.1)';
        const s = stats(times.get(v));
        const c = stats(cpus.get(v)).median;
        return `${s.median.toFixed(1)} ms ${(s.median / go.median).toFixed(2)}x, CPU ${c.toFixed(1)} ms ${(c / goCpu).toFixed(2)}x`;
      };
      console.log(
        `  ${`${n.label} ${n.version}`.padEnd(26)} ${cell((x) => !x.cache).padStart(40)} ${cell((x) => x.cache && x.name.includes('env -S')).padStart(40)} ${cell((x) => x.cache && x.name.includes('in env')).padStart(40)}`,
      );
    }
    const ts = stats(times.get(variants[2]));
    const ratio = ts.median / go.median;
    console.log(`  target: TS ≤ 1.0x Go → ESM bundle ${ratio.toFixed(2)}x: ${ratio <= 1 ? 'ok' : 'MISSED'}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
