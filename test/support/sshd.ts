/**
 * A real OpenSSH server for tests: Debian's /usr/sbin/sshd started on 127.0.0.1 on a free port
 * with its own host key, authorized_keys and log, run as root (sshd needs an absolute path, the
 * privilege-separation directory /run/sshd, and `StrictModes no` for keys in a temp dir).
 * Logins are as the test user {@link TEST_USER} (created once, with {@link TEST_PASSWORD}).
 * Used by the SSH communicator tests, the Packer e2e tests and the bench; the VM helper can
 * reuse it. In CI a missing sshd fails the test (scripts/setup.sh installs openssh-server).
 *
 * Each sshd stands in for a remote machine, so it gets a /tmp of its own: it runs in a private
 * mount namespace (`unshare --mount`) with a fresh 1777 directory bound over /tmp. Without that,
 * Packer's shell provisioner (remote path `/tmp/script_<rand 0..9998>.sh`) meets the root-owned
 * scripts that local-communicator builds interrupted by other tests leave in the host's /tmp;
 * the login user cannot overwrite one, and Packer retries the upload for `start_retry_timeout`
 * (5 min), which looked like a hang. The server's own files and {@link Sshd.userDir} live under
 * /var/tmp, which both sides see.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';
/** The unprivileged login the tests use (password and keys). */
export const TEST_USER = 'pbsshtest';
export const TEST_PASSWORD = 'pb-Test-pass-4711';
/** Where the servers' files and the user folders go: outside /tmp, which each server replaces. */
const SHARED_BASE = '/var/tmp';

let namespaces: boolean | undefined;
/** Whether `unshare --mount` works here (root with CAP_SYS_ADMIN; it does in CI). */
function mountNamespaces(): boolean {
  if (namespaces === undefined) {
    try {
      execFileSync('unshare', ['--mount', 'true'], { stdio: 'ignore' });
      namespaces = true;
    } catch {
      namespaces = false;
      process.stderr.write('test sshd: `unshare --mount` is not available; sshd shares the host /tmp (shell provisioners may meet other tests\' scripts)\n');
    }
  }
  return namespaces;
}

/** Fails with how to get sshd when it is missing (no skipping: setup.sh installs it). */
export function requireSshd(): void {
  if (!existsSync(SSHD) || !existsSync('/usr/bin/ssh-keygen')) {
    throw new Error(`${SSHD} or ssh-keygen is missing: install openssh-server and openssh-client (bash scripts/setup.sh)`);
  }
  if (process.getuid?.() !== 0) throw new Error('the sshd tests start sshd and need root (as in CI)');
}

/** Creates the test user once and (re)sets its password; returns its uid/gid and home. */
export function ensureTestUser(): { uid: number; gid: number; home: string } {
  try {
    execFileSync('id', ['-u', TEST_USER], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['-m', '-s', '/bin/sh', TEST_USER], { stdio: 'inherit' });
  }
  execFileSync('chpasswd', [], { input: `${TEST_USER}:${TEST_PASSWORD}\n` });
  const uid = Number(execFileSync('id', ['-u', TEST_USER]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', TEST_USER]).toString().trim());
  return { uid, gid, home: `/home/${TEST_USER}` };
}

/** A free TCP port on 127.0.0.1 (closed again before it is returned). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Generates a key pair with ssh-keygen; returns the private key file's path (`.pub` beside it). */
export function keygen(dir: string, name: string, type: 'rsa' | 'ed25519', bits?: number): string {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, ...(bits ? ['-b', String(bits)] : []), '-N', '', '-C', name, '-f', file]);
  return file;
}

export interface SshdOptions {
  /** `PasswordAuthentication` (default yes). */
  readonly password?: boolean;
  /** `KbdInteractiveAuthentication` (default no). */
  readonly keyboardInteractive?: boolean;
  /** `Subsystem sftp internal-sftp` (default true). */
  readonly sftp?: boolean;
  /** Public key lines accepted at start. */
  readonly authorizedKeys?: readonly string[];
  /** `UsePAM yes` (needed for keyboard-interactive with passwords; default no). */
  readonly pam?: boolean;
  /** More sshd_config lines. */
  readonly extra?: readonly string[];
}

