import type { Readable, Writable } from 'node:stream';

/** A command to run on the machine being built (Go: packersdk.RemoteCmd). */
export interface RemoteCmd {
  readonly command: string;
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  readonly stderr?: Writable;
}

/** A started command. `exitStatus` resolves once it ended and its output was flushed. */
export interface RunningCommand {
  readonly exitStatus: Promise<number>;
}

/** File metadata sent with an upload (Go: os.FileInfo as Packer's fileInfo). */
export interface FileInfo {
  readonly name: string;
  readonly size: number;
  /** os.FileMode permission and type bits. */
  readonly mode: number;
  readonly mtime?: Date;
}

/**
 * Communicator: runs commands and moves files on the machine being built
 * (Go: packersdk.Communicator). Provisioners reach it through the provision hook.
 */
export interface Communicator {
  /** Starts `cmd`; resolves once it is running (not when it ends). */
  start(cmd: RemoteCmd, signal?: AbortSignal): Promise<RunningCommand>;
  /** Writes `source` to the remote `path`. */
  upload(path: string, source: Readable, fileInfo?: FileInfo): Promise<void>;
  /** Copies the local directory `src` to remote `dst` (rsync rules: `src/` copies contents). */
  uploadDir(dst: string, src: string, exclude?: readonly string[]): Promise<void>;
  /** Streams the remote file `path` into `destination`. */
  download(path: string, destination: Writable): Promise<void>;
  /** Copies the remote directory `src` to the local `dst`. */
  downloadDir(src: string, dst: string, exclude?: readonly string[]): Promise<void>;
}
