#!/usr/bin/env node
// Benchmark: time to write a new plugin with the generator, without `npm install`.
//
// - CLI: `node dist/src/cli/main.js new --answers templates/quickstart.answers.json --defaults
//   --skip-install --no-git --force --sdk <repo>` in a fresh directory, a new process each run
//   (what a user waits for: Node start, loading yeoman-environment, the generator, writing and
//   formatting ~25 files).
// - in-process: the same `runNew` called again in one process (module loading paid once), to
//   separate start-up cost from generation cost.
// Target: < 1 s (CLI, median).
//
//   npm run build && node bench/generator.mjs        (10 runs)
//   node bench/generator.mjs 20                        (custom run count)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fmt, loadNote, ROOT, stats } from './lib.mjs';

const RUNS = Number(process.argv[2]) > 0 ? Number(process.argv[2]) : 10;
const CLI = join(ROOT, 'dist/src/cli/main.js');
const ANSWERS = join(ROOT, 'templates/quickstart.answers.json');
const ARGS = ['new', '--answers', ANSWERS, '--defaults', '--skip-install', '--no-git', '--force', '--sdk', ROOT];

/** Runs the CLI in `cwd`; resolves with the wall time in ms. */
function timeCli(cwd) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [CLI, ...ARGS], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_EXTRA_CA_CERTS: '' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) reject(new Error(`packer-builder new failed (exit ${code}):\n${out}`));
      else resolve(ms);
    });
  });
}

function checkGenerated(dir) {
  const plugin = join(dir, 'packer-plugin-hello');
  for (const f of ['package.json', 'src/config.ts', 'src/builder.ts', 'src/main.ts']) {
    if (!existsSync(join(plugin, f))) throw new Error(`the generator did not write ${f} in ${plugin} (found: ${readdirSync(dir).join(', ')})`);
  }
}

async function main() {
  if (!existsSync(CLI)) throw new Error('dist/ is not built: run `npm run build` first');
  const root = mkdtempSync(join(tmpdir(), 'bench-generator-'));
  const cwd = process.cwd();
  try {
    console.log(`generator benchmark: ${RUNS} runs each (+1 warm-up); ${loadNote()}; node ${process.version}`);
    console.log(`  packer-builder ${ARGS.join(' ').replace(ROOT, '<repo>').replace(ROOT, '<repo>')}`);
    const cli = [];
    for (let r = 0; r <= RUNS; r++) {
      const dir = join(root, `cli-${r}`);
      mkdirSync(dir);
      const ms = await timeCli(dir);
      checkGenerated(dir);
      if (r > 0) cli.push(ms);
      rmSync(dir, { recursive: true, force: true });
    }

    // In-process: the CLI's own entry (runNew), module loading paid by the first call only.
    const { runNew } = await import(pathToFileURL(join(ROOT, 'dist/src/cli/new.js')).href);
    const inproc = [];
    let first;
    const quiet = { log: console.log, write: process.stdout.write, err: process.stderr.write };
    for (let r = 0; r <= RUNS; r++) {
      const dir = join(root, `in-${r}`);
      mkdirSync(dir);
      console.log = () => undefined;
      process.stdout.write = () => true;
      process.stderr.write = () => true;
      const t0 = performance.now();
      try {
        await runNew(ARGS.slice(1), dir);
      } finally {
        console.log = quiet.log;
        process.stdout.write = quiet.write;
        process.stderr.write = quiet.err;
        process.chdir(cwd);
      }
      const ms = performance.now() - t0;
      checkGenerated(dir);
      if (r === 0) first = ms;
      else inproc.push(ms);
      rmSync(dir, { recursive: true, force: true });
    }
    const c = stats(cli);
    const i = stats(inproc);
    console.log(`  ${'mode'.padEnd(52)}  median      p90`);
    console.log(`  ${'CLI, new process each run (what users wait for)'.padEnd(52)} ${fmt(c.median, 0)} ms ${fmt(c.p90, 0)} ms`);
    console.log(`  ${'in-process runNew, first call (loads modules)'.padEnd(52)} ${fmt(first, 0)} ms`);
    console.log(`  ${'in-process runNew, later calls'.padEnd(52)} ${fmt(i.median, 0)} ms ${fmt(i.p90, 0)} ms`);
    console.log(`  target < 1000 ms (CLI median): ${c.median < 1000 ? 'ok' : 'MISSED'}`);
  } finally {
    process.chdir(cwd);
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
