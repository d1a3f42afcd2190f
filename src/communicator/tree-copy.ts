import {
  copyFile,
  chmod,
  lstat,
  mkdir,
  readdir,
  readlink,
  rename,
  rm,
  stat,
  symlink,
} from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ExcludeMatcher } from './exclude.js';

/** A name for a temporary file beside `target` (same directory, so a rename is atomic). */
export function tempNameBeside(target: string, purpose: string): string {
  return join(dirname(target), `.${basename(target)}.packer-${purpose}-${Buffer.from(crypto.getRandomValues(new Uint8Array(6))).toString('hex')}`);
}

/** Replaces `target` by `temp` (rename), removing `temp` if that fails. */
async function replaceWith(temp: string, target: string): Promise<void> {
  try {
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Copies a regular file through a temporary file, then gives it the source's permission bits. */
export async function copyRegularFile(from: string, to: string): Promise<void> {
  const info = await stat(from);
  const temp = tempNameBeside(to, 'copy');
  try {
    await copyFile(from, temp);
    await chmod(temp, info.mode & 0o777);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await replaceWith(temp, to);
}

/** Recreates the symlink `from` (its target text, unresolved) at `to`. */
export async function copySymlink(from: string, to: string): Promise<void> {
  const target = await readlink(from);
  const temp = tempNameBeside(to, 'link');
  await symlink(target, temp);
  await replaceWith(temp, to);
}

/**
 * Copies the entries of directory `from` into the existing directory `to` (recursively).
 * `relative` is the path of `from` below the copy's root, for the exclude matcher.
 */
export async function copyDirectoryEntries(
  from: string,
  to: string,
  relative: string,
  exclude: ExcludeMatcher,
): Promise<void> {
  const entries = await readdir(from, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
    await copyEntry(join(from, entry.name), join(to, entry.name), rel, exclude);
  }
}

/**
 * Copies one directory entry (directory, regular file or symlink; other kinds are skipped)
 * unless `exclude` matches `relative`.
 */
export async function copyEntry(
  from: string,
  to: string,
  relative: string,
  exclude: ExcludeMatcher,
): Promise<void> {
  const info = await lstat(from);
  if (exclude(relative, info.isDirectory())) return;
  if (info.isDirectory()) await copyDirectory(from, to, relative, exclude);
  else if (info.isSymbolicLink()) await copySymlink(from, to);
  else if (info.isFile()) await copyRegularFile(from, to);
  // sockets, pipes and devices are not copied (rsync without -D does the same)
}

/**
 * Copies directory `from` to `to` (created if missing) with its contents; `to` gets the
 * permission bits of `from` once its contents are in (so read-only directories work).
 */
export async function copyDirectory(
  from: string,
  to: string,
  relative: string,
  exclude: ExcludeMatcher,
): Promise<void> {
  const info = await stat(from);
  await mkdir(to, { recursive: true });
  await chmod(to, (info.mode & 0o777) | 0o700);
  await copyDirectoryEntries(from, to, relative, exclude);
  await chmod(to, info.mode & 0o777);
}
