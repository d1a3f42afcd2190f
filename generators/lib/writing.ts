/**
 * The generators' bridge to Yeoman: reading the stored answers of an existing plugin, planning
 * writes against the disk BEFORE anything is written (so a run without a terminal, or with
 * `--bail`, fails listing every conflict and the flag that settles it, and nothing is half
 * written), queueing files in mem-fs (Yeoman's conflict handling decides what reaches the disk
 * on a terminal), and checking afterwards what really landed. Nothing is written outside the
 * destination folder.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type Generator from 'yeoman-generator';
import { readAnswersObject, type RawAnswers } from './answers.js';

/** The parts of a generator the helpers use (any generator's `this`). */
export type GeneratorFs = Pick<Generator, 'fs' | 'destinationPath' | 'rootGeneratorName'>;

/**
 * Whether there is a terminal to ask on: stdin is a TTY. Without one (CI, a pipe, `</dev/null`)
 * the generators ask nothing; what would need a question is a failure naming the flag instead.
 */
export function hasTerminal(): boolean {
  return process.stdin.isTTY === true;
}

/** The answers stored in `.yo-rc.json` of the destination folder, or undefined when not a plugin. */
export function readStoredAnswers(gen: GeneratorFs, problems: string[]): RawAnswers | undefined {
  const yoRc = gen.fs.readJSON(gen.destinationPath('.yo-rc.json')) as Record<string, unknown> | undefined;
  const entry = yoRc?.[gen.rootGeneratorName()];
  if (!entry || typeof entry !== 'object' || !('name' in entry)) return undefined;
  return readAnswersObject(entry, '.yo-rc.json', problems);
}

/** What writing a file would do to the disk. */
export type WriteStatus = 'create' | 'identical' | 'conflict';

/** The status of writing `text` at `path` (relative to the destination). */
export function writeStatus(gen: GeneratorFs, path: string, text: string): WriteStatus {
  const abs = gen.destinationPath(path);
  if (!existsSync(abs)) return 'create';
  let current: string;
  try {
    current = readFileSync(abs, 'utf8');
  } catch {
    return 'conflict';
  }
  return current === text ? 'identical' : 'conflict';
}

/** How conflicts are settled: the flags, and whether a terminal can ask. */
export interface ConflictPolicy {
  readonly force: boolean;
  readonly skipConflicts: boolean;
  readonly bail: boolean;
  readonly terminal: boolean;
}

/** The flags that settle conflicts, as the failure lists them. */
export const CONFLICT_FLAGS =
  '--force (overwrite them), --skip-conflicts (keep your files; only new and unchanged files are written), or run on a terminal to be asked file by file';

/**
 * The files to queue: conflicts are dropped with `--skip-conflicts`, kept for Yeoman to ask
 * about on a terminal, overwritten with `--force`; without a terminal (or with `--bail`) a
 * conflict is a failure listing every conflicting file, before anything is written.
 * @returns the files to write and the conflicting paths that were kept.
 */
export function settleConflicts(
  gen: GeneratorFs,
  files: ReadonlyMap<string, string>,
  policy: ConflictPolicy,
): { write: Map<string, string>; kept: string[] } {
  const conflicts = [...files].filter(([p, t]) => writeStatus(gen, p, t) === 'conflict').map(([p]) => p);
  if (conflicts.length && !policy.force && !policy.skipConflicts && (policy.bail || !policy.terminal)) {
    const why = policy.bail ? '--bail was given' : 'there is no terminal to ask on (stdin is not a TTY)';
    throw new Error(
      [
        `generator-packer-builder: ${conflicts.length} file(s) differ from what would be written, and ${why}; nothing was written:`,
        ...conflicts.map((p) => `  - ${p}`),
        `Settle them with ${CONFLICT_FLAGS}.`,
      ].join('\n'),
    );
  }
  const write = new Map(files);
  const kept = policy.skipConflicts && !policy.force ? conflicts : [];
  for (const p of kept) write.delete(p);
  return { write, kept };
}

/** Queues files in mem-fs (committed by Yeoman after the writing phase). */
export function queueFiles(gen: GeneratorFs, files: ReadonlyMap<string, string>): void {
  for (const [path, text] of files) gen.fs.write(gen.destinationPath(path), text);
}

/** Whether the file on disk now holds `text` (after Yeoman's commit). */
export function landed(gen: GeneratorFs, path: string, text: string): boolean {
  return writeStatus(gen, path, text) === 'identical';
}

/** Writes `text` to `abs` atomically (temp file + rename). */
export function writeAtomic(abs: string, text: string): void {
  const tmp = `${abs}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, abs);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Replaces this generator's entry in `.yo-rc.json` (atomically, other generators' entries kept):
 * what the sub-generators do once their whole change has landed, never before.
 */
export function storeAnswers(gen: GeneratorFs, json: Record<string, unknown>): void {
  const abs = gen.destinationPath('.yo-rc.json');
  const current = existsSync(abs) ? (JSON.parse(readFileSync(abs, 'utf8')) as Record<string, unknown>) : {};
  current[gen.rootGeneratorName()] = json;
  writeAtomic(abs, `${JSON.stringify(current, null, 2)}\n`);
}

/**
 * Marks a queued file to be written without a question: for an edit the user asked for on the
 * command line when there is no terminal (the sub-generators' source edits keep the user's text).
 */
export function forceFile(gen: GeneratorFs, path: string): void {
  const file = gen.fs.store.get(gen.destinationPath(path)) as { conflicter?: string };
  file.conflicter = 'force';
}
