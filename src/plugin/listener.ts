import { lstatSync, mkdtempSync, readdirSync, rmdirSync, rmSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogFn } from '../rpc/log.js';

/** Where the plugin listens, and how to remove what listening left on disk. */
export interface PluginListener {
  network: 'unix' | 'tcp';
  /** Socket path (unix) or `127.0.0.1:PORT` (tcp). */
  address: string;
  /** Resolves with the first connection; the listener is closed and its socket file removed at once. */
  accept(timeoutMs: number): Promise<net.Socket>;
  /** Closes the listener and removes the private socket directory (idempotent, synchronous parts first). */
  dispose(): void;
}

/** Longest unix socket path Linux accepts (sun_path is 108 bytes with the NUL). */
const MAX_UNIX_PATH = 107;

function listen(server: net.Server, target: string | { host: string; port: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    if (typeof target === 'string') server.listen(target);
    else server.listen(target.port, target.host);
  });
}

function acceptOne(server: net.Server, dispose: () => void, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      dispose();
      reject(new Error(`no connection from Packer within ${Math.round(timeoutMs / 1000)} s; exiting`));
    }, timeoutMs);
    server.once('connection', (socket: net.Socket) => {
      clearTimeout(timer);
      // Exactly one connection: close at once (later connections are refused) and
      // remove the socket file, so nothing is left behind even if Packer SIGKILLs us.
      server.on('connection', (extra: net.Socket) => extra.destroy());
      dispose();
      resolve(socket);
    });
  });
}

/** Name prefix of our socket directories: `packer-plugin-js-<pid>-XXXXXX` (Go's SDK uses `packer-plugin<digits>`). */
export const SOCKET_DIR_PREFIX = 'packer-plugin-js-';
const SOCKET_DIR = /^packer-plugin-js-(\d+)-[A-Za-z0-9]{6}$/;
const SOCKET_FILE = 'plugin.sock';

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes socket directories a SIGKILLed plugin left in `base`: only directories named like
 * ours ({@link SOCKET_DIR_PREFIX}`<pid>-XXXXXX`, not a symlink), owned by this uid, whose pid
 * is not running, holding nothing but the `plugin.sock` socket. Anything else is left alone.
 * Returns the removed paths. Never throws.
 */
export function removeStaleSocketDirs(base: string, log?: LogFn): string[] {
  const removed: string[] = [];
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = SOCKET_DIR.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || pidAlive(pid)) continue;
    const dir = join(base, name);
    try {
      const st = lstatSync(dir);
      if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
      const inside = readdirSync(dir);
      if (inside.some((n) => n !== SOCKET_FILE)) continue;
      if (inside.length === 1) {
        const sock = join(dir, SOCKET_FILE);
        const sst = lstatSync(sock);
        if (!sst.isSocket() || (uid !== undefined && sst.uid !== uid)) continue;
        unlinkSync(sock);
      }
      rmdirSync(dir);
      removed.push(dir);
      log?.(`Removed the stale socket directory ${dir} of plugin process ${pid} (no longer running)`);
    } catch {
      // raced with another plugin or not ours to remove: leave it
    }
  }
  return removed;
}

/**
 * A unix socket in a fresh 0700 directory `packer-plugin-js-<pid>-XXXXXX` under the temp dir
 * (TMPDIR honoured; `/tmp` when TMPDIR is too long for a socket path, which is logged). Stale
 * directories of dead plugin processes are removed first ({@link removeStaleSocketDirs}).
 */
export async function listenUnix(log?: LogFn): Promise<PluginListener> {
  let base = tmpdir();
  const wanted = join(base, `${SOCKET_DIR_PREFIX}${process.pid}-XXXXXX`, SOCKET_FILE);
  if (wanted.length > MAX_UNIX_PATH) {
    log?.(
      `TMPDIR ${base} is too long for a unix socket path (${wanted.length} > ${MAX_UNIX_PATH} bytes): ` +
        'the plugin socket goes under /tmp instead',
    );
    base = '/tmp';
  }
  removeStaleSocketDirs(base, log);
  const dir = mkdtempSync(join(base, `${SOCKET_DIR_PREFIX}${process.pid}-`));
  const path = join(dir, SOCKET_FILE);
  const server = net.createServer({ pauseOnConnect: false });
  let disposed = false;
  const dispose = (): void => {
    if (disposed) return;
    disposed = true;
    server.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const onExit = (): void => dispose();
  process.once('exit', onExit);
  try {
    await listen(server, path);
  } catch (err) {
    dispose();
    throw new Error(`could not listen on unix socket ${path}: ${(err as Error).message}`);
  }
  return {
    network: 'unix',
    address: path,
    accept: (timeoutMs) => acceptOne(server, dispose, timeoutMs),
    dispose,
  };
}

/**
 * TCP on 127.0.0.1, first free port of PACKER_PLUGIN_MIN_PORT..PACKER_PLUGIN_MAX_PORT
 * (Packer sets 10000..25000), like the Go SDK on Windows.
 */
export async function listenTcp(env: NodeJS.ProcessEnv = process.env): Promise<PluginListener> {
  const min = Number.parseInt(env.PACKER_PLUGIN_MIN_PORT ?? '10000', 10);
  const max = Number.parseInt(env.PACKER_PLUGIN_MAX_PORT ?? '25000', 10);
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max > 65535 || min > max) {
    throw new Error(
      `invalid plugin port range PACKER_PLUGIN_MIN_PORT=${env.PACKER_PLUGIN_MIN_PORT ?? ''} ` +
        `PACKER_PLUGIN_MAX_PORT=${env.PACKER_PLUGIN_MAX_PORT ?? ''}: both must be ports with MIN <= MAX`,
    );
  }
  for (let port = min; port <= max; port++) {
    const server = net.createServer();
    try {
      await listen(server, { host: '127.0.0.1', port });
    } catch {
      server.close();
      continue;
    }
    let disposed = false;
    const dispose = (): void => {
      if (disposed) return;
      disposed = true;
      server.close();
    };
    return {
      network: 'tcp',
      address: `127.0.0.1:${port}`,
      accept: (timeoutMs) => acceptOne(server, dispose, timeoutMs),
      dispose,
    };
  }
  throw new Error(`Couldn't bind plugin TCP listener on 127.0.0.1 ports ${min}..${max}`);
}

/** TCP when asked (`PACKER_PLUGIN_TRANSPORT=tcp`) or on Windows, else a unix socket. */
export function listenForPacker(env: NodeJS.ProcessEnv = process.env, log?: LogFn): Promise<PluginListener> {
  const transport = (env.PACKER_PLUGIN_TRANSPORT ?? '').toLowerCase();
  if (transport !== '' && transport !== 'tcp' && transport !== 'unix') {
    throw new Error(`PACKER_PLUGIN_TRANSPORT=${env.PACKER_PLUGIN_TRANSPORT ?? ''} is not valid: use "tcp" or "unix"`);
  }
  if (transport === 'tcp' || (transport === '' && process.platform === 'win32')) return listenTcp(env);
  return listenUnix(log);
}
