#!/usr/bin/env node
// Benchmark (issue 12): start-up of a plugin shipped as a single executable vs as a bundle under
// node, against Packer's Go plugins in the same run; the CLI (`packer-builder new`,
// `regenerate-spec --check`) against Go's `packer-sdc mapstructure-to-hcl2`; a fresh plugin's
// install size. Prints figures and ratios; never fails on a ratio.
//
//   npm run build && node bench/ship.mjs [runs=20]
//
// Needs: packer 1.6.6 on PATH, node_modules/.bin/node (the "node" devDependency, Node 24) and
// postject, Go + the module proxy for packer-sdc (test/packer-sdc/build.sh, cached), network to
// the npm registry (the fresh plugin's `npm install`, cache preferred).
//
// Plugins timed (all the SDK's null-builder twin, bench/fixtures/null-builder.ts, so the build
// compares like with like):
//   bundle @ system node  – the CommonJS bundle as scripts/build.mjs wraps it, run by /usr/bin/node
//   bundle @ node 24      – the same under node_modules/.bin/node
//   bundle @ node 24 + compile cache – NODE_COMPILE_CACHE set to a warm private folder
//   SEA, code cache       – what a generated plugin's build makes (useCodeCache: true, esbuild's
//                           CommonJS output, minified as shipped, as the main script, execArgv
//                           PLUGIN_NODE_FLAGS of generators/lib/plugin-node.ts)
//   SEA, code cache, no execArgv flags – the same without the flags (what they cost at start)
//   SEA, code cache, main in the bundle wrapper – the bundle file (its code inside a callback) as main
//   SEA, no code cache    – useCodeCache: false
//   SEA, snapshot         – useSnapshot: true; the bundle runs in setDeserializeMainFunction
//                           (the SDK cannot evaluate a plugin's modules before main() without
//                           splitting servePlugin from the plugin's main module)
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSea, fmt, loadNote, packerPath, packerVersion, PLUGIN_ENV, ROOT, stats, timeBuild, timeHandshake } from './lib.mjs';

const { PLUGIN_BUNDLE_MINIFY, PLUGIN_NODE_FLAGS } = await import('../dist/generators/lib/plugin-node.js');
const RUNS = Number(process.argv[2]) > 0 ? Number(process.argv[2]) : 20;
const WARMUP = 3;
const NODE24 = join(ROOT, 'node_modules/node/bin/node');
const CLI = join(ROOT, 'dist/src/cli/main.js');

