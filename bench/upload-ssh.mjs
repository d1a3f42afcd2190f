#!/usr/bin/env node
// Benchmark: uploading a file with Packer's `file` provisioner through an SSH communicator to
// the same loopback sshd, TypeScript vs Go, scp and sftp, in one run (interleaved).
//
// - TS: the SSH test builder `sshb` (test/fixtures/ssh-builder: Go's null builder in
//   TypeScript) whose communicator is the SDK's SSHCommunicator (ssh2; our scp over `scp -t`,
//   pipelined sftp writes).
// - Go: Packer 1.6.6's own `null` builder with Go's SSH communicator (x/crypto/ssh, pkg/sftp).
// Both: provisioner plugin → packer core → builder plugin (yamux + net/rpc) → SSH → sshd
// (started here on 127.0.0.1 with its own host and client keys) → a file on this host.
//
// Throughput = size / time between the provisioner's "Uploading … =>" line and the next
// provisioner's output. Peak memory = VmHWM of the builder plugin process. Targets: TS ≥ 1.0x
// Go (same method), TS plugin peak < 80 MB. Not a test: it fails only when something breaks.
//
//   node bench/upload-ssh.mjs              (1024 MiB, 3 runs per variant)
//   node bench/upload-ssh.mjs 256 2        (256 MiB, 2 runs)
//   node bench/upload-ssh.mjs 256 1 ts     (only the TS variants)
//   BENCH_SSH_CIPHERS=aes128-ctr node bench/upload-ssh.mjs   (sets ssh_ciphers for both sides)
// The TS plugin is built as generated plugins build theirs: the bundle minified with
// PLUGIN_BUNDLE_MINIFY and run with PLUGIN_NODE_FLAGS on its #! line
// (generators/lib/plugin-node.ts; needs `npm run build`).
// Memory experiments on the TS plugin (see the note on issue 11 in bench/README.md):
//   BENCH_PLUGIN_NODE_FLAGS="--max-semi-space-size=1"   node flags on the plugin's #! line instead ("" for none)
//   BENCH_PLUGIN_NODE_OPTIONS="…"                        NODE_OPTIONS for the plugin (allowed flags only)
//   BENCH_PLUGIN_ENV="MALLOC_ARENA_MAX=1"                more environment for Packer and the plugin
//   BENCH_MINIFY=0|1|ws                                  no / full / whitespace+syntax (as shipped) minification
//   BENCH_SEA=1 [BENCH_SEA_EXECARGV="…"]                 the plugin as a single executable, execArgv as shipped
//                                                        or as given (its pages dropped from the page cache first)
//   BENCH_PACKER=~/.cache/generator-packer-builder/packer/1.16.0/packer
//                                                        a modern Packer (>= 1.7) instead of the one on PATH: the
//                                                        plugin is installed with `packer plugins install --path`
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSea, fmt, loadNote, median, packerPath, packerVersion, ROOT } from './lib.mjs';
import { MIB, writeBigFile, startSshd, runBuild } from './upload-lib.mjs';

const SIZE_MIB = Number(process.argv[2]) > 0 ? Number(process.argv[2]) : 1024;
const RUNS = Number(process.argv[3]) > 0 ? Number(process.argv[3]) : 3;
/** `ts`: only our variants (quick memory/throughput checks while tuning). */
const ONLY_TS = process.argv[4] === 'ts';
const MEMORY_TARGET_MB = 80;

const { PLUGIN_BUNDLE_MINIFY, PLUGIN_NODE_FLAGS } = await import('../dist/generators/lib/plugin-node.js');
/** The node flags of the TS plugin: as shipped unless BENCH_PLUGIN_NODE_FLAGS is set. */
const NODE_FLAGS = process.env.BENCH_PLUGIN_NODE_FLAGS !== undefined ? process.env.BENCH_PLUGIN_NODE_FLAGS.split(' ').filter(Boolean) : [...PLUGIN_NODE_FLAGS];
/** esbuild's minify options of the TS plugin: as shipped unless BENCH_MINIFY is set. */
const MINIFY = { 0: { minify: false }, 1: { minify: true }, ws: { minifyWhitespace: true, minifySyntax: true } }[process.env.BENCH_MINIFY] ?? PLUGIN_BUNDLE_MINIFY;

/** A modern Packer (>= 1.7) from BENCH_PACKER: the plugin is installed with `packer plugins install --path`. */
const MODERN = process.env.BENCH_PACKER !== undefined;

