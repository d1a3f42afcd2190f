/** Shared helpers for the protocol tests. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Absolute path of a file under the captured Packer 1.6.6 vectors. */
export function vectorPath(rel: string): string {
  return new URL(`../../../shared/vectors/packer-1.6.6/${rel}`, import.meta.url).pathname;
}

/** Reads a JSON vector. */
export function readVector<T>(rel: string): T {
  return JSON.parse(readFileSync(vectorPath(rel), 'utf8')) as T;
}

/** A fresh temp directory and its remover. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `gpb-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Debian's Packer 1.6.6 (the reference binary on these machines). */
export const DEBIAN_PACKER = '/usr/bin/packer';
