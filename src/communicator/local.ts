import type { ChildProcess } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Readable, Writable } from 'node:stream';
import type { Communicator, FileInfo, RemoteCmd, RunningCommand } from '../sdk/communicator.js';
import { compileExcludes, globToRegExp, hasGlob, type ExcludeMatcher } from './exclude.js';
import { goPerm, isGoRegular } from './file-mode.js';
import { BatchedFileWriter } from './batched-file-writer.js';
import { copyToWritable } from './stream-copy.js';
import { copyDirectory, copyDirectoryEntries, copyEntry, tempNameBeside } from './tree-copy.js';
import { afterAbort } from '../multistep/abort-race.js';

/** Options of {@link LocalCommunicator}. */
export interface LocalCommunicatorOptions {
  /**
   * The program and leading arguments that run a command; the command text is appended as the
   * last argument. Default `['/bin/sh', '-c']`.
   */
  readonly shell?: readonly string[];
  /**
   * The directory commands run in and relative "remote" paths resolve against
   * (default: the current directory when the communicator is made).
   */
  readonly workingDir?: string;
  /** Variables added to (or, with `undefined`, removed from) this process's environment for commands. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The exit status of a process killed by a signal (Go: syscall.WaitStatus.ExitStatus() is -1). */
export const SIGNALLED_EXIT_STATUS = -1;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Kills the process group led by `child` (it was spawned detached); ignores a group already gone. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * A Communicator for the machine Packer runs on (like Go's shell-local communicator, plus file
 * transfer): commands run through a shell in their own process group, files are copied with
 * streams. "Remote" paths are paths on this host; relative ones resolve against `workingDir`,
 * while `uploadDir`'s source and `downloadDir`'s destination (Packer's side) resolve against
 * the current directory.
 */
export class LocalCommunicator implements Communicator {
  readonly shell: readonly string[];
  readonly workingDir: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(options: LocalCommunicatorOptions = {}) {
    const shell = options.shell ?? ['/bin/sh', '-c'];
    if (shell.length === 0 || shell[0] === '') {
      throw new Error('LocalCommunicator: the shell option must name a program, e.g. ["/bin/sh", "-c"]');
    }
    this.shell = [...shell];
    this.workingDir = resolve(options.workingDir ?? process.cwd());
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const [key, value] of Object.entries(options.env ?? {})) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
    this.env = env;
  }

  /** A "remote" path as an absolute path on this host. */
  remotePath(path: string): string {
    return resolve(this.workingDir, path);
  }

  /**
   * Starts `cmd.command` through the shell in `workingDir`. Resolves once the process runs.
   * `stdin` is piped in and the process's stdin closed at its end; `stdout`/`stderr` receive the
   * output with backpressure and are never ended (their owner does that); absent ones discard.
   * `exitStatus` resolves after the process exited and all its output was written: the exit
   * code, or -1 when a signal killed it. It rejects if writing the output failed.
   * Aborting `signal` kills the command's whole process group (SIGKILL).
   */
  async start(cmd: RemoteCmd, signal?: AbortSignal): Promise<RunningCommand> {
    signal?.throwIfAborted();
    const cwdInfo = await stat(this.workingDir).catch(() => undefined);
    if (!cwdInfo?.isDirectory()) {
      throw new Error(
        `LocalCommunicator: workingDir "${this.workingDir}" is not an existing directory; create it or pass another workingDir`,
      );
    }
    const [program, ...args] = this.shell as [string, ...string[]];
    // loaded on first use: plugins that never start a command do not pay for it at start-up
    const { spawn } = await import('node:child_process');
    const child = spawn(program, [...args, cmd.command], {
      cwd: this.workingDir,
      env: this.env,
      detached: true, // own process group, so an abort kills the command's children too
      stdio: [cmd.stdin ? 'pipe' : 'ignore', cmd.stdout ? 'pipe' : 'ignore', cmd.stderr ? 'pipe' : 'ignore'],
    });
    const exited = new Promise<number>((resolveExit) => {
      child.once('exit', (code, sig) =>
        resolveExit(sig !== null || code === null ? SIGNALLED_EXIT_STATUS : code),
      );
    });
    await new Promise<void>((resolveSpawn, rejectSpawn) => {
      const onSpawn = (): void => {
        child.off('error', onError);
        resolveSpawn();
      };
      const onError = (error: Error): void => {
        child.off('spawn', onSpawn);
        rejectSpawn(
          new Error(
            `LocalCommunicator: could not start ${JSON.stringify(program)}: ${error.message} (check the shell option)`,
          ),
        );
      };
      child.once('spawn', onSpawn);
      child.once('error', onError);
    });
    child.on('error', () => undefined); // later errors (e.g. a failed kill) are not fatal

    let outputDone = false;
    // also when aborted while the process was starting
    const stopAbort = signal
      ? afterAbort(signal, () => {
          if (!outputDone) killGroup(child);
        })
      : () => true;

    if (cmd.stdin && child.stdin) {
      const source = cmd.stdin;
      const sink = child.stdin;
      sink.on('error', () => undefined); // EPIPE when the command exits without reading it all
      const onSourceError = (): void => {
        sink.end(); // like Go's io.Copy stopping at a read error: the command sees end of input
      };
      source.on('error', onSourceError);
      source.pipe(sink);
      void exited.then(() => {
        source.off('error', onSourceError);
        source.unpipe(sink);
        sink.destroy();
      });
    }

    const copies: Promise<number>[] = [];
    const copy = (from: Readable | null, to: Writable | undefined, name: string): void => {
      if (!from || !to) return;
      copies.push(
        copyToWritable(from, to).catch((error: unknown) => {
          // `from` is destroyed by now: like Go closing the pipe, the command gets EPIPE/SIGPIPE
          throw new Error(
            `command ${JSON.stringify(cmd.command)}: writing its ${name} failed: ${message(error)}`,
          );
        }),
      );
    };
    copy(child.stdout, cmd.stdout, 'stdout');
    copy(child.stderr, cmd.stderr, 'stderr');

    const exitStatus = (async () => {
      try {
        const [status, ...results] = await Promise.allSettled([exited, ...copies]);
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
        return status?.status === 'fulfilled' ? status.value : SIGNALLED_EXIT_STATUS;
      } finally {
        outputDone = true;
        stopAbort();
      }
    })();
    exitStatus.catch(() => undefined); // the caller sees the rejection when it awaits exitStatus
    return { exitStatus };
  }

  /**
   * Writes `source` to `path` through a temporary file in the same directory, renamed into place
   * when complete (a failed upload leaves any old file untouched). The parent directory must
   * exist (as with Go's ssh/sftp communicators). The file gets `fileInfo`'s permission bits when
   * `fileInfo` describes a regular file, else keeps the replaced file's, else 0666 minus umask.
   * `source` is read to its end and not destroyed.
   */
  async upload(path: string, source: Readable, fileInfo?: FileInfo): Promise<void> {
    const target = this.remotePath(path);
    if (path.endsWith('/')) {
      throw new Error(
        `upload to "${path}": the path ends with "/"; give the full file path, e.g. "${path}file.txt"`,
      );
    }
    const parent = dirname(target);
    const parentInfo = await stat(parent).catch(() => undefined);
    if (!parentInfo?.isDirectory()) {
      throw new Error(
        `upload to "${target}": directory "${parent}" does not exist; create it before uploading`,
      );
    }
    const existing = await stat(target).catch(() => undefined);
    if (existing?.isDirectory()) {
      throw new Error(`upload to "${target}": that is a directory; give the full path of the file to write`);
    }
    const mode =
      fileInfo && isGoRegular(fileInfo.mode)
        ? goPerm(fileInfo.mode)
        : existing
          ? existing.mode & 0o777
          : undefined;

    const temp = tempNameBeside(target, 'upload');
    // Batched: one thread-pool write per 512 KiB instead of one per 32 KiB frame.
    const out = new BatchedFileWriter(temp, { flags: 'wx', mode: 0o666 });
    try {
      await copyToWritable(source, out, { keepSource: true });
      out.end();
      await finished(out);
      if (mode !== undefined) await chmod(temp, mode);
      await rename(temp, target);
    } catch (error) {
      out.destroy();
      // wait until the stream let go of the file (it may still be opening it) before removing it
      if (!out.closed) await new Promise<void>((resolveClose) => out.once('close', () => resolveClose()));
      await rm(temp, { force: true });
      throw new Error(`upload to "${target}" failed: ${message(error)}`);
    }
  }

  /**
   * Copies the local directory `src` into the remote directory `dst` (created if missing), with
   * rsync's rule: `src/` (also `src/.` and `.`) copies the contents of src into dst, `src`
   * creates dst/<name of src>.
   * Files keep their permission bits, symlinks are copied as symlinks. `exclude` takes the
   * patterns described at {@link compileExcludes}, relative to `src`.
   */
  async uploadDir(dst: string, src: string, exclude?: readonly string[]): Promise<void> {
    const from = resolve(src);
    const root = this.remotePath(dst);
    await this.#copyDir('uploadDir', src, from, root, copiesContentsOnly(src), compileExcludes(exclude));
  }

  /** Streams the file at `path` into `destination` with backpressure; `destination` is not ended. */
  async download(path: string, destination: Writable): Promise<void> {
    const target = this.remotePath(path);
    const info = await stat(target).catch((error: unknown) => {
      throw new Error(`download of "${target}" failed: ${message(error)}`);
    });
    if (info.isDirectory()) {
      throw new Error(`download of "${target}" failed: that is a directory; use downloadDir`);
    }
    try {
      await copyToWritable(createReadStream(target, { highWaterMark: 64 * 1024 }), destination);
    } catch (error) {
      throw new Error(`download of "${target}" failed: ${message(error)}`);
    }
  }

  /**
   * Copies the remote directory `src` to the local `dst` (created if missing) with the same
   * rules as {@link uploadDir}. The last component of `src` may be a glob (`logs/*.txt`, used when
   * no file has that literal name): every match (hidden names only if the glob starts with `.`)
   * is copied into dst, directories with their contents; excludes are then relative to the
   * directory holding the glob (`results/*` with exclude `sub/deep` skips results/sub/deep).
   */
  async downloadDir(src: string, dst: string, exclude?: readonly string[]): Promise<void> {
    const root = resolve(dst);
    const matcher = compileExcludes(exclude);
    const contentsOnly = copiesContentsOnly(src);
    const name = basename(src);
    const parent = dirname(src);
    if (hasGlob(parent) && !(await exists(this.remotePath(parent)))) {
      throw new Error(
        `downloadDir from "${src}" to "${root}" failed: only the last path component may contain wildcards`,
      );
    }
    if (!contentsOnly && hasGlob(name) && !(await exists(this.remotePath(src)))) {
      await this.#downloadGlob(src, this.remotePath(parent), name, root, matcher);
      return;
    }
    await this.#copyDir('downloadDir', src, this.remotePath(src), root, contentsOnly, matcher);
  }

  async #downloadGlob(
    src: string,
    parent: string,
    glob: string,
    root: string,
    exclude: ExcludeMatcher,
  ): Promise<void> {
    const what = `downloadDir from "${src}" to "${root}"`;
    const pattern = globToRegExp(glob);
    const names = await readdir(parent).catch((error: unknown) => {
      throw new Error(`${what} failed: ${message(error)}`);
    });
    const matches = names
      .filter((n) => (glob.startsWith('.') || !n.startsWith('.')) && pattern.test(n))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (matches.length === 0) throw new Error(`${what} failed: nothing in "${parent}" matches "${glob}"`);
    try {
      await mkdir(root, { recursive: true });
      for (const entry of matches) {
        await copyEntry(join(parent, entry), join(root, entry), entry, exclude);
      }
    } catch (error) {
      throw new Error(`${what} failed: ${message(error)}`);
    }
  }

