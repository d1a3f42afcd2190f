/**
 * Where the plugin's own output goes once Packer is gone. Packer reads the plugin's stderr
 * (its log with `PACKER_LOG=1`); when Packer dies (SIGKILL, OOM, a crash) the pipe breaks and
 * Node would exit on the first write's EPIPE. Cleanups still have to run and say what they did,
 * so {@link installLogSink} keeps every stderr write: while stderr works it goes there; a write
 * that fails (EPIPE, EBADF, a destroyed stream) and everything after it is appended to the log
 * file ({@link logFilePath}). stdout (the handshake's) gets an error listener too, so an EPIPE
 * there never kills the process either.
 *
 * Redaction: every text passes through {@link setLogTransform}'s function once, before it
 * reaches stderr or the file; by default that is src/secrets' `redact`, so the log file and the
 * `console.*` path (which bypasses `process.stderr.write`'s redacting wrapper) never see a secret.
 */
import { closeSync, constants, mkdirSync, openSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { redact } from '../secrets/redact.js';

/** A function every log text passes through before it is written (secret redaction by default). */
export type LogTransform = (text: string) => string;

let transform: LogTransform = redact;

/** Sets the function every text passes through before stderr or the log file (e.g. secret redaction). */
export function setLogTransform(fn: LogTransform): void {
  transform = fn;
}

/**
 * The log file used once stderr is gone: `PACKER_LOG_PATH` when set (the file Packer's own log
 * goes to), else `$XDG_STATE_HOME/packer-plugin-<name>/plugin.log`, with `XDG_STATE_HOME`
 * defaulting to `~/.local/state` (the XDG base directory for logs). Lines are appended, each
 * prefixed with an ISO time and the pid.
 */
export function logFilePath(pluginName: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.PACKER_LOG_PATH) return env.PACKER_LOG_PATH;
  const state = env.XDG_STATE_HOME?.startsWith('/') ? env.XDG_STATE_HOME : join(env.HOME || homedir(), '.local', 'state');
  return join(state, `packer-plugin-${pluginName}`, 'plugin.log');
}

/** State of the installed sink (tests and the lost-connection path read it). */
export interface LogSink {
  /** The log file lines go to once stderr is gone. */
  readonly file: string;
  /** True once a write to stderr failed; later writes go to {@link file}. */
  readonly stderrLost: boolean;
  /** Writes `text` as the plugin's log: stderr while it works, else the log file. */
  write(text: string): void;
}

type WriteFn = (chunk: unknown, encoding?: unknown, cb?: unknown) => boolean;

let installed: (LogSink & { stderrLost: boolean }) | undefined;

/**
 * Makes stderr writes survive the loss of stderr (see the module comment) and points
 * `console.*` at stderr (stdout belongs to the handshake). Idempotent; returns the sink.
 * `pluginName` names the default log file.
 */
export function installLogSink(pluginName: string, env: NodeJS.ProcessEnv = process.env): LogSink {
  if (installed) return installed;
  const file = logFilePath(pluginName, env);
  let fd: number | undefined;
  let fileFailed = false;
  const toFile = (text: string): void => {
    if (fileFailed) return;
    try {
      if (fd === undefined) {
        if (!env.PACKER_LOG_PATH) mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
        fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_NOFOLLOW, 0o600);
      }
      const stamp = `${new Date().toISOString()} [pid ${process.pid}] `;
      const lines = text.endsWith('\n') ? text.slice(0, -1) : text;
      writeSync(fd, `${lines.split('\n').map((l) => stamp + l).join('\n')}\n`);
    } catch {
      // nowhere left to write: stay silent rather than die
      fileFailed = true;
    }
  };
  const stderr = process.stderr;
  const original = stderr.write.bind(stderr) as WriteFn;
  const sink = {
    file,
    stderrLost: false,
    write(text: string): void {
      const shown = transform(text);
      if (sink.stderrLost || stderr.destroyed || !stderr.writable) {
        sink.stderrLost = true;
        toFile(shown);
        return;
      }
      try {
        original(shown, (err: Error | null | undefined) => {
          if (err) {
            sink.stderrLost = true;
            toFile(shown);
          }
        });
      } catch {
        sink.stderrLost = true;
        toFile(shown);
      }
    },
  };
  const patched: WriteFn = (chunk, encoding, cb) => {
    const callback = typeof encoding === 'function' ? encoding : cb;
    const text =
      typeof chunk === 'string'
        ? chunk
        : Buffer.from(chunk as Uint8Array).toString(typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    sink.write(text);
    if (typeof callback === 'function') process.nextTick(callback as () => void);
    return true;
  };
  stderr.write = patched as typeof stderr.write;
  const lost = (): void => {
    sink.stderrLost = true;
  };
  stderr.on('error', lost);
  process.stdout.on('error', () => undefined);
  const c = console as unknown as Record<'log' | 'info' | 'debug' | 'warn' | 'error', (...args: unknown[]) => void>;
  for (const level of ['log', 'info', 'debug', 'warn', 'error'] as const) {
    c[level] = (...args: unknown[]) => sink.write(`${format(...args)}\n`);
  }
  process.once('exit', () => {
    if (fd !== undefined) closeSync(fd);
  });
  installed = sink;
  return sink;
}