/**
 * Bundles the SSH test builder as `<dir>/<file>` (CommonJS, ssh2's native parts left out): for
 * Packer 1.6.6 `packer-builder-sshb`, for a modern Packer the multi-component `packer-plugin-sshb`.
 */
async function bundleSshb(dir, name) {
  const { build } = await import('esbuild');
  const file = join(dir, name);
  await build({
    entryPoints: [join(ROOT, `test/fixtures/ssh-builder/src/${MODERN ? 'main-modern.ts' : 'main-legacy.ts'}`)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    ...MINIFY,
    external: ['*.node', 'cpu-features'],
    banner: { js: NODE_FLAGS.length > 0 ? `#!/usr/bin/env -S node ${NODE_FLAGS.join(' ')}` : '#!/usr/bin/env node' },
    outfile: `${file}.tmp`,
    logLevel: 'silent',
  });
  chmodSync(`${file}.tmp`, 0o755);
  renameSync(`${file}.tmp`, file);
}

async function main() {
  const packer = process.env.BENCH_PACKER ?? packerPath();
  const root = mkdtempSync(join(tmpdir(), 'bench-upload-ssh-'));
  let sshd;
  try {
    const size = SIZE_MIB * MIB;
    const plugins = join(root, 'plugins');
    for (const d of ['home', 'tmp', 'cache', 'dest', plugins]) mkdirSync(d.startsWith('/') ? d : join(root, d), { recursive: true });
    const src = join(root, 'big.bin');
    writeBigFile(src, size);
    const pluginName = MODERN ? 'packer-plugin-sshb' : 'packer-builder-sshb';
    const bundle = join(MODERN ? root : plugins, pluginName);
    await bundleSshb(MODERN ? root : plugins, pluginName);
    if (process.env.BENCH_SEA) {
      // the plugin as a single executable (Node 24 SEA with code cache, as generated plugins build it)
      const main = join(root, 'sshb-main.cjs');
      writeFileSync(main, readFileSync(bundle, 'utf8').replace(/^#!.*\n/, ''));
      const execArgv = process.env.BENCH_SEA_EXECARGV !== undefined ? process.env.BENCH_SEA_EXECARGV.split(' ').filter(Boolean) : NODE_FLAGS;
      buildSea(join(ROOT, 'node_modules/node/bin/node'), main, `${bundle}.sea`, { name: 'sshb', useCodeCache: true, execArgv }, root);
      renameSync(`${bundle}.sea`, bundle);
      // a file just written is wholly in the page cache, and the kernel's fault-around then maps
      // far more of it into the process than it touches: drop it, as for an executable installed
      // earlier (its unused pages long evicted)
      spawnSync('sync', []);
      spawnSync('dd', [`if=${bundle}`, 'iflag=nocache', 'count=0'], { stdio: 'ignore' });
      console.log(`  TS plugin: single executable${execArgv.length > 0 ? ` with execArgv ${execArgv.join(' ')}` : ''}`);
    }
    sshd = await startSshd(join(root, 'sshd'));
    const env = { PATH: process.env.PATH, HOME: join(root, 'home'), TMPDIR: join(root, 'tmp'), XDG_CACHE_HOME: join(root, 'cache'), PACKER_PLUGIN_PATH: plugins, CHECKPOINT_DISABLE: '1', ...(process.env.BENCH_PLUGIN_ENV ? Object.fromEntries(process.env.BENCH_PLUGIN_ENV.split(' ').map((kv) => kv.split('='))) : {}), ...(process.env.BENCH_PLUGIN_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_PLUGIN_NODE_OPTIONS } : {}) };
    if (MODERN) {
      const r = spawnSync(packer, ['plugins', 'install', '--path', bundle, 'github.com/acme/sshb'], { env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`packer plugins install failed: ${r.stdout}${r.stderr}`);
      if (process.env.BENCH_SEA && process.env.BENCH_DROP_INSTALLED !== '0') {
        // `packer plugins install` copied the executable: drop that copy's pages too (see above)
        const installed = spawnSync('find', [plugins, '-name', 'packer-plugin-sshb_*', '-type', 'f', '!', '-name', '*SHA256SUM'], { encoding: 'utf8' }).stdout.trim().split('\n');
        spawnSync('sync', []);
        for (const f of installed) if (f) spawnSync('dd', [`if=${f}`, 'iflag=nocache', 'count=0'], { stdio: 'ignore' });
      }
    }
    const dest = join(root, 'dest', 'big.bin');
    const template = (type, method) => {
      const f = join(root, `${type}-${method}.pkr.hcl`);
      writeFileSync(
        f,
        `source "${type}" "up" {\n  communicator = "ssh"\n  ssh_host = "127.0.0.1"\n  ssh_port = ${sshd.port}\n  ssh_username = "${sshd.user}"\n` +
          `  ssh_private_key_file = "${sshd.key}"\n  ssh_file_transfer_method = "${method}"\n${process.env.BENCH_SSH_CIPHERS ? `  ssh_ciphers = ${JSON.stringify(process.env.BENCH_SSH_CIPHERS.split(","))}\n` : ""}}\n` +
          `build {\n  sources = ["source.${type}.up"]\n  provisioner "file" {\n    source = "${src}"\n    destination = "${dest}"\n  }\n` +
          `  provisioner "shell-local" {\n    inline = ["echo upload-done"]\n  }\n}\n`,
      );
      return f;
    };
    const variants = [];
    for (const method of ['scp', 'sftp']) {
      if (!ONLY_TS) variants.push({ name: `Go: null builder, SSH (${method})`, method, go: true, file: template('null', method), needle: 'packer-builder-null', runs: [] });
      variants.push({ name: `TS: sshb, SSHCommunicator (${method})`, method, file: template('sshb', method), needle: pluginName, runs: [] });
    }
    console.log(`SSH upload benchmark: ${SIZE_MIB} MiB through the file provisioner, ${RUNS} runs per variant, interleaved; ${loadNote()}`);
    console.log(`  ${packerVersion(packer)}, node ${process.version}; sshd on 127.0.0.1:${sshd.port}`);
    console.log(`  TS plugin: node flags ${NODE_FLAGS.join(' ') || '(none)'}; esbuild ${JSON.stringify(MINIFY)}${process.env.BENCH_SEA ? '; single executable' : '; bundle'}`);
    for (let r = 0; r < RUNS; r++) {
      for (const v of variants) {
        v.runs.push(await runBuild(packer, v.file, env, root, v.needle));
        const got = statSync(dest).size;
        if (got !== size) throw new Error(`${v.name}: uploaded file has ${got} bytes, expected ${size}`);
        rmSync(dest);
      }
    }
    const mbps = (v) => size / MIB / (median(v.runs.map((x) => x.uploadMs)) / 1000);
    console.log(`  ${'variant'.padEnd(40)}  MiB/s (median)  upload s  plugin peak RSS   TS/Go (same method)`);
    for (const v of variants) {
      const go = variants.find((g) => g.go && g.method === v.method);
      const ratio = v.go || !go ? '' : `${(mbps(v) / mbps(go)).toFixed(2)}x`;
      console.log(`  ${v.name.padEnd(40)} ${fmt(mbps(v), 0, 10)}      ${fmt(median(v.runs.map((x) => x.uploadMs)) / 1000, 2, 7)} ${fmt(Math.max(...v.runs.map((x) => x.peakMb)), 1, 10)} MB   ${ratio.padStart(8)}   (plugin CPU ${fmt(median(v.runs.map((x) => x.cpuS)), 1, 4)} s; anon ≤ ${fmt(Math.max(...v.runs.map((x) => x.peakAnonMb)), 1, 5)} MB, file ≤ ${fmt(Math.max(...v.runs.map((x) => x.peakFileMb)), 1, 5)} MB)`);
    }
    for (const method of ['scp', 'sftp']) {
      const ts = variants.find((v) => !v.go && v.method === method);
      const go = variants.find((v) => v.go && v.method === method);
      const peak = Math.max(...ts.runs.map((x) => x.peakMb));
      const speed = go ? `target TS ≥ 1.0x Go: ${(mbps(ts) / mbps(go)).toFixed(2)}x ${mbps(ts) >= mbps(go) ? 'ok' : 'MISSED'}; ` : '';
      console.log(`  ${method}: ${speed}TS plugin peak < ${MEMORY_TARGET_MB} MB: ${peak.toFixed(1)} MB ${peak < MEMORY_TARGET_MB ? 'ok' : 'MISSED'}`);
    }
  } finally {
    if (sshd) await sshd.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