  async #copyDir(
    operation: string,
    given: string,
    from: string,
    root: string,
    contentsOnly: boolean,
    exclude: ExcludeMatcher,
  ): Promise<void> {
    const what = `${operation} from "${given}" to "${root}"`;
    const info = await stat(from).catch(() => undefined);
    if (!info?.isDirectory()) {
      throw new Error(`${what} failed: "${from}" is not an existing directory`);
    }
    const target = contentsOnly ? root : join(root, basename(from));
    const inside = relative(await realpath(from), await realpathOfPossiblyMissing(target));
    if (inside === '' || (inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside))) {
      throw new Error(`${what} failed: the destination "${target}" is inside the source directory`);
    }
    try {
      await mkdir(root, { recursive: true });
      if (contentsOnly) await copyDirectoryEntries(from, root, '', exclude);
      else await copyDirectory(from, target, '', exclude);
    } catch (error) {
      throw new Error(`${what} failed: ${message(error)}`);
    }
  }
}

/** Whether `path` exists (following symlinks). */
async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** `realpath` of `path`, resolving only the part that exists (the rest is appended as given). */
async function realpathOfPossiblyMissing(path: string): Promise<string> {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(await realpath(current), ...missing.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return path;
      missing.push(basename(current));
      current = parent;
    }
  }
}

/** Whether a directory argument asks for its contents only (rsync: `dir/`, `dir/.`, `.`). */
export function copiesContentsOnly(dir: string): boolean {
  return dir.endsWith('/') || dir === '.' || dir.endsWith('/.');
}
