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
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleBuilder, fmt, ROOT, loadNote, packerPath, packerVersion, stats } from './lib.mjs';

const RUNS = Number(process.argv[2]) > 0 ? Number(process.argv[2]) : 15;
const WARMUP = 2;

/** Runs `packer build` on `template`; resolves with the wall time in ms (rejects on failure). */
function timeBuild(packer, template, env, cwd) {
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

async function main() {
  const packer = packerPath();
  const root = mkdtempSync(join(tmpdir(), 'bench-build-'));
  try {
    const plugins = join(root, 'plugins');
    for (const d of ['home', 'tmp', 'cache', 'out']) mkdirSync(join(root, d));
    await bundleBuilder(plugins, 'packer-builder-tsb');
    await bundleBuilder(plugins, 'packer-builder-tsnull', { entryPoint: join(ROOT, 'bench/fixtures/null-builder.ts') });
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
    for (let r = 0; r < WARMUP + RUNS; r++) {
      for (const v of variants) {
        const ms = await timeBuild(packer, v.template, env, root);
        if (r >= WARMUP) v.times.push(ms);
      }
    }
    const go = stats(variants[0].times);
    console.log(`  ${'builder'.padEnd(46)}  median      p90    TS/Go (median)`);
    for (const v of variants) {
      const s = stats(v.times);
      const ratio = v === variants[0] ? '' : `${(s.median / go.median).toFixed(3)}x (+${(s.median - go.median).toFixed(1)} ms)`;
      console.log(`  ${v.name.padEnd(46)} ${fmt(s.median)} ms ${fmt(s.p90)} ms   ${ratio}`);
    }
    for (const v of variants.slice(1)) {
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
