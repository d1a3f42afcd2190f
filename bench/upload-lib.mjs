// Shared by the upload benchmarks (upload.mjs, upload-ssh.mjs): the test file, a private sshd,
// and `packer build` with the plugin's peak memory and CPU sampled from /proc.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const MIB = 1024 * 1024;

/** Writes `size` bytes of incompressible data (a 4 MiB random block, varied per block). */
export function writeBigFile(file, size) {
  const fd = openSync(file, 'w');
  try {
    const block = Buffer.alloc(4 * MIB);
    for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((Math.random() * 0x100000000) >>> 0, i);
    for (let off = 0, n = 0; off < size; off += block.length, n++) {
      block.writeUInt32LE(n, 0);
      writeSync(fd, block, 0, Math.min(block.length, size - off));
    }
  } finally {
    closeSync(fd);
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts a private sshd on 127.0.0.1:<port>; resolves with { port, key, stop }. */
export async function startSshd(dir) {
  const sshd = '/usr/sbin/sshd';
  if (!existsSync(sshd)) throw new Error('sshd is not installed (/usr/sbin/sshd): install openssh-server to run the Go side of this benchmark');
  // OpenSSH refuses to start without its privilege separation directory (Debian creates it at boot).
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  mkdirSync(dir, { mode: 0o700 });
  const hostKey = join(dir, 'host_ed25519');
  const key = join(dir, 'client_ed25519');
  for (const k of [hostKey, key]) {
    const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', k], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
  }
  const authorized = join(dir, 'authorized_keys');
  writeFileSync(authorized, readFileSync(`${key}.pub`), { mode: 0o600 });
  const port = await freePort();
  const user = process.env.USER || spawnSync('id', ['-un'], { encoding: 'utf8' }).stdout.trim();
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${authorized}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      `AllowUsers ${user}`,
      'StrictModes no',
      'UsePAM no',
      'Subsystem sftp internal-sftp',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  const child = spawn(sshd, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  // wait until it accepts connections
  for (let i = 0; i < 100; i++) {
    const r = spawnSync('ssh', ['-i', key, '-p', String(port), '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', `${user}@127.0.0.1`, 'true'], { encoding: 'utf8' });
    if (r.status === 0) break;
    if (child.exitCode !== null) throw new Error(`sshd exited: ${err}`);
    if (i === 99) throw new Error(`sshd on port ${port} did not accept our key: ${r.stderr}${err}`);
    await new Promise((r2) => setTimeout(r2, 100));
  }
  return {
    port,
    key,
    user,
    stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('close', resolve), child.kill('SIGTERM')))),
  };
}

/** Pids whose command line contains `needle`. */
export function pidsMatching(needle) {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(needle)) out.push(Number(name));
    } catch {
      // gone
    }
  }
  return out;
}

/** VmHWM of `pid` in MB (undefined when it is gone). */
export function peakRssMb(pid) {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The current anonymous and file-backed resident memory of `pid` in MB (undefined when it is gone). */
export function rssPartsMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { anon: kb('RssAnon') / 1024, file: kb('RssFile') / 1024 };
  } catch {
    return undefined;
  }
}

/** User+system CPU seconds `pid` has used (undefined when it is gone). */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

/**
 * Runs `packer build template`; resolves with the upload time (ms between the "Uploading" line
 * and the next provisioner's line), the peak RSS (MB, VmHWM) of processes whose command line has
 * `pluginNeedle`, and the highest anonymous / file-backed parts of it seen by the 20 ms samples.
 */
export function runBuild(packer, template, env, cwd, pluginNeedle) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(packer, ['build', '-color=false', template], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let pending = '';
    let uploadStart;
    let uploadEnd;
    child.stdout.on('data', (d) => {
      const now = performance.now();
      out += d;
      pending += d;
      let i;
      while ((i = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, i);
        pending = pending.slice(i + 1);
        if (uploadStart === undefined && /Uploading .* => /.test(line)) uploadStart = now;
        else if (uploadStart !== undefined && uploadEnd === undefined && line.includes('upload-done')) uploadEnd = now;
      }
    });
    child.stderr.on('data', (d) => (out += d));
    let peak = 0;
    let peakAnon = 0;
    let peakFile = 0;
    const pids = new Set();
    const cpu = new Map();
    const sampler = setInterval(() => {
      for (const p of pidsMatching(pluginNeedle)) pids.add(p);
      for (const p of pids) {
        const mb = peakRssMb(p) ?? 0;
        const c = cpuSeconds(p);
        if (c !== undefined) cpu.set(p, c);
        peak = Math.max(peak, mb);
        const parts = rssPartsMb(p);
        if (parts) {
          peakAnon = Math.max(peakAnon, parts.anon);
          peakFile = Math.max(peakFile, parts.file);
        }
      }
    }, 20);
    const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      clearTimeout(timer);
      if (code !== 0 || uploadStart === undefined || uploadEnd === undefined) {
        reject(new Error(`packer build ${template} failed (exit ${code}):\n${out.slice(-4000)}`));
      } else resolve({ uploadMs: uploadEnd - uploadStart, totalMs: performance.now() - t0, peakMb: peak, peakAnonMb: peakAnon, peakFileMb: peakFile, cpuS: [...cpu.values()].reduce((a, b) => a + b, 0) });
    });
  });
}
