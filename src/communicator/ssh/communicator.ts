/**
 * The SSH communicator (Go: packer-plugin-sdk/sdk-internals/communicator/ssh `comm`), on the
 * `ssh2` client: commands with exit status and streamed stdin/stdout/stderr, an optional pty,
 * files and directories by scp (our own, over `scp -t`/`scp -f` like Go) or sftp (ssh2's),
 * keep-alives, a read/write idle timeout, reconnecting when a session cannot be opened.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { connect as netConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, posix } from 'node:path';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { AuthenticationType, Client, ClientChannel, ConnectConfig, SFTPWrapper } from 'ssh2';
import type { Communicator, FileInfo, RemoteCmd, RunningCommand } from '../../sdk/communicator.js';
import type { Ui } from '../../sdk/ui.js';
import { log } from '../../multistep/log.js';
import { afterAbort } from '../../multistep/abort-race.js';
import { compileExcludes, type ExcludeMatcher } from '../exclude.js';
import { goPerm, isGoRegular } from '../file-mode.js';
import { coalesceWrites } from './coalesce-writes.js';
import { keyObjectsForCiphers } from './key-objects.js';
import { StreamReader, writeAll } from './stream-reader.js';
import { ssh2Client } from './ssh2-parts.js';

/** Exit status of a command whose connection dropped without exit status or signal (Go: packersdk.CmdDisconnect). */
export const CMD_DISCONNECT = 2300218;

/** POSIX signal numbers for `exit-signal` (Go's x/crypto/ssh `signals` table). */
const SIGNALS: Readonly<Record<string, number>> = {
  ABRT: 6, ALRM: 14, FPE: 8, HUP: 1, ILL: 4, INT: 2, KILL: 9, PIPE: 13, QUIT: 3, SEGV: 11, TERM: 15, USR1: 10, USR2: 12,
};

/** An authentication method tried in order (Go: the ssh.ClientConfig.Auth list). */
export type SSHAuth =
  | { readonly type: 'publickey'; readonly key: Buffer | string }
  | { readonly type: 'agent'; readonly socket: string }
  | { readonly type: 'password'; readonly password: string };

/** Where and how to connect (Go: sdk-internals ssh.Config + the ssh.ClientConfig). */
export interface SSHConnectOptions {
  readonly host: string;
  /** Default 22. */
  readonly port?: number;
  readonly username: string;
  /** Tried in order; a password is tried as `password` then `keyboard-interactive` (Go). */
  readonly auth: readonly SSHAuth[];
  /** Run commands on a pty (`xterm`, 40 rows × 80 columns, echo off) (Go: Pty). */
  readonly pty?: boolean;
  /** `scp` (default, Go's) or `sftp` for upload/download. */
  readonly fileTransferMethod?: 'scp' | 'sftp';
  /** Keep-alive interval in ms; ≤ 0 turns them off. Default 5000 (Go). */
  readonly keepAliveIntervalMs?: number;
  /** Close the connection when nothing is read or written for this many ms; 0 = never (Go: Timeout). */
  readonly readWriteTimeoutMs?: number;
  /** How long the SSH handshake may take, ms. Default 60000 (Go: HandshakeTimeout 1m). */
  readonly handshakeTimeoutMs?: number;
  /** Forward the agent at `SSH_AUTH_SOCK` (Go: on unless DisableAgentForwarding). Default false. */
  readonly agentForwarding?: boolean;
  readonly ciphers?: readonly string[];
  readonly kexAlgorithms?: readonly string[];
  /** Reach `host:port` through this bastion (Go: BastionConnectFunc). */
  readonly bastion?: Omit<SSHConnectOptions, 'bastion' | 'pty' | 'fileTransferMethod'>;
  /**
   * Shows a progress bar (Ui.trackProgress) for each upload of known size. Leave it unset when
   * Packer's provisioners call the communicator: they show their own.
   */
  readonly progressUi?: Ui;
}

/** An ssh2 error with its `level` (`client-authentication`, `client-socket`, `client-timeout`, `protocol`). */
export interface SSHError extends Error {
  level?: string;
  code?: string;
}