export interface Sshd {
  readonly port: number;
  readonly host: '127.0.0.1';
  readonly dir: string;
  readonly logFile: string;
  readonly process: ChildProcess;
  /** Replaces the accepted public keys. */
  authorize(lines: readonly string[]): void;
  /** The server log so far. */
  log(): string;
  /** A fresh directory owned by the test user (removed by stop()). */
  userDir(name: string): string;
  stop(): Promise<void>;
}

/** Starts sshd and waits until it accepts connections. */
export async function startSshd(options: SshdOptions = {}): Promise<Sshd> {
  requireSshd();
  const user = ensureTestUser();
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(SHARED_BASE, 'pb-sshd-'));
  chmodSync(dir, 0o755);
  const privateTmp = join(dir, 'tmp');
  mkdirSync(privateTmp);
  chmodSync(privateTmp, 0o1777);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_ed25519')]);
  const authorized = join(dir, 'authorized_keys');
  const authorize = (lines: readonly string[]): void => {
    writeFileSync(authorized, lines.map((l) => `${l.trim()}\n`).join(''), { mode: 0o644 });
  };
  authorize(options.authorizedKeys ?? []);
  const port = await freePort();
  const logFile = join(dir, 'sshd.log');
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'host_ed25519')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${authorized}`,
    'StrictModes no',
    `UsePAM ${options.pam ? 'yes' : 'no'}`,
    `PasswordAuthentication ${options.password === false ? 'no' : 'yes'}`,
    `KbdInteractiveAuthentication ${options.keyboardInteractive ? 'yes' : 'no'}`,
    'PubkeyAuthentication yes',
    'PermitRootLogin no',
    `LogLevel ${process.env['PB_SSHD_LOGLEVEL'] ?? 'VERBOSE'}`,
    'AllowTcpForwarding yes',
    'AllowAgentForwarding yes',
    'MaxStartups 100',
    'MaxAuthTries 20',
    ...(options.sftp === false ? [] : ['Subsystem sftp internal-sftp']),
    ...(options.extra ?? []),
  ];
  writeFileSync(join(dir, 'sshd_config'), `${config.join('\n')}\n`);
  const sshdArgs = ['-D', '-f', join(dir, 'sshd_config'), '-E', logFile];
  const child = mountNamespaces()
    ? spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', 'mount --bind "$1" /tmp && shift && exec "$@"', 'sh', privateTmp, SSHD, ...sshdArgs], {
        stdio: ['ignore', 'ignore', 'pipe'],
      })
    : spawn(SSHD, sshdArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sshd exited at start: ${stderr}${existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''}`);
    if (existsSync(logFile) && readFileSync(logFile, 'utf8').includes('Server listening on')) break;
    if (Date.now() > deadline) throw new Error(`sshd did not start listening on 127.0.0.1:${port}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const made: string[] = [];
  return {
    port,
    host: '127.0.0.1',
    dir,
    logFile,
    process: child,
    authorize,
    log: () => readFileSync(logFile, 'utf8'),
    userDir(name: string): string {
      const d = mkdtempSync(join(SHARED_BASE, `pb-ssh-${name}-`));
      chownSync(d, user.uid, user.gid);
      chmodSync(d, 0o755);
      made.push(d);
      return d;
    },
    async stop(): Promise<void> {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      for (const d of made) rmSync(d, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An ssh-agent on a private socket, holding the given keys. */
export async function startAgent(keys: readonly string[]): Promise<{ socket: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'pb-agent-'));
  const socket = join(dir, 'agent.sock');
  const child = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  const deadline = Date.now() + 5000;
  while (!existsSync(socket)) {
    if (Date.now() > deadline) throw new Error('ssh-agent did not start');
    await new Promise((r) => setTimeout(r, 20));
  }
  for (const k of keys) execFileSync('ssh-add', ['-q', k], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
  return {
    socket,
    async stop(): Promise<void> {
      // ssh-agent deletes its socket as it exits: wait, or the removal races it and stops early
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((res) => child.once('exit', res));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
