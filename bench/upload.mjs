#!/usr/bin/env node
// Benchmark: uploading a 1 GiB file with Packer's `file` provisioner through a builder's
// communicator, TypeScript vs Go.
//
// - TS: the e2e test builder `tsb` (bundled) serves the SDK's LocalCommunicator through
//   Hook.Run; the file goes provisioner plugin → packer core → our plugin (yamux + net/rpc)
//   → a file on this host. Also run with `discard_uploads = true` (same path, bytes dropped
//   in the plugin) to show the transport ceiling.
// - Go: Packer's own `null` builder with the SSH communicator, talking to a private sshd
//   started by this script on 127.0.0.1 (dedicated host and client keys, random high port,
//   removed at the end). Packer 1.6.6 ships no Go builder with a local communicator, so this
//   is the cheapest real Go path: the same provisioner → core → builder-plugin RPC hops, then
//   Go's SSH client (scp by default; sftp as a second variant) to a loopback sshd writing a file
//   on the same filesystem. It is slightly in Go's disfavour (SSH encryption on loopback,
//   scp in a separate process), which is why the TS "discard" ceiling is printed too.
//
// Throughput = file size / time between the provisioner's "Uploading …" line and the next
// provisioner's output line. Peak memory = the plugin process's VmHWM (/proc/<pid>/status),
// sampled every 20 ms while the build runs. Targets: TS ≥ 1.0x Go, TS plugin peak < 80 MB.
//
//   node bench/upload.mjs              (1 GiB, 3 runs per variant)
//   node bench/upload.mjs 256 5        (256 MiB, 5 runs)
//   node bench/upload.mjs 256 5 ts     (only the TS variants: quick A/B runs while tuning)
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleBuilder, fmt, loadNote, median, packerPath, packerVersion } from './lib.mjs';
import { MIB, writeBigFile, startSshd, runBuild } from './upload-lib.mjs';

const SIZE_MIB = Number(process.argv[2]) > 0 ? Number(process.argv[2]) : 1024;
const RUNS = Number(process.argv[3]) > 0 ? Number(process.argv[3]) : 3;
const ONLY = process.argv[4] === 'ts' || process.argv[4] === 'go' ? process.argv[4] : undefined;
const MEMORY_TARGET_MB = 80;