/** Whether an error from {@link SSHCommunicator.connect} is an authentication failure (S6: by kind, not text). */
export function isAuthenticationError(error: unknown): boolean {
  return (error as SSHError | undefined)?.level === 'client-authentication';
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeAuth(auth: readonly SSHAuth[]): string {
  const names = auth.flatMap((a) =>
    a.type === 'password' ? ['password', 'keyboard-interactive'] : a.type === 'agent' ? ['agent (publickey)'] : ['publickey'],
  );
  return names.length > 0 ? names.join(', ') : 'none';
}

/** Quotes a path for the remote shell when it has characters the shell would split on. */
function shellPath(path: string): string {
  return /^[A-Za-z0-9_./~+-]+$/.test(path) ? path : `'${path.replace(/'/g, `'"'"'`)}'`;
}

function ssh2Config(o: SSHConnectOptions, sock: Readable): ConnectConfig {
  const authHandler = o.auth.flatMap((a): AuthenticationType[] => {
    switch (a.type) {
      case 'publickey':
        return [{ type: 'publickey', username: o.username, key: a.key } as unknown as AuthenticationType];
      case 'agent':
        return [{ type: 'agent', username: o.username, agent: a.socket } as unknown as AuthenticationType];
      case 'password':
        return [
          { type: 'password', username: o.username, password: a.password } as unknown as AuthenticationType,
          {
            type: 'keyboard-interactive',
            username: o.username,
            // Go's PasswordKeyboardInteractive: every prompt is answered with the password
            prompt: (_n: string, _i: string, _l: string, prompts: unknown[], finish: (answers: string[]) => void) =>
              finish(prompts.map(() => a.password)),
          } as unknown as AuthenticationType,
        ];
    }
  });
  const agent = o.auth.find((a) => a.type === 'agent');
  const agentSocket = agent?.type === 'agent' ? agent.socket : process.env['SSH_AUTH_SOCK'];
  return {
    sock,
    username: o.username,
    authHandler,
    readyTimeout: o.handshakeTimeoutMs ?? 60_000,
    keepaliveInterval: 0, // keep-alives are ours (Go's keepalive@packer.io while commands run)
    ...(o.agentForwarding && agentSocket ? { agent: agentSocket, agentForward: true } : {}),
    ...(o.ciphers?.length || o.kexAlgorithms?.length
      ? {
          algorithms: {
            ...(o.ciphers?.length ? { cipher: [...o.ciphers] as never } : {}),
            ...(o.kexAlgorithms?.length ? { kex: [...o.kexAlgorithms] as never } : {}),
          },
        }
      : {}),
    hostVerifier: () => true, // Go: ssh.InsecureIgnoreHostKey()
  };
}

/** Opens the TCP connection (with the idle timeout) or the bastion channel to `host:port`. */
async function openTransport(o: SSHConnectOptions, cleanups: (() => void)[], signal?: AbortSignal): Promise<Readable & Writable> {
  const port = o.port ?? 22;
  if (o.bastion) {
    const jump = await handshake(o.bastion, cleanups, signal);
    cleanups.push(() => jump.end());
    return new Promise((resolve, reject) => {
      jump.forwardOut('127.0.0.1', 0, o.host, port, (error, channel) => {
        if (error) reject(new Error(`ssh: bastion ${o.bastion?.host}:${o.bastion?.port ?? 22} could not reach ${o.host}:${port}: ${error.message}`));
        else resolve(channel);
      });
    });
  }
  return new Promise<Socket>((resolve, reject) => {
    // Go's net.Dial sets TCP_NODELAY; the writes of one tick leave together (coalesce-writes.ts)
    const socket = coalesceWrites(netConnect({ host: o.host, port, noDelay: true }));
    socket.once('connect', () => {
      socket.off('error', reject);
      if ((o.readWriteTimeoutMs ?? 0) > 0) {
        socket.setTimeout(o.readWriteTimeoutMs ?? 0, () => {
          log(`[ERROR] ssh: nothing read or written for ${o.readWriteTimeoutMs} ms: closing the connection`);
          socket.destroy(new Error(`i/o timeout after ${o.readWriteTimeoutMs} ms (ssh_read_write_timeout)`));
        });
      }
      resolve(socket);
    });
    socket.once('error', reject);
    cleanups.push(() => socket.destroy());
  });
}

/** Connects and authenticates; rejects with the ssh2 error (its `level` kept) naming host:port and what was tried. */
async function handshake(o: SSHConnectOptions, cleanups: (() => void)[], signal?: AbortSignal): Promise<Client> {
  signal?.throwIfAborted();
  let transport: Readable & Writable;
  try {
    transport = await openTransport(o, cleanups, signal);
  } catch (error) {
    const wrapped: SSHError = new Error(`ssh: ${o.username}@${o.host}:${o.port ?? 22}: TCP connection failed: ${message(error)}`);
    wrapped.level = (error as SSHError).level ?? 'client-socket';
    const code = (error as SSHError).code;
    if (code !== undefined) wrapped.code = code;
    throw wrapped;
  }
  const Ssh2Client = await ssh2Client(); // loaded on first use
  const client = new Ssh2Client();
  cleanups.push(() => client.end());
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      client.end();
      transport.destroy();
      reject(signal?.reason ?? new Error('SSH wait cancelled'));
    };
    // the transport was opened after an await: an abort during it has already fired
    const stopAbort = signal ? afterAbort(signal, onAbort) : () => true;
    if (signal?.aborted) return;
    const onError = (error: SSHError): void => {
      stopAbort();
      client.end();
      const wrapped: SSHError = new Error(
        `ssh: ${o.username}@${o.host}:${o.port ?? 22}: ${error.message} (tried: ${describeAuth(o.auth)})`,
      );
      if (error.level !== undefined) wrapped.level = error.level;
      if (error.code !== undefined) wrapped.code = error.code;
      reject(wrapped);
    };
    client.once('error', onError);
    client.once('ready', () => {
      stopAbort();
      client.off('error', onError);
      client.on('error', (error: Error) => log(`[ERROR] ssh connection: ${error.message}`));
      resolve(client);
    });
    client.connect(ssh2Config(o, transport));
    keyObjectsForCiphers(client);
  });
}

