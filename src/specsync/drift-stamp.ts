/**
 * A cheap drift check for `regenerate-spec --check`, before ts-morph and prettier are loaded
 * (they are most of its 1–2 s): after a run that left every output up to date, regenerate-spec
 * records the SHA-256 of every input it read (the TypeScript files the types came from,
 * package.json, the docs sources), the file names of the folders those inputs live in (so a new
 * file that a relative import could now resolve to invalidates it), and the SHA-256 of every
 * output. A later `--check` whose inputs, folders and outputs all hash the same is up to date
 * without rendering. Anything else (no stamp, another SDK version, one changed byte) falls back to
 * the full rendering, which is the judge.
 *
 * The stamp lives in `node_modules/.cache/generator-packer-builder/regenerate-spec.json` of the
 * plugin (never committed; a fresh clone renders in full). Without node_modules no stamp is
 * written. Writing it never fails a run.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { SDK_VERSION } from '../plugin/protocol/sdk-version.js';

interface Stamp {
  readonly version: 1;
  /** This SDK's version and module location: another build of the emitters may render differently. */
  readonly tool: string;
  readonly inputs: Record<string, string>;
  readonly dirs: Record<string, string[]>;
  readonly outputs: Record<string, string>;
}

const TOOL = `${SDK_VERSION} ${import.meta.url}`;

/** The stamp file of the plugin at `root`. */
export function stampPath(root: string): string {
  return join(root, 'node_modules', '.cache', 'generator-packer-builder', 'regenerate-spec.json');
}

function sha(root: string, rel: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(join(root, rel))).digest('hex');
  } catch {
    return undefined;
  }
}

function listing(root: string, rel: string): string[] {
  try {
    return readdirSync(join(root, rel)).sort();
  } catch {
    return [];
  }
}

/**
 * The outputs (relative paths) when the stamp says they are up to date with the inputs on disk,
 * else undefined (then render in full).
 */
export function freshOutputs(root: string): string[] | undefined {
  let stamp: Stamp;
  try {
    stamp = JSON.parse(readFileSync(stampPath(root), 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
  if (stamp.version !== 1 || stamp.tool !== TOOL) return undefined;
  for (const [rel, hash] of Object.entries({ ...stamp.inputs, ...stamp.outputs })) {
    if (sha(root, rel) !== hash) return undefined;
  }
  for (const [rel, names] of Object.entries(stamp.dirs)) {
    const now = listing(root, rel);
    if (now.length !== names.length || now.some((n, i) => n !== names[i])) return undefined;
  }
  return Object.keys(stamp.outputs);
}

/**
 * Records that `outputs` are up to date with `inputs` (relative paths). Call only when every
 * output on disk equals its rendering. Does nothing without node_modules; never throws.
 */
export function writeStamp(root: string, inputs: readonly string[], outputs: readonly string[]): void {
  try {
    if (!existsSync(join(root, 'node_modules'))) return;
    const all = [...new Set(inputs)].filter((rel) => !outputs.includes(rel));
    const dirs = [...new Set(all.map((rel) => posix.dirname(rel)))];
    const stamp: Stamp = {
      version: 1,
      tool: TOOL,
      inputs: Object.fromEntries(all.map((rel) => [rel, sha(root, rel) ?? 'missing'])),
      dirs: Object.fromEntries(dirs.map((d) => [d, listing(root, d)])),
      outputs: Object.fromEntries(outputs.map((rel) => [rel, sha(root, rel) ?? 'missing'])),
    };
    const file = stampPath(root);
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(stamp));
    renameSync(tmp, file);
  } catch {
    // A cache: a run must not fail over it.
  }
}
