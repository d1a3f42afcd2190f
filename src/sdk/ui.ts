import type { Readable } from 'node:stream';

/**
 * Ui: how a builder talks to the person running Packer (Go: packersdk.Ui).
 * Under Packer every call is an RPC to the core, so each returns a Promise.
 */
export interface Ui {
  /** `==> build: msg` (bold). */
  say(message: string): Promise<void>;
  /** `    build: msg`. */
  message(message: string): Promise<void>;
  /** `==> build: msg` in red. */
  error(message: string): Promise<void>;
  /** Machine-readable output (`-machine-readable`). */
  machine(category: string, ...args: string[]): Promise<void>;
  /** Asks a question on Packer's TTY; rejects with `no available tty` or `interrupted`. */
  ask(query: string): Promise<string>;
  /**
   * Wraps `source` so that reading it advances a progress bar in Packer's UI
   * (Go: Ui.TrackProgress(src, currentSize, totalSize, stream)).
   */
  trackProgress(src: string, currentSize: number, totalSize: number, source: Readable): Readable;
}