async function main() {
  const packer = packerPath();
  const root = mkdtempSync(join(tmpdir(), 'bench-upload-'));
  let sshd;
  try {
    const size = SIZE_MIB * MIB;
    const plugins = join(root, 'plugins');
    for (const d of ['home', 'tmp', 'cache', 'out', 'machines', 'go-dest']) mkdirSync(join(root, d));
    const src = join(root, 'big.bin');
    writeBigFile(src, size);
    await bundleBuilder(plugins, 'packer-builder-tsb');
    if (ONLY !== 'ts') sshd = await startSshd(join(root, 'sshd'));
    const env = {
      PATH: process.env.PATH,
      HOME: join(root, 'home'),
      TMPDIR: join(root, 'tmp'),
      XDG_CACHE_HOME: join(root, 'cache'),
      PACKER_PLUGIN_PATH: plugins,
      PACKER_CACHE_DIR: join(root, 'packer_cache'),
      CHECKPOINT_DISABLE: '1',
      // profiling hook, see bench/profile-preload.cjs
      ...(process.env.BENCH_PLUGIN_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_PLUGIN_NODE_OPTIONS } : {}),
      ...(process.env.BENCH_PROFILE_DIR ? { BENCH_PROFILE_DIR: process.env.BENCH_PROFILE_DIR } : {}),
      ...(process.env.BENCH_PROFILE_MS ? { BENCH_PROFILE_MS: process.env.BENCH_PROFILE_MS } : {}),
    };
    const after = `  provisioner "shell-local" {\n    inline = ["echo upload-done"]\n  }\n`;
    const upload = (dest) => `  provisioner "file" {\n    source      = "${src}"\n    destination = "${dest}"\n  }\n`;
    const template = (name, text) => {
      const f = join(root, name);
      writeFileSync(f, text);
      return f;
    };
    const tsSource = (discard) =>
      `source "tsb" "up" {\n  message = "upload"\n  root_dir = "${join(root, 'machines')}"\n  output_dir = "${join(root, 'out')}"\n  discard_uploads = ${discard}\n}\n` +
      `build {\n  sources = ["source.tsb.up"]\n${upload('big.bin')}${after}}\n`;
    const goSource = (method) =>
      sshd === undefined ? '' :
      `source "null" "up" {\n  communicator = "ssh"\n  ssh_host = "127.0.0.1"\n  ssh_port = ${sshd.port}\n  ssh_username = "${sshd.user}"\n` +
      `  ssh_private_key_file = "${sshd.key}"\n  ssh_file_transfer_method = "${method}"\n}\n` +
      `build {\n  sources = ["source.null.up"]\n${upload(join(root, 'go-dest', 'big.bin'))}${after}}\n`;
    const variants = [
      { name: 'Go: null + SSH communicator (scp) → loopback sshd', go: true, file: template('go-scp.pkr.hcl', goSource('scp')), needle: 'packer-builder-null', runs: [] },
      { name: 'Go: null + SSH communicator (sftp) → loopback sshd', go: true, file: template('go-sftp.pkr.hcl', goSource('sftp')), needle: 'packer-builder-null', runs: [] },
      { name: 'TS: tsb + SDK LocalCommunicator (writes the file)', file: template('ts.pkr.hcl', tsSource(false)), needle: 'packer-builder-tsb', runs: [] },
      { name: 'TS: tsb, discard_uploads (transport only)', file: template('ts-discard.pkr.hcl', tsSource(true)), needle: 'packer-builder-tsb', runs: [] },
    ].filter((v) => ONLY === undefined || (ONLY === 'go') === Boolean(v.go));

    console.log(`upload benchmark: ${SIZE_MIB} MiB through the file provisioner, ${RUNS} runs per variant, interleaved; ${loadNote()}`);
    console.log(`  ${packerVersion(packer)}, node ${process.version}; sshd on 127.0.0.1:${sshd?.port ?? '(not started)'}; files in ${root}`);
    for (let r = 0; r < RUNS; r++) {
      for (const v of variants) {
        const res = await runBuild(packer, v.file, env, root, v.needle);
        v.runs.push(res);
        // check what arrived, then free the space for the next run
        const landed = v.go ? join(root, 'go-dest', 'big.bin') : undefined;
        if (landed !== undefined) {
          const got = statSync(landed).size;
          if (got !== size) throw new Error(`${v.name}: uploaded file has ${got} bytes, expected ${size}`);
          rmSync(landed);
        }
      }
    }
    const mbps = (v) => size / MIB / (median(v.runs.map((x) => x.uploadMs)) / 1000);
    const goVariants = variants.filter((v) => v.go);
    const goBest = goVariants.length > 0 ? Math.max(...goVariants.map(mbps)) : NaN;
    console.log(`  ${'variant'.padEnd(54)}  MiB/s (median)  upload s   plugin peak RSS   plugin CPU s   TS/best Go`);
    for (const v of variants) {
      const t = mbps(v);
      const peak = Math.max(...v.runs.map((x) => x.peakMb));
      const ratio = v.go || Number.isNaN(goBest) ? '' : `${(t / goBest).toFixed(2)}x`;
      console.log(
        `  ${v.name.padEnd(54)} ${fmt(t, 0, 10)}      ${fmt(median(v.runs.map((x) => x.uploadMs)) / 1000, 2, 7)} ${fmt(peak, 1, 10)} MB ${fmt(median(v.runs.map((x) => x.cpuS)), 2, 10)}     ${ratio.padStart(8)}`,
      );
    }
    const ts = variants.find((v) => !v.go);
    if (ts === undefined) return;
    const tsRate = mbps(ts);
    const tsPeak = Math.max(...ts.runs.map((x) => x.peakMb));
    if (!Number.isNaN(goBest)) {
      console.log(`  target TS ≥ 1.0x Go (best of scp/sftp): ${(tsRate / goBest).toFixed(2)}x ${tsRate >= goBest ? 'ok' : 'MISSED'}`);
    }
    console.log(`  target TS plugin peak RSS < ${MEMORY_TARGET_MB} MB for ${SIZE_MIB} MiB: ${tsPeak.toFixed(1)} MB ${tsPeak < MEMORY_TARGET_MB ? 'ok' : 'MISSED'}`);
    console.log('  (peak RSS = VmHWM of the builder plugin process: node for TS, `packer plugin packer-builder-null` for Go;');
    console.log('   plugin CPU s = its user+system CPU time for the whole build, median; less sensitive to other load than MiB/s)');
  } finally {
    if (sshd) await sshd.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