/**
 * A Communicator that runs commands and copies files over SSH (Go: the SDK's ssh `comm`).
 * Make it with {@link SSHCommunicator.connect}; call {@link close} when done.
 */
export class SSHCommunicator implements Communicator {
  readonly options: SSHConnectOptions;
  #client: Client | undefined;
  /** Rejects when the current connection closes (every running operation races it). */
  #lost: Promise<never> = new Promise<never>(() => undefined);
  #cleanups: (() => void)[] = [];
  #closed = false;

  private constructor(options: SSHConnectOptions) {
    this.options = options;
  }

  /** `host:port`. */
  get address(): string {
    return `${this.options.host}:${this.options.port ?? 22}`;
  }

  /**
   * Connects and authenticates (Go: ssh.New). Rejects with an {@link SSHError}: `level`
   * `client-authentication` for a refused login, `client-socket` for TCP errors,
   * `client-timeout` when the handshake exceeds `handshakeTimeoutMs`.
   */
  static async connect(options: SSHConnectOptions, signal?: AbortSignal): Promise<SSHCommunicator> {
    const comm = new SSHCommunicator(options);
    await comm.#reconnect(signal);
    return comm;
  }

  async #reconnect(signal?: AbortSignal): Promise<void> {
    this.#dropConnection();
    log('[DEBUG] reconnecting to TCP connection for SSH');
    const cleanups: (() => void)[] = [];
    try {
      this.#client = await handshake(this.options, cleanups, signal);
    } catch (error) {
      for (const c of cleanups.reverse()) c();
      throw error;
    }
    this.#cleanups = cleanups;
    const client = this.#client;
    this.#lost = new Promise<never>((_resolve, reject) => {
      client.once('close', () => {
        if (this.#client === client) this.#client = undefined;
        reject(new Error(`the SSH connection to ${this.address} was lost`));
      });
    });
    this.#lost.catch(() => undefined);
    log('[DEBUG] handshake complete!');
  }

  #dropConnection(): void {
    this.#client?.end();
    this.#client = undefined;
    for (const c of this.#cleanups.reverse()) c();
    this.#cleanups = [];
  }

  /** Runs `work`, rejecting as soon as the connection it uses is lost. */
  async #guard<T>(work: () => Promise<T>): Promise<T> {
    await this.#connected();
    const lost = this.#lost;
    const running = work();
    running.catch(() => undefined);
    return Promise.race([running, lost]);
  }

  /** Ends the connection (and the bastion's). Further calls reject. */
  close(): void {
    this.#closed = true;
    this.#dropConnection();
  }

  /** The client, reconnecting when the connection was lost (Go: newSession's reconnect). */
  async #connected(): Promise<Client> {
    if (this.#closed) throw new Error(`ssh ${this.address}: the communicator was closed`);
    if (!this.#client) {
      log('[ERROR] ssh session open error: connection lost, attempting reconnect');
      await this.#reconnect();
    }
    return this.#client as Client;
  }

  /**
   * Opens a session running `command`. The exit status and the close are watched from inside
   * ssh2's callback: for a quick command they can arrive in the same TCP read as the exec reply,
   * and so be emitted before an awaiting caller could listen.
   */
  async #exec(command: string, pty: boolean): Promise<ExecSession> {
    const open = async (client: Client): Promise<ExecSession> =>
      new Promise((resolve, reject) => {
        const opts = pty ? { pty: { term: 'xterm', rows: 40, cols: 80, modes: { ECHO: 0 as const, TTY_OP_ISPEED: 14400, TTY_OP_OSPEED: 14400 } } } : {};
        client.exec(command, opts, (error, channel) => {
          if (error) {
            reject(error);
            return;
          }
          const session: ExecSession = {
            channel,
            code: undefined,
            closed: new Promise<void>((resolveClose) => channel.once('close', () => resolveClose())),
          };
          channel.on('exit', (exitCode: number | null, signalName?: string) => {
            if (typeof exitCode === 'number') session.code = exitCode;
            else if (signalName !== undefined) session.code = 128 + (SIGNALS[signalName.replace(/^SIG/, '')] ?? 0);
          });
          resolve(session);
        });
      });
    const client = await this.#connected();
    try {
      return await open(client);
    } catch (error) {
      log(`[ERROR] ssh session open error: '${message(error)}', attempting reconnect`);
      await this.#reconnect();
      return open(this.#client as Client);
    }
  }

  /**
   * Starts `cmd.command` (Go: comm.Start): resolves once the session runs. `exitStatus`
   * resolves with the remote exit code, 128 + the signal number for `exit-signal`, or
   * {@link CMD_DISCONNECT} (2300218) when the connection ended without either. stdin is EOF
   * when `cmd.stdin` is absent (Go); output is copied with backpressure and not ended.
   * Aborting `signal` sends `KILL` to the remote command and closes its session.
   */
  async start(cmd: RemoteCmd, signal?: AbortSignal): Promise<RunningCommand> {
    signal?.throwIfAborted();
    log(`[DEBUG] starting remote command: ${cmd.command}`);
    const session = await this.#exec(`${cmd.command}\n`, this.options.pty === true);
    const channel = session.channel;
    const onAbort = (): void => {
      sendSignal(channel, 'KILL');
      channel.close();
    };
    // after the await of #exec: an abort while the session opened has already fired
    const stopAbort = signal ? afterAbort(signal, onAbort) : () => true;

    let keepAlive: NodeJS.Timeout | undefined;
    const interval = this.options.keepAliveIntervalMs ?? 5000;
    if (interval > 0) {
      const client = this.#client;
      keepAlive = setInterval(() => {
        // Go: session.SendRequest("keepalive@packer.io", true, nil); ssh2 offers the global one
        (client as unknown as { _protocol?: { ping?: () => void } } | undefined)?._protocol?.ping?.();
      }, interval);
      keepAlive.unref();
    }

    if (cmd.stdin) {
      cmd.stdin.pipe(channel);
      cmd.stdin.on('error', () => channel.end());
    } else {
      channel.end();
    }
    const copies: Promise<void>[] = [];
    const copy = (from: Readable, to: Writable | undefined): void => {
      if (!to) {
        from.resume();
        return;
      }
      copies.push(
        (async () => {
          for await (const chunk of from) await writeAll(to, chunk as Buffer);
        })(),
      );
    };
    copy(channel, cmd.stdout);
    copy(channel.stderr, cmd.stderr);
    const lost = this.#lost;
    const gaveUp = new Promise<void>((resolve) => {
      lost.catch(() => resolve());
      // after an abort, stop waiting for the server (it keeps the channel open until the command ends)
      if (signal) afterAbort(signal, () => setTimeout(resolve, 2000).unref());
    });
    const closed = Promise.race([session.closed, gaveUp]);
    const exitStatus = (async () => {
      try {
        await closed;
        await Promise.race([Promise.all(copies), gaveUp]);
        const code = session.code;
        if (code === undefined) {
          log('[ERROR] Remote command exited without exit status or exit signal.');
          return CMD_DISCONNECT;
        }
        if (code !== 0) log(`[ERROR] Remote command exited with '${code}': ${cmd.command}`);
        return code;
      } finally {
        clearInterval(keepAlive);
        stopAbort();
        if (cmd.stdin) cmd.stdin.unpipe(channel);
      }
    })();
    exitStatus.catch(() => undefined);
    return { exitStatus };
  }

  /** Runs `command` to its end, collecting stdout/stderr (for scp errors and internal use). */
  async run(command: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const out = new PassThrough();
    const err = new PassThrough();
    const outParts: Buffer[] = [];
    const errParts: Buffer[] = [];
    out.on('data', (c: Buffer) => outParts.push(c));
    err.on('data', (c: Buffer) => errParts.push(c));
    const running = await this.start({ command, stdout: out, stderr: err });
    const code = await running.exitStatus;
    return { code, stdout: Buffer.concat(outParts).toString(), stderr: Buffer.concat(errParts).toString() };
  }

  #progress(path: string, size: number, source: Readable): Readable {
    return this.options.progressUi ? this.options.progressUi.trackProgress(basename(path), 0, size, source) : source;
  }

  /**
   * Writes `source` to the remote `path` (Go: Upload). scp: sends exactly `fileInfo.size`
   * bytes when `fileInfo` describes a regular file (F5: a short source is an error), else
   * spools the source to a temporary file first to learn its size (mode 0644), as Go does.
   * sftp: creates/truncates the file, then sets the mode of a regular `fileInfo`.
   */
  async upload(path: string, source: Readable, fileInfo?: FileInfo): Promise<void> {
    log(`[DEBUG] ${this.options.fileTransferMethod ?? 'scp'}: uploading ${path}`);
    try {
      if (this.options.fileTransferMethod === 'sftp') {
        const tracked = fileInfo && isGoRegular(fileInfo.mode) ? this.#progress(path, fileInfo.size, source) : source;
        await this.#guard(() => this.#sftpSession((sftp) => sftpUploadFile(sftp, path, tracked, fileInfo)));
        return;
      }
      await this.#guard(() => this.#scpUpload(path, source, fileInfo));
    } catch (error) {
      throw new Error(`upload to ${JSON.stringify(path)} on ${this.address} failed: ${message(error)}`);
    }
  }

  async #scpUpload(path: string, source: Readable, fileInfo?: FileInfo): Promise<void> {
    let size: number;
    let mode: number;
    let input = source;
    let spool: string | undefined;
    if (fileInfo && isGoRegular(fileInfo.mode)) {
      size = fileInfo.size;
      mode = goPerm(fileInfo.mode);
    } else {
      spool = join(tmpdir(), `packer-upload-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
      log('[DEBUG] Copying input data into temporary file so we can read the length');
      const out = createWriteStream(spool, { mode: 0o600 });
      for await (const chunk of source) await writeAll(out, chunk as Buffer);
      out.end();
      await finished(out);
      size = (await stat(spool)).size;
      mode = 0o644;
      input = createReadStream(spool);
    }
    try {
      const dir = posix.dirname(path);
      await this.#scpSession(`scp -vt ${shellPath(dir)}`, async (w, r) => {
        await scpSendFile(posix.basename(path), this.#progress(path, size, input), size, mode, w, r);
      });
    } finally {
      if (spool) await rm(spool, { force: true });
    }
  }

  /**
   * Copies the local directory `src` into the remote `dst` (Go: UploadDir): `src` makes
   * `dst/<basename>`, `src/` copies its contents into `dst` (which must exist). Modes are kept;
   * symlinks to directories are followed (Go). `exclude` patterns skip entries.
   */
  async uploadDir(dst: string, src: string, exclude?: readonly string[]): Promise<void> {
    log(`[DEBUG] Upload dir '${src}' to '${dst}'`);
    const matcher = compileExcludes(exclude);
    const info = await stat(src).catch(() => undefined);
    if (!info?.isDirectory()) throw new Error(`uploadDir from "${src}": it is not an existing directory`);
    const contentsOnly = src.endsWith('/');
    try {
      if (this.options.fileTransferMethod === 'sftp') {
        await this.#guard(() => this.#sftpSession(async (sftp) => {
          const root = contentsOnly ? dst : posix.join(dst, basename(src));
          if (!contentsOnly) await sftpMkdir(sftp, root, info.mode & 0o777);
          await sftpUploadTree(sftp, src, root, '', matcher);
        }));
        return;
      }
      await this.#guard(() => this.#scpSession(`scp -rvt ${shellPath(dst)}`, async (w, r) => {
        if (contentsOnly) await scpSendEntries(src, '', w, r, matcher);
        else await scpSendDir(basename(src), info.mode & 0o777, w, r, () => scpSendEntries(src, '', w, r, matcher));
      }));
    } catch (error) {
      throw new Error(`uploadDir from "${src}" to "${dst}" on ${this.address} failed: ${message(error)}`);
    }
  }

  /** Streams the remote file `path` into `destination` (Go: Download); not ended. */
  async download(path: string, destination: Writable): Promise<void> {
    try {
      if (this.options.fileTransferMethod === 'sftp') {
        await this.#guard(() => this.#sftpSession(async (sftp) => {
          const stream = sftp.createReadStream(path, { highWaterMark: 64 * 1024, autoClose: true });
          const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
          stream.on('error', () => undefined); // surfaced by the iteration below; a late close error is harmless
          try {
            for await (const chunk of stream) await writeAll(destination, chunk as Buffer);
          } finally {
            await closed; // the handle's close request must be answered before the session ends
          }
        }));
        return;
      }
      await this.#guard(() => this.#scpSession(`scp -vf ${shellPath(path)}`, async (w, r) => {
        await writeAll(w, '\0');
        const line = await r.readLine('the scp file header');
        const header = parseScpHeader(line);
        if (header.kind === 'D') throw new Error('remote file is directory');
        await writeAll(w, '\0');
        await r.copyN(header.size, destination);
        await writeAll(w, '\0');
        await checkScpStatus(r);
      }));
    } catch (error) {
      throw new Error(`download of ${JSON.stringify(path)} from ${this.address} failed: ${message(error)}`);
    }
  }

  /**
   * Copies the remote directory `src` into the local `dst` (Go: DownloadDir, by `scp -rf`
   * whatever the transfer method, as Go does): `src` makes `dst/<basename>`, `src/` its contents.
   */
  async downloadDir(src: string, dst: string, exclude?: readonly string[]): Promise<void> {
    log(`[DEBUG] Download dir '${src}' to '${dst}'`);
    const matcher = compileExcludes(exclude);
    const contentsOnly = src.endsWith('/');
    await mkdir(dst, { recursive: true });
    try {
      await this.#guard(() => this.#scpSession(`scp -vrf ${shellPath(src)}`, async (w, r) => {
        const stack: string[] = [];
        let rootSkipped = !contentsOnly;
        for (;;) {
          await writeAll(w, '\0');
          let line: string;
          try {
            line = await r.readLine('an scp header');
          } catch (error) {
            if (stack.length === 0) return; // the source ended after the last entry
            throw error;
          }
          const header = parseScpHeader(line);
          if (header.kind === 'E') {
            stack.pop();
            continue;
          }
          if (header.kind === 'D' && !rootSkipped) {
            // contents only: the top directory itself maps onto dst
            rootSkipped = true;
            stack.push('');
            continue;
          }
          if (!rootSkipped) rootSkipped = true;
          const rel = [...stack.filter((s) => s !== ''), header.name].join('/');
          const target = join(dst, ...rel.split('/'));
          if (header.kind === 'D') {
            await mkdir(target, { recursive: true, mode: header.mode });
            stack.push(header.name);
            continue;
          }
          await writeAll(w, '\0');
          const skip = matcher(rel, false);
          const out = skip ? new PassThrough().resume() : createWriteStream(target, { mode: header.mode });
          await r.copyN(header.size, out);
          out.end();
          if (!skip) await finished(out);
          await checkScpStatus(r);
        }
      }));
    } catch (error) {
      throw new Error(`downloadDir from "${src}" to "${dst}" on ${this.address} failed: ${message(error)}`);
    }
  }

  /** Runs the remote `scp` and the protocol function (Go: scpSession), mapping exit 127. */
  async #scpSession(command: string, fn: (w: ClientChannel, r: StreamReader) => Promise<void>): Promise<void> {
    log(`[DEBUG] Starting remote scp process: ${command}`);
    const session = await this.#exec(command, false);
    const channel = session.channel;
    const stderr: Buffer[] = [];
    channel.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 64) stderr.push(c);
    });
    const closed = session.closed;
    const reader = new StreamReader(channel);
    let failure: unknown;
    try {
      await fn(channel, reader);
    } catch (error) {
      failure = error;
    }
    channel.end();
    await Promise.race([closed, reader.rest().then(() => closed)]);
    const errText = Buffer.concat(stderr).toString().split('\n').filter((l) => l && !l.startsWith('debug') && !l.startsWith('Sink:') && !l.startsWith('Executing:') && !l.startsWith('File ')).join('; ');
    const code = session.code;
    if (code === 127) {
      throw new Error('SCP failed to start. This usually means that SCP is not\nproperly installed on the remote system.');
    }
    if (failure) throw failure;
    if (code === undefined) throw new Error(`the connection closed before scp finished (exit status ${CMD_DISCONNECT})`);
    if (code !== 0) throw new Error(`scp exited with ${code}${errText ? `: ${errText}` : ''}`);
  }

  async #sftpSession<T>(fn: (sftp: SFTPWrapper) => Promise<T>): Promise<T> {
    const client = await this.#connected();
    const sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
      client.sftp((error, s) => (error ? reject(new Error(`sftpSession error: ${error.message} (is the sftp subsystem enabled on the server?)`)) : resolve(s))),
    );
    try {
      return await fn(sftp);
    } finally {
      sftp.end();
    }
  }
}

/**
 * Sends a `signal` channel request. ssh2's `channel.signal()` sends nothing once our side of
 * the channel is ended (stdin closed), which is how commands without stdin run; so this goes
 * to the protocol object under it.
 */
function sendSignal(channel: ClientChannel, name: string): void {
  const c = channel as unknown as {
    outgoing?: { id: number; state: string };
    _client?: { _protocol?: { signal?: (id: number, name: string) => void } };
  };
  if (c.outgoing && c.outgoing.state !== 'closed') c._client?._protocol?.signal?.(c.outgoing.id, name);
}

/** A session opened by `#exec`, watched from the moment ssh2 hands it over. */
interface ExecSession {
  readonly channel: ClientChannel;
  /** The exit status (or 128 + signal number) once the server sent it. */
  code: number | undefined;
  /** Resolves when the channel closed. */
  readonly closed: Promise<void>;
}

interface ScpHeader {
  kind: 'C' | 'D' | 'E';
  mode: number;
  size: number;
  name: string;
}

function parseScpHeader(line: string): ScpHeader {
  if (line.length === 0) throw new Error('empty response from server');
  const first = line[0];
  if (first === '\x01' || first === '\x02') throw new Error(line.slice(1));
  if (first === 'E') return { kind: 'E', mode: 0, size: 0, name: '' };
  const m = /^([CD])([0-7]{4}) (\d+) (.+)$/.exec(line);
  if (!m) throw new Error(`can't parse server response (${line})`);
  return { kind: m[1] as 'C' | 'D', mode: parseInt(m[2] as string, 8), size: Number(m[3]), name: m[4] as string };
}

async function checkScpStatus(r: StreamReader): Promise<void> {
  const code = await r.readByte('the scp status');
  if (code !== 0) {
    const text = await r.readLine('the scp error message').catch(() => '');
    throw new Error(text || `scp status ${code}`);
  }
}

/** Sends one file: header, exactly `size` bytes, status (Go: scpUploadFile). */
async function scpSendFile(name: string, src: Readable, size: number, mode: number, w: Writable, r: StreamReader): Promise<void> {
  await writeAll(w, `C${mode.toString(8).padStart(4, '0')} ${size} ${name}\n`);
  await checkScpStatus(r);
  let sent = 0;
  for await (const chunk of src) {
    const buf = chunk as Buffer;
    const take = sent + buf.length > size ? buf.subarray(0, size - sent) : buf;
    if (take.length > 0) await writeAll(w, take);
    sent += take.length;
    if (sent >= size) break;
  }
  if (sent < size) throw new Error(`short copy of ${name}: ${sent} of ${size} bytes could be read`);
  await writeAll(w, '\0');
  await checkScpStatus(r);
}

async function scpSendDir(name: string, mode: number, w: Writable, r: StreamReader, body: () => Promise<void>): Promise<void> {
  await writeAll(w, `D${mode.toString(8).padStart(4, '0')} 0 ${name}\n`);
  await checkScpStatus(r);
  await body();
  await writeAll(w, 'E\n');
  await checkScpStatus(r);
}

async function scpSendEntries(dir: string, rel: string, w: Writable, r: StreamReader, matcher: ExcludeMatcher): Promise<void> {
  const names = (await readdir(join(dir, rel))).sort();
  for (const name of names) {
    const relPath = rel === '' ? name : `${rel}/${name}`;
    const full = join(dir, relPath);
    const info = await stat(full);
    if (matcher(relPath, info.isDirectory())) continue;
    if (info.isDirectory()) {
      await scpSendDir(name, info.mode & 0o777, w, r, () => scpSendEntries(dir, relPath, w, r, matcher));
    } else {
      const handle = await open(full, 'r');
      try {
        await scpSendFile(name, handle.createReadStream({ autoClose: false, highWaterMark: 256 * 1024 }), info.size, info.mode & 0o777, w, r);
      } finally {
        await handle.close();
      }
    }
  }
}

function sftpCall<T>(fn: (cb: (error: Error | null | undefined, value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => fn((error, value) => (error ? reject(error) : resolve(value))));
}

/**
 * The data bytes of one sftp WRITE request: as many as fill whole SSH packets, up to the server's
 * largest write. `packetSize` is the channel's maximum packet (OpenSSH: 32768); a request also
 * carries 25 bytes of its own (uint32 length, byte type, uint32 id, string handle, uint64 offset,
 * uint32 data length) plus the handle. `maxWrite` is what the server's `limits@openssh.com`
 * allows (OpenSSH ≥ 8.7: 261120, so 7 packets, 229347 bytes with a 4-byte handle); without it a
 * request fills one packet (32739 bytes), as a request of exactly 32 KiB of data would leave in
 * two SSH packets, the second of 29 bytes. Never more than `maxWrite`.
 */
export function sftpWriteSize(packetSize: number | undefined, handleLength: number, maxWrite?: number): number {
  const packet = packetSize !== undefined && packetSize > 0 ? packetSize : 32 * 1024;
  const overhead = 25 + handleLength;
  const onePacket = Math.max(1024, Math.min(32 * 1024, packet - overhead));
  if (maxWrite === undefined || !(maxWrite > 0)) return onePacket;
  if (maxWrite <= onePacket) return maxWrite; // never more than one request: ssh2 would keep the buffer to send the rest
  const packets = Math.floor((maxWrite + overhead) / packet);
  return packets > 1 ? packets * packet - overhead : onePacket;
}

/** Bytes of sftp WRITE data in flight at most (at least 2 requests, at most 16). */
const SFTP_INFLIGHT_BYTES = 1024 * 1024;

/**
 * Pipelined sftp writes of {@link sftpWriteSize} bytes, up to {@link SFTP_INFLIGHT_BYTES} in
 * flight. The source's chunks (32–64 KiB from Packer) are gathered into one reused buffer:
 * `SFTPWrapper#write` copies a request's data into its packet before it returns when the data
 * fits one request (ssh2 1.17, SFTP.js `write`), which `sftpWriteSize` ensures. Fewer, larger
 * requests mean fewer STATUS replies to decrypt and fewer request objects that outlive a
 * scavenge: on a 1 GiB upload through Packer the plugin's heap grew 0.4 MB/s with 32 KiB requests.
 * A counter and one waiter, not `Promise.race` over the pending writes, which adds a reaction to
 * every pending promise on each call.
 */
async function sftpUploadFile(sftp: SFTPWrapper, path: string, source: Readable, fileInfo?: FileInfo): Promise<void> {
  const handle = await sftpCall<Buffer>((cb) => sftp.open(path, 'w', cb));
  const internals = sftp as unknown as { outgoing?: { packetSize?: number }; _maxWriteLen?: number };
  const size = sftpWriteSize(internals.outgoing?.packetSize, handle.length, internals._maxWriteLen);
  const depth = Math.min(16, Math.max(2, Math.floor(SFTP_INFLIGHT_BYTES / size)));
  let position = 0;
  let inflight = 0;
  let failed: unknown;
  let wake: (() => void) | undefined;
  const settled = (error: Error | null | undefined): void => {
    inflight--;
    if (error) failed ??= error;
    const w = wake;
    wake = undefined;
    w?.();
  };
  /** Resolves once fewer than `limit` writes are in flight, or one has failed. */
  const below = async (limit: number): Promise<void> => {
    while (inflight >= limit && failed === undefined) await new Promise<void>((resolve) => (wake = resolve));
  };
  const send = async (data: Buffer): Promise<void> => {
    inflight++;
    sftp.write(handle, data, 0, data.length, position, settled);
    position += data.length;
    await below(depth);
    if (failed) throw failed;
  };
  const gather = Buffer.allocUnsafeSlow(size);
  let filled = 0;
  try {
    for await (const chunk of source) {
      const buf = chunk as Buffer;
      let off = 0;
      while (off < buf.length) {
        if (filled === 0 && buf.length - off >= size) {
          await send(buf.subarray(off, off + size));
          off += size;
          continue;
        }
        const n = buf.copy(gather, filled, off, Math.min(buf.length, off + size - filled));
        filled += n;
        off += n;
        if (filled === size) {
          filled = 0;
          await send(gather);
        }
      }
    }
    if (filled > 0) await send(gather.subarray(0, filled));
    await below(1);
    if (failed) throw failed;
  } finally {
    await sftpCall<void>((cb) => sftp.close(handle, (e) => cb(e, undefined))).catch(() => undefined);
  }
  if (fileInfo && isGoRegular(fileInfo.mode)) {
    await sftpCall<void>((cb) => sftp.chmod(path, goPerm(fileInfo.mode), (e) => cb(e, undefined)));
  }
}

async function sftpMkdir(sftp: SFTPWrapper, path: string, mode: number): Promise<void> {
  try {
    await sftpCall<void>((cb) => sftp.mkdir(path, (e) => cb(e, undefined)));
  } catch (error) {
    const st = await sftpCall<{ isDirectory(): boolean }>((cb) => sftp.lstat(path, cb)).catch(() => undefined);
    if (!st?.isDirectory()) throw error;
  }
  await sftpCall<void>((cb) => sftp.chmod(path, mode, (e) => cb(e, undefined)));
}

async function sftpUploadTree(sftp: SFTPWrapper, src: string, root: string, rel: string, matcher: ExcludeMatcher): Promise<void> {
  const names = (await readdir(join(src, rel))).sort();
  for (const name of names) {
    const relPath = rel === '' ? name : `${rel}/${name}`;
    const full = join(src, relPath);
    const info = await stat(full);
    if (matcher(relPath, info.isDirectory())) continue;
    const target = posix.join(root, relPath);
    if (info.isDirectory()) {
      await sftpMkdir(sftp, target, info.mode & 0o777);
      await sftpUploadTree(sftp, src, root, relPath, matcher);
    } else {
      await sftpUploadFile(sftp, target, createReadStream(full, { highWaterMark: 256 * 1024 }), {
        name,
        size: info.size,
        mode: info.mode & 0o777,
      });
    }
  }
}