function must(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** Wall ms of a command run to completion (throws unless it exits 0). */
function timeRun(cmd, args, opts) {
  const t0 = process.hrtime.bigint();
  must(cmd, args, opts);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** The null-builder twin as one CommonJS file wrapped exactly as a generated scripts/build.mjs does. */
async function bundleNull(file, rawFile) {
  const { build } = await import('esbuild');
  const src = readFileSync(join(ROOT, 'bench/fixtures/null-builder.ts'), 'utf8').replace('await servePlugin(', 'void servePlugin(');
  const r = await build({
    stdin: { contents: src, resolveDir: join(ROOT, 'bench/fixtures'), sourcefile: 'null-builder.ts', loader: 'ts' },
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, sourcemap: false, legalComments: 'none', logLevel: 'silent', ...PLUGIN_BUNDLE_MINIFY,
  });
  const code = r.outputFiles[0].text;
  writeFileSync(rawFile, code); // the SEA's main script, as scripts/build.mjs gives it
  writeFileSync(
    file,
    ['#!/usr/bin/env node', '"use strict";', "(typeof require === 'function'", '  ? Promise.resolve(require)', "  : import('node:module').then((m) => m.createRequire(process.argv[1]))", ').then((require) => {', code, '});', ''].join('\n'),
  );
  chmodSync(file, 0o755);
  return file;
}

/** Interleaved runs of every variant; returns name → stats. */
async function interleave(variants, once) {
  const times = new Map(variants.map((v) => [v.name, []]));
  for (let r = 0; r < WARMUP + RUNS; r++) {
    for (const v of variants) {
      const ms = await once(v);
      if (r >= WARMUP) times.get(v.name).push(ms);
    }
  }
  return new Map([...times].map(([k, xs]) => [k, stats(xs)]));
}

function printTable(title, results, goName, target) {
  const go = results.get(goName);
  console.log(`\n${title}`);
  console.log(`  ${'variant'.padEnd(44)}  median      p90   ratio to Go (median)`);
  for (const [name, s] of results) {
    const ratio = name === goName ? '' : `${(s.median / go.median).toFixed(2)}x${target ? (s.median / go.median <= target ? ' ok' : ' MISSED') : ''}`;
    console.log(`  ${name.padEnd(44)} ${fmt(s.median)} ms ${fmt(s.p90)} ms   ${ratio}`);
  }
}

function duBytes(path) {
  return Number(must('du', ['-sb', path]).split('\t')[0]);
}

async function main() {
  const packer = packerPath();
  const root = mkdtempSync(join(tmpdir(), 'bench-ship-'));
  try {
    console.log(`ship benchmark: ${RUNS} runs per variant (+${WARMUP} warm-up), interleaved; ${loadNote()}`);
    console.log(`  ${packerVersion(packer)}; system node ${process.version}; embedded node ${must(NODE24, ['--version']).trim()}`);

    // ---- plugins -------------------------------------------------------------------------------
    const work = join(root, 'work');
    const plugins = join(root, 'plugins');
    mkdirSync(work);
    mkdirSync(plugins);
    const raw = join(work, 'tsnull-main.cjs');
    const bundle = await bundleNull(join(plugins, 'packer-builder-tsnull'), raw);
    const snapMain = join(work, 'snapshot-main.cjs');
    writeFileSync(
      snapMain,
      `const v8 = require('node:v8');\nv8.startupSnapshot.setDeserializeMainFunction(() => {\n${readFileSync(raw, 'utf8')}\n});\n`,
    );
    const t0 = Date.now();
    const seaCache = buildSea(NODE24, raw, join(plugins, 'packer-builder-tsnullsea'), { name: 'cache', useCodeCache: true, execArgv: [...PLUGIN_NODE_FLAGS] }, work);
    const seaBuildS = (Date.now() - t0) / 1000;
    const seaWrapped = buildSea(NODE24, bundle, join(work, 'sea-wrapped'), { name: 'wrapped', useCodeCache: true }, work);
    const seaPlain = buildSea(NODE24, raw, join(work, 'sea-plain'), { name: 'plain' }, work);
    const seaNoFlags = buildSea(NODE24, raw, join(work, 'sea-noflags'), { name: 'noflags', useCodeCache: true }, work);
    let seaSnap;
    try {
      seaSnap = buildSea(NODE24, snapMain, join(work, 'sea-snapshot'), { name: 'snap', useSnapshot: true }, work);
    } catch (err) {
      console.log(`  SEA with snapshot: could not be built: ${String(err.message).split('\n').slice(0, 3).join(' | ')}`);
    }
    console.log(`  bundle ${(readFileSync(bundle).length / 1024).toFixed(0)} KiB; executable ${(readFileSync(seaCache).length / 1e6).toFixed(1)} MB, built in ${seaBuildS.toFixed(1)} s (blob + postject)`);

    // ---- handshake -----------------------------------------------------------------------------
    let runId = 0;
    const compileCache = join(root, 'compile-cache');
    const envFor = (extra = {}) => {
      const tmp = join(root, `tmp-${runId++}`);
      mkdirSync(tmp);
      return { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: tmp, XDG_CACHE_HOME: join(root, 'cache'), CHECKPOINT_DISABLE: '1', ...PLUGIN_ENV, PACKER_BUILDER_HANDSHAKE: 'v4', PACKER_BUILDER_OBJECTSPEC_NAME: 'github.com/hashicorp/packer/vendor/github.com/hashicorp/hcl/v2/hcldec.ObjectSpec', ...extra };
    };
    const hs = [
      { name: 'Go: packer plugin packer-builder-null', cmd: packer, args: ['plugin', 'packer-builder-null'] },
      { name: 'bundle @ system node', cmd: process.execPath, args: [bundle] },
      { name: 'bundle @ node 24', cmd: NODE24, args: [bundle] },
      { name: 'bundle @ node 24 + NODE_COMPILE_CACHE (warm)', cmd: NODE24, args: [bundle], env: { NODE_COMPILE_CACHE: compileCache } },
      { name: 'SEA, code cache (generated build)', cmd: seaCache, args: [] },
      { name: 'SEA, code cache, main in the bundle wrapper', cmd: seaWrapped, args: [] },
      { name: 'SEA, code cache, no execArgv flags', cmd: seaNoFlags, args: [] },
      { name: 'SEA, no code cache', cmd: seaPlain, args: [] },
      ...(seaSnap ? [{ name: 'SEA, startup snapshot', cmd: seaSnap, args: [] }] : []),
      { name: 'floor: node 24 -e (no plugin)', cmd: NODE24, args: ['-e', 'console.log(1)'] },
    ];
    const hsResults = await interleave(hs, (v) => timeHandshake(v.cmd, v.args, envFor(v.env)).then((r) => r.ms));
    printTable('plugin spawn → handshake line (target ≤ 1.0x Go)', hsResults, hs[0].name, 1.0);

    // ---- minimal build -------------------------------------------------------------------------
    for (const d of ['home', 'tmp', 'cache']) mkdirSync(join(root, d));
    const provisioner = `  provisioner "shell-local" {\n    inline = ["echo bench-echo"]\n  }\n`;
    const tpl = (type) => {
      const f = join(root, `${type}.pkr.hcl`);
      writeFileSync(f, `source "${type}" "bench" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.${type}.bench"]\n${provisioner}}\n`);
      return f;
    };
    const buildEnv = { PATH: process.env.PATH, HOME: join(root, 'home'), TMPDIR: join(root, 'tmp'), XDG_CACHE_HOME: join(root, 'cache'), PACKER_PLUGIN_PATH: plugins, PACKER_CACHE_DIR: join(root, 'packer_cache'), CHECKPOINT_DISABLE: '1' };
    const builds = [
      { name: 'Go: null', template: tpl('null') },
      { name: 'bundle @ system node (tsnull)', template: tpl('tsnull') },
      { name: 'SEA, code cache (tsnullsea)', template: tpl('tsnullsea') },
    ];
    const bResults = await interleave(builds, (v) => timeBuild(packer, v.template, buildEnv, root));
    printTable('minimal packer build, one shell-local echo (target ≤ 1.05x Go null)', bResults, builds[0].name, 1.05);

    // ---- CLI -----------------------------------------------------------------------------------
    const CLI_RUNS = Math.max(3, Math.min(RUNS, 7));
    const sdkDir = join(root, 'sdk');
    mkdirSync(sdkDir);
    must('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', sdkDir], { cwd: ROOT });
    const tarball = join(sdkDir, readdirSync(sdkDir).find((f) => f.endsWith('.tgz')));
    const answers = join(ROOT, 'templates/quickstart.answers.json');
    const newTimes = [];
    let project;
    for (let i = 0; i < CLI_RUNS; i++) {
      const dir = join(root, `new-${i}`);
      mkdirSync(dir);
      newTimes.push(timeRun(process.execPath, [CLI, 'new', '--answers', answers, '--defaults', '--skip-install', '--no-git', '--sdk', tarball], { cwd: dir }));
      project = join(dir, 'packer-plugin-hello');
    }
    must('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: project, timeout: 900_000 });
    const checkTimes = [];
    for (let i = 0; i < CLI_RUNS; i++) checkTimes.push(timeRun(process.execPath, [CLI, 'regenerate-spec', '--check'], { cwd: project }));

    // Go: packer-sdc mapstructure-to-hcl2 on the same Config in Go (test/packer-sdc/v0.6.10/hello).
    const sdc = must('bash', [join(ROOT, 'test/packer-sdc/build.sh')], { timeout: 900_000 }).trim().split('\n').pop();
    const goMod = join(root, 'go-mod');
    cpSync(join(ROOT, 'test/packer-sdc/v0.6.10'), goMod, { recursive: true });
    const goPkg = join(goMod, 'hello');
    const goEnv = { ...process.env, PATH: `${process.env.PATH}:/usr/local/go/bin`, GOFILE: 'config.go', GOPACKAGE: 'hello', GOFLAGS: '-mod=mod' };
    const goTimes = [];
    for (let i = 0; i < CLI_RUNS + 1; i++) {
      rmSync(join(goPkg, 'config.hcl2spec.go'), { force: true });
      const ms = timeRun(sdc, ['mapstructure-to-hcl2', '-type', 'Config,Output,ExtraFile'], { cwd: goPkg, env: goEnv, timeout: 900_000 });
      if (i > 0) goTimes.push(ms); // the first run fills Go's build cache
      readFileSync(join(goPkg, 'config.hcl2spec.go')); // throws if nothing was generated
    }
    const go = stats(goTimes);
    console.log(`\nCLI (median of ${CLI_RUNS}, a new process each run)`);
    console.log(`  packer-builder new (Quick start answers, --skip-install): ${fmt(stats(newTimes).median)} ms   target ≤ 1000 ms ${stats(newTimes).median <= 1000 ? 'ok' : 'MISSED'}`);
    console.log(`  packer-builder regenerate-spec --check (Quick start plugin): ${fmt(stats(checkTimes).median)} ms   target ≤ 1000 ms ${stats(checkTimes).median <= 1000 ? 'ok' : 'MISSED'}; ${(stats(checkTimes).median / go.median).toFixed(2)}x Go`);
    console.log(`  Go: packer-sdc mapstructure-to-hcl2 (same Config in Go, warm build cache): ${fmt(go.median)} ms (context)`);

    // ---- install size --------------------------------------------------------------------------
    const nm = join(project, 'node_modules');
    const sizes = ['node', 'generator-packer-builder', 'typescript', 'esbuild', '@esbuild', 'vitest', 'postject']
      .map((p) => [p, (() => { try { return duBytes(join(nm, p)); } catch { return 0; } })()]);
    console.log(`\nfresh plugin install (npm install of the Quick start plugin): node_modules ${(duBytes(nm) / 1e6).toFixed(1)} MB`);
    for (const [p, b] of sizes) console.log(`  ${p.padEnd(26)} ${(b / 1e6).toFixed(1)} MB`);
    console.log(`  built: bundle ${(readFileSync(bundle).length / 1024).toFixed(0)} KiB, executable ${(readFileSync(seaCache).length / 1e6).toFixed(1)} MB; Go null builder plugin: ${(readFileSync(packer).length / 1e6).toFixed(1)} MB (the whole packer binary)`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
