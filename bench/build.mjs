#!/usr/bin/env node
// Benchmark: wall time of a minimal `packer build` (HCL2) with our TypeScript test builder `tsb`
// vs the same build with Packer's Go `null` builder (communicator "none"). Both builds run the
// same single `shell-local` provisioner (echo) and no post-processor, so the difference is the
// plugin: start-up, handshake, ConfigSpec/Prepare/Run over RPC, the hook call and shutdown.
// Target: TS ≤ 1.05x Go null.
//
//   node bench/build.mjs          (15 runs per builder)
//   node bench/build.mjs 30       (custom run count)
//
// The test builder is bundled (like the e2e tests do) into a private plugin dir found through
// PACKER_PLUGIN_PATH; HOME, TMPDIR and the Packer cache are private too and removed at the end.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchNodes, bundleBuilder, fmt, installedCopy, loadNote, packerPath, packerVersion, ROOT, stats, timeBuild } from './lib.mjs';

const RUNS = Number(process.argv[2]) > 0 ? Number(process.argv[2]) : 15;
const WARMUP = 2;

async function main() {
  const packer = packerPath();
  const root = mkdtempSync(join(tmpdir(), 'bench-build-'));
  try {
    const plugins = join(root, 'plugins');
    for (const d of ['home', 'tmp', 'cache', 'out']) mkdirSync(join(root, d));
    await bundleBuilder(plugins, 'packer-builder-tsb');
    const tsnullBundle = await bundleBuilder(plugins, 'packer-builder-tsnull', { entryPoint: join(ROOT, 'bench/fixtures/null-builder.ts') });
    const env = {
      PATH: process.env.PATH,
      HOME: join(root, 'home'),
      TMPDIR: join(root, 'tmp'),
      XDG_CACHE_HOME: join(root, 'cache'),
      PACKER_PLUGIN_PATH: plugins,
      PACKER_CACHE_DIR: join(root, 'packer_cache'),
      CHECKPOINT_DISABLE: '1',
    };
    const provisioner = `  provisioner "shell-local" {\n    inline = ["echo bench-echo"]\n  }\n`;
    const tsb = join(root, 'tsb.pkr.hcl');
    writeFileSync(
      tsb,
      `source "tsb" "bench" {\n  message    = "bench"\n  root_dir   = "${join(root, 'machines')}"\n  output_dir = "${join(root, 'out')}"\n}\n` +
        `build {\n  sources = ["source.tsb.bench"]\n${provisioner}}\n`,
    );
    const nul = join(root, 'null.pkr.hcl');
    writeFileSync(nul, `source "null" "bench" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.bench"]\n${provisioner}}\n`);
    const tsnull = join(root, 'tsnull.pkr.hcl');
    writeFileSync(tsnull, `source "tsnull" "bench" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.tsnull.bench"]\n${provisioner}}\n`);

    console.log(`minimal packer build benchmark: ${RUNS} runs per builder (+${WARMUP} warm-up), interleaved; ${loadNote()}`);
    console.log(`  ${packerVersion(packer)}, node ${process.version}; one shell-local echo provisioner each`);
    const variants = [
      { name: 'Go: null (communicator none)', template: nul, times: [] },
      { name: 'TS: tsnull (SDK null-builder twin)', template: tsnull, times: [] },
      { name: 'TS: tsb (e2e test builder: 4 Ui msgs, files)', template: tsb, times: [] },
    ];
    // By Node version: tsnull installed as a generated plugin's install-plugin installs it
    // (`#!<node>`), each in its own plugin dir, without and with the module compile cache
    // (`#!/usr/bin/env -S NODE_COMPILE_CACHE=<dir> <node>`; the warm-up builds fill it).
    const nodes = benchNodes();
    nodes.forEach((n, i) => {
      for (const cache of n.compileCache ? [false, true] : [false]) {
        const dir = join(root, `plugins-node-${i}${cache ? '-cc' : ''}`);
        installedCopy(tsnullBundle, dir, 'packer-builder-tsnull', n.path, cache ? join(root, `compile-cache-${i}`) : undefined);
        variants.push({
          name: `TS: tsnull on Node ${n.label}${cache ? ' + compile cache' : ''}`,
          template: tsnull,
          times: [],
          env: { ...env, PACKER_PLUGIN_PATH: dir },
          node: n,
          cache,
        });
      }
    });
    for (let r = 0; r < WARMUP + RUNS; r++) {
      for (const v of variants) {
        const ms = await timeBuild(packer, v.template, v.env ?? env, root);
        if (r >= WARMUP) v.times.push(ms);
      }
    }
    const go = stats(variants[0].times);
    console.log(`  ${'builder'.padEnd(52)}  median      p90    TS/Go (median)`);
    for (const v of variants) {
      const s = stats(v.times);
      const ratio = v === variants[0] ? '' : `${(s.median / go.median).toFixed(3)}x (+${(s.median - go.median).toFixed(1)} ms)`;
      console.log(`  ${v.name.padEnd(52)} ${fmt(s.median)} ms ${fmt(s.p90)} ms   ${ratio}`);
    }
    console.log('  tsnull by Node version (TS/Go median):');
    console.log(`  ${'Node'.padEnd(28)} ${'no cache'.padStart(24)} ${'compile cache'.padStart(24)}`);
    for (const n of nodes) {
      const cell = (cache) => {
        const v = variants.find((x) => x.node === n && x.cache === cache);
        if (!v) return 'n/a (Node < 22.1)';
        const m = stats(v.times).median;
        return `${m.toFixed(1)} ms ${(m / go.median).toFixed(3)}x`;
      };
      console.log(`  ${`${n.label} ${n.version}`.padEnd(28)} ${cell(false).padStart(24)} ${cell(true).padStart(24)}`);
    }
    for (const v of variants.slice(1, 3)) {
      const ratio = stats(v.times).median / go.median;
      console.log(`  target TS ≤ 1.05x Go null → ${v.name.slice(4, v.name.indexOf(' ', 4))}: ${ratio.toFixed(3)}x ${ratio <= 1.05 ? 'ok' : 'MISSED'}`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
